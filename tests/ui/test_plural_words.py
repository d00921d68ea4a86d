"""The counted words: assets/i18n/plurals/<language>.json holds, for every key whose text holds a
count, one text per CLDR plural category of that language ({key: {category: text}}).

The categories and the integer rules below are CLDR's cardinal rules (CLDR 42 and later,
unicode.org/cldr "Language Plural Rules", plurals.xml), written out by hand so this test
needs neither Qt nor Babel; only whole numbers are counted on the kiosk, so only the integer
half of each rule is here. Hebrew is one/two/other since CLDR 42 (its "many" was dropped).
"""

from __future__ import annotations

import json
import string
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLAT = ROOT / "assets" / "i18n"
PLURALS = FLAT / "plurals"
COUNTED_KEYS = {"exhibits_count", "pin_locked", "pin_wrong", "restart_in", "settings_problems"}


def _arabic(n: int) -> str:
    if n == 0:
        return "zero"
    if n in (1, 2):
        return "one" if n == 1 else "two"
    if 3 <= n % 100 <= 10:
        return "few"
    return "many" if 11 <= n % 100 <= 99 else "other"


def _slavic(n: int) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return "one"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "few"
    return "many"


def _romance(one: set[int]) -> Callable[[int], str]:
    """one for the numbers in `one`; many for whole millions ("un million d'œuvres"); else other."""
    return lambda n: "one" if n in one else "many" if n != 0 and n % 1_000_000 == 0 else "other"


# language: (its categories, the category of a whole number)
CLDR: dict[str, tuple[set[str], Callable[[int], str]]] = {
    "ar": ({"zero", "one", "two", "few", "many", "other"}, _arabic),
    "de": ({"one", "other"}, lambda n: "one" if n == 1 else "other"),
    "en": ({"one", "other"}, lambda n: "one" if n == 1 else "other"),
    "es": ({"one", "many", "other"}, _romance({1})),
    "fr": ({"one", "many", "other"}, _romance({0, 1})),
    "he": ({"one", "two", "other"}, lambda n: {1: "one", 2: "two"}.get(n, "other")),
    "it": ({"one", "many", "other"}, _romance({1})),
    "ja": ({"other"}, lambda n: "other"),
    "ko": ({"other"}, lambda n: "other"),
    "pt": ({"one", "many", "other"}, _romance({0, 1})),
    "ru": ({"one", "few", "many", "other"}, _slavic),
    "zh": ({"other"}, lambda n: "other"),
}
# Forms that say the count in words and so carry no {n}; each file's "_comment" says why.
COUNT_IN_WORDS = {("ar", "one"), ("ar", "two"), ("he", "one")}


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def plurals(language: str) -> dict[str, dict[str, str]]:
    table = json.loads((PLURALS / f"{language}.json").read_text(encoding="utf-8"))
    return {key: forms for key, forms in table.items() if not key.startswith("_")}


def flat(language: str) -> dict[str, str]:
    return json.loads((FLAT / f"{language}.json").read_text(encoding="utf-8"))


def say_count(language: str, key: str, n: int) -> str:
    return plurals(language)[key][CLDR[language][1](n)].format(n=n)


def test_every_language_has_its_plural_words() -> None:
    assert sorted(p.stem for p in PLURALS.glob("*.json")) == sorted(CLDR)


@pytest.mark.parametrize("language", sorted(CLDR))
def test_every_counted_key_has_exactly_the_cldr_categories(language: str) -> None:
    table = plurals(language)
    assert set(table) == COUNTED_KEYS
    categories, _ = CLDR[language]
    for key, forms in table.items():
        assert set(forms) == categories, f"plurals/{language}.json {key}: {sorted(forms)}, CLDR: {sorted(categories)}"
        for category, text in forms.items():
            assert isinstance(text, str), f"plurals/{language}.json {key}.{category}"
            assert text.strip(), f"plurals/{language}.json {key}.{category} is empty"


