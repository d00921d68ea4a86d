"""Pictures and tiles: the way into a section or an exhibit, with its picture decoded off-thread.

`pictures.request(owner, path, size, done)` answers from the shared decoder's cache at once
or later through `done`; `Tile` is a picture with a title and a line under it, and
`TileGrid` lays tiles out in as many columns as fit.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTextOption,
)
from PySide6.QtWidgets import QAbstractButton, QGridLayout, QSizePolicy, QStyle, QWidget

from kiosk.ui import bidi
from kiosk.ui.imaging import DecodedImage, fit_size, read_size, shared_decoder
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import FocusRing, click_on_enter

log = logging.getLogger("kiosk.ui")


# -- pictures off the GUI thread --------------------------------------------------------

class _Pictures:
    """Routes the shared decoder's results to the widget that asked, by ticket."""

    def __init__(self) -> None:
        self._waiting: dict[int, tuple[weakref.ref[QWidget], Callable[[DecodedImage | None], None]]] = {}
        self._decoder_id = 0
        self._reported: set[Path] = set()

    def _connect(self) -> None:
        decoder = shared_decoder()
        if id(decoder) != self._decoder_id:
            self._decoder_id = id(decoder)
            self._waiting.clear()
            decoder.decoded.connect(self._done)
            decoder.failed.connect(self._failed)

    def request(self, owner: QWidget, path: Path, bounds: QSize,
                done: Callable[[DecodedImage | None], None]) -> int | None:
        """The picture at once if cached (done is called now), else a ticket; None if unreadable."""
        self._connect()
        decoder = shared_decoder()
        cached = decoder.lookup(path, bounds)
        if cached is not None:
            done(cached)
            return None
        if not read_size(path).isValid():
            if path not in self._reported:
                self._reported.add(path)
                log.warning("picture %s is missing or unreadable", path)
            done(None)
            return None
        ticket = decoder.request(path, bounds)
        self._waiting[ticket] = (weakref.ref(owner), done)
        return ticket

    def cancel(self, ticket: int | None) -> None:
        if ticket is not None and self._waiting.pop(ticket, None) is not None:
            shared_decoder().cancel(ticket)

    def _done(self, decoded: DecodedImage) -> None:
        self._deliver(decoded.ticket, decoded)

    def _failed(self, ticket: int, _path: str, _reason: str) -> None:
        self._deliver(ticket, None)

    def _deliver(self, ticket: int, decoded: DecodedImage | None) -> None:
        """Hand the result to its widget, unless Qt has deleted the widget meanwhile (its
        Python wrapper can outlive it)."""
        entry = self._waiting.pop(ticket, None)
        if entry is None:
            return
        owner = entry[0]()
        if owner is not None and shiboken6.isValid(owner):
            entry[1](decoded)


pictures = _Pictures()


class PictureMixin:
    """A widget that shows one picture of the bundle, decoded off-thread at its own size."""

    picture_path: Path | None = None
    picture: DecodedImage | None = None
    picture_failed: bool = False
    _ticket: int | None = None
    _asked: QSize | None = None

    def set_picture(self, path: Path | None) -> None:
        if path == self.picture_path:
            return
        pictures.cancel(self._ticket)
        self._ticket, self._asked = None, None
        self.picture_path, self.picture, self.picture_failed = path, None, False
        self._want_picture()
        self.update()  # type: ignore[attr-defined]

    def picture_box(self) -> QSize:
        """The box the picture must cover on screen (device pixels)."""
        raise NotImplementedError

    def cover_picture(self) -> bool:
        return True

    def _want_picture(self) -> None:
        widget: QWidget = self  # type: ignore[assignment]
        if self.picture_path is None or self.picture_failed:
            return
        box = self.picture_box() * widget.devicePixelRatioF()
        if box.isEmpty() or (self._asked is not None and self._asked == box):
            return
        source = read_size(self.picture_path)
        bounds = fit_size(source, box, upscale=True)
        if self.cover_picture() and source.isValid():
            bounds = source.scaled(box, Qt.AspectRatioMode.KeepAspectRatioByExpanding).boundedTo(source)
        self._asked = box
        pictures.cancel(self._ticket)
        self._ticket = pictures.request(widget, self.picture_path, bounds, self._picture_arrived)

    def _picture_arrived(self, decoded: DecodedImage | None) -> None:
        self._ticket = None
        if decoded is None:
            self.picture_failed = True
        else:
            self.picture = decoded
        self.update()  # type: ignore[attr-defined]


