"""Keeping a kiosk's bundle up to date from an ordinary web server, object store or CDN.

`Updater.check_once()` does one poll, blocking, and says what happened; call it off the GUI
thread (the `Poller` below runs it on a `kiosk.background.WorkPool`). It

1. asks the server whether the archive changed (If-None-Match / If-Modified-Since: an
   unchanged archive costs one small request and a 304);
2. downloads it into the store's `downloads/` folder, resuming an interrupted download;
3. checks it against `sha256_url` when one is set (a `sha256sum` line or a bare hex digest);
4. installs it and makes it the store's active bundle.

It never touches the screen: the running kiosk notices the new active bundle (see
`kiosk.store.follow`) and switches at its next session reset, never in the middle of a visit.
A wrong SHA-256, a broken archive or an unreachable server leave the active bundle as it was,
and are logged.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, wait
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Literal
from urllib.parse import unquote, urlsplit

from kiosk.background import WorkPool
from kiosk.store.download import (
    DEFAULT_DEADLINE,
    DEFAULT_MAX_SIZE,
    Download,
    DownloadError,
    DownloadInterruptedError,
    check_url,
    fetch_text,
)
from kiosk.store.errors import RefusedError, StoreError
from kiosk.store.install import InstallOptions, InstallResult
from kiosk.store.records import Installed
from kiosk.store.sources import UrlMemory, recall_url, remember_url
from kiosk.store.store import Store

log = logging.getLogger("kiosk.store")

STALE_DOWNLOAD_SECONDS = 24 * 3600
Status = Literal["unchanged", "installed", "refused", "failed", "interrupted"]
_HEX = re.compile(r"[0-9a-fA-F]{64}")
_GNU = re.compile(r"([0-9a-fA-F]{64})(?:\s+\*?(.+))?")
_BSD = re.compile(r"SHA256 \((.+)\) = ([0-9a-fA-F]{64})")


@dataclass(frozen=True)
class UpdateConfig:
    """The device settings `update.url`, `update.interval` (seconds) and `update.sha256_url`;
    `timeout` is the download's stall timeout, `deadline` the time one download may take and
    `max_size` the largest archive it fetches."""

    url: str
    interval: float = 900.0
    sha256_url: str | None = None
    timeout: float = 30.0
    deadline: float = DEFAULT_DEADLINE
    max_size: int = DEFAULT_MAX_SIZE

    def __post_init__(self) -> None:
        check_url(self.url)
        if self.sha256_url is not None:
            check_url(self.sha256_url)
        if self.interval <= 0 or self.timeout <= 0 or self.deadline <= 0:
            raise ValueError("update.interval, the timeout and the deadline must be more than 0 seconds")


@dataclass(frozen=True)
class UpdateResult:
    """What one check did. `installed` is set when a new version became the active one."""

    status: Status
    message: str
    installed: Installed | None = None
    findings: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return self.status == "installed"


def expected_sha256(text: str, archive_name: str) -> str | None:
    """The digest a published checksum file gives for `archive_name`.

    Accepts a bare hex digest, `sha256sum` output (one or several lines; the line naming the
    archive wins) and BSD-style `SHA256 (name) = hex`.
    """
    anonymous: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        bsd = _BSD.fullmatch(line)
        gnu = _GNU.fullmatch(line)
        if bsd is not None:
            name, digest = bsd.group(1), bsd.group(2)
        elif gnu is not None:
            digest, name = gnu.group(1), gnu.group(2)
        else:
            continue
        if name is None:
            anonymous.append(digest.lower())
        elif PurePosixPath(name.strip()).name == archive_name:
            return digest.lower()
        else:
            anonymous.append(digest.lower())
    return anonymous[0] if len(anonymous) == 1 else None


class Updater:
    """Polls one URL for a new bundle archive and installs it; see the module's docstring."""

    def __init__(self, store: Store, config: UpdateConfig, *, cancel: threading.Event | None = None,
                 progress: Callable[[int, int], None] | None = None) -> None:
        self.store = store
        self.config = config
        self.cancel = cancel if cancel is not None else threading.Event()
        self.download = Download(config.url, store.downloads_dir, timeout=config.timeout,
                                 deadline=config.deadline, max_size=config.max_size, cancel=self.cancel,
                                 progress=progress)
        self._forget_old_downloads()

    def _forget_old_downloads(self) -> None:
        """Partial downloads of addresses no longer configured, untouched for a day, go."""
        cutoff = time.time() - STALE_DOWNLOAD_SECONDS
        mine = self.download.part.name.split(".", 1)[0]
        with contextlib.suppress(OSError):
            for leftover in self.store.downloads_dir.iterdir():
                if not leftover.name.startswith(mine) and leftover.stat().st_mtime < cutoff:
                    leftover.unlink(missing_ok=True)

    def poller(self, on_result: Callable[[object], None] | None = None, *, delay: float = 0.0) -> Poller:
        """A thread that checks after `delay`, then every `interval` seconds; its stop() also stops a
        download (between chunks: a server that sends nothing holds the thread up to `timeout`)."""
        return Poller(self.check_once, self.config.interval, on_result=on_result, stopping=self.cancel,
                      delay=delay)

    def check_once(self) -> UpdateResult:
        """One poll: unchanged, installed (and activated), refused, failed or interrupted."""
        result = self._check()
        level = {"unchanged": logging.DEBUG, "installed": logging.INFO}.get(result.status, logging.WARNING)
        log.log(level, "update from %s: %s", self.config.url, result.message)
        return result

    def _check(self) -> UpdateResult:
        url = self.config.url
        memory = recall_url(self.store, url)
        try:
            fetched = self.download.fetch(memory.validators)
        except DownloadInterruptedError as error:
            return UpdateResult("interrupted", str(error))
        except DownloadError as error:
            return UpdateResult("failed", str(error))
        if fetched.path is None:
            return UpdateResult("unchanged", "the archive has not changed")
        try:
            if memory.sha256 == fetched.sha256:
                remember_url(self.store, url, UrlMemory(fetched.validators, fetched.sha256, memory.outcome))
                return UpdateResult("unchanged", "the archive is the one fetched before")
            if self.config.sha256_url:
                problem = self._verify(fetched.sha256)
                if problem is not None:
                    return UpdateResult("refused", problem)
            try:
                options = InstallOptions(origin=url, archive_sha256=fetched.sha256, cancel=self.cancel)
                result = self.store.install(fetched.path, options)
            except RefusedError as refused:
                remember_url(self.store, url, UrlMemory(fetched.validators, fetched.sha256, "refused"))
                return UpdateResult("refused", f"the new archive was refused: {refused}", findings=tuple(
                    refused.lines()))
            except StoreError as error:
                return UpdateResult("failed", str(error))
            remember_url(self.store, url, UrlMemory(fetched.validators, fetched.sha256, "installed"))
            installed = result.installed
            return UpdateResult("installed", f"{installed.label} is installed and active; the kiosk shows it "
                                "from its next session reset", installed)
        finally:
            self.download.discard()

    def _verify(self, actual: str) -> str | None:
        """Why the archive does not match the published SHA-256, or None when it does."""
        assert self.config.sha256_url is not None
        try:
            text = fetch_text(self.config.sha256_url, timeout=self.config.timeout)
        except DownloadError as error:
            return f"cannot fetch the published SHA-256: {error}"
        name = unquote(PurePosixPath(urlsplit(self.config.url).path).name)
        expected = expected_sha256(text, name)
        if expected is None:
            return f"{self.config.sha256_url} holds no SHA-256 for {name}"
        if expected != actual:
            return (f"the archive's SHA-256 is {actual}, but {self.config.sha256_url} says {expected}: "
                    "it was not installed")
        return None


