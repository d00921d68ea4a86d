"""`kiosk preview` renders every screen to PNG files and a contact sheet."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from kiosk.ui.preview import preview
from tests.ui.conftest import MEDIA_NOISE

pytestmark = MEDIA_NOISE


def test_preview_writes_every_screen(tiny_bundle_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "previews"
    assert preview(tiny_bundle_path, out, (960, 540), None) == 0
    names = sorted(p.name for p in out.glob("*.png"))
    assert names == [
        "00-attract.png", "01-home.png", "02-section-art.png", "03-art-intro.png", "04-art-dawn.png",
        "05-art-series.png", "06-section-music.png", "07-music-canon.png", "08-music-studio.png",
        "09-section-topics.png", "10-topics-trademarks.png", "contact.png",
    ]
    home = QImage(str(out / "01-home.png"))
    assert (home.width(), home.height()) == (960, 540)
    colours = {home.pixel(x, y) for x in range(0, 960, 40) for y in range(0, 540, 40)}
    assert len(colours) > 4, "not a blank frame"
    sheet = QImage(str(out / "contact.png"))
    assert sheet.width() > 4 * 300
    assert sheet.height() > 2 * 200


def test_preview_in_arabic(tiny_bundle_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "ar"
    assert preview(tiny_bundle_path, out, (640, 360), "ar") == 0
    assert (out / "04-art-dawn.png").is_file()


def test_preview_refuses_a_language_the_bundle_lacks(tiny_bundle_path: Path, tmp_path: Path, caplog) -> None:
    assert preview(tiny_bundle_path, tmp_path / "x", (640, 360), "de") == 1
    assert "the bundle has no language 'de'; it has: en, fr, ar" in caplog.text
    assert not (tmp_path / "x").exists()


def test_preview_of_a_broken_bundle_reports_its_errors(tmp_path: Path, caplog) -> None:
    (tmp_path / "exhibition.yaml").write_text("format: 1\nid: broken\n", encoding="utf-8")
    assert preview(tmp_path, tmp_path / "out", (640, 360), None) == 1
    assert "cannot be previewed" in caplog.text
