"""Audio and video views: playing to the end, captions in step and in the visit's language,
the poster before playback, controls for fingers, and a recording that cannot play."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtTest import QTest

from kiosk.ui.exhibits.audio import AudioView
from kiosk.ui.exhibits.base import ExhibitContext
from kiosk.ui.exhibits.captions import CaptionBox, choose_captions, paint_caption
from kiosk.ui.exhibits.cue_render import shown_cue
from kiosk.ui.exhibits.media_controls import format_time
from kiosk.ui.exhibits.video import VideoView

pytest_plugins = [f"{__package__}.conftest_exhibits"]

END_TIMEOUT = 8000  # the media last 1.2 s and play in real time


def audio(show_view, **options: object) -> AudioView:
    view = show_view("sound/tone", **options)
    assert isinstance(view, AudioView)
    return view


def video(show_view, **options: object) -> VideoView:
    view = show_view("sound/clip", **options)
    assert isinstance(view, VideoView)
    return view


def test_audio_plays_to_its_end_from_the_tour(qtbot, show_view) -> None:
    view = audio(show_view)
    assert view.waits_for_end()
    states: list[bool] = []
    view.playing_changed.connect(states.append)
    with qtbot.waitSignal(view.finished, timeout=END_TIMEOUT):
        view.start_tour()
        qtbot.waitUntil(lambda: states == [True], timeout=END_TIMEOUT)
    assert states == [True, False]
    assert view.transport.play_button.glyph == "replay"
    assert view.transport.total.text() == "0:01"


def test_audio_captions_follow_the_position_and_the_language(qtbot, show_view, exhibit_bundle) -> None:
    view = audio(show_view)
    assert view.caption_box.isVisible()
    view.transport.seek_requested.emit(200)
    assert view.caption_box.text == "First words"
    view.transport.seek_requested.emit(900)
    assert view.caption_box.text == "Second words"
    view.set_context(ExhibitContext(exhibit_bundle, "ar"))
    view.transport.seek_requested.emit(200)
    assert view.caption_box.text == "الكلمات الأولى"
    assert view.caption_box.rtl
    assert view.title_label.text() == "نغمة"
    assert "واحدة" in view.transcript.toPlainText()


def test_captions_can_be_turned_off_by_the_visit_or_the_button(qtbot, show_view, exhibit_bundle) -> None:
    view = audio(show_view, captions=False)
    view.transport.seek_requested.emit(200)
    assert view.caption_box.text == ""
    assert not view.transport.captions_button.isChecked()
    with qtbot.waitSignal(view.captions_toggled) as blocker:
        QTest.mouseClick(view.transport.captions_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [True]
    assert view.caption_box.text == "First words"


def test_audio_controls_are_big_enough_for_fingers(show_view) -> None:
    view = audio(show_view, size=(1920, 1080))
    transport = view.transport
    assert transport.play_button.width() >= 88
    assert transport.slider.height() >= 44
    assert transport.captions_button.width() >= 44
    assert view.title_label.font().pixelSize() >= 64


def test_a_seek_bar_tap_jumps_there(qtbot, show_view) -> None:
    view = audio(show_view)
    view.transport.set_duration(1200)
    slider = view.transport.slider
    with qtbot.waitSignal(view.transport.seek_requested) as blocker:
        QTest.mousePress(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         slider.rect().center())
    QTest.mouseRelease(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       slider.rect().center())
    assert 450 <= blocker.args[0] <= 750


def test_video_shows_its_poster_then_plays_to_its_end(qtbot, show_view) -> None:
    view = video(show_view)
    surface = view.surface
    assert surface.poster is not None
    qtbot.waitUntil(lambda: surface.poster.has_image)
    assert surface.poster.isVisible()
    assert surface.play_overlay.isVisible()
    assert surface.frames_shown == 0, "no frame replaces the poster before playback"
    with qtbot.waitSignal(view.playing_changed, timeout=END_TIMEOUT) as started:
        QTest.mouseClick(surface.play_overlay, Qt.MouseButton.LeftButton)
    assert started.args == [True]
    qtbot.waitUntil(lambda: surface.frames_shown > 0, timeout=END_TIMEOUT)
    assert not surface.poster.isVisible()
    assert not surface.play_overlay.isVisible()
    with qtbot.waitSignal(view.finished, timeout=END_TIMEOUT):
        pass
    assert surface.play_overlay.isVisible()
    assert surface.play_overlay.glyph == "replay"


def test_video_captions_are_drawn_over_the_picture_in_the_visit_language(
        qtbot, show_view) -> None:
    view = video(show_view, language="fr")
    view.transport.seek_requested.emit(300)
    assert view.surface.caption == "Premiers mots"
    view.transport.seek_requested.emit(800)
    assert view.surface.caption == "Seconds mots"


def test_a_caption_is_drawn_light_on_a_dark_box_inside_the_area() -> None:
    image = QImage(800, 450, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    font = QFont()
    font.setPixelSize(36)
    area = QRectF(0, 0, 800, 450)
    box = paint_caption(painter, area, "Who owns the tune?", font, rtl=False)
    painter.end()
    assert area.contains(box)
    assert box.center().y() > area.center().y(), "captions sit low on the picture"
    corner = image.pixelColor(round(box.left()) + 4, round(box.center().y()))
    assert corner.lightness() < 60, "a dark backing box keeps the words readable over any picture"


def test_captions_fall_back_to_the_bundle_languages(exhibit_bundle) -> None:
    exhibit = exhibit_bundle.manifest.find("sound/clip")[1]
    assert choose_captions(exhibit.captions, "fr", ("en", "fr", "ar")) == ("fr", "media/clip.fr.vtt")
    assert choose_captions(exhibit.captions, "ru", ("en", "fr", "ar")) == ("en", "media/clip.en.vtt")


def test_deactivate_stops_and_releases(qtbot, show_view) -> None:
    view = video(show_view)
    with qtbot.waitSignal(view.playing_changed, timeout=END_TIMEOUT):
        view.start_tour()
    with qtbot.waitSignal(view.playing_changed) as stopped:
        view.deactivate()
    assert stopped.args == [False]
    assert view.session.player is None
    assert view.surface.poster is not None
    assert view.surface.poster.isVisible()


@pytest.mark.qt_log_ignore("Could not open media")
def test_a_recording_that_cannot_play_shows_the_placeholder(
        qtbot, show_view, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, "kiosk.ui.exhibits"):
        view = show_view("sound/broken")
        qtbot.waitUntil(lambda: view.failed, timeout=5000)
    assert "broken.mp3" in caplog.text
    assert view.placeholder is not None
    assert view.placeholder.title.text() == "A broken recording"
    with qtbot.waitSignal(view.finished, timeout=2000):
        view.start_tour()


@pytest.mark.parametrize(("milliseconds", "text"), [(0, "0:00"), (61_500, "1:01"), (3_723_000, "1:02:03")])
def test_times_read_as_minutes_and_seconds(milliseconds: int, text: str) -> None:
    assert format_time(milliseconds) == text


def test_the_sound_caption_box_has_room_for_its_longest_cue(qtbot) -> None:
    box = CaptionBox()
    qtbot.addWidget(box)
    box.show()
    font = QFont()
    font.setPixelSize(36)
    box.set_caption_font(font)
    two_lines = box.height()
    box.resize(420, box.height())
    longest = "a softer, lower voice, like a wooden marimba, repeats the tune one bar behind"
    box.set_cues((shown_cue("short"), shown_cue(longest)))
    image = QImage(420, 1000, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    drawn = paint_caption(painter, QRectF(0, 0, 420, 1000), longest, font, rtl=False, anchor_bottom=False,
                          max_width_fraction=1.0)
    painter.end()
    assert drawn.height() > two_lines, "the cue wraps past two lines at this width"
    assert box.height() >= drawn.height()
    box.resize(1600, box.height())
    assert box.height() == two_lines, "wide enough again: back to two lines' room"
