"""The running kiosk fetches new bundles: it polls `update.url` and the `watch_folder`.

Each poll runs on its own daemon thread (`kiosk.store.Poller`), so downloading, hashing and
unzipping never hold up the GUI thread, and a server that stops answering holds up only its
own thread: at shutdown the kiosk waits for it a couple of seconds at most, then leaves it to
end with the process (the store survives a process ending at any moment).

A bundle that is installed becomes the store's active one, and that is all this module does
about it: `StoreFollowing` notices the switch and the shell shows the new bundle at the next
session reset, never in the middle of a visit. When the command line or the `bundle` setting
pins a bundle, updates are still installed, and the log says that the pinned bundle keeps
playing.

Every result is logged as an `update_checked` event; the last check and the last update, with
their time and outcome, are kept for the admin panel (`last_check`, `last_update`, `looked_at`).
"""

from __future__ import annotations

import functools
import logging
import threading
import time
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from PySide6.QtCore import QObject, Signal

from kiosk import logs
from kiosk.settings.model import Settings
from kiosk.store import FolderWatcher, Poller, Store, UpdateConfig, Updater, UpdateResult
from kiosk.store.updater import Status
from kiosk.ui.following import StoreFollowing

log = logging.getLogger("kiosk.app")

Source = Literal["server", "folder"]
SHUTDOWN_BUDGET_S = 2.0
FIRST_CHECK_DELAY_S = 20.0  # the first download never competes with the first paint
WATCH_INTERVAL_S = 10.0
WATCH_SETTLE_S = 5.0  # a zip must look finished for this long before it is installed
MAX_FINDINGS_LOGGED = 20
_LEVELS = {"unchanged": logging.INFO, "installed": logging.INFO, "interrupted": logging.INFO}


@dataclass(frozen=True)
class UpdateOutcome:
    """One check's result, as the admin panel shows it."""

    when: datetime
    source: Source
    origin: str
    status: Status
    message: str
    bundle: str | None = None
    findings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status in ("unchanged", "installed")


def start_updates(settings: Settings, following: StoreFollowing | None,
                  pinned: str | None = None) -> KioskUpdates | None:
    """Kiosk mode: start the polls the settings ask for (None if none); the shell closes them.

    `pinned` names the bundle the kiosk plays instead of following the store (as
    kiosk.system.startup.BundleChoice.pinned_note says it): updates are still installed for the
    next start, and the log says so.
    """
    updates = KioskUpdates.from_settings(settings, following=following, pinned=pinned)
    if updates is not None:
        updates.start()
    return updates


# -- on the pollers' threads: they never hold the QObject ------------------------------------

def _check_server(updater: Updater) -> UpdateResult:
    try:
        return updater.check_once()
    except Exception as error:
        log.exception("checking %s for a new bundle failed unexpectedly", updater.config.url)
        return UpdateResult("failed", f"unexpected error: {error}")


def _poll_folder(watcher: FolderWatcher) -> list[UpdateResult]:
    try:
        return watcher.poll()
    except Exception as error:
        log.exception("looking into the watch folder %s failed unexpectedly", watcher.folder)
        return [UpdateResult("failed", f"unexpected error: {error}")]


class _Mailbox:
    """What the poll threads hand their results to, instead of the QObject itself.

    A QObject whose last Python reference goes away is destroyed on the thread that dropped
    it; destroyed on a poll thread, Qt's objects break in ways that crash later. So the
    threads hold only a weak reference, used under a lock that `close()` also takes: once
    closed, no thread holds the QObject or ever will, and it dies on the GUI thread.
    """

    def __init__(self, target: KioskUpdates) -> None:
        self._target = weakref.ref(target)
        self._lock = threading.Lock()
        self._open = True

    def post(self, source: Source, results: object) -> None:
        with self._lock:
            if not self._open:
                return
            target = self._target()
            if target is not None:
                target._arrived.emit(source, results)  # queued: the slot runs on the GUI thread
            del target

    def close(self) -> None:
        with self._lock:
            self._open = False


