"""CLDR plural rules for every language, without Babel at run time.

gettext picks a count's form by index, through a catalogue's `Plural-Forms` expression; curators
and translators think in CLDR's categories (zero, one, two, few, many, other). The table
assets/i18n/plural-forms.json joins the two for each of the ~330 languages CLDR knows: the
`Plural-Forms` gettext tools write for it and, in index order, the CLDR category each form is.
It is made from CLDR by Babel (`python -m kiosk.ui.i18n plural-table`, which checks every
expression against CLDR's own rule); tests/ui/test_plurals.py fails when it is out of date.

A code that is not in the table (CLDR's root) has one form, `other`.
"""

from __future__ import annotations

import functools
import gettext
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.bundle.pofile import catalogue_folder

log = logging.getLogger("kiosk.bundle")

TABLE = "plural-forms.json"
CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")
# Numbers whose category a curator is asked to write: every whole number a kiosk counts in
# practice. Categories reached only beyond (Spanish, French, Italian and Portuguese `many`, for
# millions) fall back to `other`.
EVERYDAY = range(1000)


@dataclass(frozen=True)
class PluralForms:
    """One language's plural forms: the gettext header and the CLDR category of each index."""

    language: str
    header: str
    categories: tuple[str, ...]
    cldr: tuple[str, ...]

    @functools.cached_property
    def _choose(self) -> Callable[[int], int]:
        return plural_function(self.header)

    def index(self, n: int) -> int:
        return self._choose(abs(int(n)))

    def category(self, n: int) -> str:
        index = self.index(n)
        return self.categories[index] if 0 <= index < len(self.categories) else "other"

    @functools.cached_property
    def everyday(self) -> tuple[str, ...]:
        """The categories whole numbers below 1000 fall in, in CLDR order: what a count must give."""
        seen = {self.category(n) for n in EVERYDAY}
        return tuple(c for c in CLDR_ORDER if c in seen)


def plural_function(header: str) -> Callable[[int], int]:
    """The index function of a `Plural-Forms` header ("nplurals=2; plural=(n != 1);")."""
    expression = header.partition("plural=")[2].strip().rstrip(";").strip() or "0"
    return gettext.c2py(expression)  # type: ignore[attr-defined, no-any-return]


ROOT = PluralForms("", "nplurals=1; plural=0;", ("other",), ("other",))


@functools.cache
def _table() -> dict[str, PluralForms]:
    try:
        raw = json.loads((catalogue_folder() / TABLE).read_text(encoding="utf-8"))
        return {code: PluralForms(code, entry["forms"], tuple(entry["categories"]), tuple(entry["cldr"]))
                for code, entry in raw["languages"].items()}
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        log.error("the plural table %s cannot be read (%s); every language counts as CLDR's root", TABLE, error)
        return {}


def plural_forms(code: str) -> PluralForms:
    """The plural forms of a BCP 47 code: its own entry (pt-PT), else its language's (pt), else root."""
    table = _table()
    parts = code.replace("_", "-").split("-")
    language = parts[0].lower()
    for candidate in ("_".join([language, *parts[1:]]), *(f"{language}_{part}" for part in parts[1:]), language):
        if candidate in table:
            return table[candidate]
    return ROOT


def forget() -> None:
    _table.cache_clear()
