"""`checksums.sha256`: the bundle's list of files and their SHA-256, in `sha256sum` format."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kiosk.bundle.source import CHECKSUMS, BundleSource, is_junk

_LINE = re.compile(r"^([0-9a-fA-F]{64}) [ *](.+)$")
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class ChecksumProblem:
    path: str
    message: str
    line: int | None = None
    hint: str = ""


def parse(text: str) -> tuple[dict[str, str], list[ChecksumProblem]]:
    entries: dict[str, str] = {}
    problems: list[ChecksumProblem] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            problems.append(ChecksumProblem(CHECKSUMS, "not a 'HASH  path' line", number,
                                            "regenerate it with 'kiosk pack' or 'sha256sum'"))
            continue
        path = match.group(2).removeprefix("./")
        entries[path] = match.group(1).lower()
    return entries, problems


def sha256_of(source: BundleSource, path: str) -> str:
    """Hash a file without holding it in memory."""
    digest = hashlib.sha256()
    local = source.local_path(path)
    if local is not None:
        with open(local, "rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
    else:
        digest.update(source.read(path))
    return digest.hexdigest()


def listing(source: BundleSource, files: Iterable[str]) -> str:
    """The text of a checksums file for these files, sorted, as `sha256sum` writes it."""
    return "".join(f"{sha256_of(source, path)}  {path}\n" for path in sorted(files))


def missing(path: str) -> ChecksumProblem:
    return ChecksumProblem(path, "is listed in checksums.sha256 but missing")


def mismatch(path: str) -> ChecksumProblem:
    return ChecksumProblem(path, "does not match its checksum: it changed or is damaged",
                           hint="copy it again, or regenerate checksums with 'kiosk pack'")


def unlisted(path: str) -> ChecksumProblem:
    return ChecksumProblem(path, "is not listed in checksums.sha256",
                           hint="regenerate checksums with 'kiosk pack'")


def verify(source: BundleSource, progress: Callable[[int], None] | None = None) -> list[ChecksumProblem]:
    """Every difference between the bundle's files and its checksums file."""
    try:
        text = source.read(CHECKSUMS).decode("utf-8")
    except UnicodeDecodeError:
        return [ChecksumProblem(CHECKSUMS, "is not UTF-8 text", hint="regenerate it with 'kiosk pack'")]
    entries, problems = parse(text)
    present = {path for path in source.sizes if path != CHECKSUMS and not is_junk(path)}
    for path, expected in entries.items():
        if path not in source.sizes:
            problems.append(missing(path))
            continue
        try:
            actual = sha256_of(source, path)
        except OSError as error:
            problems.append(ChecksumProblem(path, f"cannot be read: {error}"))
            continue
        if actual != expected:
            problems.append(mismatch(path))
        if progress is not None:
            progress(source.sizes[path])
    for path in sorted(present - set(entries)):
        problems.append(unlisted(path))
    return problems
