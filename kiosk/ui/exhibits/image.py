"""Image exhibits: one picture, as large as the screen allows, its label beneath.

The picture is fitted uncropped into the space above its label (title, caption, credit),
which is never drawn over the picture, as on a gallery wall. Visitors zoom and pan it
(see `zoom.py`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.bundle.model import Exhibit, ImageExhibit
from kiosk.ui.exhibits.base import ExhibitContext
from kiosk.ui.exhibits.common import StyledView
from kiosk.ui.exhibits.style import CAPTION_PX, CREDIT_PX, LABEL_TITLE_PX, MARGIN_PX, Colors, Metrics, css
from kiosk.ui.exhibits.zoom import ZoomCanvas
from kiosk.ui.imaging import ImageDecoder

LABEL_CHARACTERS = 75


class ImagePanel(QWidget):
    """A zoomable picture with its label beneath: the body of image and gallery views."""

    def __init__(self, path: Path, parent: QWidget | None = None, *,
                 decoder: ImageDecoder | None = None) -> None:
        super().__init__(parent)
        self.canvas = ZoomCanvas(path, self, decoder=decoder)
        self.label = QWidget(self)
        self.title = QLabel(self.label)
        self.caption = QLabel(self.label)
        self.credit = QLabel(self.label)
        self.credit.setObjectName("muted")
        label_layout = QVBoxLayout(self.label)
        label_layout.setContentsMargins(0, 0, 0, 0)
        self._label_layout = label_layout
        for text in (self.title, self.caption, self.credit):
            text.setWordWrap(True)
            text.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            text.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
            label_layout.addWidget(text)
        self._label_width = 1200
        layout = QVBoxLayout(self)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.label)
        self._layout = layout

    def set_texts(self, title: str, caption: str, credit: str, alt: str) -> None:
        for label, text in ((self.title, title), (self.caption, caption), (self.credit, credit)):
            label.setText(text)
            label.setVisible(bool(text))
        self.canvas.setAccessibleName(title or caption)
        self.canvas.setAccessibleDescription(alt or caption or title)

    def restyle(self, metrics: Metrics, colors: Colors, base: QFont) -> None:
        self.title.setFont(metrics.font(base, LABEL_TITLE_PX, QFont.Weight.DemiBold))
        self.caption.setFont(metrics.font(base, CAPTION_PX))
        self.credit.setFont(metrics.font(base, CREDIT_PX))
        self.canvas.background = colors.ground
        self.label.setStyleSheet(
            f"QLabel {{ color: {css(colors.text)}; background: transparent; }}"
            f"QLabel#muted {{ color: {css(colors.muted)}; }}"
        )
        character = QFontMetricsF(self.caption.font()).averageCharWidth()
        self._label_width = round(character * LABEL_CHARACTERS)
        self._fit_label()
        margin = metrics.px(MARGIN_PX)
        self._layout.setContentsMargins(margin, metrics.px(24), margin, metrics.px(36))
        self._layout.setSpacing(metrics.px(24))
        self._label_layout.setSpacing(metrics.px(8))
        self.canvas.update()


    def _fit_label(self) -> None:
        """Keep the label's lines short: side margins that leave at most `_label_width`."""
        side = max(0, (self.width() - self._label_width) // 2)
        self._label_layout.setContentsMargins(side, 0, side, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_label()


class ImageView(StyledView):
    """One picture exhibit."""

    def __init__(self, exhibit: Exhibit, context: ExhibitContext, parent: QWidget | None = None, *,
                 decoder: ImageDecoder | None = None) -> None:
        super().__init__(exhibit, context, parent)
        if not isinstance(exhibit, ImageExhibit):
            raise TypeError(f"ImageView shows image exhibits, not {type(exhibit).__name__}")
        self.image_exhibit = exhibit
        self.panel = ImagePanel(context.bundle.file(exhibit.file), self.content, decoder=decoder)
        self.canvas = self.panel.canvas
        self.canvas.failed.connect(self.show_failure)
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel)
        self.refresh()

    def refresh(self) -> None:
        exhibit, context = self.image_exhibit, self.context
        self.panel.set_texts(context.text(exhibit.title), context.text(exhibit.caption),
                             context.text(exhibit.credit), context.text(exhibit.alt))
        self.panel.restyle(self.metrics, self.colors, self.font())

    def activate(self) -> None:
        self.canvas.ensure_loaded()

    def deactivate(self) -> None:
        super().deactivate()
        self.canvas.reset()
        self.canvas.release()

    def reset_view(self) -> None:
        self.canvas.reset()

    def wants_swipe(self, step: int) -> bool:
        return self.canvas.is_zoomed
