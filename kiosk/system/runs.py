"""How often the kiosk has started on this machine, and how its previous run ended.

A restart is invisible from inside one process, so each start is counted in a small JSON
file in the state folder. A run is marked as running when it starts and stopped (with its
exit status) when it ends; the next start finds out whether the run before it ended
cleanly: it did not if the mark says it was still running (a crash, a kill by the
watchdog, a power cut), if it exited with a failure, or if it left a crash record in the
log folder. The status file reports the counts, so fleet monitoring sees restarts.
Qt-free.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger("kiosk.system")

FILENAME = "runs.json"
CLEAN_EXITS = (0, 130)  # stopped by the service manager or by an operator's Ctrl+C


@dataclass(frozen=True)
class RunRecord:
    """This run as counted at its start."""

    starts: int
    """Starts on this machine, this one included."""
    unclean: int
    """Starts that followed a run which did not end cleanly."""
    previous_unclean: bool
    started_at: float
    last_input: float | None
    """The last visitor input (Unix time) known to any run, or None."""


def _read(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        log.warning("%s cannot be read (%s); counting starts afresh", path, error)
        return {}
    return document if isinstance(document, dict) else {}


def _write(path: Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _number(document: dict[str, Any], key: str) -> float | None:
    value = document.get(key)
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def crashed_since(log_folder: Path | None, since: float) -> bool:
    """Whether a crash record (faulthandler's file, or one moved aside at start) is newer than `since`."""
    if log_folder is None or not log_folder.is_dir():
        return False
    for path in [log_folder / "crash.log", *log_folder.glob("crash-*.log")]:
        try:
            stat = path.stat()
        except OSError:
            continue
        if stat.st_size > 0 and stat.st_mtime >= since:
            return True
    return False


class RunLog:
    """The runs file in `folder` (the state folder); every method logs instead of raising."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / FILENAME

    def start(self, log_folder: Path | None = None, now: float | None = None) -> RunRecord:
        now = time.time() if now is None else now
        before = _read(self.path)
        previous_start = _number(before, "started_at")
        exit_status = before.get("exit_status")
        previous_unclean = bool(before) and (
            before.get("running") is True
            or (exit_status is not None and exit_status not in CLEAN_EXITS)
            or (previous_start is not None and crashed_since(log_folder, previous_start)))
        starts = int(_number(before, "starts") or 0) + 1
        unclean = int(_number(before, "unclean") or 0) + previous_unclean
        last_input = _number(before, "last_input")
        self._save({"starts": starts, "unclean": unclean, "running": True, "started_at": now,
                    "pid": os.getpid(), "last_input": last_input, "exit_status": None})
        return RunRecord(starts, unclean, previous_unclean, now, last_input)

    def note_input(self, when: float) -> None:
        """Keep the last visitor input, so a restart does not forget it."""
        document = _read(self.path)
        if document:
            self._save({**document, "last_input": when})

    def stop(self, exit_status: int) -> None:
        document = _read(self.path)
        if document:
            self._save({**document, "running": False, "exit_status": exit_status})

    def _save(self, document: dict[str, Any]) -> None:
        try:
            _write(self.path, document)
        except OSError as error:
            log.warning("cannot count this start in %s: %s", self.path, error)
