"""A picture visitors can zoom into and pan, sharp at every zoom level.

The whole picture is decoded once at the size that fits the widget. Zoomed in further
than that decode can serve, the canvas asks for the visible region alone at the needed
resolution (rounded up to a power of two and to a grid of tiles, so nearby views share
cached decodes). The region arrives from a worker thread; until then the fitted picture,
scaled up, fills in, so the screen is never empty or frozen.

Input: wheel and pinch zoom around the fingers or the pointer, double-tap (double-click)
toggles between fitted and close up, a drag pans while zoomed in. At the fitted size a
press is left unaccepted, so a swipe reaches the gallery or the screen around it.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import (
    QEasingCurve,
    QEvent,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    QVariantAnimation,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QGestureEvent, QPinchGesture, QSizePolicy, QWidget

from kiosk.ui.exhibits.picture import FitsDecoded
from kiosk.ui.exhibits.style import Timing
from kiosk.ui.imaging import DecodedImage, ImageDecoder, detail_scale, fit_size, read_size, shared_decoder

MAX_FIT_UPSCALE = 2.0  # a small picture is shown at most twice its size when fitted
MAX_PIXEL_SCALE = 2.0  # zoom stops at two screen pixels per source pixel...
MIN_MAX_ZOOM = 4.0  # ...but always allows at least 4x the fitted size
DOUBLE_TAP_ZOOM = 2.5
TILE_PX = 512  # decoded regions snap to a grid of this many decoded pixels


class ZoomCanvas(FitsDecoded, QWidget):
    """Paints one picture fitted, zoomed and panned.

    Signals:
      failed(path, reason): the picture is missing or cannot be decoded.
      zoom_changed(float): the zoom, 1.0 being fitted.
      detail_shown(): a decoded region sharper than the fitted picture is on screen.
    """

    failed = Signal(str, str)
    zoom_changed = Signal(float)
    detail_shown = Signal()

    def __init__(self, path: Path, parent: QWidget | None = None, *,
                 decoder: ImageDecoder | None = None) -> None:
        super().__init__(parent)
        self.path: Path = path
        self.source_size = read_size(path)
        self.background = QColor(0, 0, 0)
        self._decoder = decoder or shared_decoder()
        self._decoder.decoded.connect(self._on_decoded)
        self._decoder.failed.connect(self._on_failed)
        self.base: DecodedImage | None = None
        self.detail: DecodedImage | None = None
        self._ticket = 0
        self._detail_ticket = 0
        self._detail_pending: tuple[QRect, QSize] | None = None
        self.last_detail_request: tuple[QRect, QSize] | None = None
        self._zoom = 1.0
        self._reported_zoom = 1.0
        self._center = QPointF(self.source_size.width() / 2, self.source_size.height() / 2)
        self._drag_from: QPointF | None = None
        self._pinching = False
        self._reported = False
        self._animation = QVariantAnimation(self)
        self._animation.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self._animation.valueChanged.connect(self._on_animation)
        self._animation_anchor = QPointF()
        self._detail_timer = QTimer(self)
        self._detail_timer.setSingleShot(True)
        self._detail_timer.timeout.connect(self._update_detail)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.grabGesture(Qt.GestureType.PinchGesture)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    # Geometry -----------------------------------------------------------------------

    @property
    def zoom(self) -> float:
        return self._zoom

    @property
    def is_zoomed(self) -> bool:
        return self._zoom > 1.001

    def fit_scale(self) -> float:
        if not self.is_valid or self.width() <= 0 or self.height() <= 0:
            return 1.0
        return min(self.width() / self.source_size.width(), self.height() / self.source_size.height(),
                   MAX_FIT_UPSCALE)

    def scale(self) -> float:
        """Widget pixels per source pixel."""
        return self.fit_scale() * self._zoom

    def max_zoom(self) -> float:
        return max(MIN_MAX_ZOOM, MAX_PIXEL_SCALE / self.fit_scale())

    def image_rect(self) -> QRectF:
        """The whole picture's rectangle in widget coordinates (larger than the widget when zoomed)."""
        scale = self.scale()
        centre = QPointF(self.width() / 2, self.height() / 2)
        top_left = centre - self._center * scale
        return QRectF(top_left.x(), top_left.y(), self.source_size.width() * scale,
                      self.source_size.height() * scale)

    def visible_source_rect(self) -> QRectF:
        """The part of the picture on screen, in source pixels."""
        scale = self.scale()
        half = QPointF(self.width() / 2 / scale, self.height() / 2 / scale)
        seen = QRectF(self._center - half, self._center + half)
        return seen.intersected(QRectF(0, 0, self.source_size.width(), self.source_size.height()))

    def _clamp_center(self) -> None:
        """Keep the picture centred where it is smaller than the widget, and its edges
        at the widget's edges where it is larger."""
        scale = self.scale()
        x = _clamp_axis(self._center.x(), self.source_size.width(), self.width() / 2 / scale)
        y = _clamp_axis(self._center.y(), self.source_size.height(), self.height() / 2 / scale)
        self._center = QPointF(x, y)

    # Zooming ------------------------------------------------------------------------

    def set_zoom(self, zoom: float, anchor: QPointF | None = None) -> None:
        """Zoom so that the source point under `anchor` (widget pixels) stays under it."""
        zoom = min(max(zoom, 1.0), self.max_zoom())
        anchor = QPointF(self.width() / 2, self.height() / 2) if anchor is None else anchor
        centre = QPointF(self.width() / 2, self.height() / 2)
        under = self._center + (anchor - centre) / self.scale()
        self._zoom = zoom
        self._center = under - (anchor - centre) / self.scale()
        self._clamp_center()
        self._changed()

    def zoom_animated(self, zoom: float, anchor: QPointF | None = None) -> None:
        self._animation.stop()
        self._animation_anchor = QPointF(self.width() / 2, self.height() / 2) if anchor is None else anchor
        if Timing.animation_ms <= 0:
            self.set_zoom(zoom, self._animation_anchor)
            return
        self._animation.setDuration(Timing.animation_ms)
        self._animation.setStartValue(self._zoom)
        self._animation.setEndValue(min(max(zoom, 1.0), self.max_zoom()))
        self._animation.start()

    def pan_by(self, delta: QPointF) -> None:
        """Move the picture by `delta` widget pixels."""
        self._center -= delta / self.scale()
        self._clamp_center()
        self._changed()

    def reset(self) -> None:
        self._animation.stop()
        self._zoom = 1.0
        self._center = QPointF(self.source_size.width() / 2, self.source_size.height() / 2)
        self._drop_detail()
        self._changed()

    def toggle_zoom(self, anchor: QPointF) -> None:
        self.zoom_animated(1.0 if self.is_zoomed else DOUBLE_TAP_ZOOM, anchor)

    def _on_animation(self, value: object) -> None:
        self.set_zoom(float(value), self._animation_anchor)  # type: ignore[arg-type]

    def _changed(self) -> None:
        self.update()
        if self._zoom != self._reported_zoom:
            self._reported_zoom = self._zoom
            self.zoom_changed.emit(self._zoom)
        self._detail_timer.start(max(0, Timing.detail_delay_ms))

    # Decoding -----------------------------------------------------------------------

    def _ready_to_load(self) -> bool:
        return self.isVisible() and self.width() > 1 and self.height() > 1

    def _load_sizes(self) -> tuple[QSize, QSize]:
        """The box the canvas covers, asked for whole: the cache keeps copies by the box."""
        ratio = self.devicePixelRatioF()
        bounds = QSize(math.ceil(self.width() * ratio), math.ceil(self.height() * ratio))
        return bounds, fit_size(self.source_size, bounds)

    def _fitted(self) -> DecodedImage | None:
        return self.base

    def _take(self, decoded: DecodedImage) -> None:
        self.base = decoded
        self.update()

    def release(self) -> None:
        """Drop decoded pictures and pending requests; they may stay in the shared cache."""
        for ticket in (self._ticket, self._detail_ticket):
            self._decoder.cancel(ticket)
        self._ticket = 0
        self.base = None
        self._drop_detail()

    def _drop_detail(self) -> None:
        self._decoder.cancel(self._detail_ticket)
        self._detail_ticket = 0
        self._detail_pending = None
        self.detail = None

    def _update_detail(self) -> None:
        if self.base is None or not self.isVisible():
            return
        needed = self.scale() * self.devicePixelRatioF()
        level = detail_scale(needed)
        if needed <= self.base.scale * 1.05 or level <= self.base.scale * 1.01:
            self._drop_detail()
            self.update()
            return
        seen = self.visible_source_rect()
        tile = TILE_PX / level
        left = math.floor(seen.left() / tile) * tile
        top = math.floor(seen.top() / tile) * tile
        right = math.ceil(seen.right() / tile) * tile
        bottom = math.ceil(seen.bottom() / tile) * tile
        region = QRect(round(left), round(top), round(right - left), round(bottom - top)).intersected(
            QRect(0, 0, self.source_size.width(), self.source_size.height()))
        out = QSize(max(1, round(region.width() * level)), max(1, round(region.height() * level)))
        current = self.detail
        if (current is not None and current.clip is not None and current.scale >= level * 0.98
                and QRectF(current.clip).contains(seen)):
            return
        if self._detail_pending == (region, out):
            return
        self._decoder.cancel(self._detail_ticket)
        self._detail_pending = (region, out)
        self.last_detail_request = (region, out)
        hit = self._decoder.lookup(self.path, out, region)
        if hit is not None:
            self._detail_ticket = 0
            self._show_detail(hit)
            return
        self._detail_ticket = self._decoder.request(self.path, out, region)

    def _show_detail(self, decoded: DecodedImage) -> None:
        self.detail = decoded
        self._detail_pending = None
        self.update()
        self.detail_shown.emit()

    def _on_decoded(self, decoded: DecodedImage) -> None:
        if decoded.ticket == self._ticket:
            self._ticket = 0
            self.base = decoded
            self.update()
            self.ensure_loaded()
            self._update_detail()
        elif decoded.ticket == self._detail_ticket:
            self._detail_ticket = 0
            self._show_detail(decoded)

    def _on_failed(self, ticket: int, path: str, reason: str) -> None:
        if ticket == self._ticket:
            self._ticket = 0
            self.failed.emit(path, reason)
        elif ticket == self._detail_ticket:
            self._detail_ticket = 0
            self._detail_pending = None

    # Painting -----------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.background)
        if self.base is None:
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        whole = QRectF(0, 0, self.source_size.width(), self.source_size.height())
        self._draw(painter, self.base.image, whole)
        detail = self.detail
        if detail is not None and detail.clip is not None and detail.scale > self.base.scale:
            self._draw(painter, detail.image, QRectF(detail.clip))

    def _draw(self, painter: QPainter, image: QImage, covers: QRectF) -> None:
        """Draw the part of `image` (showing `covers`, in source pixels) that is on screen."""
        scale = self.scale()
        centre = QPointF(self.width() / 2, self.height() / 2)
        target = QRectF(centre + (covers.topLeft() - self._center) * scale, covers.size() * scale)
        shown = target.intersected(QRectF(self.rect()))
        if shown.isEmpty():
            return
        per_pixel = QPointF(image.width() / target.width(), image.height() / target.height())
        source = QRectF((shown.left() - target.left()) * per_pixel.x(),
                        (shown.top() - target.top()) * per_pixel.y(),
                        shown.width() * per_pixel.x(), shown.height() * per_pixel.y())
        painter.drawImage(shown, image, source)

    # Input --------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Gesture and isinstance(event, QGestureEvent):
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if isinstance(pinch, QPinchGesture):
                self._on_pinch(pinch)
                event.accept(pinch)
                return True
        if event.type() == QEvent.Type.TouchBegin:
            # Single touches arrive as mouse events, so a swipe at the fitted size reaches the
            # gallery or screen; pinches arrive as gestures.
            event.ignore()
            return False
        return super().event(event)

    def _on_pinch(self, pinch: QPinchGesture) -> None:
        state = pinch.state()
        self._pinching = state in (Qt.GestureState.GestureStarted, Qt.GestureState.GestureUpdated)
        self._animation.stop()
        centre = self.mapFromGlobal(pinch.centerPoint().toPoint())
        last = self.mapFromGlobal(pinch.lastCenterPoint().toPoint())
        if pinch.lastCenterPoint() != QPointF(0, 0):
            self.pan_by(QPointF(centre - last))
        if pinch.scaleFactor() > 0:
            self.set_zoom(self._zoom * pinch.scaleFactor(), QPointF(centre))

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        steps = event.angleDelta().y() or event.angleDelta().x()
        if not steps or not self.is_valid:
            event.ignore()
            return
        self._animation.stop()
        self.set_zoom(self._zoom * 1.0015 ** steps, event.position())
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and self.is_valid:
            self.toggle_zoom(event.position())
            event.accept()
            return
        event.ignore()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and self.is_zoomed:
            self._animation.stop()
            self._drag_from = event.position()
            event.accept()
            return
        event.ignore()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._drag_from is None:
            event.ignore()
            return
        if not self._pinching:
            self.pan_by(event.position() - self._drag_from)
        self._drag_from = event.position()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._drag_from is None:
            event.ignore()
            return
        self._drag_from = None
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_animated(self._zoom * 1.5)
        elif key == Qt.Key.Key_Minus:
            self.zoom_animated(self._zoom / 1.5)
        elif key == Qt.Key.Key_0:
            self.zoom_animated(1.0)
        else:
            super().keyPressEvent(event)

    def showEvent(self, event: object) -> None:  # noqa: N802
        super().showEvent(event)  # type: ignore[arg-type]
        self.ensure_loaded()

    def hideEvent(self, event: object) -> None:  # noqa: N802
        super().hideEvent(event)  # type: ignore[arg-type]
        self.release()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._clamp_center()
        self.ensure_loaded()
        self._detail_timer.start(max(0, Timing.detail_delay_ms))


def _clamp_axis(value: float, size: float, half_view: float) -> float:
    if size <= 2 * half_view:
        return size / 2
    return min(max(value, half_view), size - half_view)
