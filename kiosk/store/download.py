"""Fetching a bundle archive over HTTP(S) with urllib: conditional requests, so an unchanged
archive costs one small request, and resumable downloads, so a dropped connection costs only
the bytes that had not arrived yet.

The partial file and what the server said about it (ETag, Last-Modified, length) are kept in
the store's `downloads/` folder. A resumed request carries `If-Range`: if the archive changed
on the server in between, the server sends it whole and the download starts over.

A hostile or broken server cannot hold a kiosk: every socket operation has a stall timeout, the
whole fetch has a deadline (a watchdog shuts the socket, even one trickling a byte at a time,
even while the headers arrive), the archive may not grow past `max_size` nor fill the disk,
and redirects are followed to http:// and https:// only. Only an interruption the next try can
resume (a dropped or stalled connection, a stop) keeps the partial file; every other failure
removes it.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import logging
import re
import shutil
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kiosk import __version__
from kiosk.store.errors import StoreError
from kiosk.store.unpack import DISK_MARGIN, megabytes

log = logging.getLogger("kiosk.store")

CHUNK = 1024 * 1024
DEFAULT_DEADLINE = 3 * 3600.0
DEFAULT_MAX_SIZE = 8 * 1024**3
USER_AGENT = f"exhibit-kiosk/{__version__}"
_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")


class DownloadError(StoreError):
    """The archive could not be fetched (network, server, disk); nothing was installed."""


class DownloadInterruptedError(DownloadError):
    """The transfer stopped part way; what arrived is kept and the next try resumes."""


@dataclass(frozen=True)
class Validators:
    """What the server said identifies this version of the archive."""

    etag: str | None = None
    last_modified: str | None = None

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)


@dataclass(frozen=True)
class Fetched:
    """A complete archive (`path`), or nothing new (`path` is None: not modified)."""

    path: Path | None
    validators: Validators
    sha256: str = ""
    size: int = 0
    resumed_from: int = 0


def check_url(url: str) -> str:
    """The URL if the kiosk can fetch it; ValueError saying why not otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"'{url}' is not an http:// or https:// address")
    return url


