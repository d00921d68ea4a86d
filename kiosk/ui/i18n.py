"""The interface's own words: gettext catalogues, assets/i18n/<language>.po compiled to .mo.

The content's words come from the bundle; these are the kiosk's: buttons, "Touch to begin",
"Still there?", accessible names, `kiosk preview` labels. Each word is a .po entry whose
`msgctxt` is its key ("back"), whose `msgid` is the English text and whose `msgstr` is the
translation; a count ("3 exhibits") has a `msgid_plural` and one `msgstr[i]` per plural form of
the language (its `Plural-Forms` header, from CLDR). Texts may hold `{name}` placeholders,
filled by `say(key, language, name=...)`; counts are said by `say_count(key, n, language)`.

Why gettext: translators' tools (Poedit, Weblate, Crowdin, Lokalize) read and write .po; the
standard library reads .mo with no new dependency; one `GNUTranslations` per language lets the
attract screen show every language at once. Babel (a dev/test extra) brings CLDR's plural rules
and compiles: `python -m kiosk.ui.i18n compile | extract | import-json | plural-table`
(kiosk/ui/i18n_tools.py).

Which words a visitor reads, word by word:
1. the bundle's own `interface:` words for the visitor's language (`use_bundle`);
2. the kiosk's catalogue for that language: the code's own (pt-BR), else its language's (pt).
   Traditional Chinese (zh-Hant, zh-TW, zh-HK, zh-MO) is never served the Simplified `zh`;
3. only for a language the kiosk has no catalogue for: the bundle's first language, its
   `interface:` words then the kiosk's catalogue;
4. English.
A kiosk catalogue is complete (tests hold every one to en.po's keys), so step 3 is for languages
the kiosk does not speak; a stale or broken catalogue falls to English word by word, and is
logged. Nothing here raises at a visitor.
"""

from __future__ import annotations

import functools
import gettext
import logging
import struct
import sys
from collections.abc import Mapping, Sequence

from kiosk.bundle.plurals import plural_forms
from kiosk.bundle.pofile import (
    PoError,
    catalogue_folder,
    kiosk_catalogue,
    kiosk_languages,
    placeholders,
    read_po,
    reference_words,
)
from kiosk.ui.bidi import isolate
from kiosk.ui.languages import RTL_LANGUAGES, is_rtl, native_name

log = logging.getLogger("kiosk.ui")

FALLBACK = "en"
LANGUAGES = tuple(sorted(kiosk_languages()))
_MISSING = "\x00missing"

__all__ = ["FALLBACK", "LANGUAGES", "RTL_LANGUAGES", "base_language", "catalogue", "catalogue_code", "catalogue_folder",
           "interface_language", "is_rtl", "native_name", "placeholders", "say", "say_count", "use_bundle"]


def base_language(code: str) -> str:
    """The language of a code, lower case: fr-CA → fr, zh_Hans → zh, EN → en."""
    return code.replace("_", "-").split("-", maxsplit=1)[0].strip().lower()


def catalogue_code(code: str) -> str | None:
    """The kiosk catalogue that serves a BCP 47 code, or None: pt-BR → pt-BR or pt; zh-TW → zh-Hant only."""
    return kiosk_catalogue(code)


def interface_language(code: str) -> str:
    """The catalogue that serves `code`: its own or its language's if the kiosk has one, else English."""
    return catalogue_code(code) or FALLBACK


class _Missing(gettext.NullTranslations):
    """The last fallback of every catalogue: says a word is missing instead of answering English."""

    def pgettext(self, context: str, message: str) -> str:
        return _MISSING

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return _MISSING


@functools.cache
def translations(code: str) -> gettext.GNUTranslations | None:
    """The compiled catalogue assets/i18n/<code>.mo, read once; None if it is missing or broken."""
    path = catalogue_folder() / f"{code}.mo"
    try:
        with path.open("rb") as handle:
            table = gettext.GNUTranslations(handle)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, UnicodeDecodeError, struct.error, IndexError) as error:
        log.error("the interface words %s cannot be read (%s); using English", path.name, error)
        return None
    table.add_fallback(_Missing())
    return table


@functools.cache
def catalogue(language: str) -> Mapping[str, str]:
    """Every word of a catalogue by key, a count's forms one per line: for checks of its characters."""
    code = catalogue_code(language)
    if code is None:
        return {}
    try:
        entries = read_po(catalogue_folder() / f"{code}.po").entries
    except (OSError, UnicodeDecodeError, PoError) as error:
        log.error("the interface words %s.po cannot be read (%s)", code, error)
        return {}
    return {key: "\n".join(s for s in entry.strings if s) for key, entry in entries.items()
            if any(entry.strings)}


