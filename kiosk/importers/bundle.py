"""`kiosk import-iiif`: from a IIIF source to a new bundle folder, whole or not at all.

Everything is written into `DIR.partial` beside the folder asked for; only when every file has
arrived and the manifest is written is it renamed to `DIR`, so a folder by that name is always
a whole import. An import that stops part way (a server down, Ctrl-C) leaves `DIR.partial`:
the same command again skips the files already there and resumes the one that was arriving.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kiosk.bundle.loader import MANIFEST
from kiosk.bundle.validate import Validation, validate
from kiosk.importers import IIIFError
from kiosk.importers.collect import Collector
from kiosk.importers.fetch import DOWNLOADS, JOURNAL, Fetcher, Limits, Progress
from kiosk.importers.iiif import Mapper, languages_of, resolve

log = logging.getLogger("kiosk.importers")

DEFAULT_MAX_SIZE = 8000


@dataclass(frozen=True)
class Options:
    """What to import, where to, and within which limits."""

    source: str
    output: Path
    max_size: int = DEFAULT_MAX_SIZE
    language: str | None = None
    limits: Limits = field(default_factory=Limits)


@dataclass
class Imported:
    """A finished import: the new bundle, what it holds, notes for the curator, its validation."""

    output: Path
    sections: int
    exhibits: int
    files: int
    size: int
    languages: list[str]
    notes: list[str]
    validation: Validation


def partial_folder(output: Path) -> Path:
    return output.with_name(output.name + ".partial")


def import_iiif(options: Options, progress: Callable[[Progress], None] | None = None) -> Imported:
    """Import `options.source` into the new folder `options.output`.

    IIIFError (FetchFailed for media) says what stopped it; `DIR.partial` is kept when
    something was fetched, so that running it again resumes.
    """
    output = options.output
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise IIIFError(f"{output} already exists", "give a new folder: the import makes it, whole or not at all")
    partial = partial_folder(output)
    fresh = not partial.exists()
    try:
        partial.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise IIIFError(f"cannot make {partial}: {error.strerror or error}") from None
    fetcher = Fetcher(partial, options.limits, progress)
    try:
        collector = Collector(fetcher)
        collected = collector.collect(options.source)
        languages = languages_of(collected, options.language)
        mapper = Mapper(languages, options.max_size)
        manifest = mapper.bundle(collected, collected.top.source)
    except BaseException:
        if fresh:
            shutil.rmtree(partial, ignore_errors=True)
        raise
    notes = [*collector.notes, *mapper.notes]
    if not manifest["sections"]:
        if fresh:
            shutil.rmtree(partial, ignore_errors=True)
        reasons = [note for note in notes if "has nothing the kiosk can show" not in note]
        raise IIIFError(f"{options.source} has nothing the kiosk can show (no image, sound or film)",
                        "; ".join(reasons))
    jobs = list(mapper.jobs.values())
    fetcher.media(jobs)
    text = resolve(manifest)
    _write(partial, text, options.source)
    _tidy(partial, {job.path for job in jobs} | {MANIFEST})
    if output.exists():
        output.rmdir()
    os.replace(partial, output)
    size = sum(path.stat().st_size for path in output.rglob("*") if path.is_file())
    return Imported(output, len(text["sections"]), sum(len(s["exhibits"]) for s in text["sections"]),
                    len({job.path for job in jobs}), size, languages, notes, validate(output))


class _Dumper(yaml.SafeDumper):
    """Writes texts of several lines as YAML's `|` blocks, as a curator would write them."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_str(value)


_Dumper.add_representer(str, _text)


def _write(root: Path, manifest: dict[str, object], source: str) -> None:
    header = (f"# Imported from {source} by `kiosk import-iiif`.\n"
              "# Check it with `kiosk validate`; the x-iiif keys record where each part came from.\n")
    body = yaml.dump(manifest, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110,
                     default_flow_style=False)
    temporary = root / (MANIFEST + ".tmp")
    temporary.write_text(header + body, encoding="utf-8")
    os.replace(temporary, root / MANIFEST)


def _tidy(root: Path, keep: set[str]) -> None:
    """Removes the import's own bookkeeping, and files an earlier, different import left."""
    shutil.rmtree(root / DOWNLOADS, ignore_errors=True)
    (root / JOURNAL).unlink(missing_ok=True)
    for path in sorted(root.rglob("*"), reverse=True):
        relative = path.relative_to(root).as_posix()
        if path.is_file() and relative not in keep:
            log.info("removing %s, which this import does not use", relative)
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
