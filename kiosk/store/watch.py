"""The watch folder: bundle zips dropped into a folder (a USB stick, a Syncthing or rsync
target, a network share) are installed like downloaded ones.

`FolderWatcher.poll()` looks at the folder's `.zip` files by size and modification time. A
file is installed only once it looked the same on two polls in a row and, with `settle`, for
at least that many seconds of the kiosk's own clock (a copy that stalls for a moment, or a
share whose clock differs, does not fool it), so a zip still being copied is left alone; and
only once per version of the file, remembered across restarts (so plugging the same stick in
again does not undo an operator's `kiosk use`). Hidden files and the temporary names copy
tools use (`.name.zip.part`, `.syncthing.*.tmp`) are ignored.

Should a copy stall for longer than that, the half zip still never becomes a half bundle:
it has no central directory yet, so the install refuses it as damaged (logged), and it is
tried again once the finished file's size or time differ.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

from kiosk.store.errors import RefusedError, StoreError
from kiosk.store.install import InstallOptions
from kiosk.store.sources import recall_file, remember_file
from kiosk.store.store import Store
from kiosk.store.updater import UpdateResult

log = logging.getLogger("kiosk.store")

Signature = tuple[int, int]


class FolderWatcher:
    """Installs new and changed zips of `folder`; see the module's docstring."""

    def __init__(self, store: Store, folder: Path, *, settle: float = 0.0,
                 cancel: threading.Event | None = None) -> None:
        self.store = store
        self.folder = folder
        self.settle = settle
        self.cancel = cancel
        self._last: dict[Path, Signature] = {}
        self._since: dict[Path, float] = {}

    def _scan(self) -> dict[Path, Signature]:
        found: dict[Path, Signature] = {}
        try:
            entries = list(os.scandir(self.folder))
        except OSError as error:
            log.debug("the watch folder %s cannot be read: %s", self.folder, error)
            return found
        for entry in entries:
            if entry.name.startswith(".") or not entry.name.lower().endswith(".zip"):
                continue
            try:
                if entry.is_file():
                    info = entry.stat()
                    found[Path(entry.path)] = (info.st_size, info.st_mtime_ns)
            except OSError:
                continue
        return found

    def poll(self) -> list[UpdateResult]:
        """Install the zips that are new or changed and have stopped growing; oldest first."""
        current = self._scan()
        now = time.monotonic()
        since = {path: self._since.get(path, now) if self._last.get(path) == signature else now
                 for path, signature in current.items()}
        results: list[UpdateResult] = []
        ready = [path for path, signature in current.items()
                 if self._last.get(path) == signature and now - since[path] >= self.settle]
        for path in sorted(ready, key=lambda p: (current[p][1], p.name)):
            if self.cancel is not None and self.cancel.is_set():
                break
            signature = current[path]
            if recall_file(self.store, str(path)) == signature:
                continue
            results.append(self._install(path, signature))
        self._last, self._since = current, since
        return results

    def _install(self, path: Path, signature: Signature) -> UpdateResult:
        try:
            result = self.store.install(path, InstallOptions(origin=str(path), cancel=self.cancel))
        except RefusedError as refused:
            remember_file(self.store, str(path), signature)
            log.warning("watch folder: %s was refused: %s", path.name, refused)
            return UpdateResult("refused", f"{path.name} was refused: {refused}",
                                findings=tuple(refused.lines()))
        except StoreError as error:
            log.warning("watch folder: %s was not installed: %s", path.name, error)
            return UpdateResult("failed", f"{path.name} was not installed: {error}")
        remember_file(self.store, str(path), signature)
        installed = result.installed
        log.info("watch folder: installed %s from %s", installed.label, path.name)
        return UpdateResult("installed", f"{installed.label} from {path.name} is installed and active",
                            installed)
