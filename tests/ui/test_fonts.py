"""The kiosk's own fonts: shipped with their licence, covering every word it and the sample show,
found when installed, and drawing every script without boxes on a machine with no fonts at all."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest
import yaml
from PySide6.QtCore import QSize
from PySide6.QtGui import QFont, QRawFont

from kiosk import paths
from kiosk.ui import fonts, i18n
from kiosk.ui.i18n import LANGUAGES
from kiosk.ui.languages import native_name
from kiosk.ui.theme import Theme

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "assets" / "fonts"
SAMPLE = ROOT / "exhibits" / "ai-and-ip"
# Noto Sans, Arabic and Hebrew whole, four CJK subsets in two weights: 26.1 MB (make_fonts.py).
MAX_BYTES = 27_000_000
# Languages a bundle is likely to offer: their names must draw from the shipped fonts.
NAMED = ("ar", "de", "en", "es", "fr", "he", "it", "ja", "ko", "nl", "pt", "pt-BR", "ru", "zh", "zh-Hans", "zh-Hant",
         "zh-TW", "el", "uk", "sr-Latn", "sr-Cyrl", "fa", "ur", "yi", "tr", "pl", "vi")


def catalogue_texts() -> dict[str, list[str]]:
    return {lang: list(i18n.catalogue(lang).values()) for lang in LANGUAGES}


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in _strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value)]
    return []


def sample_texts() -> list[str]:
    """Every string of the sample's manifest, and its captions and transcripts."""
    texts = _strings(yaml.safe_load((SAMPLE / "exhibition.yaml").read_text(encoding="utf-8")))
    for path in sorted(SAMPLE.rglob("*")):
        if path.suffix in (".vtt", ".txt", ".md"):
            texts.append(path.read_text(encoding="utf-8"))
    return texts


