"""Counts: every catalogue's plural forms against CLDR's rules (computed here by Babel), the
plural table the Qt-free core reads, and turning JSON catalogues into .po files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from babel import Locale

from kiosk.bundle import plurals, pofile
from kiosk.bundle.plurals import plural_forms
from kiosk.ui import i18n_tools
from kiosk.ui.i18n import LANGUAGES, say_count

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "assets" / "i18n"
COUNTS = ("exhibits_count", "pin_locked", "pin_wrong", "restart_in", "settings_problems")
NUMBERS = (1, 2, 5, 21, 0, 11, 100, 102)


def cldr_category(language: str, n: int) -> str:
    return Locale.parse(language.replace("-", "_")).plural_form(n)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_count_takes_the_form_cldr_gives_the_number(language: str) -> None:
    entries = pofile.read_po(FOLDER / f"{language}.po").entries
    forms = plural_forms(language)
    for key in COUNTS:
        for n in NUMBERS:
            category = cldr_category(language, n)
            expected = entries[key].strings[forms.categories.index(category)].format(n=n)
            assert say_count(key, n, language) == expected, f"{language} {key} {n}: CLDR says {category}"


def test_russian_and_arabic_counts_read_as_sentences() -> None:
    assert [say_count("exhibits_count", n, "ru") for n in (1, 2, 5, 21, 0)] == [
        "1 экспонат", "2 экспоната", "5 экспонатов", "21 экспонат", "0 экспонатов"]
    assert [say_count("exhibits_count", n, "ar") for n in (0, 1, 2, 5, 11, 100)] == [
        "0 معروض", "معروض واحد", "معروضان", "5 معروضات", "11 معروضًا", "100 معروض"]
    assert [say_count("exhibits_count", n, "en") for n in (1, 2, 0)] == ["1 exhibit", "2 exhibits", "0 exhibits"]
    assert [say_count("exhibits_count", n, "fr") for n in (0, 1, 2)] == ["0 œuvre", "1 œuvre", "2 œuvres"]


@pytest.mark.parametrize(("language", "categories"), [
    ("ar", ("zero", "one", "two", "few", "many", "other")),
    ("ru", ("one", "few", "many")),  # CLDR's `other` is for fractions, which a kiosk never counts
    ("he", ("one", "two", "other")),  # CLDR 42 dropped Hebrew's `many`
    ("fr", ("one", "many", "other")),  # `many`: millions ("1 000 000 d'œuvres")
    ("pl", ("one", "few", "many")),
    ("ja", ("other",)), ("ko", ("other",)), ("zh", ("other",)),
    ("de", ("one", "other")), ("pt-PT", ("one", "many", "other")),
])
def test_the_plural_table_gives_each_language_its_gettext_forms(language: str, categories: tuple[str, ...]) -> None:
    forms = plural_forms(language)
    assert forms.categories == categories
    assert forms.header.startswith(f"nplurals={len(categories)};")
    for n in range(300):
        assert forms.category(n) == cldr_category(language, n), f"{language} {n}"


def test_portuguese_zero_is_singular_in_brazil_and_plural_in_portugal() -> None:
    assert plural_forms("pt-BR").category(0) == "one"
    assert plural_forms("pt-PT").category(0) == "other"


def test_an_unknown_language_has_cldr_roots_single_form() -> None:
    assert plural_forms("x-klingon") is plurals.ROOT
    assert plural_forms("tlh").categories == ("other",)


def test_the_plural_table_is_cldrs_as_babel_knows_it() -> None:
    committed = json.loads((FOLDER / plurals.TABLE).read_text(encoding="utf-8"))["languages"]
    assert committed == i18n_tools.plural_table()["languages"], \
        "CLDR changed (a new Babel): run python -m kiosk.ui.i18n plural-table, then check the .po headers"


# -- JSON catalogues into .po ----------------------------------------------------------------


def _write(folder: Path, name: str, table: dict[str, object]) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def json_folder(tmp_path: Path) -> Path:
    _write(tmp_path, "en.json", {"back": "Back", "one_exhibit": "1 exhibit", "exhibits_count": "{n} exhibits"})
    _write(tmp_path, "plurals/en.json", {"exhibits_count": {"one": "{n} exhibit", "other": "{n} exhibits"}})
    _write(tmp_path, "ru.json", {"back": "Назад"})
    _write(tmp_path, "plurals/ru.json", {"exhibits_count": {
        "one": "{n} экспонат", "few": "{n} экспоната", "many": "{n} экспонатов", "other": "{n} экспоната"}})
    _write(tmp_path, "fr.json", {"back": "Retour"})
    _write(tmp_path, "plurals/fr.json", {"exhibits_count": {"one": "{n} œuvre", "other": "{n} œuvres"}})
    return tmp_path


def test_json_catalogues_become_po_files_in_each_languages_plural_order(json_folder: Path) -> None:
    assert i18n_tools.import_json(json_folder, ROOT) == ["en", "fr", "ru"]
    russian = pofile.read_po(json_folder / "ru.po")
    assert russian.plural_forms == plural_forms("ru").header
    count = russian.entries["exhibits_count"]
    assert (count.msgid, count.msgid_plural) == ("{n} exhibit", "{n} exhibits")
    assert count.strings == ("{n} экспонат", "{n} экспоната", "{n} экспонатов")
    assert russian.entries["back"].strings == ("Назад",)
    assert "one_exhibit" not in russian.entries, "a key the plural entry replaced"
    french = pofile.read_po(json_folder / "fr.po").entries["exhibits_count"]
    assert french.strings == ("{n} œuvre", "{n} œuvres", "{n} œuvres"), "`many` (millions) falls back to `other`"
    assert i18n_tools.compile_all(json_folder) == ["en", "fr", "ru"]
    assert (json_folder / "ru.mo").stat().st_size > 0


@pytest.mark.parametrize(("plural", "message"), [
    ({"one": "{n} экспонат", "other": "{n} экспоната"},
     "plurals/ru.json exhibits_count: no 'few' form (needs one, few, many)"),
    ({"one": "{n} экспонат", "few": "{n} экспоната", "many": "{count} экспонатов"},
     "ru exhibits_count: '{count} экспонатов' has placeholders English lacks (['n'])"),
])
def test_json_catalogues_with_mistakes_are_reported_and_nothing_is_written(json_folder: Path, plural: dict[str, str],
                                                                           message: str) -> None:
    _write(json_folder, "plurals/ru.json", {"exhibits_count": plural})
    with pytest.raises(i18n_tools.CatalogueError) as error:
        i18n_tools.import_json(json_folder, ROOT)
    assert message in str(error.value).splitlines()
    assert not list(json_folder.glob("*.po"))


def test_a_count_the_plural_files_leave_out_keeps_the_forms_of_the_current_po(json_folder: Path) -> None:
    (json_folder / "plurals" / "en.json").unlink()
    (json_folder / "plurals" / "ru.json").unlink()
    for language in ("en", "ru", "fr"):
        (json_folder / f"{language}.po").write_text((FOLDER / f"{language}.po").read_text(encoding="utf-8"),
                                                    encoding="utf-8")
    i18n_tools.import_json(json_folder, ROOT)
    count = pofile.read_po(json_folder / "ru.po").entries["pin_wrong"]
    assert count.msgid_plural == "Wrong PIN. {n} tries left."
    assert count.strings == pofile.read_po(FOLDER / "ru.po").entries["pin_wrong"].strings
