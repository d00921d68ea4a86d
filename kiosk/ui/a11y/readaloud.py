"""Read aloud: the exhibit on screen, heard rather than read.

The bundle's recording of the exhibit in the visit's language comes first: it plays through
the exhibits' own `MediaSession`, its captions in step. Without one, a machine voice of
Qt's text-to-speech (`speech.Voice`, on a thread of its own) reads the words on screen
(`kiosk.play.readaloud.passages_for`) one passage at a time, each shown as the caption while
it is said. Whether the machine has a voice for the language is known only when the voice
answers (`decided`); without one, the reader says so (`Outcome.NO_VOICE`) and the menu shows it.

The speech engine is a plugin (speech-dispatcher on Debian), loaded when a visitor first
asks, never on the way to the first frame. While the reader reads, the visitor is there:
the player's idle countdown waits, as it does while a film plays.
"""

from __future__ import annotations

import logging
from enum import StrEnum

from PySide6.QtCore import QObject, Signal

from kiosk.bundle.declare import CaptionFiles
from kiosk.bundle.model import Exhibit
from kiosk.play.readaloud import narration_for, passages_for
from kiosk.ui.a11y.speech import Voice
from kiosk.ui.exhibits.captions import CaptionTrack, ShownCue, load_captions
from kiosk.ui.exhibits.cue_render import shown_cue
from kiosk.ui.exhibits.playback import MediaSession
from kiosk.ui.screens.base import Stage

log = logging.getLogger("kiosk.ui.readaloud")

ENGINE: str | None = None
"""The text-to-speech engine by name (`speechd`, `mock`); None lets Qt choose (speech-dispatcher on Debian)."""


class Outcome(StrEnum):
    RECORDING = "recording"
    VOICE = "voice"
    PREPARING = "preparing"  # asking the machine for a voice; `decided` tells which follows
    NO_VOICE = "no_voice"
    NOTHING = "nothing"  # an exhibit with no words to read (a sound, a film)


def _cue_text(passage: str) -> str:
    """A passage as cue text: its `&` and `<` are words, not markup."""
    return passage.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ReadAloud(QObject):
    """Reads one exhibit aloud at a time.

    Signals:
      reading_changed(bool): reading started or stopped (ended, stopped, failed).
      decided(str): after `start` answered PREPARING: Outcome.VOICE (reading) or Outcome.NO_VOICE.
      cues_changed(): the caption to show changed (`cues`).
      failed(): reading stopped part-way (or its recording failed) and no voice took over.
    """

    reading_changed = Signal(bool)
    decided = Signal(str)
    cues_changed = Signal()
    failed = Signal()

    def __init__(self, stage: Stage, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.outcome: Outcome | None = None
        self.language = ""
        self.cues: tuple[ShownCue, ...] = ()
        self.track: CaptionTrack | None = None
        self.spoken: list[str] = []
        """Every passage handed to the voice since the reader was made (what tests listen to)."""
        self.session: MediaSession | None = None
        self._voice: Voice | None = None
        self._queue: list[str] = []
        self._instead_of_recording = False

    @property
    def reading(self) -> bool:
        return self.outcome in (Outcome.RECORDING, Outcome.VOICE)

    @property
    def voice(self) -> Voice:
        """The machine voice, made on first use (its engine loads on its own thread)."""
        if self._voice is None:
            self._voice = Voice(self)
            self._voice.prepared.connect(self._on_prepared)
            self._voice.said.connect(self._speak_next)
            self._voice.failed.connect(self._on_voice_failed)
        return self._voice

    # -- starting and stopping ----------------------------------------------------------------

    def start(self, exhibit: Exhibit | None) -> Outcome:
        """Read `exhibit` in the visit's language: its recording (RECORDING), else ask for a voice
        (PREPARING, then `decided`); NOTHING for an exhibit without words to read."""
        self.stop()
        language = self.stage.language
        self.language = language
        passages = passages_for(exhibit, language, self.stage.bundle.manifest.languages)
        if not passages:
            return Outcome.NOTHING
        self._queue = list(passages)
        narration = narration_for(exhibit, language, self.stage.bundle.broken)
        if narration is None:
            self._ask_for_voice(instead_of_recording=False)
            return Outcome.PREPARING
        self.track = load_captions(self.stage.bundle, CaptionFiles({narration.language: narration.captions}),
                                   narration.language) if narration.captions else None
        session = MediaSession(self.stage.bundle.file(narration.path), self)
        session.position_changed.connect(self._on_position)
        session.ended.connect(self.stop)
        session.failed.connect(lambda reason: self._recording_failed(narration.path, reason))
        session.set_volume(self.stage.player.settings.volume)
        self.session = session
        self._begin(Outcome.RECORDING)
        session.play_from_start()
        return Outcome.RECORDING

    def stop(self) -> None:
        """Silence, at once; the idle countdown runs again."""
        was_reading = self.reading
        self.outcome = None
        self._queue.clear()
        if self.session is not None:
            session, self.session = self.session, None
            session.blockSignals(True)
            session.release()
            session.deleteLater()
        if self._voice is not None:
            self._voice.stop()
        self.track = None
        self._show(())
        if was_reading:
            self.stage.player.media_playing(False)
            self.reading_changed.emit(False)

    def set_volume(self, volume: float) -> None:
        if self.session is not None:
            self.session.set_volume(volume)
        if self._voice is not None:
            self._voice.set_volume(volume)

    def _begin(self, outcome: Outcome) -> None:
        self.outcome = outcome
        self.stage.player.media_playing(True)
        self.reading_changed.emit(True)

    # -- a recording ----------------------------------------------------------------------------

    def _on_position(self, milliseconds: int) -> None:
        track = self.track
        self._show(track.shown_at(milliseconds / 1000) if track is not None else ())

    def _recording_failed(self, path: str, reason: str) -> None:
        """A recording that cannot play gives way to the voice, as if the bundle had none."""
        log.warning("the narration %s cannot be played (%s); reading with a voice instead", path, reason)
        passages = list(self._queue)
        self.stop()
        self._queue = passages
        self._ask_for_voice(instead_of_recording=True)

    # -- a voice --------------------------------------------------------------------------------

    def _ask_for_voice(self, *, instead_of_recording: bool) -> None:
        self.outcome = Outcome.PREPARING
        self._instead_of_recording = instead_of_recording
        self.voice.prepare(ENGINE, self.language, self.stage.player.settings.volume)

    def _on_prepared(self, ok: bool) -> None:
        if self.outcome is not Outcome.PREPARING:
            return
        if not ok:
            log.info("no voice for '%s' on this machine", self.language)
            self.outcome = None
            self._queue.clear()
            self.decided.emit(Outcome.NO_VOICE.value)
            if self._instead_of_recording:
                self.failed.emit()
            return
        self._begin(Outcome.VOICE)
        self.decided.emit(Outcome.VOICE.value)
        self._speak_next()

    def _speak_next(self) -> None:
        if self.outcome is not Outcome.VOICE:
            return
        if not self._queue:
            self.stop()
            return
        passage = self._queue.pop(0)
        self.spoken.append(passage)
        self._show((shown_cue(_cue_text(passage)),))
        self.voice.say(passage)

    def _on_voice_failed(self) -> None:
        if self.outcome is Outcome.VOICE:
            self.stop()
            self.failed.emit()

    # -- the caption ----------------------------------------------------------------------------

    def _show(self, cues: tuple[ShownCue, ...]) -> None:
        if cues != self.cues:
            self.cues = cues
            self.cues_changed.emit()
