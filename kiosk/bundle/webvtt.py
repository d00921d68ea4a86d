"""WebVTT captions, read by the W3C WebVTT parser algorithm, and what a curator should fix, by line.

Browsers read a caption file by one published algorithm (https://w3c.github.io/webvtt/#file-parsing);
a file a browser plays must play here too, cue for cue. So this module follows that algorithm step
by step (signature, header block, blocks, timestamps, cue settings, regions) instead of a looser
regular expression, and is measured against the web-platform-tests file-parsing suite
(tests/conformance/wpt_webvtt.py).

What browsers silently accept (header lines such as `Kind: captions`, NOTE comments, unknown
settings) is not a problem. What would lose a cue (a timing line that cannot be read, text
without a timing line) or never show it (it ends before it starts) is, with its 1-based line.
Qt-free: the validator, the doctor, `kiosk captions` and the player share it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SIGNATURE = "WEBVTT"
_ASCII_WHITESPACE = " \t\n\f\r"
_SPLIT = re.compile(r"[ \t\n\f\r]+")
_PERCENTAGE = re.compile(r"[0-9]+(?:\.[0-9]+)?%")
_SRT_MILLIS = re.compile(r"(\d{2}:\d{2}),(\d{1,3})\b")
_HEADER_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*[ \t]*:")
_WRONG_ARROW = re.compile(r"^[ \t]*\d+:\d+[\d:.,]*[ \t]*(?:->|—>|–>|=>|- ->|>)[ \t]*\d+:\d+")


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
    """Something in a caption file a curator should fix: the line, what is wrong, how to fix it."""

    line: int
    message: str
    hint: str = ""


@dataclass(frozen=True)
class Region:
    """A REGION block: an area of the video cues may be placed in (percentages of the video)."""

    id: str = ""
    width: float = 100.0
    lines: int = 3
    region_anchor: tuple[float, float] = (0.0, 100.0)
    viewport_anchor: tuple[float, float] = (0.0, 100.0)
    scroll: str = ""


@dataclass(frozen=True)
class VttFile:
    """Everything read from one file: cues in file order, regions, and the problems found."""

    cues: list[Cue] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    problems: list[VttProblem] = field(default_factory=list)


def parse(text: str) -> tuple[list[Cue], list[VttProblem]]:
    """Cues in file order, and the problems found (an empty list for a clean file)."""
    result = parse_file(text)
    return result.cues, result.problems


def parse_file(text: str) -> VttFile:
    """The whole file as the W3C algorithm reads it (the decoded text; a leading BOM is skipped)."""
    text = text.removeprefix("\ufeff").replace("\0", "\ufffd").replace("\r\n", "\n").replace("\r", "\n")
    if not _has_signature(text):
        return VttFile(problems=[VttProblem(1, "the file must start with the line 'WEBVTT'", _signature_hint(text))])
    return _Parser(text).run()


def cues_at(cues: list[Cue], seconds: float) -> list[Cue]:
    """The cues showing at a moment of playback."""
    return [cue for cue in cues if cue.start <= seconds < cue.end]


def timestamp(seconds: float) -> str:
    """`seconds` as WebVTT writes a time, `HH:MM:SS.mmm`: hours with as many digits as they
    need (at least two), rounded to the millisecond."""
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    whole, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{whole:02d}.{millis:03d}"


def _has_signature(text: str) -> bool:
    if len(text) < 6:
        return False
    return text.startswith(SIGNATURE) and (len(text) == 6 or text[6] in " \t\n")


def _signature_hint(text: str) -> str:
    first = text.split("\n", 1)[0]
    if "-->" in text[:200] and re.search(r"\d,\d{3}", text[:200]):
        return "this looks like a SubRip file: name it .srt, or add the line 'WEBVTT' and a blank line at the top"
    if first.upper().startswith(SIGNATURE):
        return "write 'WEBVTT' in capitals, alone on the line or followed by a space and a title"
    return "add the line 'WEBVTT' and a blank line at the top of the file"


class _Reader:
    """A position in the text that reads line by line and remembers the line number."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def read_line(self) -> tuple[str, int, bool]:
        """(line, its number, whether the text ended without a line feed after it)."""
        start, number = self.pos, self.line
        end = self.text.find("\n", start)
        if end < 0:
            self.pos = len(self.text)
            return self.text[start:], number, True
        self.pos, self.line = end + 1, self.line + 1
        return self.text[start:end], number, False

    def mark(self) -> tuple[int, int]:
        return self.pos, self.line

    def reset(self, mark: tuple[int, int]) -> None:
        self.pos, self.line = mark

    def skip_line_feeds(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] == "\n":
            self.pos += 1
            self.line += 1


@dataclass
class _Block:
    first_line: str = ""
    first_number: int = 0
    cue: Cue | None = None
    cue_line: int = 0
    region: Region | None = None
    is_style: bool = False
    bad_timing: tuple[int, str] | None = None
    lines: list[str] = field(default_factory=list)


