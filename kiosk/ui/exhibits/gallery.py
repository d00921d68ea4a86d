"""Gallery exhibits: pictures visitors swipe through, with position dots.

Each picture is an `ImagePanel` (zoomable, its label beneath). The pages follow the
finger while it drags and settle with an eased slide; in right-to-left languages the next
picture lies to the left. Pictures next to the current one are kept decoded, so a swipe
never shows an empty page. In a tour each picture dwells, then the next slides in, and
`finished` follows the last.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QEasingCurve, QPointF, QRectF, QSize, Qt, QTimer, QVariantAnimation, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QStackedLayout, QVBoxLayout, QWidget

from kiosk.bundle.model import Exhibit, GalleryExhibit, GalleryImage
from kiosk.play.clock import MAX_TIMER_MS, checked_seconds, milliseconds
from kiosk.ui.bidi import directed, join
from kiosk.ui.exhibits.base import ExhibitContext
from kiosk.ui.exhibits.common import StyledView
from kiosk.ui.exhibits.glyphs import GlyphButton
from kiosk.ui.exhibits.image import ImagePanel
from kiosk.ui.exhibits.placeholder import PlaceholderPanel
from kiosk.ui.exhibits.style import TOUCH_PX, Colors, Timing
from kiosk.ui.i18n import say
from kiosk.ui.imaging import ImageDecoder

log = logging.getLogger("kiosk.ui.exhibits")

SWIPE_FRACTION = 0.15  # of the width: a slower drag further than this turns the page
FLICK_PX_PER_MS = 0.5
MAX_DOTS = 12


class Pager(QWidget):
    """Pages side by side, one on screen, turned by dragging or by `go_to`.

    Signals:
      index_changed(int): a new page is current (emitted as its slide starts).
      swiped_past(int): a swipe went beyond the first (-1) or last (+1) page.
    """

    index_changed = Signal(int)
    swiped_past = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages: list[QWidget] = []
        self.index = 0
        self._offset = 0.0
        self._press: QPointF | None = None
        self._press_ms = 0.0
        self._dragging = False
        self._animation = QVariantAnimation(self)
        self._animation.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._animation.valueChanged.connect(self._on_animation)

    def add_page(self, page: QWidget) -> None:
        page.setParent(self)
        self.pages.append(page)
        self._place()

    @property
    def forward_x(self) -> int:
        """The screen direction in which later pages lie: +1 right, -1 left."""
        return -1 if self.layoutDirection() == Qt.LayoutDirection.RightToLeft else 1

    def go_to(self, index: int, *, animate: bool = True) -> None:
        index = max(0, min(index, len(self.pages) - 1))
        if index != self.index:
            # Re-anchor on the new page without moving anything on screen, then slide home.
            self._offset += (index - self.index) * self.width() * self.forward_x
            self.index = index
            self.index_changed.emit(index)
        self._settle(animate)

    def _settle(self, animate: bool) -> None:
        self._animation.stop()
        if not animate or Timing.animation_ms <= 0 or abs(self._offset) < 1:
            self._offset = 0.0
            self._place()
            return
        self._animation.setDuration(Timing.animation_ms)
        self._animation.setStartValue(self._offset)
        self._animation.setEndValue(0.0)
        self._animation.start()

    def _on_animation(self, value: object) -> None:
        self._offset = float(value)  # type: ignore[arg-type]
        self._place()

    def _place(self) -> None:
        width, height = self.width(), self.height()
        for number, page in enumerate(self.pages):
            distance = number - self.index
            if abs(distance) > 1:
                if not page.isHidden():
                    page.hide()
                continue
            x = distance * width * self.forward_x + self._offset
            page.setGeometry(round(x), 0, width, height)
            if page.isHidden():
                page.show()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._place()

    def changeEvent(self, event: object) -> None:  # noqa: N802
        super().changeEvent(event)  # type: ignore[arg-type]
        self._place()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        self._animation.stop()
        self._press = event.position() - QPointF(self._offset, 0)
        self._press_ms = time.monotonic() * 1000
        self._dragging = abs(self._offset) > 1
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._press is None:
            return
        delta = event.position() - self._press
        if not self._dragging:
            if abs(delta.x()) < QApplication.startDragDistance() or abs(delta.x()) < abs(delta.y()):
                return
            self._dragging = True
        step = -1 if delta.x() * self.forward_x > 0 else 1
        beyond = not 0 <= self.index + step < len(self.pages)
        self._offset = delta.x() * (0.3 if beyond else 1.0)
        self._place()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._press is None:
            return
        delta = event.position() - self._press
        elapsed = max(1.0, time.monotonic() * 1000 - self._press_ms)
        self._press = None
        if not self._dragging:
            self._settle(True)
            return
        self._dragging = False
        flick = abs(delta.x()) / elapsed > FLICK_PX_PER_MS and abs(delta.x()) > 40
        if abs(delta.x()) > self.width() * SWIPE_FRACTION or flick:
            step = -1 if delta.x() * self.forward_x > 0 else 1
            if 0 <= self.index + step < len(self.pages):
                self.go_to(self.index + step)
                return
            self.swiped_past.emit(step)
        self._settle(True)


class DotsBar(QWidget):
    """One dot per picture, the current one filled; touching a dot shows its picture."""

    chosen = Signal(int)

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count = count
        self.current = 0
        self.colors: Colors | None = None
        self.cell = 44

    def set_current(self, index: int, label: str) -> None:
        self.current = index
        self.setAccessibleName(label)
        self.update()

    def set_cell(self, cell: int) -> None:
        self.cell = cell
        self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802
        if self.count > MAX_DOTS:
            return QSize(self.cell * 3, self.cell)
        return QSize(self.cell * self.count, self.cell)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()

    def _cell_rect(self, number: int) -> QRectF:
        left = (self.width() - self.cell * self.count) / 2
        slot = self.count - 1 - number if self.layoutDirection() == Qt.LayoutDirection.RightToLeft else number
        return QRectF(left + slot * self.cell, (self.height() - self.cell) / 2, self.cell, self.cell)

    def counter_text(self) -> str:
        """"3 / 12" for a gallery of more pictures than dots; each number isolated, so that in a
        right-to-left visit the first picture's number stands on the right, like its dot."""
        return join((self.current + 1, self.count), " / ")

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        if self.colors is None:
            return
        painter = directed(QPainter(self), self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.count > MAX_DOTS:
            painter.setPen(self.colors.text)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.counter_text())
            return
        painter.setPen(Qt.PenStyle.NoPen)
        for number in range(self.count):
            current = number == self.current
            diameter = self.cell * (0.42 if current else 0.28)
            painter.setBrush(self.colors.accent if current else self.colors.muted)
            centre = self._cell_rect(number).center()
            painter.drawEllipse(centre, diameter / 2, diameter / 2)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.count > MAX_DOTS:
            event.ignore()
            return
        for number in range(self.count):
            if self._cell_rect(number).contains(event.position()):
                self.chosen.emit(number)
                event.accept()
                return
        event.ignore()


