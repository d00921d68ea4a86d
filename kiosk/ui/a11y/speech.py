"""The machine voice, spoken from a thread of its own so that the interface never waits on it.

Qt's text-to-speech engine on Debian talks to the speech-dispatcher daemon, and every call
waits for the daemon's answer: a daemon stuck on a lost sound device (seen on a machine
without one) would freeze the kiosk at the first press of Read aloud. The engine therefore
lives on one worker thread for the whole process, loaded there when first needed; the
interface sends it requests and hears back through queued signals, and a voice that does
not answer in time counts as no voice. Every request carries a number, so that answers to a
reading the visitor already stopped are ignored.
"""

from __future__ import annotations

import atexit
import logging

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot
from PySide6.QtTextToSpeech import QTextToSpeech

from kiosk.play.readaloud import base_language

log = logging.getLogger("kiosk.ui.readaloud")

ANSWER_MS = 5000
"""How long a voice may take to say whether it speaks a language (loading the engine included)."""

_thread: QThread | None = None


def voice_locale(speech: QTextToSpeech, language: str) -> str | None:
    """The engine's locale for `language`: the same region if it has it, else any of the language."""
    names = sorted(locale.name() for locale in speech.availableLocales())
    matching = [name for name in names if base_language(name) == base_language(language)]
    wanted = language.replace("-", "_")
    exact = [name for name in matching if name.lower() == wanted.lower()]
    chosen = exact or matching
    return chosen[0] if chosen else None


class _Engine(QObject):
    """The engine's side: lives on the worker thread, where every call that may block is made."""

    prepared = Signal(int, bool, str, str)  # request, a voice speaks the language, engine, locale
    said = Signal(int)  # request: the passage has been said
    failed = Signal(int, str)

    def __init__(self) -> None:
        super().__init__()
        self.speech: QTextToSpeech | None = None
        self.request = 0
        self.heard_speaking = False

    @Slot(int, str, str, float)
    def prepare(self, request: int, engine: str, language: str, volume: float) -> None:
        self.request = request
        speech = self._speech(engine)
        if speech.state() == QTextToSpeech.State.Error:
            log.warning("text-to-speech is unavailable: %s", speech.errorString() or "no engine")
            self.prepared.emit(request, False, speech.engine(), "")
            return
        name = voice_locale(speech, language)
        if name is None:
            self.prepared.emit(request, False, speech.engine(), "")
            return
        locale = next(locale for locale in speech.availableLocales() if locale.name() == name)
        speech.setLocale(locale)
        voices = speech.availableVoices()
        if voices:
            speech.setVoice(voices[0])
        speech.setVolume(volume)
        self.prepared.emit(request, bool(voices), speech.engine(), name)

    @Slot(int, str)
    def say(self, request: int, text: str) -> None:
        self.request = request
        self.heard_speaking = False
        if self.speech is not None:
            self.speech.say(text)

    @Slot(int)
    def stop(self, request: int) -> None:
        self.request = request
        if self.speech is not None and self.speech.state() != QTextToSpeech.State.Ready:
            self.speech.stop()

    @Slot(float)
    def set_volume(self, volume: float) -> None:
        if self.speech is not None:
            self.speech.setVolume(volume)

    def _speech(self, engine: str) -> QTextToSpeech:
        if self.speech is None or (engine and self.speech.engine() != engine):
            if self.speech is not None:
                self.speech.deleteLater()
            self.speech = QTextToSpeech(engine, self) if engine else QTextToSpeech(self)
            self.speech.stateChanged.connect(self._on_state)
            log.info("text-to-speech engine '%s' loaded, state %s", self.speech.engine(), self.speech.state().name)
        return self.speech

    def _on_state(self, state: QTextToSpeech.State) -> None:
        if state == QTextToSpeech.State.Speaking:
            self.heard_speaking = True
        elif state == QTextToSpeech.State.Ready and self.heard_speaking:
            self.heard_speaking = False
            self.said.emit(self.request)
        elif state == QTextToSpeech.State.Error and self.speech is not None:
            self.failed.emit(self.request, self.speech.errorString())


def _worker_thread() -> QThread:
    global _thread
    if _thread is None:
        _thread = QThread()
        _thread.setObjectName("speech")
        _thread.start()
        atexit.register(_stop_thread)
    return _thread


def _stop_thread() -> None:
    """At exit: the thread ends, or, stuck in the engine, is ended (Qt aborts on a running thread)."""
    global _thread
    thread, _thread = _thread, None
    if thread is None:
        return
    thread.quit()
    if not thread.wait(2000):
        log.warning("the text-to-speech engine did not stop; ending its thread")
        thread.terminate()
        thread.wait(1000)


class Voice(QObject):
    """The interface's side of the machine voice.

    Signals:
      prepared(bool): whether a voice speaks the language asked for (False after ANSWER_MS of silence).
      said(): the passage given to `say` has been said.
      failed(): the voice stopped with an error.
    """

    prepared = Signal(bool)
    said = Signal()
    failed = Signal()
    _prepare = Signal(int, str, str, float)
    _say = Signal(int, str)
    _stop = Signal(int)
    _volume = Signal(float)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.request = 0
        self.engine = ""
        self.locale = ""
        self._worker: _Engine | None = None
        self._waiting = QTimer(self)
        self._waiting.setSingleShot(True)
        self._waiting.timeout.connect(self._no_answer)

    def _engine(self) -> _Engine:
        if self._worker is None:
            worker = _Engine()
            worker.moveToThread(_worker_thread())
            self._prepare.connect(worker.prepare)
            self._say.connect(worker.say)
            self._stop.connect(worker.stop)
            self._volume.connect(worker.set_volume)
            worker.prepared.connect(self._on_prepared)
            worker.said.connect(self._on_said)
            worker.failed.connect(self._on_failed)
            self.destroyed.connect(worker.deleteLater)
            self._worker = worker
        return self._worker

    def prepare(self, engine: str | None, language: str, volume: float) -> None:
        """Ask for a voice for `language`; `prepared` answers."""
        self._engine()
        self.request += 1
        self._waiting.start(ANSWER_MS)
        self._prepare.emit(self.request, engine or "", language, volume)

    def say(self, text: str) -> None:
        self._say.emit(self.request, text)

    def stop(self) -> None:
        """Silence, and forget any answer still on its way."""
        self.request += 1
        self._waiting.stop()
        if self._worker is not None:
            self._stop.emit(self.request)

    def set_volume(self, volume: float) -> None:
        if self._worker is not None:
            self._volume.emit(volume)

    def _on_prepared(self, request: int, ok: bool, engine: str, locale: str) -> None:
        if request != self.request:
            return
        self._waiting.stop()
        self.engine, self.locale = engine, locale
        self.prepared.emit(ok)

    def _no_answer(self) -> None:
        log.warning("the text-to-speech engine did not answer in %d ms; reading as if there were no voice",
                    ANSWER_MS)
        self.request += 1
        self.prepared.emit(False)

    def _on_said(self, request: int) -> None:
        if request == self.request:
            self.said.emit()

    def _on_failed(self, request: int, reason: str) -> None:
        if request == self.request:
            log.warning("the voice stopped: %s", reason)
            self.failed.emit()
