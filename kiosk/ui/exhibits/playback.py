"""One media file's playback, made and released with the exhibit that plays it.

Wraps QMediaPlayer and QAudioOutput so the audio and video views share one behaviour:
the player exists only while its exhibit is on screen (a kiosk that runs for months must
not collect decoders), errors become one `failed` signal, and the end of the media is one
`ended` signal.

The player and its audio output are made by C++ (through a one-line QML component), not
by Python, and the video sink comes from a C++ video item. FFmpeg's renderer threads tear
their objects down on their own time, and Qt then calls virtual functions of the objects
they were connected to. On an object Python made, PySide routes such calls through Python
and needs the GIL, while the GUI thread, holding the GIL, may be waiting for a lock the
renderer thread holds: in testing that froze the kiosk about once in fifty stops. Objects
made by C++ have no Python in those calls. For the same reason the calls that start, stop
and seek go through the event loop (queued `QMetaObject.invokeMethod`), where PySide does
not hold the GIL, rather than being made from Python.

A video's sink belongs to its session, and the session deletes its players before the sink:
FFmpeg's video renderer writes each frame into the sink from its own thread, so a sink must
never go while a player that renders into it still runs. The sink's owner is therefore a Qt
child, never an object Python owns: PySide deletes every object Python owns at interpreter
exit, in no particular order and with no event loop to stop the players first, and the
collector would free it on whichever thread it happened to run.
"""

from __future__ import annotations

import logging
from pathlib import Path

