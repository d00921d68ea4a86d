""""Still there?": the countdown laid over whatever the visitor left on screen.

Any touch answers it (the window's input watcher tells the player, which hides it); the
touch does nothing else, so a visitor coming back cannot press something by accident.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from kiosk.ui.screens.base import Stage


class StillThereOverlay(QWidget):
    def __init__(self, stage: Stage, parent: QWidget) -> None:
        super().__init__(parent)
        self.stage = stage
        self.seconds_left = 0
        self.setAccessibleName("still there")
        self.hide()

    def show_countdown(self, seconds_left: int | None) -> None:
        if seconds_left is None:
            self.hide()
            return
        self.seconds_left = seconds_left
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.setAccessibleDescription(self.stage.say("restart_in", n=seconds_left))
        if not self.isVisible():
            self.show()
        self.raise_()
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        theme = self.stage.theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        shade = QColor(theme.background)
        shade.setAlphaF(0.82)
        painter.fillRect(self.rect(), shade)
        width, height = theme.px(1100), theme.px(560)
        card = QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.surface)
        painter.drawRoundedRect(card, theme.px(28), theme.px(28))

        title_font = theme.font(theme.title_px, QFont.Weight.Bold)
        body_font = theme.font(theme.body_px)
        y = card.top() + theme.px(56)
        painter.setPen(theme.foreground)
        painter.setFont(title_font)
        line = QFontMetrics(title_font).lineSpacing()
        painter.drawText(QRectF(card.left(), y, width, line), int(Qt.AlignmentFlag.AlignCenter),
                         self.stage.say("still_there"))
        y += line + theme.px(24)

        ring = theme.px(150)
        circle = QRectF(card.center().x() - ring / 2, y, ring, ring)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.accent)
        painter.drawEllipse(circle)
        painter.setPen(theme.on_accent)
        painter.setFont(theme.font(theme.title_px, QFont.Weight.Bold))
        painter.drawText(circle, int(Qt.AlignmentFlag.AlignCenter), str(self.seconds_left))
        y += ring + theme.px(32)

        painter.setFont(body_font)
        painter.setPen(theme.foreground)
        body_line = QFontMetrics(body_font).lineSpacing()
        painter.drawText(QRectF(card.left(), y, width, body_line), int(Qt.AlignmentFlag.AlignCenter),
                         self.stage.say("keep_going"))
        painter.setPen(theme.muted)
        painter.drawText(QRectF(card.left(), y + body_line + theme.px(8), width, body_line),
                         int(Qt.AlignmentFlag.AlignCenter), self.stage.say("restart_in", n=self.seconds_left))
