"""Validating a bundle: every finding about a folder or a zip, in one run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.bundle import checksums
from kiosk.bundle.checks import BundleChecker
from kiosk.bundle.findings import Report
from kiosk.bundle.loader import MANIFEST, ManifestReader
from kiosk.bundle.model import Manifest
from kiosk.bundle.source import CHECKSUMS, BundleSource, SourceError, ZipSource, open_source
from kiosk.declare.nodes import MAX_MANIFEST_BYTES, YamlSyntaxError, compose


@dataclass
class Validation:
    """The outcome of validating one bundle."""

    display: str
    report: Report
    manifest: Manifest | None
    is_zip: bool = False

    @property
    def prefix(self) -> str:
        """What goes before a finding's file name so it can be found on disk."""
        return f"{self.display}!/" if self.is_zip else f"{self.display.rstrip('/')}/"

    @property
    def ok(self) -> bool:
        return self.report.ok and self.manifest is not None


def check_source(source: BundleSource, *, verify_checksums: bool = True,
                 verify_entries: bool = True, advice: bool = True) -> tuple[Manifest | None, Report]:
    """Validate an open bundle: the manifest, its files, and checksums when present.

    `verify_entries` reads every entry of a zip through (size, CRC-32, decompression), as
    installing and playing do when they unpack it; they pass False and find the same damage,
    with the same message, while writing the files, so that nothing is decompressed twice.
    Any damaged entry met on the way (the manifest, a caption file) is reported the same way.
    `advice` runs the checks that can only warn a curator (glyph coverage, a title repeated in
    its text); the player, which does not show warnings, passes False and starts sooner.
    """
    report = Report()
    for problem in source.problems:
        report.error(problem.message, file=problem.path, hint=problem.hint)
    if verify_entries:
        source.verify()
    manifest = _check(source, report, verify_checksums=verify_checksums, advice=advice)
    for path, damage in sorted(source.damaged.items()):
        report.error(damage.message, file=path, hint=damage.hint)
    return manifest, report


def _check(source: BundleSource, report: Report, *, verify_checksums: bool, advice: bool) -> Manifest | None:
    if MANIFEST not in source.sizes:
        report.error(f"there is no {MANIFEST}", file=MANIFEST,
                     hint="a bundle is a folder with exhibition.yaml at its top")
        return None
    if source.sizes[MANIFEST] > MAX_MANIFEST_BYTES:
        report.error(f"the manifest is {source.sizes[MANIFEST]:,} bytes; at most {MAX_MANIFEST_BYTES:,} are read",
                     file=MANIFEST)
        return None
    try:
        root = compose(source.read(MANIFEST))
    except YamlSyntaxError as error:
        report.error(error.message, file=MANIFEST, line=error.line, column=error.column, hint=error.hint)
        return None
    except OSError as error:
        report.error(f"cannot be read: {error}", file=MANIFEST)
        return None
    reader = ManifestReader(report)
    loaded = reader.read(root)
    if root is not None and loaded.manifest is None and not report.errors:
        return None
    if report.errors and any(f.key == "format" and "newer kiosk" in f.message for f in report.errors):
        return None
    BundleChecker(source, loaded, report, advice=advice).run(root)
    if verify_checksums and CHECKSUMS in source.sizes:
        for mismatch in checksums.verify(source):
            report.error(mismatch.message, file=mismatch.path, line=mismatch.line, hint=mismatch.hint)
    return loaded.manifest


def validate(path: Path, *, verify_checksums: bool = True) -> Validation:
    """Validate the bundle at `path` (a folder, its manifest, or a zip)."""
    try:
        source = open_source(path)
    except SourceError as error:
        report = Report()
        report.error(error.message, hint=error.hint)
        return Validation(str(path), report, None, is_zip=path.suffix.lower() == ".zip")
    with source:
        manifest, report = check_source(source, verify_checksums=verify_checksums)
        return Validation(source.display, report, manifest, is_zip=isinstance(source, ZipSource))
