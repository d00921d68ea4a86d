"""The player reads a SubRip file like a WebVTT one, through the same door as the validator."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from kiosk.bundle.declare import CaptionFiles
from kiosk.ui.exhibits.captions import load_captions


def test_the_player_loads_subrip_and_webvtt_captions(tmp_path: Path) -> None:
    (tmp_path / "film.fr.srt").write_bytes(b"\xef\xbb\xbf1\r\n00:00:01,000 --> 00:00:03,000\r\n<i>Salut</i> & bonjour\r\n")
    (tmp_path / "film.en.vtt").write_text("WEBVTT\nKind: captions\n\n00:01.000 --> 00:03.000\nHello\n", encoding="utf-8")
    bundle = SimpleNamespace(file=lambda relative: tmp_path / relative, manifest=SimpleNamespace(languages=("en", "fr")))
    files = CaptionFiles({"en": "film.en.vtt", "fr": "film.fr.srt"})
    french = load_captions(bundle, files, "fr")  # type: ignore[arg-type]
    english = load_captions(bundle, files, "en")  # type: ignore[arg-type]
    assert french is not None
    assert english is not None
    assert [(cue.start, cue.end, cue.text) for cue in french.cues] == [(1.0, 3.0, "<i>Salut</i> &amp; bonjour")]
    assert [(cue.start, cue.end, cue.text) for cue in english.cues] == [(1.0, 3.0, "Hello")]
