"""Fetching IIIF documents and media for an import, through the store's downloader.

`kiosk.store.download` already does what a hostile server calls for: a stall timeout on every
socket operation, a deadline for the whole transfer, a size limit, redirects to http(s) only,
and resumable partial files. Here it fetches JSON (with a small limit, parsed at once) and the
import's media, several at a time, retrying what a next try can finish. Each finished file is
moved to its place in the new bundle and written down in a journal, so that running the same
import again skips it; a file still arriving stays in `.downloads/` under a temporary name.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
import time
import urllib.error
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.bundle.media import HEAD_BYTES, KIND_NAMES, KINDS, SNIFFERS
from kiosk.bundle.source import path_problem
from kiosk.importers import IIIFError
from kiosk.importers.images import Service, image_request
from kiosk.store.download import Download, DownloadError, DownloadInterruptedError, check_url
from kiosk.store.unpack import megabytes

log = logging.getLogger("kiosk.importers")

MAX_JSON_BYTES = 16 * 1024**2
MAX_FILE_BYTES = 8 * 1024**3
DOWNLOADS = ".downloads"
JOURNAL = ".import.json"
RETRY_DELAY = 1.0
_SIZE_HINT = "raise the limit with --max-size"


@dataclass(frozen=True)
class Limits:
    """How much an import may fetch, how long it may wait, and how many files at once."""

    max_json: int = MAX_JSON_BYTES
    max_file: int = MAX_FILE_BYTES
    timeout: float = 30.0
    deadline: float = 3 * 3600.0
    retries: int = 3
    retry_delay: float = 1.0
    jobs: int = 4


@dataclass
class Job:
    """One file of the new bundle: where it comes from and where it goes (`stem` + extension)."""

    url: str
    stem: str
    kind: str
    ext: str
    purpose: str
    service: Service | None = None
    long_side: int = 8000
    path: str = ""


@dataclass
class Progress:
    """How far the media have come, for a progress bar."""

    done: int = 0
    total: int = 0
    received: int = 0
    current: str = ""
    what: str = "files"


class FetchFailed(IIIFError):
    """Some files could not be fetched; each failure names its URL."""

    def __init__(self, failures: list[IIIFError]) -> None:
        super().__init__(failures[0].message, failures[0].hint)
        self.failures = failures


_HINTS = {"publish the archive at an http:// or https:// address": "a IIIF source must stay on http:// and https://",
          "check the network, or publish a smaller archive": "check the network, or raise the limit with --timeout"}


def _explained(error: DownloadError, hint: str) -> IIIFError:
    """The downloader's error, with a hint for an import rather than for an archive."""
    return IIIFError(error.message, hint if error.hint == _SIZE_HINT else _HINTS.get(error.hint, error.hint))


def _release(error: BaseException) -> None:
    """Closes the HTTP response an error answer left open behind the downloader's error, now
    rather than whenever the garbage collector reaches it."""
    cause = error.__context__
    while cause is not None:
        if isinstance(cause, urllib.error.HTTPError):
            cause.close()
        cause = cause.__context__


def _retryable(error: DownloadError) -> bool:
    return isinstance(error, DownloadInterruptedError) or error.message.startswith("cannot reach") or bool(
        re.search(r"answered (5\d\d|429|408)", error.message))


