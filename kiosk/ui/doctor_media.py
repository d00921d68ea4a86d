"""The doctor's decoding of a bundle's media, the way the kiosk plays them.

Pictures go through the kiosk's own reader and colour conversion (kiosk.ui.imaging: every
byte read, at a small size, two at a time on worker threads; a TIFF's first page); sound and
film through QtMultimedia's FFmpeg backend: QMediaPlayer opens the file, then decodes a frame
(film) or a buffer of sound at its start, middle and end, so a file cut short in a copy is
caught although its header is whole. Each step has a timeout and the whole a budget. A
decoder's complaint about a picture (Qt logs it from the decoding thread) is
caught by a thread-local collector and reported on that picture's line.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QMessageLogContext,
    QObject,
    QSize,
    QTimer,
    QtMsgType,
    QUrl,
    Signal,
    qInstallMessageHandler,
)
from PySide6.QtGui import QImageReader
from PySide6.QtMultimedia import QAudioBuffer, QAudioBufferOutput, QMediaPlayer, QVideoFrame, QVideoSink

from kiosk.background import WorkPool
from kiosk.system.doctor import Check, MediaFile, QtPlan, Status
from kiosk.ui.imaging import (
    WHOLE_DECODE_LIMIT_MB,
    fit_size,
    picture_reader,
    refusal,
    screen_ready,
    too_many_pixels,
    whole_decode_mb,
)

log = logging.getLogger("kiosk.doctor")

IMAGE_BOX = QSize(512, 512)
IMAGE_WORKERS = 2
MEDIA_AT_ONCE = 2
LOAD_TIMEOUT_MS = 8000
SAMPLE_TIMEOUT_MS = 4000
SAMPLE_TOLERANCE_MS = 1500
GIVE_UP_MS = 600
FILE_HINTS = {
    "image": "export the picture again (JPEG, PNG, WebP or TIFF) and replace the file",
    "audio": "encode it again (e.g. ffmpeg -i IN -c:a libopus OUT.ogg) and replace the file",
    "video": "encode it again (e.g. ffmpeg -i IN -c:v libx264 -c:a aac -movflags +faststart OUT.mp4) "
             "and replace the file",
}
TRUNCATED_WORDS = ("premature end", "truncated", "unexpected end")


_local = threading.local()


def _message_handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    collected: list[str] | None = getattr(_local, "messages", None)
    if collected is not None and mode != QtMsgType.QtDebugMsg:
        collected.append(message)
    log.debug("qt: %s (%s)", message, context.category or "default")


@contextmanager
def qt_messages_logged() -> Iterator[None]:
    previous = qInstallMessageHandler(_message_handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)


@dataclass(frozen=True)
class Verdict:
    status: Status
    detail: str


def _reason(reader: QImageReader) -> str:
    text = refusal(reader)
    return f" ({text})" if text and text != "Unknown error" else ""


def decode_image(path: Path) -> Verdict:
    """Read every byte of a picture (at a small size), as the kiosk would; a complaint counts."""
    _local.messages = []
    try:
        reader = picture_reader(path)
        size = reader.size()
        if not size.isValid():
            return Verdict(Status.FAIL, "not a picture Qt can read" + _reason(reader))
        declared = too_many_pixels(size)
        if declared is not None:
            return Verdict(Status.FAIL, declared)
        whole_mb = whole_decode_mb(reader)
        if whole_mb > WHOLE_DECODE_LIMIT_MB:
            return Verdict(Status.FAIL, f"too large for the kiosk to decode ({whole_mb:.0f} MB decoded; "
                                        f"at most {WHOLE_DECODE_LIMIT_MB} MB)")
        reader.setScaledSize(fit_size(size, IMAGE_BOX))
        image = reader.read()
        complaints: list[str] = _local.messages
        if image.isNull():
            return Verdict(Status.FAIL, "cannot be decoded" + _reason(reader))
        screen_ready(image)
        if complaints:
            cut = any(word in message.lower() for message in complaints for word in TRUNCATED_WORDS)
            what = "damaged or cut short" if cut else "decoded with a complaint"
            return Verdict(Status.FAIL if cut else Status.WARN, f"{what}: {complaints[0]}")
        return Verdict(Status.OK, f"{size.width()}x{size.height()}")
    finally:
        _local.messages = None


def _clock(milliseconds: int) -> str:
    seconds = max(0, milliseconds) // 1000
    return f"{seconds // 60}:{seconds % 60:02d}"


class MediaProbe(QObject):
    """Opens one sound file or film with QMediaPlayer and decodes a sample at a few positions.

    A film needs a picture at each position, a sound file a buffer of sound; a sample far from
    where it was asked for, or the end of the media before it, means the file is cut short.
    """

    done = Signal()

    def __init__(self, item: MediaFile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.verdict: Verdict | None = None
        self.player = QMediaPlayer(self)
        self.sink = QVideoSink(self)
        self.sound = QAudioBufferOutput(self)
        self.player.setVideoSink(self.sink)
        self.player.setAudioBufferOutput(self.sound)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._timed_out)
        self.positions: list[int] = []
        self.target: int | None = None
        self.ran_out = False
        self.duration = 0

    def start(self) -> None:
        self.player.mediaStatusChanged.connect(self._on_status)
        self.player.errorOccurred.connect(self._on_error)
        self.sink.videoFrameChanged.connect(self._on_frame)
        self.sound.audioBufferReceived.connect(self._on_sound)
        self.timer.start(LOAD_TIMEOUT_MS)
        self.player.setSource(QUrl.fromLocalFile(str(self.item.path)))

    @property
    def wants_picture(self) -> bool:
        return self.item.kind == "video"

    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        statuses = QMediaPlayer.MediaStatus
        if status == statuses.InvalidMedia:
            reason = self.player.errorString() or "not a format FFmpeg can read"
            self._finish(Status.FAIL, f"cannot be opened: {reason}")
        elif status == statuses.LoadedMedia and self.target is None and not self.positions:
            self._loaded()
        elif status == statuses.EndOfMedia and self.target is not None:
            self._finish(Status.FAIL, f"ends before {_clock(self.target)} although it says it lasts "
                         f"{_clock(self.duration)}: cut short?")

    def _on_error(self, error: QMediaPlayer.Error, message: str) -> None:
        if error != QMediaPlayer.Error.NoError:
            self._finish(Status.FAIL, f"cannot be played: {message or error.name}")

    def _loaded(self) -> None:
        self.duration = max(0, self.player.duration())
        if self.wants_picture and not self.player.hasVideo():
            self._finish(Status.FAIL, "has no picture track")
            return
        if not self.wants_picture and not self.player.hasAudio():
            self._finish(Status.FAIL, "has no sound track")
            return
        self.positions = [0]
        if self.duration > 2000:
            self.positions += [self.duration // 2, max(0, self.duration - 1000)]
        self._next()

    def _next(self) -> None:
        if not self.positions:
            what = "pictures" if self.wants_picture else "sound"
            length = _clock(self.duration) if self.duration else "length unknown"
            self._finish(Status.OK, f"{length}; {what} decode at start, middle and end")
            return
        self.target = self.positions.pop(0)
        self.ran_out = False
        self.player.setPosition(self.target)
        self.player.play()
        self.timer.start(SAMPLE_TIMEOUT_MS)

    def _reached(self, start_us: int) -> None:
        if self.target is None or self.verdict is not None:
            return
        if abs(start_us // 1000 - self.target) <= SAMPLE_TOLERANCE_MS:
            self.player.pause()
            self.target = None
            self._next()

    def _on_frame(self, frame: QVideoFrame) -> None:
        if self.wants_picture:
            self._sample(frame.isValid(), frame.startTime())

    def _on_sound(self, buffer: QAudioBuffer) -> None:
        if not self.wants_picture:
            self._sample(buffer.isValid(), buffer.startTime())

    def _sample(self, valid: bool, start_us: int) -> None:
        if valid:
            self._reached(start_us)
        elif self.target is not None and not self.ran_out:
            self.ran_out = True  # the decoder has no more data: no sample is coming
            self.timer.start(min(GIVE_UP_MS, max(0, self.timer.remainingTime())))

    def _timed_out(self) -> None:
        if self.target is None:
            self._finish(Status.FAIL, f"did not open within {LOAD_TIMEOUT_MS // 1000} s")
        elif self.ran_out:
            self._finish(Status.FAIL, f"the data ends before {_clock(self.target)} although the file says it "
                         f"lasts {_clock(self.duration)}: cut short?")
        else:
            what = "picture" if self.wants_picture else "sound"
            self._finish(Status.FAIL, f"no {what} decoded at {_clock(self.target)} within "
                         f"{SAMPLE_TIMEOUT_MS // 1000} s: damaged?")

    def _finish(self, status: Status, detail: str) -> None:
        if self.verdict is not None:
            return
        self.verdict = Verdict(status, detail)
        self.timer.stop()
        self.done.emit()

    def close(self) -> None:
        self.timer.stop()
        for source in (self.player, self.sink, self.sound):
            source.blockSignals(True)
        self.player.stop()
        self.player.setSource(QUrl())


def probe_media(items: list[MediaFile], budget_s: float,
                on_done: Callable[[MediaFile, Verdict], None] | None = None) -> dict[Path, Verdict]:
    """Probe sound files and films, a few at a time, on this thread's event loop, within `budget_s`."""
    results: dict[Path, Verdict] = {}
    pending = list(items)
    running: list[MediaProbe] = []
    loop = QEventLoop()

    def launch() -> None:
        while pending and len(running) < MEDIA_AT_ONCE:
            probe = MediaProbe(pending.pop(0))
            probe.done.connect(lambda probe=probe: QTimer.singleShot(0, lambda: finished(probe)))
            running.append(probe)
            probe.start()
        if not running:
            loop.quit()

    def finished(probe: MediaProbe) -> None:
        if probe not in running:
            return
        running.remove(probe)
        assert probe.verdict is not None
        results[probe.item.path] = probe.verdict
        if on_done is not None:
            on_done(probe.item, probe.verdict)
        probe.close()
        probe.deleteLater()
        launch()

    if not pending:
        return results
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    deadline.start(round(budget_s * 1000))
    QTimer.singleShot(0, launch)
    loop.exec()
    deadline.stop()
    for probe in running:
        results[probe.item.path] = Verdict(Status.WARN, f"not finished within the doctor's {budget_s:g} s")
        probe.close()
        probe.deleteLater()
    for item in pending:
        results[item.path] = Verdict(Status.WARN, f"not checked within the doctor's {budget_s:g} s")
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return results


