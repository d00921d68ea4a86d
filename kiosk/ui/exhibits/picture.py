"""A still picture fitted into a widget, uncropped, decoded off the GUI thread.

Used for an article's picture, an audio exhibit's cover and a video's poster. The
decode is requested at the widget's size when it is shown; until it arrives the widget
shows the bundle's ground, never a black box.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QSizePolicy, QStyle, QWidget

from kiosk.ui.imaging import DecodedImage, ImageDecoder, fit_size, read_size, shared_decoder


class FitsDecoded:
    """What the still picture and the zoomable canvas share: one decoded copy of the file at
    the size the widget fills, taken from the shared cache at once where it is there, else
    asked of the decoder once; a file Qt cannot read is reported once through `failed`.

    A widget says when it is ready to load, which size to ask for and which it needs, which
    copy it shows, and takes a copy from the cache.
    """

    path: Path | None
    source_size: QSize
    failed: Any  # the widget's Signal(str, str)
    _decoder: ImageDecoder
    _ticket: int
    _reported: bool

    @property
    def is_valid(self) -> bool:
        return self.source_size.isValid() and not self.source_size.isEmpty()

    def ensure_loaded(self) -> None:
        """Have the fitted picture decoded for the current size, once the widget is visible."""
        if self.path is None or not self._ready_to_load():
            return
        if not self.is_valid:
            if not self._reported:
                self._reported = True
                self.failed.emit(str(self.path), "missing, or not a picture Qt can read")
            return
        sizes = self._load_sizes()
        if sizes is None:
            return
        asked, needed = sizes
        fitted = self._fitted()
        if fitted is not None and fitted.image.width() >= needed.width() * 0.97:
            return
        hit = self._decoder.lookup(self.path, asked)
        if hit is not None:
            self._take(hit)
            return
        if not self._ticket:
            self._ticket = self._decoder.request(self.path, asked)

    def _ready_to_load(self) -> bool:
        raise NotImplementedError

    def _load_sizes(self) -> tuple[QSize, QSize] | None:
        """The size to ask the decoder for and the size the shown copy must reach (device
        pixels); None when there is nothing to load yet."""
        raise NotImplementedError

    def _fitted(self) -> DecodedImage | None:
        raise NotImplementedError

    def _take(self, decoded: DecodedImage) -> None:
        raise NotImplementedError


class Picture(FitsDecoded, QWidget):
    """Paints one picture as large as fits, keeping its proportions.

    Signals:
      failed(path, reason): the file is missing or cannot be decoded.
      loaded(): the picture has been painted at the size it needs.
    """

    failed = Signal(str, str)
    loaded = Signal()

    def __init__(self, path: Path | None, parent: QWidget | None = None, *,
                 decoder: ImageDecoder | None = None, max_height: int = 0) -> None:
        super().__init__(parent)
        self.path = path
        self._decoder = decoder or shared_decoder()
        self._decoder.decoded.connect(self._on_decoded)
        self._decoder.failed.connect(self._on_failed)
        self._image: DecodedImage | None = None
        self._ticket = 0
        self._reported = False
        self._max_height = max_height
        self.source_size = read_size(path) if path is not None else QSize()
        self.background = QColor(0, 0, 0, 0)
        self.alignment = Qt.AlignmentFlag.AlignCenter
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    @property
    def has_image(self) -> bool:
        return self._image is not None

    def set_max_height(self, height: int) -> None:
        self._max_height = height
        self.updateGeometry()

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return self.is_valid

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        if not self.is_valid:
            return 0
        height = round(width * self.source_size.height() / self.source_size.width())
        return min(height, self._max_height) if self._max_height else height

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(640, self.heightForWidth(640) or 360)

    def release(self) -> None:
        """Drop the decoded picture (it may stay in the shared cache)."""
        self._decoder.cancel(self._ticket)
        self._ticket = 0
        self._image = None

    def _ready_to_load(self) -> bool:
        return self.isVisible()

    def _load_sizes(self) -> tuple[QSize, QSize] | None:
        ratio = self.devicePixelRatioF()
        box = QSize(round(self.width() * ratio), round(self.height() * ratio))
        needed = fit_size(self.source_size, box, upscale=True)
        return None if needed.isEmpty() else (needed, needed)

    def _fitted(self) -> DecodedImage | None:
        return self._image

    def _take(self, decoded: DecodedImage) -> None:
        self._show(decoded)

    def _on_decoded(self, decoded: DecodedImage) -> None:
        if decoded.ticket == self._ticket:
            self._ticket = 0
            self._show(decoded)
            self.ensure_loaded()

    def _on_failed(self, ticket: int, path: str, reason: str) -> None:
        if ticket == self._ticket:
            self._ticket = 0
            self.failed.emit(path, reason)

    def _show(self, decoded: DecodedImage) -> None:
        self._image = decoded
        self.update()
        self.loaded.emit()

    def image_rect(self) -> QRectF:
        """Where the picture is painted, in widget coordinates."""
        size = fit_size(self.source_size, self.size(), upscale=True)
        return QRectF(QStyle.alignedRect(self.layoutDirection(), self.alignment, size, self.rect()))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.ensure_loaded()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.ensure_loaded()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        if self.background.alpha():
            painter.fillRect(self.rect(), self.background)
        if self._image is None:
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(self.image_rect(), self._image.image)

