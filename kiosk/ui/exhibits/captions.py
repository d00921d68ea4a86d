"""Captions for sound: the right WebVTT file for the visit's language, and how cues look.

A cue is drawn in large type on a dark box, so it stays readable over any picture. The
language follows the visit, falling back to the bundle's languages when an exhibit has no
captions in it; the caption's own language decides its direction.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QResizeEvent, QTextOption
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.bundle.captions import read_captions
from kiosk.bundle.declare import CaptionFiles
from kiosk.bundle.playable import PlayableBundle
from kiosk.bundle.webvtt import Cue, cues_at
from kiosk.ui.exhibits.style import is_rtl

log = logging.getLogger("kiosk.ui.exhibits")

BACKING = QColor(0, 0, 0, 205)
INK = QColor(255, 255, 255)


@dataclass(frozen=True)
class CaptionTrack:
    """The cues of one captions file, in one language."""

    language: str
    path: Path
    cues: tuple[Cue, ...]

    @property
    def rtl(self) -> bool:
        return is_rtl(self.language)

    def text_at(self, seconds: float) -> str:
        """The text showing at a moment of playback; cues that overlap are stacked."""
        return "\n".join(cue.text for cue in cues_at(list(self.cues), seconds))


def choose_captions(files: CaptionFiles | None, language: str,
                    fallbacks: tuple[str, ...]) -> tuple[str, str] | None:
    """(language, path) of the captions to show: the visit's language, else a fallback."""
    if files is None or not files.values:
        return None
    path = files.get(language, fallbacks)
    if not files.is_per_language:
        return language, path
    for code, value in files.values.items():
        if value == path and (code == language or code.split("-")[0] == language.split("-", maxsplit=1)[0]):
            return code, path
    code = next(code for code, value in files.values.items() if value == path)
    return code, path


def load_captions(bundle: PlayableBundle, files: CaptionFiles | None, language: str) -> CaptionTrack | None:
    """The captions for `language`, or None if the exhibit has none or they cannot be read."""
    chosen = choose_captions(files, language, bundle.manifest.languages)
    if chosen is None:
        return None
    code, relative = chosen
    path = bundle.file(relative)
    try:
        cues, problems = read_captions(path)
    except OSError as error:
        log.warning("cannot read captions %s: %s", path, error)
        return None
    for problem in problems:
        log.warning("captions %s line %d: %s", path, problem.line, problem.message)
    ordered = tuple(sorted(cues, key=lambda cue: (cue.start, cue.end)))
    return CaptionTrack(code, path, ordered)


def paint_caption(painter: QPainter, area: QRectF, text: str, font: QFont, *, rtl: bool,
                  anchor_bottom: bool = True, max_width_fraction: float = 0.8) -> QRectF:
    """Draw `text` on a dark rounded box centred in `area`; returns the box drawn."""
    if not text:
        return QRectF()
    metrics = QFontMetricsF(font)
    pad_x, pad_y = metrics.height() * 0.55, metrics.height() * 0.25
    option = QTextOption(Qt.AlignmentFlag.AlignHCenter)
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    option.setTextDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
    width = area.width() * max_width_fraction - 2 * pad_x
    flags = int(Qt.AlignmentFlag.AlignHCenter) | int(Qt.TextFlag.TextWordWrap)
    bounds = metrics.boundingRect(QRectF(0, 0, width, 10_000), flags, text)
    # A little slack, so the longest line is not wrapped again by rounding when drawn.
    box_w, box_h = math.ceil(bounds.width()) + 4 + 2 * pad_x, math.ceil(bounds.height()) + 2 * pad_y
    top = area.bottom() - box_h if anchor_bottom else area.top()
    box = QRectF(area.center().x() - box_w / 2, top, box_w, box_h)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(BACKING)
    painter.drawRoundedRect(box, pad_y * 1.4, pad_y * 1.4)
    painter.setPen(INK)
    painter.setFont(font)
    painter.drawText(box.adjusted(pad_x, pad_y, -pad_x, -pad_y), text, option)
    painter.restore()
    return box


class CaptionBox(QWidget):
    """The current caption of a sound, in a fixed space that does not jump as cues change:
    room for two lines, or for the track's longest cue as it wraps at this width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.rtl = False
        self.lines = 2
        self.cues: tuple[str, ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_cues(self, texts: tuple[str, ...]) -> None:
        """Every text the box will show, so that its height fits the longest."""
        self.cues = texts
        self._fit()

    def _fit(self) -> None:
        metrics = QFontMetricsF(self.font())
        height = metrics.height() * (self.lines + 0.6)
        width = self.width() - 2 * metrics.height() * 0.55 - 4  # paint_caption's padding and slack
        if width > 0:
            flags = int(Qt.AlignmentFlag.AlignHCenter) | int(Qt.TextFlag.TextWordWrap)
            for text in self.cues:
                wrapped = metrics.boundingRect(QRectF(0, 0, width, 10_000), flags, text).height()
                height = max(height, math.ceil(wrapped) + metrics.height() * 0.6)
        self.setFixedHeight(round(height))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()

    def set_text(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self.update()

    def set_caption_font(self, font: QFont) -> None:
        self.setFont(font)
        self._fit()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(600, self.height())

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        paint_caption(painter, QRectF(self.rect()), self.text, self.font(), rtl=self.rtl, anchor_bottom=False,
                      max_width_fraction=1.0)
