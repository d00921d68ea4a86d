"""Hostile and broken web servers on 127.0.0.1: each download ends, within its deadline, in a
message that says why, with no partial file left behind and the store untouched."""

from __future__ import annotations

import contextlib
import errno
import shutil
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli import MAX_DOWNLOAD, main
from kiosk.store import Store, UpdateConfig, Updater
from kiosk.store.download import DEFAULT_MAX_SIZE, Download, DownloadError
from tests.store.conftest import snapshot
from tests.store.server import running

MB = 1024 * 1024


class Hostile:
    """What each path of the server does."""

    def __init__(self) -> None:
        self.base = ""
        self.stop = threading.Event()

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


def _handler(hostile: Hostile) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def _trickle(self, data: bytes) -> None:
            for byte in data:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                if hostile.stop.wait(0.05):
                    return

        def do_GET(self) -> None:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._answer()

        def _answer(self) -> None:
            if self.path == "/trickle-headers":
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                self._trickle(b"X-Slow: " + b"z" * 1000 + b"\r\n\r\n")
                return
            if self.path == "/ftp":
                self.send_response(302)
                self.send_header("Location", "ftp://127.0.0.1:9/bundle.zip")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            if self.path == "/huge":
                self.send_header("Content-Length", str(10 * 1024**3))
            self.end_headers()
            if self.path == "/trickle":
                self._trickle(b"PK" * 1000)
            elif self.path in ("/endless", "/huge"):
                chunk = bytes(64 * 1024)
                while not hostile.stop.is_set():
                    self.wfile.write(chunk)
            else:
                self.wfile.write(b"PK\x05\x06" + bytes(18))

    return Handler


@pytest.fixture
def hostile() -> Iterator[Hostile]:
    site = Hostile()
    with running(_handler(site)) as base:
        site.base = base
        try:
            yield site
        finally:
            site.stop.set()  # before the server stops: its endless answers wait for it


SLOW = "did not finish within 0.4 seconds (check the network, or publish a smaller archive)"
CASES: list[tuple[str, dict[str, Any], str]] = [
    ("/trickle", {"deadline": 0.4}, "the download of {url} " + SLOW),
    ("/trickle-headers", {"deadline": 0.4}, "the download of {url} " + SLOW),
    ("/endless", {"max_size": MB}, "{url} sent more than 1.0 MB; at most that much is downloaded "
     "(raise the limit with --max-size)"),
    ("/huge", {"max_size": MB}, "{url} is 10,240.0 MB; at most 1.0 MB are downloaded (raise the limit with --max-size)"),
    ("/ftp", {}, "{url} redirects to ftp://127.0.0.1:9/bundle.zip; the kiosk follows redirects to http:// and "
     "https:// only (publish the archive at an http:// or https:// address)"),
]


@pytest.mark.parametrize(("path", "limits", "expected"), CASES, ids=[c[0].strip("/") for c in CASES])
def test_a_hostile_server_ends_in_a_message_and_leaves_nothing(hostile: Hostile, tmp_path: Path, path: str,
                                                               limits: dict[str, Any], expected: str) -> None:
    folder = tmp_path / "downloads"
    start = time.monotonic()
    with pytest.raises(DownloadError) as failed:
        Download(hostile.url(path), folder, timeout=1.0, **limits).fetch()
    assert str(failed.value) == expected.format(url=hostile.url(path))
    assert time.monotonic() - start < 1.5
    assert list(folder.iterdir()) == []


def _small_disk(monkeypatch: pytest.MonkeyPatch, free: int) -> None:
    real = shutil.disk_usage
    monkeypatch.setattr(shutil, "disk_usage", lambda where: real(where)._replace(free=free))


def test_an_endless_body_stops_where_the_disk_would_fill(hostile: Hostile, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _small_disk(monkeypatch, 102 * MB)
    folder = tmp_path / "downloads"
    with pytest.raises(DownloadError) as failed:
        Download(hostile.url("/endless"), folder).fetch()
    assert str(failed.value) == (f"not enough free disk space: {hostile.url('/endless')} sent more than the 2.0 MB "
                                 "the disk can take (remove bundles you no longer need)")
    assert list(folder.iterdir()) == []


def test_a_full_disk_while_writing_removes_the_partial_file(hostile: Hostile, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = Path.open

    class FullDisk:
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __getattr__(self, name: str) -> Any:
            return getattr(self.handle, name)

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            if self.handle.tell() > MB:
                raise OSError(errno.ENOSPC, "No space left on device")
            return int(self.handle.write(data))

    def opened(path: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(path, mode, *args, **kwargs)
        return FullDisk(handle) if path.suffix == ".part" else handle

    monkeypatch.setattr(Path, "open", opened)
    folder = tmp_path / "downloads"
    with pytest.raises(DownloadError) as failed:
        Download(hostile.url("/endless"), folder).fetch()
    assert str(failed.value) == (f"the download of {hostile.url('/endless')} cannot be written: No space left on "
                                 "device (free some disk space)")
    assert list(folder.iterdir()) == []


def test_kiosk_install_takes_max_size_and_leaves_the_store_untouched(
        hostile: Hostile, tmp_path: Path, kiosk_dirs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(tmp_path, kiosk_dirs)
    assert main(["install", hostile.url("/endless"), "--max-size", "1M"]) == 1
    err = capsys.readouterr().err
    assert f"{hostile.url('/endless')} sent more than 1.0 MB; at most that much is downloaded" in err
    after = snapshot(tmp_path, kiosk_dirs)
    new_files = [path for path, kind in after.items() if kind != "dir" and after[path] != before.get(path)]
    assert [Path(path).name for path in new_files] == ["kiosk.log"], "only the log line was written"
    assert Store().installed() == []


@pytest.mark.parametrize("text", ["0", "-5M", "lots", "12X"])
def test_max_size_must_be_a_size(text: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["install", "http://127.0.0.1/x.zip", f"--max-size={text}"])
    assert f"'{text}' is not a size such as 500M or 12G" in capsys.readouterr().err


def test_the_command_s_default_is_the_library_s() -> None:
    assert MAX_DOWNLOAD == DEFAULT_MAX_SIZE


def test_the_updater_gives_up_on_a_trickle_at_its_deadline(hostile: Hostile, store: Store) -> None:
    updater = Updater(store, UpdateConfig(hostile.url("/trickle"), timeout=1.0, deadline=0.4))
    start = time.monotonic()
    result = updater.check_once()
    assert (result.status, result.message) == ("failed", f"the download of {hostile.url('/trickle')} " + SLOW)
    assert time.monotonic() - start < 1.5
    assert list(store.downloads_dir.iterdir()) == []
    assert store.active() is None


