"""A bundle's own interface words (`interface:`): each mistake with its exact message, and a
warning for each language whose visitors would read the kiosk's words in another language."""

from __future__ import annotations

import pytest

from kiosk.bundle.declare import InterfaceWords
from kiosk.bundle.validate import validate
from tests.bundle.conftest import MANIFEST, BundleMaker

LANGUAGES = "languages: [en, fr]\n"


def with_words(block: str, languages: str = LANGUAGES) -> str:
    """The reference manifest with `interface:` right after `languages:` (line 6 on)."""
    assert LANGUAGES in MANIFEST
    return MANIFEST.replace(LANGUAGES, f"{languages}interface:\n{block}", 1)


def findings(path) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.format() for f in validate(path).report.sorted() if "interface" in f.format()]


def test_words_for_the_bundles_languages_are_read_and_valid(make_bundle: BundleMaker) -> None:
    block = ("  fr:\n    touch_to_begin: Touchez l'écran\n    n_of_m: \"{n} sur {m}\"\n"
             "    exhibits_count: {one: \"{n} pièce\", other: \"{n} pièces\"}\n"
             "  en: {back: Go back}\n")
    result = validate(make_bundle(with_words(block)))
    assert result.ok
    assert [f.format() for f in result.report.sorted()] == []
    assert result.manifest is not None
    assert result.manifest.interface == InterfaceWords({
        "fr": {"touch_to_begin": "Touchez l'écran", "n_of_m": "{n} sur {m}",
               "exhibits_count": {"one": "{n} pièce", "other": "{n} pièces"}},
        "en": {"back": "Go back"}})


@pytest.mark.parametrize(("block", "expected"), [
    ("  fr:\n    bakc: Retour\n",
     "exhibition.yaml:8:11: error: interface.fr.bakc: 'bakc' is not one of the kiosk's interface words "
     "(did you mean 'back'? the keys are listed in FORMAT.md, 'Interface words')"),
    ("  fr:\n    n_of_m: \"{n} sur\"\n",
     "exhibition.yaml:8:13: error: interface.fr.n_of_m: 'n_of_m': {m} is missing "
     "(its placeholders are {m}, {n}, as in '{n} of {m}')"),
    ("  fr:\n    image_n_of_m: \"Image {n} sur {total}\"\n",
     "exhibition.yaml:8:19: error: interface.fr.image_n_of_m: 'image_n_of_m': {total} is not filled by the kiosk; "
     "{m} is missing (its placeholders are {m}, {n}, as in 'Image {n} of {m}')"),
    ("  fr:\n    back: \"Retour {\"\n",
     "exhibition.yaml:8:11: error: interface.fr.back: 'back' has a stray '{' or '}' "
     "(write placeholders as {name}; the English is 'Back')"),
    ("  fr:\n    restart_in: \"Recommence dans {n} s\"\n",
     "exhibition.yaml:8:17: error: interface.fr.restart_in: 'restart_in' is a count: give its text for each "
     "plural category of 'fr' (write restart_in: {one, other} with a text each, such as other: "
     "'Recommence dans {n} s')"),
    ("  fr:\n    exhibits_count: {one: \"{n} pièce\", two: \"{n} pièces\", other: \"{n} pièces\"}\n",
     "exhibition.yaml:8:45: error: interface.fr.exhibits_count.two: 'two' is not a plural category of 'fr' "
     "(CLDR's categories for 'fr': one, many, other)"),
    ("  fr:\n    exhibits_count: {one: \"{n} pièce\"}\n",
     "exhibition.yaml:8:21: error: interface.fr.exhibits_count: 'exhibits_count' has no 'other' form for 'fr' "
     "('fr' counts with one, other (CLDR); add other)"),
    ("  fr:\n    exhibits_count: {one: \"{n} pièce\", other: \"{count} pièces\"}\n",
     "exhibition.yaml:8:47: error: interface.fr.exhibits_count.other: 'exhibits_count': {count} is not filled by "
     "the kiosk (its placeholders are {n}, as in '{n} exhibit')"),
    ("  fr:\n    home: {other: Accueil}\n",
     "exhibition.yaml:8:11: error: interface.fr.home: 'home' is not a count: it takes one text, not plural forms "
     "(write 'home: <text>' (in English: 'Home'))"),
    ("  fr: Retour\n",
     "exhibition.yaml:7:7: error: interface.fr: expected a map from interface key to text, got the text 'Retour'"),
    ("  - fr\n",
     "exhibition.yaml:7:3: error: interface: expected a map from language code to the words in it, got a list"),
    ("  fr:\n    back: [Retour]\n",
     "exhibition.yaml:8:11: error: interface.fr.back: expected a text, got a list"),
    ("  français:\n    back: Retour\n",
     "exhibition.yaml:7:3: error: interface.français: 'français' is not a language code "
     "(use a BCP 47 code such as 'en', 'fr', 'ar', 'zh-Hans' or 'pt-BR')"),
])
def test_each_mistake_in_the_words_is_named_where_it_stands(make_bundle: BundleMaker, block: str,
                                                           expected: str) -> None:
    result = validate(make_bundle(with_words(block)))
    assert not result.ok
    assert [f.format() for f in result.report.errors] == [expected]


