"""The text's language picks the CJK face: the same code point is drawn in Japanese, Korean,
simplified or traditional Chinese forms; and Hebrew, Japanese and Korean have every glyph from
the kiosk's own fonts on a machine with no fonts at all."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QFont, QImage, QPainter, QTextLayout
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.bundle.writing import HanForm
from kiosk.ui import fonts
from kiosk.ui.theme import Theme
from tests.ui.test_fonts import NO_SYSTEM_FONTS

ROOT = Path(__file__).resolve().parents[2]
# Characters whose shapes differ between all four regions (the inner box of 骨, 述's dot, 次's left side).
REGIONAL = "骨述次"

SAMPLES = {
    "he": "ברוכים הבאים לתערוכה: שָׁלוֹם, 2020–2021",
    "ja": "人工知能と知的財産・展示へようこそ「直骨」𠮟る",
    "ko": "인공지능과 지식재산 전시에 오신 것을 환영합니다 똠방각하",
    "zh-Hant": "人工智慧與智慧財產權，歡迎參觀展覽。",
    "zh": "人工智能与知识产权，欢迎参观展览。",
}


def runs(text: str, font: QFont) -> list[tuple[str, list[int]]]:
    """(family, glyph indexes) of each run Qt lays `text` out in."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [(run.rawFont().familyName(), list(run.glyphIndexes())) for run in layout.lineAt(0).glyphRuns()]


def picture(text: str, font: QFont) -> QImage:
    image = QImage(200, 80, QImage.Format.Format_Grayscale8)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(Qt.GlobalColor.black)
    painter.drawText(QPointF(4, 60), text)
    painter.end()
    return image


def theme_for(language: str) -> Theme:
    return Theme.create(None, QSize(1920, 1080), language=language)


@pytest.mark.parametrize(
    ("language", "face"),
    [("ja", fonts.CJK_JP), ("ko", fonts.CJK_KR), ("zh", fonts.CJK_SC), ("zh-Hans", fonts.CJK_SC),
     ("zh-Hant", fonts.CJK_TC), ("zh-TW", fonts.CJK_TC), ("zh-HK", fonts.CJK_TC), ("en", fonts.CJK_SC)],
)
def test_the_visits_language_picks_the_face_of_its_han_forms(qapp, language: str, face: str) -> None:
    theme = theme_for(language)
    assert theme.families[:3] == [fonts.LATIN, fonts.ARABIC, fonts.HEBREW]
    assert theme.families[3] == face
    assert {family for family, _ in runs(REGIONAL, theme.font(40))} == {face}


def test_japanese_and_chinese_forms_of_the_same_characters_differ(qapp) -> None:
    pictures = {language: [picture(c, theme_for(language).font(60)) for c in REGIONAL]
                for language in ("ja", "zh", "zh-Hant", "ko")}
    for index, character in enumerate(REGIONAL):
        assert pictures["ja"][index] != pictures["zh"][index], f"{character}: the JP and SC forms look alike"
        assert pictures["zh-Hant"][index] != pictures["zh"][index], f"{character}: the TC and SC forms look alike"
        assert pictures["ko"][index] != pictures["zh-Hant"][index], f"{character}: the KR and TC forms look alike"
    assert picture("直", theme_for("ja").font(60)) != picture("直", theme_for("zh").font(60))
    # And a character all regions draw alike stays alike: the comparison itself can tell sameness.
    assert picture("一", theme_for("ja").font(60)) == picture("一", theme_for("zh").font(60))


def test_going_from_english_to_french_keeps_the_theme_so_nothing_restyles(qapp) -> None:
    assert theme_for("en") == theme_for("fr") == theme_for("ru")
    assert theme_for("ja") != theme_for("en")
    assert theme_for("ja").han is HanForm.JAPANESE


def test_a_caption_in_another_language_takes_its_own_face(qapp) -> None:
    """A Japanese caption track on a Chinese visit: the visit's font, its CJK faces reordered."""
    visit = Theme.create(None, QSize(1920, 1080), language="zh", family="Museum Serif")
    visit = Theme(visit.background, visit.foreground, visit.accent, "Museum Serif", extra_families=("Bundle Deva",))
    caption = fonts.for_language(visit.font(38, QFont.Weight.Medium), "ja")
    assert caption.families() == ["Museum Serif", "Bundle Deva", fonts.LATIN, fonts.ARABIC, fonts.HEBREW,
                                  fonts.CJK_JP, fonts.CJK_TC, fonts.CJK_SC, fonts.CJK_KR]
    assert caption.pixelSize() == visit.font(38).pixelSize()
    assert caption.weight() == QFont.Weight.Medium


RENDER = textwrap.dedent("""
    import json, sys
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QFontDatabase, QTextLayout
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    system = QFontDatabase.families()
    from kiosk.ui import fonts
    from kiosk.ui.theme import Theme
    register_ms = fonts.register_app_fonts()
    results = {}
    for language, text in json.loads(sys.argv[1]).items():
        font = Theme.create(None, QSize(1920, 1080), language=language).font(30)
        layout = QTextLayout(text, font)
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        runs = [(run.rawFont().familyName(), list(run.glyphIndexes())) for run in layout.lineAt(0).glyphRuns()]
        results[language] = {"families": sorted({f for f, _ in runs}), "notdef": sum(g.count(0) for _, g in runs)}
    print(json.dumps({"system": system, "register_ms": register_ms, "results": results}))
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="hides the system's fonts through fontconfig")
def test_hebrew_japanese_and_korean_have_every_glyph_on_a_machine_without_fonts(tmp_path) -> None:
    config = tmp_path / "fonts.conf"
    config.write_text(NO_SYSTEM_FONTS.format(cache=tmp_path / "cache"), encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", RENDER, json.dumps(SAMPLES)], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=60, check=True)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert not set(report["system"]) & set(fonts.CHAIN), "the machine's Noto fonts were not hidden"
    results = report["results"]
    for language, found in results.items():
        assert found["notdef"] == 0, f"boxes in the {language} sample"
    assert results["he"]["families"] == sorted([fonts.HEBREW, fonts.LATIN])
    assert results["ja"]["families"] == [fonts.CJK_JP]
    assert results["ko"]["families"] == sorted([fonts.CJK_KR, fonts.LATIN])  # the spaces are Noto Sans's
    assert results["zh-Hant"]["families"] == [fonts.CJK_TC]
    assert results["zh"]["families"] == [fonts.CJK_SC]


@pytest.mark.parametrize(("language", "face"), [("ja", fonts.CJK_JP), ("zh", fonts.CJK_SC), ("ko", fonts.CJK_KR)])
def test_labels_styled_by_the_style_sheet_keep_the_languages_face(qtbot, language: str, face: str) -> None:
    """The style sheet names the families; the window's font brings the rest (the form's axis)."""
    theme = theme_for(language)
    window = QWidget()
    qtbot.addWidget(window)
    window.setFont(theme.font(theme.body_px))
    window.setStyleSheet(theme.stylesheet())
    screen = QWidget(window)
    screen.setProperty("screen", True)
    label = QLabel(REGIONAL, screen)
    label.setProperty("role", "title")
    label.ensurePolished()
    assert label.font().pixelSize() == theme.title_px
    assert {family for family, _ in runs(REGIONAL, label.font())} == {face}
