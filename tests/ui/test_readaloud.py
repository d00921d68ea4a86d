"""Read aloud, from the accessibility menu: the bundle's recording with its captions, else a
machine voice (Qt's 'mock' engine here: English and Nordic voices, no French), else a calm
sentence saying there is no voice. It stops on leaving, at the end of the visit, when pressed
again; and while it reads, the visitor is there: the idle countdown waits."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk.bundle.playable import PlayableBundle, load_playable
from kiosk.play.navigation import ATTRACT, Screen
from kiosk.play.readaloud import passages_for
from kiosk.ui.a11y import readaloud
from kiosk.ui.a11y.readaloud import Outcome
from kiosk.ui.i18n import say
from tests.media import ffmpeg
from tests.ui.conftest import MEDIA_NOISE, TIMINGS, Kiosk

pytest_plugins = [f"{__package__}.conftest_a11y"]
pytestmark = [MEDIA_NOISE]

INTRO_BODY_AR = '          ar: "# آلات ترسم\\n\\nبرنامج يرسم حقول التدفق والفسيفساء."\n'
NARRATION = (
    "        narration: {en: narration/intro.en.wav, fr: narration/intro.fr.wav}\n"
    "        narration_captions: {en: narration/intro.en.vtt, fr: narration/intro.fr.vtt}\n"
)
CUES = {"en": "Machines that paint", "fr": "Des machines qui peignent"}


@pytest.fixture(autouse=True)
def mock_voices(monkeypatch: pytest.MonkeyPatch) -> None:
    """Qt's mock engine: voices for en_GB, en_US, nb_NO, nn_NO and fi_FI, none for French or Arabic."""
    monkeypatch.setattr(readaloud, "ENGINE", "mock")


@pytest.fixture(scope="module")
def narrated_bundle(tiny_bundle_path: Path, tmp_path_factory: pytest.TempPathFactory) -> PlayableBundle:
    """The tiny bundle with a recorded narration of its text exhibit in English and French."""
    root = tmp_path_factory.mktemp("narrated") / "tiny"
    shutil.copytree(tiny_bundle_path, root)
    manifest = (root / "exhibition.yaml").read_text(encoding="utf-8")
    assert INTRO_BODY_AR in manifest
    (root / "exhibition.yaml").write_text(manifest.replace(INTRO_BODY_AR, INTRO_BODY_AR + NARRATION),
                                          encoding="utf-8")
    (root / "narration").mkdir()
    for code, text in CUES.items():
        ffmpeg("-f", "lavfi", "-i", "sine=frequency=330:duration=1.5", "-ac", "1", "-ar", "22050",
                str(root / "narration" / f"intro.{code}.wav"))
        (root / "narration" / f"intro.{code}.vtt").write_text(
            f"WEBVTT\n\n00:00.000 --> 00:01.400\n{text}\n", encoding="utf-8")
    return load_playable(root, tmp_path_factory.mktemp("narrated-cache"))


@pytest.fixture
def on_the_text(make_kiosk) -> Callable[..., Kiosk]:
    def make(bundle: PlayableBundle | None = None, language: str = "en") -> Kiosk:
        kiosk: Kiosk = make_kiosk(size=(1920, 1080), bundle=bundle, real_time=False)
        kiosk.player.touch()
        kiosk.player.set_language(language)
        kiosk.player.open_exhibit(0, 0)
        kiosk.window.access.open()
        return kiosk

    return make


def press_read_aloud(kiosk: Kiosk, qtbot) -> None:
    panel = kiosk.window.access.panel
    assert panel.read_aloud.isVisible()
    qtbot.mouseClick(panel.read_aloud, Qt.MouseButton.LeftButton)


def press_for_a_voice(kiosk: Kiosk, qtbot) -> Outcome:
    """Press Read aloud on an exhibit without a recording; the answer comes from the voice's thread."""
    reader = kiosk.window.access.panel.reader
    with qtbot.waitSignal(reader.decided, timeout=5000) as decided:
        press_read_aloud(kiosk, qtbot)
        assert reader.outcome is Outcome.PREPARING
    return Outcome(decided.args[0])