# -- the bundle's own words --------------------------------------------------------------------


Words = Mapping[str, Mapping[str, "str | Mapping[str, str]"]]
_bundle_words: dict[str, Mapping[str, str | Mapping[str, str]]] = {}
_first_language = FALLBACK


def use_bundle(words: Words | None, languages: Sequence[str]) -> None:
    """Words a bundle brings ({language: {key: text or {CLDR category: text}}}) and its languages.

    Called when a bundle starts playing; its words win over the kiosk's, and a language the
    kiosk has no catalogue for falls back to the bundle's first language before English.
    """
    global _first_language
    _bundle_words.clear()
    _bundle_words.update({code.lower(): table for code, table in (words or {}).items()})
    _first_language = languages[0] if languages else FALLBACK


def _lookup(key: str, language: str, count: int | None) -> str | None:
    """The word in one language, the bundle's first and then the kiosk's; None if neither has it."""
    value = _bundle_words.get(language.lower(), {}).get(key)
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        category = plural_forms(language).category(count) if count is not None else "other"
        text = value.get(category) or value.get("other")
        if text:
            return str(text)
    code = catalogue_code(language)
    table = translations(code) if code else None
    entry = reference_words().get(key)
    if table is None or entry is None:
        return None
    if entry.msgid_plural is not None:
        found = table.npgettext(key, entry.msgid, entry.msgid_plural, count if count is not None else 2)
    else:
        found = table.pgettext(key, entry.msgid)
    return None if found == _MISSING or not found else found


def _languages(language: str) -> list[str]:
    chain = [language]
    if catalogue_code(language) is None and _first_language.lower() != language.lower():
        chain.append(_first_language)
    return chain


def _say(key: str, language: str, count: int | None, values: Mapping[str, object]) -> str:
    found = next(((code, t) for code in _languages(language) if (t := _lookup(key, code, count)) is not None), None)
    english = _kiosk_english(key, count)
    source, text = found if found is not None else (FALLBACK, english)
    if text is None:
        log.error("the interface word %r is in no catalogue", key)
        return key
    if values:
        for candidate in dict.fromkeys((text, english)):
            if candidate is None:
                continue
            try:
                text = candidate.format(**values)
                break
            except (KeyError, IndexError, ValueError, AttributeError):
                log.error("the interface word %r has broken placeholders: %r", key, candidate)
        else:
            return key
    return _in_its_direction(text, source, language)


def _in_its_direction(text: str, source: str, language: str) -> str:
    """A word standing in from a language of the other direction ("3 exhibits" on a Persian
    screen) is isolated, so that it reads in its own direction inside the visitor's."""
    if is_rtl(source) == is_rtl(language):
        return text
    return isolate(text)


def _kiosk_english(key: str, count: int | None) -> str | None:
    """The kiosk's own English: en.mo, else the English of en.po itself."""
    entry = reference_words().get(key)
    if entry is None:
        return None
    table = translations(FALLBACK)
    if table is not None:
        found = (table.pgettext(key, entry.msgid) if entry.msgid_plural is None else
                 table.npgettext(key, entry.msgid, entry.msgid_plural, count if count is not None else 2))
        if found and found != _MISSING:
            return found
    if entry.msgid_plural is not None and count != 1:
        return entry.msgid_plural
    return entry.msgid


def say(key: str, language: str, **values: object) -> str:
    """The interface word `key` in `language` (see the module's doc), with its `{name}` placeholders filled."""
    count = values.get("n")
    if isinstance(count, int) and not isinstance(count, bool) and _is_count(key):
        return _say(key, language, count, values)
    return _say(key, language, None, values)


def say_count(key: str, n: int, language: str, **values: object) -> str:
    """A count: the form of `key` CLDR's plural rules give `n` in `language`, with `{n}` and the rest filled."""
    return _say(key, language, n, {"n": n, **values})


def _is_count(key: str) -> bool:
    entry = reference_words().get(key)
    return entry is not None and entry.is_plural


def main(argv: list[str] | None = None) -> int:
    from kiosk.ui.i18n_tools import main as tools_main

    return tools_main(argv)


if __name__ == "__main__":
    sys.exit(main())
