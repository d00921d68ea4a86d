"""A IIIF publisher on 127.0.0.1 for the import tests: our own manifests (tests/importers/
recipes.py), small generated media, image services, redirects and a connection that drops.

Media are made here: real JPEGs (drawn with Qt), and sound and film files that carry only their
format's first bytes, which is what `kiosk validate` reads of them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage

from kiosk.cli import main
from kiosk.importers import fetch
from tests.store.server import running

OGG = b"OggS" + b"\x00" * 200
MP4 = b"\x00\x00\x00\x18ftypisom" + b"\x00" * 200


def jpeg(width: int = 48, height: int = 32, colour: str = "#a05020") -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG")
    return bytes(data.data())


def vtt(text: str) -> bytes:
    return f"WEBVTT\n\n00:00.000 --> 00:02.000\n{text}\n".encode()


@dataclass
class Publisher:
    """What the server holds: files by path, redirects, and who asked for what."""

    base: str = ""
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    drop_once: dict[str, int] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)

    def put(self, path: str, data: bytes, content_type: str = "application/octet-stream") -> str:
        self.files[path] = (data, content_type)
        return self.url(path)

    def put_json(self, path: str, document: dict[str, object]) -> str:
        return self.put(path, json.dumps(document).encode(), "application/ld+json")

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def asked(self, path: str) -> list[str]:
        """The Range header of each request for `path` ('' for a whole file)."""
        return [wanted for asked, wanted in self.requests if asked == path]


def _handler(site: Publisher) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            site.requests.append((self.path, self.headers.get("Range", "")))
            if self.path in site.redirects:
                self.send_response(302)
                self.send_header("Location", site.redirects[self.path])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if self.path not in site.files:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            data, content_type = site.files[self.path]
            start = 0
            match = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range", ""))
            self.send_response(206 if match else 200)
            if match:
                start = int(match.group(1))
                self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data) - start))
            self.send_header("ETag", f'"{len(data)}"')
            self.end_headers()
            body = data[start:]
            if self.path in site.drop_once:
                body = body[:site.drop_once.pop(self.path)]
                self.close_connection = True
            self.wfile.write(body)

    return Handler


@pytest.fixture
def publisher(monkeypatch: pytest.MonkeyPatch) -> Iterator[Publisher]:
    monkeypatch.setattr(fetch, "RETRY_DELAY", 0.0)
    site = Publisher()
    with running(_handler(site)) as base:
        site.base = base
        yield site


@dataclass
class Outcome:
    status: int
    out: str
    err: str


Importer = Callable[..., Outcome]


@pytest.fixture
def run_import(capsys: pytest.CaptureFixture[str]) -> Importer:
    """`kiosk import-iiif SOURCE -o DIR ...`, run in this process; its status and output."""

    def run(source: str, output: Path, *extra: str) -> Outcome:
        status = main(["import-iiif", source, "-o", str(output), *extra])
        captured = capsys.readouterr()
        return Outcome(status, captured.out, captured.err)

    return run
