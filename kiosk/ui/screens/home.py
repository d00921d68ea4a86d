"""Home: the exhibition's title, the choice of language, and a tile for each section."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from kiosk.play.player import Moved
from kiosk.play.showcase import section_picture
from kiosk.ui.a11y.slot import AccessSlot
from kiosk.ui.i18n import native_name, say
from kiosk.ui.screens.base import Screen, Stage, label
from kiosk.ui.tiles import Tile, TileGrid
from kiosk.ui.widgets import Icon, IconButton, make_kinetic


class HomeScreen(Screen):
    """The title and the language choice share the top row, where other screens have their
    header, so eight sections fit on a 1920x1080 screen without scrolling."""

    def __init__(self, stage: Stage, parent: QWidget | None = None) -> None:
        super().__init__(stage, parent)
        self.setAccessibleName("home")
        manifest = stage.bundle.manifest
        self.title = label("title", self)
        self.subtitle = label("muted", self)
        self.controls = QHBoxLayout()
        self.languages: dict[str, IconButton] = {}
        if len(manifest.languages) > 1:
            for code in manifest.languages:
                button = IconButton(Icon.NONE, native_name(code), self)
                button.setCheckable(True)
                button.clicked.connect(lambda _=False, c=code: self._choose(c))
                self.controls.addWidget(button)
                self.languages[code] = button
        self.search: IconButton | None = None
        if stage.windowed:
            self.search = IconButton(Icon.SEARCH, "", self)
            self.search.clicked.connect(self.stage.player.open_search)
            self.controls.addWidget(self.search)
        self.access_slot = AccessSlot(self)
        self.controls.addWidget(self.access_slot)

        self.grid = TileGrid()
        self.tiles = [Tile(picture_ratio=1 / 2) for _ in manifest.sections]
        for index, tile in enumerate(self.tiles):
            tile.clicked.connect(lambda _=False, i=index: self.stage.player.open_section(i))
        self.grid.set_tiles(self.tiles, stage.theme)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(self.grid)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the tiles take focus, and it scrolls to them
        make_kinetic(self.scroll_area)

        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        self.top = QHBoxLayout()
        self.top.addLayout(titles, 1)
        self.top.addLayout(self.controls)
        self.top.setAlignment(self.controls, Qt.AlignmentFlag.AlignTop)
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.top)
        self.body.addWidget(self.scroll_area, 1)
        self.retranslate()
        self.restyle()

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
        self.grid.restyle(theme)
        self.grid.setContentsMargins(0, theme.px(20), theme.px(16), theme.px(8))
        self._arrange_top()

    def _arrange_top(self, *, measure_controls: bool = True) -> None:
        """Title and controls share the top row while both fit; with large text or many
        languages the controls go on a row of their own beneath the title."""
        theme = self.stage.theme
        if measure_controls:
            self.controls.invalidate()  # posts a LayoutRequest: never from its handler (that loops for ever)
        needed = self.controls.sizeHint().width() + theme.gap_px + theme.px(640)
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
        self.title.setText(stage.text(manifest.title))
        self.subtitle.setText(stage.text(manifest.subtitle))
        self.subtitle.setVisible(bool(manifest.subtitle))
        for index, (tile, section) in enumerate(zip(self.tiles, manifest.sections, strict=True)):
            count = len(section.exhibits)
            tile.set_content(stage.text(section.title), stage.text(section.summary),
                             stage.say("exhibits_count" if count != 1 else "one_exhibit", n=count),
                             self._cover(index))
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
