"""What "Read aloud" says on an exhibit's screen, and whether a recording says it instead.

A visitor who cannot read print asks the accessibility menu to read the screen aloud. The
kiosk then plays the bundle's recorded narration in the visit's language if the exhibit has
one, and otherwise speaks the words on screen with a machine voice. This module decides both
without Qt: the recording to play (`narration_for`), and the passages to speak, in reading
order (`passages_for`): the title, the body as plain sentences (a heading is a sentence of its
own, a picture in the text is its alt text), then what the pictures show, their captions and
credits. Each passage is spoken, and shown as a caption, one at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kiosk.bundle.declare import CaptionFiles, SoundFiles, Text
from kiosk.bundle.model import NARRATED, PAGES, Exhibit

_SENTENCE_END = re.compile(r"(?:(?<=[.!?…])(?<!\b[A-Z]\.)|(?<=[.!?…][\"'”’»)]))\s+|(?<=[。！？])")
_TERMINAL = ".!?…:;。！？"
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_REFERENCE_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)([^>]+)>")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_EMPHASIS = re.compile(r"(\*{1,3}|_{1,3}|~~)(?=\S)(.+?)(?<=\S)\1")
_CODE = re.compile(r"`+([^`]*)`+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_SETEXT_RULE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+")
_QUOTE_MARK = re.compile(r"^\s*(?:>\s?)+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_SLASHED_CREDIT = re.compile(r"\s+/\s+")
_KEPT = 0xF0000  # escaped marks wait in a private-use plane while the markup is taken away
_KEPT_MARK = re.compile("[\U000F0000-\U000F00FF]")


@dataclass(frozen=True)
class Narration:
    """A recording of the exhibit's words in one language, with its captions if it has them."""

    language: str
    path: str
    captions: str | None


def base_language(code: str) -> str:
    """The language of a BCP 47 code or a POSIX locale name, without script or region: `pt-BR` → `pt`."""
    return re.split(r"[-_]", code, maxsplit=1)[0].lower()


def _chosen(files: SoundFiles | CaptionFiles | None, language: str) -> tuple[str, str] | None:
    """(language, path) of the file for `language` exactly or by its base language; a path
    given once serves every language. Never another language's file: a recording in English
    is no help to a French visitor, who is better served by a French machine voice."""
    if files is None or not files.values:
        return None
    if not files.is_per_language:
        return language, files.values[""]
    if language in files.values:
        return language, files.values[language]
    base = base_language(language)
    for code, path in files.values.items():
        if base_language(code) == base:
            return code, path
    return None


def narration_for(exhibit: Exhibit | None, language: str, broken: frozenset[str] = frozenset()) -> Narration | None:
    """The exhibit's recorded narration in `language`, or None (then a machine voice reads it).

    A file the bundle's check found broken (`broken`, paths inside the bundle) counts as absent."""
    if not isinstance(exhibit, NARRATED):
        return None
    chosen = _chosen(exhibit.narration, language)
    if chosen is None or chosen[1].removeprefix("./") in broken:
        return None
    code, path = chosen
    captions = _chosen(exhibit.narration_captions, code)
    caption_path = captions[1] if captions is not None and captions[1].removeprefix("./") not in broken else None
    return Narration(code, path, caption_path)


def can_read_aloud(exhibit: Exhibit | None) -> bool:
    """Whether the exhibit's screen offers "Read aloud": pages and pictures, not sound and film."""
    return isinstance(exhibit, NARRATED)


