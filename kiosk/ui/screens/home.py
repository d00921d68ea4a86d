"""Home: the exhibition's logo, title and description, the choice of language, and a tile
for each section."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from kiosk.play.player import Moved
from kiosk.play.showcase import section_picture
from kiosk.ui.a11y.slot import AccessSlot
from kiosk.ui.i18n import native_name, say
from kiosk.ui.imaging import DecodedImage, read_size
from kiosk.ui.screens.base import Screen, Stage, label
from kiosk.ui.theme import Theme
from kiosk.ui.tiles import PictureMixin, Tile, TileGrid, draw_picture
from kiosk.ui.widgets import Icon, IconButton, scrolling_page

DESCRIPTION_CHARACTERS = 62
"""The description's longest line, in characters: inside the 45-75 that read comfortably."""
_MEASURE = "Intellectual property systems were built to reward human invention and creativity."
LOGO_TITLE_LINES = 1.9
"""The logo's height, in title font sizes: as tall as the title and the line under it,
and growing with the title when visitors enlarge the text."""
LOGO_WIDEST = 3.0
"""A wide wordmark may be this many times as wide as it is tall; wider ones are fitted inside."""


class Logo(PictureMixin, QWidget):
    """The bundle's logo, decoded off the GUI thread at the size it is drawn.

    Its box is fixed from the picture's header (read at once, without decoding), so the title
    beside it never moves when the picture arrives. A logo that cannot be read hides itself:
    the title stands alone, and the log says why.
    """

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = read_size(path)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.picture_path = path  # decoded once `set_height` gives it its size
        if not self.source.isValid() or self.source.isEmpty():
            self.picture_failed = True
            self.hide()

    def set_height(self, height: int) -> None:
        ratio = self.source.width() / max(1, self.source.height()) if self.source.isValid() else 1.0
        self.setFixedSize(QSize(round(height * min(LOGO_WIDEST, max(1 / LOGO_WIDEST, ratio))), height))
        self._want_picture()

    def picture_box(self) -> QSize:
        return self.size()

    def cover_picture(self) -> bool:
        return False

    def _picture_arrived(self, decoded: DecodedImage | None) -> None:
        super()._picture_arrived(decoded)
        if self.picture_failed:
            self.hide()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        if self.picture is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        draw_picture(painter, self.picture, QRectF(self.rect()), cover=False)
        painter.end()


def description_width(theme: Theme) -> int:
    """The widest the description may be: `DESCRIPTION_CHARACTERS` of body text."""
    character = QFontMetricsF(theme.font(theme.body_px)).horizontalAdvance(_MEASURE) / len(_MEASURE)
    return round(character * DESCRIPTION_CHARACTERS)


