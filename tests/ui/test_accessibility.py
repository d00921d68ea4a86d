"""Screen readers, the keyboard and the accessibility menu.

Every control of every screen has a name and a description for assistive technology, in the
visitor's language; Tab walks each screen in reading order (mirrored for right-to-left) with
a visible ring; Space plays and pauses; the menu changes text size, contrast, captions,
volume and language at once, shows transcripts, and forgets everything when the visit ends.
"""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QVBoxLayout, QWidget

from kiosk.bundle.model import AudioExhibit
from kiosk.play.navigation import ATTRACT, HOME, Screen
from kiosk.play.player import VisitSettings
from kiosk.ui.a11y.audit import controls
from kiosk.ui.a11y.focus import focus_chain
from kiosk.ui.a11y.transcript import transcript_for
from kiosk.ui.i18n import say
from tests.ui.conftest import MEDIA_NOISE, TIMINGS, Kiosk
from tests.ui.conftest_a11y import first_of_each_type, settle, walk

pytest_plugins = [f"{__package__}.conftest_a11y"]
pytestmark = [MEDIA_NOISE, pytest.mark.usefixtures("quiet_decoder")]

FULL_HD = (1920, 1080)


def active(qtbot, kiosk: Kiosk) -> Kiosk:
    """The kiosk's window active, as on a real screen: keyboard focus goes to it."""
    kiosk.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is kiosk.window, timeout=2000)
    settle()
    return kiosk


def sample_kiosk(qtbot, make_kiosk, sample_bundle, **options: object) -> Kiosk:
    return active(qtbot, make_kiosk(size=FULL_HD, bundle=sample_bundle, **options))


# -- names and descriptions -------------------------------------------------------------------

