"""`kiosk validate` names, per language, the characters no font the kiosk will have can draw,
with a Noto family to add; a bundle's own fonts (theme.font, theme.fonts) count."""

from __future__ import annotations

import textwrap

import pytest

from kiosk.bundle.validate import validate
from kiosk.bundle.writing import HanForm, han_form, noto_family
from tests.bundle import fontbytes
from tests.bundle.conftest import BundleMaker

MANIFEST = textwrap.dedent(
    """\
    format: 1
    id: scripts
    title: {{ko: "한국의 전시", he: "תערוכה", ja: "展示", hi: "प्रदर्शनी"}}
    languages: [ko, he, ja, hi]
    theme:
    {theme}
    sections:
      - id: s
        title: {{ko: "{ko}", he: "קטע שָׁלוֹם", ja: "直骨𠮟", hi: "खंड ሀ"}}
        cover: media/cover.png
        alt: {{ko: 그림, he: תמונה, ja: 絵, hi: चित्र}}
        exhibits:
          - id: t
            type: text
            title: WIPO 2020
            body: {{ko: "본문 ꙮ", he: "גוף", ja: "本文・ひらがな・カタカナ", hi: "पाठ"}}
    """
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def messages(make_bundle: BundleMaker, theme: str = "  accent: '#E2B04A'", ko: str = "섹션",
             files: dict[str, bytes | None] | None = None) -> list[str]:
    root = make_bundle(MANIFEST.format(theme=theme, ko=ko), {"media/cover.png": PNG, **(files or {})})
    return [finding.format() for finding in validate(root).report.findings
            if "glyph" in finding.message or "font" in finding.key]


def test_hebrew_japanese_and_korean_need_nothing_but_the_kiosks_fonts(make_bundle: BundleMaker) -> None:
    assert messages(make_bundle) == [
        "exhibition.yaml:4:25: warning: languages[3]: 16 characters of 'hi' have no glyph in the kiosk's fonts or "
        "the bundle's: 'ं', 'ख', 'च', 'ठ', 'ड', 'त', 'द', 'न', … (add a font that covers them, e.g. Noto Sans "
        "Devanagari or Noto Sans Ethiopic, under theme.fonts)"
    ]


def test_a_character_is_named_once_under_the_first_language_that_shows_it(make_bundle: BundleMaker) -> None:
    found = messages(make_bundle, ko="섹션 ሀ")
    assert found[0] == (
        "exhibition.yaml:4:13: warning: languages[0]: 1 character of 'ko' has no glyph in the kiosk's fonts or the "
        "bundle's: 'ሀ' (add a font that covers them, e.g. Noto Sans Ethiopic, under theme.fonts)")
    assert "'ሀ'" not in found[1]
    assert "'hi'" in found[1]


def test_the_bundles_own_fonts_count(make_bundle: BundleMaker) -> None:
    devanagari = fontbytes.covering("प्रदर्शनी खंड चित्र पाठ")
    ethiopic = fontbytes.covering("ሀ")
    theme = "  font: fonts/deva.ttf\n  fonts: [fonts/ethi.otf]"
    assert messages(make_bundle, theme, files={"fonts/deva.ttf": devanagari, "fonts/ethi.otf": ethiopic}) == []


def test_a_bundle_font_whose_characters_cannot_be_read_is_said_once(make_bundle: BundleMaker) -> None:
    broken = b"\x00\x01\x00\x00" + b"\x00\x01" + b"\0" * 6 + b"glyf" + b"\0" * 12
    found = messages(make_bundle, "  fonts: [fonts/broken.ttf, fonts/web.ttf]",
                     files={"fonts/broken.ttf": broken, "fonts/web.ttf": b"wOFF" + b"\0" * 64})
    assert found[1] == (
        "exhibition.yaml:6:11: warning: theme.fonts[0]: the kiosk cannot tell which characters 'fonts/broken.ttf' "
        "has: it has no character map (cmap table) (use a .ttf or .otf font file)")
    # The WOFF file is reported by the file checks (it is not a .ttf at all), not twice.
    web = [line for line in found if "fonts/web.ttf" in line]
    assert len(web) == 1
    assert web[0].startswith("exhibition.yaml:6:29: error: theme.fonts[1]: 'fonts/web.ttf' is named")


@pytest.mark.parametrize(
    ("code", "form"),
    [("ja", HanForm.JAPANESE), ("ja-JP", HanForm.JAPANESE), ("ko", HanForm.KOREAN), ("zh", HanForm.SIMPLIFIED),
     ("zh-Hans", HanForm.SIMPLIFIED), ("zh-CN", HanForm.SIMPLIFIED), ("zh-Hant", HanForm.TRADITIONAL),
     ("zh-TW", HanForm.TRADITIONAL), ("zh-HK", HanForm.TRADITIONAL), ("zh_Hant_HK", HanForm.TRADITIONAL),
     ("zh-Hans-HK", HanForm.SIMPLIFIED), ("yue", HanForm.TRADITIONAL), ("en", HanForm.SIMPLIFIED),
     ("", HanForm.SIMPLIFIED)],
)
def test_the_han_forms_a_language_reads(code: str, form: HanForm) -> None:
    assert han_form(code) is form


@pytest.mark.parametrize(
    ("character", "language", "family"),
    [("直", "ja", "Noto Sans CJK JP"), ("直", "zh-TW", "Noto Sans CJK TC"), ("直", "zh", "Noto Sans CJK SC"),
     ("한", "en", "Noto Sans CJK KR"), ("あ", "zh", "Noto Sans CJK JP"), ("क", "hi", "Noto Sans Devanagari"),
     ("ሀ", "am", "Noto Sans Ethiopic"), ("ཀ", "bo", "Noto Serif Tibetan"), ("ᱚ", "sat", "Noto Sans Ol Chiki"),
     ("ᐊ", "iu", "Noto Sans Canadian Aboriginal"), ("߀", "nqo", "Noto Sans NKo"), ("😀", "en", "Noto Color Emoji"),
     ("∑", "en", "Noto Sans Math"), ("ꙮ", "cu", "Noto Sans"), ("\ue000", "en", None)],
)
def test_the_noto_family_for_a_character(character: str, language: str, family: str | None) -> None:
    assert noto_family(character, language) == family


def test_the_player_skips_the_advice_it_would_not_show(make_bundle: BundleMaker, tmp_path) -> None:
    """Glyph coverage only ever warns a curator; the player, which shows no warning, does not
    spend its start-up on it (about half of loading the sample)."""
    from kiosk.bundle.playable import load_playable
    from kiosk.bundle.source import open_source
    from kiosk.bundle.validate import check_source

    root = make_bundle(MANIFEST.format(theme="  accent: '#E2B04A'", ko="섹션"), {"media/cover.png": PNG})
    with open_source(root) as source:
        _manifest, played = check_source(source, advice=False)
    assert not [finding for finding in played.findings if "glyph" in finding.message]
    assert [finding for finding in validate(root).report.findings if "glyph" in finding.message]
    assert load_playable(root, tmp_path).manifest.languages == ("ko", "he", "ja", "hi")
