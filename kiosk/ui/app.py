"""`kiosk run`: the application around the player's window.

It sets up logging (Qt's messages included), loads the bundle, builds the player and its
window, locks the window down (or opens it as the archive viewer), and runs Qt's loop
until a signal, `--quit-after`, or a fatal error ends it. Visitors never see a dialog or a
traceback: an unexpected exception is logged and the kiosk returns home; a burst of them
exits with status 1 so the service manager starts a fresh process.
"""

from __future__ import annotations

import argparse
import contextlib
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

from PySide6.QtCore import QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication

from kiosk import APP_NAME, __version__, logs, paths
from kiosk.bundle.playable import BundleLoadError, PlayableBundle, load_playable
from kiosk.play.player import IdleMode, Player, PlayerConfig
from kiosk.play.session import SessionTimings
from kiosk.ui import qtlog
from kiosk.ui.lockdown import Lockdown, pick_screen
from kiosk.ui.window import KioskWindow

log = logging.getLogger("kiosk.app")

EXIT_OK, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 130
ERROR_BURST = 10
ERROR_WINDOW_S = 60.0
# For trying the kiosk by hand (a short idle time); device settings replace these.
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
    from kiosk.store import StoreError  # noqa: PLC0415 (only `kiosk run` without a bundle needs it)
    from kiosk.store import active_bundle as store_active  # noqa: PLC0415

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


def player_config(args: argparse.Namespace) -> PlayerConfig:
    timings = SessionTimings(
        idle_timeout=_seconds_from_env(IDLE_TIMEOUT_ENV, SessionTimings.idle_timeout),
        still_there=_seconds_from_env(STILL_THERE_ENV, SessionTimings.still_there),
    )
    return PlayerConfig(
        timings=timings,
        idle_mode=IdleMode.TOUR if args.tour else IdleMode.ATTRACT,
        language=args.lang,
        sessions=not args.windowed,
    )


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


class ErrorGuard:
    """Unexpected exceptions: logged with their traceback, then home; a burst is fatal."""

    def __init__(self, app: QApplication, window: KioskWindow) -> None:
        self.app = app
        self.window = window
        self.times: deque[float] = deque(maxlen=ERROR_BURST)
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self.handle
        threading.excepthook = self._thread

    def handle(self, kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self.app.exit(EXIT_INTERRUPTED)
            return
        log.error("unexpected error: %s", error, exc_info=(kind, error, trace))
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
        log.error("unexpected error in thread %s", info.thread.name if info.thread else "?",
                  exc_info=(info.exc_type, info.exc_value or info.exc_type(), info.exc_traceback))

    def close(self) -> None:
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook


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


def run(args: argparse.Namespace) -> int:
    """Play a bundle until told to stop; the process's exit status."""
    logs.setup(args.log_format)
    try:
        with qtlog.routed():
            return _run(args)
    finally:
        logs.teardown()


def _run(args: argparse.Namespace) -> int:
    path = args.bundle or active_bundle()
    log.info("kiosk %s starting: %s%s", __version__, path, " (windowed)" if args.windowed else "")
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        app = QApplication([sys.argv[0] if sys.argv else APP_NAME])
    app.setApplicationName(APP_NAME)
    app.setQuitOnLastWindowClosed(args.windowed)
    bundle = load_bundle(Path(path))
    if bundle is None:
        return EXIT_FAILED
    player = Player(bundle.manifest, player_config(args))
    try:
        screen = pick_screen(args.screen)
    except RuntimeError:
        log.critical("there is no screen to show the kiosk on")
        return EXIT_FAILED
    available = screen.availableGeometry()
    size = available.size() * 0.8 if args.windowed else screen.geometry().size()
    window = KioskWindow(bundle, player, windowed=args.windowed, size=size)
    guard = ErrorGuard(app, window)
    waker = SignalWaker(app)
    lockdown: Lockdown | None = None

    def first_paint() -> None:
        logs.event(log, "startup", "first frame painted", first_paint_ms=round(process_age_ms(), 1),
                   bundle=bundle.manifest.id, version=bundle.manifest.version, mode="windowed"
                   if args.windowed else "kiosk", tour=bool(args.tour), width=window.width(),
                   height=window.height(), language=player.settings.language)

    window.first_painted.connect(first_paint)
    try:
        player.start()
        if args.windowed:
            window.move(available.center() - window.rect().center())
            window.show()
        else:
            lockdown = Lockdown(window, screen)
            lockdown.apply()
            lockdown.show()
        if args.quit_after:
            QTimer.singleShot(round(args.quit_after * 1000), lambda: _quit_after(app, args.quit_after))
        code = app.exec()
    except Exception:
        log.critical("the kiosk cannot run", exc_info=True)
        code = EXIT_FAILED
    finally:
        waker.close()
        guard.close()
        window.shutdown()
        if lockdown is not None:
            lockdown.release()
        window.deleteLater()
        app.processEvents()
    log.info("kiosk stopped with status %d", code)
    return code


def _quit_after(app: QApplication, seconds: float) -> None:
    log.info("--quit-after %s s: stopping", seconds)
    app.exit(EXIT_OK)
