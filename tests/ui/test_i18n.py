"""The interface's words: catalogues that agree with English, every key the code uses, switching
language on every screen, and right-to-left mirroring of swipes, slides and progress bars.
Counts and CLDR's plural rules: test_plurals.py; a bundle's own words: test_interface_words.py."""

from __future__ import annotations

import ast
import gettext
import io
import logging
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from kiosk import paths
from kiosk.bundle import plurals, pofile
from kiosk.bundle.model import EXHIBIT_TYPES
from kiosk.bundle.playable import load_playable
from kiosk.play.navigation import Location, Screen
from kiosk.ui import i18n, i18n_tools
from kiosk.ui.exhibits.media_controls import TransportBar
from kiosk.ui.i18n import LANGUAGES, placeholders, say, say_count
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
KEY_METHODS = {"say", "say_count", "_add_row"}


def entries(language: str) -> dict[str, pofile.PoEntry]:
    return pofile.read_po(FOLDER / f"{language}.po").entries


def read(language: str) -> dict[str, str]:
    """A catalogue's words by key, as written in its .po (a count: its first form)."""
    return {key: entry.strings[0] for key, entry in entries(language).items()}


@pytest.fixture
def fresh_catalogues():
    """Catalogues read again from wherever the test points kiosk.paths at, and forgotten after."""
    _forget()
    yield
    _forget()


def _forget() -> None:
    for cache in (i18n.catalogue, i18n.translations):
        cache.cache_clear()
    pofile.forget()
    plurals.forget()


# -- the catalogues ------------------------------------------------------------------------


# The six UN languages and German, Hebrew, Italian, Japanese, Korean and Portuguese.
CATALOGUES = ("ar", "de", "en", "es", "fr", "he", "it", "ja", "ko", "pt", "ru", "zh")


def test_the_catalogues_are_found_where_the_installed_kiosk_looks() -> None:
    assert paths.assets_dir() / "i18n" == FOLDER == pofile.catalogue_folder()
    assert sorted(p.stem for p in FOLDER.glob("*.po")) == sorted(LANGUAGES)
    assert sorted(p.stem for p in FOLDER.glob("*.mo")) == sorted(LANGUAGES)
    assert set(CATALOGUES) <= set(LANGUAGES)
    assert [p.name for p in FOLDER.glob("*.json")] == ["plural-forms.json"], "the .po files are the source"


@pytest.mark.parametrize("language", CATALOGUES)
def test_every_catalogue_has_exactly_the_english_keys_and_placeholders(language: str) -> None:
    english, words = entries("en"), entries(language)
    assert set(words) == set(english), f"{language}.po: missing {set(english) - set(words)}, " \
                                       f"extra {set(words) - set(english)}"
    header = pofile.read_po(FOLDER / f"{language}.po").plural_forms
    assert header == plurals.plural_forms(language).header, f"{language}.po: Plural-Forms is not CLDR's"
    for key, entry in words.items():
        reference = english[key]
        assert (entry.msgid, entry.msgid_plural) == (reference.msgid, reference.msgid_plural), \
            f"{language}.po {key}: its English is stale; run msgmerge with messages.pot"
        assert not entry.fuzzy, f"{language}.po {key} is marked fuzzy"
        wanted = 1 if entry.msgid_plural is None else len(plurals.plural_forms(language).categories)
        assert len(entry.strings) == wanted, f"{language}.po {key}: {len(entry.strings)} forms, not {wanted}"
        for text in entry.strings:
            assert text.strip(), f"{language}.po {key} is empty"
            if entry.msgid_plural is None:
                assert placeholders(text) == placeholders(reference.msgid), f"{language}.po {key}: {text!r}"
            else:  # a count may leave the number out ("معروض واحد"), never add a field
                assert placeholders(text) <= reference.placeholders, f"{language}.po {key}: {text!r}"
            text.format(**dict.fromkeys(placeholders(text), 1))  # no stray braces


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_mo_is_the_compilation_of_its_po(language: str) -> None:
    """Commit both after editing a .po: python -m kiosk.ui.i18n compile."""
    def table(data: bytes) -> dict[object, str]:
        words = gettext.GNUTranslations(io.BytesIO(data))._catalog  # type: ignore[attr-defined]
        return {k: v for k, v in words.items() if k != ""}  # the header names the Babel that compiled it

    committed = table((FOLDER / f"{language}.mo").read_bytes())
    assert committed == table(i18n_tools.compiled(FOLDER / f"{language}.po")), \
        f"{language}.mo is not {language}.po compiled: run python -m kiosk.ui.i18n compile"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_core_reads_the_po_files_as_babel_does(language: str) -> None:
    from babel.messages.pofile import read_po

    with (FOLDER / f"{language}.po").open("rb") as handle:
        theirs = {m.context: (m.id, m.string) for m in read_po(handle) if m.context}
    ours = {key: ((e.msgid, e.msgid_plural) if e.msgid_plural else e.msgid,
                  e.strings if e.msgid_plural else e.strings[0]) for key, e in entries(language).items()}
    assert ours == theirs


def test_the_template_is_up_to_date(tmp_path) -> None:
    shutil.copy(FOLDER / "en.po", tmp_path / "en.po")
    missing, _ = i18n_tools.extract(tmp_path, ROOT)
    assert missing == []
    fresh = pofile.read_po(tmp_path / i18n_tools.TEMPLATE).entries
    assert fresh == pofile.read_po(FOLDER / i18n_tools.TEMPLATE).entries, "run python -m kiosk.ui.i18n extract"


