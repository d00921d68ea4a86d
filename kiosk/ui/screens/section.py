"""A section: its title and summary, and a tile for each of its exhibits."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.bundle.model import GalleryExhibit
from kiosk.play.player import Moved
from kiosk.play.search import plain
from kiosk.play.showcase import exhibit_picture
from kiosk.ui.screens.base import Screen, Stage, label
from kiosk.ui.tiles import Tile, TileGrid
from kiosk.ui.widgets import Header, scrolling_page


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
        self.tiles = [Tile() for _ in section.exhibits]
        for e, tile in enumerate(self.tiles):
            tile.clicked.connect(lambda _=False, s=index, i=e: self.stage.player.open_exhibit(s, i))
        self.grid.set_tiles(self.tiles, self.stage.theme)
        self.scroll_area.verticalScrollBar().setValue(0)
        self.retranslate()

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