class GalleryPage(QWidget):
    """One picture of a gallery, or the placeholder if it cannot be shown."""

    def __init__(self, panel: ImagePanel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panel = panel
        self.placeholder: PlaceholderPanel | None = None
        self.stack = QStackedLayout(self)
        self.stack.addWidget(panel)

    def show_placeholder(self) -> PlaceholderPanel:
        if self.placeholder is None:
            self.placeholder = PlaceholderPanel(self)
            self.stack.addWidget(self.placeholder)
        self.stack.setCurrentWidget(self.placeholder)
        return self.placeholder


class GalleryView(StyledView):
    """Several pictures, one at a time."""

    def __init__(self, exhibit: Exhibit, context: ExhibitContext, parent: QWidget | None = None, *,
                 decoder: ImageDecoder | None = None) -> None:
        super().__init__(exhibit, context, parent)
        if not isinstance(exhibit, GalleryExhibit):
            raise TypeError(f"GalleryView shows gallery exhibits, not {type(exhibit).__name__}")
        self.gallery = exhibit
        self.pager = Pager(self.content)
        self.pages: list[GalleryPage] = []
        for image in exhibit.images:
            panel = ImagePanel(context.bundle.file(image.file), decoder=decoder)
            page = GalleryPage(panel)
            panel.canvas.failed.connect(
                lambda path, reason, page=page: self._on_page_failed(page, path, reason))
            self.pages.append(page)
            self.pager.add_page(page)
        self.dots = DotsBar(len(self.pages), self.content)
        self.previous_button = GlyphButton("previous", self.content)
        self.next_button = GlyphButton("next", self.content)
        self.previous_button.clicked.connect(lambda: self.show_image(self.pager.index - 1))
        self.next_button.clicked.connect(lambda: self.show_image(self.pager.index + 1))
        self.dots.chosen.connect(self.show_image)
        self.pager.index_changed.connect(self._on_index_changed)
        self.pager.swiped_past.connect(self.swiped_past)
        self._tour_timer = QTimer(self)
        self._tour_timer.setSingleShot(True)
        self._tour_timer.timeout.connect(self._on_tour_tick)
        self._tour_dwell = Timing.gallery_dwell_s
        self._lay_out()
        self.refresh()
        self._on_index_changed(0)

    def _lay_out(self) -> None:
        controls = QHBoxLayout()
        controls.addStretch(1)
        controls.addWidget(self.previous_button)
        controls.addWidget(self.dots)
        controls.addWidget(self.next_button)
        controls.addStretch(1)
        self._controls = controls
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pager, 1)
        layout.addLayout(controls)
        single = len(self.pages) <= 1
        for widget in (self.dots, self.previous_button, self.next_button):
            widget.setVisible(not single)

    @property
    def index(self) -> int:
        return self.pager.index

    @property
    def current_panel(self) -> ImagePanel:
        return self.pages[self.pager.index].panel

    def show_image(self, index: int, *, animate: bool = True) -> None:
        if 0 <= index < len(self.pages):
            self.pager.go_to(index, animate=animate)

    # The contract ------------------------------------------------------------------

    def waits_for_end(self) -> bool:
        return True

    def set_tour_dwell(self, seconds: float) -> None:
        self._tour_dwell = seconds

    def start_tour(self) -> None:
        super().start_tour()
        self.reset_view()
        self._tour_timer.start(self._dwell_ms())

    def advance(self) -> bool:
        if self.pager.index + 1 >= len(self.pages):
            return False
        self.show_image(self.pager.index + 1)
        return True

    def deactivate(self) -> None:
        super().deactivate()
        self._tour_timer.stop()
        for page in self.pages:
            page.panel.canvas.reset()
            page.panel.canvas.release()

    def activate(self) -> None:
        self.current_panel.canvas.ensure_loaded()

    def reset_view(self) -> None:
        for page in self.pages:
            page.panel.canvas.reset()
        self.show_image(0, animate=False)

    def wants_swipe(self, step: int) -> bool:
        return self.current_panel.canvas.is_zoomed or 0 <= self.pager.index + step < len(self.pages)

    def on_input(self) -> None:
        self._tour_timer.stop()
        super().on_input()

    # Look and behaviour -------------------------------------------------------------

    def refresh(self) -> None:
        context, metrics, colors = self.context, self.metrics, self.colors
        title = context.text(self.gallery.title)
        for image, page in zip(self.gallery.images, self.pages, strict=True):
            page.panel.set_texts(title, context.text(image.caption), self._credit(image),
                                 context.text(image.alt))
            page.panel.restyle(metrics, colors, self.font())
            if page.placeholder is not None:
                page.placeholder.set_texts(title, context.language)
                page.placeholder.restyle(metrics, colors, self.font())
        touch = metrics.touch_px(TOUCH_PX)
        for button in (self.previous_button, self.next_button):
            button.set_diameter(touch)
            button.set_colors(colors)
            button.setLayoutDirection(self.layoutDirection())
        self.previous_button.setAccessibleName(say("previous_image", context.language))
        self.next_button.setAccessibleName(say("next_image", context.language))
        self.pager.setAccessibleName(title)
        self.pager.setAccessibleDescription(say("gallery_desc", context.language))
        self.dots.setAccessibleDescription(say("dots_desc", context.language))
        self.dots.colors = colors
        self.dots.set_cell(touch)
        self._controls.setContentsMargins(0, 0, 0, metrics.px(28))
        self._controls.setSpacing(metrics.px(16))
        self._on_index_changed(self.pager.index)

    def _credit(self, image: GalleryImage) -> str:
        return self.context.text(image.credit) or self.context.text(self.gallery.credit)

    def _on_index_changed(self, index: int) -> None:
        for number, page in enumerate(self.pages):
            if number != index:
                page.panel.canvas.reset()
        count = len(self.pages)
        position = say("image_n_of_m", self.context.language, n=index + 1, m=count)
        self.dots.set_current(index, position)
        for button in (self.previous_button, self.next_button):
            button.setAccessibleDescription(position)
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < count - 1)

    def _on_page_failed(self, page: GalleryPage, path: str, reason: str) -> None:
        log.warning("exhibit '%s' cannot show %s: %s", self.gallery.id, path, reason)
        placeholder = page.show_placeholder()
        placeholder.set_texts(self.context.text(self.gallery.title), self.context.language)
        placeholder.restyle(self.metrics, self.colors, self.font())
        if all(other.placeholder is not None for other in self.pages):
            self.show_failure(path, "none of the gallery's pictures can be shown")

    def _dwell_ms(self) -> int:
        seconds = checked_seconds(self.gallery.duration, self._tour_dwell, f"exhibit '{self.gallery.id}' duration")
        return milliseconds(seconds, at_most=MAX_TIMER_MS)

    def _on_tour_tick(self) -> None:
        if not self.touring:
            return
        if self.advance():
            self._tour_timer.start(self._dwell_ms())
        else:
            self.touring = False
            self.finished.emit()
