"""A corpus of hostile and damaged archives: each is refused with a message naming the problem,
nothing appears outside staging (the whole test tree is the same before and after, and nothing
lands at the absolute paths the archives aim at), and the active bundle is untouched."""

from __future__ import annotations

import os
import shutil
import stat
import struct
import threading
import time
import uuid
import warnings
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.bundle import source as source_module
from kiosk.bundle.playable import BundleLoadError, load_playable
from kiosk.bundle.validate import validate
from kiosk.cli import main
from kiosk.store import InstallOptions, RefusedError, Store, StoreError
from tests.store.conftest import BundleFactory, bundle_entries, snapshot, write_zip

ESCAPE = f"kiosk-escaped-{uuid.uuid4().hex}.jpg"
OUTSIDE = Path("/tmp") / ESCAPE
BIG_MP4 = b"\x00\x00\x00\x18ftypisom" + os.urandom(200_000)


def _flip_byte_in_entry(path: Path, name: str, offset_from_end: int) -> None:
    """Damage the stored bytes of one entry without touching the archive's directory."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
    data = bytearray(path.read_bytes())
    header = info.header_offset
    name_length = int.from_bytes(data[header + 26:header + 28], "little")
    extra_length = int.from_bytes(data[header + 28:header + 30], "little")
    start = header + 30 + name_length + extra_length
    data[start + info.compress_size - offset_from_end] ^= 0xFF
    path.write_bytes(bytes(data))


def _with(extra: list[tuple[str, bytes]], *, mode: int | None = None) -> Callable[[Path], Path]:
    def make(path: Path) -> Path:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns about the duplicate names we write on purpose
            return write_zip(path, bundle_entries("2.0") + extra, mode=mode)

    return make


def _encrypted(path: Path) -> Path:
    write_zip(path, bundle_entries("2.0"))
    data = bytearray(path.read_bytes())
    central = data.index(b"PK\x01\x02")
    data[central + 8] |= 0x1
    path.write_bytes(bytes(data))
    return path


def _bad_crc(path: Path) -> Path:
    entries = [(n, BIG_MP4 if n == "media/film.mp4" else d) for n, d in bundle_entries("2.0")]
    write_zip(path, entries, compression=zipfile.ZIP_STORED)
    _flip_byte_in_entry(path, "media/film.mp4", offset_from_end=10)
    return path


def _bad_deflate(path: Path) -> Path:
    entries = [(n, d + b"WEBVTT filler line\n" * 20_000 if n.endswith(".en.vtt") else d)
               for n, d in bundle_entries("2.0")]
    write_zip(path, entries)
    with zipfile.ZipFile(path) as archive:
        size = archive.getinfo("captions/film.en.vtt").compress_size
    _flip_byte_in_entry(path, "captions/film.en.vtt", offset_from_end=size // 2)
    return path


def _truncated(path: Path) -> Path:
    write_zip(path, bundle_entries("2.0"))
    path.write_bytes(path.read_bytes()[:700])
    return path


def _file_where_a_folder_goes(path: Path) -> Path:
    return write_zip(path, [*bundle_entries("2.0"), ("media", b"not a folder")])


CASES: list[tuple[str, Callable[[Path], Path], str]] = [
    ("dot-dot", _with([(f"../../../../../../../../../../../tmp/{ESCAPE}", b"\xff\xd8\xff")]),
     f"!/../../../../../../../../../../../tmp/{ESCAPE}: error: points outside the bundle ('..') "
     "(entries must stay inside the bundle)"),
    ("absolute", _with([(str(OUTSIDE), b"\xff\xd8\xff")]),
     f"!/{OUTSIDE}: error: has an absolute path (entries must be relative to the bundle)"),
    ("drive-letter", _with([("C:/Windows/evil.jpg", b"\xff\xd8\xff")]),
     "!/C:/Windows/evil.jpg: error: has an absolute path (entries must be relative to the bundle)"),
    ("backslash", _with([("media\\..\\..\\evil.jpg", b"\xff\xd8\xff")]),
     "!/media\\..\\..\\evil.jpg: error: has a backslash in its name "
     "(zip the folder with a tool that writes '/' separators)"),
    ("symlink", _with([("media/passwd.odd", b"/etc/passwd")], mode=stat.S_IFLNK | 0o777),
     "!/media/passwd.odd: error: is a symbolic link (zip the file itself, not a link to it)"),
    ("device", _with([("media/null.odd", b"")], mode=stat.S_IFCHR | 0o666),
     "!/media/null.odd: error: is a device, pipe or socket, not a file (remove it from the archive)"),
    ("fifo", _with([("media/pipe.odd", b"")], mode=stat.S_IFIFO | 0o666),
     "!/media/pipe.odd: error: is a device, pipe or socket, not a file (remove it from the archive)"),
    ("duplicate", _with([("media/dawn.jpg", b"\xff\xd8\xff evil twin")]),
     "!/media/dawn.jpg: error: appears twice in the archive (rebuild the zip so each file is in it once)"),
    ("zip-bomb", _with([("media/bomb.jpg", b"\xff\xd8\xff" + bytes(20 * 1024 * 1024))]),
     "!/media/bomb.jpg: error: expands 1,0"),
    ("encrypted", _encrypted, "!/exhibition.yaml: error: is encrypted (zip the bundle without a password)"),
    ("bad-crc", _bad_crc, "!/media/film.mp4: error: is damaged: its data does not match the size and CRC-32 "
     "the archive records for it (copy or download the archive again)"),
    ("bad-deflate", _bad_deflate, "!/captions/film.en.vtt: error: is damaged: "),
    ("truncated", _truncated, ": error: not a readable zip archive"),
    ("file-where-a-folder-goes", _file_where_a_folder_goes,
     "!/media: error: is a file, but 'media/cover.png' needs a folder of that name "
     "(rename the file or the folder)"),
]


@pytest.fixture
def active(make_folder: BundleFactory) -> Store:
    store = Store()
    store.install(make_folder("1.0"))
    return store


def _refused(store: Store, archive: Path, roots: tuple[Path, ...]) -> list[str]:
    """Install `archive`, which must be refused without changing anything; the finding lines."""
    active_before = store.active()
    before = snapshot(*roots)
    with pytest.raises(RefusedError) as refused:
        store.install(archive)
    assert snapshot(*roots) == before
    assert not OUTSIDE.exists()
    assert list(store.staging_dir.iterdir()) == []
    assert store.active() == active_before
    assert active_before is not None
    assert validate(active_before.path).ok
    return refused.value.lines()


@pytest.mark.parametrize(("make", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_archives_are_refused_by_name(active: Store, tmp_path: Path, kiosk_dirs: Path,
                                              make: Callable[[Path], Path], expected: str) -> None:
    archive = make(tmp_path / "hostile.zip")
    lines = _refused(active, archive, (tmp_path, kiosk_dirs))
    assert any(expected in line for line in lines), lines
    assert all(line.startswith(str(archive)) for line in lines)


def test_too_many_entries(active: Store, tmp_path: Path, kiosk_dirs: Path,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source_module, "MAX_ENTRIES", 12)
    archive = write_zip(tmp_path / "many.zip", bundle_entries("2.0") + [(f"media/x{i}.jpg", b"\xff\xd8\xff")
                                                                       for i in range(4)])
    assert _refused(active, archive, (tmp_path, kiosk_dirs)) == [
        f"{archive}: error: the archive has 13 entries; at most 12 are allowed"]


def test_too_big_in_total(active: Store, tmp_path: Path, kiosk_dirs: Path,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source_module, "MAX_TOTAL_BYTES", 1000)
    archive = write_zip(tmp_path / "big.zip", bundle_entries("2.0"))
    assert _refused(active, archive, (tmp_path, kiosk_dirs)) == [
        f"{archive}: error: the archive unpacks to 1,835 bytes; at most 1,000 are allowed"]


def test_not_enough_disk(active: Store, tmp_path: Path, kiosk_dirs: Path,
                         monkeypatch: pytest.MonkeyPatch) -> None:
    real = shutil.disk_usage
    monkeypatch.setattr(shutil, "disk_usage", lambda path: real(path)._replace(free=50 * 1024 * 1024))
    archive = write_zip(tmp_path / "fits-not.zip", bundle_entries("2.0"))
    assert _refused(active, archive, (tmp_path, kiosk_dirs)) == [
        f"{archive}: error: not enough free disk space: unpacking needs 0.0 MB plus 100.0 MB to spare, and "
        f"50.0 MB are free on {active.root} (remove bundles you no longer need with 'kiosk remove')"]


def test_every_refused_entry_is_named_at_once(active: Store, tmp_path: Path, kiosk_dirs: Path) -> None:
    archive = _with([("../a.jpg", b"x"), ("/b.jpg", b"x"), ("media\\c.jpg", b"x")])(tmp_path / "three.zip")
    lines = [line for line in _refused(active, archive, (tmp_path, kiosk_dirs)) if ": error: " in line]
    assert [line.split(": error: ")[0].removeprefix(f"{archive}!/") for line in lines] == [
        "../a.jpg", "/b.jpg", "media\\c.jpg"]


def test_the_command_exits_1_and_prints_the_finding(active: Store, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    archive = _with([("../evil.jpg", b"x")])(tmp_path / "evil.zip")
    assert main(["install", str(archive)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [f"{archive}!/../evil.jpg: error: points outside the bundle ('..') "
                                "(entries must stay inside the bundle)"]
    assert err == f"{archive}: refused, 1 error; nothing was installed\n"


def test_failed_installs_leak_no_file_descriptors(active: Store, tmp_path: Path) -> None:
    archive = _bad_crc(tmp_path / "damaged.zip")
    descriptors = Path("/proc/self/fd")
    if not descriptors.is_dir():
        pytest.skip("needs /proc")
    before = len(list(descriptors.iterdir()))
    for _ in range(20):
        with pytest.raises(RefusedError):
            active.install(archive)
    assert len(list(descriptors.iterdir())) == before


def test_a_cancelled_install_leaves_nothing(active: Store, tmp_path: Path, kiosk_dirs: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    archive = write_zip(tmp_path / "fine.zip", bundle_entries("2.0"))
    before = snapshot(tmp_path, kiosk_dirs)
    with pytest.raises(StoreError, match="the install was cancelled"):
        active.install(archive, InstallOptions(cancel=cancel))
    assert snapshot(tmp_path, kiosk_dirs) == before


# -- validate, install and run say the same -----------------------------------------------------

DAMAGED = " (copy or download the archive again)"
MISMATCH = "is damaged: its data does not match the size and CRC-32 the archive records for it" + DAMAGED


def _entry_headers(data: bytes, name: str) -> tuple[int, int]:
    """Where the local header and the central-directory record of `name` start."""
    encoded = name.encode()
    local = data.index(b"PK\x03\x04")
    while data[local + 30:local + 30 + len(encoded)] != encoded:
        local = data.index(b"PK\x03\x04", local + 4)
    central = data.index(b"PK\x01\x02")
    while data[central + 46:central + 46 + len(encoded)] != encoded:
        central = data.index(b"PK\x01\x02", central + 4)
    return local, central


def _forge(path: Path, name: str, *, size: int, crc: int) -> None:
    """Record another size and CRC-32 for `name`, in its local header and the central directory."""
    data = bytearray(path.read_bytes())
    local, central = _entry_headers(bytes(data), name)
    data[local + 14:local + 18] = struct.pack("<I", crc)
    data[local + 22:local + 26] = struct.pack("<I", size)
    data[central + 16:central + 20] = struct.pack("<I", crc)
    data[central + 24:central + 28] = struct.pack("<I", size)
    path.write_bytes(bytes(data))


def _forged_small_size(path: Path) -> Path:
    """film.mp4 claims half its size, with the CRC-32 of that half: zipfile alone cuts it silently."""
    entries = [(n, BIG_MP4 if n == "media/film.mp4" else d) for n, d in bundle_entries("2.0")]
    write_zip(path, entries)
    half = len(BIG_MP4) // 2
    _forge(path, "media/film.mp4", size=half, crc=zlib.crc32(BIG_MP4[:half]))
    return path


def _forged_large_size(path: Path) -> Path:
    write_zip(path, bundle_entries("2.0"))
    dawn = dict(bundle_entries("2.0"))["media/dawn.jpg"]
    _forge(path, "media/dawn.jpg", size=len(dawn) + 10, crc=zlib.crc32(dawn))
    return path


def _invalid_deflate(path: Path, name: str) -> None:
    """Make the first deflate block of `name` one of the reserved type, which zlib refuses."""
    with zipfile.ZipFile(path) as archive:
        size = archive.getinfo(name).compress_size
    data = bytearray(path.read_bytes())
    local, _ = _entry_headers(bytes(data), name)
    start = local + 30 + len(name.encode()) + int.from_bytes(data[local + 28:local + 30], "little")
    data[start] = 0x07
    assert len(data) > start + size
    path.write_bytes(bytes(data))


def _corrupt_captions(path: Path) -> Path:
    write_zip(path, bundle_entries("2.0"))
    _invalid_deflate(path, "captions/film.en.vtt")
    return path


def _corrupt_unused(path: Path) -> Path:
    write_zip(path, [*bundle_entries("2.0"), ("notes/draft.txt", b"a draft nobody uses\n" * 5_000)])
    _invalid_deflate(path, "notes/draft.txt")
    return path


def _raw_zip(path: Path, entries: list[tuple[str, bytes, int, int]]) -> Path:
    """A zip written byte by byte from already deflated entries (name, data, CRC-32, size), so
    that thousands of copies of one compressed megabyte cost nothing to make."""
    out, central = bytearray(), bytearray()
    for name, raw, crc, size in entries:
        encoded = name.encode()
        common = struct.pack("<HHHHHIIIHH", 20, 0, zipfile.ZIP_DEFLATED, 0, 0x21, crc, len(raw), size,
                             len(encoded), 0)
        central += b"PK\x01\x02" + struct.pack("<H", 20) + common + struct.pack("<HHHII", 0, 0, 0, 0, len(out))
        central += encoded
        out += b"PK\x03\x04" + common + encoded + raw
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), len(out), 0)
    path.write_bytes(bytes(out + central + end))
    return path


def _deflated(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


ZEROS_ENTRIES = 10_240


def _many_small_zeros(path: Path) -> Path:
    """10,240 entries of 1 MiB of zeros: an 11 MB zip that would unpack to 10.7 GB."""
    zeros = bytes(1024 * 1024)
    raw, crc = _deflated(zeros), zlib.crc32(zeros)
    entries = [(name, _deflated(data), zlib.crc32(data), len(data)) for name, data in bundle_entries("2.0")]
    entries += [(f"media/zeros/{i:05}.bin", raw, crc, len(zeros)) for i in range(ZEROS_ENTRIES)]
    return _raw_zip(path, entries)


def _zeros_message(path: Path) -> str:
    total = sum(len(data) for _, data in bundle_entries("2.0")) + ZEROS_ENTRIES * 1024 * 1024
    times = total // path.stat().st_size
    return (f": error: the archive unpacks to {total:,} bytes, {times:,} times its own size; at most 100 times "
            "are allowed (this looks like a zip bomb)")


AGREED: list[tuple[str, Callable[[Path], Path], str | Callable[[Path], str]]] = [
    ("wrong-crc", _bad_crc, "!/media/film.mp4: error: " + MISMATCH),
    ("forged-small-size", _forged_small_size, "!/media/film.mp4: error: " + MISMATCH),
    ("forged-large-size", _forged_large_size, "!/media/dawn.jpg: error: " + MISMATCH),
    ("flipped-deflate-byte", _bad_deflate, "!/captions/film.en.vtt: error: " + MISMATCH),
    ("corrupt-deflate", _corrupt_captions, "!/captions/film.en.vtt: error: is damaged: its compressed data is "
     "corrupt (Error -3 while decompressing data: invalid block type)" + DAMAGED),
    ("corrupt-unused-entry", _corrupt_unused, "!/notes/draft.txt: error: is damaged: its compressed data is "
     "corrupt (Error -3 while decompressing data: invalid block type)" + DAMAGED),
    ("many-small-zeros", _many_small_zeros, _zeros_message),
    ("one-small-bomb", _with([("media/bomb.bin", bytes(1024 * 1024))]),
     "!/media/bomb.bin: error: expands 1,0"),
    ("double-slash", _with([("media//dawn.jpg", b"\xff\xd8\xff")]),
     "!/media//dawn.jpg: error: has an empty or '.' folder in its path ('//' or '/./') "
     "(rebuild the zip with plain paths such as 'media/dawn.jpg')"),
    ("dot-folder", _with([("media/./x.jpg", b"\xff\xd8\xff")]),
     "!/media/./x.jpg: error: has an empty or '.' folder in its path ('//' or '/./') "
     "(rebuild the zip with plain paths such as 'media/dawn.jpg')"),
    ("backslash", _with([("media\\x.jpg", b"\xff\xd8\xff")]),
     "!/media\\x.jpg: error: has a backslash in its name (zip the folder with a tool that writes '/' separators)"),
    ("file-where-a-folder-goes", _file_where_a_folder_goes,
     "!/media: error: is a file, but 'media/cover.png' needs a folder of that name (rename the file or the folder)"),
    ("escape-sequence", _with([("media/\x1b[2J\x1b[31mred.jpg", b"\xff\xd8\xff")]),
     "!/media/\\x1b[2J\\x1b[31mred.jpg: error: has a control character in its name "
     "(rename it without control characters)"),
    ("nfc-nfd-twins", _with([("media/caf\u00e9.jpg", b"\xff\xd8\xff"), ("media/cafe\u0301.jpg", b"\xff\xd8\xff")]),
     "!/media/cafe\u0301.jpg: error: has the same name as 'media/caf\u00e9.jpg' written in another Unicode form "
     "(NFC/NFD) (rename one of them: most disks and the kiosk treat the two names as one)"),
]


def _run(archive: Path, cache: Path) -> list[str]:
    with pytest.raises(BundleLoadError) as failed:
        load_playable(archive, cache)
    return [finding.format(f"{archive}!/") for finding in failed.value.report.errors]


@pytest.mark.parametrize(("make", "expected"), [c[1:] for c in AGREED], ids=[c[0] for c in AGREED])
def test_validate_install_and_run_refuse_alike(active: Store, tmp_path: Path, kiosk_dirs: Path,
                                               make: Callable[[Path], Path],
                                               expected: str | Callable[[Path], str]) -> None:
    archive = make(tmp_path / "hostile.zip")
    line = f"{archive}{expected(archive) if callable(expected) else expected}"
    cache = tmp_path / "cache"
    cache.mkdir()
    start = time.monotonic()
    checked = validate(archive)
    validated = [finding.format(checked.prefix) for finding in checked.report.errors]
    installed = _refused(active, archive, (tmp_path, kiosk_dirs))
    ran = _run(archive, cache)
    assert [p for p in cache.rglob("*") if p != cache / "unpacked"] == [], "no half-unpacked copy is left"
    assert time.monotonic() - start < 5
    for said in (validated, installed, ran):
        assert any(found == line or (found.startswith(line) and line.endswith(",0")) for found in said), said
        assert all("\x1b" not in found for found in said)
