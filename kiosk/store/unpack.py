"""Copying a bundle's files out of a zip or a folder into a staging folder, in one pass.

Each file is read once: in large chunks, hashed as it is written (so `checksums.sha256` is
verified and the bundle's content digest computed without reading anything twice), and
fsynced by a helper thread (a `kiosk.background.WorkPool`) while the next file is being
written, so the disk works while Python does. Only entries the source accepted are ever written, and only under `target`.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import shutil
import threading
import zipfile
import zlib
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.background import WorkPool
from kiosk.bundle import checksums
from kiosk.bundle.checksums import ChecksumProblem
from kiosk.bundle.source import BundleSource, DamagedEntryError, path_problem
from kiosk.store.durable import crash_point, fsync_dir
from kiosk.store.errors import StoreError

log = logging.getLogger("kiosk.store")

CHUNK = 4 * 1024 * 1024
DISK_MARGIN = 100 * 1024 * 1024
MAX_PENDING_SYNCS = 32
Progress = Callable[[int, int], None]
FREE_SPACE_HINT = "free some disk space: remove bundles you no longer need with 'kiosk remove'"
DISK_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO})
DAMAGED = (zipfile.BadZipFile, EOFError, zlib.error, OSError, RuntimeError, ValueError, NotImplementedError)


class InstallCancelledError(StoreError):
    def __init__(self) -> None:
        super().__init__("the install was cancelled")


class DiskFullError(StoreError):
    """Writing failed for lack of space (or another reason of the disk's, not the bundle's)."""


@dataclass
class Unpacked:
    """What was written: each file's SHA-256, and the problems found on the way."""

    hashes: dict[str, str] = field(default_factory=dict)
    size: int = 0
    problems: list[ChecksumProblem] = field(default_factory=list)

    @property
    def digest(self) -> str:
        """The bundle's identity: the SHA-256 of its sorted `sha256sum`-style listing."""
        listing = "".join(f"{self.hashes[path]}  {path}\n" for path in sorted(self.hashes))
        return hashlib.sha256(listing.encode()).hexdigest()


def megabytes(size: int) -> str:
    return f"{size / 1024**2:,.1f} MB"


def check_free_disk(where: Path, needed: int) -> str | None:
    """Why `needed` bytes cannot be unpacked at `where`, or None when there is room."""
    free = shutil.disk_usage(where).free
    if needed + DISK_MARGIN <= free:
        return None
    return (f"not enough free disk space: unpacking needs {megabytes(needed)} plus {megabytes(DISK_MARGIN)} "
            f"to spare, and {megabytes(free)} are free on {where}")


def _is_safe(path: str) -> bool:
    """The sources already refuse unsafe names by this same rule; this is the last line of defence."""
    return path_problem(path) is None


class _Syncer:
    """fsync and close files on a helper thread, a bounded number at a time."""

    def __init__(self, durable: bool) -> None:
        self.durable = durable
        self._pool = WorkPool("kiosk-fsync") if durable else None
        self._pending: deque[Future[None]] = deque()

    @staticmethod
    def _finish(descriptor: int, sync: bool) -> None:
        try:
            if sync:
                os.fsync(descriptor)
        finally:
            os.close(descriptor)

    def hand_over(self, descriptor: int) -> None:
        if self._pool is None:
            os.close(descriptor)
            return
        self._pending.append(self._pool.submit(self._finish, descriptor, True))
        while len(self._pending) > MAX_PENDING_SYNCS:
            self._pending.popleft().result()

    def wait(self) -> None:
        while self._pending:
            self._pending.popleft().result()

    def close(self) -> None:
        """Finish what was handed over (each job closes its file) and stop the thread."""
        if self._pool is not None:
            self._pool.shutdown(cancel_waiting=False)
            self._pending.clear()


