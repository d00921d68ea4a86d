"""The admin desk: the hidden gesture, the PIN pad, the panel and what its buttons do.

    desk = AdminDesk(shell, loaded_settings.settings, windowed=False, errors=lambda: guard.count)
    ...                                    # created before shell.show(), closed after the loop

It follows the shell's windows (a bundle switch brings a new one), puts the pad and the
panel inside the kiosk window, keeps the opening-hours slate (kiosk.ui.closed) in step, and
logs every step as a JSON event: `admin_pad`, `admin_pin` (right / wrong / locked),
`admin_opened`, `admin_closed` (with the reason: closed, idle, reset, switched) and
`admin_action` (volume, use, rollback, restart, reload, exit).

Without a PIN, the panel opens only from the keyboard in the archive viewer; in kiosk mode
nothing opens it (and the start-up log says to set one). The panel closes itself after two
minutes without input, and whenever the visit resets.

"Exit to the desktop" is the only way out of kiosk mode: it ends Qt's loop with status
`EXIT_TO_DESKTOP` (3; 0 in the archive viewer), and `kiosk run` then releases the
lock-down as it always does on the way out. A systemd unit with `Restart=always` restarts
the kiosk after any exit unless it is told otherwise: its unit should say
`RestartPreventExitStatus=3`, so that an exit from the panel stays on the desktop (until the
next boot or `systemctl --user start`), while crashes and other exits still restart it.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import logs
from kiosk.background import WorkPool
from kiosk.play.lockout import PinLockout
from kiosk.play.player import Cause, PlayerConfig, PlayerEvent, SessionChanged
from kiosk.play.session import SessionEvent, SessionTimings
from kiosk.settings import files as settings_files
from kiosk.settings.model import Settings, restart_keys
from kiosk.store import Installed, Store, StoreError
from kiosk.system.service import EXIT_TO_DESKTOP
from kiosk.ui import bidi, input_hub
from kiosk.ui.admin import status
from kiosk.ui.admin.gesture import AdminGesture, GestureTimings
from kiosk.ui.background import run_for
from kiosk.ui.closed import OpeningHours
from kiosk.ui.i18n import interface_language, is_rtl, say, say_count
from kiosk.ui.shell import KioskShell
from kiosk.ui.window import KioskWindow

if TYPE_CHECKING:  # imported when first opened, not on the first frame's path
    from kiosk.ui.admin.look import AdminLook
    from kiosk.ui.admin.panel import AdminPanel, BundleRow
    from kiosk.ui.admin.pinpad import PinPad

log = logging.getLogger("kiosk.admin")

PANEL_IDLE_MS = 120_000
# Settings the running kiosk cannot take on without a restart (the panel says which changed).
RESTART_KEYS = restart_keys()
# The store's actions take its lock, which an install holds for as long as it takes: they run
# here, one at a time, and answer on the GUI thread.
STORE_WORK = WorkPool("kiosk-admin-store")
_INPUT = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.KeyPress, QEvent.Type.Wheel,
                    QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate})


def _default_config(shell: KioskShell) -> Callable[[Settings], PlayerConfig]:
    def config_for(settings: Settings) -> PlayerConfig:
        return dataclasses.replace(
            shell.config, volume=settings.volume / 100, attract_dwell=settings.attract.dwell,
            timings=SessionTimings(settings.idle_timeout, settings.still_there_seconds))
    return config_for


class AdminDesk(QObject):
    """Signals: store_action_done(action, ok) once a "use" or "rollback" has been answered."""

    store_action_done = Signal(str, bool)

    def __init__(self, shell: KioskShell, settings: Settings, *, windowed: bool = False,
                 errors: Callable[[], int] | None = None, settings_path: Path | None = None,
                 config_for: Callable[[Settings], PlayerConfig] | None = None, lockout: PinLockout | None = None,
                 store: Store | None = None, gesture_timings: GestureTimings | None = None,
                 gesture_clock: Callable[[], float] = time.monotonic,
                 hours_clock: Callable[[], datetime] = datetime.now, panel_idle_ms: int = PANEL_IDLE_MS,
                 quit_app: Callable[[int], None] | None = None) -> None:
        super().__init__()
        self.shell = shell
        self.settings = settings
        self.windowed = windowed
        self.errors = errors or (lambda: 0)
        self.settings_path = settings_path
        self.config_for = config_for or _default_config(shell)
        self.lockout = lockout if lockout is not None else PinLockout.in_state_folder()
        self._store = store
        self.quit_app = quit_app or _quit
        self.started_at = time.monotonic()
        self._closed = False
        self._technician_visit = False
        self.store_busy = False
        self.pad: PinPad | None = None
        self.panel: AdminPanel | None = None
        self.window: KioskWindow | None = None
        self.gesture = AdminGesture(lambda: self.shell.window, timings=gesture_timings, clock=gesture_clock,
                                    parent=self)
        self.gesture.activated.connect(self.open, Qt.ConnectionType.QueuedConnection)
        self.hours = OpeningHours(settings.opening_hours, settings.closed_display, now=hours_clock,
                                  enabled=not windowed, parent=self)
        self.hours.changed.connect(lambda _closed: self._update_gesture())
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(panel_idle_ms)
        self.idle.timeout.connect(lambda: self.close_overlays("idle"))
        shell.window_ready.connect(self._on_window)
        if shell.window is not None:
            self._on_window(shell.window)
        self._update_gesture()

    # -- reading -------------------------------------------------------------------------------

    @property
    def language(self) -> str:
        return interface_language(self.settings.language or "en")

    @property
    def store(self) -> Store:
        following = self.shell.following
        if following is not None:
            return following.follower.store
        if self._store is None:
            self._store = Store(keep_versions=self.settings.keep_versions)
        return self._store

    @property
    def overlay_open(self) -> bool:
        return self.pad is not None or self.panel is not None

    def _update_gesture(self) -> None:
        self.gesture.corners_enabled = self.settings.admin_pin is not None
        self.gesture.passing = self.overlay_open
        self.gesture.blocking = self.hours.closed and not self.overlay_open

    # -- following the shell's windows ---------------------------------------------------------

    def _on_window(self, window: KioskWindow) -> None:
        if self.window is not None and self.window is not window:
            self.close_overlays("switched")
        self.window = window
        window.player.subscribe(self._on_player_event)
        self.gesture.attach()
        self.hours.attach(window)
        self._update_gesture()

    def _on_player_event(self, event: PlayerEvent) -> None:
        if isinstance(event, SessionChanged) and event.event is SessionEvent.ENDED and self.overlay_open:
            QTimer.singleShot(0, self, lambda: self.close_overlays("reset"))

    # -- opening -----------------------------------------------------------------------------------

    def open(self, how: str = "keyboard") -> None:
        """The gesture or the keys: the PIN pad, or (archive viewer, no PIN) the panel."""
        window = self.shell.window
        if window is None or self.overlay_open:
            return
        if self.settings.admin_pin is None and not (self.windowed and how == "keyboard"):
            logs.event(log, "admin_refused", "the admin panel needs a PIN in kiosk mode: set one with "
                       "'kiosk set-pin'", level=logging.WARNING, how=how)
            return
        if self.shell.player is not None:
            # Someone is here: the attract loop gives way now, so the pad's first tap is not
            # taken as the one that wakes the kiosk (and the idle reset times them as a visitor).
            self.shell.player.touch()
        self._forget_technician_visit(how)
        if self.settings.admin_pin is None:
            self._open_panel(how)
            return
        from kiosk.ui.admin.pinpad import PinPad

        self.pad = PinPad(window, self._look(window), self.language, self.settings.admin_pin, self.lockout)
        self.pad.accepted.connect(lambda: self._pin_right(how))
        self.pad.cancelled.connect(lambda: self.close_overlays("cancelled"))
        self.pad.wrong.connect(self._pin_wrong)
        self._watch_input(True)
        self.pad.open()
        self._update_gesture()
        logs.event(log, "admin_pad", "the admin PIN pad is open", how=how, locked_for=self.lockout.seconds_left())

    def _forget_technician_visit(self, how: str) -> None:
        """A visit that began with the gesture (or the keys) is the technician's: analytics
        forget it, and the kiosk goes back to its idle screen when the pad or panel closes,
        so the next visitor starts a visit of their own. A visitor's visit interrupted by the
        technician stays, and ends as 'admin'."""
        recorder = self.shell.recorder
        started = recorder.session_seconds if recorder is not None else None
        timings = self.gesture.timings
        if recorder is None or started is None or started > timings.hold_s + timings.tap_within_s + 1.0:
            return
        recorder.session_discarded()
        self._technician_visit = True
        logs.event(log, "admin_visit", "the visit the admin gesture began is not counted", how=how)

    def _look(self, window: QWidget) -> AdminLook:
        from kiosk.ui.admin.look import AdminLook

        family = window.stage.theme.family if isinstance(window, KioskWindow) else window.font().family()
        return AdminLook.for_window(window, family, is_rtl(self.language))

    def _pin_right(self, how: str) -> None:
        logs.event(log, "admin_pin", "right admin PIN", outcome="right")
        self._drop_pad()
        self._open_panel(how)

    def _pin_wrong(self, attempts_left: int, lock_seconds: float) -> None:
        if lock_seconds:
            logs.event(log, "admin_pin", f"wrong admin PIN; the pad is locked for {lock_seconds:.0f} s",
                       level=logging.WARNING, outcome="locked", lock_seconds=lock_seconds)
        else:
            logs.event(log, "admin_pin", "wrong admin PIN", level=logging.WARNING, outcome="wrong",
                       attempts_left=attempts_left)

    def _open_panel(self, how: str) -> None:
        window = self.shell.window
        if window is None:
            return
        from kiosk.ui.admin.panel import AdminPanel

        self.panel = AdminPanel(window, self._look(window), self.language, self)
        self.panel.set_store_busy(self.store_busy)
        self._watch_input(True)
        self.panel.open()
        self._update_gesture()
        logs.event(log, "admin_opened", "the admin panel is open", how=how, pin=self.settings.admin_pin is not None)

    def close_panel(self, reason: str) -> None:
        self.close_overlays(reason)

    def close_overlays(self, reason: str) -> None:
        was_panel = self.panel is not None
        had_any = self.overlay_open
        self._drop_pad()
        if self.panel is not None:
            panel, self.panel = self.panel, None
            panel.shut()
            panel.deleteLater()
        self._watch_input(False)
        self._update_gesture()
        if had_any:
            logs.event(log, "admin_closed", f"the admin {'panel' if was_panel else 'PIN pad'} closed ({reason})",
                       reason=reason, panel=was_panel)
        technician, self._technician_visit = self._technician_visit, False
        if technician and reason in ("closed", "cancelled", "idle") and self.shell.player is not None:
            self.shell.player.reset(Cause.ADMIN)

    def _drop_pad(self) -> None:
        if self.pad is not None:
            pad, self.pad = self.pad, None
            pad.hide()
            pad.deleteLater()

    # -- two minutes without input ------------------------------------------------------------------

    def _watch_input(self, on: bool) -> None:
        if on:
            input_hub.listen(self, self.hear, input_hub.RANK_FOCUS)
            self.idle.start()
        else:
            input_hub.stop(self)
            self.idle.stop()

    def hear(self, watched: QObject, event: QEvent) -> bool:
        """The application's input (kiosk.ui.input_hub): the panel's idle time starts again."""
        if event.type() in _INPUT and isinstance(watched, QWidget) and watched.window() is self.shell.window:
            self.idle.start()
        return False

    # -- the panel's readings -----------------------------------------------------------------------

    def status_rows(self) -> list[tuple[str, str]]:
        words = self.language
        bundle = self.shell.bundle
        shown = f"{bundle.manifest.id} {bundle.manifest.version or ''}".strip() if bundle is not None else "—"
        updates = getattr(self.shell, "updates", None)
        if not self.settings.opening_hours:
            hours = say("always_open", words)
        else:
            hours = say("closed_now" if self.hours.closed else "open_now", words)
        return [
            (say("kiosk", words), status.kiosk_name(self.settings.kiosk_id)),
            (say("bundle", words), shown),
            (say("uptime", words), status.uptime(time.monotonic() - self.started_at, words)),
            (say("last_check", words), status.update_outcome(updates, "last_check", words)),
            (say("last_update", words), status.update_outcome(updates, "last_update", words)),
            (say("errors", words), str(self.errors())),
            (say("disk_free", words), status.free_disk(self.store.root, words)),
            (say("hours", words), hours),
        ]

    def bundle_rows(self) -> list[BundleRow]:
        """The installed versions, read now (the panel reads them off the GUI thread instead)."""
        return _bundle_rows(self.store, self._playing())

    def fetch_bundle_rows(self, receiver: QObject, deliver: Callable[[list[BundleRow]], None]) -> None:
        """Read the installed versions on the store's worker; `deliver` them on the GUI thread."""
        run_for(receiver, STORE_WORK, _bundle_rows, self.store, self._playing(), done=deliver,
                failed=lambda _error: deliver([]))

    def _playing(self) -> Path | None:
        shown = self.shell.bundle
        return shown.origin if shown is not None else None

    def current_volume(self) -> int:
        return self.settings.volume

    # -- the panel's actions ----------------------------------------------------------------------

    def _say_on_panel(self, message: str, *, warning: bool = False) -> None:
        if self.panel is not None:
            self.panel.show_message(message, warning=warning)

    def _action(self, action: str, message: str, *, ok: bool = True, **fields: Any) -> None:
        logs.event(log, "admin_action", message, level=logging.INFO if ok else logging.WARNING,
                   action=action, ok=ok, **fields)

    def _save(self, key: str, value: object) -> Settings:
        """Change one setting in kiosk.yaml (atomically) and in the running kiosk's copy."""
        loaded = settings_files.load(self.settings_path)
        settings_files.save(settings_files.with_value(loaded.settings, key, value), self.settings_path)
        self.settings = settings_files.with_value(self.settings, key, value)
        return self.settings

    def set_volume(self, volume: int) -> None:
        volume = max(0, min(100, int(volume)))
        if volume == self.settings.volume:
            return
        try:
            self._save("volume", volume)
        except OSError as error:
            self._action("volume", f"the volume could not be saved: {error}", ok=False, volume=volume)
            self._say_on_panel(say("failed", self.language, reason=bidi.isolate(error.strerror or str(error))), warning=True)
            return
        self._apply_config()
        self._action("volume", f"volume set to {volume} and saved", volume=volume)
        self._say_on_panel(say("volume_saved", self.language, n=volume))

    def _apply_config(self) -> None:
        config = self.config_for(self.settings)
        self.shell.config = config
        if self.shell.player is not None:
            self.shell.player.reconfigure(config)

    def use_bundle(self, ref: str) -> None:
        """Make `ref` the store's active bundle, on the store's worker (an install may hold its lock)."""
        if self._store_action_starts():
            run_for(self, STORE_WORK, _use, self.store, ref, done=self._used,
                    failed=lambda error: self._store_action_failed("use", error, ref=ref))

    def rollback(self) -> None:
        """Go back to the previously active bundle, on the store's worker."""
        if self._store_action_starts():
            run_for(self, STORE_WORK, self.store.rollback, done=self._rolled_back,
                    failed=lambda error: self._store_action_failed("rollback", error))

    def _store_action_starts(self) -> bool:
        """One store action at a time: a second tap while one runs does nothing."""
        if self.store_busy:
            return False
        self.store_busy = True
        if self.panel is not None:
            self.panel.set_store_busy(True)
        return True

    def _store_action_ended(self, action: str, ok: bool) -> None:
        self.store_busy = False
        if self.panel is not None:
            self.panel.set_store_busy(False)
        self.store_action_done.emit(action, ok)

    def _used(self, installed: Installed) -> None:
        self._action("use", f"{installed.label} is now the active bundle", bundle=installed.label, ref=installed.ref)
        self._store_action_ended("use", True)
        self._after_switch(say("switching", self.language, name=bidi.isolate(installed.label)))

    def _rolled_back(self, previous: Installed) -> None:
        self._action("rollback", f"rolled back to {previous.label}", bundle=previous.label, ref=previous.ref)
        self._store_action_ended("rollback", True)
        self._after_switch(say("rolled_back", self.language, name=bidi.isolate(previous.label)))

    def _store_action_failed(self, action: str, error: BaseException, **fields: Any) -> None:
        if not isinstance(error, StoreError | OSError):
            log.error("the admin panel's %s failed unexpectedly", action, exc_info=error)
        what = f"switching to {fields['ref']} failed" if action == "use" else "rollback not done"
        self._action(action, f"{what}: {error}", ok=False, **fields)
        self._store_action_ended(action, False)
        self._say_on_panel(say("failed", self.language, reason=bidi.isolate(error)), warning=True)

    def _after_switch(self, message: str) -> None:
        """The store's active bundle changed: a following kiosk shows it at once (a new visit)."""
        if self._closed:  # the answer came as the kiosk was closing: the next start shows it
            return
        if self.shell.following is None:
            self._say_on_panel(f"{message} {say('pinned', self.language)}")
            if self.panel is not None:
                self.panel.refresh()
            return
        self.shell.following.check()
        self.close_overlays("switched")
        if self.shell.player is not None:
            self.shell.player.reset(Cause.ADMIN)

    def restart_playback(self) -> None:
        self._action("restart", "playback restarted from the admin panel")
        self.close_overlays("restart")
        if self.shell.player is not None:
            self.shell.player.reset(Cause.ADMIN)

    def reload_settings(self) -> None:
        """Read kiosk.yaml again and apply what a running kiosk can: the rest waits for a restart."""
        loaded = settings_files.load(self.settings_path)
        new, old = loaded.settings, self.settings
        later = [key for key in RESTART_KEYS if settings_files.get(new, key) != settings_files.get(old, key)]
        self.settings = new
        self._apply_config()
        self.hours.update(new.opening_hours, new.closed_display)
        self._update_gesture()
        self._action("reload", "settings reloaded from the admin panel", problems=len(loaded.problems),
                     after_restart=later)
        parts = [say("reloaded", self.language)]
        if loaded.problems:
            parts.append(say_count("settings_problems", len(loaded.problems), self.language))
        if later:
            parts.append(say("after_restart", self.language, keys=bidi.join(later, ", ")))
        self._say_on_panel(" ".join(parts), warning=bool(loaded.problems))
        if self.panel is not None:
            self.panel.refresh()

    def exit_to_desktop(self) -> None:
        code = 0 if self.windowed else EXIT_TO_DESKTOP
        self._action("exit", "leaving kiosk mode for the desktop from the admin panel", status=code)
        self.close_overlays("exit")
        self.quit_app(code)

    # -- the end ------------------------------------------------------------------------------------

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.close_overlays("shutdown")
        self.shell.window_ready.disconnect(self._on_window)
        self.gesture.close()
        self.hours.close()


def _use(store: Store, ref: str) -> Installed:
    """On the store's worker: make `ref` active."""
    installed = store.get(ref)
    if installed is None:
        raise StoreError(f"{ref} is no longer installed")
    store.activate(installed)
    return installed


def _bundle_rows(store: Store, playing_origin: Path | None) -> list[BundleRow]:
    """On any thread: the installed versions, which is active, which is the one `playing_origin` shows."""
    from kiosk.ui.admin.panel import BundleRow

    try:
        active = store.active()
        installed = store.installed()
    except (StoreError, OSError, ValueError) as error:
        log.warning("the admin panel cannot read the store: %s", error)
        return []
    playing = _resolved(playing_origin) if playing_origin is not None else None
    return [BundleRow(item.label, item.ref, active is not None and item.ref == active.ref,
                      playing is not None and _resolved(item.path) == playing) for item in installed]


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve()
    except OSError:
        return None


def _quit(code: int) -> None:
    app = QApplication.instance()
    if app is not None:
        app.exit(code)
