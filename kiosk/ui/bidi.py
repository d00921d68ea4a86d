"""Text direction: labels composed from parts, and lines drawn in the visit's direction.

A label the kiosk builds from pieces ("SECTION  ·  2 of 5", "Gallery · 3", "Switching to
NAME") mixes texts whose directions the kiosk does not know: a Hebrew section title, an
English fallback word, a Latin bundle name on an Arabic panel. Left to the Unicode
bidirectional algorithm as one run, neighbouring pieces borrow each other's direction and a
Hebrew visitor reads "1 · SECTION of 3". So every inserted piece is wrapped in a first-strong
isolate (U+2068 … U+2069): inside it the piece takes its own direction, outside it counts as
one neutral character, and the template's own order holds. Qt's text engine honours the
isolates (tests/ui/test_direction.py lays them out and checks the visual order).

Isolating does not decide the paragraph's direction; that comes from the visit's language,
set explicitly, never guessed from the first strong character: a Hebrew label that opens with
a Latin name is still a right-to-left paragraph, its final full stop on the left and its "…"
on the left. Widgets inherit the window's layout direction, but a QPainter does not (it starts
left-to-right whatever the widget), so code that draws text itself goes through `directed`.

Curators' texts are theirs: the kiosk never reorders or isolates inside them; it only sets the
paragraph direction they are shown in.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QPainter, QTextLayout, QTextOption
from PySide6.QtWidgets import QSlider, QStyle, QWidget

FSI = "\u2068"  # first strong isolate: the piece takes the direction of its first strong letter
PDI = "\u2069"  # pop directional isolate: the end of the piece
ISOLATES = frozenset("\u2066\u2067\u2068\u2069")
ELLIPSIS = "…"


def isolate(part: object) -> str:
    """`part` as text that keeps its own direction inside any label; "" stays "".

    Numbers are isolated like words: harmless for digits, and it keeps a fallback word such
    as "1 of 3" in one piece inside a right-to-left label.
    """
    text = str(part)
    return f"{FSI}{text}{PDI}" if text else ""


def compose(template: str, **parts: object) -> str:
    """`template` (already in the visit's language) with every `{name}` filled by an isolated part."""
    return template.format(**{name: isolate(value) for name, value in parts.items()})


def join(parts: Iterable[object], separator: str = " · ") -> str:
    """The non-empty parts, each isolated, between separators: "Gallery · 3"."""
    return separator.join(isolate(part) for part in parts if str(part))


def plain(text: str) -> str:
    """`text` without isolate marks, for places that compare or search words."""
    return "".join(character for character in text if character not in ISOLATES)


def paragraph_direction(rtl: bool) -> Qt.LayoutDirection:
    return Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight


def directed(painter: QPainter, widget: QWidget) -> QPainter:
    """`painter`, set to draw text in `widget`'s layout direction (a new QPainter draws left-to-right)."""
    painter.setLayoutDirection(widget.layoutDirection())
    return painter


def paragraph(text: str, font: QFont, direction: Qt.LayoutDirection,
              wrap: QTextOption.WrapMode = QTextOption.WrapMode.NoWrap) -> QTextLayout:
    """`text` as a paragraph of `direction` (never "auto"), ready for its lines to be laid out."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setTextDirection(direction)
    option.setWrapMode(wrap)
    layout.setTextOption(option)
    return layout


def line_layout(text: str, font: QFont, direction: Qt.LayoutDirection) -> QTextLayout:
    """One unwrapped line of `text` laid out as a paragraph of `direction` (never "auto")."""
    layout = paragraph(text, font, direction)
    layout.beginLayout()
    line = layout.createLine()
    if line.isValid():
        line.setPosition(QPointF(0, 0))
    layout.endLayout()
    return layout


def draw_line(painter: QPainter, area: QRectF, layout: QTextLayout, alignment: Qt.AlignmentFlag) -> None:
    """Draw a `line_layout` in `area`, placed by `alignment` (leading/trailing follow its direction)."""
    if layout.lineCount() == 0:
        return
    line = layout.lineAt(0)
    direction = layout.textOption().textDirection()
    align = QStyle.visualAlignment(direction, alignment)
    width = line.naturalTextWidth()
    if align & Qt.AlignmentFlag.AlignRight:
        x = area.right() - width
    elif align & Qt.AlignmentFlag.AlignHCenter:
        x = area.left() + (area.width() - width) / 2
    else:
        x = area.left()
    if align & Qt.AlignmentFlag.AlignTop:
        y = area.top()
    elif align & Qt.AlignmentFlag.AlignBottom:
        y = area.bottom() - line.height()
    else:
        y = area.top() + (area.height() - line.height()) / 2
    layout.draw(painter, QPointF(x - line.x(), y - line.y()))


def span_x(layout: QTextLayout, start: int, length: int) -> tuple[float, float]:
    """The left and right edges of the glyphs of characters [start, start+length) on the first line."""
    runs = layout.glyphRuns(start, length)
    rects = [run.boundingRect() for run in runs if run.glyphIndexes()]
    rects = [rect for rect in rects if rect.width() > 0]  # the isolate marks take no room
    if not rects:
        return (0.0, 0.0)
    return (min(rect.left() for rect in rects), max(rect.right() for rect in rects))


# -- sliders ------------------------------------------------------------------------------

def slider_pages(direction: Qt.LayoutDirection, filled: str, empty: str) -> str:
    """Style-sheet rules that colour a horizontal slider's played part `filled` and the rest `empty`.

    Qt's style sheets draw `sub-page` left of the handle and `add-page` right of it whatever the
    direction, while the handle itself mirrors: in Arabic a seek bar at 0:00 has its handle on
    the right and, left alone, all of its groove "played". In right-to-left the rules swap.
    """
    before, after = (empty, filled) if direction == Qt.LayoutDirection.RightToLeft else (filled, empty)
    return (f"QSlider::sub-page:horizontal {{ {before} }}"
            f"QSlider::add-page:horizontal {{ {after} }}")


class _PageMirror(QObject):
    """Re-applies a slider's page colours when its layout direction changes."""

    def __init__(self, slider: QSlider) -> None:
        super().__init__(slider)
        self.slider = slider
        self.rest = self.filled = self.empty = ""
        slider.installEventFilter(self)

    def apply(self) -> None:
        self.slider.setStyleSheet(self.rest + slider_pages(self.slider.layoutDirection(), self.filled, self.empty))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.slider and event.type() == QEvent.Type.LayoutDirectionChange:
            self.apply()
        return False


def style_slider(slider: QSlider, filled: str, empty: str, rest: str = "") -> None:
    """Give `slider` the style sheet `rest` plus its played/unplayed colours on the reading side,
    kept right when the visit's direction changes later (filled/empty: CSS declarations)."""
    mirror = slider.findChild(_PageMirror)
    if mirror is None:
        mirror = _PageMirror(slider)
    mirror.rest, mirror.filled, mirror.empty = rest, filled, empty
    mirror.apply()