@pytest.mark.parametrize("language", sorted(CLDR))
def test_every_form_keeps_the_english_placeholders(language: str) -> None:
    english = flat("en")
    documented = json.loads((PLURALS / f"{language}.json").read_text(encoding="utf-8")).get("_comment", "")
    for key, forms in plurals(language).items():
        wanted = placeholders(english[key])
        for category, text in forms.items():
            if (language, category) in COUNT_IN_WORDS:
                assert placeholders(text) <= wanted, f"{language} {key}.{category}: {text!r}"
                assert category in documented, f"plurals/{language}.json: say in _comment why {category} has no {{n}}"
                assert "{n}" in documented, f"plurals/{language}.json: say in _comment why {category} has no {{n}}"
            else:
                assert placeholders(text) == wanted, f"{language} {key}.{category}: {text!r}"
            text.format(n=7)  # no stray braces


@pytest.mark.parametrize("language", sorted(CLDR))
def test_every_plural_language_has_a_whole_flat_catalogue(language: str) -> None:
    english, words = flat("en"), flat(language)
    assert set(words) == set(english)
    for key, text in words.items():
        assert placeholders(text) == placeholders(english[key]), f"{language}.json {key}: {text!r}"


@pytest.mark.parametrize("language", sorted(set(CLDR) - {"en"}))
def test_the_flat_text_of_a_counted_key_is_its_other_form(language: str) -> None:
    """Until every caller counts through the plural words, the flat text is the 'other' form.
    (English keeps its reference texts, which other tests quote, e.g. "Tries left: 3".)"""
    words = flat(language)
    for key, forms in plurals(language).items():
        assert words[key] == forms["other"], f"{language}.json {key}"


@pytest.mark.parametrize(("language", "counts"), [
    ("ru", {1: "1 экспонат", 2: "2 экспоната", 5: "5 экспонатов", 21: "21 экспонат", 0: "0 экспонатов",
            12: "12 экспонатов", 22: "22 экспоната"}),
    ("ar", {0: "0 معروض", 1: "معروض واحد", 2: "معروضان", 5: "5 معروضات", 21: "21 معروضًا", 100: "100 معروض"}),
    ("he", {1: "מוצג אחד", 2: "2 מוצגים", 5: "5 מוצגים", 21: "21 מוצגים", 0: "0 מוצגים"}),
    ("fr", {0: "0 œuvre", 1: "1 œuvre", 2: "2 œuvres", 21: "21 œuvres", 1_000_000: "1000000 d'œuvres"}),
    ("pt", {0: "0 obra", 1: "1 obra", 5: "5 obras", 1_000_000: "1000000 de obras"}),
    ("es", {0: "0 obras", 1: "1 obra", 21: "21 obras"}),
    ("it", {0: "0 opere", 1: "1 opera", 2: "2 opere", 21: "21 opere"}),
    ("de", {0: "0 Exponate", 1: "1 Exponat", 5: "5 Exponate", 21: "21 Exponate"}),
    ("en", {0: "0 exhibits", 1: "1 exhibit", 2: "2 exhibits", 21: "21 exhibits"}),
    ("ja", {1: "1点の展示", 21: "21点の展示"}),
    ("ko", {1: "전시물 1점", 21: "전시물 21점"}),
    ("zh", {1: "1 件展品", 21: "21 件展品"}),
])
def test_exhibits_are_counted_as_a_native_reader_expects(language: str, counts: dict[int, str]) -> None:
    assert {n: say_count(language, "exhibits_count", n) for n in counts} == counts


def test_seconds_and_tries_agree_with_their_number_in_russian_and_arabic() -> None:
    assert say_count("ru", "restart_in", 21) == "Выставка начнётся заново через 21 секунду."
    assert say_count("ru", "restart_in", 3) == "Выставка начнётся заново через 3 секунды."
    assert say_count("ru", "restart_in", 11) == "Выставка начнётся заново через 11 секунд."
    assert say_count("ru", "pin_wrong", 1) == "Неверный PIN. Осталась 1 попытка."
    assert say_count("ar", "pin_wrong", 2) == "رمز خاطئ. لديك محاولتان متبقيتان."
    assert say_count("ar", "restart_in", 7) == "يبدأ المعرض من جديد بعد 7 ثوانٍ."
    assert say_count("he", "pin_wrong", 1) == "קוד שגוי. נותר ניסיון אחד."
    assert say_count("en", "settings_problems", 1) == "kiosk.yaml has 1 problem; the log names it."
