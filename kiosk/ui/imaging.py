"""Decoding pictures off the GUI thread, at the size the screen needs.

An 8000x6000 photograph takes a third of a second and 190 MB to decode whole; a kiosk
screen needs a 1920x1080 view of it, or, zoomed in, the few thousand source pixels that
are visible. `QImageReader` can do both cheaply (`setScaledSize` lets the JPEG decoder
skip detail, `setClipRect` skips everything outside a region), so every request names the
box it must fit and, for a zoomed view, the region of the source.

Decoding runs on a `kiosk.background.WorkPool` of two threads, visible pictures before
prefetched ones; results come back through a signal (`kiosk.ui.background`), into a cache
bounded in bytes. A view that no longer needs a result cancels its ticket, and a queued
job whose ticket was cancelled never runs. The player prefetches the next and previous
exhibits' pictures into the same cache, so swiping to them shows them at once.

Every decoded picture is converted here, on the decoding thread, from the colour space its
embedded ICC profile names (Adobe RGB, Display P3, ProPhoto, a CMYK press profile, a grey
profile) to the screen's sRGB, and from any pixel format (16-bit, grey, CMYK) to the 32-bit
one QPainter draws fastest; a picture without a profile is taken to be sRGB already. Every
reader honours the EXIF (or TIFF) orientation. `picture_reader` and `screen_ready` are the
one way to read a picture in kiosk.ui; the doctor uses them too.

JPEG can decode at a reduced size and only a region; PNG, WebP and TIFF decode whole before
Qt scales them. An 8000x6000 16-bit TIFF is 384 MB decoded (0.45 s; the process peaks near
700 MB while it is scaled), so such whole decodes run one at a time, and a picture over
`WHOLE_DECODE_LIMIT_MB` decoded is refused with a log line instead of exhausting memory.

The cache holds `SCREENFULS` screenfuls of decoded pixels for the screen the kiosk shows on
(`cache_bytes_for`: 40 MB at 1920x1080, 158 MB at 3840x2160): the picture on screen, the
next and previous exhibits' (prefetched) and a little of the way back. A fixed budget was
either too small for a 4K screen or, at 1080p, memory the kiosk filled over its first hours
and then held (the soak's growth after warm-up was mostly the cache filling). While sound
or video plays it is capped lower (kiosk.ui.screens.exhibit).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import math
import os
import stat
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QObject, QRect, QSize, Signal
from PySide6.QtGui import QColorSpace, QGuiApplication, QImage, QImageIOHandler, QImageReader, QScreen

from kiosk.background import WorkPool
from kiosk.bundle import media, svg
from kiosk.ui.background import run_for

log = logging.getLogger("kiosk.ui.imaging")

SCREENFULS = 5
MIN_CACHE_BYTES = 24 * 1024 * 1024
MAX_CACHE_BYTES = 256 * 1024 * 1024
DEFAULT_CACHE_BYTES = 5 * 1920 * 1080 * 4  # SCREENFULS at 1920x1080, until a screen is known
VISIBLE_PRIORITY = 10
PREFETCH_PRIORITY = 0
DECODER_NICENESS = 10
WHOLE_DECODE_LIMIT_MB = 1024
BIG_DECODE_MB = 128
SHUTDOWN_WAIT_MS = 3000
SCREEN_SPACE = QColorSpace(QColorSpace.NamedColorSpace.SRgb)
_Key = tuple[str, tuple[int, int, int, int] | None, int, int]
_big_decodes = threading.Lock()


@dataclass(frozen=True)
class DecodedImage:
    """A decoded picture, or a region of one.

    `clip` is the region of the source it shows, in source pixels as the picture is meant
    to be seen (EXIF orientation applied); None means the whole picture. `thread_id` is the
    thread that decoded it.
    """

    ticket: int
    path: Path
    image: QImage
    source_size: QSize
    clip: QRect | None
    thread_id: int

    @property
    def scale(self) -> float:
        """Decoded pixels per source pixel."""
        width = self.clip.width() if self.clip is not None else self.source_size.width()
        return self.image.width() / max(1, width)


def fit_size(size: QSize, bounds: QSize, *, upscale: bool = False) -> QSize:
    """`size` scaled to fit inside `bounds`, keeping its proportions."""
    if size.isEmpty() or bounds.isEmpty():
        return QSize(0, 0)
    scale = min(bounds.width() / size.width(), bounds.height() / size.height())
    if not upscale:
        scale = min(scale, 1.0)
    return QSize(max(1, round(size.width() * scale)), max(1, round(size.height() * scale)))


_ROTATES = QImageIOHandler.Transformation.TransformationRotate90


def _rotates(transformation: QImageIOHandler.Transformation) -> bool:
    return bool(transformation & _ROTATES)


def picture_reader(path: Path | str) -> QImageReader:
    """A reader for a picture file that turns it the way it is meant to be seen (EXIF or
    TIFF orientation) and may allocate a picture up to `WHOLE_DECODE_LIMIT_MB`.

    Only regular files are opened (a FIFO would block the thread that reads it). An SVG is
    read from the bytes `kiosk.bundle.svg` made safe, never from the file, so that Qt cannot
    follow a reference out of it; one over its budget gives a reader that reads nothing."""
    if QImageReader.allocationLimit() < WHOLE_DECODE_LIMIT_MB:
        QImageReader.setAllocationLimit(WHOLE_DECODE_LIMIT_MB)
    try:
        status = os.stat(path)
    except OSError:
        status = None
    if status is not None and not stat.S_ISREG(status.st_mode):
        return _reader_of(b"", b"", "not a regular file")
    if str(path).lower().endswith(".svg"):
        if status is None:
            return _reader_of(b"", b"", "the file cannot be read")
        safe = _safe_svg(str(path), status.st_mtime_ns, status.st_size)
        if safe.data is None:
            return _reader_of(b"", b"", safe.problems[-1].message if safe.problems else "not a picture")
        reader = _reader_of(safe.data, b"svg", "")
    else:
        reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    return reader


def _reader_of(data: bytes, image_format: bytes, refusal: str) -> QImageReader:
    """A reader of bytes in memory; `refusal` is why there is nothing to read, if there is not."""
    device = QBuffer()
    device.setData(QByteArray(data))
    reader = QImageReader(device, QByteArray(image_format))
    reader.device_kept = device  # type: ignore[attr-defined]  # the reader does not own its device
    reader.refusal = refusal  # type: ignore[attr-defined]
    return reader


@functools.lru_cache(maxsize=8)
def _safe_svg(path: str, _mtime_ns: int, _size: int) -> svg.SafeSvg:
    """An SVG file made safe, kept for its next reader (the header and the decode each read it)."""
    try:
        return svg.sanitise(svg.read_svg(Path(path)))
    except OSError as error:
        return svg.SafeSvg(None, [svg.SvgProblem(0, f"cannot be read: {error}", "", fatal=True)])


def refusal(reader: QImageReader) -> str:
    """Why `picture_reader` gave a reader with nothing to read, or its error string."""
    return getattr(reader, "refusal", "") or reader.errorString()


def too_many_pixels(size: QSize) -> str | None:
    """The message for a picture declaring more than `media.MAX_PIXELS`, else None."""
    return media.too_many_pixels((size.width(), size.height())) if size.isValid() else None


def whole_decode_mb(reader: QImageReader) -> float:
    """The megabytes the reader will allocate for the whole picture if its format cannot
    decode at a reduced size (PNG, WebP, TIFF); 0 for those that can (JPEG)."""
    if reader.supportsOption(QImageIOHandler.ImageOption.ScaledSize):
        return 0.0
    size = reader.size()
    bits = QImage.toPixelFormat(reader.imageFormat()).bitsPerPixel() or 32
    return max(0, size.width()) * max(0, size.height()) * bits / 8 / (1024 * 1024)


def screen_ready(image: QImage) -> QImage:
    """The decoded picture in the screen's colours (sRGB), as 32-bit pixels QPainter draws fast.

    The colour space comes from the picture's embedded ICC profile; Qt converts RGB, grey and
    CMYK profiles, from 8- and 16-bit pixels, in one pass. Without a profile, the picture is
    taken to be sRGB (what cameras and the web assume) and a CMYK one is converted naively.
    Runs on the decoding thread: a full-screen conversion takes tens of milliseconds.
    """
    formats = QImage.Format
    wanted = formats.Format_ARGB32_Premultiplied if image.hasAlphaChannel() else formats.Format_RGB32
    space = image.colorSpace()
    if space.isValid() and space != SCREEN_SPACE:
        # (Not the overload that also takes the format: PySide holds the GIL through that one,
        # and a camera's or a scanner's picture then stops the GUI thread for 20-50 ms.)
        converted = image.convertedToColorSpace(SCREEN_SPACE)
        if not converted.isNull():
            image = converted
        else:
            log.info("cannot convert a picture from %r to sRGB; drawn with its own numbers", space.description())
    if image.format() != wanted:
        image = image.convertToFormat(wanted)
    return image


def read_size(path: Path) -> QSize:
    """The picture's size as it is meant to be seen, read from its header only.

    An invalid QSize means the file is missing or not a picture Qt can read.
    """
    try:
        stat = Path(path).stat()
    except OSError:
        return QSize()
    width, height = _header_size(str(path), stat.st_mtime_ns, stat.st_size)
    return QSize(width, height)


@functools.lru_cache(maxsize=512)
def _header_size(path: str, _mtime_ns: int, _size: int) -> tuple[int, int]:
    reader = picture_reader(path)
    size = reader.size()
    if not size.isValid():
        return (-1, -1)
    if _rotates(reader.transformation()):
        size = size.transposed()
    return (size.width(), size.height())


def _raw_rect(rect: QRect, raw: QSize, transformation: QImageIOHandler.Transformation) -> QRect:
    """A region of the oriented picture, in the stored (unrotated) picture's pixels.

    Qt orients a picture by mirroring and flipping it first, then rotating 90 degrees
    clockwise; this undoes those steps for the rectangle.
    """
    left, top, right, bottom = rect.left(), rect.top(), rect.left() + rect.width(), rect.top() + rect.height()
    width, height = raw.width(), raw.height()
    if _rotates(transformation):
        # Rotating (x, y) clockwise in a picture `height` wide gives (height - y, x).
        left, top, right, bottom = top, height - right, bottom, height - left
    if transformation & QImageIOHandler.Transformation.TransformationMirror:
        left, right = width - right, width - left
    if transformation & QImageIOHandler.Transformation.TransformationFlip:
        top, bottom = height - bottom, height - top
    return QRect(left, top, right - left, bottom - top)


_thread_state = threading.local()


def _yield_to_gui_thread() -> None:
    """Run this decoding thread at a lower priority than the GUI thread (once per thread).

    On Linux the nice value belongs to each thread. With two decoders and the GUI thread on a
    2-core machine, a decode then waits for the GUI thread's work instead of delaying it: in
    a test on one core, the GUI thread's longest wait halved (65 to 32 ms). Elsewhere nothing
    changes.
    """
    if getattr(_thread_state, "niced", False):
        return
    _thread_state.niced = True
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), DECODER_NICENESS)


class _Tickets:
    """The requests still wanted, shared by the GUI thread and the decoding threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.live: set[int] = set()
        self.next = 1

    def is_cancelled(self, ticket: int) -> bool:
        with self.lock:
            return ticket not in self.live


