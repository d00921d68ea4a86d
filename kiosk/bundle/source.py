"""Reading a bundle's files from a folder or straight out of a .zip, never extracting it.

A zip is checked entry by entry against the same rules that installing applies: nothing
that could land outside the bundle, no links or device files, no duplicate names, and
limits on size and on each entry's compression ratio. Entries that break a rule are left
out and reported; they are never read.
"""

from __future__ import annotations

import io
import os
import re
import stat
import unicodedata
import zipfile
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

MANIFEST = "exhibition.yaml"
CHECKSUMS = "checksums.sha256"
MAX_ENTRIES = 50_000
MAX_TOTAL_BYTES = 16 * 1024**3
MAX_RATIO = 100
RATIO_APPLIES_ABOVE = 1024 * 1024
JUNK_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
SUPPORTED_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)


class SourceError(Exception):
    """The bundle cannot be opened at all."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class SourceProblem:
    """A file or zip entry that was refused, and why."""

    path: str
    message: str
    hint: str = ""


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def is_junk(path: str) -> bool:
    """Files that operating systems leave behind, which no curator means to ship."""
    return PurePosixPath(path).name in JUNK_NAMES or path.startswith("__MACOSX/")


@dataclass
class BundleSource(ABC):
    """The files of one bundle, by relative `/`-separated path (Unicode NFC)."""

    display: str
    sizes: dict[str, int] = field(default_factory=dict)
    problems: list[SourceProblem] = field(default_factory=list)

    @abstractmethod
    def read(self, path: str, limit: int | None = None) -> bytes:
        """The file's bytes, or its first `limit` bytes."""

    def local_path(self, path: str) -> Path | None:
        """A path on disk for the file, when the bundle is a folder."""
        return None

    def stream(self, path: str) -> BinaryIO:
        """The file opened for reading in chunks, so that big media are never held in memory.

        Reading a damaged zip entry raises zipfile.BadZipFile, EOFError, zlib.error or OSError.
        """
        return io.BytesIO(self.read(path))

    def close(self) -> None:
        """Release the archive, if any."""

    def __enter__(self) -> BundleSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class FolderSource(BundleSource):
    root: Path = Path()
    _names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def open(cls, root: Path) -> FolderSource:
        source = cls(display=str(root), root=root)
        source._scan()
        return source

    def _scan(self) -> None:
        real_root = self.root.resolve()
        for directory, dirnames, filenames in os.walk(self.root):
            dirnames.sort()
            here = Path(directory)
            for name in sorted(filenames) + [d for d in dirnames if (here / d).is_symlink()]:
                full = here / name
                relative = full.relative_to(self.root).as_posix()
                if full.is_symlink():
                    target = full.resolve()
                    if not target.is_relative_to(real_root):
                        self.problems.append(SourceProblem(
                            relative, "is a link leading out of the bundle",
                            "copy the file into the bundle instead of linking to it"))
                        continue
                    if not target.is_file():
                        continue
                try:
                    info = full.stat()
                except OSError as error:
                    self.problems.append(SourceProblem(relative, f"cannot be read: {error.strerror}"))
                    continue
                if not stat.S_ISREG(info.st_mode):
                    self.problems.append(SourceProblem(relative, "is not a regular file"))
                    continue
                self._names[nfc(relative)] = relative
                self.sizes[nfc(relative)] = info.st_size

    def local_path(self, path: str) -> Path:
        return self.root / self._names.get(path, path)

    def read(self, path: str, limit: int | None = None) -> bytes:
        with open(self.local_path(path), "rb") as handle:
            return handle.read() if limit is None else handle.read(limit)

    def stream(self, path: str) -> BinaryIO:
        return self.local_path(path).open("rb")


def _entry_problem(info: zipfile.ZipInfo) -> tuple[str, str] | None:
    name = info.filename
    unix = info.create_system == 3
    mode = info.external_attr >> 16 if unix else 0
    if "\\" in name:
        return "has a backslash in its name", "zip the folder with a tool that writes '/' separators"
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return "has an absolute path", "entries must be relative to the bundle"
    if ".." in PurePosixPath(name).parts:
        return "points outside the bundle ('..')", "entries must stay inside the bundle"
    if stat.S_ISLNK(mode):
        return "is a symbolic link", "zip the file itself, not a link to it"
    if stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return "is a device, pipe or socket, not a file", "remove it from the archive"
    if info.flag_bits & 0x1:
        return "is encrypted", "zip the bundle without a password"
    if info.compress_type not in SUPPORTED_COMPRESSION:
        return (f"uses compression method {info.compress_type}, which is not supported",
                "zip it with the ordinary 'deflate' method")
    if info.file_size > RATIO_APPLIES_ABOVE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        return (f"expands {info.file_size // max(info.compress_size, 1):,} times "
                f"(at most {MAX_RATIO} are allowed)", "this looks like a zip bomb")
    return None


