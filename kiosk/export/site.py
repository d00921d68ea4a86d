"""The export: a bundle read and checked as the kiosk reads it, written out as a website.

The bundle is validated first, with the same rules as `kiosk validate`, and exported when a
kiosk would play it (kiosk.bundle.playable): an error of the bundle's structure refuses it with
its findings, while errors confined to single media, caption or font files cost only those
files, as on the kiosk. Each such error is said as a warning with its file and line, and the
site is made without that file: a picture's alt text in its place, a player's calm sentence,
no caption track, the visitor's fonts. A zip is
unpacked into a temporary folder (pictures are decoded from files). Then the pictures' web
sizes are made, every page of every language is built, and the whole site is written in one
go (kiosk.export.writer). Qt-free: words and pictures come through kiosk.export.ports.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from kiosk.bundle.accessibility import markdown_pictures, pictures
from kiosk.bundle.findings import Report, Severity
from kiosk.bundle.model import Manifest, VideoExhibit
from kiosk.bundle.playable import confined_files, without_broken_captions
from kiosk.bundle.source import FolderSource, SourceError, ZipSource, open_source
from kiosk.bundle.validate import check_source
from kiosk.export import layout
from kiosk.export.builder import SiteBuilder
from kiosk.export.ports import Pictures, Words
from kiosk.export.writer import Content, write_site

log = logging.getLogger("kiosk.export")

Progress = Callable[[int, int, str], None]
"""(done, total, what is being done): for a progress bar."""


class ExportError(Exception):
    """The site cannot be made: `message`, how to fix it, and the bundle's findings if any."""

    def __init__(self, message: str, hint: str = "", lines: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.lines = list(lines)


@dataclass
class ExportResult:
    output: Path
    pages: int
    files: int
    text_bytes: int  # HTML, CSS, JavaScript: the pages, the stylesheet, the script, captions' twins
    media_bytes: int  # pictures, sound, film, WebVTT files, and the typefaces' stylesheets (font_bytes)
    warnings: list[str] = field(default_factory=list)  # the export's own: contrast, pictures, captions
    findings: list[str] = field(default_factory=list)  # the bundle's warnings, as `kiosk validate` lists them
    left_out: list[str] = field(default_factory=list)  # broken files, each an error said as a warning
    by_language: dict[str, int] = field(default_factory=dict)  # each language's pages, in bytes
    shared_bytes: int = 0  # the rest of text_bytes: front door, stylesheet, script, captions' twins
    font_bytes: int = 0  # the bundle's typefaces inside their stylesheets (part of media_bytes)
    compressed_bytes: int = 0  # text_bytes deflated file by file, as a zip holds them or a server sends them


@dataclass(frozen=True)
class _Bundle:
    root: Path
    manifest: Manifest
    warnings: list[str]
    left_out: list[str]
    broken: frozenset[str]


def _left_out(report: Report, prefix: str) -> list[str]:
    """Each error confined to one file, said as a warning with its file and line, and what the
    site does about it."""
    return [f"{replace(finding, severity=Severity.WARNING).format(prefix)}; exported without '{finding.confined_to}'"
            for finding in report.sorted() if finding.severity is Severity.ERROR]


def _refuse_foreign_folder(output: Path) -> None:
    """An existing folder is replaced only if it is empty or an earlier export (it has our stylesheet)."""
    if output.suffix.lower() == ".zip":
        if output.is_dir():
            raise ExportError(f"{output} is a folder", "name a .zip file, or a folder without .zip")
        return
    if output.is_file():
        raise ExportError(f"{output} is a file", "name a new folder, or a .zip file")
    if output.is_dir() and any(output.iterdir()) and not (output / layout.STYLESHEET).is_file():
        raise ExportError(f"{output} is a folder with other files in it",
                          "name a new or empty folder (an earlier export there is replaced)")


@contextmanager
def _bundle_on_disk(bundle: Path) -> Iterator[_Bundle]:
    """The bundle's folder (a zip unpacked into a temporary one), its manifest as the kiosk
    plays it (without the caption tracks of broken files), its warnings and broken files."""
    try:
        source = open_source(bundle)
    except SourceError as error:
        raise ExportError(error.message, error.hint) from None
    with source:
        manifest, report = check_source(source)
        prefix = f"{source.display}!/" if isinstance(source, ZipSource) else f"{source.display.rstrip('/')}/"
        broken = confined_files(report)
        if manifest is None or broken is None:
            raise ExportError(f"{source.display} is not a valid bundle; nothing was exported",
                              "fix the errors above, then export again", report.listing(prefix))
        warnings = [line for line in report.listing(prefix) if ": warning: " in line or line.startswith("… and ")]
        found = _Bundle(source.root if isinstance(source, FolderSource) else Path(), without_broken_captions(
            manifest, broken), warnings, _left_out(report, prefix), broken)
        if isinstance(source, FolderSource):
            yield found
            return
        with tempfile.TemporaryDirectory(prefix="kiosk-export-") as folder:
            root = Path(folder)
            for relative in sorted(source.sizes):
                if relative in broken:
                    continue
                target = root / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                with source.stream(relative) as reader, target.open("wb") as out:
                    shutil.copyfileobj(reader, out, 1024 * 1024)
            yield replace(found, root=root)


def _chosen_languages(manifest: Manifest, wanted: Sequence[str] | None) -> tuple[str, ...]:
    if not wanted:
        return manifest.languages
    known = {code.lower(): code for code in manifest.languages}
    unknown = [code for code in wanted if code.lower() not in known]
    if unknown:
        raise ExportError(f"the bundle has no language {', '.join(repr(c) for c in unknown)}",
                          f"choose among {', '.join(manifest.languages)}")
    return tuple(dict.fromkeys(known[code.lower()] for code in wanted))


def picture_paths(manifest: Manifest) -> list[str]:
    """Every picture the site shows, each once, in the manifest's order: the logo, covers,
    exhibits' pictures and the pictures inside Markdown texts."""
    found = [manifest.theme.logo] if manifest.theme.logo else []
    found += [picture.file for picture in pictures(manifest) if picture.file]
    for _section, exhibit in manifest.exhibits():
        for name in ("body", "transcript"):
            text = getattr(exhibit, name, None)
            if text is not None:
                for values in sorted(text.values.items()):
                    found += [path.removeprefix("./") for _alt, path in markdown_pictures(values[1])
                              if "://" not in path]
    return list(dict.fromkeys(found))


def export_site(bundle: Path, output: Path, *, words: Callable[[Manifest], Words], pictures: Pictures,
                languages: Sequence[str] | None = None, base_url: str | None = None,
                progress: Progress | None = None) -> ExportResult:
    """Write the website of the bundle at `bundle` (a folder or a zip) to `output` (a folder,
    or a zip if it ends in .zip). `words` gives the interface's words for the bundle once it is
    read (`KioskWords` takes its `interface:` words). Raises ExportError when it cannot."""
    _refuse_foreign_folder(output)
    with _bundle_on_disk(bundle) as found:
        manifest = found.manifest
        chosen = _chosen_languages(manifest, languages)
        builder = SiteBuilder(manifest, found.root, words(manifest), pictures, languages=chosen, base_url=base_url,
                              broken=found.broken)
        images = picture_paths(manifest)
        total = len(images) + len(chosen) + 1
        done = 0

        def step(what: str) -> None:
            nonlocal done
            done += 1
            if progress:
                progress(done, total, what)

        for path in images:
            builder.prepare_picture(path)
            step(path)
        for language in chosen:
            builder.build_language(language)
            step(language)
        builder.build_shared()
        step("site")
        files: dict[str, Content] = dict(builder.files)
        written = 0

        def wrote(count: int) -> None:
            nonlocal written
            written += count
            if progress and (written % 20 == 0 or written == len(files)):
                progress(written, len(files), "writing")

        try:
            write_site(files, output, wrote)
        except OSError as error:
            raise ExportError(f"cannot write {output}: {error.strerror or error}",
                              "check that the folder is writable and the disk has room") from None
        sizes = measure(files, chosen)
        pages = sum(1 for p in files if p.endswith(".html"))
        uncaptioned = [f"{section.id}/{exhibit.id}" for section, exhibit in manifest.exhibits()
                       if isinstance(exhibit, VideoExhibit) and exhibit.captions is None]
        notes = [*builder.warnings]
        notes += [f"the film {ref} has no captions; its page has none to offer" for ref in uncaptioned]
        return ExportResult(output, pages, len(files), sizes.text, sizes.media, notes, found.warnings,
                            found.left_out, sizes.by_language, sizes.shared, sizes.fonts, sizes.compressed)


@dataclass(frozen=True)
class Sizes:
    """What a site spends, in bytes: the issue's budget is `text`, everything but the media."""

    text: int
    media: int
    fonts: int
    shared: int
    by_language: dict[str, int]
    compressed: int


def measure(files: dict[str, Content], languages: Sequence[str]) -> Sizes:
    """HTML, CSS and JavaScript (each language's pages, and what every language shares) apart
    from the media. The typefaces' stylesheets count as media: they are font files in base64."""
    def size(content: Content) -> int:
        return len(content) if isinstance(content, bytes) else content.stat().st_size

    fonts = sum(size(c) for p, c in files.items() if p.startswith("assets/font"))
    text_files = {p: c for p, c in files.items() if isinstance(c, bytes)
                  and p.endswith((".html", ".css", ".js")) and not p.startswith("assets/font")}
    by_language = {code: sum(len(c) for p, c in text_files.items() if p.startswith(f"{code}/")) for code in languages}
    text = sum(len(c) for c in text_files.values())
    media = sum(size(c) for p, c in files.items() if p not in text_files)
    compressed = sum(len(zlib.compress(c, 9)) for c in text_files.values())
    return Sizes(text, media, fonts, text - sum(by_language.values()), by_language, compressed)
