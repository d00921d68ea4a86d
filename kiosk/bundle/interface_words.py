"""Checking a bundle's own interface words (`interface:`) against the kiosk's.

The kiosk's English catalogue (assets/i18n/en.po) says which keys exist, which placeholders
each must keep and which are counts; CLDR (kiosk/bundle/plurals.py) says which plural
categories a language has. A word that cannot work is an error; a language whose visitors will
read some or all of the kiosk's words in another language is a warning that names the words and
the language they fall back to.

Which language stands in, word by word, for a language the kiosk has no catalogue for: the
bundle's own words in it, then the bundle's first language (its words, then the kiosk's), then
English (kiosk/ui/i18n.py does the same at run time).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from kiosk.bundle.findings import Report
from kiosk.bundle.loader import MANIFEST, LoadedManifest
from kiosk.bundle.model import Manifest
from kiosk.bundle.plurals import plural_forms
from kiosk.bundle.pofile import REFERENCE, PoEntry, kiosk_catalogue, placeholders, reference_words

SECTION = "FORMAT.md, 'Interface words'"


def bundle_words(manifest: Manifest, language: str) -> Mapping[str, str | Mapping[str, str]]:
    """The bundle's own words in `language` (its code as written, in any case)."""
    words = manifest.interface.values if manifest.interface is not None else {}
    return next((table for code, table in words.items() if code.lower() == language.lower()), {})


def stand_in(manifest: Manifest, language: str) -> str:
    """Whose words a visitor reads where `language` has none: the bundle's first language, else English."""
    first = manifest.languages[0]
    if first.lower() != language.lower() and (kiosk_catalogue(first) or bundle_words(manifest, first)):
        return first
    return REFERENCE


def _stand_in_phrase(manifest: Manifest, language: str, keys: list[str]) -> str:
    """Where the words `keys` come from for a visitor of `language`: the first language, English, or both."""
    code = stand_in(manifest, language)
    if code == REFERENCE:
        return "English"
    if kiosk_catalogue(code) is not None:
        return f"'{code}' (the bundle's first language)"
    has = bundle_words(manifest, code)
    found = sum(1 for key in keys if key in has)
    if found == len(keys):
        return f"'{code}' (the bundle's first language)"
    if not found:
        return "English (the bundle's first language has none of them either)"
    return f"'{code}' (the bundle's first language) for {found} of them and English for the rest"


class InterfaceWordsChecker:
    def __init__(self, loaded: LoadedManifest, report: Report) -> None:
        self.loaded = loaded
        self.report = report
        self.reference = reference_words()

    def _at(self, key: str) -> dict[str, object]:
        line, column = self.loaded.locations.get(key, (None, None))
        return {"file": MANIFEST, "line": line, "column": column, "key": key}

    def run(self, manifest: Manifest) -> None:
        if not self.reference:  # an installation without its catalogues: nothing to check against
            return
        words = manifest.interface.values if manifest.interface is not None else {}
        listed = {code.lower() for code in manifest.languages}
        for language, table in words.items():
            if language.lower() not in listed:
                self.report.warning(f"interface words for '{language}', which is not one of the bundle's languages",
                                    hint="add it to 'languages', or remove these words",
                                    **self._at(f"interface.{language}"))
            for key, value in table.items():
                self._check_word(language, key, value)
        for language in manifest.languages:
            self._check_coverage(manifest, language)

    # -- one word ---------------------------------------------------------------------------

    def _check_word(self, language: str, key: str, value: str | Mapping[str, str]) -> None:
        at = f"interface.{language}.{key}"
        entry = self.reference.get(key)
        if entry is None:
            close = difflib.get_close_matches(key, list(self.reference), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'? " if close else ""
            self.report.error(f"'{key}' is not one of the kiosk's interface words",
                              hint=f"{hint}the keys are listed in {SECTION}", **self._at(at))
            return
        if entry.is_plural:
            self._check_count(language, key, entry, value, at)
        elif not isinstance(value, str):
            self.report.error(f"'{key}' is not a count: it takes one text, not plural forms",
                              hint=f"write '{key}: <text>' (in English: '{entry.msgid}')", **self._at(at))
        else:
            self._check_placeholders(key, entry, value, at, exact=True)

    def _check_count(self, language: str, key: str, entry: PoEntry, value: str | Mapping[str, str], at: str) -> None:
        forms = plural_forms(language)
        needed = ", ".join(forms.everyday)
        if isinstance(value, str):
            self.report.error(f"'{key}' is a count: give its text for each plural category of '{language}'",
                              hint=f"write {key}: {{{needed}}} with a text each, such as other: '{value}'",
                              **self._at(at))
            return
        for category in value:
            if category not in forms.cldr:
                self.report.error(f"'{category}' is not a plural category of '{language}'",
                                  hint=f"CLDR's categories for '{language}': {', '.join(forms.cldr)}",
                                  **self._at(f"{at}.{category}"))
        missing = [category for category in forms.everyday if category not in value]
        if missing:
            self.report.error(f"'{key}' has no {' or '.join(repr(c) for c in missing)} form for '{language}'",
                              hint=f"'{language}' counts with {needed} (CLDR); add {', '.join(missing)}",
                              **self._at(at))
        for category, text in value.items():
            self._check_placeholders(key, entry, text, f"{at}.{category}", exact=False)

    def _check_placeholders(self, key: str, entry: PoEntry, text: str, at: str, *, exact: bool) -> None:
        wanted = entry.placeholders
        try:
            text.format(**dict.fromkeys(placeholders(text), 0))
        except (ValueError, IndexError, KeyError):
            self.report.error(f"'{key}' has a stray '{{' or '}}'", hint="write placeholders as {name}; "
                              f"the English is '{entry.msgid}'", **self._at(at))
            return
        found = placeholders(text)
        unknown, lacking = sorted(found - wanted), sorted(wanted - found) if exact else []
        if unknown or lacking:
            names = ", ".join(f"{{{name}}}" for name in sorted(wanted)) or "none"
            what = "; ".join(part for part in (
                f"{', '.join(f'{{{n}}}' for n in unknown)} is not filled by the kiosk" if unknown else "",
                f"{', '.join(f'{{{n}}}' for n in lacking)} is missing" if lacking else "") if part)
            self.report.error(f"'{key}': {what}", hint=f"its placeholders are {names}, as in '{entry.msgid}'",
                              **self._at(at))

    # -- each language as a whole -----------------------------------------------------------

    def _check_coverage(self, manifest: Manifest, language: str) -> None:
        if kiosk_catalogue(language) is not None:
            return  # the kiosk speaks it; the bundle's words only replace some
        given = bundle_words(manifest, language)
        missing = sorted(key for key in self.reference if key not in given)
        stand = _stand_in_phrase(manifest, language, missing)
        at = self._at(f"interface.{language}" if given else "languages")
        if not given:
            self.report.warning(f"the kiosk has no interface words in '{language}': visitors who choose it read "
                                f"them in {stand}",
                                hint=f"add 'interface: {language}: …' with the kiosk's words ({SECTION})", **at)
        elif missing:
            self.report.warning(f"'{language}' lacks {len(missing)} of the kiosk's interface words, which visitors "
                                f"read in {stand}: {', '.join(missing)}",
                                hint=f"add them under 'interface: {language}:' ({SECTION})", **at)


def check_interface_words(loaded: LoadedManifest, report: Report) -> None:
    if loaded.manifest is not None:
        InterfaceWordsChecker(loaded, report).run(loaded.manifest)
