"""Language names in their own language, from Qt's CLDR data, and which way each language runs."""

from __future__ import annotations

import pytest

from kiosk.ui import i18n
from kiosk.ui.languages import is_rtl, native_name


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("he", "עברית"),
        ("ja", "日本語"),
        ("ko", "한국어"),
        ("de", "Deutsch"),
        ("zh-Hant", "繁體中文"),
        ("zh-Hans", "简体中文"),
        ("zh", "中文"),  # CLDR's name for Chinese in no particular script
        ("pt-BR", "Português (Brasil)"),
        ("sr-Latn", "Srpski"),
        ("sr-Cyrl", "Српски"),
        ("en", "English"),  # the name most of its locales share, not "American English"
        ("es", "Español"),
        ("fr", "Français"),
        ("ru", "Русский"),
        ("ar", "العربية"),
        ("it", "Italiano"),
        ("pt", "Português"),
        ("en-GB", "British English"),  # CLDR's own name for the variety
        ("fr-CA", "Français canadien"),
        ("zh-TW", "中文（台灣）"),  # a country in the language's own parentheses
        ("zh-Hant-HK", "繁體中文（中國香港特別行政區）"),
        ("ar-EG", "العربية (مصر)"),
        ("ja-JP", "日本語"),  # a language of one country needs no country
        ("sr-Latn-RS", "Srpski (Srbija)"),
        ("zh_Hant", "繁體中文"),
        ("EN", "English"),
        ("iw", "עברית"),  # the old code for Hebrew
        ("yi", "ייִדיש"),
        ("fa", "فارسی"),
        ("az-Arab", "تۆرکجه"),
        ("xx", "xx"),  # unknown: shown as the curator wrote it
        ("x-museum", "x-museum"),
        ("en-ZZ", "English"),  # an unknown region is left out
    ],
)
def test_the_native_name(code: str, name: str) -> None:
    assert native_name(code) == name


@pytest.mark.parametrize(
    ("code", "rtl"),
    [("he", True), ("yi", True), ("fa", True), ("ur", True), ("ar", True), ("ar-EG", True), ("ckb", True),
     ("dv", True), ("az-Arab", True), ("ku-Arab", True), ("uz-Arab", True), ("pa-Arab", True), ("az", False),
     ("uz", False), ("en", False), ("ja", False), ("zh-Hant", False), ("sr-Latn", False), ("ku", False),
     ("xx", False), ("", False)],
)
def test_the_direction(code: str, rtl: bool) -> None:
    assert is_rtl(code) is rtl


def test_the_interface_module_hands_out_the_same_answers() -> None:
    """Screens import these from kiosk.ui.i18n (and the old kiosk.ui.words)."""
    from kiosk.ui import words

    assert i18n.native_name is native_name is words.native_name
    assert i18n.is_rtl is is_rtl is words.is_rtl
