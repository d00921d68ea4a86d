"""Video exhibits: the poster until playback, captions drawn over the picture, big controls.

Frames come through a QVideoSink and are painted by the view itself, so the captions can
be painted over them (a native video window would cover anything drawn on top). A tap on
the picture plays or pauses; a horizontal swipe across it is passed on as `swiped_past`.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtMultimedia import QVideoFrame, QVideoSink
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.bundle.model import Exhibit, VideoExhibit
from kiosk.ui import fonts
from kiosk.ui.exhibits.audio import make_transcript_view
from kiosk.ui.exhibits.base import ExhibitContext
from kiosk.ui.exhibits.captions import CaptionTrack, ShownCue, load_captions
from kiosk.ui.exhibits.common import leading
from kiosk.ui.exhibits.cue_render import CaptionPainter
from kiosk.ui.exhibits.glyphs import GlyphButton
from kiosk.ui.exhibits.media_controls import TransportBar
from kiosk.ui.exhibits.media_view import MediaView
from kiosk.ui.exhibits.picture import Picture
from kiosk.ui.exhibits.playback import MediaSession
from kiosk.ui.exhibits.style import (
    CREDIT_PX,
    LABEL_TITLE_PX,
    MARGIN_PX,
    SUBTITLE_PX,
    TOUCH_PX,
    is_rtl,
)
from kiosk.ui.i18n import say

log = logging.getLogger("kiosk.ui.exhibits")

SWIPE_PX = 120


class VideoSurface(QWidget):
    """Paints the current frame (or the poster), then the caption over it. The frames come
    from `sink`, which the media session owns (it must outlive the session's players).

    Signals:
      tapped(): a short touch on the picture.
      swiped(int): a horizontal swipe; +1 leftwards, -1 rightwards (on screen).
    """

    tapped = Signal()
    swiped = Signal(int)

    def __init__(self, poster: Picture | None, sink: QVideoSink, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sink = sink
        self.sink.videoFrameChanged.connect(self._on_frame)
        self.frame: QVideoFrame | None = None
        self.poster = poster
        if poster is not None:
            poster.setParent(self)
            poster.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.caption = ""
        """The caption's words as plain text (speakers named): for screen readers and tests."""
        self.cues: tuple[ShownCue, ...] = ()
        self.caption_rtl = False
        self.caption_font = QFont()
        self.captions = CaptionPainter()
        self.caption_boxes: list[QRectF] = []
        self.background = QColor(0, 0, 0)
        self.play_overlay = GlyphButton("play", self, primary=True, diameter=128)
        self._press: QPointF | None = None
        self._press_ms = 0.0
        self.frames_shown = 0
        self.live = False  # frames are shown once playback has started; until then, the poster
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_poster(self, visible: bool) -> None:
        if visible:
            self.frame = None
            self.live = False
        if self.poster is not None:
            self.poster.setVisible(visible)
        self.update()

    def set_caption(self, cues: tuple[ShownCue, ...]) -> None:
        if cues != self.cues:
            self.cues = cues
            self.caption = "\n".join(shown.readable for shown in cues)
            self.setAccessibleDescription(self.caption)
            self.update()

    def _on_frame(self, frame: QVideoFrame) -> None:
        if not frame.isValid() or not self.live:
            return
        self.frame = frame
        self.frames_shown += 1
        if self.poster is not None and self.poster.isVisible():
            self.poster.hide()
        self.update()

    def picture_rect(self) -> QRectF:
        """Where the video's picture lies: fitted, centred, uncropped."""
        frame = self.frame
        if frame is None or frame.size().isEmpty():
            return QRectF(self.rect())
        size = frame.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        return QRectF((self.width() - size.width()) / 2, (self.height() - size.height()) / 2,
                      size.width(), size.height())

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.background)
        if self.frame is not None:
            options = QVideoFrame.PaintOptions()
            options.backgroundColor = self.background
            options.aspectRatioMode = Qt.AspectRatioMode.KeepAspectRatio
            self.frame.paint(painter, QRectF(self.rect()), options)
        self.caption_boxes = []
        if self.cues:
            self.captions.configure(self.caption_font, rtl=self.caption_rtl)
            self.caption_boxes = self.captions.paint(painter, self.caption_area(), self.cues)

    def caption_area(self) -> QRectF:
        """Where captions may go: the picture, less a margin all round."""
        area = self.picture_rect()
        margin = area.height() * 0.06
        return area.adjusted(margin, margin, -margin, -margin)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.place_children()

    def place_children(self) -> None:
        if self.poster is not None:
            self.poster.setGeometry(self.rect())
        overlay = self.play_overlay
        overlay.move((self.width() - overlay.width()) // 2, (self.height() - overlay.height()) // 2)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        self._press = event.position()
        self._press_ms = time.monotonic() * 1000
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._press is None:
            event.ignore()
            return
        delta = event.position() - self._press
        self._press = None
        if abs(delta.x()) > SWIPE_PX and abs(delta.x()) > 2 * abs(delta.y()):
            self.swiped.emit(1 if delta.x() < 0 else -1)
        elif max(abs(delta.x()), abs(delta.y())) < QApplication.startDragDistance() * 2:
            self.tapped.emit()
        event.accept()


class VideoView(MediaView):
    """A film with its poster, captions, transcript and controls."""

    def __init__(self, exhibit: Exhibit, context: ExhibitContext, parent: QWidget | None = None) -> None:
        super().__init__(exhibit, context, parent)
        if not isinstance(exhibit, VideoExhibit):
            raise TypeError(f"VideoView shows video exhibits, not {type(exhibit).__name__}")
        self.video = exhibit
        poster = Picture(context.bundle.file(exhibit.poster)) if exhibit.poster else None
        if poster is not None:
            poster.failed.connect(self._on_poster_failed)
        self.session = MediaSession(context.bundle.file(exhibit.file), self, video=True)
        assert self.session.video_sink is not None
        self.surface = VideoSurface(poster, self.session.video_sink, self.content)
        self.track: CaptionTrack | None = None
        self.captions_on = context.captions
        self._position_ms = 0
        self._transcript_look: tuple[object, ...] | None = None
        self.transport = TransportBar(self.content, captions=exhibit.captions is not None,
                                      transcript=exhibit.transcript is not None)
        self.title_label = QLabel(self.content)
        self.credit_label = QLabel(self.content)
        self.credit_label.setObjectName("muted")
        self.no_text = QLabel(self.content)
        self.no_text.setObjectName("muted")
        self.no_text.setVisible(exhibit.captions is None and exhibit.transcript is None)
        self.transcript = make_transcript_view(self.content)
        self.transcript.hide()
        self._lay_out()
        self._connect()
        self.refresh()

    def _lay_out(self) -> None:
        for label in (self.title_label, self.credit_label, self.no_text):
            label.setWordWrap(True)  # long credits and large text wrap instead of widening the window
        label_row = QHBoxLayout()
        label_row.addWidget(self.title_label)
        label_row.addWidget(self.credit_label, 1)
        label_row.addWidget(self.no_text)
        player = QVBoxLayout()
        player.addWidget(self.surface, 1)
        player.addWidget(self.transport)
        player.addLayout(label_row)
        self._player_layout = player
        self._label_row = label_row
        row = QHBoxLayout(self.content)
        row.addLayout(player, 3)
        row.addWidget(self.transcript, 1)
        self._row = row

    def _connect(self) -> None:
        super()._connect()
        session = self.session
        self.transport.transcript_toggled.connect(self.transcript.setVisible)
        self.surface.play_overlay.clicked.connect(session.toggle)
        self.surface.tapped.connect(session.toggle)
        self.surface.swiped.connect(self._on_swiped)

    # Where video differs ------------------------------------------------------------

    def show_caption(self, cues: tuple[ShownCue, ...]) -> None:
        self.surface.set_caption(cues)

    def _reset_controls(self) -> None:
        self.transport.transcript_button.setChecked(False)

    def refresh(self) -> None:
        context, metrics, colors, base = self.context, self.metrics, self.colors, self.font()
        language = context.language
        self.session.set_volume(context.volume)
        self.captions_on = context.captions
        self.track = load_captions(context.bundle, self.video.captions, language)
        self.surface.captions.forget()
        self.transport.set_captions_checked(self.captions_on and self.track is not None)
        self.transport.captions_button.setVisible(self.track is not None)
        caption_font = metrics.font(base, SUBTITLE_PX, QFont.Weight.Medium)
        # The caption's own language picks its CJK face: Japanese captions on a Chinese visit keep JP forms.
        self.surface.caption_font = fonts.for_language(caption_font, self.track.language if self.track else language)
        self.surface.caption_rtl = self.track.rtl if self.track else is_rtl(language)
        self.surface.play_overlay.set_colors(colors)
        self.surface.play_overlay.set_diameter(metrics.touch_px(TOUCH_PX * 2))
        self.surface.play_overlay.setAccessibleName(say("play", language))
        self.surface.place_children()
        for label in (self.title_label, self.credit_label):
            label.setAlignment(leading(language))
        self.title_label.setText(self.context.text(self.video.title))
        self.title_label.setFont(metrics.font(base, LABEL_TITLE_PX, QFont.Weight.DemiBold))
        credit = context.text(self.video.credit)
        self.credit_label.setText(credit)
        self.credit_label.setVisible(bool(credit))
        self.credit_label.setFont(metrics.font(base, CREDIT_PX))
        self.no_text.setText(say("no_text_for_sound", language))
        self.no_text.setFont(metrics.font(base, CREDIT_PX))
        self._show_transcript(self.video.transcript, metrics, colors, base)
        title = context.text(self.video.title)
        self.setAccessibleName(title)
        self.setAccessibleDescription(say("play_desc", language))  # Space plays and pauses the view
        self.surface.setAccessibleName(title)
        self.surface.setAccessibleDescription(say("video_desc", language))
        if self.surface.poster is not None:
            self.surface.poster.setAccessibleName(context.text(self.video.alt))
        self.surface.play_overlay.setAccessibleDescription(say("play_desc", language))
        self.transcript.setAccessibleName(say("transcript", language))
        self.transcript.setAccessibleDescription(say("transcript_text_desc", language))
        self.transport.retranslate(language)
        self.transport.restyle(metrics, colors, base)
        margin = metrics.px(MARGIN_PX)
        self._row.setContentsMargins(margin, metrics.px(24), margin, metrics.px(28))
        self._row.setSpacing(margin)
        self._player_layout.setSpacing(metrics.px(20))
        self._label_row.setSpacing(metrics.px(24))
        self.apply_text_colors()

    # Behaviour ----------------------------------------------------------------------

    def _on_playing(self, playing: bool) -> None:
        if playing:
            self.surface.live = True
        self.surface.play_overlay.setVisible(not playing)
        self.surface.play_overlay.set_glyph("replay" if self.session.is_ended else "play")
        super()._on_playing(playing)

    def _on_ended(self) -> None:
        self.surface.play_overlay.set_glyph("replay")
        self.surface.play_overlay.show()
        super()._on_ended()

    def _show_stopped(self) -> None:
        super()._show_stopped()
        self.surface.show_poster(True)
        self.surface.play_overlay.set_glyph("play")
        self.surface.play_overlay.show()

    def _on_swiped(self, screen_step: int) -> None:
        self.swiped_past.emit(screen_step * (-1 if is_rtl(self.context.language) else 1))

    def _on_poster_failed(self, path: str, reason: str) -> None:
        log.warning("exhibit '%s' cannot show its poster %s: %s", self.video.id, path, reason)
        if self.surface.poster is not None:
            self.surface.poster.hide()
