"""Sizes, colours, fonts and timings shared by the exhibit views.

Sizes are written for a 1920x1080 kiosk screen, where visitors read from a step away,
and scaled to the window a view lives in, so the archive viewer in a smaller window keeps
the kiosk's proportions. Texts are scaled again by the visitor's text size.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication
from PySide6.QtWidgets import QWidget

from kiosk.bundle.colour import contrast_ratio
from kiosk.ui.exhibits.base import ExhibitContext
from kiosk.ui.i18n import is_rtl

REFERENCE = (1920, 1080)

# Pixel sizes at 1920x1080.
TITLE_PX = 64
HEADING_PX = 44
SUBHEADING_PX = 36
BODY_PX = 30
CAPTION_PX = 30
LABEL_TITLE_PX = 40
CREDIT_PX = 24
SUBTITLE_PX = 38
TOUCH_PX = 64
MIN_TOUCH_PX = 44
MARGIN_PX = 56


class Timing:
    """Durations of animations and timers; tests set them to zero or near it."""

    animation_ms = 260
    placeholder_dwell_ms = 4000
    gallery_dwell_s = 6.0
    detail_delay_ms = 70


def direction_for(language: str) -> Qt.LayoutDirection:
    return Qt.LayoutDirection.RightToLeft if is_rtl(language) else Qt.LayoutDirection.LeftToRight


def screen_factor(widget: QWidget) -> float:
    """How much bigger or smaller than 1920x1080 the window showing `widget` is."""
    window = widget.window()
    width, height = window.width(), window.height()
    if not window.isVisible() or width < 320 or height < 240:
        screen = widget.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return 1.0
        geometry = screen.geometry()
        width, height = geometry.width(), geometry.height()
    factor = min(width / REFERENCE[0], height / REFERENCE[1])
    return max(0.5, min(2.0, factor))


@dataclass(frozen=True)
class Metrics:
    """Pixel sizes for one window size and one text size."""

    factor: float = 1.0
    text_scale: float = 1.0

    def px(self, size: float) -> int:
        """A size that follows the window (margins, controls)."""
        return max(1, round(size * self.factor))

    def touch_px(self, size: float = 0) -> int:
        """A touch target: follows the window, never under 44 px (WCAG's minimum target)."""
        return max(MIN_TOUCH_PX, self.px(size or TOUCH_PX))

    def text_px(self, size: float) -> int:
        """A text size that follows the window and the visitor's text size."""
        return max(8, round(size * self.factor * self.text_scale))

    def font(self, base: QFont, size: float, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
        font = QFont(base)
        font.setPixelSize(self.text_px(size))
        font.setWeight(weight)
        return font


def _mix(first: QColor, second: QColor, amount: float) -> QColor:
    return QColor(
        round(first.red() + (second.red() - first.red()) * amount),
        round(first.green() + (second.green() - first.green()) * amount),
        round(first.blue() + (second.blue() - first.blue()) * amount),
    )


@dataclass(frozen=True)
class Colors:
    """The bundle theme's colours, or a high-contrast set chosen by the visitor."""

    ground: QColor
    text: QColor
    muted: QColor
    accent: QColor
    on_accent: QColor
    surface: QColor
    pressed: QColor

    @classmethod
    def for_context(cls, context: ExhibitContext) -> Colors:
        if context.high_contrast:
            ground, text, accent = QColor("#000000"), QColor("#FFFFFF"), QColor("#FFD60A")
            muted = QColor("#FFFFFF")
        else:
            theme = context.bundle.manifest.theme
            ground, text, accent = QColor(theme.background), QColor(theme.foreground), QColor(theme.accent)
            muted = _mix(text, ground, 0.24)  # 7:1 on the ground and on surfaces with the kiosk's own colours
        # Black or white, whichever reads better on the accent (a yellow accent is light at 0.5 lightness).
        black = contrast_ratio("#000000", accent.name()) >= contrast_ratio("#FFFFFF", accent.name())
        on_accent = QColor("#000000") if black else QColor("#FFFFFF")
        return cls(
            ground=ground,
            text=text,
            muted=muted,
            accent=accent,
            on_accent=on_accent,
            surface=_mix(ground, text, 0.1),
            pressed=_mix(ground, text, 0.24),
        )


def css(color: QColor) -> str:
    """A colour for a Qt style sheet, alpha included."""
    return f"rgba({color.red()}, {color.green()}, {color.blue()}, {color.alpha()})"
