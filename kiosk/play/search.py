"""Search over every text of the exhibition, for the archive viewer.

Matching ignores case and accents ("resume" finds "Résumé") and needs every word of the
query somewhere in the exhibit; words in a title count more. Texts are searched in the
visitor's language with the bundle's languages as fallbacks, as they are shown.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kiosk.bundle.declare import Localized
from kiosk.bundle.model import Exhibit, GalleryExhibit, Manifest
from kiosk.play.navigation import Location, Screen

_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_MARKS = re.compile(r"(^|\s)#{1,6}\s|[*_`>|]+")
_SPACE = re.compile(r"\s+")
SNIPPET_CHARS = 140


def plain(markdown: str) -> str:
    """Markdown reduced to its words, for matching and snippets."""
    text = _MARKDOWN_LINK.sub(r"\1", markdown)
    text = _MARKDOWN_MARKS.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def fold(text: str) -> str:
    """Lower case without accents; keeps one character per character of `text`."""
    out = []
    for char in text:
        base = unicodedata.normalize("NFKD", char)
        kept = "".join(c for c in base if not unicodedata.combining(c)) or char
        out.append(kept[0].lower() if len(kept[0].lower()) == 1 else char)
    return "".join(out)


@dataclass(frozen=True)
class SearchHit:
    location: Location
    title: str
    snippet: str
    score: float


def _texts(exhibit: Exhibit) -> list[Localized | None]:
    texts: list[Localized | None] = [exhibit.credit]
    for name in ("body", "caption", "alt", "transcript"):
        texts.append(getattr(exhibit, name, None))
    if isinstance(exhibit, GalleryExhibit):
        for image in exhibit.images:
            texts.extend((image.caption, image.alt, image.credit))
    return texts


def _snippet(text: str, words: list[str]) -> str:
    folded = fold(text)
    at = min((folded.find(w) for w in words if w in folded), default=0)
    start = max(0, at - SNIPPET_CHARS // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < at else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > at else end
    return ("… " if start else "") + text[start:end].strip() + (" …" if end < len(text) else "")


class SearchIndex:
    def __init__(self, manifest: Manifest) -> None:
        self.manifest = manifest

    def search(self, query: str, language: str, limit: int = 50) -> list[SearchHit]:
        words = [w for w in fold(query).split() if w]
        if not words:
            return []
        fallbacks = self.manifest.languages

        def text(value: Localized | None) -> str:
            return "" if value is None else plain(value.get(language, fallbacks))

        hits: list[SearchHit] = []
        for s, section in enumerate(self.manifest.sections):
            title = text(section.title)
            summary = text(section.summary)
            hit = self._match(Location(Screen.SECTION, s), title, [summary], words)
            if hit:
                hits.append(hit)
            for e, exhibit in enumerate(section.exhibits):
                bodies = [text(value) for value in _texts(exhibit)]
                hit = self._match(Location(Screen.EXHIBIT, s, e), text(exhibit.title), bodies, words)
                if hit:
                    hits.append(hit)
        hits.sort(key=lambda h: -h.score)
        return hits[:limit]

    @staticmethod
    def _match(location: Location, title: str, bodies: list[str], words: list[str]) -> SearchHit | None:
        folded_title = fold(title)
        body = " ".join(b for b in bodies if b)
        folded_body = fold(body)
        score = 0.0
        for word in words:
            in_title = folded_title.count(word)
            in_body = folded_body.count(word)
            if not in_title and not in_body:
                return None
            score += 3 * in_title + min(in_body, 5)
        snippet = _snippet(body, words) if any(w in folded_body for w in words) else ""
        return SearchHit(location, title, snippet, score)
