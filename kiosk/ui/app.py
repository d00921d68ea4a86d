"""`kiosk run`: the application around the player's window.

It sets up logging (Qt's messages included) and the crash record, reads the device
settings, checks that Qt can show a window, picks and loads the bundle, builds the player
and its window (`KioskShell`), locks the window down (or opens it as the archive viewer),
and runs Qt's loop until a signal, `--quit-after`, or a fatal error ends it. Command-line
options win over the settings. Visitors never see a dialog or a traceback: an unexpected
exception is logged and the kiosk returns home; a burst of them exits with status 1 so the
service manager starts a fresh process.
"""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections import deque
from pathlib import Path
from types import TracebackType
from typing import Protocol

from PySide6.QtCore import QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication

from kiosk import APP_NAME, __version__, logs, paths
from kiosk.analytics.recorder import Recorder
from kiosk.bundle.playable import BundleLoadError, PlayableBundle, load_playable
from kiosk.play.player import IdleMode, PlayerConfig
from kiosk.play.session import SessionTimings
from kiosk.play.tour import DwellDefaults
from kiosk.settings import files as settings_files
from kiosk.settings.model import Settings
from kiosk.system import crashlog
from kiosk.ui import fonts, qtlog
from kiosk.ui.admin import AdminDesk
from kiosk.ui.collector import GuiThreadCollector
from kiosk.ui.following import StoreFollowing
from kiosk.ui.lockdown import pick_screen
from kiosk.ui.service import ServiceLink, platform_advice
from kiosk.ui.shell import KioskShell
from kiosk.ui.status_writer import StatusWriter
from kiosk.ui.updates import start_updates

log = logging.getLogger("kiosk.app")

EXIT_OK, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 130
ERROR_BURST = 10
ERROR_WINDOW_S = 60.0
# For trying the kiosk by hand: they win over the device settings, which allow no less than 10 s.
IDLE_TIMEOUT_ENV = "KIOSK_IDLE_TIMEOUT"
STILL_THERE_ENV = "KIOSK_STILL_THERE"

_MODULE_LOADED = time.monotonic()


def process_age_ms() -> float:
    """Milliseconds since this process started (since this module loaded, where unknown)."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return (time.clock_gettime(time.CLOCK_BOOTTIME) - started) * 1000
    except (OSError, ValueError, IndexError, AttributeError):
        return (time.monotonic() - _MODULE_LOADED) * 1000


def active_bundle() -> Path:
    """The bundle to play when none is named: the one place that decides.

    The store's active bundle if one is installed, else the sample exhibition that ships
    with the kiosk. A store that cannot be read is logged and the sample plays.
    """
    from kiosk.store import StoreError
    from kiosk.store import active_bundle as store_active

    try:
        installed = store_active()
    except (StoreError, OSError, ValueError) as error:
        log.warning("the store of installed bundles cannot be read (%s); playing the sample", error)
        installed = None
    return installed if installed is not None else paths.sample_bundle()


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


def player_config(args: argparse.Namespace, settings: Settings | None = None) -> PlayerConfig:
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
    touring = bool(args.tour) or (tour.enabled and not args.windowed)
    return PlayerConfig(
        timings=timings,
        dwell=DwellDefaults(text=tour.text, image=tour.image, gallery_image=tour.gallery, article=tour.article),
        idle_mode=IdleMode.TOUR if touring else IdleMode.ATTRACT if settings.attract.enabled else IdleMode.HOME,
        language=args.lang or settings.language,
        volume=settings.volume / 100,
        attract_dwell=settings.attract.dwell,
        sessions=not args.windowed,
    )


def screen_index(args: argparse.Namespace, loaded: settings_files.LoadedSettings) -> int | None:
    """`--screen`, else the `screen` setting if the file sets it, else None (the primary screen)."""
    if args.screen is not None:
        return int(args.screen)
    return loaded.settings.screen if "screen" in loaded.explicit else None


def settings_bundle(spec: str) -> Path | None:
    """The bundle the `bundle` setting names: an installed bundle's id (or ID@VERSION), else a path."""
    from kiosk.store import Store, StoreError

    try:
        return Store().find(spec).path
    except (StoreError, OSError, ValueError):
        pass
    path = Path(spec).expanduser()
    if path.exists():
        return path
    log.error("the bundle setting %r is neither an installed bundle nor a folder or zip; "
              "playing the store's active bundle", spec)
    return None


class SignalWaker:
    """SIGINT and SIGTERM end Qt's loop cleanly.

    Python runs signal handlers only between bytecodes, and Qt's loop may sleep in C for
    a long time; `set_wakeup_fd` writes the signal's number to a socket that a
    QSocketNotifier watches, so the loop wakes at once (as qutebrowser does).
    """

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.received: int | None = None
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._previous = {sig: signal.signal(sig, self._handle) for sig in (signal.SIGINT, signal.SIGTERM)}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read)
        self._notifier.activated.connect(self._wake)

    def _handle(self, number: int, _frame: object) -> None:
        self.received = number

    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            self._reader.recv(64)
        if self.received is not None:
            name = signal.Signals(self.received).name
            log.info("%s received; stopping", name)
            self.app.exit(EXIT_INTERRUPTED if self.received == signal.SIGINT else EXIT_OK)

    def close(self) -> None:
        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous_fd)
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        self._reader.close()
        self._writer.close()


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


