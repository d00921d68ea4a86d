"""The interface's words: six catalogues that agree, every key the code uses, switching language
on every screen, and right-to-left mirroring of swipes, slides and progress bars."""

from __future__ import annotations

import ast
import json
import logging
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from kiosk import paths
from kiosk.bundle.model import EXHIBIT_TYPES
from kiosk.bundle.playable import load_playable
from kiosk.play.navigation import Location, Screen
from kiosk.ui import i18n
from kiosk.ui.exhibits.media_controls import TransportBar
from kiosk.ui.i18n import LANGUAGES, MergeError, merge, placeholders, say
from tests.ui.conftest import MEDIA_NOISE, Kiosk

pytestmark = MEDIA_NOISE

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "assets" / "i18n"
# Modules whose `say`/`tr` is the catalogue's; `stage.say(...)` is too (screens/base.py).
CATALOGUE_MODULES = {"kiosk.ui.i18n", "kiosk.ui.words", "kiosk.ui.exhibits.strings"}
# Calls whose key is computed: a pass-through (its callers' keys are scanned) or checked by its own test.
DYNAMIC_KEYS = {
    "kiosk/ui/screens/base.py",  # Stage.say(key) hands its caller's key on
    "kiosk/ui/screens/section.py",  # stage.say(exhibit.type): the tile's badge, test_every_exhibit_type_...
    "kiosk/ui/admin/panel.py",  # AdminPanel.say(key) hands its caller's key on
    "kiosk/ui/a11y/panel.py",  # the rows re-say their keys; the keys are scanned from the `_add_row` calls
    "kiosk/ui/closed.py",  # one sentence per weekday: test_closed's test_every_weekday_has_its_sentence
}
# Methods that take a catalogue key as their first argument.
KEY_METHODS = {"say", "_add_row"}


def read(language: str) -> dict[str, str]:
    return json.loads((FOLDER / f"{language}.json").read_text(encoding="utf-8"))


@pytest.fixture
def fresh_catalogues():
    """Catalogues read again from wherever the test points kiosk.paths at, and forgotten after."""
    i18n.catalogue.cache_clear()
    yield
    i18n.catalogue.cache_clear()


# -- the catalogues ------------------------------------------------------------------------


# The six the kiosk has spoken from the start (LANGUAGES, which `merge` writes) and six more.
CATALOGUES = (*LANGUAGES, "de", "he", "it", "ja", "ko", "pt")


def test_the_catalogues_are_found_where_the_installed_kiosk_looks() -> None:
    assert paths.assets_dir() / "i18n" == FOLDER
    assert sorted(p.stem for p in FOLDER.glob("*.json")) == sorted(CATALOGUES)


@pytest.mark.parametrize("language", CATALOGUES)
def test_every_catalogue_has_exactly_the_english_keys_and_placeholders(language: str) -> None:
    english, words = read("en"), read(language)
    assert set(words) == set(english), f"{language}.json: missing {set(english) - set(words)}, " \
                                       f"extra {set(words) - set(english)}"
    for key, text in words.items():
        assert isinstance(text, str), f"{language}.json {key}"
        assert text.strip(), f"{language}.json {key} is empty"
        assert placeholders(text) == placeholders(english[key]), f"{language}.json {key}: {text!r}"
        text.format(**dict.fromkeys(placeholders(text), 1))  # no stray braces