def _key(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()[:16]


def _describe(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


class _Watchdog:
    """Shuts every socket of one fetch when its deadline passes, so that no read, however slow
    the server, outlives it."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.expired = threading.Event()
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
        if self.expired.is_set():
            self._expire()

    def _expire(self) -> None:
        self.expired.set()
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def stop(self) -> None:
        self._timer.cancel()


def _watched(base: type[http.client.HTTPConnection], watchdog: _Watchdog) -> Any:
    class Watched(base):  # type: ignore[valid-type,misc]
        def connect(self) -> None:
            super().connect()
            watchdog.watch(self.sock)

    return Watched


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, watchdog: _Watchdog) -> None:
        super().__init__()
        self.connection = _watched(http.client.HTTPConnection, watchdog)

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self.connection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, watchdog: _Watchdog) -> None:
        super().__init__()
        self.connection = _watched(http.client.HTTPSConnection, watchdog)

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self.connection, req, context=self._context)  # type: ignore[attr-defined]


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http:// and https:// only (urllib alone would also go to ftp://)."""

    def redirect_request(self, req: urllib.request.Request, fp: Any, code: int, msg: str,  # noqa: PLR0917
                         headers: Any,
                         newurl: str) -> urllib.request.Request | None:
        scheme = urlsplit(newurl).scheme.lower()
        if scheme not in ("http", "https"):
            fp.close()
            raise DownloadError(f"{_describe(req.full_url)} redirects to {_describe(newurl)}; the kiosk follows "
                                "redirects to http:// and https:// only",
                                "publish the archive at an http:// or https:// address")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _open(url: str, headers: dict[str, str], timeout: float, watchdog: _Watchdog) -> Any:
    """GET `url` (http or https only: every caller passed it through check_url)."""
    check_url(url)
    opener = urllib.request.build_opener(_HTTPHandler(watchdog), _HTTPSHandler(watchdog), _RedirectHandler())
    request = urllib.request.Request(  # noqa: S310
        url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity", **headers})
    return opener.open(request, timeout=timeout)


def _too_slow(url: str, seconds: float) -> DownloadError:
    return DownloadError(f"the download of {_describe(url)} did not finish within {seconds:g} seconds",
                         "check the network, or publish a smaller archive")


def fetch_text(url: str, *, timeout: float = 30.0, limit: int = 64 * 1024, deadline: float = 60.0) -> str:
    """A small text file, such as the archive's published SHA-256."""
    check_url(url)
    watchdog = _Watchdog(deadline)
    try:
        with _open(url, {"Cache-Control": "no-cache"}, timeout, watchdog) as response:
            text: str = response.read(limit).decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        raise DownloadError(f"{_describe(url)}: the server answered {error.code} {error.reason}") from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
        if watchdog.expired.is_set():
            raise _too_slow(url, deadline) from None
        reason = getattr(error, "reason", error)
        raise DownloadError(f"cannot reach {_describe(url)}: {reason}",
                            "check the network and the address") from None
    finally:
        watchdog.stop()
    if watchdog.expired.is_set():
        raise _too_slow(url, deadline)
    return text


class Download:
    """One URL's download into `folder`, resumable across calls and across restarts.

    `timeout` is the stall timeout (seconds any one connect or read may wait), `deadline` the
    time one `fetch` may take in all, and `max_size` the most bytes the archive may have.
    """

    def __init__(self, url: str, folder: Path, *, timeout: float = 30.0, deadline: float = DEFAULT_DEADLINE,
                 max_size: int = DEFAULT_MAX_SIZE, cancel: threading.Event | None = None,
                 progress: Callable[[int, int], None] | None = None) -> None:
        self.url = check_url(url)
        self.folder = folder
        self.timeout = timeout
        self.deadline = deadline
        self.max_size = max_size
        self.cancel = cancel
        self.progress = progress
        key = _key(url)
        self.part = folder / f"{key}.part"
        self.meta = folder / f"{key}.part.json"
        self.done = folder / f"{key}.zip"

    def _resume_point(self) -> tuple[int, Validators]:
        """How many bytes of the same archive are already here, and how the server named it."""
        try:
            meta = json.loads(self.meta.read_text(encoding="utf-8"))
            size = self.part.stat().st_size
        except (OSError, ValueError):
            return 0, Validators()
        validators = Validators(meta.get("etag"), meta.get("last_modified"))
        if meta.get("url") != self.url or not validators or size == 0:
            return 0, Validators()
        return size, validators

    def discard(self) -> None:
        for path in (self.part, self.meta, self.done):
            path.unlink(missing_ok=True)

    def fetch(self, known: Validators | None = None) -> Fetched:
        """Download the archive unless the server says it has not changed since `known`.

        DownloadInterruptedError keeps what arrived, for the next call to resume; any other
        failure removes the partial file.
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        self.done.unlink(missing_ok=True)
        watchdog = _Watchdog(self.deadline)
        try:
            return self._fetch(known, watchdog)
        except DownloadInterruptedError:
            if watchdog.expired.is_set():
                self.discard()
                raise _too_slow(self.url, self.deadline) from None
            raise
        except DownloadError:
            self.discard()
            raise
        except OSError as error:
            self.discard()
            raise DownloadError(f"the download of {_describe(self.url)} cannot be written: "
                                f"{error.strerror or error}", "free some disk space") from None
        finally:
            watchdog.stop()

    def _fetch(self, known: Validators | None, watchdog: _Watchdog) -> Fetched:
        offset, partial = self._resume_point()
        headers: dict[str, str] = {}
        if offset:
            headers["Range"] = f"bytes={offset}-"
            headers["If-Range"] = partial.etag or partial.last_modified or ""
        elif known:
            if known.etag:
                headers["If-None-Match"] = known.etag
            if known.last_modified:
                headers["If-Modified-Since"] = known.last_modified
        try:
            response = _open(self.url, headers, self.timeout, watchdog)
        except urllib.error.HTTPError as error:
            if error.code == 304:
                return Fetched(None, known or Validators())
            if error.code == 416 and offset:
                log.info("the server cannot resume %s; starting over", _describe(self.url))
                self.discard()
                return self._fetch(known, watchdog)
            raise DownloadError(f"{_describe(self.url)}: the server answered {error.code} {error.reason}",
                                "check the address") from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
            if watchdog.expired.is_set():
                raise _too_slow(self.url, self.deadline) from None
            reason = getattr(error, "reason", error)
            raise DownloadError(f"cannot reach {_describe(self.url)}: {reason}",
                                "check the network and the address") from None
        with response:
            return self._receive(response, offset, partial, watchdog)

    def _limit(self, start: int, expected: int | None) -> int:
        """The most bytes the archive may reach: `max_size`, and what the disk can take."""
        free = shutil.disk_usage(self.folder).free
        room = start + free - DISK_MARGIN
        if expected is not None and expected > self.max_size:
            raise DownloadError(f"{_describe(self.url)} is {megabytes(expected)}; at most "
                                f"{megabytes(self.max_size)} are downloaded", "raise the limit with --max-size")
        if expected is not None and expected > room:
            raise DownloadError(f"not enough free disk space to download {megabytes(expected)} "
                                f"({megabytes(free)} are free)", "remove bundles you no longer need")
        return min(self.max_size, room)

    def _receive(self, response: Any, offset: int, partial: Validators, watchdog: _Watchdog) -> Fetched:
        headers = response.headers
        validators = Validators(headers.get("ETag"), headers.get("Last-Modified"))
        length = headers.get("Content-Length")
        digest = hashlib.sha256()
        start = 0
        if response.status == 206:
            match = _CONTENT_RANGE.fullmatch(headers.get("Content-Range", "").strip())
            if match is None or int(match.group(1)) != offset:
                self.discard()
                raise DownloadInterruptedError(
                    f"{_describe(self.url)}: the server resumed at the wrong place",
                    "the download starts over at the next check")
            start = offset
            validators = validators or partial
            with self.part.open("rb") as existing:
                while data := existing.read(CHUNK):
                    digest.update(data)
        expected = start + int(length) if length is not None and length.isdigit() else None
        limit = self._limit(start, expected)
        if start == 0:
            self.meta.write_text(json.dumps({"url": self.url, "etag": validators.etag,
                                             "last_modified": validators.last_modified, "length": expected}),
                                 encoding="utf-8")
        received = self._copy(response, start, expected, digest, limit)
        if watchdog.expired.is_set():
            raise _too_slow(self.url, self.deadline)
        if expected is not None and received != expected:
            raise DownloadInterruptedError(
                f"the download of {_describe(self.url)} stopped at {received:,} of {expected:,} bytes",
                "it resumes where it stopped at the next check")
        self.part.replace(self.done)
        self.meta.unlink(missing_ok=True)
        if start:
            log.info("resumed %s at byte %d", _describe(self.url), start)
        return Fetched(self.done, validators, digest.hexdigest(), received, start)

    def _copy(self, response: Any, start: int, expected: int | None, digest: Any, limit: int) -> int:
        received = start
        read = getattr(response, "read1", response.read)
        with self.part.open("r+b" if start else "wb") as out:
            out.seek(start)
            out.truncate()
            while True:
                if self.cancel is not None and self.cancel.is_set():
                    raise DownloadInterruptedError("the download was stopped", "it resumes at the next check")
                try:
                    data = read(CHUNK)
                except (OSError, ValueError, http.client.HTTPException) as error:
                    log.info("the connection dropped after %d bytes: %s", received, error)
                    break
                if not data:
                    break
                if received + len(data) > limit:
                    raise self._over(limit)
                out.write(data)
                digest.update(data)
                received += len(data)
                if self.progress is not None:
                    self.progress(received, expected or 0)
        return received

    def _over(self, limit: int) -> DownloadError:
        if limit >= self.max_size:
            return DownloadError(f"{_describe(self.url)} sent more than {megabytes(self.max_size)}; at most that "
                                 "much is downloaded", "raise the limit with --max-size")
        return DownloadError(f"not enough free disk space: {_describe(self.url)} sent more than the "
                             f"{megabytes(limit)} the disk can take", "remove bundles you no longer need")
