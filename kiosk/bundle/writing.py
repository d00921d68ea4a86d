"""How a language is written, as far as fonts care, without Qt: the parts of its code, which
regional form of Han characters it reads, and which Noto family draws a given character.

The Qt layer (kiosk.ui.languages, kiosk.ui.fonts) orders the kiosk's CJK faces by
`han_form`; `kiosk validate` (kiosk.bundle.glyphs) names a Noto family for characters no font
has, so a curator knows what to add.
"""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass

TRADITIONAL_REGIONS = frozenset({"TW", "HK", "MO"})


class HanForm(enum.Enum):
    """Which regional form of Han characters (and of CJK punctuation) a text needs."""

    SIMPLIFIED = "SC"
    TRADITIONAL = "TC"
    JAPANESE = "JP"
    KOREAN = "KR"


@dataclass(frozen=True)
class Tag:
    """The parts of a BCP 47 code that matter here, in their canonical case."""

    language: str
    script: str = ""
    region: str = ""

    @classmethod
    def parse(cls, code: str) -> Tag:
        parts = code.strip().replace("_", "-").split("-")
        language, script, region = parts[0].lower(), "", ""
        for part in parts[1:]:
            if len(part) == 4 and part.isalpha() and not script:
                script = part.title()
            elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
                region = part.upper()
                break
            else:
                break
        return cls(language, script, region)


def han_form(code: str) -> HanForm:
    """The Han forms a text in this language is read in: Japanese text needs JP forms, Korean
    KR, Chinese of Taiwan, Hong Kong and Macao (or marked Hant) and Cantonese TC; all else SC."""
    tag = Tag.parse(code)
    if tag.language == "ja":
        return HanForm.JAPANESE
    if tag.language == "ko":
        return HanForm.KOREAN
    if tag.script == "Hant":
        return HanForm.TRADITIONAL
    if tag.script == "Hans":
        return HanForm.SIMPLIFIED
    if tag.language == "yue" or (tag.language == "zh" and tag.region in TRADITIONAL_REGIONS):
        return HanForm.TRADITIONAL
    return HanForm.SIMPLIFIED


# Script names as Unicode character names begin with them, and the Noto family for each
# (Noto Sans <Name> unless said otherwise). Only families that exist are listed.
NOTO_SCRIPTS = {
    "ADLAM": "Adlam", "ARMENIAN": "Armenian", "BALINESE": "Balinese", "BAMUM": "Bamum", "BATAK": "Batak",
    "BENGALI": "Bengali", "BUGINESE": "Buginese", "BUHID": "Buhid", "CANADIAN SYLLABICS": "Canadian Aboriginal",
    "CHAM": "Cham", "CHEROKEE": "Cherokee", "COPTIC": "Coptic", "DEVANAGARI": "Devanagari",
    "ETHIOPIC": "Ethiopic", "GEORGIAN": "Georgian", "GLAGOLITIC": "Glagolitic", "GOTHIC": "Gothic",
    "GUJARATI": "Gujarati", "GURMUKHI": "Gurmukhi", "HANUNOO": "Hanunoo", "JAVANESE": "Javanese",
    "KANNADA": "Kannada", "KAYAH LI": "Kayah Li", "KHMER": "Khmer", "LAO": "Lao", "LEPCHA": "Lepcha",
    "LIMBU": "Limbu", "LISU": "Lisu", "MALAYALAM": "Malayalam", "MANDAIC": "Mandaic",
    "MEETEI MAYEK": "Meetei Mayek", "MONGOLIAN": "Mongolian", "MYANMAR": "Myanmar", "NEW TAI LUE": "New Tai Lue",
    "NKO": "NKo", "OGHAM": "Ogham", "OL CHIKI": "Ol Chiki", "OLD ITALIC": "Old Italic", "ORIYA": "Oriya",
    "OSAGE": "Osage", "RUNIC": "Runic", "SAMARITAN": "Samaritan", "SAURASHTRA": "Saurashtra",
    "SINHALA": "Sinhala", "SUNDANESE": "Sundanese", "SYLOTI NAGRI": "Syloti Nagri", "SYRIAC": "Syriac",
    "TAGALOG": "Tagalog", "TAI LE": "Tai Le", "TAI THAM": "Tai Tham", "TAI VIET": "Tai Viet", "TAMIL": "Tamil",
    "TELUGU": "Telugu", "THAANA": "Thaana", "THAI": "Thai", "TIFINAGH": "Tifinagh", "VAI": "Vai", "YI": "Yi",
    "ARABIC": "Arabic", "HEBREW": "Hebrew", "LATIN": "", "GREEK": "", "CYRILLIC": "", "COMBINING": "",
}
NOTO_SERIF_ONLY = {"TIBETAN": "Noto Serif Tibetan"}
CJK_PREFIXES = ("CJK", "IDEOGRAPHIC", "KANGXI", "BOPOMOFO")


def noto_family(character: str, language: str) -> str | None:
    """The Noto family that draws `character` (for text in `language`), or None if unsure."""
    name = unicodedata.name(character, "")
    point = ord(character)
    if name.startswith(CJK_PREFIXES):
        return f"Noto Sans CJK {han_form(language).value}"
    if name.startswith("HANGUL"):
        return "Noto Sans CJK KR"
    if name.startswith(("HIRAGANA", "KATAKANA")):
        return "Noto Sans CJK JP"
    words = name.split()
    for length in (3, 2, 1):
        prefix = " ".join(words[:length])
        if prefix in NOTO_SERIF_ONLY:
            return NOTO_SERIF_ONLY[prefix]
        if prefix in NOTO_SCRIPTS:
            return f"Noto Sans {NOTO_SCRIPTS[prefix]}".rstrip()
    category = unicodedata.category(character)
    if category == "So" and point >= 0x1F000:
        return "Noto Color Emoji"
    if category == "Sm" or name.startswith("MATHEMATICAL"):
        return "Noto Sans Math"
    if category == "So":
        return "Noto Sans Symbols 2"
    return None