@dataclass(frozen=True)
class _Failure:
    ticket: int
    path: str
    reason: str


class _DecodeJob:
    """One request, run on a decoding thread; it holds no Qt object but pictures and sizes."""

    def __init__(self, tickets: _Tickets, ticket: int, path: Path, bounds: QSize, clip: QRect | None) -> None:
        self._tickets = tickets
        self._ticket = ticket
        self._path = path
        self._bounds = QSize(bounds)
        self._clip = QRect(clip) if clip is not None else None

    def run(self) -> DecodedImage | _Failure | None:
        """The decoded picture, why it could not be, or None for a request cancelled meanwhile."""
        if self._tickets.is_cancelled(self._ticket):
            return None
        try:
            result = self._decode()
        except Exception as error:  # a worker thread must never die with an exception
            log.exception("decoding %s failed", self._path)
            return _Failure(self._ticket, str(self._path), f"{type(error).__name__}: {error}")
        if isinstance(result, str):
            return _Failure(self._ticket, str(self._path), result)
        return result

    def _decode(self) -> DecodedImage | str:
        reader = picture_reader(self._path)
        reader.setQuality(100)
        raw = reader.size()
        if not raw.isValid():
            return refusal(reader) or "not a readable picture"
        declared = too_many_pixels(raw)
        if declared is not None:
            return f"{declared}: save it smaller"
        whole_mb = whole_decode_mb(reader)
        if whole_mb > WHOLE_DECODE_LIMIT_MB:
            return (f"too large to decode ({raw.width()}x{raw.height()}, {whole_mb:.0f} MB decoded; "
                    f"at most {WHOLE_DECODE_LIMIT_MB} MB): save it smaller, or as a JPEG")
        transformation = reader.transformation()
        oriented = raw.transposed() if _rotates(transformation) else raw
        whole = QRect(0, 0, oriented.width(), oriented.height())
        clip = self._clip.intersected(whole) if self._clip is not None else None
        if clip is not None and clip.isEmpty():
            return "the region lies outside the picture"
        region = clip.size() if clip is not None else oriented
        out = fit_size(region, self._bounds)
        if clip is not None:
            reader.setClipRect(_raw_rect(clip, raw, transformation))
        if out != region:
            reader.setScaledSize(out.transposed() if _rotates(transformation) else out)
        with _big_decodes if whole_mb > BIG_DECODE_MB else contextlib.nullcontext():
            image = reader.read()
        if image.isNull():
            return reader.errorString() or "the picture could not be decoded"
        image = screen_ready(image)
        return DecodedImage(self._ticket, self._path, image, oriented, clip, threading.get_ident())


