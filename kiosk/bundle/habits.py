"""Warnings about habits from other tools that look wrong on the kiosk's screen.

A page written in a word processor or a wiki starts with its title as a heading. The kiosk
already shows an exhibit's `title` above its text, so a `body` that begins with the same
heading shows the title twice, and a screen reader reads it twice.
"""

from __future__ import annotations

import re

from kiosk.bundle.declare import Text
from kiosk.bundle.findings import Report
from kiosk.bundle.loader import MANIFEST, LoadedManifest

# `# Title`, `## Title ##`: up to three spaces, one to six '#', then the heading's text.
_ATX = re.compile(r" {0,3}#{1,6}[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*")
# A line of '=' or '-' under a line of text makes that line a heading too.
_SETEXT_UNDERLINE = re.compile(r" {0,3}(=+|-+)[ \t]*")
_MARKUP = re.compile(r"[*_`]")


def first_heading(markdown: str) -> tuple[str, str] | None:
    """The text of the heading that opens `markdown`, and what to remove to remove it (as the
    curator wrote it); None when the first line that is not blank is not a heading."""
    lines = markdown.splitlines()
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        atx = _ATX.fullmatch(line)
        if atx:
            return atx.group("text"), f"the line '{line.strip()}'"
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if _SETEXT_UNDERLINE.fullmatch(following):
            return line, f"the line '{line.strip()}' and the line of '{following.strip()[0]}' under it"
        return None
    return None


def _comparable(text: str) -> str:
    """Two spellings a visitor reads as the same words compare equal: markup, case, spacing and
    the closing punctuation aside."""
    return " ".join(_MARKUP.sub("", text).split()).strip(" .:!?").casefold()


def check_repeated_titles(loaded: LoadedManifest, report: Report) -> None:
    """Warn about each `body` whose first line is a heading that repeats its exhibit's title,
    in the language it is written in (a body given once is compared with every title)."""
    if loaded.manifest is None:
        return
    default = loaded.manifest.languages[:1]
    texts: dict[str, Text] = {located.key: located.value for located in loaded.texts}
    for key, body in texts.items():
        owner, _, name = key.rpartition(".")
        title = texts.get(f"{owner}.title")
        if name != "body" or title is None:
            continue
        for code, markdown in body.values.items():
            heading = first_heading(markdown)
            if heading is None:
                continue
            titles = title.values.values() if not code else (title.get(code, default),)
            if _comparable(heading[0]) not in {_comparable(t) for t in titles}:
                continue
            where_key = f"{key}.{code}" if code else key
            line, column = loaded.locations.get(where_key, (None, None))
            report.warning("the text begins with its own title as a heading, so visitors read the title twice",
                           hint=f"remove {heading[1]}: the kiosk shows the 'title' above the text",
                           file=MANIFEST, line=line, column=column, key=where_key)