def test_the_recording_plays_with_its_captions_in_each_language(on_the_text, narrated_bundle, qtbot) -> None:
    kiosk = on_the_text(narrated_bundle)
    window, panel = kiosk.window, kiosk.window.access.panel
    assert panel.read_aloud.text() == "Read aloud"
    for language in ("en", "fr"):
        if language != "en":
            window.access.open()
            qtbot.mouseClick(panel.language_buttons[language], Qt.MouseButton.LeftButton)
        press_read_aloud(kiosk, qtbot)
        reader, bar = panel.reader, panel.reading_bar
        assert reader.outcome is Outcome.RECORDING
        assert reader.session is not None
        assert reader.session.path.name == f"intro.{language}.wav"
        assert not panel.is_open, "the menu closes so that the visitor sees what is read"
        assert bar.isVisible()
        assert bar.heading.text() == ("Reading aloud" if language == "en" else "Lecture à voix haute")
        qtbot.waitUntil(lambda box=bar.caption_box, cue=CUES[language]: box.text == cue, timeout=5000)
        assert kiosk.player.session.media_playing, "the idle countdown waits while it reads"
        with qtbot.waitSignal(reader.reading_changed, timeout=5000) as ended:
            pass
        assert ended.args == [False], "the recording played to its end"
        assert not bar.isVisible()
        assert not kiosk.player.session.media_playing
    assert reader.spoken == [], "no machine voice spoke over the recordings"


def test_reading_stops_on_leaving_when_pressed_again_and_at_the_end_of_the_visit(
        on_the_text, narrated_bundle, qtbot) -> None:
    kiosk = on_the_text(narrated_bundle)
    window, panel = kiosk.window, kiosk.window.access.panel
    reader = panel.reader
    press_read_aloud(kiosk, qtbot)
    assert reader.reading
    kiosk.player.next_exhibit()
    assert not reader.reading, "leaving the screen silences it"
    assert reader.session is None
    assert not panel.reading_bar.isVisible()
    kiosk.player.previous_exhibit()
    window.access.open()
    press_read_aloud(kiosk, qtbot)
    assert reader.reading
    window.access.open()
    assert panel.read_aloud.text() == "Stop reading"
    assert panel.read_aloud.isChecked()
    press_read_aloud(kiosk, qtbot)
    assert not reader.reading, "a second press stops it"
    assert panel.read_aloud.text() == "Read aloud"
    window.access.close()
    press = panel.reading_bar.stop_button
    window.access.open()
    press_read_aloud(kiosk, qtbot)
    assert panel.reading_bar.isVisible()
    qtbot.mouseClick(press, Qt.MouseButton.LeftButton)
    assert not reader.reading, "the strip's Stop stops it"
    assert not panel.reading_bar.isVisible()
    window.access.open()
    press_read_aloud(kiosk, qtbot)
    kiosk.player.reset()
    assert kiosk.player.location == ATTRACT
    assert not reader.reading, "the end of the visit silences it"
    assert not panel.reading_bar.isVisible()


def test_the_idle_countdown_waits_while_the_screen_is_read(on_the_text, narrated_bundle, qtbot) -> None:
    kiosk = on_the_text(narrated_bundle)
    panel = kiosk.window.access.panel
    press_read_aloud(kiosk, qtbot)
    kiosk.advance(TIMINGS.idle_timeout + TIMINGS.still_there + 1)
    assert kiosk.player.location.screen is Screen.EXHIBIT, "no 'still there?' while it reads"
    panel.stop_reading()
    kiosk.advance(TIMINGS.idle_timeout + TIMINGS.still_there + 1)
    assert kiosk.player.location == ATTRACT


def test_a_voice_reads_a_bundle_without_narration(on_the_text, tiny_bundle, qtbot) -> None:
    kiosk = on_the_text(tiny_bundle)
    panel = kiosk.window.access.panel
    reader, bar = panel.reader, panel.reading_bar
    expected = passages_for(tiny_bundle.manifest.sections[0].exhibits[0], "en", tiny_bundle.manifest.languages)
    assert expected == ("Introduction.", "Machines that paint.", "A program draws flow fields and mosaics.")
    assert press_for_a_voice(kiosk, qtbot) is Outcome.VOICE
    assert reader.outcome is Outcome.VOICE
    assert reader.voice.engine == "mock"
    assert reader.voice.locale in ("en_GB", "en_US")
    assert not panel.is_open
    assert bar.isVisible()
    assert bar.caption_box.text == "Introduction.", "the passage being said is the caption"
    assert kiosk.player.session.media_playing
    with qtbot.waitSignal(reader.reading_changed, timeout=10000) as ended:
        pass
    assert ended.args == [False]
    assert reader.spoken == list(expected)
    assert not bar.isVisible()
    assert not kiosk.player.session.media_playing


