"""Caption files for the web: WebVTT for `<track>`, and the same text as a script for `file://`.

Browsers play WebVTT only, in UTF-8. A `.vtt` file is written again as UTF-8 text (a byte
order mark or UTF-16 removed, line ends made `\\n`), otherwise as the curator wrote it, so its
STYLE and REGION blocks keep working. A SubRip file is read by the kiosk's own reader
(kiosk.bundle.srt), so the site shows exactly the cues the kiosk shows, and written out as
WebVTT: `,` before the milliseconds becomes `.`, the text is already WebVTT cue text, and a
cue SubRip puts at the top (`{\\an8}`) gets `line:0`.

Chromium refuses to load a `<track>` from `file://` (every file there is its own origin), but
it runs a `<script src>` from there. So each WebVTT file has a twin, `x.vtt.js`, holding the
same text as a JavaScript string; opened from `file://`, the site's script loads the twin of
each `<track>` and hands the text to it as a `blob:` address. One twin per caption file, not a
copy of every track in every page that plays it: the pages stay small. Qt-free.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from kiosk.bundle import captions as caption_files
from kiosk.bundle.cuetext import parse_cue_text, plain_text
from kiosk.bundle.webvtt import Cue, VttProblem, timestamp


def cues_to_webvtt(cues: Iterable[Cue]) -> str:
    """A WebVTT file of `cues` (as the SubRip reader leaves them)."""
    blocks = ["WEBVTT"]
    for cue in cues:
        lines = []
        if cue.id and "-->" not in cue.id:
            lines.append(cue.id)
        setting = " line:0" if cue.settings.line == 0.0 else ""
        lines.append(f"{timestamp(cue.start)} --> {timestamp(cue.end)}{setting}")
        text = cue.text.replace("-->", "--&gt;")
        lines.extend(line for line in text.split("\n") if line.strip())
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def as_webvtt(path: str, data: bytes) -> tuple[str, list[Cue], list[VttProblem]]:
    """The WebVTT text a caption file becomes on the site, its cues, and the problems found."""
    cues, problems = caption_files.parse_captions(path, data)
    if caption_files.is_srt(path):
        return cues_to_webvtt(cues), cues, problems
    text, _ = caption_files.decode(data)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return (text if text.endswith("\n") else text + "\n"), cues, problems


def cue_script(text: str) -> str:
    """The `file://` twin of a WebVTT file: its text filed under the twin's own address minus
    `.js`, which is the address of the `<track>` that plays it, whatever page loads it.

    The text is a JSON string (valid JavaScript), with the line and paragraph separators
    escaped for older engines."""
    literal = json.dumps(text, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"(window.siteCues=window.siteCues||{{}})[document.currentScript.src.slice(0,-3)]={literal};\n"


def transcript_lines(cues: Iterable[Cue]) -> list[str]:
    """The words of the cues, one paragraph a cue, markup removed: a transcript made from captions."""
    lines: list[str] = []
    for cue in cues:
        words = " ".join(plain_text(parse_cue_text(cue.text)).split())
        if words and (not lines or lines[-1] != words):
            lines.append(words)
    return lines
