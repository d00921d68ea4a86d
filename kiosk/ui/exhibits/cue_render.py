"""Drawing caption cues: each cue's tree as a rich-text document, placed in the caption area
by the cue's settings, on a dark box that keeps the words readable over any picture.

A document is built once per cue (and font), not per paint: playback repaints the picture
many times a second while a cue stays up for seconds. Words are inserted as text, never as
HTML, so nothing a caption file says can become markup. Italics, bold and underline are
kept; a voice is named where the speaker changes ("Narrator:" in bold); a `<lang>` span is
isolated in its own direction; ruby shows its reading smaller, in parentheses, after its base.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from kiosk.bundle.cuetext import (
    CueNode,
    CueSpan,
    CueText,
    base_direction,
    parse_cue_text,
    plain_text,
    readable_text,
)
from kiosk.bundle.webvtt import Cue, CueSettings
from kiosk.ui.i18n import is_rtl

BACKING = QColor(0, 0, 0, 205)
INK = QColor(255, 255, 255)
RUBY_SCALE = 0.65
MIN_WIDTH_FRACTION = 0.25
"""A cue positioned near an edge still gets this share of the area to wrap in."""

_ALIGNMENT = {
    "start": Qt.AlignmentFlag.AlignLeft,  # follows the text's direction, as WebVTT's start does
    "end": Qt.AlignmentFlag.AlignRight,
    "left": Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute,
    "right": Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute,
    "center": Qt.AlignmentFlag.AlignHCenter,
}
_ISOLATE_RTL, _ISOLATE_LTR, _ISOLATE_FIRST_STRONG, _POP_ISOLATE = "\u2067", "\u2066", "\u2068", "\u2069"


@dataclass(frozen=True, eq=False)
class ShownCue:
    """A cue as the player shows it: its tree, and who spoke just before it (whose name is
    not repeated). Compared by identity: a track makes one per cue, once."""

    cue: Cue
    nodes: tuple[CueNode, ...]
    speaker: str | None = None

    @property
    def readable(self) -> str:
        return readable_text(self.nodes, self.speaker)


def shown_cue(text: str) -> ShownCue:
    """A lone cue of `text` (cue text, tags allowed) with default settings."""
    return ShownCue(Cue(0.0, 0.0, text), parse_cue_text(text))


def cue_rtl(shown: ShownCue, track_rtl: bool) -> bool:
    """A right-to-left track's cues are all right-to-left; elsewhere a cue's own words decide,
    so an Arabic line in an English file still reads from the right."""
    return track_rtl or base_direction(plain_text(shown.nodes)) == "rtl"


def cue_document(shown: ShownCue, font: QFont, *, rtl: bool, align: str = "center") -> QTextDocument:
    """The cue's words in `font`, formatted by its tree, in one block aligned by `align`."""
    document = QTextDocument()
    document.setDefaultFont(font)
    document.setDocumentMargin(0)
    document.setUndoRedoEnabled(False)
    cursor = QTextCursor(document)
    block = QTextBlockFormat()
    block.setAlignment(_ALIGNMENT.get(align, Qt.AlignmentFlag.AlignHCenter))
    block.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
    cursor.setBlockFormat(block)
    _Writer(cursor, font, shown.speaker).write(shown.nodes, QTextCharFormat())
    return document


@dataclass
class _Writer:
    cursor: QTextCursor
    font: QFont
    speaker: str | None

    def insert(self, text: str, form: QTextCharFormat) -> None:
        # A line separator keeps the cue one block, so one alignment and direction hold it all.
        self.cursor.insertText(text.replace("\n", "\u2028"), form)

    def write(self, nodes: tuple[CueNode, ...], form: QTextCharFormat) -> None:
        for node in nodes:
            if isinstance(node, CueText):
                self.insert(node.text, form)
            elif isinstance(node, CueSpan):
                self.span(node, form)

    def span(self, span: CueSpan, outer: QTextCharFormat) -> None:
        form = QTextCharFormat(outer)
        if span.kind == "i":
            form.setFontItalic(True)
        elif span.kind == "b":
            form.setFontWeight(QFont.Weight.Bold)
        elif span.kind == "u":
            form.setFontUnderline(True)
        elif span.kind == "v" and span.annotation and span.annotation != self.speaker:
            self.speaker = span.annotation
            name = QTextCharFormat(outer)
            name.setFontWeight(QFont.Weight.Bold)
            name.setFontItalic(False)
            self.insert(f"{span.annotation}: ", name)
        elif span.kind == "rt":
            pixels = self.font.pixelSize() if self.font.pixelSize() > 0 else QFontMetricsF(self.font).height() * 0.75
            form.setProperty(QTextFormat.Property.FontPixelSize, max(1, round(pixels * RUBY_SCALE)))
            self.insert("(", form)
            self.write(span.children, form)
            self.insert(")", form)
            return
        elif span.kind == "lang":
            isolate = (_ISOLATE_FIRST_STRONG if not span.annotation
                       else _ISOLATE_RTL if is_rtl(span.annotation) else _ISOLATE_LTR)
            self.insert(isolate, form)
            self.write(span.children, form)
            self.insert(_POP_ISOLATE, form)
            return
        self.write(span.children, form)