def install_url(store: Store, url: str, options: InstallOptions | None = None, *,
                max_size: int = DEFAULT_MAX_SIZE, deadline: float = DEFAULT_DEADLINE,
                timeout: float = 30.0) -> InstallResult:
    """`kiosk install https://…`: download (resuming an earlier attempt) and install.

    `options.sha256` is checked against the downloaded archive before it is opened; the
    download is bounded by `max_size` (and the free disk), `deadline` and the stall `timeout`.
    """
    options = options or InstallOptions()
    try:
        download = Download(url, store.downloads_dir, timeout=timeout, deadline=deadline, max_size=max_size,
                            cancel=options.cancel, progress=options.progress)
    except ValueError as error:
        raise StoreError(str(error), "give an http:// or https:// address") from None
    try:
        fetched = download.fetch()
    except DownloadInterruptedError as error:
        log.warning("did not install %s: %s", url, error)
        raise StoreError(error.message, "run the same command again: it resumes where it stopped") from None
    except DownloadError as error:
        log.warning("did not install %s: %s", url, error)
        raise
    assert fetched.path is not None
    try:
        return store.install(fetched.path, replace(options, origin=url, archive_sha256=fetched.sha256))
    finally:
        download.discard()


class Poller:
    """Runs `task` after `delay` (default: now), then every `interval` seconds, until `stop()`.

    The loop is one long job on a `WorkPool` of its own, so checks never overlap: one at a
    time, each after the last has ended. For kiosks without Qt's timers, and for tests.
    Exceptions are logged, never raised into the thread's void. The pool's thread is a daemon,
    so a task blocked on a silent server never keeps the process alive: `stop(timeout)` waits
    at most `timeout` and says whether the loop ended.
    """

    def __init__(self, task: Callable[[], object], interval: float, *,
                 on_result: Callable[[object], None] | None = None, name: str = "kiosk-updater",
                 stopping: threading.Event | None = None, delay: float = 0.0) -> None:
        self.task = task
        self.interval = interval
        self.delay = delay
        self.on_result = on_result
        self.stopping = stopping if stopping is not None else threading.Event()
        self._pool = WorkPool(name)
        self._loop: Future[None] | None = None

    def start(self) -> None:
        if self._loop is None:
            self._loop = self._pool.submit(self._run_then_end)

    @property
    def running(self) -> bool:
        return self._loop is not None and not self._loop.done()

    def stop(self, timeout: float | None = None) -> bool:
        """Ask the loop to stop and wait for it up to `timeout`; True once it has ended."""
        self.stopping.set()
        if self._loop is not None:
            wait([self._loop], timeout)
        else:
            self._pool.shutdown(timeout=0)
        return not self.running

    def _run_then_end(self) -> None:
        try:
            self._run()
        finally:
            self._pool.shutdown(timeout=0)  # from inside: the thread ends once this job returns

    def _run(self) -> None:
        if self.delay > 0:
            self.stopping.wait(self.delay)
        while not self.stopping.is_set():
            try:
                result = self.task()
                if self.on_result is not None:
                    self.on_result(result)
            except Exception:
                log.exception("an update check failed unexpectedly")
            self.stopping.wait(self.interval)