def test_the_audit_finds_a_control_without_a_name(qtbot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    named, unnamed = QPushButton("Open", root), QPushButton(root)
    named.setAccessibleDescription("Opens it")
    layout = QVBoxLayout(root)
    layout.addWidget(named)
    layout.addWidget(unnamed)
    root.show()
    qtbot.waitExposed(root)
    found = {control.widget: control for control in controls(root)}
    assert found[named].name == "Open"
    assert found[unnamed].name == ""
    assert found[unnamed].description == ""


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_control_of_every_screen_has_a_name_and_a_description(make_kiosk, sample_bundle, qtbot,
                                                                     language: str) -> None:
    kiosk = sample_kiosk(qtbot, make_kiosk, sample_bundle, windowed=True, language=language)
    missing, seen = [], 0
    for place, root in walk(kiosk):
        for control in controls(root):
            seen += 1
            if not control.name or not control.description:
                missing.append(f"{place}: {control}")
    assert seen > 100
    assert not missing, "controls without a name or description:\n" + "\n".join(missing)


def test_names_and_descriptions_follow_the_language(make_kiosk, sample_bundle, qtbot) -> None:
    kiosk = sample_kiosk(qtbot, make_kiosk, sample_bundle, windowed=True)
    section, exhibit = first_of_each_type(sample_bundle.manifest)["audio"]
    kiosk.player.open_exhibit(section, exhibit)
    settle()
    window = kiosk.window
    before = {id(control.widget): (control.name, control.description) for control in controls(window.current)}
    kiosk.player.set_language("fr")
    settle()
    header, view, button = window.exhibit.header, window.exhibit.view, window.access.button
    assert (header.back.accessibleName(), header.back.accessibleDescription()) == (
        say("back", "fr"), say("back_desc", "fr"))
    assert header.home.accessibleDescription() == "Revenir au début de l'exposition"
    assert (button.accessibleName(), button.accessibleDescription()) == (
        "Accessibilité", say("accessibility_desc", "fr"))
    assert window.exhibit.next.accessibleDescription() == say("next_desc", "fr")
    assert view.transport.play_button.accessibleName() == say("play", "fr")
    assert view.transport.slider.accessibleDescription() == say("position_desc", "fr")
    assert view.transcript.accessibleName() == say("transcript", "fr")
    after = {id(control.widget): (control.name, control.description) for control in controls(window.current)}
    unchanged = [before[key] for key in before.keys() & after.keys() if before[key] == after[key]]
    assert not unchanged, f"still in English after the switch to French: {unchanged}"
    panel = window.access.panel
    assert panel.contrast.accessibleName() == "Contraste élevé"
    assert panel.language_buttons["es"].accessibleDescription() == "Mostrar la exposición en español", \
        "each language is offered in its own words"


# -- the keyboard -------------------------------------------------------------------------------

def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> QWidget | None:
    target = QApplication.focusWidget()
    assert target is not None
    QTest.keyClick(target, key, modifier)
    return QApplication.focusWidget()


def tab_cycle(length: int) -> list[QWidget | None]:
    """Where focus goes on each of `length` Tabs."""
    return [press(Qt.Key.Key_Tab) for _ in range(length)]


def rotated_to(sequence: list[QWidget | None], first: QWidget) -> list[QWidget | None]:
    start = sequence.index(first)
    return sequence[start:] + sequence[:start]


def in_reading_order(widgets: list[QWidget], rtl: bool) -> list[str]:
    """Steps that go back up the screen, or against the reading direction within a row."""
    problems = []
    window = widgets[0].window()
    boxes = [(w, w.mapTo(window, QPoint(0, 0)), w.size()) for w in widgets]
    for (a, pa, sa), (b, pb, sb) in itertools.pairwise(boxes):
        same_row = pb.y() < pa.y() + sa.height() and pa.y() < pb.y() + sb.height()
        onward = pb.x() < pa.x() if rtl else pb.x() > pa.x()
        if (same_row and not onward) or (not same_row and pb.y() < pa.y()):
            problems.append(f"{a.accessibleName()!r} at {pa.x()},{pa.y()} → {b.accessibleName()!r} at {pb.x()},{pb.y()}")
    return problems


@pytest.mark.parametrize("language", ["en", "ar"])
def test_tab_walks_home_in_reading_order(make_kiosk, sample_bundle, qtbot, language: str) -> None:
    kiosk = sample_kiosk(qtbot, make_kiosk, sample_bundle, windowed=True, language=language)
    window = kiosk.window
    home = window.home
    settle()
    assert QApplication.focusWidget() is home.tiles[0], "focus starts on the first section"
    expected = [*home.languages.values(), home.search, window.access.button, *home.tiles]
    assert focus_chain(home) == expected
    assert rotated_to(tab_cycle(len(expected)), expected[0]) == expected
    rtl = language == "ar"
    assert not in_reading_order(expected, rtl)
    english, arabic = home.languages["en"], home.languages["ar"]
    assert (english.x() > arabic.x()) == rtl, "the row of languages is mirrored in Arabic"
    assert QApplication.focusWidget() is home.tiles[0]
    assert press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier) is window.access.button, "Shift+Tab goes back"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_tab_walks_an_exhibit_in_reading_order(make_kiosk, sample_bundle, qtbot, language: str) -> None:
    kiosk = sample_kiosk(qtbot, make_kiosk, sample_bundle, windowed=True, language=language)
    section, exhibit = first_of_each_type(sample_bundle.manifest)["audio"]
    kiosk.player.open_exhibit(section, exhibit)
    settle()
    screen, window = kiosk.window.exhibit, kiosk.window
    assert screen.previous.isVisible() and screen.next.isVisible()  # noqa: PT018
    view = screen.view
    transport = view.transport
    expected = [screen.header.back, screen.header.home, window.access.button, screen.previous,
                transport.play_button, transport.slider, transport.captions_button, view.transcript, screen.next]
    assert focus_chain(screen) == expected
    assert QApplication.focusWidget() is view, "arriving, the exhibit itself has the focus"
    cycle = tab_cycle(len(expected))
    assert cycle[0] is transport.play_button, "from the exhibit, Tab goes to its first control"
    assert rotated_to(cycle, expected[0]) == expected
    rtl = language == "ar"
    top_row = [screen.header.back, screen.header.home, window.access.button]
    assert not in_reading_order(top_row, rtl)
    assert (screen.previous.x() > screen.next.x()) == rtl


def test_tab_stays_in_the_open_menu_and_escape_closes_it(make_kiosk, sample_bundle, qtbot) -> None:
    kiosk = sample_kiosk(qtbot, make_kiosk, sample_bundle, windowed=True)
    window = kiosk.window
    window.access.button.setFocus()
    press(Qt.Key.Key_Space)
    panel = window.access.panel
    assert panel.is_open
    assert QApplication.focusWidget() is panel.size_buttons[1.0], "focus moves to the chosen text size"
    stops = focus_chain(panel.sheet)
    visited = tab_cycle(len(stops) + 2)
    assert all(panel.sheet.isAncestorOf(widget) for widget in visited)
    assert set(visited) == set(stops)
    press(Qt.Key.Key_Escape)
    assert not panel.is_open
    assert QApplication.focusWidget() is window.access.button, "focus returns to the button that opened it"
    assert kiosk.player.location.screen is Screen.HOME, "Escape closed the menu and went nowhere"


