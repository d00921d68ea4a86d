"""Noticing the visitor: every press, touch, key or wheel turn anywhere in the window.

The watcher tells the player someone is there (which ends a tour, restarts the idle
time, wakes the attract loop or answers "still there?") and swallows the input when that
was all it was for. It also notes when the latest input came, so the window can log how
long the answer took to reach the screen.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from kiosk.play.player import Player
from kiosk.ui import input_hub
from kiosk.ui.widgets import FocusRing

_PRESENCE = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress, QEvent.Type.Wheel, QEvent.Type.TabletPress,
})
_INPUT = _PRESENCE | {QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd}
_SWALLOWED_AFTER_WAKE = frozenset({QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd,
                                   QEvent.Type.TouchUpdate, QEvent.Type.MouseMove,
                                   QEvent.Type.MouseButtonDblClick})


class PresenceWatcher(QObject):
    def __init__(self, window: QWidget, player: Player) -> None:
        super().__init__(window)
        self.window = window
        self.player = player
        self.last_input_at = 0.0
        self._waking = False
        input_hub.listen(self, self.hear, input_hub.RANK_PRESENCE)
        window.destroyed.connect(self._forget)

    def _forget(self) -> None:
        input_hub.stop(self)

    def hear(self, target: QObject, event: QEvent) -> bool:
        """The application's input (kiosk.ui.input_hub); True swallows it."""
        kind = event.type()
        if kind not in _INPUT and not (self._waking and kind in _SWALLOWED_AFTER_WAKE):
            return False
        if not isinstance(target, QWidget) or target.window() is not self.window:
            return False
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            # A release that follows a swallowed press may never reach a widget; a new
            # press always starts afresh.
            self._waking = False
        if self._waking and kind in _SWALLOWED_AFTER_WAKE:
            if kind in (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd):
                self._waking = False
            return True
        self.last_input_at = time.perf_counter()
        if kind == QEvent.Type.KeyPress:
            FocusRing.visible = True
        elif kind in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            FocusRing.visible = False
        if kind not in _PRESENCE:
            return False
        if self.player.touch():
            # The press only woke the kiosk: its release must not click what is now beneath.
            self._waking = kind != QEvent.Type.KeyPress
            return True
        return False
