"""Read aloud: the exhibit on screen, heard rather than read.

The bundle's recording of the exhibit in the visit's language comes first: it plays through
the exhibits' own `MediaSession`, its captions in step. Without one, a machine voice of
Qt's text-to-speech reads the words on screen (`kiosk.play.readaloud.passages_for`) one
passage at a time, each shown as the caption while it is said. Without a voice for the
language on this machine, the reader says so (`Outcome.NO_VOICE`) and the menu shows it.

The speech engine is a plugin (speech-dispatcher on Debian), loaded when a visitor first
asks, never on the way to the first frame. While the reader reads, the visitor is there:
the player's idle countdown waits, as it does while a film plays.
"""

from __future__ import annotations

import logging
from enum import StrEnum

from PySide6.QtCore import QLocale, QObject, Signal
from PySide6.QtTextToSpeech import QTextToSpeech, QVoice

from kiosk.bundle.declare import CaptionFiles
from kiosk.bundle.model import Exhibit
from kiosk.play.readaloud import base_language, narration_for, passages_for
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
    NO_VOICE = "no_voice"
    NOTHING = "nothing"  # an exhibit with no words to read (a sound, a film)


def _cue_text(passage: str) -> str:
    """A passage as cue text: its `&` and `<` are words, not markup."""
    return passage.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def voice_locale(speech: QTextToSpeech, language: str) -> QLocale | None:
    """The engine's locale for `language`: the same region if it has it, else any of the language."""
    wanted = QLocale(language.replace("-", "_")).name()
    matching = [locale for locale in speech.availableLocales()
                if base_language(locale.name()) == base_language(language)]
    exact = [locale for locale in matching if locale.name() == wanted]
    chosen = exact or sorted(matching, key=lambda locale: locale.name())
    return chosen[0] if chosen else None


class ReadAloud(QObject):
    """Reads one exhibit aloud at a time.

    Signals:
      reading_changed(bool): reading started or stopped (ended, stopped, failed).
      cues_changed(): the caption to show changed (`cues`).
      failed(): the voice stopped with an error part-way; the visitor should be told.
    """

    reading_changed = Signal(bool)
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
        self._speech: QTextToSpeech | None = None
        self._queue: list[str] = []
        self._heard_speaking = False
        self._exhibit: Exhibit | None = None

    @property
    def reading(self) -> bool:
        return self.outcome in (Outcome.RECORDING, Outcome.VOICE)

    # -- starting and stopping ----------------------------------------------------------------

    def start(self, exhibit: Exhibit | None) -> Outcome:
        """Read `exhibit` in the visit's language: its recording, else a voice; say which, or why not."""
        self.stop()
        language = self.stage.language
        self.language = language
        self._exhibit = exhibit
        passages = passages_for(exhibit, language, self.stage.bundle.manifest.languages)
        if not passages:
            return Outcome.NOTHING
        narration = narration_for(exhibit, language, self.stage.bundle.broken)
        if narration is not None:
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
        if not self._choose_voice(language):
            return Outcome.NO_VOICE
        self._queue = list(passages)
        self._begin(Outcome.VOICE)
        self._speak_next()
        return Outcome.VOICE

    def stop(self) -> None:
        """Silence, at once; the idle countdown runs again."""
        was_reading = self.reading
        self.outcome = None
        self._queue.clear()
        self._heard_speaking = False
        if self.session is not None:
            session, self.session = self.session, None
            session.blockSignals(True)
            session.release()
            session.deleteLater()
        if self._speech is not None and self._speech.state() in (QTextToSpeech.State.Speaking,
                                                                  QTextToSpeech.State.Paused,
                                                                  QTextToSpeech.State.Synthesizing):
            self._speech.stop()
        self.track = None
        self._show(())
        if was_reading:
            self.stage.player.media_playing(False)
            self.reading_changed.emit(False)

    def set_volume(self, volume: float) -> None:
        if self.session is not None:
            self.session.set_volume(volume)
        if self._speech is not None:
            self._speech.setVolume(volume)

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
        exhibit = self._exhibit
        self.stop()
        if exhibit is None:
            return
        passages = passages_for(exhibit, self.language, self.stage.bundle.manifest.languages)
        if self._choose_voice(self.language):
            self._queue = list(passages)
            self._begin(Outcome.VOICE)
            self._speak_next()
        else:
            self.failed.emit()

    # -- a voice --------------------------------------------------------------------------------

    def speech(self) -> QTextToSpeech:
        """The text-to-speech engine, loaded on first use."""
        if self._speech is None:
            speech = QTextToSpeech(ENGINE, self) if ENGINE else QTextToSpeech(self)
            speech.stateChanged.connect(self._on_speech_state)
            self._speech = speech
            log.info("text-to-speech engine '%s' loaded, state %s", speech.engine(), speech.state().name)
        return self._speech

    def voice(self, language: str) -> QVoice | None:
        """A voice of this machine for `language`, or None."""
        speech = self.speech()
        if speech.state() == QTextToSpeech.State.Error:
            log.warning("text-to-speech is unavailable: %s", speech.errorString() or "no engine")
            return None
        locale = voice_locale(speech, language)
        if locale is None:
            return None
        speech.setLocale(locale)
        voices = speech.availableVoices()
        return voices[0] if voices else None

    def _choose_voice(self, language: str) -> bool:
        voice = self.voice(language)
        if voice is None:
            log.info("no voice for '%s' on this machine", language)
            return False
        speech = self.speech()
        speech.setVoice(voice)
        speech.setVolume(self.stage.player.settings.volume)
        return True

    def _speak_next(self) -> None:
        if not self._queue:
            self.stop()
            return
        passage = self._queue.pop(0)
        self.spoken.append(passage)
        self._heard_speaking = False
        self._show((shown_cue(_cue_text(passage)),))
        self.speech().say(passage)

    def _on_speech_state(self, state: QTextToSpeech.State) -> None:
        if self.outcome is not Outcome.VOICE:
            return
        if state == QTextToSpeech.State.Speaking:
            self._heard_speaking = True
        elif state == QTextToSpeech.State.Ready and self._heard_speaking:
            self._speak_next()
        elif state == QTextToSpeech.State.Error:
            speech = self.speech()
            log.warning("the voice stopped: %s", speech.errorString())
            self.stop()
            self.failed.emit()

    # -- the caption ----------------------------------------------------------------------------

    def _show(self, cues: tuple[ShownCue, ...]) -> None:
        if cues != self.cues:
            self.cues = cues
            self.cues_changed.emit()
