"""WebVTT captions: parsing cues and reporting what is wrong with a file, by line.

Only the part of WebVTT that kiosks need: cue timings and text, with cue settings and
inline tags tolerated (tags are stripped for display). Shared by the validator and the
player's caption overlay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TIMESTAMP = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_TIMING = re.compile(rf"^{_TIMESTAMP}[ \t]+-->[ \t]+{_TIMESTAMP}(?:[ \t].*)?$")
_TAG = re.compile(r"</?[^>]+>")


@dataclass(frozen=True)
class CueSettings:
    """A cue's settings as the W3C parser leaves them (`line:80% align:start`).

    `line` is None for 'auto'; it is a percentage when `snap_to_lines` is False, else a line
    number (negative counts from the bottom). `position` is None for 'auto', else a percentage.
    """

    vertical: str = ""
    line: float | None = None
    snap_to_lines: bool = True
    line_align: str = "start"
    position: float | None = None
    position_align: str = "auto"
    size: float = 100.0
    align: str = "center"
    region: str = ""


@dataclass(frozen=True)
class Cue:
    """One cue. `text` is the cue's text as the file has it (tags and character references
    kept, lines joined with a newline), as a browser's `VTTCue.text` holds it."""

    start: float
    end: float
    text: str
    id: str = ""
    settings: CueSettings = CueSettings()


@dataclass(frozen=True)
class VttProblem:
    line: int
    message: str


def _seconds(hours: str | None, minutes: str, seconds: str, millis: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def _unescape(text: str) -> str:
    text = _TAG.sub("", text)
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&nbsp;", "\u00a0"), ("&lrm;", "\u200e"),
                         ("&rlm;", "\u200f"), ("&amp;", "&")):
        text = text.replace(entity, char)
    return text


def parse(text: str) -> tuple[list[Cue], list[VttProblem]]:
    """Cues in file order, and the problems found (an empty list for a clean file)."""
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    problems: list[VttProblem] = []
    if not lines or not re.match(r"^WEBVTT([ \t].*)?$", lines[0]):
        return [], [VttProblem(1, "the file must start with the line 'WEBVTT'")]
    cues: list[Cue] = []
    index = 1
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        block_start = index
        block: list[str] = []
        while index < len(lines) and lines[index].strip():
            block.append(lines[index])
            index += 1
        if block[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        timing_at = next((i for i, line in enumerate(block[:2]) if "-->" in line), None)
        if timing_at is None:
            problems.append(VttProblem(block_start + 1, "a cue without a timing line 'start --> end'"))
            continue
        match = _TIMING.match(block[timing_at].strip())
        line_number = block_start + timing_at + 1
        if match is None:
            problems.append(VttProblem(
                line_number, f"bad cue timing '{block[timing_at].strip()}': write '00:01.000 --> 00:04.500'"))
            continue
        start = _seconds(*match.groups()[:4])
        end = _seconds(*match.groups()[4:])
        if end <= start:
            problems.append(VttProblem(line_number, "the cue ends before it starts"))
            continue
        cues.append(Cue(start, end, _unescape("\n".join(block[timing_at + 1 :]))))
    return cues, problems


def cues_at(cues: list[Cue], seconds: float) -> list[Cue]:
    """The cues showing at a moment of playback."""
    return [cue for cue in cues if cue.start <= seconds < cue.end]
