"""Right-to-left screens: composed labels keep their order, "…" and full stops stand on the
left, and progress grows from the right. Positions are measured on Qt's own layout of the
text (QTextLayout glyph runs) or on the drawn pixels, never taken on trust."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QSlider, QWidget

from kiosk.ui import bidi
from kiosk.ui.exhibits.media_controls import TransportBar
from kiosk.ui.exhibits.style import Colors, Metrics
from kiosk.ui.theme import Theme
from kiosk.ui.tiles import Tile, wrapped_lines
from kiosk.ui.widgets import Header

RTL = Qt.LayoutDirection.RightToLeft
LTR = Qt.LayoutDirection.LeftToRight
SECTION_HE = "משואות על החוף"  # "Beacons on the shore"
FONT = QFont("Noto Sans", 20)


def x_of(layout, text: str, part: str) -> float:
    """The left edge of `part`'s glyphs in a laid-out `text`."""
    start = text.index(part)
    return bidi.span_x(layout, start, len(part))[0]


# -- composing ------------------------------------------------------------------------------

@pytest.mark.parametrize(("template", "parts", "expected"), [
    ("{where}  ·  {position}", {"where": "Art", "position": "2 of 3"}, "\u2068Art\u2069  ·  \u20682 of 3\u2069"),
    ("{n} of {m}", {"n": 1, "m": 3}, "\u20681\u2069 of \u20683\u2069"),
    ("Switching to {name}", {"name": ""}, "Switching to "),
    ("{a}{b}", {"a": "\u2068x\u2069 · \u2068y\u2069", "b": "z"}, "\u2068\u2068x\u2069 · \u2068y\u2069\u2069\u2068z\u2069"),
])
def test_compose_isolates_every_part_and_nothing_else(template: str, parts: dict, expected: str) -> None:
    assert bidi.compose(template, **parts) == expected


def test_join_isolates_each_part_and_drops_empty_ones() -> None:
    assert bidi.join(["Gallery", 3]) == "\u2068Gallery\u2069 · \u20683\u2069"
    assert bidi.join(["a", "", "b"], ", ") == "\u2068a\u2069, \u2068b\u2069"
    assert bidi.plain(bidi.join(["Gallery", 3])) == "Gallery · 3"


def test_qt_honours_the_isolates_in_a_right_to_left_line(qapp) -> None:
    """The Hebrew section stands on the right, "1 of 3" reads 1, of, 3 from left to right, left of it."""
    composed = bidi.join((SECTION_HE, "1 of 3"), "  ·  ")
    layout = bidi.line_layout(composed, FONT, RTL)
    assert x_of(layout, composed, SECTION_HE) > x_of(layout, composed, "3")
    assert x_of(layout, composed, "1") < x_of(layout, composed, "of") < x_of(layout, composed, "3")
    # Without isolates the same label is garbled: "of 3 1" (what a Hebrew visitor saw).
    bare = f"{SECTION_HE}  ·  1 of 3"
    garbled = bidi.line_layout(bare, FONT, RTL)
    assert x_of(garbled, bare, "of") < x_of(garbled, bare, "3") < x_of(garbled, bare, "1")


# -- the header ------------------------------------------------------------------------------

@pytest.fixture
def header(qtbot) -> Header:
    widget = Header()
    qtbot.addWidget(widget)
    widget.setLayoutDirection(RTL)
    widget.resize(1400, 120)
    widget.show()
    return widget


def test_the_header_in_hebrew_reads_section_then_position(header: Header) -> None:
    header.set_where(bidi.join((SECTION_HE, "1 of 3"), "  ·  "))
    layout = header.where.shown_layout()
    shown = layout.text()
    assert layout.textOption().textDirection() == RTL, "the paragraph's direction is the visit's, not guessed"
    assert x_of(layout, shown, SECTION_HE) > x_of(layout, shown, "3") > x_of(layout, shown, "of") > x_of(layout, shown, "1")
    assert header.where.accessibleName() == f"{SECTION_HE}  ·  1 of 3"


