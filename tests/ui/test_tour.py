"""The tour plays the whole small bundle by itself, media to their end, and loops."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt

from kiosk.bundle.playable import load_playable
from kiosk.play.navigation import Location, Screen
from kiosk.play.tour import DwellDefaults
from kiosk.ui.exhibits.style import Timing
from tests.ui.conftest import MEDIA_NOISE, MEDIA_NOISE_PATTERNS, Kiosk

pytestmark = MEDIA_NOISE

QUICK = DwellDefaults(section=0.3, text=0.3, article=0.3, image=0.3, gallery_image=0.1,
                      unplayable_media=0.3, media_limit=20)


def test_the_tour_visits_every_section_and_exhibit_and_loops(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk(tour=True, start=False, real_time=True, dwell=QUICK)
    player = kiosk.player
    seen: list[str | None] = []
    kiosk.window.screen_shown.connect(lambda fields: seen.append(fields["ref"]))
    player.start()
    qtbot.waitUntil(lambda: player.tour.rounds >= 1, timeout=30_000)
    assert seen[:11] == [
        "art", "art/intro", "art/dawn", "art/series",
        "music", "music/canon", "music/studio",
        "topics", "topics/trademarks",
        "art", "art/intro",
    ][: len(seen[:11])]
    assert {"art/series", "music/canon", "music/studio", "topics/trademarks"} <= set(seen)
    assert player.touring


def test_a_touch_hands_the_tour_to_the_visitor(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk(tour=True)
    assert kiosk.player.touring
    assert kiosk.player.location == Location(Screen.SECTION, 0)
    kiosk.advance(6)
    assert kiosk.player.location == Location(Screen.EXHIBIT, 0, 0)
    qtbot.mouseClick(kiosk.window.exhibit.header.where, Qt.MouseButton.LeftButton)
    assert not kiosk.player.touring
    kiosk.advance(60)
    assert kiosk.player.location == Location(Screen.EXHIBIT, 0, 0), "the visitor stays where the tour left"
    kiosk.advance(30 + 10)
    assert kiosk.player.touring, "after the visitor leaves, the tour starts again"
    assert kiosk.player.location == Location(Screen.SECTION, 0)


@pytest.mark.qt_log_ignore(*MEDIA_NOISE_PATTERNS, r"Could not open media")
def test_missing_media_shows_a_placeholder_and_the_tour_goes_on(make_kiosk, qtbot, tiny_bundle_path, tmp_path,
                                                                   monkeypatch, caplog) -> None:
    monkeypatch.setattr(Timing, "placeholder_dwell_ms", 100)
    copy = tmp_path / "broken"
    shutil.copytree(tiny_bundle_path, copy)
    bundle = load_playable(copy, tmp_path / "cache")
    (copy / "media" / "dawn.png").unlink()  # the disk changed under a running kiosk
    (copy / "media" / "canon.wav").write_bytes(b"RIFF\0\0\0\0WAVEjunk")
    kiosk: Kiosk = make_kiosk(tour=True, start=False, real_time=True, dwell=QUICK, bundle=bundle)
    seen: list[str | None] = []
    kiosk.window.screen_shown.connect(lambda fields: seen.append(fields["ref"]))
    kiosk.player.start()
    qtbot.waitUntil(lambda: kiosk.player.tour.rounds >= 1, timeout=30_000)
    assert {"art/dawn", "music/canon", "music/studio"} <= set(seen)
    assert "dawn.png" in caplog.text
