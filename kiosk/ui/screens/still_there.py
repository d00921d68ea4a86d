""""Still there?": the countdown laid over whatever the visitor left on screen.

Any touch answers it (the window's input watcher tells the player, which hides it); the
touch does nothing else, so a visitor coming back cannot press something by accident.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from kiosk.ui import bidi
from kiosk.ui.screens.base import Stage


@dataclass(frozen=True)
class TextBlock:
    rect: QRectF
    font: QFont
    color: QColor
    text: str


@dataclass(frozen=True)
class CardLayout:
    card: QRectF
    circle: QRectF
    blocks: list[TextBlock]


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
        self.setAccessibleName(self.stage.say("still_there"))
        self.setAccessibleDescription(self.stage.say_count("restart_in", seconds_left))
        if not self.isVisible():
            self.show()
        self.raise_()
        self.update()

    def card_layout(self) -> CardLayout:
        """Where the card and each of its texts go: as wide as its words need at the visitor's
        text size (never wider than the window), each text wrapped to the card's width."""
        theme = self.stage.theme
        pad, flags = theme.px(56), int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
        title_font, body_font = theme.font(theme.title_px, QFont.Weight.Bold), theme.font(theme.body_px)
        say = self.stage.say
        texts = [(title_font, theme.foreground, say("still_there")), (body_font, theme.foreground, say("keep_going")),
                 (body_font, theme.muted, self.stage.say_count("restart_in", self.seconds_left))]
        widest = max(QFontMetrics(font).horizontalAdvance(text) for font, _, text in texts)
        width = min(self.width() - 2 * theme.px(40), max(theme.px(1100), widest + 2 * pad))
        inner = width - 2 * pad
        heights = [QFontMetrics(font).boundingRect(QRect(0, 0, inner, 100_000), flags, text).height()
                   for font, _, text in texts]
        count = str(self.seconds_left)
        ring = max(theme.px(150), QFontMetrics(title_font).horizontalAdvance(count) + theme.px(48))
        content = heights[0] + theme.px(24) + ring + theme.px(32) + heights[1] + theme.px(8) + heights[2]
        height = min(self.height() - 2 * theme.px(40), max(theme.px(560), content + 2 * pad))
        card = QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)
        y = card.top() + pad
        blocks = [TextBlock(QRectF(card.left() + pad, y, inner, heights[0]), *texts[0])]
        y += heights[0] + theme.px(24)
        circle = QRectF(card.center().x() - ring / 2, y, ring, ring)
        blocks.append(TextBlock(circle, title_font, theme.on_accent, count))
        y += ring + theme.px(32)
        blocks.append(TextBlock(QRectF(card.left() + pad, y, inner, heights[1]), *texts[1]))
        y += heights[1] + theme.px(8)
        blocks.append(TextBlock(QRectF(card.left() + pad, y, inner, heights[2]), *texts[2]))
        return CardLayout(card, circle, blocks)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        theme = self.stage.theme
        painter = bidi.directed(QPainter(self), self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        shade = QColor(theme.background)
        shade.setAlphaF(0.82)
        painter.fillRect(self.rect(), shade)
        layout = self.card_layout()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.surface)
        painter.drawRoundedRect(layout.card, theme.px(28), theme.px(28))
        painter.setBrush(theme.accent)
        painter.drawEllipse(layout.circle)
        flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        for block in layout.blocks:
            painter.setFont(block.font)
            painter.setPen(block.color)
            painter.drawText(block.rect, flags, block.text)
