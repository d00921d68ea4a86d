"""The running kiosk's status file for fleet monitoring (the `status_file` setting).

Every minute, at start and at a clean stop, the kiosk replaces a Prometheus textfile
(node-exporter's textfile collector reads it) with its uptime, the last visitor input,
the bundle it plays, its errors and restarts and its memory. The write is a few hundred
bytes and the memory figure one read of /proc, so a GUI-thread timer does it. A file that
cannot be written is logged once (and again when it works) and never stops the kiosk.

Starts are counted whether or not a status file is set, so the counts are right on the
day monitoring is switched on.
"""

from __future__ import annotations

import logging
import socket
import time
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from kiosk import __version__, paths
from kiosk.system import status
from kiosk.system.runs import RunLog

if TYPE_CHECKING:
    from kiosk.bundle.playable import PlayableBundle
    from kiosk.settings.model import Settings
    from kiosk.ui.window import KioskWindow

log = logging.getLogger("kiosk.app")

INTERVAL_MS = 60_000


class Shows(Protocol):
    """What the writer reads from the kiosk: the bundle and window on screen now (KioskShell)."""

    bundle: PlayableBundle | None
    window: KioskWindow | None


class Counts(Protocol):
    """ErrorGuard: the unexpected exceptions it has handled."""

    count: int


def _last_input(window: KioskWindow | None) -> float | None:
    """The window's latest visitor input, in Unix time (it keeps a perf_counter reading)."""
    presence = getattr(window, "presence", None)
    at = getattr(presence, "last_input_at", 0.0)
    if not at:
        return None
    return time.time() - (time.perf_counter() - at)


class StatusWriter(QObject):
    def __init__(self, path: Path | None, shell: Shows, *, kiosk_id: str = "", guard: Counts | None = None,
                 interval_ms: int = INTERVAL_MS, state_folder: Path | None = None,
                 log_folder: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.shell = shell
        self.guard = guard
        self.kiosk_id = kiosk_id or socket.gethostname()
        self.started = time.monotonic()
        self.runs = RunLog(state_folder or paths.state_dir())
        self.record = self.runs.start(log_folder or paths.log_dir())
        if self.record.previous_unclean:
            log.warning("the previous run did not end cleanly (a crash, a kill or a failure); "
                        "restarts after such an end so far: %d", self.record.unclean)
        self.last_input = self.record.last_input
        self._saved_input = self.last_input
        self.errors = status.ErrorCount()
        logging.getLogger().addHandler(self.errors)
        self.failing = False
        self.writes = 0
        self.bundle_fallback: str | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)
        if path is not None:
            self.timer.start()
            QTimer.singleShot(0, self, self.tick)  # once the loop runs, with the bundle on screen
            log.info("status file: %s, rewritten every %d s", path, interval_ms // 1000)
        self.stopped = False
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._on_quit)

    @classmethod
    def from_settings(cls, settings: Settings, shell: Shows, guard: Counts | None = None, *,
                      parent: QObject | None = None) -> StatusWriter:
        path = Path(settings.status_file).expanduser() if settings.status_file else None
        return cls(path, shell, kiosk_id=settings.kiosk_id, guard=guard, parent=parent)

    def note_bundle_fallback(self, wanted: str, why: str) -> None:
        """The `bundle` setting's bundle did not play (logged as an error before this writer counted)."""
        self.bundle_fallback = f"{wanted}: {why}"
        self.errors.count += 1

    def health(self, *, running: bool = True) -> status.Health:
        bundle = self.shell.bundle
        manifest = bundle.manifest if bundle is not None else None
        seen = _last_input(self.shell.window)
        if seen is not None and (self.last_input is None or seen > self.last_input):
            self.last_input = seen
        now = time.time()
        return status.Health(
            kiosk_id=self.kiosk_id,
            bundle_id=manifest.id if manifest else "",
            bundle_version=(manifest.version or "") if manifest else "",
            uptime_seconds=time.monotonic() - self.started,
            last_input_age_seconds=max(0.0, now - self.last_input) if self.last_input is not None else None,
            errors_total=self.errors.count,
            restarts_total=self.record.unclean,
            rss_bytes=status.rss_bytes(),
            started_at=self.record.started_at,
            last_input_at=self.last_input,
            starts_total=self.record.starts,
            previous_run_crashed=self.record.previous_unclean,
            unexpected_errors_total=getattr(self.guard, "count", None),
            running=running,
            kiosk_version=__version__,
            bundle_fallback=self.bundle_fallback,
        )

    def tick(self) -> None:
        health = self.health()
        if self.last_input is not None and self.last_input != self._saved_input:
            self._saved_input = self.last_input
            self.runs.note_input(self.last_input)
        self.write(health)

    def write(self, health: status.Health) -> bool:
        """Replace the status file; False (logged once per outage) when it cannot be written."""
        if self.path is None:
            return False
        try:
            status.write(self.path, health)
        except OSError as error:
            if not self.failing:
                log.warning("cannot write the status file %s: %s; trying again every %d s",
                            self.path, error.strerror or error, self.timer.interval() // 1000)
            self.failing = True
            return False
        if self.failing:
            log.info("the status file %s is written again", self.path)
        self.failing = False
        self.writes += 1
        return True

    def _on_quit(self) -> None:
        """Qt's loop ends: a failure exit is always logged as critical first (see kiosk.ui.app)."""
        self.stop(1 if self.errors.critical else 0)

    def stop(self, exit_status: int) -> None:
        """The last write says the kiosk is not running; the next start learns how this run ended."""
        if self.stopped:
            return
        self.stopped = True
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.disconnect(self._on_quit)
        self.timer.stop()
        if self.path is not None:
            self.write(self.health(running=False))
        if self.last_input is not None and self.last_input != self._saved_input:
            self.runs.note_input(self.last_input)
        self.runs.stop(exit_status)
        logging.getLogger().removeHandler(self.errors)
