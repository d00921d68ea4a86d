"""The text of a caption cue as a tree: spans for italics, bold, underline, voices, languages,
ruby and classes, with the words and inline timestamps between them.

A cue's text keeps its tags in the file (`<v Narrator>Look <i>there</i></v>`); captioning
practice is to show who speaks and to keep emphasis, so the player draws this tree instead
of stripping the tags. Qt-free: the validator, `kiosk captions` and the player share it.

The tree is built by the W3C "WebVTT cue text parsing rules" (a tokenizer, then tree building),
so a file renders here as it does in a browser: unknown tags are dropped but their words kept,
an end tag closes only the span it names when that span is the innermost one open, and
character references are decoded in words and annotations but nowhere else.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.entities import html5

from kiosk.bundle.webvtt import collect_timestamp


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

SPAN_KINDS = frozenset({"c", "i", "b", "u", "ruby", "rt", "v", "lang"})

# Tokens -------------------------------------------------------------------------------

_DATA_OR_TAG = re.compile(r"<([^>]*)>?|[^<]+")
_TAG_NAME_END = re.compile(r"[\t\n\f .]")
_CLASSES_END = re.compile(r"[\t\n\f ]")
_ASCII_WHITESPACE = re.compile(r"[\t\n\f\r ]+")
_REFERENCE = re.compile(r"&(#[xX][0-9A-Fa-f]+;?|#[0-9]+;?|[A-Za-z0-9]+;?)")
_LONGEST_NAME = max(len(name) for name in html5)


@dataclass(frozen=True)
class _StartTag:
    name: str
    classes: tuple[str, ...]
    annotation: str


@dataclass(frozen=True)
class _EndTag:
    name: str


@dataclass(frozen=True)
class _TimestampTag:
    value: str


_Token = str | _StartTag | _EndTag | _TimestampTag


def _numeric_reference(digits: str, base: int) -> str:
    """HTML's rules for `&#…;`: NUL, surrogates and numbers past Unicode become U+FFFD;
    the C1 range reads as Windows-1252, as legacy pages meant it."""
    number = int(digits, base)
    if number == 0 or 0xD800 <= number <= 0xDFFF or number > 0x10FFFF:
        return "\ufffd"
    if 0x80 <= number <= 0x9F:
        try:
            return bytes([number]).decode("cp1252")
        except UnicodeDecodeError:
            return chr(number)
    return chr(number)


def _decode_reference(match: re.Match[str]) -> str:
    body = match.group(1)
    if body[0] == "#":
        hexadecimal = body[1] in "xX"
        digits = body[2:] if hexadecimal else body[1:]
        return _numeric_reference(digits.rstrip(";"), 16 if hexadecimal else 10)
    if body in html5:
        return html5[body]
    # Legacy names match without their semicolon (`&ampx` is `&x`): the longest that fits.
    for end in range(min(len(body), _LONGEST_NAME), 1, -1):
        if body[:end] in html5:
            return html5[body[:end]] + body[end:]
    return match.group(0)


def decode_references(text: str) -> str:
    """Character references decoded as HTML decodes them outside attributes (`&lt;`, `&#x202B;`,
    `&amp` without its semicolon); an `&` that starts none stays as it is."""
    return _REFERENCE.sub(_decode_reference, text) if "&" in text else text


def _start_tag(content: str) -> _StartTag:
    """A start tag's name, classes and annotation, split where the tokenizer's states change."""
    end = _TAG_NAME_END.search(content)
    if end is None:
        return _StartTag(content, (), "")
    name, rest = content[: end.start()], content[end.start():]
    classes: tuple[str, ...] = ()
    if rest[0] == ".":
        stop = _CLASSES_END.search(rest)
        written = rest[1: stop.start()] if stop else rest[1:]
        classes = tuple(part for part in written.split(".") if part)
        rest = rest[stop.start():] if stop else ""
    annotation = _ASCII_WHITESPACE.sub(" ", decode_references(rest[1:])).strip(" ") if rest else ""
    return _StartTag(name, classes, annotation)


def _tokens(text: str) -> Iterator[_Token]:
    for match in _DATA_OR_TAG.finditer(text):
        content = match.group(1)
        if content is None:
            yield decode_references(match.group(0))
        elif content.startswith("/"):
            yield _EndTag(content[1:])
        elif content[:1].isascii() and content[:1].isdigit():
            yield _TimestampTag(content)
        else:
            yield _start_tag(content)


def timestamp_seconds(value: str) -> float | None:
    """A WebVTT timestamp (`mm:ss.ttt` or `h:mm:ss.ttt`, hours of any length) in seconds, or
    None where the W3C "collect a WebVTT timestamp" steps fail or leave characters over."""
    collected = collect_timestamp(value, 0)
    if collected is None or collected[1] != len(value):
        return None
    return collected[0]


# Tree building --------------------------------------------------------------------------


@dataclass
class _Open:
    """A span being built: its children grow until its end tag (or the cue's end)."""

    kind: str
    classes: tuple[str, ...] = ()
    annotation: str = ""
    parent: _Open | None = None
    children: list[CueNode | _Open] = field(default_factory=list)

    def freeze(self) -> tuple[CueNode, ...]:
        return tuple(child if not isinstance(child, _Open) else
                     CueSpan(child.kind, child.freeze(), child.classes, child.annotation)
                     for child in self.children)


def parse_cue_text(text: str) -> tuple[CueNode, ...]:
    """The cue's text as a tree, by the W3C WebVTT cue text parsing rules."""
    root = _Open("")
    current = root
    for token in _tokens(text):
        if isinstance(token, str):
            current.children.append(CueText(token))
        elif isinstance(token, _StartTag):
            kind = token.name
            if kind not in SPAN_KINDS or (kind == "rt" and current.kind != "ruby"):
                continue
            annotation = token.annotation if kind in ("v", "lang") else ""
            span = _Open(kind, token.classes, annotation, current)
            current.children.append(span)
            current = span
        elif isinstance(token, _EndTag):
            if token.name == current.kind and current.parent is not None:
                current = current.parent
            elif token.name == "ruby" and current.kind == "rt" and current.parent and current.parent.parent:
                current = current.parent.parent
        else:
            seconds = timestamp_seconds(token.value)
            if seconds is not None:
                current.children.append(CueTimestamp(seconds))
    return root.freeze()


# Reading the tree -----------------------------------------------------------------------


def plain_text(nodes: tuple[CueNode, ...]) -> str:
    """The words of a tree, without markup: what a screen reader or a search reads."""
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, CueText):
            parts.append(node.text)
        elif isinstance(node, CueSpan):
            parts.append(plain_text(node.children))
    return "".join(parts)