class ImageCache:
    """Decoded pictures, least recently used first out, bounded in bytes."""

    def __init__(self, limit_bytes: int = DEFAULT_CACHE_BYTES) -> None:
        self.limit_bytes = limit_bytes
        self._cap: int | None = None
        self._entries: OrderedDict[_Key, DecodedImage] = OrderedDict()
        self.bytes_used = 0

    @property
    def bound(self) -> int:
        """The bytes the cache may hold now: its limit, or less while capped."""
        return self.limit_bytes if self._cap is None else min(self.limit_bytes, self._cap)

    def cap(self, to_bytes: int | None) -> None:
        """Hold the cache under `to_bytes` for a while (None: back to its limit), dropping the
        least recently used pictures that no longer fit; what is decoded meanwhile (a
        neighbour's picture, prefetched) stays under the cap too."""
        self._cap = to_bytes
        self.shrink(self.bound)

    @staticmethod
    def key_of(path: Path, clip: QRect | None, size: QSize) -> _Key:
        rect = None if clip is None else (clip.x(), clip.y(), clip.width(), clip.height())
        return (str(path), rect, size.width(), size.height())

    def put(self, decoded: DecodedImage) -> None:
        key = self.key_of(decoded.path, decoded.clip, decoded.image.size())
        if key in self._entries:
            self._entries.move_to_end(key)
            return
        size = decoded.image.sizeInBytes()
        if size > self.bound:
            return
        self._entries[key] = decoded
        self.bytes_used += size
        self.shrink(self.bound)

    def get(self, key: _Key) -> DecodedImage | None:
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
        return found

    def best_whole(self, path: Path, needed: QSize) -> DecodedImage | None:
        """The smallest cached decode of the whole picture at least `needed` in size.

        A decode at the picture's full size also serves, however big `needed` is.
        """
        best: DecodedImage | None = None
        for key, entry in self._entries.items():
            if key[0] != str(path) or key[1] is not None:
                continue
            size = entry.image.size()
            big_enough = size.width() >= needed.width() * 0.97 or size == entry.source_size
            if big_enough and (best is None or size.width() < best.image.width()):
                best = entry
        if best is not None:
            self._entries.move_to_end(self.key_of(best.path, None, best.image.size()))
        return best

    def shrink(self, to_bytes: int) -> int:
        """Drop the least recently used pictures until at most `to_bytes` remain; the bytes dropped.

        Pictures on screen stay in memory (their widgets hold them); they are only decoded
        again if they are asked for after they have left the screen."""
        dropped_bytes = 0
        while self._entries and self.bytes_used > to_bytes:
            _, dropped = self._entries.popitem(last=False)
            self.bytes_used -= dropped.image.sizeInBytes()
            dropped_bytes += dropped.image.sizeInBytes()
        return dropped_bytes

    def clear(self) -> None:
        self._entries.clear()
        self.bytes_used = 0

    def __len__(self) -> int:
        return len(self._entries)


