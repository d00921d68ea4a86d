"""Installing a bundle: check it, unpack it into staging, verify it, move it into place, and
switch the active pointer — in that order, so that a refused, failed or interrupted install
never touches what is installed and active.

    store = Store()
    result = store.install(Path("exhibition.zip"), InstallOptions(sha256="…"))
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
import threading
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kiosk.bundle import checksums
from kiosk.bundle.findings import Finding, Report
from kiosk.bundle.model import Manifest
from kiosk.bundle.source import CHECKSUMS, BundleSource, FolderSource, SourceError, is_junk, open_source
from kiosk.bundle.validate import check_source
from kiosk.store.durable import crash_point, fsync_dir, write_json
from kiosk.store.errors import RefusedError, StoreError, prefix_for, refusal
from kiosk.store.records import BUNDLE_FOLDER, INSTALL_RECORD, Installed, folder_name, now_iso
from kiosk.store.unpack import DiskFullError, Progress, check_free_disk, unpack

log = logging.getLogger("kiosk.store")


class InstallTarget(Protocol):
    """What an install needs of the store (kiosk.store.store.Store): its folders, its lock, and
    switching and pruning once the new version is in place. Declared here, so that the store
    can call `install` without the two modules importing each other."""

    @property
    def root(self) -> Path: ...

    @property
    def bundles_dir(self) -> Path: ...

    @property
    def staging_dir(self) -> Path: ...

    def locked(self) -> AbstractContextManager[None]: ...

    def get(self, ref: str | None) -> Installed | None: ...

    def activate(self, installed: Installed, *, remember: bool = True) -> bool: ...

    def prune(self, bundle_id: str) -> list[Installed]: ...


@dataclass(frozen=True)
class InstallOptions:
    """How to install. `sha256` is the archive's expected SHA-256 (a zip only)."""

    sha256: str | None = None
    activate: bool = True
    durable: bool = True
    progress: Progress | None = None
    cancel: threading.Event | None = None
    origin: str | None = None
    archive_sha256: str | None = None


@dataclass(frozen=True)
class InstallResult:
    installed: Installed
    activated: bool
    already_installed: bool
    removed: tuple[Installed, ...] = ()
    warnings: tuple[Finding, ...] = ()
    prefix: str = ""


def sha256_file(path: Path, chunk: int = 4 * 1024 * 1024) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while data := handle.read(chunk):
            digest.update(data)
    return digest.hexdigest()


def install(store: InstallTarget, path: Path, options: InstallOptions | None = None) -> InstallResult:
    """Install the bundle folder or zip at `path` into `store`.

    Raises RefusedError (with every finding) when the bundle is not installed, and
    StoreError for a mistaken request. Either way nothing in the store has changed.
    """
    options = options or InstallOptions()
    display = options.origin or str(path)
    try:
        with store.locked():
            return _install(store, path, display, options)
    except RefusedError as refused:
        errors = refused.report.errors
        first = errors[0].format(refused.prefix) if errors else "refused"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        log.warning("refused to install %s: %s%s", display, first, more)
        raise
    except StoreError as error:
        log.warning("did not install %s: %s", display, error)
        raise
    except OSError as error:
        log.exception("did not install %s: the store cannot be changed", display)
        raise StoreError(f"the store at {store.root} cannot be changed: {error.strerror or error}",
                         "check that the kiosk's data folder is writable") from error
    except KeyboardInterrupt:
        log.warning("the install of %s was interrupted; the active bundle is unchanged", display)
        raise


def _install(store: InstallTarget, path: Path, display: str, options: InstallOptions) -> InstallResult:
    is_zip = path.is_file() and path.name != "exhibition.yaml"
    prefix = prefix_for(display, is_zip=is_zip)
    archive_sha256 = options.archive_sha256
    if options.sha256 is not None:
        if not is_zip:
            raise StoreError("--sha256 checks an archive, and this is a folder",
                             "leave --sha256 out, or install the .zip")
        archive_sha256 = archive_sha256 or sha256_file(path)
        if archive_sha256 != options.sha256.lower():
            raise refusal(display, f"the archive's SHA-256 is {archive_sha256}, not the expected "
                          f"{options.sha256.lower()}", "the file is damaged or is not the one published: "
                          "fetch it again", is_zip=is_zip)
    try:
        source = open_source(path)
    except SourceError as error:
        raise refusal(display, error.message, error.hint, is_zip=is_zip) from None
    with source:
        manifest, report = check_source(source, verify_checksums=False, verify_entries=False)
        if manifest is None or not report.ok:
            raise RefusedError(display, report, prefix)
        files = sorted(p for p in source.sizes if not is_junk(p))
        expected = _expected_checksums(source, files, display, prefix)
        needed = sum(source.sizes[p] for p in files)
        store.root.mkdir(parents=True, exist_ok=True)
        problem = check_free_disk(store.root, needed)
        if problem:
            raise refusal(display, problem, "remove bundles you no longer need with 'kiosk remove'",
                          is_zip=is_zip)
        store.staging_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{manifest.id}-", dir=store.staging_dir))
        try:
            crash_point("install: staging created")
            installed = _stage(store, source, files, staging, manifest=manifest, display=display,
                               prefix=prefix, expected=expected, archive_sha256=archive_sha256,
                               options=options)
            if isinstance(source, FolderSource):
                _recheck_copy(staging / BUNDLE_FOLDER, display, prefix)
            return _commit(store, staging, installed, report=report, prefix=prefix, options=options)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)


