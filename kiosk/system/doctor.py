"""`kiosk doctor`: what is wrong with this kiosk, before a visitor notices.

One table of OK / WARN / FAIL lines, each with a detail and, where something needs doing, a
hint saying what. The exit status is 1 when any line is FAIL. It is the first thing to run
on a new machine, and after anything changes (a new bundle, a system update).

This module is Qt-free: it declares a check's outcome, gathers what the Qt checks need (the
media files to decode, the texts to draw in each language) and renders the table. The checks
without Qt are in `kiosk.system.host_checks`; the ones that need Qt (the display, OpenGL, audio
devices, decoding, fonts, read-aloud voices) in `kiosk.ui.doctor_checks`. The command layer
(`kiosk.commands.doctor`) runs both: the core never reaches up into Qt.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from kiosk.bundle import media
from kiosk.bundle.captions import read_captions
from kiosk.bundle.cuetext import parse_cue_text, readable_text
from kiosk.bundle.declare import CaptionFiles, SoundFiles, Text
from kiosk.bundle.model import Manifest
from kiosk.system import platformcheck

MEDIA_TIMEOUT_S = 30.0
ORDER = ("display", "screen", "opengl", "audio", "settings", "status file", "store", "bundle", "media", "font",
         "voices", "disk", "log folder", "qt")


class Status(StrEnum):
    OK = "OK"
    WARN = "WARN"
    FAIL = "FAIL"


@dataclass(frozen=True)
class Check:
    """One line of the table: what was checked, the verdict, what was found, what to do."""

    name: str
    status: Status
    detail: str
    hint: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"check": self.name, "result": self.status.value, "detail": self.detail, "hint": self.hint}


@dataclass(frozen=True)
class MediaFile:
    relative: str
    path: Path
    kind: str  # image, audio or video


@dataclass
class QtPlan:
    """What the Qt checks are given: the bundle's media and texts, the screen to use."""

    root: Path | None = None
    manifest: Manifest | None = None
    media: list[MediaFile] = field(default_factory=list)
    missing_media: int = 0
    texts: dict[str, list[str]] = field(default_factory=dict)
    screen: int = 0
    platform_problem: platformcheck.PlatformProblem | None = None
    media_timeout_s: float = MEDIA_TIMEOUT_S


# -- what a manifest holds ------------------------------------------------------------------


def _values(value: object) -> Iterator[object]:
    """Every leaf value of a manifest: dataclasses and tuples are walked into."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from _values(getattr(value, item.name))
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _values(item)
    else:
        yield value


def media_files(manifest: Manifest, root: Path) -> list[MediaFile]:
    """Every picture, sound file and film the manifest names, once each, in manifest order."""
    found: dict[str, MediaFile] = {}
    for leaf in _values(manifest):
        for value in leaf.values.values() if isinstance(leaf, SoundFiles) else (leaf,):
            if not isinstance(value, str) or value in found:
                continue
            kind = media.kind_of(value)
            if kind in ("image", "audio", "video"):
                relative = value.removeprefix("./")
                found[value] = MediaFile(relative, root / relative, kind)
    return list(found.values())


def texts_by_language(manifest: Manifest, root: Path | None) -> dict[str, list[str]]:
    """What visitors may read in each of the bundle's languages: its texts and captions."""
    texts: dict[str, list[str]] = {language: [] for language in manifest.languages}
    captions: dict[str, set[str]] = {language: set() for language in manifest.languages}
    for value in _values(manifest):
        if isinstance(value, Text):
            for language in manifest.languages:
                texts[language].append(value.get(language, manifest.languages))
        elif isinstance(value, CaptionFiles):
            for language in manifest.languages:
                captions[language].add(value.get(language, manifest.languages))
    if root is not None:
        for language, files in captions.items():
            for relative in sorted(files):
                try:
                    cues, _problems = read_captions(root / relative)
                except OSError:
                    continue
                texts[language] += [readable_text(parse_cue_text(cue.text)) for cue in cues]
    return texts


# -- the table ------------------------------------------------------------------------------


def in_table_order(checks: list[Check]) -> list[Check]:
    """The checks as the table lists them (ORDER), each group in the order it was found."""

    def place(check: Check) -> int:
        return next((index for index, name in enumerate(ORDER) if check.name.startswith(name)), len(ORDER))

    return sorted(checks, key=place)


def exit_status(checks: list[Check]) -> int:
    return 1 if any(check.status is Status.FAIL for check in checks) else 0


def summary(checks: list[Check]) -> str:
    counts = {status: sum(check.status is status for check in checks) for status in Status}
    return ", ".join(f"{counts[status]} {status.value}" for status in Status)


def render_table(checks: list[Check]) -> str:
    """The table: CHECK, RESULT, DETAIL, and under a line that needs doing, what to do."""
    width = max([len("CHECK"), *(len(check.name) for check in checks)])
    lines = [f"{'CHECK'.ljust(width)}  RESULT  DETAIL"]
    for check in checks:
        lines.append(f"{check.name.ljust(width)}  {check.status.value.ljust(6)}  {check.detail}")
        if check.hint and check.status is not Status.OK:
            lines.append(f"{' ' * width}          fix: {check.hint}")
    lines.append("")
    lines.append(f"{summary(checks)}: " + ("this kiosk has a problem to fix" if exit_status(checks)
                                           else "nothing stops this kiosk"))
    return "\n".join(lines)


def render_json(checks: list[Check]) -> str:
    document: dict[str, Any] = {
        "ok": exit_status(checks) == 0,
        "counts": {status.value: sum(check.status is status for check in checks) for status in Status},
        "checks": [check.as_dict() for check in checks],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """FFmpeg writes its own notes straight to file descriptor 2; the table should not drown in them."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):
        yield
        return
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
