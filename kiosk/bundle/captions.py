"""A captions file of either format the kiosk reads, WebVTT (.vtt) or SubRip (.srt), from its bytes.

One door for the validator, the doctor, `kiosk captions` and the player, so that they agree on
what a file holds: the same decoding (UTF-8 with or without a byte order mark, or UTF-16 with
one) and the same parser, chosen by the file's extension. Qt-free.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from kiosk.bundle import srt, webvtt
from kiosk.bundle.webvtt import Cue, VttProblem

SUFFIXES = (".vtt", ".srt")
MAX_CAPTION_BYTES = 2 * 1024 * 1024
MAX_LINE_CHARS = 2_000
MAX_CUES = 10_000
ENCODING_HINT = "save the file as UTF-8 (in most editors: Save As, then choose the encoding UTF-8)"


def decode(data: bytes) -> tuple[str, list[VttProblem]]:
    """The file's text, and a problem if it is not UTF-8 or UTF-16 with a byte order mark.

    Undecodable bytes become U+FFFD, as a browser shows them, so the cues still play while the
    validator asks for the file to be saved again.
    """
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            body = data[len(bom) :]
            text = body.decode(encoding, errors="replace")
            try:
                body.decode(encoding)
            except UnicodeDecodeError as error:
                return text, [_not_text(body, error, encoding)]
            return text, []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        return data.decode("utf-8", errors="replace"), [_not_text(data, error, "utf-8")]


def _not_text(data: bytes, error: UnicodeDecodeError, encoding: str) -> VttProblem:
    if encoding == "utf-8":
        line = data[: error.start].count(b"\n") + 1
        return VttProblem(line, "is not UTF-8 text: a character on this line cannot be read", ENCODING_HINT)
    line = data[: error.start].decode(encoding, errors="replace").count("\n") + 1
    return VttProblem(line, "is not valid UTF-16 text: a character on this line cannot be read", ENCODING_HINT)


def is_srt(path: str | Path) -> bool:
    return str(path).lower().endswith(".srt")


def too_large(size: int) -> VttProblem | None:
    """The problem with a captions file of `size` bytes, if it is over `MAX_CAPTION_BYTES`."""
    if size <= MAX_CAPTION_BYTES:
        return None
    return VttProblem(1, f"the file is {size:,} bytes; captions files may have at most {MAX_CAPTION_BYTES:,}",
                      "split the film's captions, or check that this is the right file")


def _beyond_limits(text: str) -> VttProblem | None:
    """A line over `MAX_LINE_CHARS` or a cue past `MAX_CUES`, whichever comes first."""
    cues = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > MAX_LINE_CHARS:
            return VttProblem(number, f"the line is {len(line):,} characters long; at most {MAX_LINE_CHARS:,} are read",
                              "break the cue's text into lines of a few words")
        if "-->" in line:
            cues += 1
            if cues > MAX_CUES:
                return VttProblem(number, f"the file has more than {MAX_CUES:,} cues; at most {MAX_CUES:,} are read",
                                  "split the captions into several files")
    return None


def parse_captions(path: str | Path, data: bytes) -> tuple[list[Cue], list[VttProblem]]:
    """Cues in file order and the problems found, reading `data` by the format `path` names.

    A file over the limits gives no cues and the one problem that says which limit."""
    large = too_large(len(data))
    if large is not None:
        return [], [large]
    text, problems = decode(data)
    beyond = _beyond_limits(text)
    if beyond is not None:
        return [], [beyond]
    cues, found = srt.parse(text) if is_srt(path) else webvtt.parse(text)
    return cues, problems + found


def read_captions(path: Path) -> tuple[list[Cue], list[VttProblem]]:
    """`parse_captions` of a file on disk (a file over the size limit is not read); OSError
    when it cannot be read."""
    with path.open("rb") as stream:
        large = too_large(os.fstat(stream.fileno()).st_size)
        if large is not None:
            return [], [large]
        return parse_captions(path, stream.read(MAX_CAPTION_BYTES + 1))
