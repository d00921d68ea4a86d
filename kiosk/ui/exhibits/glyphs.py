"""Round touch buttons with drawn glyphs: play, pause, replay, previous, next, captions.

Drawn with QPainter so they are crisp at any size and need no icon files. Every button
shows a pressed state the moment it is touched, and a checked state for toggles.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QWidget

from kiosk.ui.exhibits.style import Colors


class GlyphButton(QAbstractButton):
    """A round button showing one glyph; `primary` buttons are filled with the accent."""

    def __init__(self, glyph: str, parent: QWidget | None = None, *, primary: bool = False,
                 diameter: int = 64) -> None:
        super().__init__(parent)
        self.glyph = glyph
        self.primary = primary
        self.colors: Colors | None = None
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.set_diameter(diameter)

    def set_glyph(self, glyph: str) -> None:
        if glyph != self.glyph:
            self.glyph = glyph
            self.update()

    def set_diameter(self, diameter: int) -> None:
        self.setFixedSize(QSize(diameter, diameter))

    def set_colors(self, colors: Colors) -> None:
        self.colors = colors
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.size()

    def _fill(self, colors: Colors) -> QColor:
        if self.primary or self.isChecked():
            fill = QColor(colors.accent)
            return fill.darker(130) if self.isDown() else fill
        return colors.pressed if self.isDown() else colors.surface

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        colors = self.colors
        if colors is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bounds = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._fill(colors))
        painter.drawEllipse(bounds)
        if self.hasFocus():
            painter.setPen(QPen(colors.text, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(bounds.adjusted(2, 2, -2, -2))
        ink = colors.on_accent if (self.primary or self.isChecked()) else colors.text
        if not self.isEnabled():
            ink = QColor(ink)
            ink.setAlphaF(0.35)
        mirrored = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        draw_glyph(painter, self.glyph, bounds, ink, mirrored=mirrored)


def draw_glyph(painter: QPainter, glyph: str, bounds: QRectF, ink: QColor, *, mirrored: bool = False) -> None:
    """Draw `glyph` centred in `bounds`; arrows that mean 'back' and 'forward' follow `mirrored`."""
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(ink)
    unit = min(bounds.width(), bounds.height()) / 100
    _PAINTERS[glyph](painter, bounds.center(), unit, ink, mirrored)
    painter.restore()


def _pen(ink: QColor, width: float) -> QPen:
    return QPen(ink, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)


def _play(painter: QPainter, c: QPointF, unit: float, _ink: QColor, _mirrored: bool) -> None:
    path = QPainterPath(QPointF(c.x() - 12 * unit, c.y() - 20 * unit))
    path.lineTo(c.x() + 22 * unit, c.y())
    path.lineTo(c.x() - 12 * unit, c.y() + 20 * unit)
    path.closeSubpath()
    painter.drawPath(path)


def _pause(painter: QPainter, c: QPointF, unit: float, _ink: QColor, _mirrored: bool) -> None:
    for dx in (-11, 5):
        painter.drawRoundedRect(QRectF(c.x() + dx * unit, c.y() - 18 * unit, 7 * unit, 36 * unit), unit, unit)


def _replay(painter: QPainter, c: QPointF, unit: float, ink: QColor, _mirrored: bool) -> None:
    painter.setPen(_pen(ink, 7 * unit))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawArc(QRectF(c.x() - 19 * unit, c.y() - 19 * unit, 38 * unit, 38 * unit), 100 * 16, 290 * 16)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(ink)
    angle = math.radians(100)
    tip = QPointF(c.x() + 19 * unit * math.cos(angle), c.y() - 19 * unit * math.sin(angle))
    head = QPainterPath(QPointF(tip.x() + 12 * unit, tip.y()))
    head.lineTo(tip.x() - 4 * unit, tip.y() - 11 * unit)
    head.lineTo(tip.x() - 4 * unit, tip.y() + 11 * unit)
    head.closeSubpath()
    painter.drawPath(head)


def _chevron(forward: bool) -> Callable[[QPainter, QPointF, float, QColor, bool], None]:
    def paint(painter: QPainter, c: QPointF, unit: float, ink: QColor, mirrored: bool) -> None:
        sign = 1 if forward != mirrored else -1
        painter.setPen(_pen(ink, 8 * unit))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        path = QPainterPath(QPointF(c.x() - 7 * unit * sign, c.y() - 18 * unit))
        path.lineTo(c.x() + 9 * unit * sign, c.y())
        path.lineTo(c.x() - 7 * unit * sign, c.y() + 18 * unit)
        painter.drawPath(path)

    return paint


def _captions(painter: QPainter, c: QPointF, unit: float, ink: QColor, _mirrored: bool) -> None:
    painter.setPen(QPen(ink, 5 * unit))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    frame = QRectF(c.x() - 28 * unit, c.y() - 20 * unit, 56 * unit, 40 * unit)
    painter.drawRoundedRect(frame, 7 * unit, 7 * unit)
    font = QFont(painter.font())
    font.setPixelSize(max(6, round(22 * unit)))
    font.setWeight(QFont.Weight.Bold)
    painter.setFont(font)
    painter.drawText(frame, Qt.AlignmentFlag.AlignCenter, "CC")


def _transcript(painter: QPainter, c: QPointF, unit: float, ink: QColor, mirrored: bool) -> None:
    painter.setPen(_pen(ink, 6 * unit))
    for index, width in enumerate((44, 44, 30)):
        y = c.y() - 14 * unit + index * 14 * unit
        start = c.x() + 22 * unit if mirrored else c.x() - 22 * unit
        end = start - width * unit if mirrored else start + width * unit
        painter.drawLine(QPointF(start, y), QPointF(end, y))


_PAINTERS: dict[str, Callable[[QPainter, QPointF, float, QColor, bool], None]] = {
    "play": _play,
    "pause": _pause,
    "replay": _replay,
    "previous": _chevron(forward=False),
    "next": _chevron(forward=True),
    "captions": _captions,
    "transcript": _transcript,
}
