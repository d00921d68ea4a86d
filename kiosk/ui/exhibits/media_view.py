"""What audio and video views share: the contract's playback side, the transport bar and
captions in step with the position. Subclasses say where a caption is drawn and what else
changes when playback starts, stops or ends."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QTextCursor
from PySide6.QtWidgets import QTextBrowser

from kiosk.bundle.declare import Text
from kiosk.ui.exhibits.captions import CaptionTrack, ShownCue
from kiosk.ui.exhibits.common import StyledView
from kiosk.ui.exhibits.markdown import TextLook, render_markdown
from kiosk.ui.exhibits.media_controls import TransportBar
from kiosk.ui.exhibits.playback import MediaSession
from kiosk.ui.exhibits.style import Colors, Metrics, css, is_rtl
from kiosk.ui.exhibits.text import scrollbar_css

PLAYED_STEP = 0.01
TRANSCRIPT_PX = 26


class MediaView(StyledView):
    """Signals (besides the contract's):
      captions_toggled(bool): the visitor switched captions on or off with this view's
        button; the screen may carry the choice into the visit's context.
    """

    captions_toggled = Signal(bool)
    session: MediaSession
    transport: TransportBar
    track: CaptionTrack | None
    captions_on: bool
    transcript: QTextBrowser
    _transcript_look: tuple[object, ...] | None = None
    _position_ms: int = 0
    _played: float = -1.0
    """The furthest share of the media reported by `played` since the view was last reset;
    below 0 until the first report, so that a play is reported as soon as it starts."""

    # Where subclasses differ ---------------------------------------------------------

    def show_caption(self, cues: tuple[ShownCue, ...]) -> None:
        """Show `cues` (none: no caption); called on every position report, so it should
        only repaint when they change."""
        raise NotImplementedError

    def _reset_controls(self) -> None:
        """Extra controls back to how they first appeared."""

    # The contract ------------------------------------------------------------------

    def activate(self) -> None:
        self.session.set_volume(self.context.volume)
        self.session.load()

    def deactivate(self) -> None:
        super().deactivate()
        self.session.release()
        self._show_stopped()

    def waits_for_end(self) -> bool:
        return True

    def toggle_playback(self) -> bool:
        if self.failed:
            return False
        self.session.toggle()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Space plays and pauses from anywhere in the view; a focused button or the transcript
        takes it first (a button presses itself, the transcript scrolls)."""
        space = event.key() == Qt.Key.Key_Space and event.modifiers() == Qt.KeyboardModifier.NoModifier
        if space and self.toggle_playback():
            event.accept()
            return
        super().keyPressEvent(event)

    def start_tour(self) -> None:
        super().start_tour()
        if not self.failed:
            self.session.set_volume(self.context.volume)
            self.session.play_from_start()

    def reset_view(self) -> None:
        self._played = -1.0
        self.session.release()
        self._show_stopped()
        self._reset_controls()
        self.captions_on = self.context.captions
        self.transport.set_captions_checked(self.captions_on and self.track is not None)

    def _show_transcript(self, transcript: Text | None, metrics: Metrics, colors: Colors, base: QFont) -> None:
        """The transcript, drawn again only when its words or look change: a volume or
        captions change keeps the reader's place."""
        language = self.context.language
        look = (language, metrics, colors)
        if transcript is None or look == self._transcript_look:
            return
        self._transcript_look = look
        text_look = TextLook(metrics, colors, base, TRANSCRIPT_PX, is_rtl(language))
        render_markdown(self.transcript.document(), self.context.text(transcript), text_look)
        self.transcript.moveCursor(QTextCursor.MoveOperation.Start)

    def apply_text_colors(self) -> None:
        """Labels, transcript and scroll bar in the theme's colours; the caption redrawn."""
        colors = self.colors
        self.setStyleSheet(
            f"QLabel {{ color: {css(colors.text)}; background: transparent; }}"
            f"QLabel#muted {{ color: {css(colors.muted)}; }}"
            f"QTextBrowser {{ color: {css(colors.text)}; background: transparent; }}"
            + scrollbar_css(colors, self.metrics.px(10))
        )
        self._on_position(self._position_ms)

    def _connect(self) -> None:
        """The session and the transport bar, wired both ways; subclasses add their own controls."""
        session = self.session
        session.position_changed.connect(self._on_position)
        session.duration_changed.connect(self.transport.set_duration)
        session.playing_changed.connect(self._on_playing)
        session.ended.connect(self._on_ended)
        session.failed.connect(lambda reason: self.show_failure(session.path, reason))
        self.transport.play_pressed.connect(session.toggle)
        self.transport.seek_requested.connect(self._seek)
        self.transport.captions_toggled.connect(self._on_captions_button)

    # Playback ----------------------------------------------------------------------

    def _seek(self, milliseconds: int) -> None:
        self.session.seek(milliseconds)
        self._on_position(milliseconds)

    def _on_position(self, milliseconds: int) -> None:
        self._position_ms = milliseconds
        self.transport.set_position(milliseconds)
        started = self.session.is_playing or milliseconds > 0
        showing = self.track is not None and self.captions_on and started and not self.session.is_ended
        self.show_caption(self.track.shown_at(milliseconds / 1000) if showing and self.track else ())
        duration = self.session.duration
        if duration > 0 and self.session.is_playing:
            self._report_played(milliseconds / duration)

    def _report_played(self, share: float) -> None:
        """Emit `played` when the share grows by a step (or reaches the end); never backwards."""
        share = min(1.0, max(0.0, share))
        if share >= self._played + PLAYED_STEP or (share == 1.0 and self._played < 1.0):
            self._played = share
            self.played.emit(share)

    def _on_playing(self, playing: bool) -> None:
        if playing and self.session.duration > 0:
            self._report_played(self.session.position / self.session.duration)
        self.transport.set_state(playing=playing, ended=self.session.is_ended)
        self.playing_changed.emit(playing)

    def _on_ended(self) -> None:
        self._report_played(1.0)
        self.transport.set_state(playing=False, ended=True)
        self.show_caption(())
        self.touring = False
        self.finished.emit()

    def _show_stopped(self) -> None:
        self._position_ms = 0
        self.transport.set_state(playing=False)
        self.transport.set_position(0)
        self.show_caption(())

    def _on_captions_button(self, checked: bool) -> None:
        self.captions_on = checked
        self._on_position(self._position_ms)
        self.captions_toggled.emit(checked)