def draw_picture(painter: QPainter, image: DecodedImage, target: QRectF, cover: bool) -> None:
    """Draw `image` into `target`: filling it and cropped (cover) or whole and centred."""
    source = QRectF(image.image.rect())
    if cover:
        scale = max(target.width() / source.width(), target.height() / source.height())
        w, h = target.width() / scale, target.height() / scale
        source = QRectF(source.center().x() - w / 2, source.center().y() - h / 2, w, h)
        painter.drawImage(target, image.image, source)
        return
    scale = min(target.width() / source.width(), target.height() / source.height())
    w, h = source.width() * scale, source.height() * scale
    box = QRectF(target.center().x() - w / 2, target.center().y() - h / 2, w, h)
    painter.drawImage(box, image.image, source)


# -- tiles -----------------------------------------------------------------------------

def wrapped_lines(text: str, font: QFont, width: float, max_lines: int,
                  direction: Qt.LayoutDirection = Qt.LayoutDirection.LeftToRight) -> list[str]:
    """Up to `max_lines` lines of `text` wrapped at `width`, the last one elided.

    "…" is added at the logical end of the line; drawn as a paragraph of `direction` (the
    painter's, see bidi.directed) it stands at the visual end: on the left in Arabic.
    """
    layout = bidi.paragraph(text, font, direction, QTextOption.WrapMode.WordWrap)
    layout.beginLayout()
    lines: list[str] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append(text[line.textStart(): line.textStart() + line.textLength()].strip())
    layout.endLayout()
    metrics = QFontMetrics(font)
    if len(lines) > max_lines:
        rest = " ".join(lines[max_lines - 1:])
        lines = [*lines[: max_lines - 1], rest]
    # The last line, and any single word too long for a line, end in "…" rather than being cut.
    return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, int(width)) for line in lines]