def voices(nodes: tuple[CueNode, ...]) -> Iterator[str]:
    """The names of the voice spans of a tree, in reading order (unnamed voices left out)."""
    for node in nodes:
        if isinstance(node, CueSpan):
            if node.kind == "v" and node.annotation:
                yield node.annotation
            yield from voices(node.children)


def first_voice(text: str) -> str | None:
    """The name of the first voice span of a cue's text (`<v Narrator>`), if any."""
    return next(voices(parse_cue_text(text)), None)


def last_voice(nodes: tuple[CueNode, ...], before: str | None = None) -> str | None:
    """Who speaks last in a tree: the last named voice, else whoever spoke `before` it."""
    for name in voices(nodes):
        before = name
    return before


def spoken_runs(nodes: tuple[CueNode, ...], speaker: str | None = None) -> tuple[tuple[str, str], ...]:
    """The words of a tree as runs of (name to announce, words): a voice is named where it takes
    over from `speaker` (who spoke just before), as captioners name a new speaker and not every
    line of the same one. The name is "" where none is to be shown; ruby annotations follow
    their base in parentheses."""
    runs: list[list[str]] = [["", ""]]

    def walk(children: tuple[CueNode, ...]) -> None:
        nonlocal speaker
        for node in children:
            if isinstance(node, CueText):
                runs[-1][1] += node.text
            elif isinstance(node, CueSpan):
                if node.kind == "v" and node.annotation and node.annotation != speaker:
                    speaker = node.annotation
                    runs.append([node.annotation, ""])
                if node.kind == "rt":
                    runs[-1][1] += "("
                walk(node.children)
                if node.kind == "rt":
                    runs[-1][1] += ")"

    walk(nodes)
    return tuple((name, words) for name, words in runs if name or words)


def readable_text(nodes: tuple[CueNode, ...], speaker: str | None = None) -> str:
    """The words as a person reads them aloud or in a transcript: "Name: words" where a new
    voice speaks, ruby as "base(reading)", no markup."""
    return "".join(f"{name}: {words.lstrip()}" if name else words for name, words in spoken_runs(nodes, speaker))


def base_direction(text: str) -> str | None:
    """"rtl" or "ltr" from the first strongly directional character (the Unicode bidi
    paragraph rule), or None for text with none (digits, punctuation)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None
