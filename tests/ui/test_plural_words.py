"""Counted words as a native reader expects them, in the twelve languages of the kiosk's own
catalogues: the form CLDR's plural rules give each number (tests/ui/test_plurals.py checks every
form against Babel's CLDR data; these check the words themselves)."""

from __future__ import annotations

import pytest

from kiosk.ui.i18n import say_count


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
    assert {n: say_count("exhibits_count", n, language) for n in counts} == counts


def test_seconds_and_tries_agree_with_their_number_in_russian_and_arabic() -> None:
    assert say_count("restart_in", 21, "ru") == "Выставка начнётся заново через 21 секунду."
    assert say_count("restart_in", 3, "ru") == "Выставка начнётся заново через 3 секунды."
    assert say_count("restart_in", 11, "ru") == "Выставка начнётся заново через 11 секунд."
    assert say_count("pin_wrong", 1, "ru") == "Неверный PIN. Осталась 1 попытка."
    assert say_count("pin_wrong", 2, "ar") == "رمز خاطئ. لديك محاولتان متبقيتان."
    assert say_count("restart_in", 7, "ar") == "يبدأ المعرض من جديد بعد 7 ثوانٍ."
    assert say_count("pin_wrong", 1, "he") == "קוד שגוי. נותר ניסיון אחד."
    assert say_count("settings_problems", 1, "en") == "kiosk.yaml has 1 problem; the log names it."