class Tile(PictureMixin, QAbstractButton):
    """A picture with a title and a line under it; the way into a section or an exhibit."""

    draws_focus_ring = True

    def __init__(self, parent: QWidget | None = None, *, picture_ratio: float = 9 / 16) -> None:
        super().__init__(parent)
        self.picture_ratio = picture_ratio
        self.theme: Theme | None = None
        self.subtitle = ""
        self.badge = ""
        self.excerpt = ""
        self.title_lines = 2
        # Wrapped lines by (text, font size, width, lines, direction): a tile is painted again
        # when pressed, scrolled and shown, and its words are laid out once.
        self._wrapped: dict[tuple[object, ...], list[str]] = {}
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_content(self, title: str, subtitle: str = "", badge: str = "", picture: Path | None = None,
                    excerpt: str = "", *, alt: str = "") -> None:
        """`excerpt`: words shown in place of a picture, for exhibits that have none; `alt`: what
        the picture shows, read after the words on the tile."""
        self.setText(title)
        self.setAccessibleName(title)
        self.setAccessibleDescription(". ".join(part for part in (badge, subtitle, alt) if part))
        self.subtitle, self.badge, self.excerpt = subtitle, badge, excerpt
        self._wrapped.clear()
        self.set_picture(picture)
        self.update()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._wrapped.clear()
        self.updateGeometry()
        self._want_picture()
        self.update()

    def _text_height(self) -> int:
        theme = self.theme
        if theme is None:
            return 80
        title = theme.metrics(theme.heading_px, QFont.Weight.DemiBold).lineSpacing()
        sub = theme.metrics(theme.small_px).lineSpacing()
        return self.title_lines * title + sub + theme.px(36)

    def title_lines_needed(self, width: int) -> int:
        """How many lines (one or two) the title takes at `width`."""
        if self.theme is None:
            return 2
        theme = self.theme
        return min(2, len(self._lines(theme, self.text(), theme.heading_px, QFont.Weight.DemiBold,
                                      width=width - 2 * theme.px(24), max_lines=3)))

    def _lines(self, theme: Theme, text: str, size_px: int, weight: QFont.Weight, *, width: float,
               max_lines: int) -> list[str]:
        """`wrapped_lines` of `text` in the theme's font of that size, kept until the text or
        the theme changes."""
        direction = self.layoutDirection()
        key = (text, size_px, weight, width, max_lines, direction)
        lines = self._wrapped.get(key)
        if lines is None:
            font = theme.font(size_px, weight)
            if len(self._wrapped) > 16:
                self._wrapped.clear()
            lines = self._wrapped[key] = wrapped_lines(text, font, width, max_lines, direction)
        return lines

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if not click_on_enter(self, event):
            super().keyPressEvent(event)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return round(width * self.picture_ratio) + self._text_height()

    def sizeHint(self) -> QSize:  # noqa: N802
        width = self.theme.px(520) if self.theme else 400
        return QSize(width, self.heightForWidth(width))

    def picture_rect(self) -> QRect:
        return QRect(0, 0, self.width(), round(self.width() * self.picture_ratio))

    def picture_box(self) -> QSize:
        return self.picture_rect().size()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._want_picture()

    def _paint_no_picture(self, painter: QPainter, area: QRectF, theme: Theme) -> None:
        """The exhibit's opening words on a quiet ground, or the accent's mark."""
        painter.fillRect(area, theme.surface.darker(118))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.accent)
        pad = theme.px(32)
        painter.drawRect(QRectF(area.left() + pad, area.top() + pad, theme.px(56), theme.px(6)))
        if not self.excerpt:
            return
        font = theme.font(theme.small_px)
        painter.setFont(font)
        painter.setPen(theme.muted)
        metrics = theme.metrics(theme.small_px)
        line = metrics.lineSpacing()
        width = area.width() - 2 * pad
        badge_room = metrics.height() + theme.px(16)
        lines = int((area.height() - 2 * pad - theme.px(30) - badge_room) // line)
        align = QStyle.visualAlignment(self.layoutDirection(), Qt.AlignmentFlag.AlignLeft)
        y = area.top() + pad + theme.px(30)
        for text in self._lines(theme, self.excerpt, theme.small_px, QFont.Weight.Normal,
                                width=width, max_lines=max(1, lines)):
            painter.drawText(QRectF(area.left() + pad, y, width, line),
                             int(align | Qt.AlignmentFlag.AlignVCenter), text)
            y += line

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        theme = self.theme
        if theme is None:
            return
        painter = bidi.directed(QPainter(self), self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        radius = theme.px(18)
        whole = QRectF(self.rect())
        clip = QPainterPath()
        clip.addRoundedRect(whole, radius, radius)
        painter.setClipPath(clip)
        painter.fillRect(whole, theme.surface)
        picture = QRectF(self.picture_rect())
        if self.picture is not None:
            draw_picture(painter, self.picture, picture, cover=True)
        else:
            self._paint_no_picture(painter, picture, theme)
        if self.isDown():
            painter.fillRect(whole, QColor(0, 0, 0, 90))
        painter.setClipping(False)
        if self.badge:
            self._paint_badge(painter, picture, theme)
        self._paint_texts(painter, picture, theme)
        if FocusRing.on(self) or self.isDown():
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(theme.accent, theme.px(4)))
            inset = theme.px(2)
            painter.drawRoundedRect(whole.adjusted(inset, inset, -inset, -inset), radius, radius)

    def _paint_badge(self, painter: QPainter, picture: QRectF, theme: Theme) -> None:
        """The exhibit's type or count, in a dark pill on the picture's lower corner."""
        pad = theme.px(24)
        font = theme.font(theme.small_px, QFont.Weight.DemiBold)
        metrics = theme.metrics(theme.small_px, QFont.Weight.DemiBold)
        width, height = metrics.horizontalAdvance(self.badge) + theme.px(24), metrics.height() + theme.px(8)
        mirrored = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        left = picture.left() + pad if mirrored else picture.right() - pad - width
        badge = QRectF(left, picture.bottom() - pad - height, width, height)
        painter.setBrush(QColor(0, 0, 0, 170))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(badge, height / 2, height / 2)
        painter.setPen(QColor("#FFFFFF"))
        painter.setFont(font)
        # The pill is a unit of its own: an English fallback word reads "5 exhibits" on a Hebrew tile.
        painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), bidi.isolate(self.badge))

    def _paint_texts(self, painter: QPainter, picture: QRectF, theme: Theme) -> None:
        """The title in up to two lines, and the line under it."""
        align = QStyle.visualAlignment(self.layoutDirection(), Qt.AlignmentFlag.AlignLeft)
        pad = theme.px(24)
        y = picture.bottom() + theme.px(16)
        width = self.width() - 2 * pad
        title_font = theme.font(theme.heading_px, QFont.Weight.DemiBold)
        painter.setFont(title_font)
        painter.setPen(theme.foreground)
        line_height = theme.metrics(theme.heading_px, QFont.Weight.DemiBold).lineSpacing()
        for line in self._lines(theme, self.text(), theme.heading_px, QFont.Weight.DemiBold,
                                width=width, max_lines=self.title_lines):
            painter.drawText(QRectF(pad, y, width, line_height),
                             int(align | Qt.AlignmentFlag.AlignVCenter), line)
            y += line_height
        if self.subtitle:
            sub_font = theme.font(theme.small_px)
            painter.setFont(sub_font)
            painter.setPen(theme.muted)
            sub_metrics = theme.metrics(theme.small_px)
            sub_height = sub_metrics.lineSpacing()
            text = sub_metrics.elidedText(self.subtitle, Qt.TextElideMode.ElideRight, int(width))
            painter.drawText(QRectF(pad, y + theme.px(4), width, sub_height),
                             int(align | Qt.AlignmentFlag.AlignVCenter), text)