class ImageDecoder(QObject):
    """Decodes pictures on worker threads.

    Signals:
      decoded(DecodedImage): a requested picture is ready (cancelled tickets stay silent).
      failed(ticket, path, reason): a picture could not be read; the reason is also logged.
    """

    decoded = Signal(object)
    failed = Signal(int, str, str)

    def __init__(self, parent: QObject | None = None, *, cache_bytes: int = DEFAULT_CACHE_BYTES,
                 threads: int = 2) -> None:
        super().__init__(parent)
        self.cache = ImageCache(cache_bytes)
        self._threads = threads
        self._pool = self._new_pool()
        self._tickets = _Tickets()
        self._failed_paths: set[str] = set()

    def _new_pool(self) -> WorkPool:
        return WorkPool("kiosk-decode", self._threads, initializer=_yield_to_gui_thread)

    def is_cancelled(self, ticket: int) -> bool:
        return self._tickets.is_cancelled(ticket)

    def lookup(self, path: Path, bounds: QSize, clip: QRect | None = None) -> DecodedImage | None:
        """A cached decode good enough for this request, without decoding anything."""
        if clip is None:
            source = read_size(path)
            if not source.isValid():
                return None
            return self.cache.best_whole(path, fit_size(source, bounds))
        return self.cache.get(self.cache.key_of(path, clip, fit_size(clip.size(), bounds)))

    def request(self, path: Path, bounds: QSize, clip: QRect | None = None, *,
                priority: int = VISIBLE_PRIORITY) -> int:
        """Decode `path` (or its `clip` region) to fit `bounds`; returns the request's ticket."""
        tickets = self._tickets
        with tickets.lock:
            ticket = tickets.next
            tickets.next += 1
            tickets.live.add(ticket)
        job = _DecodeJob(tickets, ticket, Path(path), bounds, clip)
        run_for(self, self._pool, job.run, done=self._on_job_done, priority=priority)
        return ticket

    def cancel(self, ticket: int) -> None:
        """Forget a request: its job is skipped if still queued, its result is not signalled."""
        with self._tickets.lock:
            self._tickets.live.discard(ticket)

    def prefetch(self, paths: Iterable[Path], bounds: QSize) -> list[int]:
        """Decode pictures into the cache ahead of need, behind anything on screen."""
        tickets = []
        for path in paths:
            if self.lookup(path, bounds) is None:
                tickets.append(self.request(path, bounds, priority=PREFETCH_PRIORITY))
        return tickets

    def wait_idle(self, msecs: int = 5000) -> bool:
        """Block until every queued job has run (for tests, benchmarks and shutdown)."""
        return self._pool.wait_idle(msecs / 1000)

    @property
    def busy(self) -> bool:
        """Whether a picture is being decoded or waits to be."""
        return self._pool.busy

    def shutdown(self) -> None:
        """Drop queued jobs and wait a little for running ones; a decoder stuck in C (a
        picture it never finishes) cannot be stopped, so after `SHUTDOWN_WAIT_MS` the kiosk
        is told to leave without it (`stuck_decoders`). A request made afterwards starts afresh."""
        global _stuck
        with self._tickets.lock:
            self._tickets.live.clear()
        if not self._pool.shutdown(timeout=SHUTDOWN_WAIT_MS / 1000):
            _stuck = True
            log.warning("a picture is still decoding %d ms after the end; the kiosk leaves without waiting for it",
                        SHUTDOWN_WAIT_MS)
        self._pool = self._new_pool()

    def _on_job_done(self, result: DecodedImage | _Failure | None) -> None:
        if isinstance(result, DecodedImage):
            self._on_done(result)
        elif result is not None:
            self._on_failed(result.ticket, result.path, result.reason)

    def _on_done(self, decoded: DecodedImage) -> None:
        self.cache.put(decoded)
        with self._tickets.lock:
            live = decoded.ticket in self._tickets.live
            self._tickets.live.discard(decoded.ticket)
        if live:
            self.decoded.emit(decoded)

    def _on_failed(self, ticket: int, path: str, reason: str) -> None:
        if path not in self._failed_paths:
            self._failed_paths.add(path)
            log.warning("cannot decode picture %s: %s", path, reason)
        with self._tickets.lock:
            live = ticket in self._tickets.live
            self._tickets.live.discard(ticket)
        if live:
            self.failed.emit(ticket, path, reason)