class KioskUpdates(QObject):
    """Signals: checked(UpdateOutcome) after each result; updated(UpdateOutcome) after an install."""

    checked = Signal(object)
    updated = Signal(object)
    _arrived = Signal(str, object)

    def __init__(self, store: Store, *, update: UpdateConfig | None = None, watch_folder: Path | None = None,
                 watch_interval: float = WATCH_INTERVAL_S, settle: float = WATCH_SETTLE_S,
                 first_delay: float = FIRST_CHECK_DELAY_S, following: StoreFollowing | None = None,
                 pinned: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.following = following
        self.pinned = pinned
        self.update_url = update.url if update is not None else None
        self.watch_folder = watch_folder
        self._last_check: UpdateOutcome | None = None
        self._last_update: UpdateOutcome | None = None
        self._looked_at: dict[Source, datetime] = {}
        self._stop = threading.Event()
        self._closed = False
        self._pollers: list[Poller] = []
        self._arrived.connect(self._on_arrived)
        self._mailbox = _Mailbox(self)
        self.updater: Updater | None = None
        if update is not None:
            updater = self.updater = Updater(store, update, cancel=self._stop)
            self._pollers.append(Poller(functools.partial(_check_server, updater), update.interval,
                                        on_result=functools.partial(self._mailbox.post, "server"),
                                        name="kiosk-update-url", stopping=self._stop, delay=first_delay))
        if watch_folder is not None:
            watcher = FolderWatcher(store, watch_folder, settle=settle, cancel=self._stop)
            self._pollers.append(Poller(functools.partial(_poll_folder, watcher), watch_interval,
                                        on_result=functools.partial(self._mailbox.post, "folder"),
                                        name="kiosk-watch-folder", stopping=self._stop))

    @classmethod
    def from_settings(cls, settings: Settings, *, following: StoreFollowing | None = None,
                      pinned: str | None = None) -> KioskUpdates | None:
        """The updates the device settings ask for, or None when they name neither a URL nor a folder."""
        update: UpdateConfig | None = None
        if settings.update.url:
            try:
                update = UpdateConfig(settings.update.url, interval=settings.update.interval * 60,
                                      sha256_url=settings.update.sha256_url or None)
            except ValueError as error:
                log.error("update.url is not used: %s", error)
        folder = Path(settings.watch_folder).expanduser() if settings.watch_folder else None
        if update is None and folder is None:
            return None
        return cls(Store(keep_versions=settings.keep_versions), update=update, watch_folder=folder,
                   first_delay=FIRST_CHECK_DELAY_S, following=following, pinned=pinned)

    # -- what the admin panel reads ------------------------------------------------------

    @property
    def last_check(self) -> UpdateOutcome | None:
        """The latest result from the server or the folder (an empty look at the folder is not one)."""
        return self._last_check

    @property
    def last_update(self) -> UpdateOutcome | None:
        """The latest check that installed a bundle."""
        return self._last_update

    @property
    def looked_at(self) -> Mapping[Source, datetime]:
        """When each source was last looked at, whether or not it held anything new."""
        return MappingProxyType(self._looked_at)

    # -- running ---------------------------------------------------------------------------

    def start(self) -> None:
        for poller in self._pollers:
            if not poller.running and not self._stop.is_set():
                poller.start()
        if self.update_url:
            log.info("checking %s for new bundles", self.update_url)
        if self.watch_folder is not None:
            log.info("installing new bundle zips dropped into %s", self.watch_folder)

    def close(self, budget: float = SHUTDOWN_BUDGET_S) -> bool:
        """Stop both polls, waiting at most `budget` seconds in all; True if both threads ended."""
        self._closed = True
        self._mailbox.close()
        self._stop.set()
        deadline = time.monotonic() + budget
        stopped = [poller.stop(max(0.0, deadline - time.monotonic())) for poller in self._pollers]
        ended = all(stopped)  # every poller is asked, even after one failed to stop
        if not ended:
            log.info("an update check is still waiting for its server; it ends with the kiosk")
        return ended

    # -- back on the GUI thread -----------------------------------------------------------

    def _on_arrived(self, source: Source, results: object) -> None:
        if self._closed:
            return
        now = datetime.now(UTC)
        self._looked_at[source] = now
        batch = results if isinstance(results, list) else [results]
        for result in batch:
            if isinstance(result, UpdateResult):
                self._record(self._outcome(now, source, result))

    def _outcome(self, when: datetime, source: Source, result: UpdateResult) -> UpdateOutcome:
        installed = result.installed
        if source == "server":
            origin = self.update_url or ""
        else:
            origin = installed.source if installed is not None and installed.source else str(self.watch_folder)
        return UpdateOutcome(when, source, origin, result.status, result.message,
                             installed.label if installed is not None else None, result.findings)

    def _record(self, outcome: UpdateOutcome) -> None:
        self._last_check = outcome
        message = outcome.message
        if outcome.status == "installed":
            self._last_update = outcome
            if self.pinned is not None:
                message += f"; this kiosk keeps playing the pinned bundle {self.pinned}"
            elif self.following is None:
                message += "; this kiosk does not follow the store and shows it after a restart"
        logs.event(log, "update_checked", f"update from the {outcome.source}: {message}",
                   level=_LEVELS.get(outcome.status, logging.WARNING), source=outcome.source,
                   origin=outcome.origin, status=outcome.status, bundle=outcome.bundle, pinned=self.pinned,
                   findings=list(outcome.findings[:MAX_FINDINGS_LOGGED]))
        self.checked.emit(outcome)
        if outcome.status == "installed":
            self.updated.emit(outcome)
            if self.following is not None and self.pinned is None:
                self.following.check()
