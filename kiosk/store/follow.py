"""How a running kiosk follows the store without ever switching in the middle of a visit.

    follower = BundleFollower(store, load=lambda path: load_playable(path, cache))
    bundle = follower.start()              # at start: the active bundle, loaded (or None)
    ...
    # at every session reset (the attract loop resumes):
    switched = follower.at_session_reset() # the new bundle, or None to keep the current one

Noticing a change is cheap: `state.json` is replaced on every switch and carries a generation
counter, so `pending()` is one small file read. The Qt layer may also watch `store.root` with
a QFileSystemWatcher (the folder, not the file: the file is replaced, not written) to show
"an update is waiting" in the admin panel; correctness does not depend on the watch.

While a bundle is shown the follower holds a lease on it, so pruning and `kiosk remove` leave
it on disk even after a newer version became active. A new bundle that fails to load is
logged and skipped: the kiosk stays on what it shows, and tries again only after the next
switch in the store.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from kiosk.store.durable import Lease
from kiosk.store.records import Installed
from kiosk.store.store import Store

log = logging.getLogger("kiosk.store")

T = TypeVar("T")


class BundleFollower(Generic[T]):
    def __init__(self, store: Store, load: Callable[[Path], T]) -> None:
        self.store = store
        self.load = load
        self.current: T | None = None
        self.current_installed: Installed | None = None
        self._lease: Lease | None = None
        self._seen_generation = -1

    def start(self) -> T | None:
        """Load the active bundle; None when there is none or it does not load."""
        self.store.recover(wait=False)
        self._seen_generation = -1
        return self.at_session_reset()

    def pending(self) -> bool:
        """Whether the store switched since the kiosk last looked (cheap; any thread)."""
        return self.store.generation() != self._seen_generation

    def at_session_reset(self) -> T | None:
        """Switch to the store's active bundle if it changed and loads; returns it, else None."""
        generation = self.store.generation()
        if generation == self._seen_generation:
            return None
        self._seen_generation = generation
        installed = self.store.active()
        shown = self.current_installed
        if installed is None or (shown is not None and installed.ref == shown.ref):
            return None
        lease = self.store.lease(installed)
        try:
            if not installed.path.is_dir():
                raise FileNotFoundError(f"{installed.path} is gone")
            loaded = self.load(installed.path)
        except Exception as error:
            lease.release()
            staying = shown.label if shown is not None else "nothing"
            log.error("cannot switch to %s (%s): %s; staying on %s", installed.label, installed.ref, error,
                      staying)
            return None
        if self._lease is not None:
            self._lease.release()
        self._lease, self.current, self.current_installed = lease, loaded, installed
        log.info("now showing %s (%s)", installed.label, installed.ref)
        return loaded

    def close(self) -> None:
        if self._lease is not None:
            self._lease.release()
            self._lease = None
