"""The calm failure: what a visitor sees when an exhibit's media cannot be shown.

A missing or undecodable file never becomes an error box or a black screen. The visitor
sees the exhibit's title and a quiet sentence in their language; the log gets the path and
the reason; a tour moves on after a short dwell.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.bundle.model import Exhibit
from kiosk.ui.exhibits.base import ExhibitContext, ExhibitView
from kiosk.ui.exhibits.style import (
    BODY_PX,
    TITLE_PX,
    Colors,
    Metrics,
    Timing,
    css,
    direction_for,
    screen_factor,
)
from kiosk.ui.i18n import say

log = logging.getLogger("kiosk.ui.exhibits")


class PlaceholderPanel(QWidget):
    """The exhibit's title and 'This item cannot be shown right now', centred."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("placeholder")
        self.title = QLabel(self)
        self.message = QLabel(self)
        for label in (self.title, self.message):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(self)
        self._layout = layout
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def set_texts(self, title: str, language: str) -> None:
        self.title.setText(title)
        self.message.setText(say("unavailable", language))

    def restyle(self, metrics: Metrics, colors: Colors, base: QFont) -> None:
        self.title.setFont(metrics.font(base, TITLE_PX, QFont.Weight.DemiBold))
        self.message.setFont(metrics.font(base, BODY_PX))
        self.title.setStyleSheet(f"color: {css(colors.text)};")
        self.message.setStyleSheet(f"color: {css(colors.muted)};")
        margin = metrics.px(120)
        self._layout.setContentsMargins(margin, margin // 2, margin, margin // 2)
        self._layout.setSpacing(metrics.px(28))


class PlaceholderView(ExhibitView):
    """An exhibit whose essential media is missing: the placeholder, and nothing else."""

    def __init__(self, exhibit: Exhibit, context: ExhibitContext, parent: QWidget | None = None,
                 *, reason: str = "") -> None:
        super().__init__(exhibit, context, parent)
        self.reason = reason
        self.panel = PlaceholderPanel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel)
        self._dwell = QTimer(self)
        self._dwell.setSingleShot(True)
        self._dwell.timeout.connect(self.finished)
        self._factor = 0.0
        self._apply_context()

    def set_context(self, context: ExhibitContext) -> None:
        super().set_context(context)
        self._apply_context()

    def waits_for_end(self) -> bool:
        return True

    def start_tour(self) -> None:
        self._dwell.start(Timing.placeholder_dwell_ms)

    def deactivate(self) -> None:
        self._dwell.stop()

    def reset_view(self) -> None:
        self._dwell.stop()

    def mousePressEvent(self, event: object) -> None:  # noqa: N802
        self._dwell.stop()
        self.interacted.emit()
        super().mousePressEvent(event)  # type: ignore[arg-type]

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if abs(screen_factor(self) - self._factor) > 0.01:
            self._apply_context()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        QPainter(self).fillRect(self.rect(), Colors.for_context(self.context).ground)

    def _apply_context(self) -> None:
        self._factor = screen_factor(self)
        self.setLayoutDirection(direction_for(self.context.language))
        self.panel.set_texts(self.context.text(self.exhibit.title), self.context.language)
        self.setAccessibleName(self.panel.title.text())
        self.setAccessibleDescription(self.panel.message.text())
        metrics = Metrics(self._factor, self.context.text_scale)
        self.panel.restyle(metrics, Colors.for_context(self.context), self.font())