class TileGrid(QWidget):
    """Tiles in as many columns as fit, re-flowed when the width changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tiles: list[Tile] = []
        self.min_tile_width = 460
        self._columns = 0
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)

    def set_tiles(self, tiles: list[Tile], theme: Theme) -> None:
        """Show `tiles`; tiles shown before and not among them are deleted."""
        kept = {id(tile) for tile in tiles}
        for tile in self.tiles:
            self._grid.removeWidget(tile)
            if id(tile) not in kept:
                tile.hide()
                tile.deleteLater()
        self.tiles = tiles
        self._columns = 0
        self.restyle(theme)

    def restyle(self, theme: Theme) -> None:
        self._grid.setSpacing(theme.gap_px)
        # Larger text, wider tiles (fewer columns), so titles keep their words whole.
        self.min_tile_width = theme.px(400 * theme.text_scale ** 0.5)
        for tile in self.tiles:
            tile.set_theme(theme)
        self._columns = 0
        self._reflow()

    def columns_for(self, width: int) -> int:
        spacing = self._grid.spacing()
        return max(1, (width + spacing) // (self.min_tile_width + spacing))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._reflow()

    def _even_title_lines(self, columns: int) -> None:
        """Every tile reserves the lines of the longest title, so the rows line up."""
        spacing = self._grid.spacing()
        width = (self.width() - (columns - 1) * spacing) // max(1, columns)
        lines = max((tile.title_lines_needed(width) for tile in self.tiles), default=1)
        for tile in self.tiles:
            if tile.title_lines != lines:
                tile.title_lines = lines
                tile.updateGeometry()

    def texts_changed(self) -> None:
        self._even_title_lines(self._columns or self.columns_for(self.width()))

    def _reflow(self) -> None:
        columns = self.columns_for(self.width())
        self._even_title_lines(columns)
        if columns == self._columns:
            return
        self._columns = columns
        for tile in self.tiles:
            self._grid.removeWidget(tile)
        for index, tile in enumerate(self.tiles):
            self._grid.addWidget(tile, index // columns, index % columns, Qt.AlignmentFlag.AlignTop)
        for column in range(max(columns, self._grid.columnCount())):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)
        rows = -(-len(self.tiles) // columns)
        for row in range(max(rows + 1, self._grid.rowCount())):
            self._grid.setRowStretch(row, 1 if row == rows else 0)
