"""`kiosk run`: the application around the player's window.

After its first steps (kiosk.ui.launch: logging, the crash record, the device settings,
the check that Qt can show a window, the last start's first frame), `play` loads the bundle
that kiosk.system.startup chooses, builds the player and its window (`KioskShell`), locks the window down (or
opens it as the archive viewer), and runs Qt's loop until a signal, `--quit-after`, or a
fatal error ends it. Command-line options win over the settings. Visitors never see a dialog
or a traceback: an unexpected exception is logged and the kiosk returns home; a burst of
them exits with status 1 so the service manager starts a fresh process.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections import deque
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

from PySide6.QtCore import QSocketNotifier, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import logs, paths
from kiosk.analytics.recorder import Recorder
from kiosk.bundle.playable import BundleLoadError, PlayableBundle, load_playable
from kiosk.play.navigation import Screen as Place
from kiosk.play.player import IdleMode, PlayerConfig
from kiosk.play.session import SessionTimings
from kiosk.play.tour import DwellDefaults
from kiosk.settings import files as settings_files
from kiosk.settings.hours import is_open
from kiosk.settings.model import Settings
from kiosk.system.startup import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    ChosenBy,
    RunOptions,
    choose_bundle,
    process_age_ms,
    screen_index,
)
from kiosk.ui.admin.desk import AdminDesk
from kiosk.ui.collector import GuiThreadCollector
from kiosk.ui.following import StoreFollowing
from kiosk.ui.kept_frame import KeptFrame, keep_first_frame
from kiosk.ui.lockdown import pick_screen
from kiosk.ui.service import ServiceLink
from kiosk.ui.shell import KioskShell
from kiosk.ui.status_writer import StatusWriter

log = logging.getLogger("kiosk.app")

ERROR_BURST = 10
ERROR_WINDOW_S = 60.0
SIGNAL_GRACE_S = 5.0
# For trying the kiosk by hand: they win over the device settings, which allow no less than 10 s.
IDLE_TIMEOUT_ENV = "KIOSK_IDLE_TIMEOUT"
STILL_THERE_ENV = "KIOSK_STILL_THERE"

def _seconds_from_env(name: str, default: float) -> float:
    text = os.environ.get(name)
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        log.warning("%s=%r is not a number of seconds; using %s", name, text, default)
        return default
    return max(0.0, value)


def player_config(options: RunOptions, settings: Settings | None = None) -> PlayerConfig:
    """The player's config from the device settings, with the command line's options on top.

    `tour.enabled` starts kiosk mode in the tour; the archive viewer (`--windowed`) starts
    touring only when `--tour` says so.
    """
    settings = settings or Settings()
    tour = settings.tour
    timings = SessionTimings(
        idle_timeout=_seconds_from_env(IDLE_TIMEOUT_ENV, settings.idle_timeout),
        still_there=_seconds_from_env(STILL_THERE_ENV, settings.still_there_seconds),
    )
    touring = options.tour or (tour.enabled and not options.windowed)
    return PlayerConfig(
        timings=timings,
        dwell=DwellDefaults(text=tour.text, image=tour.image, gallery_image=tour.gallery, article=tour.article),
        idle_mode=IdleMode.TOUR if touring else IdleMode.ATTRACT if settings.attract.enabled else IdleMode.HOME,
        language=options.lang or settings.language,
        volume=settings.volume / 100,
        attract_dwell=settings.attract.dwell,
        sessions=not options.windowed,
    )


class SignalWaker:
    """SIGINT and SIGTERM end Qt's loop cleanly, and end the process even when they cannot.

    Python runs signal handlers only between bytecodes, and Qt's loop may sleep in C for
    a long time; `set_wakeup_fd` writes the signal's number to a socket, and a QSocketNotifier
    wakes the loop (as qutebrowser does). Here a watcher thread reads that socket and passes
    the number on to the notifier, so that it also sees a signal while the GUI thread is stuck
    in C (a picture that never finishes decoding): if the process has not ended `grace_s`
    seconds after the signal, the watcher flushes the logs and ends it with the status the
    signal asks for.
    """

    def __init__(self, app: QApplication, *, grace_s: float = SIGNAL_GRACE_S) -> None:
        self.app = app
        self.grace_s = grace_s
        self.received: int | None = None
        self._signals, self._wakeup = socket.socketpair()
        self._reader, self._writer = socket.socketpair()
        self._wakeup.setblocking(False)
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._wakeup.fileno())
        self._previous = {sig: signal.signal(sig, self._handle) for sig in (signal.SIGINT, signal.SIGTERM)}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read)
        self._notifier.activated.connect(self._wake)
        self._deadline: threading.Timer | None = None
        threading.Thread(target=self._watch, name="kiosk-signals", daemon=True).start()

    def _handle(self, number: int, _frame: object) -> None:
        self.received = number

    def _watch(self) -> None:
        while True:
            try:
                data = self._signals.recv(64)
            except OSError:
                return
            if not data:
                return
            numbers = [number for number in data if number in (signal.SIGINT, signal.SIGTERM)]
            if not numbers:
                continue
            if self.received is None:
                self.received = numbers[0]
            with contextlib.suppress(OSError):
                self._writer.send(data)
            if self._deadline is None:
                self._deadline = threading.Timer(self.grace_s, self._leave, args=(numbers[0],))
                self._deadline.daemon = True
                self._deadline.start()

    def _leave(self, number: int) -> None:
        log.critical("still running %.0f s after %s; leaving now", self.grace_s, signal.Signals(number).name)
        for handler in logging.getLogger().handlers:
            with contextlib.suppress(Exception):
                handler.flush()
        os._exit(EXIT_INTERRUPTED if number == signal.SIGINT else EXIT_OK)

    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            self._reader.recv(64)
        if self.received is not None:
            name = signal.Signals(self.received).name
            log.info("%s received; stopping", name)
            self.app.exit(EXIT_INTERRUPTED if self.received == signal.SIGINT else EXIT_OK)

    def close(self) -> None:
        """Give the signals back once Qt's loop has ended (what follows cannot get stuck on a
        decoder: kiosk.ui.launch leaves without one that is)."""
        if self._deadline is not None:
            self._deadline.cancel()
        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous_fd)
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        for end in (self._wakeup, self._reader, self._writer):
            end.close()
        with contextlib.suppress(OSError):
            self._signals.shutdown(socket.SHUT_RDWR)
        self._signals.close()


class Recovers(Protocol):
    def recover(self) -> None: ...


class ErrorGuard:
    """Unexpected exceptions: logged with their traceback, then home; a burst is fatal.

    PySide hands an exception raised in a slot or a virtual method to `sys.excepthook`.
    """

    def __init__(self, app: QApplication, window: Recovers) -> None:
        self.app = app
        self.window = window
        self.times: deque[float] = deque(maxlen=ERROR_BURST)
        self.count = 0  # since the start, for the status file
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self.handle
        threading.excepthook = self._thread

    def handle(self, kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self.app.exit(EXIT_INTERRUPTED)
            return
        log.error("unexpected error: %s", error, exc_info=(kind, error, trace))
        self.count += 1
        now = time.monotonic()
        self.times.append(now)
        if len(self.times) == ERROR_BURST and now - self.times[0] < ERROR_WINDOW_S:
            log.critical("%d errors within %.0f s; exiting so the kiosk restarts fresh",
                         ERROR_BURST, ERROR_WINDOW_S)
            self.app.exit(EXIT_FAILED)
            return
        QTimer.singleShot(0, self._recover)

    def _recover(self) -> None:
        try:
            self.window.recover()
        except Exception:
            log.exception("returning home after an error failed too")

    def _thread(self, info: threading.ExceptHookArgs) -> None:
        self.count += 1
        log.error("unexpected error in thread %s", info.thread.name if info.thread else "?",
                  exc_info=(info.exc_type, info.exc_value or info.exc_type(), info.exc_traceback))

    def close(self) -> None:
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook


def _load_or_raise(path: Path) -> PlayableBundle:
    """Load for the store follower: a bundle that cannot play has its findings logged, then raises."""
    try:
        return load_playable(path, paths.cache_dir())
    except BundleLoadError as error:
        for finding in error.report.errors:
            log.error("%s", finding.format())
        raise


def load_bundle(path: Path) -> PlayableBundle | None:
    try:
        return load_playable(path, paths.cache_dir())
    except BundleLoadError as error:
        log.error("the bundle %s cannot be played: %d problem(s)", path, len(error.report.errors))
        for finding in error.report.errors:
            log.error("%s", finding.format())
        return None
    except OSError as error:
        log.error("the bundle %s cannot be read: %s", path, error)
        return None


def open_bundle(options: RunOptions, settings: Settings, *,
                follow: bool) -> tuple[PlayableBundle | None, StoreFollowing | None, str | None, str | None]:
    """The bundle to play, what follows the store when it is the store's active one, why the
    `bundle` setting's bundle does not play (None when it does, or none is set), and how the log
    names a bundle played instead of following the store (None when the store decides).

    kiosk.system.startup.choose_bundle decides which; this loads it. A `bundle` setting that
    names nothing playable, or an active bundle that does not load, is logged as an error and the
    next in that order plays: a device setting never stops the kiosk.
    """
    choice = choose_bundle(options.bundle, settings.bundle)
    if choice.chosen_by is ChosenBy.COMMAND_LINE:
        log.info("playing %s", choice.path)
        return load_bundle(choice.path), None, None, choice.pinned_note
    fallback = choice.setting_problem
    if choice.chosen_by is ChosenBy.SETTING:
        bundle = load_bundle(choice.path)
        if bundle is not None:
            log.info("playing %s, as the bundle setting says", choice.path)
            return bundle, None, None, choice.pinned_note
        fallback = "it cannot be played"
    if fallback is not None:
        log.error("the bundle setting %r names a bundle that will not play (%s); playing the store's active "
                  "bundle, or the sample", settings.bundle, fallback)
    bundle, following = _active_or_sample(settings, follow=follow)
    return bundle, following, fallback, None if following is not None else choice.pinned_note


def _active_or_sample(settings: Settings, *, follow: bool) -> tuple[PlayableBundle | None, StoreFollowing | None]:
    from kiosk.store import BundleFollower, Store, StoreError

    follower: BundleFollower[PlayableBundle] = BundleFollower(Store(keep_versions=settings.keep_versions),
                                                              load=_load_or_raise)
    try:
        bundle = follower.start()
    except (StoreError, OSError, ValueError) as error:
        log.warning("the store of installed bundles cannot be read (%s); playing the sample", error)
        follower.close()
        return load_bundle(paths.sample_bundle()), None
    if bundle is None:
        log.info("no installed bundle plays; playing the sample %s", paths.sample_bundle())
        bundle = load_bundle(paths.sample_bundle())
    else:
        log.info("playing the active bundle %s", follower.current_installed.label if follower.current_installed
                 else bundle.root)
    if not follow:
        follower.close()
        return bundle, None
    return bundle, StoreFollowing(follower)


def play(options: RunOptions, app: QApplication, loaded: settings_files.LoadedSettings,
         conditions: dict[str, Any] | None, kept: KeptFrame | None) -> int:
    """Everything after the first steps (kiosk.ui.launch): the bundle, the player and its window,
    the watchers, and Qt's loop until it ends."""
    settings = loaded.settings
    opened = _bundle_and_screen(options, loaded)
    if opened is None:
        return EXIT_FAILED
    bundle, following, index, fallback, pinned = opened
    recorder = None if options.windowed else Recorder.from_settings(settings)
    shell = KioskShell(player_config(options, settings), index, windowed=options.windowed,
                       cursor=settings.cursor, following=following, recorder=recorder)
    service, guard, waker = _watchers(app, shell, settings, options, fallback)
    desk = AdminDesk(shell, settings, windowed=options.windowed, errors=lambda: guard.count,
                     config_for=lambda changed: player_config(options, changed))

    def first_paint() -> None:
        window, player, shown = shell.window, shell.player, shell.bundle
        if service.ready_sent or window is None or player is None or shown is None:
            return
        service.ready(f"playing {shown.manifest.id} {shown.manifest.version}")
        window_ms = round(process_age_ms(), 1)
        touring = player.config.idle_mode is IdleMode.TOUR
        if kept is not None:
            QTimer.singleShot(0, kept.close_soon)  # once this paint has reached the screen
        elif conditions is not None and not touring and player.location.screen is Place.ATTRACT \
                and is_open(settings.opening_hours, datetime.now()):
            typeface = shown.manifest.theme.font
            keep_first_frame(window_image(window), conditions, shown.origin, shown.root,
                             also=[shown.file(typeface)] if typeface else [])
        if not options.windowed:  # the updater's HTTP and TLS code loads after the first frame
            from kiosk.ui.updates import start_updates

            shell.updates = start_updates(settings, following, pinned)
        kept_ms = kept.painted_ms if kept is not None else None
        logs.event(log, "startup", "first frame painted", first_paint_ms=kept_ms or window_ms,
                   window_paint_ms=window_ms, kept_frame=kept_ms is not None,
                   bundle=shown.manifest.id, version=shown.manifest.version, mode="windowed"
                   if options.windowed else "kiosk", tour=touring,
                   width=window.width(), height=window.height(), language=player.settings.language)

    shell.first_painted.connect(first_paint)
    collector = GuiThreadCollector(shell)
    shell.window_ready.connect(collector.watch)  # trims the C heap after screen changes
    quit_timer = _quit_timer(app, options.quit_after)
    try:
        shell.show(bundle)
        code = app.exec()
    except Exception:
        log.critical("the kiosk cannot run", exc_info=True)
        code = EXIT_FAILED
    finally:
        quit_timer.stop()  # a late app.exit() would end the next event loop in this process at once
        collector.close()
        service.stopping()
        waker.close()
        guard.close()
        desk.close()
        shell.close()
        app.processEvents()
    log.info("kiosk stopped with status %d", code)
    return code