def test_a_voice_stops_when_the_visitor_changes_language(on_the_text, tiny_bundle, qtbot) -> None:
    kiosk = on_the_text(tiny_bundle)
    panel = kiosk.window.access.panel
    assert press_for_a_voice(kiosk, qtbot) is Outcome.VOICE
    assert panel.reader.reading
    kiosk.player.set_language("fr")
    assert not panel.reader.reading
    assert not panel.reading_bar.isVisible()
    assert panel.reader.spoken == ["Introduction."], "nothing more was handed to the voice"


def test_an_answer_for_a_reading_already_stopped_is_ignored(on_the_text, tiny_bundle, qtbot) -> None:
    kiosk = on_the_text(tiny_bundle)
    panel = kiosk.window.access.panel
    reader = panel.reader
    press_read_aloud(kiosk, qtbot)
    assert reader.outcome is Outcome.PREPARING
    kiosk.player.next_exhibit()
    assert reader.outcome is None
    assert not kiosk.player.session.media_playing
    kiosk.window.access.open()
    assert press_for_a_voice(kiosk, qtbot) is Outcome.VOICE, "the voice answers the new request"
    assert reader.spoken == ["Dawn."], "the first exhibit, left before the voice answered, is not read"


@pytest.mark.parametrize(("language", "message"), [
    ("fr", "Aucune voix pour cette langue sur cette borne"),
    ("ar", "لا يتوفر صوت لهذه اللغة على جهاز العرض هذا"),
])
def test_without_a_voice_the_menu_says_so(on_the_text, tiny_bundle, qtbot, language: str, message: str) -> None:
    kiosk = on_the_text(tiny_bundle, language)
    panel = kiosk.window.access.panel
    assert not panel.no_voice.isVisible()
    row_name = panel.row_labels["text_size"].geometry()
    button = panel.read_aloud.geometry()
    edge = (button.right(), row_name.right()) if language == "ar" else (button.left(), row_name.left())
    assert edge[0] == edge[1], "the button sits on the reading side, under the settings' names"
    assert press_for_a_voice(kiosk, qtbot) is Outcome.NO_VOICE
    assert panel.reader.outcome is None
    assert not panel.reader.reading
    assert panel.is_open, "the visitor stays where they pressed, and reads why"
    assert panel.no_voice.isVisible()
    assert panel.no_voice.text() == message
    assert not panel.read_aloud.isChecked()
    assert panel.read_aloud.text() == say("read_aloud", language)
    spot = panel.no_voice.mapTo(panel.sheet, panel.no_voice.rect().center())
    assert panel.sheet.rect().contains(spot), "the sentence is on the sheet, not scrolled out of sight"
    assert panel.scroll_area.viewport().rect().contains(panel.no_voice.mapTo(panel.scroll_area.viewport(),
                                                                             panel.no_voice.rect().center()))
    assert not panel.reading_bar.isVisible()
    assert not kiosk.player.session.media_playing
    qtbot.mouseClick(panel.language_buttons["en"], Qt.MouseButton.LeftButton)
    kiosk.player.next_exhibit()
    assert not panel.no_voice.isVisible(), "the sentence goes with the screen it was about"


def test_sound_and_film_offer_no_read_aloud(make_kiosk) -> None:
    kiosk: Kiosk = make_kiosk(size=(1920, 1080))
    kiosk.player.touch()
    kiosk.player.open_exhibit(1, 0)
    kiosk.window.access.open()
    assert not kiosk.window.access.panel.read_aloud.isVisible()
    kiosk.player.open_exhibit(0, 1)
    assert kiosk.window.access.panel.read_aloud.isVisible()


@pytest.mark.parametrize(("language", "first_cue"), [("en", "Machines that create."),
                                                     ("fr", "Des machines qui créent.")])
def test_the_sample_reads_its_first_page_from_its_recording(make_kiosk, sample_bundle, qtbot, language: str,
                                                            first_cue: str) -> None:
    kiosk: Kiosk = make_kiosk(size=(1920, 1080), bundle=sample_bundle)
    kiosk.player.touch()
    kiosk.player.set_language(language)
    kiosk.player.open_ref("introduction/welcome")
    kiosk.window.access.open()
    press_read_aloud(kiosk, qtbot)
    reader = kiosk.window.access.panel.reader
    assert reader.outcome is Outcome.RECORDING
    assert reader.session is not None
    assert reader.session.path.as_posix().endswith(f"narration/introduction/welcome.{language}.ogg")
    assert reader.track is not None
    assert reader.track.cues[0].text == first_cue
    bar = kiosk.window.access.panel.reading_bar
    qtbot.waitUntil(lambda: bar.caption_box.text == first_cue, timeout=5000)