def test_a_hebrew_label_opening_with_a_latin_name_is_still_right_to_left(header: Header) -> None:
    text = "Umi-no-Hikari סטודיו."  # the full stop ends a Hebrew sentence: it belongs on the left
    header.set_where(text)
    layout = header.where.shown_layout()
    # Logical order read from the right: the name, the Hebrew word, and the full stop leftmost.
    assert x_of(layout, text, ".") < x_of(layout, text, "סטודיו") < x_of(layout, text, "Umi")


def test_an_elided_hebrew_header_ends_in_an_ellipsis_on_the_left(header: Header) -> None:
    header.where.setFixedWidth(300)
    header.set_where("מן הפארוס של אלכסנדריה ועד המגדלור של צ'ושי: אור, קול ודגלים")
    layout = header.where.shown_layout()
    shown = layout.text()
    assert shown.endswith(bidi.ELLIPSIS)
    dots = bidi.span_x(layout, len(shown) - 1, 1)
    assert dots[0] == min(bidi.span_x(layout, i, 1)[0] for i in range(len(shown)) if not shown[i].isspace())


# -- tiles -----------------------------------------------------------------------------------

def test_a_tile_draws_its_words_as_a_right_to_left_paragraph(qtbot, monkeypatch) -> None:
    """The tile's painter takes the visit's direction (a QPainter starts left-to-right)."""
    drawn: list[tuple[Qt.LayoutDirection, str]] = []
    original = QPainter.drawText

    def recording(painter: QPainter, *args: object) -> None:
        drawn.append((painter.layoutDirection(), str(args[-1])))
        original(painter, *args)

    monkeypatch.setattr(QPainter, "drawText", recording)
    tile = Tile()
    qtbot.addWidget(tile)
    tile.setLayoutDirection(RTL)
    tile.set_theme(Theme.create(None, QSize(1920, 1080)))
    tile.setText("מגדלור")
    tile.excerpt = "ברוכים הבאים. " * 40
    tile.badge = "5 exhibits"  # an English fallback word on a Hebrew tile
    tile.resize(460, 520)
    tile.grab()
    assert drawn
    assert {direction for direction, _ in drawn} == {RTL}
    excerpt_lines = [text for _, text in drawn if text.startswith("ברוכים")]
    assert excerpt_lines[-1].endswith(bidi.ELLIPSIS)
    badge = next(text for _, text in drawn if "exhibits" in text)
    layout = bidi.line_layout(badge, FONT, RTL)
    assert x_of(layout, badge, "5") < x_of(layout, badge, "exhibits"), "the pill reads as its own words"


def test_elided_arabic_lines_end_in_an_ellipsis_that_stands_on_the_left(qapp) -> None:
    text = "هذا نص عربي طويل جدا يصف المعروض بكلمات كثيرة حتى لا يتسع في سطرين."
    lines = wrapped_lines(text, FONT, 220, 2, RTL)
    last = lines[-1]
    assert len(lines) == 2
    assert last.endswith(bidi.ELLIPSIS)
    layout = bidi.line_layout(last, FONT, RTL)
    assert bidi.span_x(layout, len(last) - 1, 1)[0] == pytest.approx(0, abs=1)


# -- the seek bar ------------------------------------------------------------------------------

ACCENT = QColor("#FF0000")
SURFACE = QColor("#0000FF")
KNOB = QColor("#00FF00")


@pytest.fixture
def transport(qtbot) -> TransportBar:
    bar = TransportBar()
    qtbot.addWidget(bar)
    colors = Colors(ground=QColor("#000000"), text=KNOB, muted=QColor("#808080"), accent=ACCENT,
                    on_accent=QColor("#000000"), surface=SURFACE, pressed=QColor("#444444"))
    bar.restyle(Metrics(), colors, QFont())
    bar.resize(1200, 100)
    bar.set_duration(100_000)
    bar.show()
    return bar


