"""The attract loop: highlights drifting slowly, and "Touch to begin" in every language.

Each slide is composed once into a frame slightly larger than the screen (a dimmed,
blurred version of the picture as the ground, the picture itself whole and uncropped
above the text band), then only panned, a few pixels a second, and cross-faded into the
next. Panning a ready frame costs a blit, so the loop can run for months on a small
machine without heating it.

A slide's caption names its picture, so the two change together: the slide on screen
(`shown`) stays, caption and all, until the next slide's picture is decoded; before the
first picture arrives the screen shows the exhibition's title on the theme's ground.
Pictures are asked for only once the screen has its real size (a picture decoded for a
screen not yet laid out would be a few pixels wide), and again when the screen grows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEasingCurve, QPointF, QRectF, QSize, Qt, QVariantAnimation
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QLinearGradient,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QWidget

from kiosk.play.clock import MAX_TIMER_MS, milliseconds
from kiosk.play.player import Moved
from kiosk.play.showcase import AttractItem
from kiosk.ui import bidi
from kiosk.ui.i18n import is_rtl, say
from kiosk.ui.imaging import DecodedImage
from kiosk.ui.screens.base import Screen, Stage
from kiosk.ui.tiles import pictures, wrapped_lines

OVERSCAN = 0.04
FADE_MS = 1200
MIN_LAID_OUT_PX = 64


@dataclass(frozen=True)
class _TextLayout:
    caption_font: QFont
    title_font: QFont
    title_lines: list[str]
    pill_font: QFont
    pill_rows: list[list[tuple[str, str, float]]]
    pill_height: int
    height: float


class AttractScreen(Screen):
    def __init__(self, stage: Stage, parent: QWidget | None = None) -> None:
        super().__init__(stage, parent)
        self.setAccessibleName("attract")
        self.item: AttractItem | None = None
        self.shown: AttractItem | None = None
        self.fade_ms = FADE_MS
        self._frame = QPixmap()
        self._previous = QPixmap()
        self._previous_shown: AttractItem | None = None
        self._picture: DecodedImage | None = None
        self._ticket: int | None = None
        self._requested = QSize()
        self._layout_key: tuple[object, ...] | None = None
        self._layout: _TextLayout | None = None
        self._band = QPixmap()
        self._band_layout: _TextLayout | None = None
        self._pan = 0.0
        self._fade = 1.0
        self._drift = QVariantAnimation(self)
        self._drift.setStartValue(0.0)
        self._drift.setEndValue(1.0)
        self._drift.valueChanged.connect(self._drifted)
        self._fader = QVariantAnimation(self)
        self._fader.setStartValue(0.0)
        self._fader.setEndValue(1.0)
        self._fader.setEasingCurve(QEasingCurve.Type.InOutSine)
        self._fader.valueChanged.connect(self._faded)

    # -- the window's hooks ----------------------------------------------------------

    def arrive(self, move: Moved) -> None:
        del move
        self._previous = QPixmap()
        self._previous_shown = None
        if self._frame.isNull():
            self._compose()  # the ground under the title, for the picture to fade in from
        if self.item is not None and self._picture is None and self._ticket is None:
            self._request_picture()  # the title shows until the picture is back

    def leave(self) -> None:
        """Stop moving, and let go of the slide's frame and picture (about 17 MB at 1920x1080):
        a visit may last long, and a video may need the room. The window has already taken
        its copy of the screen for the cross-fade."""
        self._drift.stop()
        self._fader.stop()
        pictures.cancel(self._ticket)
        self._ticket = None
        self._picture = None
        self.shown = None
        self._frame = QPixmap()
        self._previous = QPixmap()
        self._previous_shown = None
        self._band = QPixmap()
        self._band_layout = None

    def restyle(self) -> None:
        self._layout_key = None
        if self.item is not None and self.shown is self.item and self._needs_bigger_picture():
            self._request_picture()
        self._compose()

    def show_slide(self, item: AttractItem) -> None:
        """Show `item` once its picture is decoded, fading to it from the slide on screen."""
        self.item = item
        pictures.cancel(self._ticket)
        self._ticket = None
        self._request_picture()

    def picture_path(self) -> Path | None:
        """The picture of the slide asked for last (it may still be decoding)."""
        if self.item is None or self.item.picture is None:
            return None
        return self.stage.bundle.file(self.item.picture)

    # -- drawing ----------------------------------------------------------------------

    def _text_top(self) -> float:
        return self._band_top(self._text_layout())

    def _picture_area(self) -> QRectF:
        """Where the picture goes inside a frame: above the text band, whole."""
        top = self.height() * 0.05
        bottom = self._text_top() - self.stage.theme.px(28)
        width = self.width() * (1 - 2 * OVERSCAN)
        return QRectF(self.width() * OVERSCAN * 1.5, top, width, max(1.0, bottom - top))

    def _picture_box(self) -> QSize:
        """The device pixels the picture must fit; empty while the screen is not laid out."""
        area = self._picture_area()
        if self.width() < MIN_LAID_OUT_PX or area.height() < MIN_LAID_OUT_PX:
            return QSize()
        ratio = self.devicePixelRatioF()
        return QSize(round(area.width() * ratio), round(area.height() * ratio))

    def _needs_bigger_picture(self) -> bool:
        box = self._picture_box()
        if box.isEmpty() or self._picture is None:
            return False
        image = self._picture.image.size()
        source = self._picture.source_size
        fits_box = image.width() >= box.width() * 0.97 or image.height() >= box.height() * 0.97
        return not fits_box and image != source

    def _request_picture(self) -> None:
        """Ask for the slide's picture at the screen's size; wait for a size if there is none yet."""
        path = self.picture_path()
        if path is None:
            self._arrived(None)
            return
        box = self._picture_box()
        if box.isEmpty():
            return  # resizeEvent asks again once the screen has its size
        pictures.cancel(self._ticket)
        self._requested = box
        self._ticket = pictures.request(self, path, box, self._arrived)

    def _arrived(self, decoded: DecodedImage | None) -> None:
        """The asked-for slide's picture is here (None: it has none, or it cannot be read)."""
        self._ticket = None
        changed = self.shown is not self.item
        self._picture = decoded
        if changed:
            if not self._frame.isNull() and self.fade_ms > 0 and self.isVisible():  # the first fades in from the title
                self._previous = self._frame
                self._previous_shown = self.shown
                self._fade = 0.0
                self._fader.setDuration(self.fade_ms)
                self._fader.start()
            self.shown = self.item
        self._compose()
        if changed:
            self._pan = 0.0
            self._drift.stop()
            self._drift.setDuration(max(1, milliseconds(self.stage.player.attract_dwell, at_most=MAX_TIMER_MS)))
            self._drift.start()

    def _compose(self) -> None:
        """Render the current slide's frame: ground, picture, and the text band's shade."""
        size = self.size()
        if size.isEmpty():
            return
        theme = self.stage.theme
        over = QSize(round(size.width() * (1 + OVERSCAN)), size.height())
        frame = QPixmap(over)
        frame.fill(theme.background)
        painter = QPainter(frame)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if self._picture is not None:
            image = self._picture.image
            tiny = image.scaled(48, 27, Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                                Qt.TransformationMode.SmoothTransformation)
            painter.setOpacity(0.35)
            painter.drawImage(QRectF(0, 0, over.width(), over.height()), tiny)
            painter.setOpacity(1.0)
            area = self._picture_area()
            scale = min(area.width() / image.width(), area.height() / image.height())
            w, h = image.width() * scale, image.height() * scale
            painter.drawImage(QRectF(area.center().x() - w / 2, area.center().y() - h / 2, w, h), image)
        shade = QLinearGradient(0, self._text_top() - self.stage.theme.px(24), 0, size.height())
        transparent = QColor(theme.background)
        transparent.setAlpha(0)
        shade.setColorAt(0, transparent)
        shade.setColorAt(0.45, theme.background)
        shade.setColorAt(1, theme.background)
        painter.fillRect(QRectF(0, 0, over.width(), over.height()), shade)
        painter.end()
        self._frame = frame
        self.update()

    def _drifted(self, value: object) -> None:
        pan = round(float(value) * self.width() * OVERSCAN)  # type: ignore[arg-type]
        if pan != self._pan:
            self._pan = pan
            self.update()

    def _faded(self, value: object) -> None:
        self._fade = float(value)  # type: ignore[arg-type]
        if self._fade >= 1.0:
            self._previous = QPixmap()
            self._previous_shown = None
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        theme = self.stage.theme
        frame = self._frame.deviceIndependentSize()
        if frame.height() < self.height() or frame.width() - self._pan < self.width():  # no frame, or a stale one
            painter.fillRect(self.rect(), theme.background)
        fading = not self._previous.isNull() and self._fade < 1.0
        if fading:
            painter.drawPixmap(QPointF(-self.width() * OVERSCAN, 0), self._previous)
            painter.setOpacity(self._fade)
        if not self._frame.isNull():
            painter.drawPixmap(QPointF(-self._pan, 0), self._frame)
        painter.setOpacity(1.0)
        layout = self._text_layout()
        if fading and self._previous_shown is not None:
            painter.setOpacity(1.0 - self._fade)
            self._paint_caption(painter, layout, self._previous_shown)
            painter.setOpacity(self._fade)
        self._paint_caption(painter, layout, self.shown)
        painter.setOpacity(1.0)
        painter.drawPixmap(QPointF(0, self._title_top(layout)), self._text_band(layout))

    def _text_layout(self) -> _TextLayout:
        """Fonts, lines and rows of the text band, measured once per size, language and theme."""
        key = (self.width(), self.height(), self.stage.language, id(self.stage.theme))
        if self._layout is None or key != self._layout_key:
            self._layout = self._measure_text()
            self._layout_key = key
        return self._layout

    def _measure_text(self) -> _TextLayout:
        theme = self.stage.theme
        manifest = self.stage.bundle.manifest
        width = self.width() - 2 * theme.margin_px
        caption_font = theme.font(theme.small_px, QFont.Weight.DemiBold)
        title = self.stage.text(manifest.title)
        title_font = theme.font(theme.hero_px, QFont.Weight.Bold)
        title_lines = [title]
        if QFontMetrics(title_font).horizontalAdvance(title) > width:
            title_font = theme.font(theme.title_px, QFont.Weight.Bold)
            title_lines = wrapped_lines(title, title_font, width, 2, bidi.paragraph_direction(is_rtl(self.stage.language)))
        pill_font = theme.font(theme.heading_px, QFont.Weight.DemiBold)
        metrics = QFontMetrics(pill_font)
        gap = theme.px(20)
        rows: list[list[tuple[str, str, float]]] = [[]]
        used = 0.0
        shown: set[str] = set()
        for code in manifest.languages:
            text = say("touch_to_begin", code)
            if bidi.plain(text) in shown:  # two languages with the same words (one falls back to the other): once
                continue
            shown.add(bidi.plain(text))
            pill = metrics.horizontalAdvance(text) + theme.px(56)
            if rows[-1] and used + gap + pill > width:
                rows.append([])
                used = 0.0
            used += (gap if rows[-1] else 0) + pill
            rows[-1].append((code, text, pill))
        pill_height = metrics.height() + theme.px(28)
        height = (QFontMetrics(caption_font).lineSpacing() + theme.px(8)
                  + len(title_lines) * QFontMetrics(title_font).lineSpacing() + theme.px(20)
                  + len(rows) * pill_height + (len(rows) - 1) * gap)
        return _TextLayout(caption_font, title_font, title_lines, pill_font, rows, pill_height, height)

    def _band_top(self, layout: _TextLayout) -> float:
        return self.height() - self.stage.theme.px(48) - layout.height

    def _paint_caption(self, painter: QPainter, layout: _TextLayout, item: AttractItem | None) -> None:
        """The slide's exhibit and section, above the title: only ever with the slide's picture."""
        if item is None:
            return
        theme = self.stage.theme
        manifest = self.stage.bundle.manifest
        margin = theme.margin_px
        width = self.width() - 2 * margin
        section = manifest.sections[item.section]
        caption = self.stage.text(section.title)
        if item.exhibit is not None:
            caption = bidi.join((self.stage.text(section.exhibits[item.exhibit].title), caption))
        metrics = QFontMetrics(layout.caption_font)
        align = Qt.AlignmentFlag.AlignRight if is_rtl(self.stage.language) else Qt.AlignmentFlag.AlignLeft
        painter.setLayoutDirection(bidi.paragraph_direction(is_rtl(self.stage.language)))
        align |= Qt.AlignmentFlag.AlignAbsolute
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setFont(layout.caption_font)
        painter.setPen(theme.accent)
        painter.drawText(QRectF(margin, self._band_top(layout), width, metrics.lineSpacing()),
                         int(align | Qt.AlignmentFlag.AlignVCenter),
                         metrics.elidedText(caption, Qt.TextElideMode.ElideRight, width))

    def _title_top(self, layout: _TextLayout) -> float:
        return self._band_top(layout) + QFontMetrics(layout.caption_font).lineSpacing() + self.stage.theme.px(8)

    def _text_band(self, layout: _TextLayout) -> QPixmap:
        """The title and pills, drawn once per text layout: every frame of the drift and the
        fades then costs a blit instead of setting large text again."""
        if self._band_layout is not layout or self._band.isNull():
            top = self._title_top(layout)
            ratio = self.devicePixelRatioF()
            band = QPixmap(max(1, round(self.width() * ratio)), max(1, round((self.height() - top) * ratio)))
            band.setDevicePixelRatio(ratio)
            band.fill(Qt.GlobalColor.transparent)
            painter = QPainter(band)
            self._paint_text(painter, layout, 0.0)
            painter.end()
            self._band, self._band_layout = band, layout
        return self._band

    def _paint_text(self, painter: QPainter, layout: _TextLayout, top: float) -> None:
        """The title and the "Touch to begin" pills, which stay while slides change."""
        theme = self.stage.theme
        manifest = self.stage.bundle.manifest
        margin = theme.margin_px
        width = self.width() - 2 * margin
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        default = manifest.languages[0]
        rtl = is_rtl(self.stage.language)
        align = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
        align |= Qt.AlignmentFlag.AlignAbsolute
        painter.setLayoutDirection(bidi.paragraph_direction(rtl))

        painter.setFont(layout.title_font)
        painter.setPen(theme.foreground)
        height = QFontMetrics(layout.title_font).lineSpacing()
        for line in layout.title_lines:
            painter.drawText(QRectF(margin, top, width, height),
                             int(align | Qt.AlignmentFlag.AlignVCenter), line)
            top += height
        top += theme.px(20)

        painter.setFont(layout.pill_font)
        gap = theme.px(20)
        for row in layout.pill_rows:
            x = float(margin)
            for code, text, pill_width in row:
                left = self.width() - x - pill_width if rtl else x
                pill = QRectF(left, top, pill_width, layout.pill_height)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(theme.accent if code == default else theme.surface)
                painter.drawRoundedRect(pill, layout.pill_height / 2, layout.pill_height / 2)
                painter.setPen(theme.on_accent if code == default else theme.foreground)
                painter.setLayoutDirection(bidi.paragraph_direction(is_rtl(code)))  # each pill in its language
                painter.drawText(pill, int(Qt.AlignmentFlag.AlignCenter), text)
                x += pill_width + gap
            top += layout.pill_height + gap

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.item is None:
            return
        waiting = self.shown is not self.item
        if (waiting and self._requested != self._picture_box()) or (not waiting and self._needs_bigger_picture()):
            self._request_picture()