def test_russian_counts_need_few_and_many_but_fractions_other_is_allowed(make_bundle: BundleMaker) -> None:
    block = "  ru:\n    exhibits_count: {one: \"{n} экспонат\", other: \"{n} экспоната\"}\n"
    assert findings(make_bundle(with_words(block, "languages: [en, fr, ru]\n"))) == [
        "exhibition.yaml:8:21: error: interface.ru.exhibits_count: 'exhibits_count' has no 'few' or 'many' form for "
        "'ru' ('ru' counts with one, few, many (CLDR); add few, many)"]


def test_a_language_without_any_interface_words_is_named_once(make_bundle: BundleMaker) -> None:
    manifest = MANIFEST.replace(LANGUAGES, "languages: [fr, en, kw]\n", 1)
    assert findings(make_bundle(manifest)) == [
        "exhibition.yaml:5:12: warning: languages: the kiosk has no interface words in 'kw': visitors who choose it "
        "read them in 'fr' (the bundle's first language) (add 'interface: kw: …' with the kiosk's words "
        "(FORMAT.md, 'Interface words'))"]


def test_a_language_with_some_words_lists_the_rest_and_who_stands_in(make_bundle: BundleMaker) -> None:
    from kiosk.bundle.pofile import reference_words

    everything = sorted(reference_words())
    given = "".join(f"    {key}: x\n" for key in everything if key not in ("back", "home")
                    and not reference_words()[key].is_plural and not reference_words()[key].placeholders)
    missing = sorted(k for k in everything if f"    {k}: x\n" not in given)
    result = findings(make_bundle(with_words(f"  kw:\n{given}", "languages: [fr, en, kw]\n")))
    assert result == [
        f"exhibition.yaml:8:5: warning: interface.kw: 'kw' lacks {len(missing)} of the kiosk's interface words, which "
        f"visitors read in 'fr' (the bundle's first language): {', '.join(missing)} "
        "(add them under 'interface: kw:' (FORMAT.md, 'Interface words'))"]
    assert {"back", "home", "exhibits_count", "n_of_m"} <= set(missing)


def test_the_first_language_without_words_falls_back_to_english(make_bundle: BundleMaker) -> None:
    manifest = MANIFEST.replace(LANGUAGES, "languages: [kw, en]\n", 1)
    assert findings(make_bundle(manifest)) == [
        "exhibition.yaml:5:12: warning: languages: the kiosk has no interface words in 'kw': visitors who choose it "
        "read them in English (add 'interface: kw: …' with the kiosk's words (FORMAT.md, 'Interface words'))"]


def test_traditional_chinese_is_not_served_simplified_words(make_bundle: BundleMaker) -> None:
    manifest = MANIFEST.replace(LANGUAGES, "languages: [en, zh-Hant, zh-Hans]\n", 1)
    assert findings(make_bundle(manifest)) == [
        "exhibition.yaml:5:12: warning: languages: the kiosk has no interface words in 'zh-Hant': visitors who choose "
        "it read them in English (add 'interface: zh-Hant: …' with the kiosk's words "
        "(FORMAT.md, 'Interface words'))"]


def test_words_for_a_language_the_bundle_does_not_list_are_a_warning(make_bundle: BundleMaker) -> None:
    assert findings(make_bundle(with_words("  de:\n    back: Zurück\n"))) == [
        "exhibition.yaml:8:5: warning: interface.de: interface words for 'de', which is not one of the bundle's "
        "languages (add it to 'languages', or remove these words)"]


def test_the_schema_knows_the_shape_of_interface_words() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    from kiosk.bundle.jsonschema import manifest_schema

    validator = jsonschema.Draft202012Validator(manifest_schema())
    good = yaml.safe_load(with_words("  fr:\n    back: Retour\n    exhibits_count: {one: \"{n} œuvre\", other: x}\n"))
    assert list(validator.iter_errors(good)) == []
    for bad in ("  fr:\n    exhibits_count: {some: x}\n", "  fr: [back]\n", "  français: {back: Retour}\n"):
        assert list(validator.iter_errors(yaml.safe_load(with_words(bad)))), bad