import shiboken6
from PySide6.QtCore import (
    Q_ARG,
    QCoreApplication,
    QGenericArgumentHolder,
    QMetaObject,
    QObject,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer, QVideoSink
from PySide6.QtMultimediaWidgets import QGraphicsVideoItem
from PySide6.QtQml import QQmlComponent, QQmlEngine

log = logging.getLogger("kiosk.ui.exhibits")

_PLAYER_QML = b"import QtMultimedia\nMediaPlayer { audioOutput: AudioOutput {} }\n"
# The component is compiled once (10-15 ms on the GUI thread) and makes a new player each time.
_made: tuple[QQmlEngine, QQmlComponent] | None = None  # (the engine is kept: its wrapper owns it)


def _player_component() -> QQmlComponent:
    global _made
    if _made is None or not shiboken6.isValid(_made[1]):
        engine = QQmlEngine(QCoreApplication.instance())
        component = QQmlComponent(engine, engine)  # (deleted with its engine)
        component.setData(_PLAYER_QML, QUrl())
        engine.destroyed.connect(_forget_component)
        _made = engine, component
    return _made[1]


def _forget_component() -> None:
    global _made
    _made = None


def make_player(parent: QObject) -> tuple[QMediaPlayer, QAudioOutput]:
    """A media player with its audio output, both made by C++ (see the module's note)."""
    component = _player_component()
    made = component.create()
    if isinstance(made, QMediaPlayer):
        audio = made.audioOutput()
        if isinstance(audio, QAudioOutput):
            made.setParent(parent)
            return made, audio
    log.warning("QtMultimedia's QML types are missing (%s); media objects are made by Python",
                component.errorString().strip() or "unexpected object")
    player = QMediaPlayer(parent)
    audio = QAudioOutput(player)
    player.setAudioOutput(audio)
    return player, audio


def make_video_sink(parent: QObject) -> QVideoSink:
    """A video sink made by C++, owned (through the video item that made it) by `parent`."""
    owner = QGraphicsVideoItem()
    owner.setParent(parent)
    return owner.videoSink()


class MediaSession(QObject):
    """Plays one file.

    Signals:
      position_changed(int): milliseconds from the start.
      duration_changed(int): the media's length in milliseconds, once known.
      playing_changed(bool): playback started or stopped (paused, ended, released).
      ended(): playback reached the end.
      failed(str): the file is missing or cannot be decoded; the session stays silent after.

    With `video`, the session has a sink (`video_sink`) whose frames a view paints. The
    session's children are its players' holder first, then the sink: Qt deletes children in
    that order, so a session deleted while it plays stops its player before the sink goes.
    """

    position_changed = Signal(int)
    duration_changed = Signal(int)
    playing_changed = Signal(bool)
    ended = Signal()
    failed = Signal(str)

    def __init__(self, path: Path, parent: QObject | None = None, *, video: bool = False) -> None:
        super().__init__(parent)
        self.path = path
        self._players = QObject(self)  # before the sink, see the class's note
        self.video_sink: QVideoSink | None = make_video_sink(self) if video else None
        self.volume = 0.8
        self.player: QMediaPlayer | None = None
        self._audio: QAudioOutput | None = None
        self._playing = False
        self._ended = False
        self._failed = False
        self.duration = 0
        # Compiled with the first view that plays anything, which is usually built ahead of
        # the tap that opens it, rather than in that tap.
        _player_component()

    @property
    def is_playing(self) -> bool:
        return self._playing

    @property
    def is_ended(self) -> bool:
        return self._ended

    @property
    def position(self) -> int:
        return self.player.position() if self.player is not None else 0

    def load(self) -> None:
        """Open the file (idempotent); the duration follows when the backend has read it."""
        if self.player is not None or self._failed:
            return
        if not self.path.is_file():
            self._fail("the file is missing")
            return
        self.player, self._audio = make_player(self._players)
        self._audio.setVolume(self.volume)
        if self.video_sink is not None:
            self.player.setVideoSink(self.video_sink)
        self.player.positionChanged.connect(self._on_position)
        self.player.durationChanged.connect(self._on_duration)
        self.player.playbackStateChanged.connect(self._on_state)
        self.player.mediaStatusChanged.connect(self._on_status)
        self.player.errorOccurred.connect(self._on_error)
        self._invoke("setSource", Q_ARG("QUrl", QUrl.fromLocalFile(str(self.path))))

    def release(self) -> None:
        """Stop and free the decoder; `load` or `play` opens the file again."""
        player = self.player
        self.player, self._audio = None, None
        if player is not None:
            player.blockSignals(True)
            self._invoke("stop", player=player)
            player.deleteLater()
        self._ended = False
        self._set_playing(False)

    def play(self) -> None:
        self.load()
        if self.player is None:
            return
        if self._ended:
            self._ended = False
            self._invoke("setPosition", Q_ARG("qint64", 0))
        self._invoke("play")

    def play_from_start(self) -> None:
        self.load()
        if self.player is not None:
            self._ended = False
            self._invoke("setPosition", Q_ARG("qint64", 0))
            self._invoke("play")

    def pause(self) -> None:
        self._invoke("pause")

    def toggle(self) -> None:
        if self._playing:
            self.pause()
        else:
            self.play()

    def seek(self, milliseconds: int) -> None:
        self.load()
        if self.player is not None:
            self._ended = False
            self._invoke("setPosition", Q_ARG("qint64", max(0, milliseconds)))

    def _invoke(self, method: str, *arguments: QGenericArgumentHolder,
                player: QMediaPlayer | None = None) -> None:
        """Call one of the player's slots from the event loop (see the module's note)."""
        target = player or self.player
        if target is not None:
            QMetaObject.invokeMethod(target, method, Qt.ConnectionType.QueuedConnection, *arguments)

    def set_volume(self, volume: float) -> None:
        self.volume = max(0.0, min(1.0, volume))
        if self._audio is not None:
            self._audio.setVolume(self.volume)

    def _set_playing(self, playing: bool) -> None:
        if playing != self._playing:
            self._playing = playing
            self.playing_changed.emit(playing)

    def _on_position(self, milliseconds: int) -> None:
        self.position_changed.emit(int(milliseconds))

    def _on_duration(self, milliseconds: int) -> None:
        self.duration = int(milliseconds)
        self.duration_changed.emit(self.duration)

    def _on_state(self, state: QMediaPlayer.PlaybackState) -> None:
        self._set_playing(state == QMediaPlayer.PlaybackState.PlayingState)

    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.EndOfMedia:
            self._ended = True
            self._set_playing(False)
            self.ended.emit()
        elif status == QMediaPlayer.MediaStatus.InvalidMedia:
            self._fail("the file cannot be decoded")

    def _on_error(self, error: QMediaPlayer.Error, message: str) -> None:
        if error != QMediaPlayer.Error.NoError:
            self._fail(message or error.name)

    def _fail(self, reason: str) -> None:
        if self._failed:
            return
        self._failed = True
        self.release()
        self.failed.emit(reason)
