"""IIIF language maps into the bundle's texts.

A IIIF language map gives each language a list of strings (`{"en": ["Dawn"], "none":
["MS 408"]}`); a bundle text is one string for every language, or a map from language to string.
IIIF's `none` says a value belongs to no language (a shelfmark, a name): alone, it becomes one
string shown in every language; beside other languages, it stands in for the bundle's default
language when that one is missing. Summaries and metadata values may hold a little HTML, which
the kiosk shows as plain text: tags are dropped, paragraphs and line breaks kept.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from html.parser import HTMLParser
from typing import Any

Text = str | dict[str, str]
NONE = ("none", "@none")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
_BLOCKS = {"p", "br", "div", "li", "tr"}


class _Plain(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain(value: str) -> str:
    """A IIIF string as plain text: HTML (which IIIF says starts with '<') loses its tags."""
    text = value.strip()
    if text.startswith("<"):
        parser = _Plain()
        parser.feed(text)
        parser.close()
        text = "".join(parser.parts)
    else:
        text = html.unescape(text) if "&" in text and ";" in text else text
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def language_key(code: str) -> str | None:
    """The BCP 47 code of a language map key; '' for IIIF's `none`; None for a key we cannot use."""
    if code in NONE:
        return ""
    code = code.replace("_", "-")  # en_GB, as some systems write it
    return code if _LANGUAGE.fullmatch(code) else None


def entries(value: Any) -> dict[str, list[str]]:
    """A 3.0 language map (or a bare string) as {code or '': [strings]}, unusable parts dropped."""
    if isinstance(value, str):
        return {"": [value]}
    if not isinstance(value, Mapping):
        return {}
    found: dict[str, list[str]] = {}
    for code, strings in value.items():
        key = language_key(str(code))
        items = [strings] if isinstance(strings, str) else strings if isinstance(strings, list) else []
        texts = [plain(s) for s in items if isinstance(s, str) and s.strip()]
        if key is not None and texts:
            found.setdefault(key, []).extend(texts)
    return found


def count_languages(value: Any, counts: Counter[str]) -> None:
    """Add the languages a language map is written in (not `none`) to `counts`."""
    for code in entries(value):
        if code:
            counts[code] += 1


def to_text(value: Any, default: str, separator: str = "\n") -> Text | None:
    """A language map as a bundle text; None when it says nothing."""
    found = entries(value)
    if not found:
        return None
    joined = {code: separator.join(texts) for code, texts in found.items()}
    neutral = joined.pop("", None)
    if not joined:
        return neutral
    if neutral is not None and default not in joined:
        joined = {default: neutral, **joined}
    return joined


def pick(text: Text, language: str, default: str) -> str:
    """`text` in `language`, else the default language's, else its first."""
    if isinstance(text, str):
        return text
    return text.get(language) or text.get(default) or next(iter(text.values()))


def join(parts: Iterable[Text | None], separator: str, default: str) -> Text | None:
    """Several texts as one, language by language (a string serves every language)."""
    present = [part for part in parts if part]
    if not present:
        return None
    languages: list[str] = []
    for part in present:
        if isinstance(part, dict):
            languages.extend(code for code in part if code not in languages)
    if not languages:
        return separator.join(str(part) for part in present)
    return {code: separator.join(pick(part, code, default) for part in present) for code in languages}


def pair(label: Text | None, value: Text | None, default: str) -> Text | None:
    """'label: value' in each language, as a metadata entry or a required statement reads."""
    if value is None:
        return None
    return value if label is None else join([label, value], ": ", default)


def first_string(text: Text | None, default: str) -> str:
    """A text in the default language, for ids and log lines."""
    return "" if text is None else pick(text, default, default)