def test_translators_are_told_where_each_word_appears() -> None:
    english = entries("en")
    assert "Spoken by screen readers" in " ".join(english["back_desc"].comments)
    assert "Admin panel" in " ".join(english["pin_title"].comments)
    assert "msgstr[3] few (3, 4, 5…)" in " ".join(entries("ar")["exhibits_count"].comments)


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
                 and node.module in CATALOGUE_MODULES for alias in node.names
                 if alias.name in ("say", "say_count", "tr")}
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
    english = set(entries("en"))
    missing = {f"{where}: {key}" for where, keys in used.items() for key in keys - english}
    assert not missing, f"keys used in code but not in assets/i18n/en.po: {sorted(missing)}"
    assert dynamic == DYNAMIC_KEYS, "a computed key: give it its own test, as for exhibit types"
    found = set().union(*used.values())
    assert {"touch_to_begin", "still_there", "back", "play", "image_n_of_m", "preview_attract"} <= found
    assert {"exhibits_count", "restart_in", "pin_wrong", "pin_locked", "settings_problems"} <= found
    assert len(found) >= 25


def test_every_count_is_a_plural_entry_and_said_with_say_count() -> None:
    counts = {key for key, entry in entries("en").items() if entry.is_plural}
    assert counts == {"exhibits_count", "pin_locked", "pin_wrong", "restart_in", "settings_problems"}
    for path in (ROOT / "kiosk" / "ui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "say" \
                    and node.args and isinstance(node.args[0], ast.Constant):
                assert node.args[0].value not in counts, f"{path.name}: say_count({node.args[0].value!r}, n, ...)"


def test_every_exhibit_type_has_a_badge_word() -> None:
    assert set(EXHIBIT_TYPES) <= set(entries("en"))


# -- looking words up ------------------------------------------------------------------------


def test_regional_codes_use_their_language_and_unknown_ones_english() -> None:
    french, chinese, english = read("fr"), read("zh"), read("en")
    assert say("touch_to_begin", "fr-CA") == french["touch_to_begin"]
    for code in ("zh", "zh-Hans", "zh_CN", "ZH", "zh-Hans-HK"):
        assert say("back", code) == chinese["back"], code
    for code in ("zh-Hant", "zh-TW", "zh_HK", "zh-Hant-CN"):
        assert say("back", code) == english["back"], f"{code}: Traditional Chinese never reads Simplified"
        assert i18n.catalogue_code(code) is None
    assert say("back", "kw") == english["back"]
    assert say_count("restart_in", 7, "ar") == "يبدأ المعرض من جديد بعد 7 ثوانٍ."
    assert i18n.interface_language("ru-RU") == "ru"
    assert i18n.interface_language("kw-GB") == "en"


def _compile_into(folder: Path, language: str, po_text: str) -> None:
    (folder / f"{language}.po").write_text(po_text, encoding="utf-8")
    (folder / f"{language}.mo").write_bytes(i18n_tools.compiled(folder / f"{language}.po"))


BROKEN_FR = """\
msgid ""
msgstr ""
"Language: fr\\n"
"Plural-Forms: nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;\\n"

msgctxt "back"
msgid "Back"
msgstr "Retour"

msgctxt "open_tile_desc"
msgid "{kind}. {about}"
msgstr "{genre}. {about}"
"""


def test_a_missing_key_or_broken_catalogue_falls_back_to_english(monkeypatch, tmp_path, fresh_catalogues,
                                                                 caplog) -> None:
    folder = tmp_path / "i18n"
    shutil.copytree(FOLDER, folder)
    _compile_into(folder, "fr", BROKEN_FR)
    (folder / "es.mo").write_bytes(b"not a catalogue")
    monkeypatch.setattr(paths, "assets_dir", lambda: tmp_path)
    english = read("en")
    with caplog.at_level(logging.ERROR, logger="kiosk.ui"):
        assert say("back", "fr") == "Retour"
        assert say("home", "fr") == english["home"], "a key the French catalogue lacks"
        assert say("open_tile_desc", "fr", kind="Texte", about="x") == "Texte. x", "a broken placeholder"
        assert say("back", "es") == english["back"], "a catalogue that is not a catalogue"
        assert say("no_such_word", "fr") == "no_such_word"
    assert {"es.mo", "broken placeholders", "no_such_word"} <= {
        word for record in caplog.records for word in ("es.mo", "broken placeholders", "no_such_word")
        if word in record.getMessage()}


def test_catalogues_are_read_once_and_fast(monkeypatch, tmp_path, fresh_catalogues) -> None:
    import time

    shutil.copytree(FOLDER, tmp_path / "i18n")
    monkeypatch.setattr(paths, "assets_dir", lambda: tmp_path)
    say("back", "en")  # the English reference (en.po) is read once for all languages
    started = time.perf_counter()
    before = say("back", "fr")
    elapsed = time.perf_counter() - started
    (tmp_path / "i18n" / "fr.mo").write_bytes(b"changed")
    assert say("back", "fr") == before, "the catalogue was read again"
    assert i18n.translations("fr") is i18n.translations("fr")
    # About 1 ms on a laptop; generous, for a loaded machine.
    assert elapsed < 0.025, f"reading fr.mo took {elapsed * 1000:.1f} ms"


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
        assert window.home.tiles[0].badge == say_count("exhibits_count", 3, language)
        assert window.home.tiles[0].badge == entries(language)["exhibits_count"].strings[
            plurals.plural_forms(language).index(3)].format(n=3)
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
    seconds = overlay.seconds_left
    assert overlay.accessibleDescription() == entries("ar")["restart_in"].strings[
        plurals.plural_forms("ar").index(seconds)].format(n=seconds)


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
