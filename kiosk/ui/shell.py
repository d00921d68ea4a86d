"""The player and window on screen now, and their replacement when the store switches bundles.

A switch happens only between visits: when a newly activated bundle has loaded while nobody
is at the kiosk (the attract loop or the tour plays), or at the next session reset. The new
window is shown, locked down, before the old one is taken away, so the screen never shows
the desktop in between.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QInputDevice, QMouseEvent, QScreen

from kiosk import logs
from kiosk.analytics.recorder import Recorder
from kiosk.bundle.playable import PlayableBundle
from kiosk.play.player import Player, PlayerConfig, PlayerEvent, SessionChanged
from kiosk.play.recording import VisitRecording
from kiosk.play.session import Phase, SessionEvent
from kiosk.settings.model import CursorMode
from kiosk.ui import input_hub
from kiosk.ui.following import StoreFollowing
from kiosk.ui.imaging import fit_cache_to
from kiosk.ui.lockdown import Lockdown, pick_screen
from kiosk.ui.window import KioskWindow

if TYPE_CHECKING:
    from kiosk.ui.updates import KioskUpdates

log = logging.getLogger("kiosk.app")

CURSOR_HIDE_MS = 3000


class AutoCursor(QObject):
    """`cursor: auto`: the pointer shows while a real mouse moves and hides when it rests.

    Touches arrive as synthesized mouse events from a touch screen; they leave it hidden.
    It swaps the cursor on top of the lock-down's override stack, so the stack stays balanced.
    """

    def __init__(self, parent: QObject | None = None, hide_after_ms: int = CURSOR_HIDE_MS) -> None:
        super().__init__(parent)
        self.shown = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(hide_after_ms)
        self._timer.timeout.connect(self.hide)
        input_hub.listen(self, self.hear, input_hub.RANK_CURSOR)

    def hear(self, watched: QObject, event: QEvent) -> bool:
        """The application's input (kiosk.ui.input_hub); never swallowed."""
        del watched
        if (event.type() == QEvent.Type.MouseMove and isinstance(event, QMouseEvent)
                and event.deviceType() == QInputDevice.DeviceType.Mouse):
            if not self.shown:
                self.shown = True
                QGuiApplication.changeOverrideCursor(Qt.CursorShape.ArrowCursor)
            self._timer.start()
        return False

    def hide(self) -> None:
        self._timer.stop()
        if self.shown:
            self.shown = False
            QGuiApplication.changeOverrideCursor(Qt.CursorShape.BlankCursor)

    def close(self) -> None:
        self._timer.stop()
        input_hub.stop(self)


class KioskShell(QObject):
    """Signals: first_painted() whenever a window (the first, or one after a switch) first paints;
    window_ready(KioskWindow) when a new window and its started player are about to be shown."""

    first_painted = Signal()
    window_ready = Signal(object)

    def __init__(self, config: PlayerConfig, screen: int | None = None, *, windowed: bool = False,
                 cursor: CursorMode = "hidden", following: StoreFollowing | None = None,
                 transition_ms: int | None = None, recorder: Recorder | None = None) -> None:
        super().__init__()
        self.recorder = recorder
        self.config = config
        self.screen_index = screen
        self.windowed = windowed
        self.cursor = cursor
        self.following = following
        self.updates: KioskUpdates | None = None  # set by kiosk.ui.app; the admin panel reads it
        self.transition_ms = transition_ms
        self.bundle: PlayableBundle | None = None
        self.player: Player | None = None
        self.window: KioskWindow | None = None
        self.lockdown: Lockdown | None = None
        self._auto_cursor = AutoCursor(self) if cursor == "auto" and not windowed else None
        if following is not None:
            following.bundle_waiting.connect(self._switch_if_idle)

    @property
    def screen(self) -> QScreen:
        """Looked up at each use: Qt deletes a QScreen when its display goes away."""
        return pick_screen(self.screen_index)

    def window_size(self, screen: QScreen) -> QSize:
        if self.windowed:
            return screen.availableGeometry().size() * 0.8
        return screen.geometry().size()

    def show(self, bundle: PlayableBundle) -> KioskWindow:
        """Play `bundle` in a new window; the window before it, if any, is taken away."""
        screen = self.screen
        fit_cache_to(screen)
        player = Player(bundle.manifest, self.config)
        extra = {} if self.transition_ms is None else {"transition_ms": self.transition_ms}
        window = KioskWindow(bundle, player, windowed=self.windowed, size=self.window_size(screen), **extra)
        window.first_painted.connect(self.first_painted)
        player.subscribe(self._on_player_event)
        if self.recorder is not None:
            player.subscribe(VisitRecording(player, self.recorder))
        old_window, old_lockdown = self.window, self.lockdown
        self.bundle, self.player, self.window, self.lockdown = bundle, player, window, None
        player.start()
        self.window_ready.emit(window)
        if self.windowed:
            window.move(screen.availableGeometry().center() - window.rect().center())
            window.show()
        else:
            self.lockdown = Lockdown(window, screen)
            self.lockdown.apply()
            self.lockdown.show()
        if old_window is not None:
            self._retire(old_window, old_lockdown)
        if self.lockdown is not None:
            self._apply_cursor()
        return window

    def _apply_cursor(self) -> None:
        if self.cursor == "shown":
            QGuiApplication.changeOverrideCursor(Qt.CursorShape.ArrowCursor)
        elif self._auto_cursor is not None:
            self._auto_cursor.shown = False

    @staticmethod
    def _retire(window: KioskWindow, lockdown: Lockdown | None) -> None:
        window.locked = False
        window.shutdown()
        if lockdown is not None:
            lockdown.release()
        window.hide()
        window.deleteLater()

    def recover(self) -> None:
        """After an unexpected error: the window on screen goes home."""
        if self.window is not None:
            self.window.recover()

    # -- following the store -------------------------------------------------------------

    def _on_player_event(self, event: PlayerEvent) -> None:
        if isinstance(event, SessionChanged) and event.event is SessionEvent.ENDED and self.following:
            # After the player has finished its reset, never inside it.
            QTimer.singleShot(0, self, self._between_visits)

    def _between_visits(self) -> None:
        if self.following is None:
            return
        if self.following.waiting is not None:
            self._switch()
        else:
            self.following.check()

    def _switch_if_idle(self) -> None:
        if self.player is not None and self.player.phase is Phase.IDLE:
            self._switch()

    def _switch(self) -> None:
        bundle = self.following.take() if self.following is not None else None
        if bundle is None:
            return
        old = self.bundle.manifest if self.bundle is not None else None
        self.show(bundle)
        logs.event(log, "bundle_switched", f"now playing {bundle.manifest.id} {bundle.manifest.version}",
                   bundle=bundle.manifest.id, version=bundle.manifest.version,
                   previous=old.id if old else None, previous_version=old.version if old else None)

    def close(self) -> None:
        if self.updates is not None:
            self.updates.close()
        if self.following is not None:
            self.following.bundle_waiting.disconnect(self._switch_if_idle)
            self.following.close()
        if self.window is not None:
            self._retire(self.window, self.lockdown)
        if self._auto_cursor is not None:
            self._auto_cursor.close()
        if self.recorder is not None:
            self.recorder.close()