def cache_bytes_for(size: QSize, pixel_ratio: float = 1.0, screenfuls: int = SCREENFULS) -> int:
    """The picture cache's budget for a screen of `size` (logical pixels) at `pixel_ratio`:
    `screenfuls` screens of 32-bit pixels, within MIN_CACHE_BYTES and MAX_CACHE_BYTES."""
    device = max(0, size.width()) * max(0, size.height()) * max(pixel_ratio, 1.0) ** 2
    return int(min(MAX_CACHE_BYTES, max(MIN_CACHE_BYTES, screenfuls * device * 4)))


def fit_cache_to(screen: QScreen | None) -> int:
    """Size the shared cache for the screen the kiosk shows on; the new budget in bytes.
    Pictures that no longer fit are dropped at once."""
    cache = shared_decoder().cache
    if screen is not None:
        cache.limit_bytes = cache_bytes_for(screen.geometry().size(), screen.devicePixelRatio())
        cache.shrink(cache.bound)
    return cache.limit_bytes


_shared: ImageDecoder | None = None
_stuck = False


def stuck_decoders() -> bool:
    """Whether a decoder was still busy when its pool shut down: a thread inside Qt's image code
    while the application is destroyed may never end or crash it, so the process must leave
    with `os._exit`."""
    return _stuck


def shared_decoder() -> ImageDecoder:
    """The application's decoder and cache, made on first use and shut down on quit."""
    global _shared
    if _shared is None:
        app = QCoreApplication.instance()
        primary = QGuiApplication.primaryScreen() if isinstance(app, QGuiApplication) else None
        budget = cache_bytes_for(primary.geometry().size(), primary.devicePixelRatio()) if primary else None
        _shared = ImageDecoder(app, cache_bytes=budget or DEFAULT_CACHE_BYTES)
        if app is not None:
            app.aboutToQuit.connect(_shared.shutdown)
            _shared.destroyed.connect(_forget_shared)
    return _shared


def _forget_shared() -> None:
    global _shared
    _shared = None


def detail_scale(needed: float) -> float:
    """The decode scale for a zoom level: the next power of two up, at most 1:1.

    Rounding up keeps the picture sharp; powers of two let nearby zoom levels share
    decodes from the cache.
    """
    if needed >= 1.0:
        return 1.0
    return min(1.0, 2.0 ** math.ceil(math.log2(max(needed, 1e-4))))
