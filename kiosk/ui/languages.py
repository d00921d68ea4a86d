"""What a language code says about its language: its name in itself and its direction (Qt's
CLDR data, through QLocale); which written form of Han characters it reads is Qt-free
(kiosk.bundle.writing), since `kiosk validate` needs it too.

A bundle names its languages with BCP 47 codes: `he`, `pt-BR`, `zh-Hant`, `sr-Latn`,
`zh-Hant-HK`. The language buttons show each one's own name ("עברית", "日本語",
"Português (Brasil)"), never a bare code, so a visitor finds the language they read without
reading any other. QLocale carries CLDR's names for some 600 locales; the rules here only
choose among them:

- a bare language takes the name most of its locales share, so `en` is "English" and `es`
  "Español" rather than the names of their likeliest countries ("American English",
  "Español de España");
- a script subtag picks the locales written in that script: `zh-Hant` 繁體中文, `zh-Hans`
  简体中文 (and `zh` alone is 中文), `sr-Latn` Srpski, `sr-Cyrl` Српски (each name is written in its own script, so
  it needs no qualifier);
- a region subtag, where the language is spoken in more than one (`ja-JP` is just 日本語),
  takes CLDR's own name for that variety where it has one ("British English", "Français
  canadien"), else the language's name with the country's, in parentheses, in the
  language's own punctuation: "Português (Brasil)", "中文（台灣）".

The first letter is capitalised for a button ("Deutsch", "Русский"), as CLDR's
stand-alone names are in most languages. A code QLocale does not know (`xx`, a private
`x-…` tag) is shown as written: something the curator will recognise, and never a crash.
"""

from __future__ import annotations

import functools
from collections import Counter

from PySide6.QtCore import QLocale, Qt

from kiosk.bundle.writing import HanForm, Tag, han_form

__all__ = ["RTL_LANGUAGES", "RTL_SCRIPTS", "HanForm", "Tag", "han_form", "is_rtl", "native_name"]

# ISO 15924 codes of scripts written right to left, for a script subtag QLocale has no locale
# of (`ku-Arab`, `pa-Arab` on an older Qt): the subtag decides, whatever the language's usual script.
RTL_SCRIPTS = frozenset({"Adlm", "Arab", "Aran", "Hebr", "Mand", "Nkoo", "Rohg", "Samr", "Syrc", "Thaa", "Yezi"})
# Languages written right to left, for a code QLocale does not know at all.
RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "ug", "ur", "yi"})
# Names of a language without its script where Qt has only names with one: every Chinese locale
# of Qt's is simplified (简体中文) or traditional (繁體中文), while CLDR calls `zh` itself 中文.
BARE_NAMES = {"zh": "中文"}
# Languages whose names take CJK full-width parentheses around a country (CLDR's pattern for them).
WIDE_PARENTHESES = frozenset({"ja", "zh"})


def _locale(tag: Tag) -> QLocale | None:
    """The QLocale for a tag (without the script or the region if Qt has no locale with them),
    or None if Qt does not know its language."""
    language = QLocale.codeToLanguage(tag.language)
    if language in (QLocale.Language.AnyLanguage, QLocale.Language.C):
        return None
    script = QLocale.codeToScript(tag.script) if tag.script else QLocale.Script.AnyScript
    territory = QLocale.codeToTerritory(tag.region) if tag.region else QLocale.Country.AnyTerritory
    for wanted in ((script, territory), (QLocale.Script.AnyScript, territory),
                   (QLocale.Script.AnyScript, QLocale.Country.AnyTerritory)):
        locale = QLocale(language, *wanted)
        if locale.language() == language:
            return locale
    return None


@functools.cache
def native_name(code: str) -> str:
    """A language's name in that language, capitalised for a button; the code itself if unknown."""
    tag = Tag.parse(code)
    locale = _locale(tag)
    if locale is None:
        return code.strip()
    same_script = QLocale.matchingLocales(locale.language(), locale.script(), QLocale.Country.AnyTerritory)
    names = Counter(name for name in (each.nativeLanguageName() for each in same_script) if name)
    in_script = names.most_common(1)[0][0] if names else locale.nativeLanguageName()
    plain = in_script if tag.script else BARE_NAMES.get(tag.language, in_script)
    name = plain
    if tag.region and locale.territory() == QLocale.codeToTerritory(tag.region) and len(same_script) > 1:
        own = locale.nativeLanguageName()
        country = locale.nativeTerritoryName()
        if own and own != in_script:
            name = own
        elif country:
            name = f"{plain}（{country}）" if tag.language in WIDE_PARENTHESES else f"{plain} ({country})"
    if not name:  # Qt knows the locale but has no name for it in that script (ku-Arab)
        return native_name(tag.language) if tag.script else code.strip()
    return name[0].upper() + name[1:]


@functools.cache
def is_rtl(code: str) -> bool:
    """Whether text in this language runs right to left (its script's direction)."""
    tag = Tag.parse(code)
    locale = _locale(tag)
    if tag.script and (locale is None or QLocale.scriptToCode(locale.script()) != tag.script):
        return tag.script in RTL_SCRIPTS
    if locale is not None:
        return locale.textDirection() == Qt.LayoutDirection.RightToLeft
    return tag.language in RTL_LANGUAGES
