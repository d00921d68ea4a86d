"""SubRip (.srt) captions, read into the same cues as WebVTT, with problems by file line.

Subtitle houses deliver SubRip more often than WebVTT. A SubRip cue is an index line, a timing
line (`00:00:01,000 --> 00:00:04,500`, sometimes with `X1:… Y2:…` coordinates, which we ignore)
and text up to a blank line. Its text is turned into WebVTT cue text so that one cue-text parser
serves both formats: `<i>`, `<b>` and `<u>` stay as the WebVTT tags they equal, `<font …>` and
ASS overrides such as `{\\an8}` are removed (`{\\an7}`…`{\\an9}` put the cue at the top), and any
other `<` or `&` is escaped so that it is shown as written. Qt-free.
"""

from __future__ import annotations

import re

from kiosk.bundle.webvtt import Cue, CueSettings, VttProblem

_TIME = r"(\d+):(\d{1,2}):(\d{1,2})[,.](\d{1,3})"
_TIMING = re.compile(rf"^[ \t]*{_TIME}[ \t]*-->[ \t]*{_TIME}(?:[ \t]+.*)?[ \t]*$")
_INDEX = re.compile(r"^[ \t]*\d+[ \t]*$")
_STYLE_TAG = re.compile(r"<[ \t]*(/?)[ \t]*([ibu])[ \t]*>", re.IGNORECASE)
_FONT_TAG = re.compile(r"<[ \t]*/?[ \t]*font\b[^>]*>", re.IGNORECASE)
_ASS_OVERRIDE = re.compile(r"\{\\[^}]*\}")
_TOP = re.compile(r"\{\\an?[789]\}")
_TOP_SETTINGS = CueSettings(line=0.0)


def parse(text: str) -> tuple[list[Cue], list[VttProblem]]:
    """Cues in file order, and the problems found (an empty list for a clean file)."""
    lines = text.removeprefix("\ufeff").replace("\0", "\ufffd").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cues: list[Cue] = []
    problems: list[VttProblem] = []
    index = 0
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        start = index
        identifier = ""
        if _INDEX.match(lines[index]) and index + 1 < len(lines) and "-->" in lines[index + 1]:
            identifier = lines[index].strip()
            index += 1
        if "-->" not in lines[index]:
            while index < len(lines) and lines[index].strip():
                index += 1
            problems.append(VttProblem(
                start + 1, "text without a timing line: this block is never shown",
                "put a timing line such as '00:00:01,000 --> 00:00:04,500' above the text, "
                "and a blank line between cues"))
            continue
        timing_number, timing = index + 1, lines[index]
        index += 1
        text_lines: list[str] = []
        while index < len(lines) and lines[index].strip() and not _starts_cue(lines, index):
            text_lines.append(lines[index])
            index += 1
        times = _times(timing)
        if isinstance(times, str):
            problems.append(VttProblem(timing_number, times,
                                       "write 'start --> end' as in '00:00:01,000 --> 00:00:04,500'"))
            continue
        raw = "\n".join(text_lines)
        settings = _TOP_SETTINGS if _TOP.search(raw) else CueSettings()
        cues.append(Cue(times[0], times[1], to_cue_text(raw), identifier, settings))
        if times[1] < times[0]:
            problems.append(VttProblem(timing_number, "the cue ends before it starts, so it is never shown",
                                       "correct the times: the end comes after the start"))
    return cues, problems


def _starts_cue(lines: list[str], index: int) -> bool:
    """Whether a line begins the next cue although no blank line came before it."""
    if "-->" in lines[index] and _TIMING.match(lines[index]):
        return True
    return bool(_INDEX.match(lines[index])) and index + 1 < len(lines) and bool(_TIMING.match(lines[index + 1]))


def _times(line: str) -> tuple[float, float] | str:
    """(start, end) in seconds, or what is wrong with the timing line."""
    match = _TIMING.match(line)
    if match is None:
        return f"cannot read the cue timing '{line.strip()}'"
    numbers = match.groups()
    if any(int(value) > 59 for value in (numbers[1], numbers[2], numbers[5], numbers[6])):
        return f"minutes and seconds run from 00 to 59 in '{line.strip()}'"
    return _seconds(*numbers[:4]), _seconds(*numbers[4:])


def _seconds(hours: str, minutes: str, seconds: str, millis: str) -> float:
    return int(hours) * 3600 + int(minutes) * 60 + int(seconds) + int(millis.ljust(3, "0")) / 1000


def to_cue_text(text: str) -> str:
    """SubRip text as WebVTT cue text: style tags kept, fonts and overrides dropped, the rest literal."""
    text = _FONT_TAG.sub("", _ASS_OVERRIDE.sub("", text))
    parts: list[str] = []
    position = 0
    for match in _STYLE_TAG.finditer(text):
        parts.append(_escape(text[position : match.start()]))
        parts.append(f"<{match.group(1)}{match.group(2).lower()}>")
        position = match.end()
    parts.append(_escape(text[position:]))
    return "".join(parts)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")
