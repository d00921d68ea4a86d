"""Reading a bundle's files from a folder or straight out of a .zip, never extracting it.

Every name is checked by one rule (`path_problem`), for folders and zips alike, by `validate`,
`install` and `run`: nothing that could land outside the bundle, no control characters, no
links or device files, no name twice (not even in another Unicode form), no file where another
entry needs a folder. A zip is also held to limits on its entries, its total size and how much
it and each entry expand, and every entry is verified while it is read: an entry whose data
does not match the size and CRC-32 its archive records, or cannot be decompressed, raises
DamagedEntryError (an OSError) with a message fit for a finding, never zlib's own errors.
Entries that break a rule are left out and reported; they are never read.
"""

from __future__ import annotations

import copy
import io
import lzma
import os
import re
import stat
import unicodedata
import zipfile
import zlib
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, BinaryIO, TypeVar, cast

MANIFEST = "exhibition.yaml"
CHECKSUMS = "checksums.sha256"
MAX_ENTRIES = 50_000
MAX_TOTAL_BYTES = 16 * 1024**3
MAX_RATIO = 100
RATIO_FLOOR = 4096
"""An entry's compressed size counts as at least this much: a tiny file may compress a lot."""
ARCHIVE_RATIO_APPLIES_ABOVE = 64 * 1024**2
"""The whole archive's ratio is checked once it unpacks to more than this."""
CHUNK = 1024 * 1024
JUNK_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
SUPPORTED_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)
DAMAGED_HINT = "copy or download the archive again"
MISMATCH = "is damaged: its data does not match the size and CRC-32 the archive records for it"
T = TypeVar("T")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


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


class DamagedEntryError(OSError):
    """A zip entry whose data cannot be read back as the archive describes it."""

    def __init__(self, message: str, hint: str = DAMAGED_HINT) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"the zip entry {self.message}"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def too_compressed(size: int, compressed: int) -> bool:
    """Whether an entry expands more than MAX_RATIO times (`pack` stores such a file instead)."""
    return size > MAX_RATIO * max(compressed, RATIO_FLOOR)


def path_problem(name: str, *, in_zip: bool = True) -> tuple[str, str] | None:
    """What is wrong with a file's name inside a bundle, with a hint; None when it is safe.

    The one rule for names: the sources apply it to every file of a folder or entry of a zip,
    and unpacking applies it again as a last line of defence.
    """
    if not name:
        return "has an empty name", "remove it from the archive"
    if _CONTROL.search(name):
        return "has a control character in its name", "rename it without control characters"
    if "\\" in name:
        if in_zip:
            return "has a backslash in its name", "zip the folder with a tool that writes '/' separators"
        return "has a backslash in its name", "rename it: on Windows a backslash separates folders"
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return "has an absolute path", "entries must be relative to the bundle"
    parts = name.split("/")
    if ".." in parts:
        return "points outside the bundle ('..')", "entries must stay inside the bundle"
    if any(part in ("", ".") for part in parts):
        return ("has an empty or '.' folder in its path ('//' or '/./')",
                "rebuild the zip with plain paths such as 'media/dawn.jpg'")
    return None


def twin_problem(other: str) -> tuple[str, str]:
    return (f"has the same name as '{other}' written in another Unicode form (NFC/NFD)",
            "rename one of them: most disks and the kiosk treat the two names as one")


def is_junk(path: str) -> bool:
    """Files that operating systems leave behind, which no curator means to ship."""
    return PurePosixPath(path).name in JUNK_NAMES or path.startswith("__MACOSX/")