def passages_for(exhibit: Exhibit | None, language: str, fallbacks: tuple[str, ...] = ()) -> tuple[str, ...]:
    """What a machine voice says for the exhibit, passage by passage, in reading order."""
    if not isinstance(exhibit, NARRATED):
        return ()

    def text(value: Text | None) -> str:
        return value.get(language, fallbacks) if value is not None else ""

    parts: list[str] = [_sentence(_inline(text(exhibit.title)))]
    if isinstance(exhibit, PAGES):
        parts += markdown_passages(text(exhibit.body))
    pictures = exhibit.pictures()
    for picture in pictures:  # a picture's credit is the exhibit's, or a gallery image's own
        parts += [_sentence(text(picture.alt)), _sentence(_inline(text(picture.caption))),
                  _credit(text(picture.credit))]
    if not pictures:
        parts.append(_credit(text(exhibit.credit)))
    return tuple(passage for part in parts for passage in split_sentences(part))


def markdown_passages(markdown: str) -> list[str]:
    """Markdown as the sentences a voice should say: markup gone, a heading or a list item a
    sentence of its own, a picture its alt text, a table's cells separated by commas."""
    return [_sentence(block) for block in _blocks(markdown) if block]


def _blocks(markdown: str) -> Iterator[str]:
    """Plain text of each paragraph, heading, list item and quote of `markdown`."""
    paragraph: list[str] = []
    fenced = False
    lines = markdown.replace("\r\n", "\n").split("\n")
    for number, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            yield _inline(" ".join(paragraph))
            paragraph = []
            continue
        if fenced:
            paragraph.append(line.strip())
            continue
        following = lines[number + 1] if number + 1 < len(lines) else ""
        heading = _HEADING.match(line)
        if heading or _RULE.match(line) or _TABLE_RULE.match(line) or not line.strip():
            yield _inline(" ".join(paragraph))
            paragraph = []
            if heading:
                yield _inline(heading.group(1))
            continue
        if _SETEXT_RULE.match(following) and not paragraph and line.strip():
            yield _inline(line)
            continue
        if _SETEXT_RULE.match(line):
            continue
        quoted = _QUOTE_MARK.sub("", line)
        item = _LIST_MARK.match(quoted)
        if item:
            yield _inline(" ".join(paragraph))
            paragraph = [quoted[item.end():]]
            continue
        if "|" in quoted and quoted.strip().startswith("|"):
            yield _inline(" ".join(paragraph))
            paragraph = []
            yield _inline(", ".join(cell.strip() for cell in quoted.strip().strip("|").split("|") if cell.strip()))
            continue
        paragraph.append(quoted.strip())
    yield _inline(" ".join(paragraph))


def _inline(text: str) -> str:
    """A line of Markdown as plain words."""
    text = _ESCAPE.sub(lambda match: chr(_KEPT + ord(match.group(1))), text)  # an escaped mark is a character
    text = _IMAGE.sub(lambda match: f" {_sentence(match.group(1))} " if match.group(1).strip() else " ", text)
    text = _LINK.sub(r"\1", text)
    text = _REFERENCE_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    text = _CODE.sub(r"\1", text)
    previous = None
    while previous != text:
        previous, text = text, _EMPHASIS.sub(r"\2", text)
    text = _KEPT_MARK.sub(lambda match: chr(ord(match.group()) - _KEPT), text)
    return " ".join(text.split())


def _sentence(text: str) -> str:
    """`text` ending as a sentence ends, so that a voice pauses after a heading or a caption."""
    text = text.strip()
    if text and text[-1] not in _TERMINAL and text[-1] not in "\"'”’»)":
        return f"{text}。" if _is_cjk(text[-1]) else f"{text}."
    return text


def _credit(text: str) -> str:
    """A credit as it is said: 'Photo: NAME, AGENCY' rather than a spoken slash."""
    return _sentence(_SLASHED_CREDIT.sub(", ", text.strip()))


def split_sentences(text: str) -> list[str]:
    """`text` cut after each sentence's final punctuation; the pieces keep their punctuation."""
    return [piece.strip() for piece in _SENTENCE_END.split(text) if piece and piece.strip()]


def _is_cjk(character: str) -> bool:
    return "\u3040" <= character <= "\u30ff" or "\u3400" <= character <= "\u9fff" or "\uac00" <= character <= "\ud7af"
