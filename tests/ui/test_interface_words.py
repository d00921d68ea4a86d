"""A bundle's own interface words at run time: they win over the kiosk's, a language without
words falls back word by word to the bundle's first language, and the attract screen never
shows the same "Touch to begin" twice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from kiosk.bundle.playable import load_playable
from kiosk.ui import i18n
from kiosk.ui.bidi import isolate, line_layout, span_x
from kiosk.ui.i18n import say, say_count, use_bundle
from tests.ui.conftest import MEDIA_NOISE, Kiosk

pytestmark = MEDIA_NOISE

HEBREW = {"back": "חזרה", "touch_to_begin": "גע כדי להתחיל", "n_of_m": "{n} מתוך {m}",
          "exhibits_count": {"one": "מוצג אחד", "two": "שני מוצגים", "other": "{n} מוצגים"}}


@pytest.fixture(autouse=True)
def no_bundle_words_after() -> Iterator[None]:
    yield
    use_bundle(None, ())


def test_the_bundles_words_win_and_fall_back_word_by_word() -> None:
    use_bundle({"he": HEBREW, "fr": {"back": "Revenir"}, "kw": {"home": "Tre"}}, ["he", "kw", "fr", "zh-Hant"])
    assert say("back", "he") == "חזרה"
    assert say("n_of_m", "he", n=2, m=5) == "2 מתוך 5"
    assert say("back", "fr") == "Revenir", "the bundle's word replaces the kiosk's"
    assert say("home", "fr") == "Accueil", "the kiosk's French for the rest"
    assert say("home", "kw") == "Tre"
    # Hebrew standing in on a left-to-right screen is isolated, so it reads in its own direction.
    assert say("back", "kw") == isolate("חזרה"), "a language the kiosk lacks: the bundle's first language"
    assert say("search", "kw") == isolate("חיפוש"), "…then the kiosk's own words in that first language"
    assert say("back", "zh-Hant") == isolate("חזרה"), "Traditional Chinese is not served Simplified words"
    assert say("back", "zh") == "返回"


def test_a_bundles_counts_take_the_category_cldr_gives() -> None:
    use_bundle({"he": HEBREW}, ["he", "kw"])
    assert [say_count("exhibits_count", n, "he") for n in (1, 2, 5, 21, 0)] == [
        "מוצג אחד", "שני מוצגים", "5 מוצגים", "21 מוצגים", "0 מוצגים"]
    assert say_count("exhibits_count", 2, "kw") == isolate("שני מוצגים"), "Cornish falls back to Hebrew, counted in Hebrew"


def test_without_a_bundle_the_kiosks_words_stand() -> None:
    use_bundle({"fr": {"back": "Revenir"}}, ["fr"])
    use_bundle(None, ["en"])
    assert say("back", "fr") == "Retour"
    assert say("back", "kw") == "Back"


BUNDLE = """\
format: 1
id: words
version: "1"
title: {en: Machines, kw: Jynnow, fr: Machines, he: מכונות}
languages: [en, kw, fr, he]
interface:
  he: {touch_to_begin: "גע כדי להתחיל", back: "חזרה"}
sections:
  - id: art
    title: {en: Art, kw: Art, fr: Art, he: אמנות}
    exhibits:
      - {id: one, type: text, title: {en: One, kw: Onan, fr: Un, he: אחד}, body: "…"}
"""


def test_the_attract_screen_never_shows_the_same_words_twice(make_kiosk, tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "exhibition.yaml").write_text(BUNDLE, encoding="utf-8")
    kiosk: Kiosk = make_kiosk(bundle=load_playable(tmp_path / "b", tmp_path / "cache"))
    attract = kiosk.window.attract
    attract.resize(kiosk.window.stack.size())
    pills = [(code, text) for row in attract._text_layout().pill_rows for code, text, _ in row]
    assert pills == [("en", "Touch to begin"), ("fr", i18n.say("touch_to_begin", "fr")), ("he", "גע כדי להתחיל")], \
        "Cornish has no words of its own and reads the first language's: its pill would repeat English's"
    kiosk.player.touch()
    kiosk.player.set_language("he")
    kiosk.player.open_exhibit(0, 0)
    assert kiosk.window.exhibit.header.back.text() == "חזרה"


def test_english_standing_in_on_a_right_to_left_screen_keeps_its_own_order() -> None:
    """Persian has no catalogue: its visitors read English counts, isolated so that "3 exhibits"
    does not come out as "exhibits 3" in a right-to-left label."""
    use_bundle(None, ("fa", "en"))
    shown = say_count("exhibits_count", 3, "fa")
    assert shown == isolate("3 exhibits")
    layout = line_layout(f"{shown} · بخش", QFont("Noto Sans", 20), Qt.LayoutDirection.RightToLeft)
    three, word = span_x(layout, shown.index("3"), 1)[0], span_x(layout, shown.index("exhibits"), 8)[0]
    assert three < word, "the number stays before its word, left to right, inside the Persian line"
    assert say("back", "ar") == "رجوع", "a word of the visitor's own direction is not wrapped"


def test_a_fallback_in_the_other_direction_is_still_said_once_on_the_attract_screen(make_kiosk, tmp_path: Path) -> None:
    """Cornish reads Hebrew here, isolated because it stands in a left-to-right language: the
    attract screen still recognises the same words and shows them once."""
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "exhibition.yaml").write_text(
        BUNDLE.replace("languages: [en, kw, fr, he]", "languages: [he, kw, en]"), encoding="utf-8")
    kiosk: Kiosk = make_kiosk(bundle=load_playable(tmp_path / "b", tmp_path / "cache"))
    attract = kiosk.window.attract
    attract.resize(kiosk.window.stack.size())
    pills = [code for row in attract._text_layout().pill_rows for code, _text, _ in row]
    assert pills == ["he", "en"]