def test_the_fonts_ship_with_their_licence_and_stay_small() -> None:
    files = fonts.font_files()
    assert fonts.font_folder() == paths.assets_dir() / "fonts" == FOLDER
    names = {path.name for path in files}
    expected = {"NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf",
                "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"}
    expected |= {f"NotoSansCJK{tag}-{weight}-Subset.otf" for tag in ("sc", "tc", "jp", "kr")
                 for weight in ("Regular", "Bold")}
    assert expected <= names
    licence = (FOLDER / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Reserved Font Name" in licence
    for name in names:
        assert name in licence, f"OFL.txt does not name {name}"
    assert sum(path.stat().st_size for path in files) < MAX_BYTES


def _raw_fonts() -> dict[str, QRawFont]:
    raws = {path.name: QRawFont(str(path), 30) for path in fonts.font_files()}
    assert all(raw.isValid() for raw in raws.values())
    return raws


def _uncovered(texts: list[str], raws: list[QRawFont]) -> set[str]:
    wanted = {c for text in texts for c in text if c.isprintable() and not c.isspace()}
    return {c for c in wanted if not any(raw.supportsCharacter(ord(c)) for raw in raws)}


def test_every_interface_word_and_language_name_has_its_glyphs(qapp) -> None:
    raws = _raw_fonts()
    every = list(raws.values())
    texts = catalogue_texts()
    for language, words in texts.items():
        assert not _uncovered(words, every), f"{language}: {sorted(_uncovered(words, every))}"
    assert not _uncovered([native_name(code) for code in NAMED], every)
    cjk = [raws["NotoSansCJKsc-Regular-Subset.otf"], raws["NotoSansCJKsc-Bold-Subset.otf"]]
    assert not _uncovered(texts["zh"], cjk[1:]), "bold Chinese titles need the bold subset"
    common = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可"
    traditional = "這個們來說時為過對學國會後還與開關應當體點見樣發經現機問"
    assert not _uncovered([common, traditional, "，。、《》「」（）：；！？…１２３"], cjk)


def test_the_sample_exhibition_has_every_glyph_it_needs(qapp) -> None:
    missing = _uncovered(sample_texts(), list(_raw_fonts().values()))
    assert not missing, f"characters of the sample no shipped font has: {sorted(missing)}"


def test_the_theme_names_the_whole_chain_of_fonts(qapp) -> None:
    theme = Theme.create(None, QSize(1920, 1080))
    assert theme.family == fonts.LATIN
    kiosk = [fonts.LATIN, fonts.ARABIC, fonts.HEBREW, fonts.CJK_SC, fonts.CJK_TC, fonts.CJK_JP, fonts.CJK_KR]
    assert theme.font(30).families() == kiosk
    assert "font-family" not in theme.stylesheet(), "styled widgets take the chain from the window's font"
    assert fonts.chain("Museum Serif") == ["Museum Serif", *kiosk]


def test_a_plain_font_falls_back_to_the_kiosks_own_fonts_too(qapp) -> None:
    """A QFont() made anywhere (a video caption, a painter's default) names the kiosk's fonts, so
    Chinese comes from the shipped subset and not from a system's 20 MB collection."""
    fonts.register_app_fonts()
    assert QFont().families()[-6:] == list(fonts.CHAIN[1:])


NO_SYSTEM_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""

RENDER = textwrap.dedent("""
    import json, sys, time
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QFontDatabase, QTextLayout
    from PySide6.QtWidgets import QApplication, QLabel, QWidget
    app = QApplication([])
    system = QFontDatabase.families()
    from kiosk.ui import fonts
    from kiosk.ui.theme import Theme
    register_ms = fonts.register_app_fonts()
    theme = Theme.create(None, QSize(1920, 1080))
    screen = QWidget()
    screen.setProperty("screen", True)
    screen.setStyleSheet(theme.stylesheet())
    label = QLabel(screen)
    label.setProperty("role", "title")
    label.ensurePolished()
    results = {}
    for text in json.loads(sys.argv[1]):
        for name, font in (("theme", theme.font(30)), ("styled label", label.font())):
            layout = QTextLayout(text, font)
            layout.beginLayout()
            layout.createLine()
            layout.endLayout()
            runs = [(run.rawFont().familyName(), list(run.glyphIndexes()))
                    for line in [layout.lineAt(0)] for run in line.glyphRuns()]
            results[name + ": " + text] = {"families": sorted({f for f, _ in runs}),
                                            "notdef": sum(g.count(0) for _, g in runs)}
    print(json.dumps({"system": system, "register_ms": register_ms, "results": results}))
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="hides the system's fonts through fontconfig")
def test_every_script_renders_without_boxes_on_a_machine_without_fonts(tmp_path) -> None:
    config = tmp_path / "fonts.conf"
    config.write_text(NO_SYSTEM_FONTS.format(cache=tmp_path / "cache"), encoding="utf-8")
    texts = catalogue_texts()
    samples = [words[0] for words in texts.values()] + [
        "المس الشاشة للبدء — 2020–2021",  # Arabic with Latin digits
        "人工智能与知识产权 WIPO 2020",  # Chinese with Latin
        "Искусственный интеллект",
        "Propiedad intelectual · ¿Sigue ahí?",
        "這個展覽「人工智慧」",  # traditional characters and CJK punctuation
    ]
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", RENDER, json.dumps(samples)], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=60, check=True)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert not set(report["system"]) & set(fonts.CHAIN), "the machine's Noto fonts were not hidden"
    ours = set(fonts.CHAIN)
    for text, found in report["results"].items():
        assert found["notdef"] == 0, f"boxes in {text!r}"
        assert found["families"], f"{text!r} drawn with no font"
        assert set(found["families"]) <= ours, f"{text!r} drawn with {found['families']}"
    assert {fonts.ARABIC, fonts.LATIN} <= set(report["results"]["theme: المس الشاشة للبدء — 2020–2021"]["families"])
    assert {fonts.CJK, fonts.LATIN} <= set(report["results"]["styled label: 人工智能与知识产权 WIPO 2020"]["families"])
    assert report["register_ms"] < 150, "registering the fonts must stay far inside the 400 ms first-paint budget"


def test_the_package_carries_the_assets_and_every_module() -> None:
    """A wheel installs assets/ as kiosk/assets, and every package of kiosk/ (the list is explicit)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    on_disk = {".".join(path.parent.relative_to(ROOT).parts) for path in (ROOT / "kiosk").rglob("*.py")
               if "__pycache__" not in path.parts}
    assert on_disk <= listed, f"packages missing from pyproject's list: {sorted(on_disk - listed)}"
    assert config["package-dir"]["kiosk.assets"] == "assets"
    patterns = config["package-data"]["kiosk.assets"]
    shipped = [path.relative_to(ROOT / "assets").as_posix() for path in fonts.font_files()]
    shipped += ["fonts/OFL.txt"] + [f"i18n/{lang}.{kind}" for lang in LANGUAGES for kind in ("po", "mo")]
    shipped += ["i18n/plural-forms.json", "i18n/messages.pot"]
    for name in shipped:
        assert any(fnmatch(name, pattern) for pattern in patterns), f"{name} would not be in the wheel"
