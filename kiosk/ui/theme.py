"""Colours, type and sizes, from the bundle's theme and the size of the screen.

Sizes are designed for 1920x1080 and scale with the screen: body text 30 px, titles 68 px,
touch targets 96 px (the floor is 44 px at any size). One typeface family in clear
weights: the bundle's font if it brings one, else the kiosk's own Noto Sans (assets/fonts),
with the bundle's other fonts, Noto Sans Arabic, Noto Sans Hebrew and our subsets of Noto Sans
CJK behind it for the characters it lacks, the CJK face that suits the visit's language first
(kiosk.ui.fonts).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetrics

from kiosk.bundle.colour import contrast_ratio
from kiosk.bundle.model import Theme as BundleTheme
from kiosk.bundle.playable import PlayableBundle
from kiosk.ui import fonts
from kiosk.ui.languages import HanForm, han_form

log = logging.getLogger("kiosk.ui")

DESIGN_SIZE = QSize(1920, 1080)
PREFERRED_FAMILIES = ("Noto Sans", "Inter", "Source Sans 3", "Open Sans", "DejaVu Sans")
HIGH_CONTRAST = BundleTheme(background="#000000", foreground="#FFFFFF", accent="#FFD60A")


def choose_family(bundle: PlayableBundle | None) -> str:
    """The bundle's typeface, else the app's own (assets/fonts), else a good installed one."""
    fonts.register_app_fonts()
    if bundle is not None and bundle.manifest.theme.font:
        family = fonts.register_font(bundle.file(bundle.manifest.theme.font))
        if family:
            return family
    installed = set(QFontDatabase.families())
    return next((f for f in PREFERRED_FAMILIES if f in installed), QFont().defaultFamily())


def bundle_families(bundle: PlayableBundle | None) -> tuple[str, ...]:
    """The families of the bundle's other fonts (theme.fonts) that Qt can read, in their order."""
    if bundle is None:
        return ()
    found = (fonts.register_font(bundle.file(path)) for path in bundle.manifest.theme.fonts)
    return tuple(dict.fromkeys(family for family in found if family))


def _mix(a: QColor, b: QColor, amount: float) -> QColor:
    def between(x: float, y: float) -> float:
        return x + (y - x) * amount

    return QColor.fromRgbF(between(a.redF(), b.redF()), between(a.greenF(), b.greenF()),
                           between(a.blueF(), b.blueF()))

# The fonts (and their metrics) themes have built, by family chain, size and weight: a few dozen
# in a visit; the cap only guards against a kiosk whose look changes endlessly.
_FONTS_KEPT = 256
_FONTS: dict[tuple[object, ...], QFont] = {}
_METRICS: dict[tuple[object, ...], QFontMetrics] = {}


