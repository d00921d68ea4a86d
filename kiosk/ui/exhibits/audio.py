"""Audio exhibits: cover art, big transport controls, captions in step, and the transcript.

Honest about sound: whoever cannot hear it reads it, as captions in step with playback
(toggled by the visitor) and as the full transcript beside them. A recording with neither
says so.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QTextBrowser, QVBoxLayout, QWidget

from kiosk.bundle.model import AudioExhibit, Exhibit
from kiosk.ui import fonts
from kiosk.ui.exhibits.base import ExhibitContext
from kiosk.ui.exhibits.captions import CaptionBox, CaptionTrack, ShownCue, load_captions
from kiosk.ui.exhibits.common import leading
from kiosk.ui.exhibits.media_controls import TransportBar
from kiosk.ui.exhibits.media_view import MediaView
from kiosk.ui.exhibits.picture import Picture
from kiosk.ui.exhibits.playback import MediaSession
from kiosk.ui.exhibits.style import (
    BODY_PX,
    CREDIT_PX,
    MARGIN_PX,
    SUBTITLE_PX,
    TITLE_PX,
    Colors,
    is_rtl,
)
from kiosk.ui.exhibits.text import enable_kinetic_scrolling
from kiosk.ui.i18n import say

log = logging.getLogger("kiosk.ui.exhibits")



class SoundMark(QWidget):
    """Stands in for missing cover art: a quiet row of bars, like a sound's level meter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colors: Colors | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        if self.colors is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height())
        square = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.colors.surface)
        painter.drawRoundedRect(square, side * 0.04, side * 0.04)
        painter.setBrush(self.colors.accent)
        heights = (0.18, 0.34, 0.52, 0.3, 0.44, 0.24, 0.38, 0.16)
        bar = side * 0.05
        left = square.center().x() - (len(heights) * 2 - 1) * bar / 2
        for number, height in enumerate(heights):
            h = side * height
            painter.drawRoundedRect(QRectF(left + number * 2 * bar, square.center().y() - h / 2, bar, h),
                                    bar / 2, bar / 2)


def make_transcript_view(parent: QWidget | None = None) -> QTextBrowser:
    """A scrolling, read-only Markdown transcript."""
    view = QTextBrowser(parent)
    view.setFrameShape(QFrame.Shape.NoFrame)
    view.setOpenLinks(False)
    view.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    view.viewport().setAutoFillBackground(False)
    enable_kinetic_scrolling(view)
    return view


