"""faulthandler writes a crash's stack to a file in the log folder; the next start reports
what it found there, then starts a fresh file."""

from __future__ import annotations

import faulthandler
import logging
import time
from pathlib import Path
from typing import IO

log = logging.getLogger("kiosk.system")
FILENAME = "crash.log"
_handle: IO[str] | None = None


def report_previous_crash(folder: Path) -> str | None:
    """The previous run's fatal-error record, if it left one; it is moved aside."""
    path = folder / FILENAME
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return None
    if not text:
        return None
    kept = folder / f"crash-{time.strftime('%Y%m%d-%H%M%S')}.log"
    try:
        path.replace(kept)
    except OSError:
        kept = path
    first = next((line for line in text.splitlines() if line.strip()), "")
    log.error("the previous run crashed (%s); its stack is in %s", first, kept)
    return text


def enable(folder: Path) -> Path:
    """Send fatal errors' stacks (segfaults, aborts) of every thread to the crash file."""
    global _handle
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FILENAME
    _handle = open(path, "w", encoding="utf-8")  # noqa: SIM115 - stays open for faulthandler
    faulthandler.enable(_handle, all_threads=True)
    return path


def disable() -> None:
    """A clean exit: stop recording and leave an empty file, so the next start finds nothing."""
    global _handle
    faulthandler.disable()
    if _handle is not None:
        _handle.close()
        Path(_handle.name).write_text("", encoding="utf-8")
        _handle = None
