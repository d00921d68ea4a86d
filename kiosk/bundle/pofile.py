"""The kiosk's interface catalogues as the Qt-free core sees them: assets/i18n/<language>.po.

The catalogues are gettext .po files (kiosk/ui/i18n.py reads their compiled .mo at run time).
Each entry's `msgctxt` is the word's key ("exhibits_count"), its `msgid` the English text, and
a count's entry has a `msgid_plural` and one `msgstr[i]` per gettext plural form.

The bundle layer checks a bundle's own `interface:` words against the English catalogue (the
keys, their `{name}` placeholders, which keys are counts) without importing the Qt layer and
without Babel, so this module reads .po files itself. It reads what the kiosk writes (and what
pybabel, msgmerge and translators' editors write): comments, flags, contexts, plural forms and
strings continued over several lines; obsolete `#~` entries are skipped.
"""

from __future__ import annotations

import functools
import string
from dataclasses import dataclass, field
from pathlib import Path

from kiosk import paths

REFERENCE = "en"
# Chinese scripts and the regions whose default script is Traditional.
_TRADITIONAL = frozenset({"hant", "tw", "hk", "mo"})
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


class PoError(ValueError):
    """A .po file that cannot be read; the message names the line."""


@dataclass(frozen=True)
class PoEntry:
    """One word: its key (msgctxt), English text(s), translation(s) and explanatory comments."""

    key: str
    msgid: str
    msgid_plural: str | None = None
    strings: tuple[str, ...] = ()
    comments: tuple[str, ...] = ()
    fuzzy: bool = False

    @property
    def is_plural(self) -> bool:
        return self.msgid_plural is not None

    @property
    def placeholders(self) -> frozenset[str]:
        return frozenset(placeholders(self.msgid) | placeholders(self.msgid_plural or ""))


@dataclass
class PoCatalogue:
    """A .po file: its header fields and its entries by key (entries without a context are skipped)."""

    header: dict[str, str] = field(default_factory=dict)
    entries: dict[str, PoEntry] = field(default_factory=dict)

    @property
    def plural_forms(self) -> str:
        return self.header.get("Plural-Forms", "nplurals=2; plural=(n != 1);")


def placeholders(text: str) -> set[str]:
    """The names of `{name}` fields in a text; a text with stray braces has none."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return set()


def _unquote(token: str, line_number: int) -> str:
    token = token.strip()
    if len(token) < 2 or not token.startswith('"') or not token.endswith('"'):
        raise PoError(f"line {line_number}: expected a quoted string, got {token[:40]!r}")
    body, out, i = token[1:-1], [], 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            out.append(_ESCAPES.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


class _Entry:
    def __init__(self) -> None:
        self.fields: dict[str, str] = {}
        self.comments: list[str] = []
        self.flags: set[str] = set()


def _finish(entry: _Entry, catalogue: PoCatalogue) -> None:
    values = entry.fields
    if "msgid" not in values:
        return
    context = values.get("msgctxt")
    if context is None:
        if values["msgid"] == "":
            catalogue.header = _header(values.get("msgstr", ""))
        return
    plural = values.get("msgid_plural")
    if plural is None:
        strings: tuple[str, ...] = (values.get("msgstr", ""),)
    else:
        indices = sorted(int(name[7:-1]) for name in values if name.startswith("msgstr["))
        strings = tuple(values[f"msgstr[{i}]"] for i in indices)
    catalogue.entries[context] = PoEntry(context, values["msgid"], plural, strings, tuple(entry.comments),
                                         "fuzzy" in entry.flags)


def _header(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in text.splitlines():
        name, colon, value = line.partition(":")
        if colon:
            fields[name.strip()] = value.strip()
    return fields


def parse_po(text: str) -> PoCatalogue:
    """The entries of a .po file's text; PoError names the first line that is not .po."""
    catalogue = PoCatalogue()
    entry = _Entry()
    current: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if any(name.startswith("msgstr") for name in entry.fields):
                _finish(entry, catalogue)
                entry, current = _Entry(), None
            if line.startswith("#."):
                entry.comments.append(line[2:].strip())
            elif line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith('"'):
            if current is None:
                raise PoError(f"line {number}: a continued string with nothing before it")
            entry.fields[current] += _unquote(line, number)
            continue
        keyword, _, rest = line.partition(" ")
        if keyword not in ("msgctxt", "msgid", "msgid_plural", "msgstr") and not keyword.startswith("msgstr["):
            raise PoError(f"line {number}: unknown keyword {keyword!r}")
        if keyword in ("msgctxt", "msgid") and any(name.startswith("msgstr") for name in entry.fields):
            _finish(entry, catalogue)
            entry = _Entry()
        entry.fields[keyword] = _unquote(rest, number)
        current = keyword
    _finish(entry, catalogue)
    return catalogue


def read_po(path: Path) -> PoCatalogue:
    return parse_po(path.read_text(encoding="utf-8"))


# -- the kiosk's own catalogues ---------------------------------------------------------------


def catalogue_folder() -> Path:
    return paths.assets_dir() / "i18n"


@functools.cache
def kiosk_languages() -> frozenset[str]:
    """The languages the kiosk has interface words for: the codes of assets/i18n/*.po."""
    return frozenset(path.stem for path in catalogue_folder().glob("*.po"))


def kiosk_catalogue(code: str) -> str | None:
    """The kiosk catalogue that serves a BCP 47 code, or None: pt-BR → pt-BR.po, else pt.po.

    Traditional Chinese (zh-Hant, or zh-TW/HK/MO without a script) is served only by a zh-Hant
    catalogue, never by the Simplified zh: a visitor who reads Traditional characters gets the
    bundle's words, its first language or English instead.
    """
    parts = code.replace("_", "-").strip().split("-")
    language = parts[0].lower()
    subtags = [part.lower() for part in parts[1:]]
    script = next((s for s in subtags if len(s) == 4), None)
    traditional = language == "zh" and (script == "hant" or (script is None and bool(_TRADITIONAL & set(subtags))))
    by_lower = {name.lower(): name for name in kiosk_languages()}
    candidates = ["-".join([language, *subtags]), f"{language}-{script}" if script else ""]
    candidates.append("zh-hant" if traditional else language)
    return next((by_lower[c] for c in candidates if c in by_lower), None)


@functools.cache
def reference_words() -> dict[str, PoEntry]:
    """The English catalogue's entries by key: every valid key, its placeholders, whether it counts."""
    try:
        return read_po(catalogue_folder() / f"{REFERENCE}.po").entries
    except (OSError, UnicodeDecodeError, PoError):
        return {}


def forget() -> None:
    """Read the catalogues again when next asked (tests that move the assets folder)."""
    kiosk_languages.cache_clear()
    reference_words.cache_clear()