class _Parser:
    def __init__(self, text: str) -> None:
        self.reader = _Reader(text)
        self.seen_cue = False
        self.result = VttFile()

    def run(self) -> VttFile:
        reader = self.reader
        reader.read_line()  # the signature line, with its optional title
        if reader.at_end():
            return self.result
        if reader.text[reader.pos] != "\n":
            self._collect_block(in_header=True)
        else:
            reader.pos, reader.line = reader.pos + 1, reader.line + 1
        reader.skip_line_feeds()
        while not reader.at_end():
            block = self._collect_block(in_header=False)
            if block.cue is not None:
                self.result.cues.append(block.cue)
                if block.cue.end < block.cue.start:
                    self._problem(block.cue_line, "the cue ends before it starts, so it is never shown",
                                  "correct the times: the end comes after the start")
            elif block.region is not None:
                self.result.regions.append(block.region)
            elif not block.is_style:
                self._report_lost(block)
            reader.skip_line_feeds()
        return self.result

    def _problem(self, line: int, message: str, hint: str = "") -> None:
        self.result.problems.append(VttProblem(line, message, hint))

    def _report_lost(self, block: _Block) -> None:
        first = block.first_line
        if first == "NOTE" or first.startswith(("NOTE ", "NOTE\t")):
            return
        if block.bad_timing is not None:
            number, line = block.bad_timing
            self._problem(number, *explain_timing(line))
            return
        for offset, line in enumerate(block.lines):
            if _WRONG_ARROW.match(line):
                self._problem(block.first_number + offset, f"cannot read the cue timing '{line.strip()}'",
                              "write the arrow between start and end as '-->' (two hyphens and '>')")
                return
        if first.startswith(("STYLE", "REGION")):
            return
        if not self.seen_cue and all(_HEADER_LIKE.match(line) for line in block.lines):
            return  # header lines (`Kind: captions`) after a blank line: browsers skip them too
        self._problem(block.first_number, "text without a timing line: this block is never shown",
                      "put a timing line such as '00:01.000 --> 00:04.500' above the text, "
                      "or start the block with 'NOTE' if it is a comment")

    def _collect_block(self, *, in_header: bool) -> _Block:
        """The W3C 'collect a WebVTT block' steps; a block is a cue, a style, a region or nothing."""
        reader = self.reader
        block = _Block()
        line_count = 0
        previous = reader.mark()
        buffer = ""
        seen_arrow = False
        cue: tuple[float, float, CueSettings] | None = None
        identifier = ""
        while True:
            line, number, seen_eof = reader.read_line()
            line_count += 1
            if line_count == 1:
                block.first_line, block.first_number = line, number
            if "-->" in line:
                if not in_header and (line_count == 1 or (line_count == 2 and not seen_arrow)):
                    seen_arrow = True
                    previous = reader.mark()
                    cue = _cue_timings_and_settings(line, self.result.regions)
                    if cue is None:
                        block.bad_timing = (number, line)
                    else:
                        identifier, buffer = buffer, ""
                        block.cue_line = number
                        self.seen_cue = True
                else:
                    reader.reset(previous)
                    break
            elif not line:
                break
            else:
                if not in_header and line_count == 2 and not self.seen_cue:
                    if buffer.startswith("STYLE") and _is_blank(buffer[5:]):
                        block.is_style, buffer = True, ""
                    elif buffer.startswith("REGION") and _is_blank(buffer[6:]):
                        block.region, buffer = Region(), ""
                if buffer:
                    buffer += "\n"
                buffer += line
                block.lines.append(line)
                previous = reader.mark()
            if seen_eof:
                break
        if cue is not None:
            start, end, settings = cue
            block.cue, block.region, block.is_style = Cue(start, end, buffer, identifier, settings), None, False
        elif block.region is not None:
            block.region = _region_settings(buffer)
        return block


def _is_blank(text: str) -> bool:
    return all(char in _ASCII_WHITESPACE for char in text)


def _split_on_spaces(text: str) -> list[str]:
    return [token for token in _SPLIT.split(text) if token]


