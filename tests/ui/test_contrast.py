"""The kiosk's own colours, normal and high contrast, against WCAG 2's contrast ratio.

Body text reaches 7:1 (AAA) wherever it is drawn: on the ground, and on the tiles, buttons
and cards (the "surface"). Text in the accent is large and bold (24 px semibold and up) and
reaches 4.5:1, AAA for large text. The focus ring, the accent, stands 3:1 apart from what is
beside it (WCAG 1.4.11). Captions, white on their dark box, read on any picture.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor

from kiosk.bundle.colour import contrast_ratio
from kiosk.bundle.model import Theme as BundleTheme
from kiosk.ui.exhibits.base import ExhibitContext
from kiosk.ui.exhibits.captions import BACKING, INK
from kiosk.ui.exhibits.style import Colors
from kiosk.ui.theme import Theme

BODY, LARGE_TEXT, NON_TEXT = 7.0, 4.5, 3.0


def ratio(first: QColor, second: QColor) -> float:
    return contrast_ratio(first.name(), second.name())


def over(color: QColor, ground: QColor) -> QColor:
    """`color`, with its transparency, laid over an opaque `ground`."""
    alpha = color.alphaF()
    return QColor.fromRgbF(*(alpha * a + (1 - alpha) * b for a, b in (
        (color.redF(), ground.redF()), (color.greenF(), ground.greenF()), (color.blueF(), ground.blueF()))))


def test_the_ratio_is_wcags() -> None:
    assert ratio(QColor("#000000"), QColor("#FFFFFF")) == pytest.approx(21.0)
    assert ratio(QColor("#777777"), QColor("#FFFFFF")) == pytest.approx(4.48, abs=0.01)
    assert ratio(QColor("#123456"), QColor("#123456")) == pytest.approx(1.0)


@pytest.mark.parametrize("high_contrast", [False, True], ids=["normal", "high contrast"])
def test_the_players_own_theme(qapp, high_contrast: bool) -> None:
    theme = Theme.create(None, QSize(1920, 1080), family="Noto Sans", high_contrast=high_contrast)
    figures = {
        "text on the ground": (ratio(theme.foreground, theme.background), BODY),
        "text on tiles and buttons": (ratio(theme.foreground, theme.surface), BODY),
        "secondary text on the ground": (ratio(theme.muted, theme.background), BODY),
        "secondary text on tiles": (ratio(theme.muted, theme.surface), BODY),
        "a chosen button's label": (ratio(theme.on_accent, theme.accent), BODY),
        "accent text on the ground": (ratio(theme.accent, theme.background), LARGE_TEXT),
        "accent text on a card": (ratio(theme.accent, theme.surface), LARGE_TEXT),
        "focus ring against the ground": (ratio(theme.accent, theme.background), NON_TEXT),
        "focus ring against a button": (ratio(theme.accent, theme.surface), NON_TEXT),
    }
    print({name: round(value, 2) for name, (value, _) in figures.items()})
    below = {name: round(value, 2) for name, (value, needed) in figures.items() if value < needed}
    assert not below, f"below the target: {below}"
    if high_contrast:
        assert (theme.background.name(), theme.foreground.name()) == ("#000000", "#ffffff")


@pytest.mark.parametrize("high_contrast", [False, True], ids=["normal", "high contrast"])
def test_the_exhibit_views_colours(high_contrast: bool) -> None:
    bundle = SimpleNamespace(manifest=SimpleNamespace(theme=BundleTheme(), languages=("en",)))
    colors = Colors.for_context(ExhibitContext(bundle, "en", high_contrast=high_contrast))  # type: ignore[arg-type]
    figures = {
        "text on the ground": ratio(colors.text, colors.ground),
        "credits on the ground": ratio(colors.muted, colors.ground),
        "a link's title on its button": ratio(colors.text, colors.surface),
        "a link's section on its button": ratio(colors.muted, colors.surface),
        "a glyph on the accent": ratio(colors.on_accent, colors.accent),
    }
    print({name: round(value, 2) for name, value in figures.items()})
    below = {name: round(value, 2) for name, value in figures.items() if value < BODY}
    assert not below, f"below 7:1: {below}"


def test_captions_read_on_any_picture() -> None:
    for picture in (QColor("#FFFFFF"), QColor("#FFD60A"), QColor("#808080"), QColor("#000000")):
        assert ratio(INK, over(BACKING, picture)) >= BODY, picture.name()


def test_the_style_sheet_shows_focus_in_the_accent(qapp) -> None:
    theme = Theme.create(None, QSize(1920, 1080), family="Noto Sans")
    sheet = " ".join(theme.stylesheet().split())
    accent = theme.accent.name()
    for selector in ('QPushButton[kiosk="true"]:focus', 'QLineEdit[kiosk="true"]:focus'):
        assert f"{selector} {{ border-color: {accent}; }}" in sheet, selector