@dataclass
class ZipSource(BundleSource):
    archive: zipfile.ZipFile | None = None
    prefix: str = ""
    _entries: dict[str, zipfile.ZipInfo] = field(default_factory=dict)

    @classmethod
    def open(cls, path: Path) -> ZipSource:
        try:
            archive = zipfile.ZipFile(path)
            infos = archive.infolist()
        except zipfile.BadZipFile as error:
            raise SourceError(f"not a readable zip archive ({error})",
                              "the file may be truncated: copy or download it again") from None
        except (OSError, ValueError, EOFError) as error:
            raise SourceError(f"cannot read the archive ({error})") from None
        source = cls(display=str(path), archive=archive)
        try:
            source._scan(infos)
        except SourceError:
            archive.close()
            raise
        return source

    def _scan(self, infos: list[zipfile.ZipInfo]) -> None:
        if len(infos) > MAX_ENTRIES:
            raise SourceError(f"the archive has {len(infos):,} entries; at most {MAX_ENTRIES:,} are allowed")
        total = sum(info.file_size for info in infos)
        if total > MAX_TOTAL_BYTES:
            raise SourceError(f"the archive unpacks to {total:,} bytes; at most {MAX_TOTAL_BYTES:,} are allowed")
        files = [info for info in infos if not info.is_dir() and not is_junk(info.filename)]
        self.prefix = self._find_root([info.filename for info in files])
        seen: set[str] = set()
        for info in files:
            name = nfc(info.filename)
            problem = _entry_problem(info)
            if problem is None and name in seen:
                problem = ("appears twice in the archive", "rebuild the zip so each file is in it once")
            if problem is not None:
                self.problems.append(SourceProblem(info.filename, *problem))
                seen.add(name)
                continue
            seen.add(name)
            relative = name.removeprefix(self.prefix)
            self._entries[relative] = info
            self.sizes[relative] = info.file_size

    @staticmethod
    def _find_root(names: list[str]) -> str:
        if MANIFEST in names:
            return ""
        tops = {name.split("/", 1)[0] for name in names if "/" in name}
        loose = [name for name in names if "/" not in name]
        if len(tops) == 1 and not loose:
            top = next(iter(tops))
            if f"{top}/{MANIFEST}" in names:
                return f"{top}/"
        if len(tops) > 1 and any(name.endswith(f"/{MANIFEST}") for name in names):
            raise SourceError(
                f"the archive has several top-level folders ({', '.join(sorted(tops)[:4])})",
                f"put {MANIFEST} at the zip's root, or everything inside one folder",
            )
        raise SourceError(f"no {MANIFEST} at the archive's root or in its single top-level folder",
                          "zip the bundle folder itself")

    def read(self, path: str, limit: int | None = None) -> bytes:
        assert self.archive is not None
        info = self._entries[path]
        try:
            with self.archive.open(info) as handle:
                return handle.read() if limit is None else handle.read(limit)
        except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, ValueError) as error:
            raise OSError(f"damaged zip entry ({error})") from None

    def stream(self, path: str) -> BinaryIO:
        assert self.archive is not None
        return self.archive.open(self._entries[path])  # type: ignore[return-value]

    def close(self) -> None:
        if self.archive is not None:
            self.archive.close()


def open_source(path: Path) -> BundleSource:
    """The bundle at `path`: a folder, its manifest, or a .zip."""
    if path.is_dir():
        return FolderSource.open(path)
    if path.name == MANIFEST and path.is_file():
        return FolderSource.open(path.parent)
    if not path.exists():
        raise SourceError("no such file or folder")
    if path.is_file() and zipfile.is_zipfile(path):
        return ZipSource.open(path)
    if path.suffix.lower() == ".zip":
        return ZipSource.open(path)
    raise SourceError("not a bundle: expected a folder with exhibition.yaml, or a .zip of one")
