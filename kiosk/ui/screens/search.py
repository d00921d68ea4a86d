"""Search over every text of the exhibition, for the archive viewer (windowed mode)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QLineEdit,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from kiosk.play.player import Moved
from kiosk.play.search import SearchHit, SearchIndex
from kiosk.ui import bidi
from kiosk.ui.i18n import say
from kiosk.ui.screens.base import Screen, Stage, label
from kiosk.ui.widgets import FocusRing, Header, click_on_enter, scrolling_page

DEBOUNCE_MS = 150


class ResultRow(QAbstractButton):
    """One hit: where it is, its title, and the words around the match."""

    draws_focus_ring = True

    def __init__(self, hit: SearchHit, where: str, stage: Stage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hit, self.where, self.stage = hit, where, stage
        self.setText(hit.title)
        self.setAccessibleName(hit.title)
        self.setAccessibleDescription(". ".join(part for part in (where, hit.snippet) if part)
                                      or say("search_result_desc", stage.language))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802
        theme = self.stage.theme
        lines = QFontMetrics(theme.font(theme.small_px)).lineSpacing()
        title = QFontMetrics(theme.font(theme.heading_px, QFont.Weight.DemiBold)).lineSpacing()
        return QSize(theme.px(800), title + lines * (2 if self.hit.snippet else 1) + theme.px(40))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if not click_on_enter(self, event):
            super().keyPressEvent(event)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        theme = self.stage.theme
        painter = bidi.directed(QPainter(self), self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        ring = FocusRing.on(self) or self.isDown()
        painter.setPen(QPen(theme.accent, theme.px(3)) if ring else Qt.PenStyle.NoPen)
        painter.setBrush(theme.pressed if self.isDown() else theme.surface)
        painter.drawRoundedRect(rect, theme.px(16), theme.px(16))
        pad = theme.px(24)
        inner = rect.adjusted(pad, theme.px(14), -pad, -theme.px(14))
        align = QStyle.visualAlignment(self.layoutDirection(), Qt.AlignmentFlag.AlignLeft)
        y = inner.top()
        for text, font, color in (
            (self.where, theme.font(theme.small_px, QFont.Weight.DemiBold), theme.accent),
            (self.hit.title, theme.font(theme.heading_px, QFont.Weight.DemiBold), theme.foreground),
            (self.hit.snippet, theme.font(theme.small_px), theme.muted),
        ):
            if not text:
                continue
            metrics = QFontMetrics(font)
            painter.setFont(font)
            painter.setPen(color)
            elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(inner.width()))
            painter.drawText(QRectF(inner.left(), y, inner.width(), metrics.lineSpacing()),
                             int(align | Qt.AlignmentFlag.AlignVCenter), elided)
            y += metrics.lineSpacing()


class SearchField(QLineEdit):
    """The query; Enter opens the first result and goes no further."""

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self.submitted.emit()
            return
        super().keyPressEvent(event)


class SearchScreen(Screen):
    def __init__(self, stage: Stage, parent: QWidget | None = None) -> None:
        super().__init__(stage, parent)
        self.setAccessibleName("search")
        self.index = SearchIndex(stage.bundle.manifest)
        self.header = Header(self)
        self.header.back.clicked.connect(self.stage.player.back)
        self.header.home.clicked.connect(self.stage.player.home)
        self.field = SearchField(self)
        self.field.setProperty("kiosk", True)
        self.field.submitted.connect(self._open_first)
        self.empty = label("muted", self)
        self.results = QWidget()
        self.rows = QVBoxLayout(self.results)
        self.rows.addStretch(1)
        self.scroll_area = scrolling_page(self.results, self)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run_search)
        self.field.textChanged.connect(lambda _text: self._debounce.start())
        self.body = QVBoxLayout()
        self.body.addWidget(self.field)
        self.body.addWidget(self.empty)
        self.body.addWidget(self.scroll_area, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addLayout(self.body, 1)
        self.hits: list[ResultRow] = []
        self.restyle()
        self.retranslate()

    def arrive(self, move: Moved) -> None:
        del move
        self.field.setFocus()
        self.field.selectAll()

    def run_search(self) -> None:
        self._debounce.stop()
        for row in self.hits:
            self.rows.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.hits = []
        query = self.field.text()
        manifest = self.stage.bundle.manifest
        for hit in self.index.search(query, self.stage.language):
            section = manifest.sections[hit.location.section or 0]
            where = self.stage.text(section.title) if hit.location.exhibit is not None else ""
            row = ResultRow(hit, where, self.stage, self.results)
            row.clicked.connect(lambda _=False, h=hit: self._open(h))
            self.rows.insertWidget(self.rows.count() - 1, row)
            self.hits.append(row)
        self.empty.setVisible(bool(query.strip()) and not self.hits)

    def _open(self, hit: SearchHit) -> None:
        location = hit.location
        if location.exhibit is not None and location.section is not None:
            self.stage.player.open_exhibit(location.section, location.exhibit)
        elif location.section is not None:
            self.stage.player.open_section(location.section)

    def _open_first(self) -> None:
        self.run_search()
        if self.hits:
            self._open(self.hits[0].hit)

    def restyle(self) -> None:
        theme = self.stage.theme
        self.header.restyle(theme)
        self.body.setContentsMargins(theme.margin_px, theme.px(8), theme.margin_px, 0)
        self.body.setSpacing(theme.px(20))
        self.rows.setSpacing(theme.px(14))
        self.rows.setContentsMargins(0, 0, theme.px(16), theme.margin_px)
        for row in self.hits:
            row.updateGeometry()

    def retranslate(self) -> None:
        stage = self.stage
        self.header.retranslate(stage.language)
        self.header.set_where(stage.say("search"))
        self.field.setPlaceholderText(stage.say("search_hint"))
        self.field.setAccessibleName(stage.say("search"))
        self.field.setAccessibleDescription(stage.say("search_hint"))
        self.empty.setText(stage.say("no_results"))
        self.empty.setVisible(False)
        if self.field.text():
            self.run_search()

    def first_focus(self) -> QWidget | None:
        return self.field

    def reset(self) -> None:
        self.field.clear()
        self.run_search()