class HomeScreen(Screen):
    """The title and the language choice share the top row, where other screens have their
    header, leaving the rest of the screen to the sections (eight fit on a 1920x1080 screen
    when the bundle has no description). The description scrolls with the tiles: however long
    a curator writes it, the header stays put and the sections are a swipe away."""

    def __init__(self, stage: Stage, parent: QWidget | None = None) -> None:
        super().__init__(stage, parent)
        self.setAccessibleName("home")
        manifest = stage.bundle.manifest
        self.logo = Logo(stage.bundle.file(manifest.theme.logo), self) if manifest.theme.logo else None
        self.title = label("title", self)
        self.subtitle = label("muted", self)
        self.controls = QHBoxLayout()
        self.languages: dict[str, IconButton] = {}
        self.search: IconButton | None = None
        self._build_controls()
        self.page = QWidget()
        self.description = label("body", self.page)
        self.grid = TileGrid(self.page)
        self.tiles = [Tile(picture_ratio=1 / 2) for _ in manifest.sections]
        self.measure = QHBoxLayout()
        self.page_layout = QVBoxLayout(self.page)
        self.scroll_area = self._build_page()

        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        self.heading = QHBoxLayout()
        if self.logo is not None:
            self.heading.addWidget(self.logo, 0, Qt.AlignmentFlag.AlignVCenter)
        self.heading.addLayout(titles, 1)
        self.top = QHBoxLayout()
        self.top.addLayout(self.heading, 1)
        self.top.addLayout(self.controls)
        self.top.setAlignment(self.controls, Qt.AlignmentFlag.AlignTop)
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.top)
        self.body.addWidget(self.scroll_area, 1)
        self.retranslate()
        self.restyle()

    def _build_controls(self) -> None:
        manifest = self.stage.bundle.manifest
        if len(manifest.languages) > 1:
            for code in manifest.languages:
                button = IconButton(Icon.NONE, native_name(code), self)
                button.setCheckable(True)
                button.clicked.connect(lambda _=False, c=code: self._choose(c))
                self.controls.addWidget(button)
                self.languages[code] = button
        if self.stage.windowed:
            self.search = IconButton(Icon.SEARCH, "", self)
            self.search.clicked.connect(self.stage.player.open_search)
            self.controls.addWidget(self.search)
        self.access_slot = AccessSlot(self)
        self.controls.addWidget(self.access_slot)

    def _build_page(self) -> QScrollArea:
        """What scrolls: the description above the tiles."""
        self.description.setVisible(bool(self.stage.bundle.manifest.description))
        for index, tile in enumerate(self.tiles):
            tile.clicked.connect(lambda _=False, i=index: self.stage.player.open_section(i))
        self.grid.set_tiles(self.tiles, self.stage.theme)
        self.measure.setContentsMargins(0, 0, 0, 0)  # a row, so the paragraph keeps to the reading side
        self.measure.addWidget(self.description, 1)
        self.measure.addStretch(0)
        self.page_layout.setContentsMargins(0, 0, 0, 0)
        self.page_layout.setSpacing(0)
        self.page_layout.addLayout(self.measure)
        self.page_layout.addWidget(self.grid, 1)
        return scrolling_page(self.page, self)

    def _choose(self, language: str) -> None:
        self.stage.player.set_language(language)
        for code, button in self.languages.items():
            button.setChecked(code == self.stage.language)

    def _cover(self, index: int) -> Path | None:
        picture = section_picture(self.stage.bundle.manifest.sections[index])
        return self.stage.bundle.file(picture) if picture else None

    def restyle(self) -> None:
        theme = self.stage.theme
        for button in self.languages.values():
            button.set_theme(theme)
        if self.search is not None:
            self.search.set_theme(theme)
        self.controls.setSpacing(theme.px(16))
        self.body.setContentsMargins(theme.margin_px, theme.px(24), theme.margin_px, 0)
        self.body.setSpacing(theme.px(8))
        self.top.setSpacing(theme.gap_px)
        self.heading.setSpacing(theme.px(28))
        if self.logo is not None:
            self.logo.set_height(round(theme.title_px * LOGO_TITLE_LINES))
        self.description.setMaximumWidth(description_width(theme))
        self.description.setContentsMargins(0, theme.px(12), 0, theme.px(4))
        self.grid.restyle(theme)
        self.grid.setContentsMargins(0, theme.px(20), 0, theme.px(8))
        self._keep_clear_of_scroll_bar()
        self._arrange_top()

    def _keep_clear_of_scroll_bar(self) -> None:
        """A gap between the page and the scroll bar, on the bar's side (the left in
        right-to-left languages; Qt mirrors the bar, not margins)."""
        gap = self.stage.theme.px(16)
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        self.page_layout.setContentsMargins(gap if rtl else 0, 0, 0 if rtl else gap, 0)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LayoutDirectionChange:
            self._keep_clear_of_scroll_bar()
        super().changeEvent(event)

    def _arrange_top(self, *, measure_controls: bool = True) -> None:
        """Title and controls share the top row while both fit; with large text or many
        languages the controls go on a row of their own beneath the title."""
        theme = self.stage.theme
        if measure_controls:
            self.controls.invalidate()  # posts a LayoutRequest: never from its handler (that loops for ever)
        logo = self.logo.width() + self.heading.spacing() if self.logo is not None and self.logo.isVisibleTo(self) else 0
        needed = self.controls.sizeHint().width() + theme.gap_px + theme.px(640) + logo
        stacked = needed > self.width() - 2 * theme.margin_px
        direction = QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
        if self.top.direction() != direction:
            self.top.setDirection(direction)
            self.top.setAlignment(self.controls, Qt.AlignmentFlag.AlignLeading if stacked
                                  else Qt.AlignmentFlag.AlignTop)

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Resize):
            # A new width, or a control's words changed (another language, the menu's button); the
            # controls' layout is already invalidated by then.
            self._arrange_top(measure_controls=False)
        return super().event(event)

    def retranslate(self) -> None:
        stage = self.stage
        manifest = stage.bundle.manifest
        title = stage.text(manifest.title)
        self.title.setText(title)
        self.subtitle.setText(stage.text(manifest.subtitle))
        self.subtitle.setVisible(bool(manifest.subtitle))
        self.description.setText(stage.text(manifest.description))
        if self.logo is not None:
            self.logo.setAccessibleName(title)
        for index, (tile, section) in enumerate(zip(self.tiles, manifest.sections, strict=True)):
            count = len(section.exhibits)
            tile.set_content(stage.text(section.title), stage.text(section.summary),
                             stage.say_count("exhibits_count", count),
                             self._cover(index), alt=stage.text(section.alt) if section.cover else "")
        self.grid.texts_changed()
        for code, button in self.languages.items():
            button.setChecked(code == stage.language)
        if self.search is not None:
            self.search.setAccessibleName(stage.say("search"))
            self.search.setAccessibleDescription(stage.say("search_hint"))
        for code, button in self.languages.items():
            button.setAccessibleDescription(say("language_desc", code))
        self._arrange_top()

    def arrive(self, move: Moved) -> None:
        del move
        for code, button in self.languages.items():
            button.setChecked(code == self.stage.language)

    def first_focus(self) -> QWidget | None:
        return self.tiles[0] if self.tiles else None

    def reset(self) -> None:
        self.scroll_area.verticalScrollBar().setValue(0)