def check_media(plan: QtPlan) -> list[Check]:
    started = time.monotonic()
    pictures = [item for item in plan.media if item.kind == "image"]
    timed = [item for item in plan.media if item.kind != "image"]
    pool = WorkPool("doctor-decode", IMAGE_WORKERS)
    try:
        decoded = {item.path: pool.submit(decode_image, item.path) for item in pictures}
        verdicts = probe_media(timed, plan.media_timeout_s)
        verdicts.update({path: future.result() for path, future in decoded.items()})
    finally:
        pool.shutdown(cancel_waiting=False)
    seconds = time.monotonic() - started
    problems = [(item, verdicts[item.path]) for item in plan.media if verdicts[item.path].status is not Status.OK]
    failed = sum(verdict.status is Status.FAIL for _item, verdict in problems)
    counts = (f"{len(pictures)} picture{'s' * (len(pictures) != 1)}, "
              f"{sum(i.kind == 'audio' for i in timed)} sound file(s), {sum(i.kind == 'video' for i in timed)} film(s)")
    missing = f"; {plan.missing_media} missing (see bundle)" if plan.missing_media else ""
    if not problems:
        summary = Check("media", Status.OK, f"{counts} decoded in {seconds:.1f} s{missing}")
    else:
        status = Status.FAIL if failed else Status.WARN
        summary = Check("media", status, f"{len(problems)} of {len(plan.media)} files cannot be played as they "
                        f"are ({counts}, {seconds:.1f} s){missing}",
                        "replace the files named below; 'kiosk validate' checks the rest of the bundle")
    rows = [Check("media", verdict.status, f"{item.relative}: {verdict.detail}", FILE_HINTS[item.kind])
            for item, verdict in problems]
    return [summary, *rows]
