"""A bundle with a garbage picture and a garbage caption file plays its whole tour, and
previews every screen: the picture's exhibit shows its placeholder, the sound plays with the
captions it falls back to, and the log names both files."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from kiosk.bundle.playable import PlayableBundle, load_playable
from kiosk.play.tour import DwellDefaults
from kiosk.ui.exhibits.audio import AudioView
from kiosk.ui.exhibits.placeholder import PlaceholderView
from kiosk.ui.exhibits.style import Timing
from kiosk.ui.preview import preview
from tests.ui.conftest import MEDIA_NOISE, Kiosk

pytestmark = MEDIA_NOISE

GARBAGE = b"<html><body>502 Bad Gateway</body></html>\n"
QUICK = DwellDefaults(section=0.3, text=0.3, article=0.3, image=0.3, gallery_image=0.1,
                      unplayable_media=0.3, media_limit=20)
EVERY_STOP = ["art", "art/intro", "art/dawn", "art/series", "music", "music/canon", "music/studio",
              "topics", "topics/trademarks"]


@pytest.fixture
def damaged(tiny_bundle_path: Path, tmp_path: Path) -> Path:
    """The small bundle with its image exhibit's picture and its sound's English captions replaced by garbage."""
    copy = tmp_path / "damaged"
    shutil.copytree(tiny_bundle_path, copy)
    (copy / "media" / "dawn.png").write_bytes(GARBAGE)
    (copy / "media" / "canon.en.vtt").write_bytes(GARBAGE)
    return copy


def test_the_tour_plays_every_exhibit_around_the_broken_files(make_kiosk, qtbot, damaged: Path, tmp_path: Path,
                                                              monkeypatch, caplog) -> None:
    monkeypatch.setattr(Timing, "placeholder_dwell_ms", 100)
    with caplog.at_level(logging.WARNING):
        bundle: PlayableBundle = load_playable(damaged, tmp_path / "cache")
    assert bundle.broken == {"media/dawn.png", "media/canon.en.vtt"}
    assert "playing without media/canon.en.vtt: media/canon.en.vtt:1: error:" in caplog.text
    assert "playing without media/dawn.png: exhibition.yaml:" in caplog.text
    kiosk: Kiosk = make_kiosk(tour=True, start=False, real_time=True, dwell=QUICK, bundle=bundle, language="en")
    seen: list[str | None] = []
    views: dict[str, object] = {}

    def shown(fields: dict[str, object]) -> None:
        ref = str(fields["ref"])
        seen.append(ref)
        views.setdefault(ref, kiosk.window.exhibit.view)

    kiosk.window.screen_shown.connect(shown)
    kiosk.player.start()
    qtbot.waitUntil(lambda: kiosk.player.tour.rounds >= 1, timeout=30_000)
    assert seen[: len(EVERY_STOP)] == EVERY_STOP
    dawn = views["art/dawn"]
    assert isinstance(dawn, PlaceholderView)
    assert dawn.reason == "media/dawn.png is broken (the bundle's check found it unplayable)"
    canon = views["music/canon"]
    assert isinstance(canon, AudioView)
    assert canon.track is not None
    assert canon.track.language == "fr", "the sound falls back to captions that work, as if English had none"
    assert "exhibit 'dawn' cannot be shown: media/dawn.png is broken" in caplog.text


def test_preview_renders_every_screen_and_names_the_broken_files(damaged: Path, tmp_path: Path, caplog) -> None:
    out = tmp_path / "previews"
    assert preview(damaged, out, (640, 360), None) == 0
    assert len(list(out.glob("*.png"))) == 12, "eleven screens and the contact sheet"
    assert ("2 broken file(s) will show as placeholders or play without their captions: "
            "media/canon.en.vtt, media/dawn.png") in caplog.text


def test_broken_covers_posters_and_fonts_are_left_out(tiny_bundle_path: Path, tmp_path: Path, caplog) -> None:
    copy = tmp_path / "covers"
    shutil.copytree(tiny_bundle_path, copy)
    manifest = (copy / "exhibition.yaml").read_text(encoding="utf-8")
    (copy / "exhibition.yaml").write_text(manifest.replace("languages: [en, fr, ar]\n",
                                                           "languages: [en, fr, ar]\ntheme:\n  font: face.ttf\n"),
                                          encoding="utf-8")
    for name in ("face.ttf", "media/cover-music.png", "media/poster.png"):
        (copy / name).write_bytes(GARBAGE)
    out = tmp_path / "previews"
    assert preview(copy, out, (640, 360), None) == 0
    assert len(list(out.glob("*.png"))) == 12
    assert "3 broken file(s)" in caplog.text
    assert "font face.ttf cannot be read; using the default typeface" in caplog.text