def window_image(window: QWidget) -> QImage:
    """What the window shows now: a copy of its backing store, else a render of it."""
    store = window.backingStore()
    device = store.paintDevice() if store is not None else None
    if isinstance(device, QImage) and not device.isNull() and device.size() == window.size() * device.devicePixelRatio():
        return device.copy()
    return window.grab().toImage()


def _bundle_and_screen(options: RunOptions, loaded: settings_files.LoadedSettings
                       ) -> tuple[PlayableBundle, StoreFollowing | None, int | None, str | None, str | None] | None:
    """The bundle to play, what follows the store, the screen index, why the `bundle` setting's
    bundle does not play, and the pinned bundle's name for the log; None (logged) if the bundle
    or the screen is missing."""
    bundle, following, fallback, pinned = open_bundle(options, loaded.settings, follow=not options.windowed)
    index = screen_index(options, loaded)
    if bundle is not None:
        try:
            pick_screen(index)
        except RuntimeError:
            log.critical("there is no screen to show the kiosk on")
        else:
            return bundle, following, index, fallback, pinned
    if following is not None:
        following.close()
    return None


def _watchers(app: QApplication, shell: KioskShell, settings: Settings, options: RunOptions,
              fallback: str | None = None) -> tuple[ServiceLink, ErrorGuard, SignalWaker]:
    """What watches the running kiosk: the service manager's link, the error guard, the signals,
    and in kiosk mode the status file (owned by the shell; it writes its last lines as Qt's loop ends),
    which says so when the `bundle` setting's bundle did not play."""
    guard = ErrorGuard(app, shell)
    if not options.windowed:
        writer = StatusWriter.from_settings(settings, shell, guard, parent=shell)
        if fallback is not None and settings.bundle:
            writer.note_bundle_fallback(settings.bundle, fallback)
    return ServiceLink(), guard, SignalWaker(app)


def _quit_timer(app: QApplication, seconds: float | None) -> QTimer:
    """`--quit-after`: a timer that ends Qt's loop (idle when not asked for)."""
    timer = QTimer()
    timer.setSingleShot(True)

    def stop() -> None:
        log.info("--quit-after %s s: stopping", seconds)
        app.exit(EXIT_OK)

    timer.timeout.connect(stop)
    if seconds:
        timer.start(round(seconds * 1000))
    return timer