def _skip_whitespace(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _ASCII_WHITESPACE:
        pos += 1
    return pos


def _digits(text: str, pos: int) -> tuple[str, int]:
    end = pos
    while end < len(text) and text[end] in "0123456789":
        end += 1
    return text[pos:end], end


def collect_timestamp(text: str, pos: int) -> tuple[float, int] | None:
    """A timestamp at `pos` (`00:01.000`, `01:02:03.000`, `100:00:00.000`): (seconds, next position).

    The first number is hours when it is not two digits or exceeds 59, or when two colons follow.
    """
    if pos >= len(text) or text[pos] not in "0123456789":
        return None
    first, pos = _digits(text, pos)
    hours_first = len(first) != 2 or int(first) > 59
    if text[pos : pos + 1] != ":":
        return None
    second, pos = _digits(text, pos + 1)
    if len(second) != 2:
        return None
    if hours_first or text[pos : pos + 1] == ":":
        if text[pos : pos + 1] != ":":
            return None
        third, pos = _digits(text, pos + 1)
        if len(third) != 2:
            return None
        hours, minutes, seconds = int(first), int(second), int(third)
    else:
        hours, minutes, seconds = 0, int(first), int(second)
    if text[pos : pos + 1] != ".":
        return None
    millis, pos = _digits(text, pos + 1)
    if len(millis) != 3 or minutes > 59 or seconds > 59:
        return None
    return hours * 60 * 60 + minutes * 60 + seconds + int(millis) / 1000, pos


def _cue_timings_and_settings(line: str, regions: list[Region]) -> tuple[float, float, CueSettings] | None:
    start = collect_timestamp(line, _skip_whitespace(line, 0))
    if start is None:
        return None
    pos = _skip_whitespace(line, start[1])
    if line[pos : pos + 3] != "-->":
        return None
    end = collect_timestamp(line, _skip_whitespace(line, pos + 3))
    if end is None:
        return None
    return start[0], end[0], parse_cue_settings(line[end[1] :], regions)


def _percentage(text: str) -> float | None:
    """The W3C 'parse a percentage string': `12.5%` is 12.5; nothing outside 0..100."""
    if not _PERCENTAGE.fullmatch(text):
        return None
    value = float(text[:-1])
    return value if 0 <= value <= 100 else None


def _line_number(text: str) -> float | None:
    """A `line:` value without `%`: an optional minus sign, digits, at most one dot between digits."""
    if re.search(r"[^0-9.-]", text) or "-" in text[1:] or text.count(".") > 1:
        return None
    dot = text.find(".")
    if dot >= 0 and (dot in (0, len(text) - 1) or not text[dot - 1].isdigit() or not text[dot + 1].isdigit()):
        return None
    value = float(text)
    if value in (float("inf"), float("-inf")):
        return None
    return value + 0.0  # the HTML number rules have no negative zero


def parse_cue_settings(text: str, regions: list[Region]) -> CueSettings:
    """The W3C 'parse the WebVTT cue settings': unknown or malformed settings are ignored."""
    values: dict[str, object] = {}
    region = ""
    for setting in _split_on_spaces(text):
        colon = setting.find(":")
        if colon <= 0 or colon == len(setting) - 1:
            continue
        name, value = setting[:colon], setting[colon + 1 :]
        if name == "region":
            region = value if any(known.id == value for known in regions) else ""
        elif name == "vertical":
            if value in ("rl", "lr"):
                values["vertical"] = value
            if values.get("vertical"):
                region = ""
        elif name == "line":
            parsed = _line_setting(value)
            if parsed is not None:
                number, snap, align = parsed
                values.update(line=number, snap_to_lines=snap)
                if align is not None:
                    values["line_align"] = align
                region = ""
        elif name == "position":
            position, _comma, position_align = value.partition(",")
            percentage = _percentage(position)
            if percentage is None or (_comma and position_align not in ("line-left", "center", "line-right")):
                continue
            values["position"] = percentage
            if _comma:
                values["position_align"] = position_align
        elif name == "size":
            size = _percentage(value)
            if size is not None:
                values["size"] = size
                if size != 100:
                    region = ""
        elif name == "align" and value in ("start", "center", "end", "left", "right"):
            values["align"] = value
    return CueSettings(region=region, **values)  # type: ignore[arg-type]


def _line_setting(value: str) -> tuple[float, bool, str | None] | None:
    position, comma, align = value.partition(",")
    if not re.search(r"[0-9]", position):
        return None
    number = _percentage(position) if position.endswith("%") else _line_number(position)
    if number is None or (comma and align not in ("start", "center", "end")):
        return None
    return number, not position.endswith("%"), align if comma else None


def _region_settings(text: str) -> Region:
    """The W3C 'collect WebVTT region settings' from a REGION block's lines."""
    values: dict[str, object] = {}
    for setting in _split_on_spaces(text):
        colon = setting.find(":")
        if colon <= 0 or colon == len(setting) - 1:
            continue
        name, value = setting[:colon], setting[colon + 1 :]
        if name == "id":
            values["id"] = value
        elif name == "width":
            width = _percentage(value)
            if width is not None:
                values["width"] = width
        elif name == "lines":
            if re.fullmatch(r"[0-9]+", value):
                values["lines"] = int(value)
        elif name in ("regionanchor", "viewportanchor"):
            x_text, comma, y_text = value.partition(",")
            x, y = _percentage(x_text), _percentage(y_text)
            if comma and x is not None and y is not None:
                values["region_anchor" if name == "regionanchor" else "viewport_anchor"] = (x, y)
        elif name == "scroll" and value == "up":
            values["scroll"] = "up"
    return Region(**values)  # type: ignore[arg-type]


def explain_timing(line: str) -> tuple[str, str]:
    """(message, hint) for a timing line the algorithm cannot read; the hint shows a fix."""
    if _SRT_MILLIS.search(line):
        corrected = _SRT_MILLIS.sub(lambda match: f"{match.group(1)}.{match.group(2)}", line.strip())
        if _cue_timings_and_settings(corrected, []) is not None:
            return "use '.' before the milliseconds, not ','", f"write '{corrected}'"
    return (f"cannot read the cue timing '{line.strip()}'",
            "write 'start --> end' as in '00:01.000 --> 00:04.500' (hours optional, as in '01:02:03.000'); "
            "minutes and seconds 00-59, milliseconds with three digits")
