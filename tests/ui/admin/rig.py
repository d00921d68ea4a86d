"""The admin desk on a real kiosk shell, for the admin tests: clocks the tests move, a PIN
quick to check, and the gestures and keys a technician uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.settings.pin import hash_pin
from kiosk.ui.admin.desk import AdminDesk
from kiosk.ui.admin.gesture import corner_side
from kiosk.ui.shell import KioskShell

PIN = "2468"
FAST_HASH = hash_pin(PIN, iterations=1000)  # the real iteration count is slow on purpose


class Clock:
    """A clock the test moves: monotonic seconds for the gesture, wall seconds for the lockout."""

    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


@dataclass
class Rig:
    shell: KioskShell
    desk: AdminDesk
    gesture_clock: Clock
    quits: list[int] = field(default_factory=list)
    closed: bool = False
    now: datetime = datetime(2026, 11, 23, 12, 0)  # a Monday noon

    @property
    def window(self) -> QWidget:
        assert self.shell.window is not None
        return self.shell.window

    def point(self, corner: str) -> QPoint:
        side = corner_side(self.window.size())
        x = side // 3 if corner == "left" else self.window.width() - side // 3
        return QPoint(x, side // 3)

    def press(self, at: QPoint) -> None:
        QTest.mousePress(self.window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)

    def release(self, at: QPoint) -> None:
        QTest.mouseRelease(self.window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)

    def hold_then_tap(self, hold: float = 3.1, gap: float = 1.0, *, moved: int = 0) -> None:
        left = self.point("left")
        self.press(left)
        if moved:
            QTest.mouseMove(self.window.windowHandle(), left + QPoint(moved, moved))
        self.gesture_clock.now += hold
        self.release(left + QPoint(moved, moved))
        self.gesture_clock.now += gap
        right = self.point("right")
        self.press(right)
        self.gesture_clock.now += 0.1
        self.release(right)
        QApplication.processEvents()

    def admin_keys(self) -> None:
        QTest.keyClick(self.window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier
                       | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
        QApplication.processEvents()


def close(rig: Rig) -> None:
    if rig.closed:
        return
    rig.closed = True
    rig.desk.close()
    rig.shell.close()
    QApplication.processEvents()


def events(caplog: pytest.LogCaptureFixture, name: str) -> list[dict[str, Any]]:
    return [dict(r.fields, message=r.getMessage()) for r in caplog.records if getattr(r, "event", None) == name]


def enter(qtbot, rig: Rig, pin: str) -> None:
    pad = rig.desk.pad
    assert pad is not None
    for digit in pin:
        qtbot.mouseClick(pad.digit_keys[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.ok_key, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rig.desk.pad is None or not rig.desk.pad.checking, timeout=5000)


def open_panel(qtbot, rig: Rig) -> None:
    """The keys, then the PIN if one is asked: the panel is up."""
    rig.admin_keys()
    qtbot.waitUntil(lambda: rig.desk.pad is not None or rig.desk.panel is not None)
    if rig.desk.pad is not None:
        enter(qtbot, rig, PIN)
    qtbot.waitUntil(lambda: rig.desk.panel is not None and rig.desk.panel.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: rig.desk.panel.shown_rows is not None, timeout=5000)  # read off the GUI thread
