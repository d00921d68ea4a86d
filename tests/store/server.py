"""An ordinary web server on 127.0.0.1, as an operator's would be: ETag, Last-Modified,
conditional GETs (304), byte ranges with If-Range (206), and, for tests, a connection that drops
part way through the next response."""

from __future__ import annotations

import email.utils
import hashlib
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Served:
    method: str
    path: str
    headers: dict[str, str]
    status: int
    body_bytes: int


@dataclass
class Site:
    files: dict[str, bytes] = field(default_factory=dict)
    etags: bool = True
    drop_after: int | None = None
    log: list[Served] = field(default_factory=list)
    base: str = ""
    modified: dict[str, str] = field(default_factory=dict)

    def put(self, path: str, data: bytes, *, when: float = 1_700_000_000.0) -> None:
        self.files[path] = data
        self.modified[path] = email.utils.formatdate(when, usegmt=True)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def etag(self, path: str) -> str:
        return '"' + hashlib.sha256(self.files[path]).hexdigest()[:16] + '"'


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def _send(self, status: int, headers: dict[str, str], body: bytes = b"") -> None:
            if site.drop_after is not None and len(body) > site.drop_after:
                body, site.drop_after = body[:site.drop_after], None
                self.close_connection = True
            site.log.append(Served("GET", self.path, dict(self.headers.items()), status, len(body)))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            data = site.files.get(self.path)
            if data is None:
                self._send(404, {"Content-Length": "0"})
                return
            etag, modified = site.etag(self.path), site.modified[self.path]
            validators = {"Last-Modified": modified, "Accept-Ranges": "bytes"}
            if site.etags:
                validators["ETag"] = etag
            unchanged_since = self.headers.get("If-Modified-Since") == modified
            if (site.etags and self.headers.get("If-None-Match") == etag) or (
                    "If-None-Match" not in self.headers and unchanged_since):
                self._send(304, validators)
                return
            match = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range", ""))
            if_range = self.headers.get("If-Range")
            if match and (if_range is None or if_range in (etag if site.etags else None, modified)):
                start = int(match.group(1))
                if start >= len(data):
                    self._send(416, {"Content-Range": f"bytes */{len(data)}", "Content-Length": "0"})
                    return
                self._send(206, {**validators, "Content-Range": f"bytes {start}-{len(data) - 1}/{len(data)}",
                                 "Content-Length": str(len(data) - start)}, data[start:])
                return
            self._send(200, {**validators, "Content-Length": str(len(data))}, data)

    return Handler


@contextmanager
def running(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """A server on 127.0.0.1 answering with `handler`, on a thread; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@contextmanager
def serve() -> Iterator[Site]:
    site = Site()
    with running(_handler(site)) as base:
        site.base = base
        yield site