@dataclass
class BundleSource(ABC):
    """The files of one bundle, by relative `/`-separated path (Unicode NFC)."""

    display: str
    sizes: dict[str, int] = field(default_factory=dict)
    problems: list[SourceProblem] = field(default_factory=list)
    damaged: dict[str, DamagedEntryError] = field(default_factory=dict)
    """The entries found damaged by any read so far (a zip only), by path."""

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

    def verify(self) -> None:
        """Read every file through, so that damaged data is found (in `damaged`) before anything
        uses it."""

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
                problem = path_problem(relative, in_zip=False)
                key = nfc(relative)
                if problem is None and key in self._names:
                    problem = twin_problem(self._names[key])
                if problem is not None:
                    self.problems.append(SourceProblem(relative, *problem))
                    continue
                self._names[key] = relative
                self.sizes[key] = info.st_size

    def local_path(self, path: str) -> Path:
        return self.root / self._names.get(path, path)

    def read(self, path: str, limit: int | None = None) -> bytes:
        with open(self.local_path(path), "rb") as handle:
            return handle.read() if limit is None else handle.read(limit)

    def stream(self, path: str) -> BinaryIO:
        return self.local_path(path).open("rb")


UTF8_NAME_FLAG = 0x800


def entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's name as the tool that made the archive meant it. An archive that does not
    mark its names as UTF-8 is read by zipfile as code page 437, the old DOS default; but
    Info-ZIP's `zip` on Linux, and many other tools, write UTF-8 without the mark, so
    `犬吠埼.jpg` would come out as `τè¼σÉáσƒ╝.jpg`. A name whose bytes are valid UTF-8 is taken
    as UTF-8 (text in code page 437 with any character above 127 is almost never valid
    UTF-8); any other stays as code page 437 reads it."""
    if info.flag_bits & UTF8_NAME_FLAG:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _entry_problem(info: zipfile.ZipInfo) -> tuple[str, str] | None:
    name = info.filename
    unix = info.create_system == 3
    mode = info.external_attr >> 16 if unix else 0
    problem = path_problem(name)
    if problem is not None:
        return problem
    if stat.S_ISLNK(mode):
        return "is a symbolic link", "zip the file itself, not a link to it"
    if stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return "is a device, pipe or socket, not a file", "remove it from the archive"
    if info.flag_bits & 0x1:
        return "is encrypted", "zip the bundle without a password"
    if info.compress_type not in SUPPORTED_COMPRESSION:
        return (f"uses compression method {info.compress_type}, which is not supported",
                "zip it with the ordinary 'deflate' method")
    if too_compressed(info.file_size, info.compress_size):
        return (f"expands {info.file_size // max(info.compress_size, 1):,} times "
                f"(at most {MAX_RATIO} are allowed)", "this looks like a zip bomb")
    return None


def _folder_clashes(names: list[str]) -> dict[str, str]:
    """Files that other entries need as a folder, each with the first entry that needs it."""
    needed: dict[str, str] = {}
    for name in sorted(names):
        parts = name.split("/")
        for end in range(1, len(parts)):
            needed.setdefault("/".join(parts[:end]), name)
    return {name: needed[name] for name in names if name in needed}


class _CheckedEntry(io.RawIOBase):
    """A zip entry's data, verified while it is read.

    zipfile stops at the size the archive records and checks the CRC-32 of what it delivered,
    so data that runs on past a forged small size would be cut silently. The entry is therefore
    opened as one byte longer than recorded: more data, or less, or a CRC-32 that does not
    match, is a DamagedEntryError; so is anything the decompressor says about the data.
    """

    def __init__(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo,
                 on_damage: Callable[[DamagedEntryError], object]) -> None:
        super().__init__()
        self._handle: IO[bytes] | None = None
        self._size = info.file_size
        self._delivered = 0
        self._on_damage = on_damage
        longer = copy.copy(info)
        longer.file_size = info.file_size + 1
        self._handle = self._guarded(lambda: archive.open(longer))

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            return b"".join(iter(lambda: self.read(CHUNK), b""))
        handle = self._handle
        if handle is None or self.closed:
            raise ValueError("read from a closed zip entry")
        data = self._guarded(lambda: handle.read(size))
        self._delivered += len(data)
        if self._delivered > self._size or (not data and size and self._delivered < self._size):
            self._on_damage(DamagedEntryError(MISMATCH))
            raise DamagedEntryError(MISMATCH)
        return data

    def _guarded(self, action: Callable[[], T]) -> T:
        try:
            return _guarded(action)
        except DamagedEntryError as error:
            self._on_damage(error)
            raise

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        super().close()


def _guarded(action: Callable[[], T]) -> T:
    """Run `action`, turning whatever zipfile and the decompressors raise into DamagedEntryError."""
    try:
        return action()
    except DamagedEntryError:
        raise
    except zipfile.BadZipFile as error:
        if str(error).startswith("Bad CRC-32"):
            raise DamagedEntryError(MISMATCH) from None
        raise DamagedEntryError(f"is damaged: {error}") from None
    except (zlib.error, lzma.LZMAError, EOFError, OSError, ValueError, RuntimeError, NotImplementedError) as error:
        detail = str(error) or type(error).__name__
        raise DamagedEntryError(f"is damaged: its compressed data is corrupt ({detail})") from None


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
            for info in infos:
                info.filename = entry_name(info)
            archive_size = os.stat(path).st_size
        except zipfile.BadZipFile as error:
            raise SourceError(f"not a readable zip archive ({error})",
                              "the file may be truncated: copy or download it again") from None
        except (OSError, ValueError, EOFError) as error:
            raise SourceError(f"cannot read the archive ({error})") from None
        source = cls(display=str(path), archive=archive)
        try:
            source._check_limits(infos, archive_size)
            source._scan(infos)
        except SourceError:
            archive.close()
            raise
        return source

    @staticmethod
    def _check_limits(infos: list[zipfile.ZipInfo], archive_size: int) -> None:
        if len(infos) > MAX_ENTRIES:
            raise SourceError(f"the archive has {len(infos):,} entries; at most {MAX_ENTRIES:,} are allowed")
        total = sum(info.file_size for info in infos)
        if total > MAX_TOTAL_BYTES:
            raise SourceError(f"the archive unpacks to {total:,} bytes; at most {MAX_TOTAL_BYTES:,} are allowed")
        if total > ARCHIVE_RATIO_APPLIES_ABOVE and total > MAX_RATIO * archive_size:
            raise SourceError(f"the archive unpacks to {total:,} bytes, {total // max(archive_size, 1):,} times "
                              f"its own size; at most {MAX_RATIO} times are allowed", "this looks like a zip bomb")

    def _scan(self, infos: list[zipfile.ZipInfo]) -> None:
        files = [info for info in infos if not info.is_dir() and not is_junk(info.filename)]
        self.prefix = self._find_root([info.filename for info in files])
        seen: dict[str, str] = {}
        accepted: dict[str, zipfile.ZipInfo] = {}
        for info in files:
            name = nfc(info.filename)
            problem = _entry_problem(info)
            if problem is None and name in seen:
                problem = (twin_problem(seen[name]) if seen[name] != info.filename else
                           ("appears twice in the archive", "rebuild the zip so each file is in it once"))
            seen.setdefault(name, info.filename)
            if problem is not None:
                self.problems.append(SourceProblem(info.filename, *problem))
                continue
            accepted[name.removeprefix(self.prefix)] = info
        clashes = _folder_clashes(list(accepted))
        for relative, info in accepted.items():
            if relative in clashes:
                self.problems.append(SourceProblem(
                    relative, f"is a file, but '{clashes[relative]}' needs a folder of that name",
                    "rename the file or the folder"))
                continue
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
        with self.stream(path) as handle:
            return handle.read() if limit is None else handle.read(limit)

    def stream(self, path: str) -> BinaryIO:
        if self.archive is None:
            raise DamagedEntryError("cannot be read: the archive is closed", "")
        return cast(BinaryIO, _CheckedEntry(self.archive, self._entries[path],
                                            lambda error: self.damaged.setdefault(path, error)))

    def verify(self) -> None:
        for path in sorted(self._entries):
            if path in self.damaged:
                continue
            try:
                with self.stream(path) as handle:
                    while handle.read(CHUNK):
                        pass
            except DamagedEntryError:
                continue

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