def test_the_focus_ring_shows_for_the_keyboard_and_hides_at_a_touch(make_kiosk, sample_bundle, qtbot) -> None:
    kiosk = sample_kiosk(qtbot, make_kiosk, sample_bundle, windowed=True)
    section, exhibit = first_of_each_type(sample_bundle.manifest)["audio"]
    kiosk.player.open_exhibit(section, exhibit)
    settle()
    window = kiosk.window
    slider = window.exhibit.view.transport.slider
    for _ in range(10):
        if press(Qt.Key.Key_Tab) is slider:
            break
    assert QApplication.focusWidget() is slider
    ring = window.focus_ring
    qtbot.waitUntil(lambda: ring.target is slider)
    on_window = slider.rect().translated(slider.mapTo(window, QPoint(0, 0)))
    assert ring.geometry().contains(on_window), "the ring goes round the whole control"
    assert ring.geometry() != on_window
    QTest.mouseClick(window.exhibit.header.where, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not ring.isVisible())
    assert window.focus_ring.target is None


@pytest.mark.parametrize("focus", ["view", "slider"])
def test_space_plays_and_pauses_sound(make_kiosk, sample_bundle, qtbot, focus: str) -> None:
    kiosk = sample_kiosk(qtbot, make_kiosk, sample_bundle, windowed=True)
    section, exhibit = first_of_each_type(sample_bundle.manifest)["audio"]
    kiosk.player.open_exhibit(section, exhibit)
    settle()
    view = kiosk.window.exhibit.view
    if focus == "slider":
        view.transport.slider.setFocus()
    assert QApplication.focusWidget() is (view if focus == "view" else view.transport.slider)
    press(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: view.session.is_playing, timeout=10_000)
    press(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not view.session.is_playing, timeout=10_000)
    view.deactivate()


def test_space_plays_a_film_when_nothing_is_focused(make_kiosk, sample_bundle, qtbot) -> None:
    kiosk = sample_kiosk(qtbot, make_kiosk, sample_bundle, windowed=True)
    section, exhibit = first_of_each_type(sample_bundle.manifest)["video"]
    kiosk.player.open_exhibit(section, exhibit)
    settle()
    view = kiosk.window.exhibit.view
    assert kiosk.window.handle_key(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: view.session.is_playing, timeout=10_000)
    view.deactivate()


# -- the menu -------------------------------------------------------------------------------------

def test_the_menu_button_sits_in_the_same_corner_of_every_screen_but_the_attract_loop(make_kiosk) -> None:
    kiosk: Kiosk = make_kiosk(size=FULL_HD)
    button = kiosk.window.access.button
    assert kiosk.screen == "attract"
    assert not button.isVisible()
    kiosk.player.touch()
    places = {}
    for screen, go in (("home", kiosk.player.home), ("section", lambda: kiosk.player.open_section(0)),
                       ("exhibit", lambda: kiosk.player.open_exhibit(0, 1))):
        go()
        settle()
        assert kiosk.screen == screen
        assert button.isVisible(), screen
        assert button.text() == "Accessibility"
        assert button.width() >= 64 and button.height() >= 64  # noqa: PT018
        corner = button.mapTo(kiosk.window, QPoint(button.width(), 0))
        places[screen] = corner
        assert corner.y() == places["home"].y(), "the same height on every screen"
        assert kiosk.window.width() - corner.x() <= 80, "in the top trailing corner"
    kiosk.player.reset()
    settle()
    assert not button.isVisible()


def test_the_menu_follows_a_resized_window(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk(size=FULL_HD, windowed=True)
    window = kiosk.window
    window.access.open()
    panel = window.access.panel
    full_size = panel.close_button.height()
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: panel.close_button.height() < full_size)
    assert panel.geometry() == window.rect()
    assert window.rect().contains(panel.sheet.geometry())
    assert panel.close_button.height() == window.stage.theme.target_px


