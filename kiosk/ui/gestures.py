"""Horizontal swipes, from touch or from a mouse drag, anywhere over a widget.

The detector watches the application's input before any widget sees it (kinetic
scrollers and views that accept mouse events would otherwise hide it) and only observes:
it never eats an event. A swipe is a press, a mostly horizontal move of at least a sixteenth
of the widget's width (120 px at 1920x1080), and a release within a second and a half.
Drags that begin on a slider (a seek bar) or in a text field are theirs, not swipes.

`swiped(step)`: +1 means "forward" in reading order (the finger moves left in a left-to-
right language, right in Arabic), -1 means back.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QMouseEvent, QTouchEvent
from PySide6.QtWidgets import QAbstractSlider, QLineEdit, QWidget

from kiosk.ui import input_hub

MAX_SECONDS = 1.5
DOMINANCE = 1.7
_MOUSE = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease)


class SwipeDetector(QObject):
    swiped = Signal(int)

    def __init__(self, area: QWidget, min_distance: int = 120) -> None:
        super().__init__(area)
        self.area = area
        self.min_distance = min_distance
        self._start: QPointF | None = None
        self._last: QPointF | None = None
        self._since = 0.0
        self._touching = False
        self._stamp = -1
        input_hub.listen(self, self.hear, input_hub.RANK_SWIPES)
        area.destroyed.connect(self._forget)

    def _forget(self) -> None:
        input_hub.stop(self)

    def _inside(self, target: QObject) -> bool:
        if not isinstance(target, QWidget) or not self.area.isVisible():
            return False
        return target is self.area or self.area.isAncestorOf(target)

    @staticmethod
    def _owns_drags(target: QWidget) -> bool:
        widget: QWidget | None = target
        while widget is not None:
            if isinstance(widget, (QAbstractSlider, QLineEdit)):
                return True
            widget = widget.parentWidget()
        return False

    def hear(self, target: QObject, event: QEvent) -> bool:
        """The application's input (kiosk.ui.input_hub); never swallowed."""
        if not isinstance(target, QWidget):
            return False  # the window system's copy; its widgets' copies follow
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            self._touch(target, event)  # type: ignore[arg-type]
        elif kind in _MOUSE and not self._touching:
            self._mouse(target, event)  # type: ignore[arg-type]
        return False

    def _mouse(self, target: QObject, event: QMouseEvent) -> None:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self._begin(target, event.globalPosition(), event.timestamp())
        elif kind == QEvent.Type.MouseMove and self._start is not None:
            self._last = event.globalPosition()
        elif kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
            self._end(event.globalPosition())

    def _touch(self, target: QObject, event: QTouchEvent) -> None:
        points = event.points()
        kind = event.type()
        if kind == QEvent.Type.TouchBegin:
            self._touching = True
            if len(points) == 1:
                self._begin(target, points[0].globalPosition(), event.timestamp())
        elif len(points) != 1:
            self._start = None  # a pinch is never a swipe
        elif kind == QEvent.Type.TouchUpdate and self._start is not None:
            self._last = points[0].globalPosition()
        elif kind == QEvent.Type.TouchEnd:
            self._end(points[0].globalPosition())
            self._touching = False

    def _begin(self, target: QObject, position: QPointF, stamp: int) -> None:
        # An ignored press travels up to the parents; only its first receiver decides.
        if stamp == self._stamp and stamp != 0:
            return
        self._stamp = stamp
        if not self._inside(target) or self._owns_drags(target):  # type: ignore[arg-type]
            self._start = None
            return
        self._start = self._last = position
        self._since = time.monotonic()

    def _end(self, position: QPointF) -> None:
        start, self._start = self._start, None
        if start is None or time.monotonic() - self._since > MAX_SECONDS:
            return
        dx, dy = position.x() - start.x(), position.y() - start.y()
        needed = max(self.min_distance, self.area.width() // 16)
        if abs(dx) < needed or abs(dx) < DOMINANCE * abs(dy):
            return
        forward = dx < 0
        if self.area.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            forward = not forward
        self.swiped.emit(1 if forward else -1)
