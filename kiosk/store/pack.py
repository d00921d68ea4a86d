"""`kiosk pack`: a bundle folder made into a zip that installs anywhere, byte for byte the same
every time it is made from the same files.

Determinism: entries in sorted order, every timestamp 1980-01-01 00:00, every file mode 0644,
no folder entries, no extra fields, zlib's default level for text and no compression for media
that is compressed already (which also makes installing faster). `checksums.sha256` comes last:
it lists the SHA-256 of the bytes actually written, hashed while they are written, so a file
saved during packing cannot make the archive disagree with its own checksums. The curator's
folder is never changed: the checksums live only in the zip.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path

from kiosk.bundle.findings import Finding
from kiosk.bundle.source import CHECKSUMS, FolderSource, is_junk, too_compressed
from kiosk.bundle.validate import validate
from kiosk.store.durable import fsync_dir
from kiosk.store.errors import RefusedError, StoreError

log = logging.getLogger("kiosk.store")

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644
UNIX = 3
CHUNK = 4 * 1024 * 1024
ALREADY_COMPRESSED = frozenset({
    ".jpg", ".jpeg", ".png", ".webp", ".mp3", ".ogg", ".opus", ".flac", ".m4a", ".wav",
    ".mp4", ".webm", ".mkv", ".mov", ".zip", ".gz", ".woff", ".woff2",
})


@dataclass(frozen=True)
class PackResult:
    output: Path
    files: int
    size: int
    warnings: tuple[Finding, ...]
    prefix: str


class _TooCompressibleError(Exception):
    """Deflated, this entry would look like a zip bomb to the installer: store it instead."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


def _entry(path: str, size: int, *, stored: bool) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(path, date_time=FIXED_TIME)
    info.create_system = UNIX
    info.external_attr = FILE_MODE << 16
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.file_size = size
    return info


def _write_entry(archive: zipfile.ZipFile, source: FolderSource, path: str, *, stored: bool) -> str:
    """Add one file, returning the SHA-256 of the bytes written."""
    size = source.sizes[path]
    info = _entry(path, size, stored=stored)
    digest = hashlib.sha256()
    written = 0
    zip64 = size * 1.05 > zipfile.ZIP64_LIMIT
    with source.stream(path) as reader, archive.open(info, "w", force_zip64=zip64) as out:
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
            written += len(chunk)
    if written != size:
        raise StoreError(f"'{path}' changed while it was being packed", "pack again once it is saved")
    if not stored and too_compressed(size, info.compress_size):
        raise _TooCompressibleError(path)
    return digest.hexdigest()


def _write_zip(target: Path, source: FolderSource, files: list[str], stored: set[str]) -> None:
    hashes: dict[str, str] = {}
    with target.open("wb") as handle:
        with zipfile.ZipFile(handle, "w") as archive:
            for path in files:
                suffix = path[path.rfind("."):].lower() if "." in path else ""
                is_stored = suffix in ALREADY_COMPRESSED or path in stored
                hashes[path] = _write_entry(archive, source, path, stored=is_stored)
            listing = "".join(f"{hashes[path]}  {path}\n" for path in files).encode()
            archive.writestr(_entry(CHECKSUMS, len(listing), stored=False), listing)
        handle.flush()
        os.fsync(handle.fileno())


def _new_file_beside(output: Path) -> Path:
    """A new empty file in `output`'s folder, with the mode any program's new file gets (0666
    less the umask: 0644 usually). A zip is made to be downloaded and copied: `mkstemp`'s
    private 0600 would leave it unreadable to the web server or the colleague it is meant for."""
    for _ in range(100):
        candidate = output.parent / f".{output.name}.{secrets.token_hex(6)}.tmp"
        try:
            descriptor = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        os.close(descriptor)
        return candidate
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", str(output.parent))


def _write_atomically(output: Path, source: FolderSource, files: list[str]) -> None:
    """Write the zip beside `output`, then rename it: no half-written zip is ever seen."""
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = _new_file_beside(output)
    stored: set[str] = set()
    try:
        while True:
            try:
                _write_zip(temporary, source, files, stored)
                break
            except _TooCompressibleError as bomb:
                stored.add(bomb.path)
        temporary.replace(output)
    finally:
        temporary.unlink(missing_ok=True)


def pack(folder: Path, output: Path) -> PackResult:
    """Validate the bundle in `folder` and write it to `output` as a deterministic zip.

    Raises RefusedError with every finding when the bundle has errors (warnings do not stop
    it), and StoreError when the request itself is wrong.
    """
    if not folder.is_dir():
        hint = "pack the folder it was made from" if folder.suffix.lower() == ".zip" else ""
        raise StoreError(f"{folder} is not a bundle folder",
                         hint or "give the folder that holds exhibition.yaml")
    if output.resolve().is_relative_to(folder.resolve()):
        raise StoreError(f"the zip {output} would be inside the bundle it packs",
                         "write it outside the folder")
    validation = validate(folder, verify_checksums=False)
    if not validation.ok:
        raise RefusedError(validation.display, validation.report, validation.prefix)
    source = FolderSource.open(folder)
    with source:
        files = sorted(p for p in source.sizes if p != CHECKSUMS and not is_junk(p))
        try:
            _write_atomically(output, source, files)
        except OSError as error:
            theirs = error.filename and Path(error.filename).parent != output.parent
            where = f" ({error.filename})" if theirs else ""
            raise StoreError(f"{output} cannot be written: {error.strerror or error}{where}") from None
    fsync_dir(output.parent)
    log.info("packed %s into %s (%d files)", folder, output, len(files) + 1)
    return PackResult(output, len(files) + 1, output.stat().st_size, tuple(validation.report.warnings),
                      validation.prefix)