def laid_out(document: QTextDocument, width: float) -> QRectF:
    """Lay `document` out `width` wide (only if it was laid out otherwise) and return the
    rectangle its lines cover, so a box can hug the words however they are aligned."""
    if document.textWidth() != width:
        document.setTextWidth(width)
    document.documentLayout().documentSize()  # lays out now; lines are unset until then
    ink = QRectF()
    block = document.firstBlock()
    while block.isValid():
        layout = block.layout()
        origin = layout.position()
        for number in range(layout.lineCount()):
            line = layout.lineAt(number)
            rect = line.naturalTextRect().translated(origin)
            ink = rect if ink.isNull() else ink.united(rect)
        block = block.next()
    return ink


@dataclass
class PlacedBox:
    """One backing box and the documents drawn in it, each at its top-left corner."""

    box: QRectF
    documents: list[tuple[QTextDocument, QPointF]] = field(default_factory=list)


def _position(settings: CueSettings, rtl: bool) -> tuple[float, str]:
    """Where a box is anchored across the area (0..1) and by which side, as WebVTT computes
    them; except that an automatic position for start or end text is that side's edge (the
    spec's 50 % puts "start" text in mid-screen, which its authors call surprising)."""
    align = settings.align
    leftwards = align == "left" or (align == "start" and not rtl) or (align == "end" and rtl)
    rightwards = align == "right" or (align == "end" and not rtl) or (align == "start" and rtl)
    edge = "line-left" if leftwards else "line-right" if rightwards else "center"
    anchor = settings.position_align if settings.position_align != "auto" else edge
    if settings.position is not None:
        return settings.position / 100, anchor
    return {"line-left": 0.0, "line-right": 1.0, "center": 0.5}[edge], anchor


def _vertical(settings: CueSettings, area: QRectF, height: float, line_step: float,
              anchor_bottom: bool) -> float:
    """The top of a box `height` tall, by the cue's line setting, kept inside `area`."""
    line = settings.line
    if line is None:
        top = area.bottom() - height if anchor_bottom else area.top()
    elif not settings.snap_to_lines:
        at = area.top() + area.height() * line / 100
        top = {"start": at, "center": at - height / 2, "end": at - height}.get(settings.line_align, at)
    elif line >= 0:
        top = area.top() + line * line_step
    else:
        top = area.bottom() + (line + 1) * line_step - height
    return max(area.top(), min(top, area.bottom() - height))


