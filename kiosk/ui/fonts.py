"""The kiosk's own fonts (assets/fonts), registered with Qt so no text ever renders as boxes.

The kiosk ships Noto Sans (Latin, Greek, Cyrillic), Noto Sans Arabic, Noto Sans Hebrew and
subsets of four faces of Noto Sans CJK (see assets/fonts/make_fonts.py), all under the SIL Open
Font License. Han characters share code points across languages but not shapes (直 and 骨 are
drawn differently in Japan, China and Korea), so the CJK faces come one per written form:
simplified Chinese (SC), traditional Chinese (TC), Japanese (JP) and Korean (KR). Each
subset has a family name of its own, Kiosk Sans CJK SC (TC, JP, KR): under the original name, a
machine with the whole font installed would draw from that instead, 20 MB a weight kept in
memory as glyphs are drawn.

They are registered once per process, before the kiosk window is styled. Qt reads a file's
names and character map when it is registered and its outlines only when a glyph is drawn,
so the fourteen files (26 MB) take about 8 ms together (measured offscreen on the development
machine: each CJK face about 0.5 ms, the first file 3 ms) and nothing is deferred.

Every font the theme builds names the whole chain (QFont.setFamilies, and a family list in the
style sheets): the bundle's own typeface first, then the bundle's other fonts, then the kiosk's,
so mixed text (Arabic with Latin digits, Chinese with Latin names) takes each character from a
font that has it, whatever the machine has installed. The CJK faces are ordered by the text's
language (`chain`): Japanese text puts the JP face first, Korean the KR face, Chinese of
Taiwan, Hong Kong and Macao (or marked Hant) the TC face, all other text the SC face. (Qt's
per-script application fallbacks, QFontDatabase.addApplicationFallbackFontFamily, are not
bound by PySide6, which has no QChar; and they could not tell Japanese from Chinese.)
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from kiosk import paths
from kiosk.logs import event as log_event
from kiosk.ui.languages import HanForm, han_form

log = logging.getLogger("kiosk.ui")

LATIN = "Noto Sans"
ARABIC = "Noto Sans Arabic"
HEBREW = "Noto Sans Hebrew"
# Our subsets of Noto Sans CJK, under names of their own (make_fonts.py).
CJK_SC = "Kiosk Sans CJK SC"
CJK_TC = "Kiosk Sans CJK TC"
CJK_JP = "Kiosk Sans CJK JP"
CJK_KR = "Kiosk Sans CJK KR"
CJK = CJK_SC
# For each written form, the CJK faces in the order they are tried: its own first, then the
# nearest forms for the characters its subset lacks (Korean Hanja and rare Japanese kanji are
# traditional forms).
HAN_ORDER = {
    HanForm.SIMPLIFIED: (CJK_SC, CJK_TC, CJK_JP, CJK_KR),
    HanForm.TRADITIONAL: (CJK_TC, CJK_SC, CJK_JP, CJK_KR),
    HanForm.JAPANESE: (CJK_JP, CJK_TC, CJK_SC, CJK_KR),
    HanForm.KOREAN: (CJK_KR, CJK_TC, CJK_JP, CJK_SC),
}
CHAIN = (LATIN, ARABIC, HEBREW, *HAN_ORDER[HanForm.SIMPLIFIED])
# Private variable-font axes (upper case, as the OpenType spec asks of unregistered ones) that
# only tell Qt's font cache the forms apart (set_chain). Simplified Chinese, the default, has none.
HAN_AXES = {HanForm.TRADITIONAL: "HNTC", HanForm.JAPANESE: "HNJP", HanForm.KOREAN: "HNKR"}

_families: dict[Path, str | None] = {}
_registered_ms: float | None = None


def font_folder() -> Path:
    return paths.assets_dir() / "fonts"


def font_files() -> list[Path]:
    folder = font_folder()
    return sorted(folder.glob("*.[ot]tf")) if folder.is_dir() else []


def register_font(path: Path) -> str | None:
    """The family of a font file, registered once per process; None if Qt cannot read it."""
    if path not in _families:
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        _families[path] = families[0] if families else None
        if not families:
            log.warning("font %s cannot be read; using the default typeface", path.name)
    return _families[path]


def register_app_fonts() -> float:
    """Register the kiosk's fonts (once); the milliseconds the first call took."""
    global _registered_ms
    if _registered_ms is not None:
        return _registered_ms
    started = time.perf_counter()
    files = font_files()
    families = {family for family in map(register_font, files) if family}
    _chain_by_default(families)
    _registered_ms = (time.perf_counter() - started) * 1000
    if files:
        log_event(log, "fonts", f"{len(files)} font files registered", register_ms=round(_registered_ms, 1),
                  families=sorted(families))
    else:
        log.warning("the kiosk's fonts are missing from %s; text in some scripts may show as boxes", font_folder())
    return _registered_ms


def _chain_by_default(registered: set[str]) -> None:
    """The application's default font names the kiosk's fonts too, so that text drawn with a
    plain QFont() (a caption, a painter's default) takes Chinese and Arabic from them rather
    than from whatever the system's fallback is: with fonts-noto-cjk installed, that is a
    pair of 20 MB collections that stay in memory as glyphs are drawn."""
    app = QGuiApplication.instance()
    if app is None or not registered:
        return
    font = QGuiApplication.font()
    font.setFamilies(chain(font.family()) if font.family() in registered else [*chain(LATIN)])
    QGuiApplication.setFont(font)


def chain(main: str, language: str | HanForm = "", extra: Sequence[str] = ()) -> list[str]:
    """`main` first, then the bundle's `extra` fonts, then the kiosk's fonts for the scripts
    they may lack, the CJK faces in the order the text's `language` (or its Han form) needs."""
    form = language if isinstance(language, HanForm) else han_form(language)
    return list(dict.fromkeys([main, *extra, LATIN, ARABIC, HEBREW, *HAN_ORDER[form]]))


def set_chain(font: QFont, families: list[str], form: HanForm) -> None:
    """Give `font` the chain `families`, made for text of Han form `form`.

    Qt caches a font's fallback engines by its first family, size and style, not by the
    families after it: once "Noto Sans" 30 px has drawn a Chinese character through the SC
    face, every "Noto Sans" 30 px would draw 直 in Chinese forms whatever order its families
    name. A font for Japanese, Korean or traditional Chinese text therefore also carries a
    variable-font axis of its own (HAN_AXES): it is part of the cache's key, so the forms get
    engines of their own, and it changes nothing drawn, since no font has such an axis."""
    font.setFamilies(families)
    for other in HAN_AXES.values():
        font.unsetVariableAxis(QFont.Tag.fromString(other))
    if form in HAN_AXES:
        font.setVariableAxis(QFont.Tag.fromString(HAN_AXES[form]), 1.0)


def for_language(font: QFont, language: str) -> QFont:
    """`font` with its chain ordered for text in `language` (a caption in another language than
    the visit's, a language's name on its button)."""
    families = font.families() or [font.family()]
    kiosk = set(CHAIN)
    extra = [family for family in families[1:] if family not in kiosk]
    form = han_form(language)
    changed = QFont(font)
    set_chain(changed, chain(families[0], form, extra), form)
    return changed