def unpack(source: BundleSource, files: list[str], target: Path, *, expected: dict[str, str] | None,
           durable: bool = True, progress: Progress | None = None,
           cancel: threading.Event | None = None) -> Unpacked:
    """Write `files` of `source` under `target` (created; must not exist), hashing each.

    A damaged entry or a checksum mismatch is recorded in `problems` and unpacking goes on,
    so that every damaged file is named at once. A disk that cannot take the files raises
    DiskFullError; `cancel` raises InstallCancelledError.
    """
    result = Unpacked()
    total = sum(source.sizes[path] for path in files)
    target.mkdir(parents=False)
    made: set[Path] = {target}
    syncer = _Syncer(durable)
    try:
        for path in sorted(files):
            if cancel is not None and cancel.is_set():
                raise InstallCancelledError
            if not _is_safe(path):
                result.problems.append(ChecksumProblem(path, "is not a safe path inside the bundle"))
                continue
            destination = target / path
            if not _make_parents(destination.parent, target, made, path, result):
                continue
            digest = _copy_one(source, path, destination, syncer=syncer, result=result, total=total,
                               progress=progress)
            if digest is None:
                continue
            result.hashes[path] = digest
            if expected is not None and path in expected and expected[path] != digest:
                result.problems.append(checksums.mismatch(path))
            crash_point(f"unpack: wrote {path}")
        syncer.wait()
        crash_point("unpack: files synced")
        if durable:
            for folder in sorted(made, key=lambda p: len(p.parts), reverse=True):
                fsync_dir(folder)
    finally:
        syncer.close()
    return result


def _make_parents(folder: Path, target: Path, made: set[Path], path: str, result: Unpacked) -> bool:
    """Create the folders `path` needs; False (and a problem recorded once) when one cannot be."""
    missing: list[Path] = []
    while folder not in made:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        relative = folder.relative_to(target).as_posix()
        if any(problem.path == relative for problem in result.problems):
            return False
        try:
            folder.mkdir()
        except FileExistsError:
            message = f"is a file, but '{path}' needs a folder of that name"
            result.problems.append(ChecksumProblem(relative, message, hint="rename the file or the folder"))
            return False
        except OSError as error:
            if error.errno in DISK_ERRNOS:
                raise DiskFullError(f"'{path}' cannot be written: {error.strerror}",
                                    FREE_SPACE_HINT) from None
            result.problems.append(ChecksumProblem(path, f"cannot be written on this disk: {error.strerror}"))
            return False
        made.add(folder)
    return True


def _copy_one(source: BundleSource, path: str, destination: Path, *, syncer: _Syncer, result: Unpacked,
              total: int, progress: Progress | None) -> str | None:
    """Copy one file, returning its SHA-256; None (and a problem recorded) if it is damaged."""
    try:
        descriptor = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                             0o644)
    except FileExistsError:
        result.problems.append(ChecksumProblem(
            path, "clashes with another file whose name differs only in case or accents",
            hint="this disk cannot tell them apart: rename one of them"))
        return None
    except OSError as error:
        if error.errno in DISK_ERRNOS:
            raise DiskFullError(f"'{path}' cannot be written: {error.strerror}", FREE_SPACE_HINT) from None
        result.problems.append(ChecksumProblem(path, f"cannot be written on this disk: {error.strerror}"))
        return None
    crash_point(f"unpack: writing {path}")
    digest = hashlib.sha256()
    handed_over = False
    try:
        try:
            stream = source.stream(path)
        except DAMAGED as error:
            result.problems.append(_damaged(path, error))
            return None
        with stream:
            while True:
                try:
                    chunk = stream.read(CHUNK)
                except DAMAGED as error:
                    result.problems.append(_damaged(path, error))
                    return None
                if not chunk:
                    break
                digest.update(chunk)
                _write_all(descriptor, chunk, path)
                result.size += len(chunk)
                if progress is not None:
                    progress(result.size, total)
        syncer.hand_over(descriptor)
        handed_over = True
    finally:
        if not handed_over:
            os.close(descriptor)
    return digest.hexdigest()


def _write_all(descriptor: int, data: bytes, path: str) -> None:
    view = memoryview(data)
    try:
        while view:
            written = os.write(descriptor, view)
            view = view[written:]
    except OSError as error:
        raise DiskFullError(f"'{path}' cannot be written: {error.strerror}", FREE_SPACE_HINT) from None


def _damaged(path: str, error: BaseException) -> ChecksumProblem:
    if isinstance(error, DamagedEntryError):
        return ChecksumProblem(path, error.message, hint=error.hint)
    detail = str(error) or type(error).__name__
    return ChecksumProblem(path, f"is damaged and cannot be unpacked ({detail})",
                           hint="copy or download the archive again")