@dataclass(frozen=True)
class Theme:
    background: QColor
    foreground: QColor
    accent: QColor
    family: str
    scale: float = 1.0
    text_scale: float = 1.0
    high_contrast: bool = False
    # The Han forms of the visit's language: they order the CJK faces (kiosk.ui.fonts.chain). Not
    # the language itself, so that going from English to French does not restyle every screen.
    han: HanForm = HanForm.SIMPLIFIED
    extra_families: tuple[str, ...] = ()  # the bundle's other fonts (theme.fonts)

    @classmethod
    def create(cls, bundle: PlayableBundle | None, size: QSize, *, family: str | None = None,
               text_scale: float = 1.0, high_contrast: bool = False, language: str = "") -> Theme:
        if high_contrast:
            source = HIGH_CONTRAST
        elif bundle is None:
            source = BundleTheme()
        else:
            source = bundle.manifest.theme
        return cls(QColor(source.background), QColor(source.foreground), QColor(source.accent),
                   family or choose_family(bundle), scale_for(size), text_scale, high_contrast, han_form(language),
                   bundle_families(bundle))

    def resized(self, size: QSize) -> Theme:
        return replace(self, scale=scale_for(size))

    # -- colours ---------------------------------------------------------------

    @property
    def surface(self) -> QColor:
        """Tiles and buttons: the ground, a little lighter."""
        return _mix(self.background, self.foreground, 0.10)

    @property
    def pressed(self) -> QColor:
        return _mix(self.background, self.accent, 0.45)

    @property
    def muted(self) -> QColor:
        """Secondary text: 7:1 (WCAG AAA) on the ground and on tiles with the kiosk's own colours."""
        return self.foreground if self.high_contrast else _mix(self.foreground, self.background, 0.24)

    @property
    def on_accent(self) -> QColor:
        """Black or white, whichever reads better on the accent."""
        accent = self.accent.name()
        black = contrast_ratio("#000000", accent) >= contrast_ratio("#FFFFFF", accent)
        return QColor("#000000") if black else QColor("#FFFFFF")

    # -- sizes -----------------------------------------------------------------

    def px(self, design_px: float) -> int:
        """A length designed at 1920x1080, on this screen."""
        return max(1, round(design_px * self.scale))

    def text_px(self, design_px: float) -> int:
        return max(9, round(design_px * self.scale * self.text_scale))

    @property
    def body_px(self) -> int:
        return self.text_px(30)

    @property
    def small_px(self) -> int:
        return self.text_px(24)

    @property
    def heading_px(self) -> int:
        return self.text_px(40)

    @property
    def title_px(self) -> int:
        return self.text_px(68)

    @property
    def hero_px(self) -> int:
        return self.text_px(88)

    @property
    def target_px(self) -> int:
        """The side of a touch target: 96 px at 1920x1080, never under 44 px."""
        return max(44, self.px(96))

    @property
    def margin_px(self) -> int:
        return self.px(72)

    @property
    def gap_px(self) -> int:
        return self.px(32)

    @property
    def families(self) -> list[str]:
        """The typeface, then the bundle's other fonts and the kiosk's for the scripts it lacks."""
        return fonts.chain(self.family, self.han, self.extra_families)

    def font(self, size_px: int, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
        """A copy of the font of this size and weight, built once: tiles and buttons ask for
        theirs at every paint, and building one (its family chain, its Han axis) costs more
        than the copy, which shares Qt's data."""
        key = (self.family, self.han, self.extra_families, size_px, weight)
        font = _FONTS.get(key)
        if font is None:
            font = QFont()
            fonts.set_chain(font, self.families, self.han)
            font.setPixelSize(size_px)
            font.setWeight(weight)
            if len(_FONTS) >= _FONTS_KEPT:
                _FONTS.clear()
            _FONTS[key] = font
        return QFont(font)

    def metrics(self, size_px: int, weight: QFont.Weight = QFont.Weight.Normal) -> QFontMetrics:
        """The metrics of `font(size_px, weight)`, kept like the font."""
        key = (self.family, self.han, self.extra_families, size_px, weight)
        metrics = _METRICS.get(key)
        if metrics is None:
            if len(_METRICS) >= _FONTS_KEPT:
                _METRICS.clear()
            metrics = _METRICS[key] = QFontMetrics(self.font(size_px, weight))
        return metrics

    def stylesheet(self) -> str:
        """The style of the player's own widgets; exhibit views style themselves.

        It names no font family: the widgets inherit the window's font (`font`), whose chain is
        ordered for the visit's language and which carries its Han form's axis. A family list
        here would replace that chain but keep whatever axis the widget inherited, and one
        label drawn so would leave Qt's font cache drawing every later text of that size in
        the wrong forms (kiosk.ui.fonts.set_chain)."""
        bg, fg, accent = self.background.name(), self.foreground.name(), self.accent.name()
        surface, pressed, muted = self.surface.name(), self.pressed.name(), self.muted.name()
        radius = self.px(18)
        return f"""
            #KioskWindow, #KioskWindow QStackedWidget, [screen="true"] {{ background: {bg}; }}
            [screen="true"] QLabel {{ color: {fg}; }}
            QLabel[role="hero"] {{ font-size: {self.hero_px}px; font-weight: 700; }}
            QLabel[role="title"] {{ font-size: {self.title_px}px; font-weight: 700; }}
            QLabel[role="heading"] {{ font-size: {self.heading_px}px; font-weight: 600; }}
            QLabel[role="body"] {{ font-size: {self.body_px}px; }}
            QLabel[role="where"] {{ font-size: {self.body_px}px; color: {fg}; font-weight: 600; }}
            QLabel[role="muted"] {{ font-size: {self.body_px}px; color: {muted}; }}
            QLabel[role="accent"] {{ font-size: {self.small_px}px; color: {accent}; font-weight: 600; }}
            QPushButton[kiosk="true"] {{
                font-size: {self.small_px}px; font-weight: 600;
                color: {fg}; background: {surface}; border: {self.px(3)}px solid transparent;
                border-radius: {radius}px; min-height: {self.target_px}px; min-width: {self.target_px}px;
                padding: 0 {self.px(28)}px;
            }}
            QPushButton[kiosk="true"]:pressed {{ background: {pressed}; border-color: {accent}; }}
            QPushButton[kiosk="true"]:checked {{ background: {accent}; color: {self.on_accent.name()}; }}
            QPushButton[kiosk="true"]:focus {{ border-color: {accent}; }}
            QPushButton[kiosk="true"]:disabled {{ color: {surface}; background: transparent; }}
            QPushButton[flat="true"] {{ background: transparent; }}
            QLineEdit[kiosk="true"] {{
                font-size: {self.body_px}px; color: {fg};
                background: {surface}; border: {self.px(3)}px solid {muted}; border-radius: {radius}px;
                padding: {self.px(12)}px {self.px(24)}px; min-height: {self.target_px - self.px(30)}px;
                selection-background-color: {accent}; selection-color: {self.on_accent.name()};
            }}
            QLineEdit[kiosk="true"]:focus {{ border-color: {accent}; }}
            QScrollArea, QScrollArea > QWidget > QWidget {{ background: transparent; border: none; }}
            QScrollBar:vertical {{ background: transparent; width: {self.px(10)}px; margin: 0; }}
            QScrollBar::handle:vertical {{ background: {surface}; border-radius: {self.px(5)}px;
                                            min-height: {self.px(60)}px; }}
            QScrollBar::add-line, QScrollBar::sub-line {{ height: 0; width: 0; }}
            QScrollBar::add-page, QScrollBar::sub-page {{ background: transparent; }}
        """


def scale_for(size: QSize) -> float:
    """How much larger than 1920x1080 a screen is (by its smaller ratio), within 0.5–4."""
    if size.width() <= 0 or size.height() <= 0:
        return 1.0
    ratio = min(size.width() / DESIGN_SIZE.width(), size.height() / DESIGN_SIZE.height())
    return max(0.5, min(4.0, ratio))