def test_the_menu_changes_apply_at_once_and_keep_the_visitor_in_place(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk(size=FULL_HD)
    kiosk.player.touch()
    kiosk.player.open_exhibit(1, 0)
    settle()
    window, where = kiosk.window, kiosk.player.location
    qtbot.mouseClick(window.access.button, Qt.MouseButton.LeftButton)
    panel = window.access.panel
    assert panel.is_open
    body_px = window.stage.theme.body_px
    qtbot.mouseClick(panel.size_buttons[1.5], Qt.MouseButton.LeftButton)
    assert window.stage.theme.text_scale == 1.5
    assert window.stage.theme.body_px == round(body_px * 1.5)
    assert window.exhibit.view.context.text_scale == 1.5
    assert panel.row_labels["text_size"].font().pixelSize() > 0
    qtbot.mouseClick(panel.contrast, Qt.MouseButton.LeftButton)
    assert window.stage.theme.high_contrast
    assert window.stage.theme.background.name() == "#000000"
    assert panel.contrast.isChecked()
    assert panel.contrast.text() == "On"
    qtbot.mouseClick(panel.captions, Qt.MouseButton.LeftButton)
    assert not kiosk.player.settings.captions
    assert not window.exhibit.view.captions_on
    qtbot.mouseClick(panel.quieter, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.quieter, Qt.MouseButton.LeftButton)
    assert kiosk.player.settings.volume == pytest.approx(0.6)
    assert window.exhibit.view.session.volume == pytest.approx(0.6)
    assert panel.volume.value() == 60
    assert panel.volume_level.text() == "60 %"
    panel.volume.setValue(90)
    assert kiosk.player.settings.volume == pytest.approx(0.9)
    qtbot.mouseClick(panel.language_buttons["fr"], Qt.MouseButton.LeftButton)
    assert window.exhibit.header.back.text() == "Retour"
    assert panel.title.text() == "Accessibilité"
    assert panel.is_open, "the menu stays open while the visitor changes things"
    assert kiosk.player.location == where, "and the visitor stays where they were"


def test_the_transcript_shows_the_words_of_the_sound_on_screen(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = active(qtbot, make_kiosk(size=FULL_HD))
    kiosk.player.touch()
    kiosk.player.open_exhibit(0, 1)  # an image: nothing to read
    window = kiosk.window
    window.access.open()
    panel = window.access.panel
    assert not panel.read_transcript.isVisible()
    window.access.close()
    kiosk.player.open_exhibit(1, 0)  # the sound, with a transcript
    window.access.open()
    assert panel.read_transcript.isVisible()
    qtbot.mouseClick(panel.read_transcript, Qt.MouseButton.LeftButton)
    assert panel.showing_transcript
    assert panel.transcript_text.toPlainText() == "A tone."
    assert panel.transcript_title.text() == "Canon"
    assert QApplication.focusWidget() is panel.transcript_text
    kiosk.player.set_language("fr")
    assert panel.transcript_text.toPlainText() == "Une note.", "it follows the language"
    press(Qt.Key.Key_Escape)
    assert panel.is_open
    assert not panel.showing_transcript, "Escape goes back to the settings first"


def test_an_exhibit_without_a_transcript_offers_its_captions_as_text(tiny_bundle) -> None:
    found = tiny_bundle.manifest.find("music/canon")
    assert found is not None
    sound = found[1]
    assert isinstance(sound, AudioExhibit)
    with_transcript = transcript_for(sound, tiny_bundle, "en")
    assert with_transcript is not None
    assert not with_transcript.from_captions
    captions_only = transcript_for(dataclasses.replace(sound, transcript=None), tiny_bundle, "fr")
    assert captions_only is not None
    assert captions_only.from_captions
    assert captions_only.markdown == "Une note"
    assert transcript_for(dataclasses.replace(sound, transcript=None, captions=None), tiny_bundle, "en") is None


def test_a_touch_beside_the_menu_closes_it_and_presses_nothing(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk(size=FULL_HD)
    kiosk.player.touch()
    window = kiosk.window
    settle()
    window.access.open()
    panel = window.access.panel
    tile = window.home.tiles[0]
    spot = tile.mapTo(window, tile.rect().center())
    assert not panel.sheet.geometry().contains(spot)
    qtbot.mouseClick(panel, Qt.MouseButton.LeftButton, pos=spot)
    assert not panel.is_open
    assert kiosk.player.location.screen is Screen.HOME, "the tile under the touch was not opened"


def test_everything_the_menu_changed_is_forgotten_when_the_visit_ends(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk(size=FULL_HD)
    kiosk.player.touch()
    kiosk.player.open_exhibit(1, 0)
    window = kiosk.window
    defaults_px = window.stage.theme.body_px
    window.access.open()
    panel = window.access.panel
    for button in (panel.size_buttons[1.25], panel.contrast, panel.captions, panel.louder,
                   panel.language_buttons["ar"], panel.read_transcript):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert kiosk.player.settings == VisitSettings(language="ar", text_scale=1.25, high_contrast=True,
                                                  captions=False, volume=0.9)
    assert panel.showing_transcript
    kiosk.advance(TIMINGS.idle_timeout + TIMINGS.still_there)
    assert kiosk.player.location == ATTRACT
    assert kiosk.player.settings == VisitSettings(language="en")
    assert not panel.is_open
    assert not window.access.button.isVisible()
    assert window.stage.theme.body_px == defaults_px
    assert not window.stage.theme.high_contrast
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    kiosk.player.touch()
    settle()
    assert window.access.button.isVisible()
    window.access.open()
    assert not panel.showing_transcript
    assert panel.size_buttons[1.0].isChecked()
    assert not panel.contrast.isChecked()
    assert panel.captions.isChecked()
    assert panel.volume.value() == 80
    assert panel.language_buttons["en"].isChecked()
    assert panel.title.text() == "Accessibility"
    assert kiosk.player.location == HOME
