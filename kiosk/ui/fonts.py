"""The kiosk's own fonts (assets/fonts), registered with Qt so no text ever renders as boxes.

The kiosk ships Noto Sans (Latin, Greek, Cyrillic), Noto Sans Arabic and a subset of Noto Sans
CJK SC (Chinese; see assets/fonts/make_fonts.py), all under the SIL Open Font License. The
subset has a family name of its own, Kiosk Sans CJK SC: under the original name, a machine
with the whole font installed would draw from that instead, 20 MB a weight kept in memory as
glyphs are drawn. They are registered once per process, before the kiosk window is styled: the six files take about
7 ms together (measured under Xvfb and offscreen on the development machine; the CJK subset
about 1 ms, since Qt reads only its tables until a Chinese glyph is drawn), so nothing is
deferred. Every font the theme builds names the whole chain (QFont.setFamilies, and a
family list in the style sheets), the bundle's own typeface first, so mixed text (Arabic with
Latin digits, Chinese with Latin names) takes each character from a font that has it, whatever
the machine has installed. (Qt's per-script application fallbacks,
QFontDatabase.addApplicationFallbackFontFamily, are not bound by PySide6, which has no QChar.)
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtGui import QFontDatabase, QGuiApplication

from kiosk import paths
from kiosk.logs import event as log_event

log = logging.getLogger("kiosk.ui")

LATIN = "Noto Sans"
ARABIC = "Noto Sans Arabic"
CJK = "Kiosk Sans CJK SC"  # our subset of Noto Sans CJK SC, under a name of its own (make_fonts.py)
CHAIN = (LATIN, ARABIC, CJK)

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


def chain(main: str) -> list[str]:
    """`main` first, then the kiosk's fonts for the scripts it may lack."""
    return [main, *(family for family in CHAIN if family != main)]

