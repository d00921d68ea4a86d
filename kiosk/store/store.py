"""The store of installed bundles: what is installed, which one is active, switching, rollback,
removal and keeping the last N versions.

Every change happens under one lock file and ends with one atomic rename, so that a crash at
any moment leaves the active bundle as it was and the store readable. Reading (the player
asking for the active bundle, `kiosk list`) takes no lock.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from kiosk.store.durable import Lease, crash_point, file_lock, fsync_dir, read_json, write_json
from kiosk.store.errors import StoreError
from kiosk.store.install import InstallOptions, InstallResult, install
from kiosk.store.layout import STATE_FILE, default_root, state_path
from kiosk.store.records import INSTALL_RECORD, Installed, State, version_label

log = logging.getLogger("kiosk.store")

DEFAULT_KEEP_VERSIONS = 2
__all__ = ["DEFAULT_KEEP_VERSIONS", "STATE_FILE", "Store", "default_root"]


class Store:
    """The installed bundles under `root` (default: the user data folder's `store/`).

    Layout:
        state.json                    the active bundle, rollback history, generation
        bundles/<id>/<version>-<digest12>/bundle/        the bundle's files, never changed
        bundles/<id>/<version>-<digest12>/install.json   what it is, its size, when, from where
        staging/                      the only place anything is unpacked; emptied at start
        trash/                        versions being deleted; emptied at start
        downloads/                    archives being downloaded, kept for resuming
        leases/                       locks held by a running kiosk on the bundle it shows
        sources.json                  what the updater and the watch folder last fetched
        lock                          held while the store changes
    """

    def __init__(self, root: Path | None = None, *, keep_versions: int = DEFAULT_KEEP_VERSIONS) -> None:
        if keep_versions < 1:
            raise ValueError("keep_versions must be at least 1")
        self.root = root if root is not None else default_root()
        self.keep_versions = keep_versions
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._held: contextlib.ExitStack | None = None

    # -- layout ------------------------------------------------------------------------

    @property
    def state_path(self) -> Path:
        """The pointer file. It is replaced (never edited) on every switch: watch its folder."""
        return state_path(self.root)

    @property
    def bundles_dir(self) -> Path:
        return self.root / "bundles"

    @property
    def staging_dir(self) -> Path:
        return self.root / "staging"

    @property
    def trash_dir(self) -> Path:
        return self.root / "trash"

    @property
    def downloads_dir(self) -> Path:
        return self.root / "downloads"

    @property
    def sources_path(self) -> Path:
        return self.root / "sources.json"

    def lease_path(self, installed: Installed) -> Path:
        return self.root / "leases" / installed.id / f"{installed.folder.name}.lock"

    # -- locking and recovery ----------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the store's lock (re-entrant within this Store); recover from crashes first."""
        with self._thread_lock:
            if self._depth == 0:
                stack = contextlib.ExitStack()
                free = stack.enter_context(file_lock(self.root / "lock", wait=False))
                if not free:
                    log.info("waiting for another kiosk process to finish changing the store")
                    stack.close()
                    stack = contextlib.ExitStack()
                    stack.enter_context(file_lock(self.root / "lock"))
                self._held = stack
                try:
                    self._recover()
                except BaseException:
                    stack.close()
                    raise
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0 and self._held is not None:
                    self._held.close()
                    self._held = None

    def recover(self, *, wait: bool = True) -> bool:
        """Clean what a crash left behind (call it when the kiosk starts).

        With `wait` off, give up at once (returning False) when another process is changing
        the store: its own staging folder is not a leftover, and a reader should not wait.
        """
        if wait:
            with self.locked():
                return True
        if not self._thread_lock.acquire(blocking=False):
            return False
        try:
            if self._depth:
                return True
            with file_lock(self.root / "lock", wait=False) as free:
                if free:
                    self._recover()
                return free
        finally:
            self._thread_lock.release()

    def _recover(self) -> None:
        for folder in (self.staging_dir, self.trash_dir):
            if not folder.is_dir():
                continue
            for leftover in folder.iterdir():
                log.info("removing what an interrupted install left: %s", leftover)
                _remove_tree(leftover)
        for leftover in self.root.glob(f".{STATE_FILE}.*.tmp"):
            leftover.unlink(missing_ok=True)
        for leftover in self.root.glob(".sources.json.*.tmp"):
            leftover.unlink(missing_ok=True)
        try:
            self._read_state_strict()
        except ValueError as error:
            kept = self.root / f"{STATE_FILE}.damaged"
            log.error("the store's state was damaged (%s); it is kept as %s and rebuilt", error, kept)
            self.state_path.replace(kept)
            state = self._rebuilt_state()
            write_json(self.state_path, state.to_json())

    # -- reading -----------------------------------------------------------------------

    def _read_state_strict(self) -> State:
        document = read_json(self.state_path)
        return State() if document is None else State.from_json(document)

    def state(self) -> State:
        """The current state, for readers (the player, `kiosk list`): never raises.

        A damaged state.json, or one from a newer kiosk, reads as "the newest bundle is
        active"; changing the store refuses until it is repaired (see `_recover`).
        """
        try:
            return self._read_state_strict()
        except (ValueError, StoreError) as error:
            log.error("the store's state cannot be read (%s)", error)
            return self._rebuilt_state()

    def _rebuilt_state(self) -> State:
        versions = sorted(self.installed(), key=lambda i: i.installed_at)
        state = State()
        if versions:
            state.switch_to(versions[-1].ref)
        return state

    def generation(self) -> int:
        """Grows by one with every switch of the active bundle: compare it to notice a change."""
        return self.state().generation

    def installed(self, bundle_id: str | None = None) -> list[Installed]:
        """Every installed version (of one id), by id, then oldest first."""
        found: list[Installed] = []
        if not self.bundles_dir.is_dir():
            return found
        for id_folder in sorted(self.bundles_dir.iterdir()):
            if bundle_id is not None and id_folder.name != bundle_id:
                continue
            with contextlib.suppress(FileNotFoundError, NotADirectoryError):
                for folder in sorted(id_folder.iterdir()):
                    try:
                        document = read_json(folder / INSTALL_RECORD)
                        if document is None and not folder.exists():
                            continue  # removed while we looked
                        if document is None:
                            raise ValueError(f"{folder} has no {INSTALL_RECORD}")
                        found.append(Installed.from_record(folder, document))
                    except (ValueError, OSError) as error:
                        log.warning("skipping a damaged installed bundle: %s", error)
        return sorted(found, key=lambda i: (i.id, i.installed_at))

    def get(self, ref: str | None) -> Installed | None:
        """The installed version that `ref` (`id/<version>-<digest12>`) names, if it is there."""
        if not ref or ref.count("/") != 1 or ".." in ref:
            return None
        folder = self.bundles_dir / ref
        try:
            document = read_json(folder / INSTALL_RECORD)
        except (ValueError, OSError):
            return None
        if document is None:
            return None
        try:
            return Installed.from_record(folder, document)
        except ValueError:
            return None

    def active(self) -> Installed | None:
        """The active version, if there is one and it is still on disk."""
        state = self.state()
        installed = self.get(state.active)
        if state.active and installed is None:
            log.error("the active bundle %s is missing from the store", state.active)
        return installed

    def active_bundle(self) -> Path | None:
        """The active bundle's folder (with exhibition.yaml at its top), or None."""
        installed = self.active()
        return installed.path if installed is not None else None

    def find(self, spec: str) -> Installed:
        """The version an operator means by `ID`, `ID@VERSION` or `ID@VERSION-BUILD`.

        Several matches: the most recently installed. None: StoreError naming what is installed.
        """
        bundle_id, _, version = spec.partition("@")
        versions = self.installed(bundle_id)
        if version:
            versions = [i for i in versions if version in (version_label(i.version), i.folder.name,
                                                           f"{version_label(i.version)}-{i.build}")]
        if versions:
            return versions[-1]
        everything = self.installed()
        if not everything:
            raise StoreError(f"'{spec}' is not installed: the store is empty",
                             "install a bundle with 'kiosk install BUNDLE'")
        names = ", ".join(sorted({i.label for i in everything}))
        raise StoreError(f"'{spec}' is not installed", f"installed: {names}")

    def lease(self, installed: Installed) -> Lease:
        """Keep `installed` from being removed while the caller shows it (release when done)."""
        return Lease(self.lease_path(installed))

    # -- changing ----------------------------------------------------------------------

    def install(self, source: Path, options: InstallOptions | None = None) -> InstallResult:
        """Install a bundle folder or zip; see `kiosk.store.install.install`."""
        return install(self, source, options)

    def _write_state(self, state: State) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        write_json(self.state_path, state.to_json())

    def activate(self, installed: Installed, *, remember: bool = True) -> bool:
        """Make `installed` the active bundle; False when it already was."""
        with self.locked():
            state = self._read_state_strict()
            if state.active == installed.ref:
                return False
            state.switch_to(installed.ref, remember=remember)
            crash_point("switch: about to write state")
            self._write_state(state)
            log.info("active bundle is now %s (%s)", installed.label, installed.ref)
            return True

    def use(self, spec: str) -> tuple[Installed, bool]:
        """`kiosk use`: activate the version `spec` names; returns it and whether it changed."""
        with self.locked():
            installed = self.find(spec)
            return installed, self.activate(installed)

    def rollback(self) -> Installed:
        """Return to the version active before the current one (again: the one before that)."""
        with self.locked():
            state = self._read_state_strict()
            while state.history:
                previous = self.get(state.history[-1])
                state.history.pop()
                if previous is not None:
                    state.active = None
                    state.switch_to(previous.ref, remember=False)
                    self._write_state(state)
                    log.info("rolled back to %s (%s)", previous.label, previous.ref)
                    return previous
            raise StoreError("there is nothing to roll back to",
                             "rollback returns to the bundle that was active before the current one")

    def remove(self, spec: str) -> list[Installed]:
        """`kiosk remove ID[@VERSION]`: delete installed versions, never the active one."""
        with self.locked():
            bundle_id, _, version = spec.partition("@")
            chosen = [self.find(spec)] if version else self.installed(bundle_id)
            if not chosen:
                self.find(spec)  # raises with what is installed
            state = self._read_state_strict()
            for installed in chosen:
                if installed.ref == state.active:
                    others = [i.label for i in self.installed() if i.ref != installed.ref]
                    hint = (f"switch to another one first with 'kiosk use {others[-1]}'"
                            if others else "install and activate another bundle first")
                    raise StoreError(f"{installed.label} is the active bundle", hint)
            for installed in chosen:
                if not self._delete(installed):
                    raise StoreError(f"{installed.label} is still on screen in the running kiosk",
                                     "it switches at the next session reset; try again after that")
            return chosen

    def prune(self, bundle_id: str) -> list[Installed]:
        """Delete all but the `keep_versions` newest versions of a bundle.

        The active version and the one rollback returns to are always kept, and so is a version
        the running kiosk still shows.
        """
        removed: list[Installed] = []
        with self.locked():
            state = self._read_state_strict()
            protected = {state.active, state.previous}
            versions = sorted(self.installed(bundle_id), key=lambda i: i.installed_at, reverse=True)
            for installed in versions[self.keep_versions:]:
                if installed.ref in protected:
                    continue
                if self._delete(installed):
                    removed.append(installed)
                else:
                    log.info("keeping %s: the running kiosk still shows it", installed.label)
        return removed

    def _delete(self, installed: Installed) -> bool:
        """Move a version to the trash in one rename, then delete it; False if leased."""
        lease = self.lease_path(installed)
        with file_lock(lease, wait=False) as free:
            if not free:
                return False
            state = self._read_state_strict()
            if installed.ref in state.history:
                state.history = [ref for ref in state.history if ref != installed.ref]
                self._write_state(state)
            self.trash_dir.mkdir(parents=True, exist_ok=True)
            doomed = Path(tempfile.mkdtemp(prefix=f"{installed.id}-", dir=self.trash_dir))
            installed.folder.replace(doomed / "version")
            fsync_dir(installed.folder.parent)
            crash_point(f"remove {installed.ref}: moved to trash")
            _remove_tree(doomed)
            crash_point(f"remove {installed.ref}: deleted")
            lease.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            installed.folder.parent.rmdir()  # the id's folder, when it held the last version
        log.info("removed %s (%s)", installed.label, installed.ref)
        return True


def _remove_tree(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