def _keys(node: ast.expr, where: str, dynamic: set[str]) -> set[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _keys(node.body, where, dynamic) | _keys(node.orelse, where, dynamic)
    dynamic.add(where)
    return set()


def _is_stage(node: ast.expr) -> bool:
    """`stage.say`, `self.stage.say`, or a panel's own `self.say` / `self._add_row`."""
    return (isinstance(node, ast.Name) and node.id in ("stage", "self")) or (isinstance(node, ast.Attribute)
                                                                            and node.attr == "stage")


def used_keys() -> tuple[dict[str, set[str]], set[str]]:
    """Every literal key passed to the catalogue's `say` in kiosk/ui, by file; files with computed keys."""
    used: dict[str, set[str]] = {}
    dynamic: set[str] = set()
    for path in sorted((ROOT / "kiosk" / "ui").rglob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                 and node.module in CATALOGUE_MODULES for alias in node.names if alias.name in ("say", "tr")}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            if (isinstance(func, ast.Name) and func.id in names) or (
                    isinstance(func, ast.Attribute) and func.attr in KEY_METHODS and _is_stage(func.value)):
                used.setdefault(where, set()).update(_keys(node.args[0], where, dynamic))
    return used, dynamic


def test_every_key_the_interface_uses_is_in_the_english_catalogue() -> None:
    used, dynamic = used_keys()
    english = set(read("en"))
    missing = {f"{where}: {key}" for where, keys in used.items() for key in keys - english}
    assert not missing, f"keys used in code but not in assets/i18n/en.json: {sorted(missing)}"
    assert dynamic == DYNAMIC_KEYS, "a computed key: give it its own test, as for exhibit types"
    found = set().union(*used.values())
    assert {"touch_to_begin", "still_there", "back", "play", "image_n_of_m", "preview_attract"} <= found
    assert len(found) >= 25


def test_every_exhibit_type_has_a_badge_word() -> None:
    assert set(EXHIBIT_TYPES) <= set(read("en"))


# -- looking words up ------------------------------------------------------------------------


def test_regional_codes_use_their_language_and_unknown_ones_english() -> None:
    french, chinese, english = read("fr"), read("zh"), read("en")
    assert say("touch_to_begin", "fr-CA") == french["touch_to_begin"]
    for code in ("zh", "zh-Hans", "zh_CN", "zh-TW", "ZH"):
        assert say("back", code) == chinese["back"], code
    assert say("back", "nl") == english["back"]
    assert say("back", "de-AT") == read("de")["back"]
    assert say("restart_in", "ar", n=7) == read("ar")["restart_in"].format(n=7)
    assert i18n.interface_language("ru-RU") == "ru"
    assert i18n.interface_language("nl-BE") == "en"


def test_a_missing_key_or_broken_catalogue_falls_back_to_english(monkeypatch, tmp_path, fresh_catalogues,
                                                                 caplog) -> None:
    (tmp_path / "i18n").mkdir()
    shutil.copy(FOLDER / "en.json", tmp_path / "i18n" / "en.json")
    (tmp_path / "i18n" / "fr.json").write_text('{"back": "Retour", "restart_in": "Dans {m} s"}', encoding="utf-8")
    (tmp_path / "i18n" / "es.json").write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(paths, "assets_dir", lambda: tmp_path)
    with caplog.at_level(logging.ERROR, logger="kiosk.ui"):
        assert say("back", "fr") == "Retour"
        assert say("home", "fr") == read("en")["home"], "a key the French catalogue lacks"
        assert say("restart_in", "fr", n=3) == read("en")["restart_in"].format(n=3), "a broken placeholder"
        assert say("back", "es") == read("en")["back"], "a catalogue that is not JSON"
        assert say("no_such_word", "fr") == "no_such_word"
    assert {"es.json", "broken placeholders", "no_such_word"} <= {
        word for record in caplog.records for word in ("es.json", "broken placeholders", "no_such_word")
        if word in record.getMessage()}


def test_catalogues_are_read_once(monkeypatch, tmp_path, fresh_catalogues) -> None:
    shutil.copytree(FOLDER, tmp_path / "i18n")
    monkeypatch.setattr(paths, "assets_dir", lambda: tmp_path)
    before = say("back", "fr")
    (tmp_path / "i18n" / "fr.json").write_text('{"back": "Changed"}', encoding="utf-8")
    assert say("back", "fr") == before, "the catalogue was read again"
    assert i18n.catalogue("fr") is i18n.catalogue("fr")


# -- folding other dicts in -------------------------------------------------------------------


def _six(text: str) -> dict[str, str]:
    return {language: f"{text} ({language})" for language in LANGUAGES}


def test_merge_folds_a_dict_into_every_catalogue(tmp_path) -> None:
    shutil.copytree(FOLDER, tmp_path, dirs_exist_ok=True)
    changed = merge({"guide_prompt": _six("Ask the guide"), "back": {lang: read(lang)["back"] for lang in LANGUAGES}},
                    tmp_path)
    assert changed == ["guide_prompt"], "an identical existing key is no change"
    for language in LANGUAGES:
        words = json.loads((tmp_path / f"{language}.json").read_text(encoding="utf-8"))
        assert words["guide_prompt"] == f"Ask the guide ({language})"
        assert words["back"] == read(language)["back"]
    assert merge({"guide_prompt": _six("Ask the guide")}, tmp_path) == []


def test_merge_reports_every_problem_and_writes_nothing(tmp_path) -> None:
    shutil.copytree(FOLDER, tmp_path, dirs_exist_ok=True)
    before = (tmp_path / "en.json").read_text(encoding="utf-8")
    partial = _six("Volume")
    del partial["zh"]
    wrong = {**_six("{n} steps"), "ru": "шаги"}
    with pytest.raises(MergeError) as error:
        merge({"volume": partial, "steps": wrong, "back": _six("Go back")}, tmp_path)
    message = str(error.value)
    assert "volume: no text for zh" in message
    assert "steps: the ru text's placeholders" in message
    assert "back: already means" in message
    assert (tmp_path / "en.json").read_text(encoding="utf-8") == before
    assert merge({"back": _six("Go back")}, tmp_path, replace=True) == ["back"]


# -- switching language on every screen -------------------------------------------------------


def test_every_screen_retranslates_when_the_visitor_switches_language(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk(windowed=True)
    window = kiosk.window
    kiosk.player.touch()
    for screen in (window.home, window.section, window.exhibit, window.search):
        assert screen is not None  # build them all now, in English
    kiosk.player.open_section(0)
    for language in ("fr", "ar", "en"):
        words = read(language)
        kiosk.player.set_language(language)
        assert window.home.tiles[0].badge == words["exhibits_count"].format(n=3)
        assert window.home.search is not None
        assert window.home.search.accessibleName() == words["search"]
        assert window.section.header.back.text() == words["back"]
        assert window.section.header.home.text() == words["home"]
        assert [t.badge for t in window.section.tiles][:2] == [words["text"], words["image"]]
        assert window.search.field.placeholderText() == words["search_hint"]
        assert window.search.empty.text() == words["no_results"]
        assert window.exhibit.header.back.text() == words["back"]


def test_exhibit_views_retranslate_in_place(make_kiosk) -> None:
    kiosk: Kiosk = make_kiosk()
    kiosk.player.touch()
    kiosk.player.open_exhibit(0, 2)
    gallery = kiosk.window.exhibit.view
    kiosk.player.set_language("fr")
    assert kiosk.window.exhibit.view is gallery, "the same view, not a new one"
    assert gallery.next_button.accessibleName() == read("fr")["next_image"]
    assert kiosk.window.exhibit.next.accessibleName() == read("fr")["next"]
    assert read("fr")["n_of_m"].format(n=3, m=3) in kiosk.window.exhibit.header.where.text()
    kiosk.player.open_exhibit(1, 0)
    audio = kiosk.window.exhibit.view
    kiosk.player.set_language("ar")
    assert audio.transport.captions_button.accessibleName() == read("ar")["captions"]
    assert audio.transport.play_button.accessibleName() == read("ar")["play"]
    kiosk.player.open_exhibit(2, 0)
    kiosk.player.set_language("fr")
    assert kiosk.window.exhibit.view.related_heading.text() == read("fr")["related"]


def test_the_still_there_countdown_speaks_the_visitors_language(make_kiosk) -> None:
    kiosk: Kiosk = make_kiosk()
    kiosk.player.touch()
    kiosk.player.set_language("ar")
    kiosk.advance(93)
    overlay = kiosk.window.still_there
    assert overlay.isVisible()
    assert overlay.accessibleDescription() == read("ar")["restart_in"].format(n=overlay.seconds_left)


WORDS_ONLY_BUNDLE = """\
format: 1
id: words
version: "1"
title: {en: Machines that create}
languages: [en, zh, ru]
sections:
  - id: art
    title: {en: Art}
    exhibits:
      - {id: one, type: text, title: {en: One}, body: {en: "Some words."}}
      - {id: two, type: text, title: {en: Two}, body: {en: "More words."}}
"""


def test_chinese_and_russian_interfaces_show_even_where_content_falls_back(make_kiosk, tmp_path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "exhibition.yaml").write_text(WORDS_ONLY_BUNDLE, encoding="utf-8")
    bundle = load_playable(tmp_path / "b", tmp_path / "cache")
    kiosk: Kiosk = make_kiosk(bundle=bundle, language="zh")
    kiosk.player.touch()
    kiosk.player.open_exhibit(0, 0)
    screen = kiosk.window.exhibit
    assert screen.header.back.text() == read("zh")["back"] == "返回"
    assert "Art" in screen.header.where.text(), "the content falls back to English"
    kiosk.player.set_language("ru")
    assert screen.header.back.text() == read("ru")["back"]
    assert read("ru")["n_of_m"].format(n=1, m=2) in screen.header.where.text()


# -- right to left ----------------------------------------------------------------------------


def test_the_slide_between_exhibits_mirrors_in_arabic(make_kiosk) -> None:
    kiosk: Kiosk = make_kiosk()
    fade = kiosk.window.fade
    fade.duration_ms = 200  # the test kiosk has no transitions
    frame = QImage(QSize(64, 36), QImage.Format.Format_RGB32)
    fade.start(frame, +1)
    fade._step(0.5)
    assert fade.slide_offset() < 0, "next: the old exhibit leaves to the left"
    kiosk.player.touch()
    kiosk.player.set_language("ar")
    fade.start(frame, +1)
    fade._step(0.5)
    assert fade.slide_offset() > 0, "in Arabic the next exhibit comes from the left, so the old leaves right"
    fade.stop()


def test_the_seek_bar_fills_and_seeks_from_the_right_in_arabic(qtbot) -> None:
    screen = QWidget()
    screen.setLayoutDirection(Qt.LayoutDirection.RightToLeft)  # as the window sets it for Arabic
    qtbot.addWidget(screen)
    bar = TransportBar(screen, captions=True)
    bar.resize(900, 120)
    screen.resize(900, 120)
    screen.show()
    qtbot.waitExposed(screen)
    bar.set_duration(10_000)
    assert bar.play_button.x() > bar.slider.x(), "play stands at the reading start, on the right"
    assert bar.elapsed.x() > bar.total.x(), "elapsed time on the right, total on the left"
    slider = bar.slider
    with qtbot.waitSignal(bar.seek_requested) as near_right:
        QTest.mouseClick(slider, Qt.MouseButton.LeftButton, pos=QPoint(slider.width() - 25, slider.height() // 2))
    with qtbot.waitSignal(bar.seek_requested) as near_left:
        QTest.mouseClick(slider, Qt.MouseButton.LeftButton, pos=QPoint(25, slider.height() // 2))
    assert near_right.args[0] < 1500 < 8500 < near_left.args[0]
    bar.set_position(2_000)
    image = slider.grab().toImage()
    y = slider.height() // 2
    filled = image.pixelColor(slider.width() - 30, y)
    empty = image.pixelColor(30, y)
    assert filled != empty, "the played part (on the right) is drawn apart from the rest"


def test_keys_follow_the_reading_direction_in_arabic(make_kiosk) -> None:
    kiosk: Kiosk = make_kiosk(language="ar")
    kiosk.player.touch()
    kiosk.player.open_exhibit(2, 0)
    kiosk.player.open_exhibit(0, 0)
    kiosk.window.handle_key(Qt.Key.Key_Left)
    assert kiosk.player.location == Location(Screen.EXHIBIT, 0, 1)
    kiosk.window.handle_key(Qt.Key.Key_Right)
    assert kiosk.player.location == Location(Screen.EXHIBIT, 0, 0)
