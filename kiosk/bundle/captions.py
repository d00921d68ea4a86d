"""A captions file of either format the kiosk reads, WebVTT (.vtt) or SubRip (.srt), from its bytes.

One door for the validator, the doctor, `kiosk captions` and the player, so that they agree on
what a file holds: the same decoding (UTF-8 with or without a byte order mark, or UTF-16 with
one) and the same parser, chosen by the file's extension. Qt-free.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from kiosk.bundle import srt, webvtt
from kiosk.bundle.webvtt import Cue, VttProblem

SUFFIXES = (".vtt", ".srt")
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


def parse_captions(path: str | Path, data: bytes) -> tuple[list[Cue], list[VttProblem]]:
    """Cues in file order and the problems found, reading `data` by the format `path` names."""
    text, problems = decode(data)
    cues, found = srt.parse(text) if is_srt(path) else webvtt.parse(text)
    return cues, problems + found


def read_captions(path: Path) -> tuple[list[Cue], list[VttProblem]]:
    """`parse_captions` of a file on disk; OSError when it cannot be read."""
    return parse_captions(path, path.read_bytes())