class AudioView(MediaView):
    """A sound with its cover, captions and transcript."""

    def __init__(self, exhibit: Exhibit, context: ExhibitContext, parent: QWidget | None = None) -> None:
        super().__init__(exhibit, context, parent)
        if not isinstance(exhibit, AudioExhibit):
            raise TypeError(f"AudioView shows audio exhibits, not {type(exhibit).__name__}")
        self.audio = exhibit
        self.session = MediaSession(context.bundle.file(exhibit.file), self)
        self.track: CaptionTrack | None = None
        self.captions_on = context.captions
        self._position_ms = 0
        self._transcript_look: tuple[object, ...] | None = None
        self.cover = Picture(context.bundle.file(exhibit.cover), self.content) if exhibit.cover else None
        self.sound_mark = SoundMark(self.content)
        self.title_label = QLabel(self.content)
        self.credit_label = QLabel(self.content)
        self.credit_label.setObjectName("muted")
        self.caption_box = CaptionBox(self.content)
        self.transport = TransportBar(self.content, captions=exhibit.captions is not None)
        self.transcript_heading = QLabel(self.content)
        self.transcript_heading.setObjectName("muted")
        self.transcript = make_transcript_view(self.content)
        self.no_text = QLabel(self.content)
        self.no_text.setObjectName("muted")
        self._lay_out()
        self._connect()
        self.refresh()

    def _lay_out(self) -> None:
        for label in (self.title_label, self.credit_label, self.no_text):
            label.setWordWrap(True)
        column = QVBoxLayout()
        column.addWidget(self.title_label)
        column.addWidget(self.credit_label)
        column.addWidget(self.transport)
        column.addWidget(self.caption_box)
        column.addWidget(self.transcript_heading)
        column.addWidget(self.transcript, 1)
        column.addWidget(self.no_text)
        column.addStretch(0)
        self._column = column
        # With large text the title and credit move up here, across the whole width.
        self._heading = QVBoxLayout()
        outer = QVBoxLayout(self.content)
        outer.addLayout(self._heading)
        row = QHBoxLayout()
        outer.addLayout(row, 1)
        self._outer = outer
        if self.cover is not None:
            self.cover.alignment = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter
            row.addWidget(self.cover, 5)
            self.cover.failed.connect(self._on_cover_failed)
            self.sound_mark.hide()
        else:
            row.addWidget(self.sound_mark, 5)
        row.addLayout(column, 6)
        self._row = row
        has_transcript = self.audio.transcript is not None
        self.transcript.setVisible(has_transcript)
        self.transcript_heading.setVisible(has_transcript)
        self.no_text.setVisible(not has_transcript and self.audio.captions is None)
        if not has_transcript:
            column.addStretch(1)

    # Where audio differs ------------------------------------------------------------

    def show_caption(self, cues: tuple[ShownCue, ...]) -> None:
        self.caption_box.show_cues(cues)

    def _reset_controls(self) -> None:
        self.transcript.verticalScrollBar().setValue(0)

    def refresh(self) -> None:
        context, metrics, colors, base = self.context, self.metrics, self.colors, self.font()
        language = context.language
        self.session.set_volume(context.volume)
        self.captions_on = context.captions
        self.track = load_captions(context.bundle, self.audio.captions, language)
        self.transport.set_captions_checked(self.captions_on and self.track is not None)
        self.transport.captions_button.setVisible(self.track is not None)
        self.caption_box.setVisible(self.track is not None and self.captions_on)
        caption_font = metrics.font(base, SUBTITLE_PX, QFont.Weight.Medium)
        self.caption_box.show_track(self.track.shown if self.track else (),
                                    rtl=self.track.rtl if self.track else is_rtl(language),
                                    font=fonts.for_language(caption_font, self.track.language if self.track else language))
        for label in (self.title_label, self.credit_label, self.transcript_heading, self.no_text):
            label.setAlignment(leading(language))
        self.title_label.setText(context.text(self.audio.title))
        self.title_label.setFont(metrics.font(base, TITLE_PX, QFont.Weight.DemiBold))
        credit = context.text(self.audio.credit)
        self.credit_label.setText(credit)
        self.credit_label.setVisible(bool(credit))
        self.credit_label.setFont(metrics.font(base, CREDIT_PX))
        self.transcript_heading.setText(say("transcript", language).upper())
        self.transcript_heading.setFont(metrics.font(base, CREDIT_PX, QFont.Weight.DemiBold))
        self.no_text.setText(say("no_text_for_sound", language))
        self.no_text.setFont(metrics.font(base, BODY_PX))
        self._show_transcript(self.audio.transcript, metrics, colors, base)
        title = context.text(self.audio.title)
        self.setAccessibleName(title)
        self.setAccessibleDescription(say("play_desc", language))  # Space plays and pauses the view
        if self.cover is not None:
            self.cover.setAccessibleName(context.text(self.audio.alt))
        self.transcript.setAccessibleName(say("transcript", language))
        self.transcript.setAccessibleDescription(say("transcript_text_desc", language))
        self.transport.retranslate(language)
        self.transport.restyle(metrics, colors, base)
        self.sound_mark.colors = colors
        margin = metrics.px(MARGIN_PX)
        self._outer.setContentsMargins(margin, margin, margin, margin)
        self._outer.setSpacing(metrics.px(20))
        self._row.setSpacing(margin)
        self._heading.setSpacing(metrics.px(20))
        large = metrics.text_scale >= 1.2
        self._place_title(above=large)
        # Larger text needs a wider column: the cover gives way (5:6 at 100 %, 3:7 at 150 %).
        self._row.setStretch(0, 5 if not large else 4 if metrics.text_scale < 1.4 else 3)
        self._row.setStretch(1, 6 if not large else 7)
        self._column.setSpacing(metrics.px(20))
        self.apply_text_colors()

    def _place_title(self, *, above: bool) -> None:
        """Title and credit at the top of the column beside the cover, or above both (large text)."""
        target, other = (self._heading, self._column) if above else (self._column, self._heading)
        for index, label in enumerate((self.title_label, self.credit_label)):
            if target.indexOf(label) < 0:
                other.removeWidget(label)
                target.insertWidget(index, label)

    # Behaviour ----------------------------------------------------------------------

    def _on_captions_button(self, checked: bool) -> None:
        self.caption_box.setVisible(checked and self.track is not None)
        super()._on_captions_button(checked)

    def _on_cover_failed(self, path: str, reason: str) -> None:
        log.warning("exhibit '%s' cannot show its cover %s: %s", self.audio.id, path, reason)
        if self.cover is not None:
            self.cover.hide()
            self._row.replaceWidget(self.cover, self.sound_mark)
            self.sound_mark.show()