def groove_colours(slider: QSlider) -> str:
    """The groove's colour along its middle: R (played), B (to play), G (the knob), one letter per 10 px."""
    image = slider.grab().toImage()
    y = image.height() // 2
    names = {ACCENT.name(): "R", SURFACE.name(): "B", KNOB.name(): "G"}
    return "".join(names.get(image.pixelColor(x, y).name(), ".") for x in range(5, image.width() - 5, 10))


@pytest.mark.parametrize(("direction", "position", "expected"), [
    (RTL, 0, r"^B+G+$"),  # at 0:00 nothing is played: the knob on the right, no fill
    (RTL, 25_000, r"^B+G+R+$"),  # a quarter played: the fill from the right edge to the knob
    (LTR, 0, r"^G+B+$"),
    (LTR, 25_000, r"^R+G+B+$"),
])
def test_the_seek_bar_fills_from_the_reading_side(transport: TransportBar, qtbot, direction, position,
                                                  expected: str) -> None:
    transport.setLayoutDirection(direction)
    transport.set_position(position)
    colours = groove_colours(transport.slider).replace(".", "")  # edges are blended
    assert re.match(expected, colours), colours
    if position:
        played = colours.count("R") / (colours.count("R") + colours.count("B"))
        assert played == pytest.approx(0.25, abs=0.12)


def test_the_seek_bar_mirrors_when_the_language_changes_after_styling(transport: TransportBar) -> None:
    transport.set_position(25_000)
    assert groove_colours(transport.slider).replace(".", "").startswith("R")
    transport.setLayoutDirection(RTL)
    assert groove_colours(transport.slider).replace(".", "").endswith("R")


def test_elapsed_time_stands_on_the_right_in_right_to_left(transport: TransportBar, qtbot) -> None:
    transport.setLayoutDirection(RTL)
    qtbot.waitUntil(lambda: transport.elapsed.x() > transport.total.x())
    assert transport.elapsed.x() > transport.slider.x() > transport.total.x()


def test_sliders_styled_by_a_parent_keep_the_fill_on_the_reading_side(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    slider = QSlider(Qt.Orientation.Horizontal, parent)
    slider.setRange(0, 100)
    slider.setValue(0)
    slider.resize(400, 60)
    parent.setStyleSheet(f"QSlider::groove:horizontal {{ height: 10px; background: {SURFACE.name()}; }}"
                         f"QSlider::handle:horizontal {{ width: 20px; margin: -5px 0; background: {KNOB.name()}; }}")
    bidi.style_slider(slider, filled=f"background: {ACCENT.name()};", empty="background: transparent;")
    parent.setLayoutDirection(RTL)
    assert "R" not in groove_colours(slider)


def test_a_long_gallerys_counter_reads_from_the_right_in_a_right_to_left_visit(qtbot) -> None:
    from kiosk.ui.exhibits.gallery import DotsBar

    def ink_columns(direction: Qt.LayoutDirection) -> list[int]:
        bar = DotsBar(20)
        qtbot.addWidget(bar)
        bar.colors = Colors(ground=QColor("#000000"), text=QColor("#ffffff"), muted=QColor("#808080"),
                            accent=ACCENT, on_accent=QColor("#000000"), surface=QColor("#202020"),
                            pressed=QColor("#303030"))
        bar.setLayoutDirection(direction)
        bar.resize(240, 60)
        bar.set_current(0, "")
        image = bar.grab().toImage()
        return [x for x in range(image.width())
                if any(image.pixelColor(x, y).name() == "#ffffff" for y in range(image.height()))]

    assert bidi.plain(DotsBar(20).counter_text()) == "1 / 20"
    ltr, rtl = ink_columns(Qt.LayoutDirection.LeftToRight), ink_columns(Qt.LayoutDirection.RightToLeft)
    assert ltr
    assert rtl
    assert ltr != rtl, "mirrored: the current number ('1') stands on the right, where the first dots are"