def open_bundle(args: argparse.Namespace, settings: Settings, *,
                follow: bool) -> tuple[PlayableBundle | None, StoreFollowing | None]:
    """The bundle to play and, when it is the store's active one, what follows the store.

    The bundle named on the command line, else the `bundle` setting, else the store's active
    bundle (followed: a newly activated bundle replaces it between visits), else the sample.
    An active bundle that does not load is logged and the sample plays.
    """
    named = Path(args.bundle) if args.bundle else (settings_bundle(settings.bundle) if settings.bundle else None)
    if named is not None:
        log.info("playing %s", named)
        return load_bundle(named), None
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


def run(args: argparse.Namespace) -> int:
    """Play a bundle until told to stop; the process's exit status."""
    logs.setup(args.log_format)
    try:
        with qtlog.routed():
            return _run_recording_crashes(args)
    finally:
        logs.teardown()


def _run_recording_crashes(args: argparse.Namespace) -> int:
    """A fatal crash (a segfault in a decoder) leaves its stack in the log folder for the next start."""
    folder = paths.log_dir()
    crashlog.report_previous_crash(folder)
    already = faulthandler.is_enabled()  # pytest's, or python -X faulthandler: given back at the end
    try:
        crashlog.enable(folder)
    except OSError as error:
        log.warning("fatal errors will not be recorded: %s", error)
    try:
        return _run(args)
    finally:
        crashlog.disable()
        if already and sys.__stderr__ is not None:
            faulthandler.enable(sys.__stderr__, all_threads=True)


def _run(args: argparse.Namespace) -> int:
    loaded = settings_files.load()
    settings = loaded.settings
    log.info("kiosk %s starting%s", __version__, " (windowed)" if args.windowed else "")
    advice = platform_advice()
    if advice is not None:
        log.critical("Qt cannot show a window on this system")
        print(advice, file=sys.stderr)
        return EXIT_FAILED
    app = _application(args)
    if not args.windowed:
        _warn_about(settings)
    opened = _bundle_and_screen(args, loaded)
    if opened is None:
        return EXIT_FAILED
    bundle, following, index = opened
    recorder = None if args.windowed else Recorder.from_settings(settings)
    shell = KioskShell(player_config(args, settings), index, windowed=args.windowed,
                       cursor=settings.cursor, following=following, recorder=recorder)
    shell.updates = None if args.windowed else start_updates(settings, following, args.bundle)
    service, guard, waker = _watchers(app, shell, settings, args)
    desk = AdminDesk(shell, settings, windowed=args.windowed, errors=lambda: guard.count,
                     config_for=lambda changed: player_config(args, changed))

    def first_paint() -> None:
        window, player, shown = shell.window, shell.player, shell.bundle
        if service.ready_sent or window is None or player is None or shown is None:
            return
        service.ready(f"playing {shown.manifest.id} {shown.manifest.version}")
        logs.event(log, "startup", "first frame painted", first_paint_ms=round(process_age_ms(), 1),
                   bundle=shown.manifest.id, version=shown.manifest.version, mode="windowed"
                   if args.windowed else "kiosk", tour=player.config.idle_mode is IdleMode.TOUR,
                   width=window.width(), height=window.height(), language=player.settings.language)

    shell.first_painted.connect(first_paint)
    collector = GuiThreadCollector(shell)
    quit_timer = _quit_timer(app, args.quit_after)
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


def _bundle_and_screen(args: argparse.Namespace, loaded: settings_files.LoadedSettings
                       ) -> tuple[PlayableBundle, StoreFollowing | None, int | None] | None:
    """The bundle to play, what follows the store, and the screen index; None (logged) if one is missing."""
    bundle, following = open_bundle(args, loaded.settings, follow=not args.windowed)
    index = screen_index(args, loaded)
    if bundle is not None:
        try:
            pick_screen(index)
        except RuntimeError:
            log.critical("there is no screen to show the kiosk on")
        else:
            return bundle, following, index
    if following is not None:
        following.close()
    return None


def _watchers(app: QApplication, shell: KioskShell, settings: Settings,
              args: argparse.Namespace) -> tuple[ServiceLink, ErrorGuard, SignalWaker]:
    """What watches the running kiosk: the service manager's link, the error guard, the signals,
    and in kiosk mode the status file (owned by the shell; it writes its last lines as Qt's loop ends)."""
    guard = ErrorGuard(app, shell)
    if not args.windowed:
        StatusWriter.from_settings(settings, shell, guard, parent=shell)
    return ServiceLink(), guard, SignalWaker(app)


def _application(args: argparse.Namespace) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0] if sys.argv else APP_NAME])
    app.setApplicationName(APP_NAME)
    app.setQuitOnLastWindowClosed(args.windowed)
    fonts.register_app_fonts()  # about 7 ms; before any window is styled
    return app


def _warn_about(settings: Settings) -> None:
    """Kiosk mode: settings this kiosk cannot honour yet, or that leave it unprotected."""
    if settings.admin_pin is None:
        log.warning("no admin PIN is set: set one with 'kiosk set-pin' before the kiosk is left alone")


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
