"""A bundle made ready to play: validated, and on disk so media players can open its files.

A folder plays where it is. A zip is unpacked once into the cache, keyed by the archive's
SHA-256, using only the entries that passed the source's safety rules.

One broken file costs what uses it, never the exhibition. When every error of the check is
confined to single media, caption or font files (missing, empty, not what its name says,
captions that do not parse), the bundle still plays: each such error is logged as a
`broken_file` event naming the file and line, the caption tracks of broken files are left
out of the manifest that plays (so the exhibit falls back as if it had none), and `file()`
never hands a broken file to a decoder, so its exhibit shows the calm placeholder. Any error
about the bundle's structure (the manifest's syntax, keys, ids, references, languages,
unsafe paths, the zip's safety) still refuses the bundle. `validate`, `pack` and `install`
are not affected: for them every error is an error.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from kiosk.bundle.declare import CaptionFiles
from kiosk.bundle.findings import Report
from kiosk.bundle.model import NARRATED, TIMED, Exhibit, Manifest
from kiosk.bundle.source import BundleSource, DamagedEntryError, FolderSource, SourceError, ZipSource, open_source
from kiosk.bundle.validate import check_source
from kiosk.logs import event

log = logging.getLogger("kiosk.bundle")

UNPACK_CHUNK = 1024 * 1024
BROKEN_FOLDER = ".broken"
"""Where `PlayableBundle.file` points for a broken file: a folder no bundle has on disk."""


class BundleLoadError(Exception):
    """The bundle cannot be played; `report` says why."""

    def __init__(self, path: Path, report: Report) -> None:
        first = report.errors[0].format() if report.errors else "unknown problem"
        super().__init__(f"{path}: {first}")
        self.path = path
        self.report = report


@dataclass(frozen=True)
class PlayableBundle:
    """What the player shows: the manifest, where its files are, and which of them are broken.

    `broken` holds the bundle paths (as `media/art/dawn.jpg`) of the files the check found
    broken; the bundle plays without them.
    """

    manifest: Manifest
    root: Path
    origin: Path
    broken: frozenset[str] = frozenset()

    def file(self, relative: str) -> Path:
        """The file a manifest path names, on disk.

        A broken file gets a path in BROKEN_FOLDER, which does not exist: every view already
        treats a missing file calmly (the placeholder, no caption track, the default typeface),
        so no decoder is ever handed the bytes the check refused.
        """
        if self.is_broken(relative):
            return self.root / BROKEN_FOLDER / relative
        return self.root / relative

    def is_broken(self, relative: str) -> bool:
        return relative.removeprefix("./") in self.broken


def confined_files(report: Report) -> frozenset[str] | None:
    """The files the report's errors are confined to, or None if any error concerns the
    bundle's structure (then the bundle cannot play at all)."""
    errors = report.errors
    if any(not finding.confined_to for finding in errors):
        return None
    return frozenset(finding.confined_to for finding in errors)


def without_broken_captions(manifest: Manifest, broken: frozenset[str]) -> Manifest:
    """The manifest with the caption tracks of broken files left out, so the player chooses
    among the others exactly as it would if the curator had not listed them."""
    if not broken:
        return manifest

    def kept(captions: CaptionFiles | None) -> CaptionFiles | None:
        if captions is None:
            return None
        values = {code: path for code, path in captions.values.items() if path.removeprefix("./") not in broken}
        return CaptionFiles(values) if values else None

    def mended(exhibit: Exhibit) -> Exhibit:
        if isinstance(exhibit, TIMED):
            return replace(exhibit, captions=kept(exhibit.captions))
        if isinstance(exhibit, NARRATED):
            return replace(exhibit, narration_captions=kept(exhibit.narration_captions))
        return exhibit

    sections = tuple(replace(section, exhibits=tuple(mended(exhibit) for exhibit in section.exhibits))
                     for section in manifest.sections)
    return replace(manifest, sections=sections)


def _log_broken(path: Path, report: Report) -> None:
    for finding in report.errors:
        event(log, "broken_file", f"{path}: playing without {finding.confined_to}: {finding.format()}",
              level=logging.WARNING, file=finding.confined_to, found_in=finding.file, line=finding.line)


def _archive_digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _unpack(source: ZipSource, target: Path, origin: Path) -> None:
    """Write the zip's accepted entries under `target`, one chunk at a time, so that a film of
    several gigabytes costs a chunk of memory, not its size.

    Each entry is verified as it is read (size, CRC-32, decompression): a damaged one, or a
    disk that cannot take the files, raises BundleLoadError naming it, and nothing of the
    unpacking stays behind.
    """
    if target.is_dir():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".unpack-", dir=target.parent))
    report = Report()
    try:
        for relative in source.sizes:
            destination = staging / relative
            try:
                destination.parent.mkdir(parents=True, exist_ok=True)
                with source.stream(relative) as reader, destination.open("xb") as out:
                    while chunk := reader.read(UNPACK_CHUNK):
                        out.write(chunk)
            except DamagedEntryError as error:
                report.error(error.message, file=relative, hint=error.hint)
                raise BundleLoadError(origin, report) from None
            except OSError as error:
                report.error(f"cannot be unpacked into {target.parent}: {error.strerror or error}", file=relative,
                             hint="free some disk space, or check that the kiosk's cache folder is writable")
                raise BundleLoadError(origin, report) from None
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def load_playable(path: Path, cache: Path, *, verify_checksums: bool = False) -> PlayableBundle:
    """Validate the bundle at `path` and make its files reachable on disk.

    Warnings are logged at debug level; errors confined to single files are logged as
    warnings and those files marked broken; any other error raises BundleLoadError with the
    whole report.
    """
    try:
        source: BundleSource = open_source(path)
    except SourceError as error:
        report = Report()
        report.error(error.message, hint=error.hint)
        raise BundleLoadError(path, report) from None
    with source:
        manifest, report = check_source(source, verify_checksums=verify_checksums,
                                        verify_entries=not isinstance(source, ZipSource), advice=False)
        broken = confined_files(report)
        if manifest is None or broken is None:
            raise BundleLoadError(path, report)
        _log_broken(path, report)
        for warning in report.warnings:
            log.debug("bundle warning: %s", warning.format())
        if isinstance(source, ZipSource):
            root = cache / "unpacked" / _archive_digest(path)
            _unpack(source, root, path)
        else:
            root = source.root.resolve() if isinstance(source, FolderSource) else path
    return PlayableBundle(without_broken_captions(manifest, broken), Path(root), path, broken)
