"""Making the interface catalogues: `python -m kiosk.ui.i18n compile | extract | import-json | plural-table`.

These need Babel (the `dev` and `test` extras), the kiosk at run time does not: it reads the
committed .mo files with Python's own `gettext`, and the plural table as JSON.

- `compile` turns every assets/i18n/<language>.po into its .mo (commit both; a test checks the
  .mo holds exactly its .po's words).
- `extract` finds every key the code passes to `say`/`say_count`, compares it with en.po and
  writes assets/i18n/messages.pot, the template translators' tools (Poedit, Weblate, Lokalize,
  `msginit`, `msgmerge`) start a new language from or update one with.
- `import-json` turns flat {key: text} catalogues (assets/i18n/<language>.json) and plural files
  (assets/i18n/plurals/<language>.json, {key: {CLDR category: text}}) into .po files.
- `plural-table` rewrites assets/i18n/plural-forms.json from CLDR (see kiosk/bundle/plurals.py).
"""

from __future__ import annotations

import ast
import datetime
import io
import json
import logging
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kiosk.bundle.model import EXHIBIT_TYPES
from kiosk.bundle.plurals import CLDR_ORDER, TABLE, plural_forms, plural_function
from kiosk.bundle.pofile import PoCatalogue, parse_po, placeholders

log = logging.getLogger("kiosk.ui")

PROJECT = "Exhibit Kiosk"
DOMAIN = "kiosk"
TEMPLATE = "messages.pot"
# Keys a JSON catalogue may still hold that the plural entries replaced.
RETIRED = frozenset({"one_exhibit"})
# Numbers over which a gettext expression is matched with CLDR's rule: every ending up to 200,
# and the large round numbers some languages treat apart (`many` for millions in es, fr, it, pt).
SAMPLES = (*range(201), 1000, 10_000, 100_000, 1_000_000, 2_000_000, 10_000_000)
CALLS = {"say", "say_count", "tr", "_add_row"}


class CatalogueError(ValueError):
    """The catalogues cannot be made; the message lists every problem."""


# -- the plural table -----------------------------------------------------------------------


def _categories(rule: Any, header: str) -> tuple[str, ...] | None:
    """The CLDR category of each gettext index of `header`, or None if the two disagree."""
    choose = plural_function(header)
    count = int(header.partition("nplurals=")[2].partition(";")[0])
    found: dict[int, set[str]] = {}
    for n in SAMPLES:
        found.setdefault(choose(n), set()).add(rule(n))
    whole = {category for categories in found.values() for category in categories}
    if any(len(categories) != 1 for categories in found.values()) or not set(found) <= set(range(count)):
        return None
    by_index = {index: next(iter(categories)) for index, categories in found.items()}
    if len(set(by_index.values())) != len(by_index):
        return None
    spare = [c for c in CLDR_ORDER if c in (set(rule.tags) | {"other"}) - whole]
    missing = [i for i in range(count) if i not in by_index]
    if len(missing) > len(spare):
        return None
    by_index.update(zip(missing, spare, strict=False))
    return tuple(by_index[i] for i in range(count))


def plural_entry(locale: Any) -> dict[str, Any] | None:
    """A language's row of the table: gettext's expression for it if CLDR agrees, else CLDR's own."""
    from babel.messages.plurals import get_plural
    from babel.plural import to_gettext

    rule = locale.plural_form
    cldr = [c for c in CLDR_ORDER if c in set(rule.tags) | {"other"}]
    # CLDR's own expression may use the compact exponent `e`, which gettext has not; for whole
    # numbers written plainly it is 0.
    for header in (str(get_plural(locale)), re.sub(r"\be\b", "0", to_gettext(rule))):
        categories = _categories(rule, header)
        if categories is not None:
            return {"forms": header, "categories": list(categories), "cldr": cldr}
    return None


def plural_table() -> dict[str, Any]:
    """Every language CLDR knows (and every regional variant whose rule differs from its language's)."""
    import babel
    from babel import Locale, localedata

    rows: dict[str, dict[str, Any]] = {}
    skipped = []
    for ident in sorted(localedata.locale_identifiers(), key=lambda i: (i.count("_"), i)):
        locale = Locale.parse(ident)
        row = plural_entry(locale)
        base = ident.split("_")[0]
        if row is None:
            skipped.append(ident)
        elif "_" not in ident or (base in rows and rows[base] != row):
            rows[ident] = row
    if skipped:
        log.warning("no gettext plural forms agree with CLDR for %s", ", ".join(skipped))
    return {"about": "CLDR plural categories of each gettext plural form; python -m kiosk.ui.i18n plural-table",
            "babel": babel.__version__, "languages": dict(sorted(rows.items()))}


