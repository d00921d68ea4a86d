"""A bundle made ready to play: validated, and on disk so media players can open its files.

A folder plays where it is. A zip is unpacked once into the cache, keyed by the archive's
SHA-256, using only the entries that passed the source's safety rules.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kiosk.bundle.findings import Report
from kiosk.bundle.model import Manifest
from kiosk.bundle.source import BundleSource, FolderSource, SourceError, ZipSource, open_source
from kiosk.bundle.validate import check_source

log = logging.getLogger("kiosk.bundle")


class BundleLoadError(Exception):
    """The bundle cannot be played; `report` says why."""

    def __init__(self, path: Path, report: Report) -> None:
        first = report.errors[0].format() if report.errors else "unknown problem"
        super().__init__(f"{path}: {first}")
        self.path = path
        self.report = report


@dataclass(frozen=True)
class PlayableBundle:
    manifest: Manifest
    root: Path
    origin: Path

    def file(self, relative: str) -> Path:
        """The file a manifest path names, on disk."""
        return self.root / relative


def _archive_digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _unpack(source: ZipSource, target: Path) -> None:
    if target.is_dir():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".unpack-", dir=target.parent))
    try:
        for relative in source.sizes:
            destination = staging / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(source.read(relative))
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def load_playable(path: Path, cache: Path, *, verify_checksums: bool = False) -> PlayableBundle:
    """Validate the bundle at `path` and make its files reachable on disk.

    Warnings are logged; errors raise BundleLoadError with the whole report.
    """
    try:
        source: BundleSource = open_source(path)
    except SourceError as error:
        report = Report()
        report.error(error.message, hint=error.hint)
        raise BundleLoadError(path, report) from None
    with source:
        manifest, report = check_source(source, verify_checksums=verify_checksums)
        if manifest is None or not report.ok:
            raise BundleLoadError(path, report)
        for warning in report.warnings:
            log.debug("bundle warning: %s", warning.format())
        if isinstance(source, ZipSource):
            root = cache / "unpacked" / _archive_digest(path)
            _unpack(source, root)
        else:
            root = source.root.resolve() if isinstance(source, FolderSource) else path
    return PlayableBundle(manifest, Path(root), path)