def _expected_checksums(source: BundleSource, files: list[str], display: str,
                        prefix: str) -> dict[str, str] | None:
    """The bundle's checksums.sha256, checked against its file list before anything is written."""
    if CHECKSUMS not in files:
        return None
    report = Report()
    try:
        entries, problems = checksums.parse(source.read(CHECKSUMS).decode("utf-8"))
    except UnicodeDecodeError:
        report.error("is not UTF-8 text", file=CHECKSUMS, hint="regenerate it with 'kiosk pack'")
        raise RefusedError(display, report, prefix) from None
    except OSError as error:
        report.error(f"cannot be read: {error}", file=CHECKSUMS)
        raise RefusedError(display, report, prefix) from None
    present = set(files) - {CHECKSUMS}
    problems += [checksums.missing(p) for p in entries if p not in present]
    problems += [checksums.unlisted(p) for p in sorted(present - set(entries))]
    for problem in problems:
        report.error(problem.message, file=problem.path, line=problem.line, hint=problem.hint)
    if not report.ok:
        raise RefusedError(display, report, prefix)
    return entries


def _stage(store: InstallTarget, source: BundleSource, files: list[str], staging: Path, *,
           manifest: Manifest, display: str, prefix: str, expected: dict[str, str] | None,
           archive_sha256: str | None, options: InstallOptions) -> Installed:
    """Unpack and verify into `staging`, and write install.json beside the bundle."""
    try:
        unpacked = unpack(source, files, staging / BUNDLE_FOLDER, expected=expected,
                          durable=options.durable, progress=options.progress, cancel=options.cancel)
    except DiskFullError as error:
        raise refusal(display, error.message, error.hint, is_zip=prefix.endswith("!/")) from None
    if unpacked.problems:
        report = Report()
        for problem in unpacked.problems:
            report.error(problem.message, file=problem.path, hint=problem.hint)
        raise RefusedError(display, report, prefix)
    digest = unpacked.digest
    installed = Installed(
        id=manifest.id, version=manifest.version, digest=digest,
        folder=store.bundles_dir / manifest.id / folder_name(manifest.version, digest),
        size=unpacked.size, files=len(unpacked.hashes), installed_at=now_iso(), source=display,
        archive_sha256=archive_sha256)
    write_json(staging / INSTALL_RECORD, installed.record())
    if options.durable:
        fsync_dir(staging)
    crash_point("install: staged")
    return installed


def _recheck_copy(folder: Path, display: str, prefix: str) -> None:
    """A folder may change while it is copied: validate the copy that will be played."""
    with FolderSource.open(folder) as copy:
        manifest, report = check_source(copy, verify_checksums=False)
    if manifest is None or not report.ok:
        raise RefusedError(display, report, prefix)


def _commit(store: InstallTarget, staging: Path, installed: Installed, *, report: Report, prefix: str,
            options: InstallOptions) -> InstallResult:
    """Move the staged version into place (one rename), then switch to it (another)."""
    already = store.get(installed.ref)
    if already is not None:
        log.info("%s is already installed as %s", installed.label, installed.ref)
        installed = already
    else:
        new_id = not installed.folder.parent.exists()
        installed.folder.parent.mkdir(parents=True, exist_ok=True)
        staging.replace(installed.folder)
        crash_point("install: moved into place")
        fsync_dir(installed.folder.parent)
        if new_id:
            fsync_dir(store.bundles_dir)
        fsync_dir(store.staging_dir)
        crash_point("install: in place")
        log.info("installed %s as %s (%d files, %d bytes) from %s", installed.label, installed.ref,
                 installed.files, installed.size, installed.source)
    activated = store.activate(installed) if options.activate else False
    removed = tuple(store.prune(installed.id))
    crash_point("install: done")
    return InstallResult(installed, activated, already is not None, removed, tuple(report.warnings), prefix)