class CaptionPainter:
    """Draws the cues showing at a moment, for one view: keeps each cue's document between
    paints, so a repaint only draws, and a new font or direction starts afresh.

    `honour` says which cue settings apply: "all" (over a picture: line, position, size and
    align) or "align" (a caption box of its own, where only the text's alignment makes sense).
    """

    def __init__(self, honour: str = "all") -> None:
        self.honour = honour
        self.font = QFont()
        self.rtl = False
        self._documents: dict[ShownCue, QTextDocument] = {}
        self._palette = QPalette()
        self._palette.setColor(QPalette.ColorRole.Text, INK)

    def configure(self, font: QFont, *, rtl: bool) -> None:
        if font != self.font or rtl != self.rtl:
            self.font = QFont(font)
            self.rtl = rtl
            self._documents.clear()

    def forget(self) -> None:
        """Drop the documents kept (a new track: its cues are other objects)."""
        self._documents.clear()

    def settings(self, shown: ShownCue) -> CueSettings:
        if self.honour == "all":
            return shown.cue.settings
        if self.honour == "align":
            return CueSettings(align=shown.cue.settings.align)
        return CueSettings()

    def document(self, shown: ShownCue) -> QTextDocument:
        document = self._documents.get(shown)
        if document is None:
            document = cue_document(shown, self.font, rtl=cue_rtl(shown, self.rtl),
                                    align=self.settings(shown).align)
            self._documents[shown] = document
        return document

    def padding(self) -> tuple[float, float]:
        height = QFontMetricsF(self.font).height()
        return height * 0.55, height * 0.25

    def text_width(self, area_width: float, max_width_fraction: float = 1.0) -> float:
        """The width a lone cue with default settings wraps at, in an area this wide."""
        return area_width * max_width_fraction - 2 * self.padding()[0]

    def text_height(self, shown: ShownCue, text_width: float) -> float:
        """How tall the words of `shown` alone are when they wrap at `text_width`."""
        document = self.document(shown)
        laid_out(document, text_width)
        return math.ceil(document.size().height())

    def place(self, area: QRectF, cues: Sequence[ShownCue], *, anchor_bottom: bool = True,
              max_width_fraction: float = 0.8) -> list[PlacedBox]:
        """The boxes for `cues`: cues with the same settings share a box, one under the other
        in the order they started; boxes that would overlap move apart."""
        groups: dict[CueSettings, list[ShownCue]] = {}
        for shown in cues:
            groups.setdefault(self.settings(shown), []).append(shown)
        placed: list[PlacedBox] = []
        for settings, members in groups.items():
            box = self._place_group(area, settings, members, anchor_bottom, max_width_fraction)
            if box is not None:
                self._move_apart(box, placed, area, settings, anchor_bottom)
                placed.append(box)
        return placed

    def _place_group(self, area: QRectF, settings: CueSettings, members: list[ShownCue],
                     anchor_bottom: bool, max_width_fraction: float) -> PlacedBox | None:
        rtl = cue_rtl(members[0], self.rtl)
        position, anchor = _position(settings, rtl)
        room = {"line-left": 1 - position, "line-right": position}.get(anchor, 2 * min(position, 1 - position))
        fraction = min(max_width_fraction, max(min(settings.size / 100, room), MIN_WIDTH_FRACTION))
        placed = self._lay_out_group(area, settings, members, fraction=fraction, anchor=(position, anchor),
                                     anchor_bottom=anchor_bottom)
        if placed is not None and placed.box.height() > area.height() and fraction < max_width_fraction:
            # Too narrow to fit the area's height: words matter more than the position asked for.
            placed = self._lay_out_group(area, settings, members, fraction=max_width_fraction,
                                         anchor=(position, anchor), anchor_bottom=anchor_bottom)
        return placed

    def _lay_out_group(self, area: QRectF, settings: CueSettings, members: list[ShownCue], *, fraction: float,
                       anchor: tuple[float, str], anchor_bottom: bool) -> PlacedBox | None:
        """The group's words wrapped in `fraction` of the area's width, that frame anchored at
        `anchor` (position 0..1 and side); the box hugs the lines and stays in the area."""
        pad_x, pad_y = self.padding()
        position, side = anchor
        width = area.width() * fraction
        left = area.left() + area.width() * position - {"line-left": 0.0, "line-right": width}.get(side, width / 2)
        ink = QRectF()
        documents: list[tuple[QTextDocument, QPointF]] = []
        height = 0.0
        for shown in members:
            if not shown.nodes:
                continue
            document = self.document(shown)
            lines = laid_out(document, width - 2 * pad_x)
            if not lines.isNull():
                lines.translate(0, height)
                ink = lines if ink.isNull() else ink.united(lines)
            documents.append((document, QPointF(0, height)))
            height += math.ceil(document.size().height())
        if ink.isNull():
            return None
        # A little slack, so that rounding never makes the box narrower than its longest line.
        box_w = math.ceil(ink.width()) + 4 + 2 * pad_x
        box_h = height + 2 * pad_y
        text_left = left + pad_x
        box_left = text_left + ink.left() - 2 - pad_x
        line_step = QFontMetricsF(self.font).lineSpacing()
        top = _vertical(settings, area, box_h, line_step, anchor_bottom)
        box = QRectF(max(area.left(), min(box_left, area.right() - box_w)), top, box_w, box_h)
        shift = box.left() - box_left
        return PlacedBox(box, [(document, QPointF(text_left + shift, top + pad_y + offset.y()))
                               for document, offset in documents])

    @staticmethod
    def _move_apart(box: PlacedBox, placed: list[PlacedBox], area: QRectF, settings: CueSettings,
                    anchor_bottom: bool) -> None:
        """Move `box` up (or down, if it belongs to the top half) off the boxes placed before."""
        upwards = (settings.line is None and anchor_bottom) or box.box.center().y() > area.center().y()
        for _ in range(len(placed)):
            hit = next((other for other in placed if other.box.intersects(box.box)), None)
            if hit is None:
                return
            gap = 4.0
            target = hit.box.top() - gap - box.box.height() if upwards else hit.box.bottom() + gap
            if target < area.top() or target + box.box.height() > area.bottom():
                return  # no room to move into: overlapping beats leaving the area
            dy = target - box.box.top()
            box.box.translate(0, dy)
            box.documents = [(document, corner + QPointF(0, dy)) for document, corner in box.documents]

    def paint(self, painter: QPainter, area: QRectF, cues: Sequence[ShownCue], *,
              anchor_bottom: bool = True, max_width_fraction: float = 0.8) -> list[QRectF]:
        """Draw `cues` inside `area`; returns the boxes drawn."""
        boxes = self.place(area, cues, anchor_bottom=anchor_bottom, max_width_fraction=max_width_fraction)
        if not boxes:
            return []
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette = self._palette
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        radius = self.padding()[1] * 1.4
        for placed in boxes:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(BACKING)
            painter.drawRoundedRect(placed.box, radius, radius)
            for document, corner in placed.documents:
                painter.save()
                painter.translate(corner)
                document.documentLayout().draw(painter, context)
                painter.restore()
        painter.restore()
        return [placed.box for placed in boxes]
