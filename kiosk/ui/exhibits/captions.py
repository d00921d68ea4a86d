"""Captions for sound: the right captions file for the visit's language, and how cues look.

A cue is drawn in large type on a dark box, so it stays readable over any picture, with its
italics, bold and underline, and the speaker named where the voice changes (`cue_render`).
The language follows the visit, falling back to the bundle's languages when an exhibit has
no captions in it; the caption's own language decides its direction.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.bundle.captions import read_captions
from kiosk.bundle.cuetext import last_voice, parse_cue_text
from kiosk.bundle.declare import CaptionFiles
from kiosk.bundle.playable import PlayableBundle
from kiosk.bundle.webvtt import Cue
from kiosk.ui.exhibits.cue_render import BACKING, INK, CaptionPainter, ShownCue, shown_cue
from kiosk.ui.exhibits.style import is_rtl

log = logging.getLogger("kiosk.ui.exhibits")

__all__ = ["BACKING", "INK", "CaptionBox", "CaptionTrack", "ShownCue", "choose_captions", "load_captions",
           "paint_caption"]


@dataclass(frozen=True)
class CaptionTrack:
    """The cues of one captions file, in one language."""

    language: str
    path: Path
    cues: tuple[Cue, ...]

    @property
    def rtl(self) -> bool:
        return is_rtl(self.language)

    @cached_property
    def shown(self) -> tuple[ShownCue, ...]:
        """Every cue as the player shows it, its text parsed once, knowing who spoke before it."""
        shown: list[ShownCue] = []
        speaker: str | None = None
        for cue in self.cues:
            nodes = parse_cue_text(cue.text)
            shown.append(ShownCue(cue, nodes, speaker))
            speaker = last_voice(nodes, speaker)
        return tuple(shown)

    def shown_at(self, seconds: float) -> tuple[ShownCue, ...]:
        """The cues showing at a moment of playback, in the order they started."""
        return tuple(shown for shown in self.shown if shown.cue.start <= seconds < shown.cue.end)

    def text_at(self, seconds: float) -> str:
        """The words showing at a moment, as read aloud: speakers named, no markup; cues that
        overlap are stacked."""
        return "\n".join(shown.readable for shown in self.shown_at(seconds))


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
    """Draw one cue's `text` (cue text: tags are formatting) on a dark box in `area`; returns
    the box drawn. For one-off drawings: views keep a `CaptionPainter`, which keeps documents."""
    if not text:
        return QRectF()
    captions = CaptionPainter()
    captions.configure(font, rtl=rtl)
    boxes = captions.paint(painter, area, (shown_cue(text),), anchor_bottom=anchor_bottom,
                           max_width_fraction=max_width_fraction)
    return boxes[0] if boxes else QRectF()


class CaptionBox(QWidget):
    """The current caption of a sound, in a fixed space that does not jump as cues change:
    room for two lines, or for the track's longest cue as it wraps at this width.

    `text` is what it shows as plain words (speakers named), for screen readers and tests.
    Of the cue settings, only the text's alignment applies here: the box is not over a picture.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.rtl = False
        self.lines = 2
        self.cues: tuple[ShownCue, ...] = ()
        self.showing: tuple[ShownCue, ...] = ()
        self.painter = CaptionPainter(honour="align")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_cues(self, cues: tuple[ShownCue, ...]) -> None:
        """Every cue the box will show, so that its height fits the longest."""
        self.cues = cues
        self.painter.forget()
        self._fit()

    def show_track(self, cues: tuple[ShownCue, ...], *, rtl: bool, font: QFont) -> None:
        """A track's cues, direction and font at once: its documents are built once, not once
        per change (a long film has hundreds of cues)."""
        self.cues = cues
        self.rtl = rtl
        self.painter.forget()
        self.set_caption_font(font)

    def _fit(self) -> None:
        self.painter.configure(self.font(), rtl=self.rtl)
        line = QFontMetricsF(self.font()).height()
        height = line * (self.lines + 0.6)
        width = self.painter.text_width(self.width())
        if width > 0:
            for shown in self.cues:
                height = max(height, self.painter.text_height(shown, width) + line * 0.6)
        self.setFixedHeight(round(height))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()

    def show_cues(self, cues: tuple[ShownCue, ...]) -> None:
        if cues != self.showing:
            self.showing = cues
            self.text = "\n".join(shown.readable for shown in cues)
            self.setAccessibleDescription(self.text)
            self.update()

    def set_caption_font(self, font: QFont) -> None:
        self.setFont(font)
        self._fit()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(600, self.height())

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        self.painter.configure(self.font(), rtl=self.rtl)
        self.painter.paint(painter, QRectF(self.rect()), self.showing, anchor_bottom=False, max_width_fraction=1.0)
