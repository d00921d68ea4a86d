"""Runs the player's clock on Qt's event loop: one single-shot timer, set to the next deadline.

The player never polls and is never polled: after anything changes it says when its next
deadline is, and this timer fires then (and not before). With a `ManualClock`, tests call
`player.tick()` themselves and the timer only matters when they let the loop run.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer

from kiosk.play.clock import milliseconds
from kiosk.play.player import Player

MAX_WAIT_MS = 3_600_000


class Ticker(QObject):
    def __init__(self, player: Player, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.player = player
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._fire)
        player.on_deadline_changed = self.reschedule

    def reschedule(self) -> None:
        deadline = self.player.next_deadline()
        if deadline is None:
            self.timer.stop()
            return
        wait = max(0.0, deadline - self.player.clock.now())
        self.timer.start(milliseconds(wait, at_most=MAX_WAIT_MS))

    def _fire(self) -> None:
        self.player.tick()
        self.reschedule()

    def stop(self) -> None:
        self.player.on_deadline_changed = None
        self.timer.stop()
