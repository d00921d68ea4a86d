"""Writing to disk so that a crash or a power cut at any moment leaves either the old state or
the new one, never a mix: write a temporary file, fsync it, rename it over the old one, fsync
the folder. Also the store's lock, and the crash-point hook the kill -9 test uses.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl

log = logging.getLogger("kiosk.store")

KILL_AT_VARIABLE = "KIOSK_TEST_KILL_AT"
_kill_at = os.environ.get(KILL_AT_VARIABLE, "")
_points_passed = 0


def crash_point(name: str) -> None:
    """A test hook: with KIOSK_TEST_KILL_AT=K the process kills itself at its K-th crash point.

    K is a number (the K-th call in this process) or a point's name. The kill -9 test runs
    `kiosk install` once per K and checks the store after each death. Without the variable
    this costs one comparison.
    """
    global _points_passed
    if not _kill_at:
        return
    _points_passed += 1
    if _kill_at in (str(_points_passed), name):
        sys.stderr.write(f"{KILL_AT_VARIABLE}: killed at crash point {_points_passed}: {name}\n")
        sys.stderr.flush()
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


def fsync_dir(path: Path) -> None:
    """Make a folder's entries (files created, renamed or removed in it) durable."""
    if os.name == "nt":  # Windows has no directory handles to fsync; NTFS journals them.
        return
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step: readers see the old bytes or the new ones."""
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            crash_point(f"write {path.name}: temporary written")
            handle.flush()
            os.fsync(handle.fileno())
        crash_point(f"write {path.name}: temporary synced")
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise
    crash_point(f"write {path.name}: replaced")
    fsync_dir(path.parent)
    crash_point(f"write {path.name}: folder synced")


def write_json(path: Path, document: dict[str, Any]) -> None:
    atomic_write(path, (json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode())


def read_json(path: Path) -> dict[str, Any] | None:
    """The JSON object in `path`; None when the file is absent. Raises ValueError when damaged."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as error:
        raise ValueError(f"{path} is not UTF-8 text") from error
    document = json.loads(text)
    if not isinstance(document, dict):
        raise ValueError(f"{path} does not hold a JSON object")
    return document


def _lock(handle: IO[bytes], *, shared: bool, wait: bool) -> bool:
    """Lock an open file; False when `wait` is off and another process holds the lock.

    Windows has no shared locks: there a lease is exclusive, which only means that two
    readers of one bundle wait for each other.
    """
    if sys.platform == "win32":
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    flags = (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | (0 if wait else fcntl.LOCK_NB)
    try:
        fcntl.flock(handle.fileno(), flags)
    except BlockingIOError:
        return False
    return True


@contextlib.contextmanager
def file_lock(path: Path, *, shared: bool = False, wait: bool = True) -> Iterator[bool]:
    """Hold a lock on `path` (created if needed); yields False if not waiting and it is taken.

    The operating system releases it when the process dies, even by kill -9, so a crash never
    leaves the store locked.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("ab") as handle:
        yield _lock(handle, shared=shared, wait=wait)


class Lease:
    """A shared lock held for as long as something (the running kiosk) uses a bundle.

    Removing a version takes the same lock exclusively, without waiting: a version on screen
    is never deleted from under the player.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._handle: IO[bytes] | None = path.open("ab")
        _lock(self._handle, shared=True, wait=True)

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def __enter__(self) -> Lease:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