def write_plural_table(folder: Path) -> int:
    table = plural_table()
    (folder / TABLE).write_text(json.dumps(table, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(table["languages"])


# -- where the code uses each key -------------------------------------------------------------


def used_keys(root: Path) -> dict[str, list[str]]:
    """Every literal key the interface code passes to say/say_count/tr/_add_row: key → files."""
    used: dict[str, list[str]] = {}
    for path in sorted((root / "kiosk" / "ui").rglob("*.py")):
        where = path.relative_to(root).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name not in CALLS:
                continue
            for option in _literals(node.args[0]):
                files = used.setdefault(option, [])
                if where not in files:
                    files.append(where)
    return used


def _literals(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return []


_ROLES = (
    ("kiosk/ui/admin/", "Admin panel, read by museum staff."),
    ("kiosk/ui/a11y/", "Accessibility menu, for visitors."),
    ("kiosk/ui/screens/attract.py", "Attract screen button; every language's is shown at once."),
    ("kiosk/ui/screens/still_there.py", "'Still there?' overlay before the kiosk starts over."),
    ("kiosk/ui/preview.py", "`kiosk preview` labels, read by curators."),
    ("kiosk/ui/closed.py", "Closed screen, outside opening hours."),
    ("kiosk/ui/exhibits/", "Exhibit screen: a control or label of an exhibit."),
    ("kiosk/ui/", "Visitor screens: a button, heading or label."),
)


def role(key: str, files: Iterable[str]) -> list[str]:
    """Comments for translators: where the word appears, and what its placeholders are."""
    files = list(files)
    notes = []
    if key.endswith("_desc"):
        notes.append("Spoken by screen readers as a control's description; not shown on screen.")
    elif key.startswith("opens_"):
        notes.append("Closed screen, outside opening hours.")
    elif key in EXHIBIT_TYPES:
        notes.append("Badge on an exhibit's tile naming its type.")
    for f in files:
        text = next(text for prefix, text in _ROLES if f.startswith(prefix) or prefix == "kiosk/ui/")
        if text not in notes:
            notes.append(text)
    return notes


def forms_note(language: str) -> str:
    """Which CLDR category, with example numbers, each msgstr[i] of a count is in `language`."""
    forms = plural_forms(language)
    examples: dict[int, list[str]] = {}
    for n in SAMPLES:
        found = examples.setdefault(forms.index(n), [])
        if len(found) < 3:
            found.append(str(n))
    return "; ".join(f"msgstr[{i}] {category} ({', '.join(examples.get(i, ['fractions']))}…)"
                     for i, category in enumerate(forms.categories))


# -- .po and .mo --------------------------------------------------------------------------------


def _catalog(language: str | None, *, template: bool = False) -> Any:
    from babel.messages.catalog import Catalog

    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    catalog = Catalog(locale=None if template else language.replace("-", "_") if language else None,
                      domain=DOMAIN, project=PROJECT, version="1", fuzzy=False,
                      creation_date=now, revision_date=now, msgid_bugs_address="", last_translator="",
                      language_team=f"{language}" if language else "",
                      header_comment=f"# {PROJECT}: the interface's words"
                                     f"{'' if template else f' in {language}'}.\n#")
    if language and not template:
        catalog.mime_headers = [("Plural-Forms", plural_forms(language).header)]
    return catalog


def _write_po(catalog: Any, path: Path) -> None:
    from babel.messages.pofile import write_po

    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=True, include_lineno=False)
    path.write_bytes(buffer.getvalue())


def _add(catalog: Any, key: str, english: str | tuple[str, str], text: str | tuple[str, ...],
         files: list[str]) -> None:
    names = placeholders(english if isinstance(english, str) else " ".join(english))
    notes = role(key, files)
    if not isinstance(english, str) and catalog.locale is not None:
        notes.append(forms_note(str(catalog.locale)))
    catalog.add(english, text, context=key, locations=[(f, None) for f in files],
                flags=("python-brace-format",) if names else (),
                auto_comments=notes)


def import_json(folder: Path, root: Path) -> list[str]:
    """Write <language>.po for every <language>.json in `folder`; the languages written.

    Every problem (a missing plural category, placeholders unlike English's) is reported at
    once, and nothing is written if there is one.
    """
    english = _read_json(folder / "en.json")
    english_plurals = _current_counts(folder, "en") | _read_json(folder / "plurals" / "en.json")
    used = used_keys(root)
    problems: list[str] = []
    catalogs = {}
    for path in sorted(folder.glob("*.json")):
        if path.name == TABLE:
            continue
        language = path.stem
        words = _read_json(path)
        counts = _current_counts(folder, language) | _read_json(folder / "plurals" / path.name)
        forms = plural_forms(language)
        catalog = _catalog(language)
        for key in sorted(set(english) | set(english_plurals)):
            if key in RETIRED:
                continue
            files = used.get(key, [])
            if key in english_plurals:
                msgid = (english_plurals[key]["one"], english_plurals[key]["other"])
                given = counts.get(key) or {}
                strings = []
                for category in forms.categories:
                    text = given.get(category) or (given.get("other") if category not in forms.everyday else None)
                    if not text:
                        problems.append(f"plurals/{language}.json {key}: no '{category}' form "
                                        f"(needs {', '.join(forms.everyday)})")
                        text = ""
                    strings.append(text)
                _check(problems, language, key, " ".join(msgid), strings)
                _add(catalog, key, msgid, tuple(strings), files)
            elif key in words:
                _check(problems, language, key, english[key], [words[key]])
                _add(catalog, key, english[key], words[key], files)
        catalogs[language] = catalog
    if problems:
        raise CatalogueError("\n".join(problems))
    for language, catalog in catalogs.items():
        _write_po(catalog, folder / f"{language}.po")
    return sorted(catalogs)


def _current_counts(folder: Path, language: str) -> dict[str, dict[str, str]]:
    """The counts of the <language>.po already in `folder`, as {key: {category: text}}.

    A plural file may leave a count out; it then keeps the forms it has (English: its msgids)."""
    path = folder / f"{language}.po"
    if not path.is_file():
        return {}
    categories = plural_forms(language).categories
    counts: dict[str, dict[str, str]] = {}
    for key, entry in parse_po(path.read_text(encoding="utf-8")).entries.items():
        if entry.msgid_plural is None:
            continue
        counts[key] = {c: text for c, text in zip(categories, entry.strings, strict=False) if text}
        if language == "en":
            counts[key] = {"one": entry.msgid, "other": entry.msgid_plural}
    return counts


def _check(problems: list[str], language: str, key: str, english: str, texts: list[str]) -> None:
    allowed = placeholders(english)
    for text in texts:
        if text and not placeholders(text) <= allowed:
            problems.append(f"{language} {key}: {text!r} has placeholders English lacks ({sorted(allowed)})")


def _read_json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    table = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(table, dict):
        raise CatalogueError(f"{path.name}: not a JSON object")
    return table


def compile_all(folder: Path) -> list[str]:
    """Write <language>.mo beside every <language>.po in `folder`; the languages compiled."""
    done = []
    for path in sorted(folder.glob("*.po")):
        path.with_suffix(".mo").write_bytes(compiled(path))
        done.append(path.stem)
    return done


def compiled(path: Path) -> bytes:
    """The .mo of a .po file, as Babel compiles it (fuzzy entries left out, like msgfmt)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle, locale=path.stem.replace("-", "_"), abort_invalid=True)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def extract(folder: Path, root: Path) -> tuple[list[str], list[str]]:
    """Write messages.pot from en.po and the code; (keys in code but not en.po, keys in no code)."""
    english: PoCatalogue = parse_po((folder / "en.po").read_text(encoding="utf-8"))
    used = used_keys(root)
    template = _catalog(None, template=True)
    for key, entry in sorted(english.entries.items()):
        msgid = entry.msgid if entry.msgid_plural is None else (entry.msgid, entry.msgid_plural)
        blank: str | tuple[str, ...] = "" if entry.msgid_plural is None else ("", "")
        _add(template, key, msgid, blank, used.get(key, []))
    _write_po(template, folder / TEMPLATE)
    missing = sorted(set(used) - set(english.entries))
    unused = sorted(set(english.entries) - set(used))
    return missing, unused


def main(argv: list[str] | None = None) -> int:
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m kiosk.ui.i18n",
                                     description="Make the interface catalogues in assets/i18n (needs Babel).")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("compile", help="compile every <language>.po into its .mo")
    commands.add_parser("extract", help="compare the keys the code uses with en.po; write messages.pot")
    importing = commands.add_parser("import-json", help="turn <language>.json (+ plurals/<language>.json) into .po")
    importing.add_argument("--compile", action="store_true", help="compile the .po files afterwards")
    commands.add_parser("plural-table", help="rewrite plural-forms.json from CLDR")
    for command in commands.choices.values():
        command.add_argument("--folder", type=Path, help="catalogues folder (default: assets/i18n)")
    args = parser.parse_args(argv)
    try:
        import babel  # noqa: F401
    except ImportError:
        print("this needs Babel: pip install -e '.[dev]'", file=sys.stderr)
        return 2
    from kiosk.bundle import plurals, pofile

    folder: Path = args.folder or pofile.catalogue_folder()
    root = Path(__file__).resolve().parents[2]
    if args.command == "plural-table":
        print(f"{write_plural_table(folder)} languages written to {TABLE}")
        plurals.forget()
    elif args.command == "compile":
        print(f"compiled: {', '.join(compile_all(folder)) or '-'}")
    elif args.command == "extract":
        missing, unused = extract(folder, root)
        print(f"{TEMPLATE} written; keys the code uses that en.po lacks: {', '.join(missing) or '-'}")
        print(f"keys of en.po no literal call uses (dynamic keys, or unused): {', '.join(unused) or '-'}")
        return 1 if missing else 0
    else:
        try:
            written = import_json(folder, root)
        except CatalogueError as error:
            print(f"nothing written:\n{error}", file=sys.stderr)
            return 1
        print(f"written: {', '.join(f'{language}.po' for language in written) or '-'}")
        if args.compile:
            print(f"compiled: {', '.join(compile_all(folder))}")
    return 0
