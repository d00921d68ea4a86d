"""A section: its title and summary, and a tile for each of its exhibits."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.bundle.model import GalleryExhibit
from kiosk.play.player import Moved
from kiosk.play.search import plain
from kiosk.play.showcase import exhibit_picture
from kiosk.ui.screens.base import Screen, Stage, label
from kiosk.ui.tiles import Tile, TileGrid
from kiosk.ui.widgets import Header, scrolling_page

# How long a finger must stay on an exhibit's tile before its view is built ahead of the
# release: a tap holds it 50-150 ms, building a view takes 10-30 ms, and a press that turns
# into a flick has let go of the tile by then.
PRESS_PREPARE_MS = 30


class SectionScreen(Screen):
    def __init__(self, stage: Stage, parent: QWidget | None = None) -> None:
        super().__init__(stage, parent)
        self.setAccessibleName("section")
        self.index: int | None = None
        self.header = Header(self)
        self.header.back.clicked.connect(self.stage.player.back)
        self.header.home.clicked.connect(self.stage.player.home)
        self.title = label("title", self)
        self.summary = label("muted", self)
        self.grid = TileGrid()
        self.tiles: list[Tile] = []
        self.scroll_area = scrolling_page(self.grid, self)
        self.body = QVBoxLayout()
        self.body.addWidget(self.title)
        self.body.addWidget(self.summary)
        self.body.addWidget(self.scroll_area, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addLayout(self.body, 1)
        self.restyle()

    def show_section(self, index: int) -> None:
        if index == self.index:
            return
        self.index = index
        section = self.stage.bundle.manifest.sections[index]
        # The tiles of the section shown before are reused (each is given its exhibit below):
        # building and laying out new ones took a good part of a tap into a section.
        tiles = self.tiles[:len(section.exhibits)]
        for e in range(len(tiles), len(section.exhibits)):
            tile = Tile()
            tile.clicked.connect(lambda _=False, i=e: self._open(i))
            tile.pressed.connect(lambda i=e: self._pressed(i))
            tiles.append(tile)
        self.tiles = tiles
        self.grid.set_tiles(self.tiles, self.stage.theme)
        self.scroll_area.verticalScrollBar().setValue(0)
        self.retranslate()

    def _open(self, exhibit: int) -> None:
        if self.index is not None:
            self.stage.player.open_exhibit(self.index, exhibit)

    def _pressed(self, exhibit: int) -> None:
        """A finger is down on a tile: the exhibit's view may be built while it stays there."""
        if self.index is not None and self.stage.prepare_exhibit is not None:
            section = self.index
            tile = self.tiles[exhibit]
            QTimer.singleShot(PRESS_PREPARE_MS, tile,
                              lambda: self._still_pressed(section, exhibit, tile))

    def _still_pressed(self, section: int, exhibit: int, tile: Tile) -> None:
        # A press that became a scroll is no longer down: nothing is built under a flick.
        if tile.isDown() and self.index == section and self.stage.prepare_exhibit is not None:
            self.stage.prepare_exhibit(section, exhibit)

    def arrive(self, move: Moved) -> None:
        if move.location.section is not None:
            self.show_section(move.location.section)

    def restyle(self) -> None:
        theme = self.stage.theme
        self.header.restyle(theme)
        self.body.setContentsMargins(theme.margin_px, 0, theme.margin_px, 0)
        self.body.setSpacing(theme.px(12))
        self.grid.restyle(theme)
        self.grid.setContentsMargins(0, theme.px(28), theme.px(16), theme.margin_px)

    def retranslate(self) -> None:
        stage = self.stage
        self.header.retranslate(stage.language)
        if self.index is None:
            return
        section = stage.bundle.manifest.sections[self.index]
        self.title.setText(stage.text(section.title))
        self.summary.setText(stage.text(section.summary))
        self.summary.setVisible(section.summary is not None)
        self.header.set_where(stage.text(stage.bundle.manifest.title))
        for tile, exhibit in zip(self.tiles, section.exhibits, strict=True):
            badge = stage.say(exhibit.type)
            if isinstance(exhibit, GalleryExhibit):
                # One word and a number, not isolated from each other: the tile isolates the whole
                # pill, which then takes the word's direction ("3 · معرض صور", "Gallery · 3").
                badge = f"{badge} · {len(exhibit.images)}"
            picture = exhibit_picture(exhibit)
            credit = stage.text(exhibit.credit)
            excerpt = plain(stage.text(getattr(exhibit, "body", None)))
            tile.set_content(stage.text(exhibit.title), credit, badge,
                             stage.bundle.file(picture) if picture else None, excerpt)
        self.grid.texts_changed()

    def first_focus(self) -> QWidget | None:
        return self.tiles[0] if self.tiles else None

    def reset(self) -> None:
        self.scroll_area.verticalScrollBar().setValue(0)
