"""The hidden way in: hold the top-left corner for 3 s, then tap the top-right corner within
2 s; or Ctrl+Alt+Shift+K on a keyboard.

The corners are squares of 120 px at 1920x1080, scaled with the window. The detector hears the
application's input first (kiosk.ui.input_hub, `attach()`), before the presence watcher that
wakes the kiosk.

How visitors never notice it: a press in the top-left corner is held back (nothing under the
corner sees it, and the attract loop does not wake) until it is clear what it is —
- lifted soon, near where it began: a tap. The held press is delivered then, followed by
  its release, so a button under the corner still works; its pressed look shows only as the
  finger lifts.
- moved further than a slop (0.4 of the corner): a drag. The press is delivered at once and
  the drag follows as usual.
- held for 3 s or more: the hold. Nothing is delivered and the release is swallowed; only
  then does a tap on the top-right corner, within 2 s, count (and it is swallowed too).
Touch: most widgets get the mouse events Qt synthesizes from a touch, handled as above. The
touch events themselves are timed where they reach the window (every touch does) and never
swallowed, so a widget that takes touches itself (the zoomable image) still sees a hold on
the corner, as a long press, which nothing in the kiosk acts on. A touch with two fingers is
never a hold.

`blocking` (closed hours): every other input to the window is swallowed, the gesture and the
keys still work. `passing` (the PIN pad or panel is up): the corners are off and nothing is
swallowed. Timings and the clock are injectable for tests.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QTouchEvent, QWindow
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.ui import input_hub
from kiosk.ui.theme import scale_for

CORNER_PX = 120
MIN_CORNER_PX = 48
SLOP = 0.4
Corner = Literal["left", "right"]

_MOUSE = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove,
                    QEvent.Type.MouseButtonRelease})
_TOUCH = frozenset({QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
                    QEvent.Type.TouchCancel})
_KEYS = frozenset({QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride})
_BLOCKED = _MOUSE | _TOUCH | _KEYS | {QEvent.Type.Wheel, QEvent.Type.TabletPress, QEvent.Type.TabletRelease}
_ADMIN_MODIFIERS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                    | Qt.KeyboardModifier.ShiftModifier)


@dataclass(frozen=True)
class GestureTimings:
    hold_s: float = 3.0
    tap_within_s: float = 2.0


def corner_side(size: QSize) -> int:
    """The side of each corner square for a window of `size`."""
    return max(MIN_CORNER_PX, round(CORNER_PX * scale_for(size)))


def is_admin_key(event: QKeyEvent) -> bool:
    wanted = _ADMIN_MODIFIERS
    return event.key() == Qt.Key.Key_K and (event.modifiers() & wanted) == wanted


@dataclass
class _Contact:
    """One finger or mouse press that may be part of the gesture."""

    corner: Corner
    started_at: float
    start: QPointF
    touch: bool = False
    press: QMouseEvent | None = None
    target: QWidget | None = None
    moved_far: bool = False
    ended_at: float | None = None


class AdminGesture(QObject):
    """Signals: activated(str) — "gesture" or "keyboard" — delivered after the input that made it."""

    activated = Signal(str)

    def __init__(self, window_of: Callable[[], QWidget | None], *, timings: GestureTimings | None = None,
                 clock: Callable[[], float] = time.monotonic, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window_of = window_of
        self.timings = timings or GestureTimings()
        self.clock = clock
        self.corners_enabled = True
        self.blocking = False
        self.passing = False
        self.armed_until: float | None = None
        self._contact: _Contact | None = None
        self._replaying = False
        self.attach()

    def attach(self) -> None:
        """Hear the application's input before every other listener (kiosk.ui.input_hub)."""
        input_hub.listen(self, self.hear, input_hub.RANK_ADMIN)

    def close(self) -> None:
        input_hub.stop(self)
        self._contact = None

    @property
    def holding(self) -> bool:
        """A press in a corner is being held back."""
        return self._contact is not None and self._contact.press is not None

    # -- the filter -------------------------------------------------------------------------

    def hear(self, target: QObject, event: QEvent) -> bool:
        """The application's input; True swallows it (held back, blocked, or the admin key)."""
        kind = event.type()
        if self._replaying or kind not in _BLOCKED:
            return False
        window = self.window_of()
        if window is None:
            return False
        if isinstance(target, QWindow):
            if kind in _TOUCH and target is window.windowHandle() and not self.passing:
                self._touch(window, event)  # type: ignore[arg-type]
            return False
        if not isinstance(target, QWidget) or target.window() is not window:
            return False
        if kind in _KEYS:
            if is_admin_key(event):  # type: ignore[arg-type]
                if kind == QEvent.Type.KeyPress and not event.isAutoRepeat():  # type: ignore[attr-defined]
                    self.activated.emit("keyboard")
                return True
            return self.blocking and not self.passing
        if self.passing:
            return False
        if kind in _MOUSE:
            return self._mouse(window, target, event) or self.blocking  # type: ignore[arg-type]
        return self.blocking

    # -- geometry -----------------------------------------------------------------------------

    def corner_at(self, window: QWidget, position: QPointF) -> Corner | None:
        local = window.mapFromGlobal(position.toPoint())
        side = corner_side(window.size())
        if not 0 <= local.y() < side:
            return None
        if 0 <= local.x() < side:
            return "left"
        if window.width() - side <= local.x() < window.width():
            return "right"
        return None

    def _far(self, window: QWidget, contact: _Contact, position: QPointF) -> bool:
        limit = corner_side(window.size()) * SLOP
        delta = position - contact.start
        return delta.x() ** 2 + delta.y() ** 2 > limit ** 2

    def _begin(self, window: QWidget, position: QPointF, *, touch: bool) -> _Contact | None:
        """A press or a touch starts: is it one the gesture must hold back?"""
        now = self.clock()
        corner = self.corner_at(window, position)
        armed = self.armed_until is not None and now <= self.armed_until
        if not (corner == "right" and armed):
            self.armed_until = None
        if corner == "right" and armed:
            return _Contact("right", now, position, touch=touch)
        if corner == "left" and self.corners_enabled:
            return _Contact("left", now, position, touch=touch)
        return None

    # -- mouse (real, or synthesized from a touch) ---------------------------------------------

    def _mouse(self, window: QWidget, target: QWidget, event: QMouseEvent) -> bool:
        kind = event.type()
        position = event.globalPosition()
        contact = self._contact
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            if event.button() != Qt.MouseButton.LeftButton:
                return False
            if contact is not None and contact.touch and contact.press is None and contact.ended_at is None:
                if contact.moved_far:
                    return False
                contact.press, contact.target = event.clone(), target
                return True
            if contact is not None and contact.press is not None:
                self._give_back(contact)  # a second press while one is held: neither is a hold
                return False
            contact = self._begin(window, position, touch=False) if kind == QEvent.Type.MouseButtonPress else None
            self._contact = contact
            if contact is None:
                return False
            contact.press, contact.target = event.clone(), target
            return True
        if contact is None or contact.press is None:
            if kind == QEvent.Type.MouseButtonRelease and contact is not None and not contact.touch:
                self._contact = None
            return False
        if kind == QEvent.Type.MouseMove:
            if not contact.touch and self._far(window, contact, position):
                contact.moved_far = True
            if contact.moved_far:
                self._give_back(contact)
                return False
            return True
        if kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
            if not contact.touch and self._far(window, contact, position):
                contact.moved_far = True
            ended = contact.ended_at if contact.ended_at is not None else self.clock()
            return self._finish(contact, ended)
        return True

    # -- touch, as it reaches the window -----------------------------------------------------

    def _touch(self, window: QWidget, event: QTouchEvent) -> None:
        kind = event.type()
        points = event.points()
        contact = self._contact
        if kind == QEvent.Type.TouchBegin:
            if contact is not None and contact.press is not None:
                self._give_back(contact)
            self._contact = self._begin(window, points[0].globalPosition(), touch=True) if len(points) == 1 else None
            return
        if contact is None or not contact.touch:
            return
        if kind == QEvent.Type.TouchCancel or len(points) != 1 \
                or self._far(window, contact, points[0].globalPosition()):
            contact.moved_far = True
        if contact.moved_far and contact.press is not None:
            self._give_back(contact)
            return
        if kind in (QEvent.Type.TouchEnd, QEvent.Type.TouchCancel):
            contact.ended_at = self.clock()
            if contact.press is None:
                # No mouse press was synthesized (a widget took the touch): decide now.
                self._finish(contact, contact.ended_at)

    # -- endings ------------------------------------------------------------------------------

    def _finish(self, contact: _Contact, ended: float) -> bool:
        """The contact lifted: the hold, the tap that opens, or a plain tap given back."""
        self._contact = None
        if contact.moved_far:
            return self._give_back(contact, keep=False)
        if contact.corner == "left":
            if ended - contact.started_at >= self.timings.hold_s:
                self.armed_until = ended + self.timings.tap_within_s
                return True
            return self._give_back(contact, keep=False)
        self.armed_until = None
        self.activated.emit("gesture")
        return True

    def _give_back(self, contact: _Contact, *, keep: bool = True) -> bool:
        """Deliver the held-back press to the widget it was meant for; the rest follows as usual."""
        press, target = contact.press, contact.target
        contact.press = None
        if not keep or (self._contact is contact and not contact.touch):
            self._contact = None
        if contact.corner == "right":
            self.armed_until = None
        if press is not None and target is not None and shiboken6.isValid(target) and not self.blocking:
            self._replaying = True
            try:
                QApplication.sendEvent(target, press)
            finally:
                self._replaying = False
        return False
