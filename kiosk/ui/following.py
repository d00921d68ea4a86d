"""The running kiosk follows the store's active bundle, loading a new one off the GUI thread.

A QFileSystemWatcher on the store's folder (not on state.json, which is replaced rather
than written) says "look now"; the look itself is the store's generation counter, one
small file read, so a missed or spurious notification costs nothing. The shell also looks
at every session reset. Loading runs on a `WorkPool` thread and answers by signal
(`kiosk.ui.background`). A bundle that loaded waits in `waiting` until the shell takes it
between visits; one that fails is logged by `BundleFollower` and the kiosk stays put.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, wait

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal

from kiosk.background import WorkPool
from kiosk.bundle.playable import PlayableBundle
from kiosk.store import BundleFollower, StoreError
from kiosk.ui.background import run_for

log = logging.getLogger("kiosk.app")

JOIN_TIMEOUT_S = 5.0
LOADING = WorkPool("kiosk-bundle-follow")


class StoreFollowing(QObject):
    """Signals: bundle_waiting() once a newly activated bundle has loaded and can be shown."""

    bundle_waiting = Signal()

    def __init__(self, follower: BundleFollower[PlayableBundle], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.follower = follower
        self.waiting: PlayableBundle | None = None
        self._worker: Future[PlayableBundle | None] | None = None
        self._look_again = False
        self._watcher = QFileSystemWatcher(self)
        root = follower.store.root
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            log.warning("cannot watch the store at %s (%s); switches are noticed at session resets", root, error)
        else:
            if not self._watcher.addPath(str(root)):
                log.info("cannot watch %s; switches are noticed at session resets", root)
        self._watcher.directoryChanged.connect(self.check)

    @property
    def loading(self) -> bool:
        return self._worker is not None

    def check(self) -> None:
        """If the store switched since the last look, load its active bundle in a thread."""
        if self._worker is not None:
            self._look_again = True
            return
        try:
            pending = self.follower.pending()
        except (StoreError, OSError, ValueError) as error:
            log.warning("the store cannot be read just now: %s", error)
            return
        if pending:
            self._worker = run_for(self, LOADING, _load, self.follower, done=self._on_loaded)

    def take(self) -> PlayableBundle | None:
        bundle, self.waiting = self.waiting, None
        return bundle

    def _on_loaded(self, bundle: PlayableBundle | None) -> None:
        self._worker = None
        if bundle is not None:
            self.waiting = bundle
            self.bundle_waiting.emit()
        if self._look_again:
            self._look_again = False
            self.check()

    def close(self) -> None:
        self._watcher.directoryChanged.disconnect(self.check)
        worker = self._worker
        if worker is not None:
            wait([worker], JOIN_TIMEOUT_S)
        self.follower.close()


def _load(follower: BundleFollower[PlayableBundle]) -> PlayableBundle | None:
    """On the loading thread: the store's new active bundle, or None if it failed to load."""
    try:
        return follower.at_session_reset()
    except Exception:
        log.exception("loading the store's new active bundle failed; staying on the current one")
        return None