class Fetcher:
    """Fetches into `root` (the bundle being made): JSON on demand, media in parallel."""

    def __init__(self, root: Path, limits: Limits, progress: Callable[[Progress], None] | None = None) -> None:
        self.root = root
        self.limits = limits
        self.downloads = root / DOWNLOADS
        self.progress = progress
        self._lock = threading.Lock()
        self._state = Progress()
        self._received: dict[str, int] = {}
        self._journal: dict[str, dict[str, str]] = self._read_journal()
        self._url_locks: dict[str, threading.Lock] = {}
        self._infos: dict[str, dict[str, Any]] = {}
        self.cancel = threading.Event()

    def _download(self, url: str, max_size: int, hint: str, on_bytes: Callable[[int, int], None] | None = None,
                  ) -> Path:
        """The URL's bytes in a file of `.downloads`, retried while a next try can finish it."""
        try:
            check_url(url)
        except ValueError:
            raise IIIFError(f"'{url}' is not an http:// or https:// address",
                            "the kiosk fetches IIIF documents and media over http(s) only") from None
        with self._lock:
            url_lock = self._url_locks.setdefault(url, threading.Lock())
        with url_lock:  # one transfer per URL: its partial file is named after the URL
            return self._download_once(url, max_size, hint, on_bytes)

    def _download_once(self, url: str, max_size: int, hint: str,
                       on_bytes: Callable[[int, int], None] | None) -> Path:
        download = Download(url, self.downloads, timeout=self.limits.timeout, deadline=self.limits.deadline,
                            max_size=max_size, progress=on_bytes, cancel=self.cancel)
        for attempt in range(self.limits.retries + 1):
            try:
                fetched = download.fetch()
            except DownloadError as error:
                _release(error)
                if attempt == self.limits.retries or not _retryable(error) or self.cancel.is_set():
                    raise _explained(error, hint) from None
                log.info("try %d of %s failed (%s); trying again", attempt + 1, url, error.message)
                time.sleep(self.limits.retry_delay * 2**attempt)
                continue
            if fetched.path is None:  # not modified: cannot happen without validators
                raise IIIFError(f"{url}: the server sent nothing")
            return fetched.path
        raise AssertionError("unreachable")  # pragma: no cover

    def json(self, url: str) -> dict[str, Any]:
        """A IIIF document (or an image service's info.json) from the web."""
        path = self._download(url, self.limits.max_json,
                              f"a IIIF document may have at most {megabytes(self.limits.max_json)}")
        try:
            data = path.read_bytes()
        finally:
            path.unlink(missing_ok=True)
        return parse_json(data, url)

    def _info(self, service: Service) -> dict[str, Any]:
        """An image service's info.json, fetched once however many pictures use it."""
        with self._lock:
            known = self._infos.get(service.url)
        if known is None:
            known = self.json(f"{service.url}/info.json")
            with self._lock:
                self._infos[service.url] = known
        return known

    def media(self, jobs: list[Job]) -> None:
        """Fetch every job's file, several at a time; FetchFailed lists each that failed."""
        self.downloads.mkdir(parents=True, exist_ok=True)
        todo = [job for job in jobs if not self._already_here(job)]
        self._state = Progress(done=len(jobs) - len(todo), total=len(jobs))
        self._report()
        failures: list[IIIFError] = []
        with ThreadPoolExecutor(max_workers=max(1, self.limits.jobs), thread_name_prefix="iiif") as pool:
            try:
                for job, outcome in zip(todo, pool.map(self._run, todo), strict=True):
                    if outcome is not None:
                        failures.append(IIIFError(f"{outcome.message}; it is {job.purpose}", outcome.hint))
            except KeyboardInterrupt:  # Ctrl-C: the transfers stop, keeping what arrived for the next run
                self.cancel.set()
                raise
        if failures:
            raise FetchFailed(failures)

    def _already_here(self, job: Job) -> bool:
        entry = self._journal.get(job.stem)
        if entry and entry.get("url") == job.url and (self.root / entry.get("path", "")).is_file():
            job.path = entry["path"]
            return True
        return False

    def _run(self, job: Job) -> IIIFError | None:
        try:
            self._fetch(job)
        except IIIFError as error:
            return error
        except OSError as error:
            return IIIFError(f"cannot write {job.stem}: {error.strerror or error}", "free some disk space")
        with self._lock:
            self._state.done += 1
            self._journal[job.stem] = {"url": job.url, "path": job.path}
            self._write_journal()
        self._report()
        return None

    def _fetch(self, job: Job) -> None:
        def on_bytes(received: int, expected: int) -> None:
            with self._lock:
                self._state.received += received - self._received.get(job.stem, 0)
                self._received[job.stem] = received
                self._state.current = job.url
            self._report()

        urls = [job.url]
        if job.service is not None:
            try:
                info = self._info(job.service)
                urls.insert(0, image_request(info, job.service, job.long_side))
            except IIIFError as error:
                log.warning("the image service of %s cannot be used (%s); fetching the image itself",
                            job.purpose, error.message)
                if not job.ext:
                    urls.insert(0, f"{job.service.url}/full/{'max' if job.service.version == 3 else 'full'}"
                                   "/0/default.jpg")
        first: IIIFError | None = None
        for url in urls:
            try:
                path = self._download(url, self.limits.max_file, "raise the limit with --max-file-size",
                                      on_bytes)
            except IIIFError as error:
                first = first or error
                continue
            self._place(job, path, url)
            return
        raise first or IIIFError(f"nothing to fetch for {job.purpose}")

    def _place(self, job: Job, download: Path, url: str) -> None:
        with download.open("rb") as file:
            head = file.read(HEAD_BYTES)
        candidates = [job.ext] if job.ext else []
        candidates += [ext for ext in KINDS[job.kind] if ext not in candidates]
        ext = next((ext for ext in candidates if ext in SNIFFERS and SNIFFERS[ext](head)), None)
        if ext is None:
            download.unlink(missing_ok=True)
            raise IIIFError(f"{url} did not send {KIND_NAMES[job.kind]}: its first bytes are not of any kind "
                            "the kiosk reads", "check the address, or convert the file and add it by hand")
        path = job.stem + ext
        if (problem := path_problem(path, in_zip=False)) is not None:
            raise IIIFError(f"'{path}' {problem[0]}", problem[1])
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(download, target)
        job.path = path

    def _report(self) -> None:
        if self.progress is not None:
            with self._lock:
                state = Progress(self._state.done, self._state.total, self._state.received, self._state.current)
            self.progress(state)

    def _read_journal(self) -> dict[str, dict[str, str]]:
        try:
            data = json.loads((self.root / JOURNAL).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write_journal(self) -> None:
        temporary = self.root / (JOURNAL + ".tmp")
        temporary.write_text(json.dumps(self._journal, indent=1), encoding="utf-8")
        os.replace(temporary, self.root / JOURNAL)


def parse_json(data: bytes, where: str) -> dict[str, Any]:
    """A IIIF document's JSON object; IIIFError naming `where` when it is not one."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise IIIFError(f"{where} is not a IIIF manifest or collection: it is not UTF-8 text",
                        "check the address: it should lead to a IIIF manifest's JSON") from None
    except RecursionError:
        raise IIIFError(f"{where} is not a IIIF manifest or collection: its JSON is nested too deeply to read",
                        "check the address: it should lead to a IIIF manifest's JSON") from None
    except json.JSONDecodeError as error:
        raise IIIFError(f"{where} is not a IIIF manifest or collection: it is not JSON "
                        f"({error.msg} at line {error.lineno}, column {error.colno})",
                        "check the address: it should lead to a IIIF manifest's JSON") from None
    if not isinstance(document, dict):
        raise IIIFError(f"{where} is not a IIIF manifest or collection: its JSON is not an object",
                        "check the address: it should lead to a IIIF manifest's JSON")
    return document
