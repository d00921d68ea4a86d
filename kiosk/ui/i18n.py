"""The interface's own words, one catalogue per language: assets/i18n/<language>.json.

The content's words come from the bundle; these are the kiosk's: buttons, "Touch to begin",
"Still there?", accessible names, `kiosk preview` labels. Each catalogue is a flat JSON object
{key: text}; texts may hold `{name}` placeholders, filled by `say(key, language, name=...)`.
English (en.json) is the reference: every catalogue has exactly its keys and placeholders
(tests/ui/test_i18n.py checks this and that every key the code uses exists).

Catalogues are read once each, when first needed. A regional code uses its language's
catalogue (fr-CA → fr, zh-Hans and zh-TW → zh); a language without a catalogue, or a key
missing from one, falls back to English. Nothing here raises at a visitor: a broken
catalogue is logged and English shows instead.

Words written elsewhere as {key: {language: text}} dicts (the admin panel's, the accessibility
menu's) are folded in once with

    .venv/bin/python -m kiosk.ui.i18n merge kiosk.ui.some_module:WORDS [--replace] [--folder DIR]

which checks that every key has all six languages and the same placeholders, refuses a key
that already means something else (unless --replace), and rewrites the catalogues. Afterwards
the dict's callers use `say` from here and the dict goes.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import json
import logging
import string
import sys
from collections.abc import Mapping
from pathlib import Path

from kiosk import paths
from kiosk.ui.languages import RTL_LANGUAGES, is_rtl, native_name

__all__ = ["FALLBACK", "LANGUAGES", "RTL_LANGUAGES", "base_language", "catalogue", "interface_language", "is_rtl",
           "merge", "native_name", "placeholders", "say"]

log = logging.getLogger("kiosk.ui")

LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")
FALLBACK = "en"


def catalogue_folder() -> Path:
    return paths.assets_dir() / "i18n"


def base_language(code: str) -> str:
    """The language of a code, lower case: fr-CA → fr, zh_Hans → zh, EN → en."""
    return code.replace("_", "-").split("-", maxsplit=1)[0].strip().lower()


@functools.cache
def catalogue(language: str) -> Mapping[str, str]:
    """The catalogue of `language` (a base code), read once; empty if it is missing or broken."""
    path = catalogue_folder() / f"{language}.json"
    if not path.is_file():
        return {}
    try:
        table = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        log.error("the interface words %s cannot be read (%s); using English", path.name, error)
        return {}
    if not isinstance(table, dict):
        log.error("the interface words %s are not a JSON object; using English", path.name)
        return {}
    return {str(k): v for k, v in table.items() if isinstance(v, str) and v}


def interface_language(code: str) -> str:
    """The catalogue that serves `code`: its base language's if the kiosk has one, else English."""
    base = base_language(code)
    return base if catalogue(base) else FALLBACK


def say(key: str, language: str, **values: object) -> str:
    """The interface word `key` in `language` (else English), with its `{name}` placeholders filled."""
    text = catalogue(base_language(language)).get(key)
    english = catalogue(FALLBACK).get(key)
    if text is None:
        text = english
    if text is None:
        log.error("the interface word %r is in no catalogue", key)
        return key
    if not values:
        return text
    for candidate in dict.fromkeys((text, english)):
        if candidate is None:
            continue
        try:
            return candidate.format(**values)
        except (KeyError, IndexError, ValueError):
            log.error("the interface word %r has broken placeholders: %r", key, candidate)
    return key


def placeholders(text: str) -> set[str]:
    """The names of `{name}` fields in a text."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


# -- folding other dicts in ---------------------------------------------------------------


class MergeError(ValueError):
    """The words cannot be merged; the message lists every problem."""


def merge(table: Mapping[str, Mapping[str, str]], folder: Path | None = None, *,
          replace: bool = False) -> list[str]:
    """Fold {key: {language: text}} into the catalogues in `folder`; the keys added or changed.

    Every problem is reported at once and nothing is written if there is one.
    """
    folder = folder or catalogue_folder()
    current = {lang: json.loads((folder / f"{lang}.json").read_text(encoding="utf-8")) for lang in LANGUAGES}
    problems: list[str] = []
    changed: list[str] = []
    for key, forms in table.items():
        missing = [lang for lang in LANGUAGES if not str(forms.get(lang) or "").strip()]
        if missing:
            problems.append(f"{key}: no text for {', '.join(missing)}")
            continue
        wanted = placeholders(forms[FALLBACK])
        for lang in LANGUAGES:
            if placeholders(forms[lang]) != wanted:
                problems.append(f"{key}: the {lang} text's placeholders differ from English's {sorted(wanted)}")
        existing = current[FALLBACK].get(key)
        if existing is not None and existing != forms[FALLBACK] and not replace:
            problems.append(f"{key}: already means {existing!r}; rename the key or pass --replace")
        if all(current[lang].get(key) == forms[lang] for lang in LANGUAGES):
            continue
        changed.append(key)
    if problems:
        raise MergeError("\n".join(problems))
    for key in changed:
        for lang in LANGUAGES:
            current[lang][key] = table[key][lang]
    for lang in LANGUAGES:
        text = json.dumps(current[lang], ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        (folder / f"{lang}.json").write_text(text, encoding="utf-8")
    catalogue.cache_clear()
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.ui.i18n",
                                     description="Fold a {key: {language: text}} dict into assets/i18n.")
    commands = parser.add_subparsers(dest="command", required=True)
    merging = commands.add_parser("merge", help="merge MODULE:NAME into the catalogues")
    merging.add_argument("source", help="e.g. kiosk.ui.some_module:WORDS")
    merging.add_argument("--replace", action="store_true", help="let the dict's texts win over existing ones")
    merging.add_argument("--folder", type=Path, help="catalogues to change (default: assets/i18n); try a copy first")
    args = parser.parse_args(argv)
    module_name, _, name = args.source.partition(":")
    table = getattr(importlib.import_module(module_name), name or "STRINGS")
    try:
        changed = merge(table, args.folder, replace=args.replace)
    except MergeError as error:
        print(f"nothing merged:\n{error}", file=sys.stderr)
        return 1
    print(f"{len(changed)} key(s) added or changed: {', '.join(changed) or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
