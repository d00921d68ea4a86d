"""The text of a caption cue as a tree: spans for italics, bold, underline, voices, languages,
ruby and classes, with the words and inline timestamps between them.

A cue's text keeps its tags in the file (`<v Narrator>Look <i>there</i></v>`); captioning
practice is to show who speaks and to keep emphasis, so the player draws this tree instead
of stripping the tags. Qt-free: the validator, `kiosk captions` and the player share it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class CueText:
    """Words, with character references already decoded (`&amp;` is `&`)."""

    text: str


@dataclass(frozen=True)
class CueTimestamp:
    """An inline timestamp (`<00:00:05.000>`): karaoke-style timing inside a cue."""

    seconds: float


@dataclass(frozen=True)
class CueSpan:
    """A tagged span: `kind` is one of c, i, b, u, ruby, rt, v, lang.

    `annotation` is the voice's name for `v` and the language tag for `lang`.
    """

    kind: str
    children: tuple[CueNode, ...] = ()
    classes: tuple[str, ...] = ()
    annotation: str = ""


CueNode = CueText | CueTimestamp | CueSpan

_VOICE = re.compile(r"<v(?:\.[^\s>]*)?[ \t\n\f]+([^>]*)>")
_TAG = re.compile(r"</?[^>]*>")


def parse_cue_text(text: str) -> tuple[CueNode, ...]:
    """The cue's text as a tree (interim: plain words only; the W3C rules replace this)."""
    return (CueText(html.unescape(_TAG.sub("", text))),)


def plain_text(nodes: tuple[CueNode, ...]) -> str:
    """The words of a tree, without markup: what a screen reader or a search reads."""
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, CueText):
            parts.append(node.text)
        elif isinstance(node, CueSpan):
            parts.append(plain_text(node.children))
    return "".join(parts)


def first_voice(text: str) -> str | None:
    """The name of the first voice span of a cue's text (`<v Narrator>`), if any."""
    match = _VOICE.search(text)
    return match.group(1).strip() or None if match else None
