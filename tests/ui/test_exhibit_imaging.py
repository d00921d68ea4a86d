"""The off-thread picture decoder: sizes, regions, orientation, cancelling, the cache."""

from __future__ import annotations

import logging
import struct
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QImage, QPainter

from kiosk.bundle.playable import PlayableBundle
from kiosk.ui.imaging import DecodedImage, ImageCache, ImageDecoder, detail_scale, fit_size, read_size

pytest_plugins = [f"{__package__}.conftest_exhibits"]


@pytest.fixture
def decoder(qapp) -> ImageDecoder:
    made = ImageDecoder(cache_bytes=64 * 1024 * 1024)
    yield made
    made.shutdown()
    made.deleteLater()


def media(bundle: PlayableBundle, name: str) -> Path:
    return bundle.file(f"media/{name}")


@pytest.mark.parametrize(("size", "bounds", "upscale", "expected"), [
    ((8000, 6000), (1920, 1080), False, (1440, 1080)),
    ((600, 900), (1920, 1080), False, (600, 900)),
    ((600, 900), (1920, 1080), True, (720, 1080)),
    ((100, 100), (0, 50), False, (0, 0)),
])
def test_fit_size_keeps_proportions(size, bounds, upscale, expected) -> None:
    assert fit_size(QSize(*size), QSize(*bounds), upscale=upscale) == QSize(*expected)


@pytest.mark.parametrize(("needed", "expected"),
                         [(0.1, 0.125), (0.125, 0.125), (0.3, 0.5), (0.9, 1.0), (3.0, 1.0)])
def test_detail_scale_rounds_up_to_a_power_of_two(needed: float, expected: float) -> None:
    assert detail_scale(needed) == expected


def test_a_huge_picture_is_decoded_at_the_needed_size_off_the_gui_thread(
        qtbot, decoder: ImageDecoder, exhibit_bundle: PlayableBundle) -> None:
    path = media(exhibit_bundle, "huge.jpg")
    assert read_size(path) == QSize(8000, 6000)
    with qtbot.waitSignal(decoder.decoded, timeout=10_000) as blocker:
        ticket = decoder.request(path, QSize(1920, 1080))
    decoded: DecodedImage = blocker.args[0]
    assert decoded.ticket == ticket
    assert decoded.image.size() == QSize(1440, 1080)
    assert decoded.source_size == QSize(8000, 6000)
    assert decoded.thread_id != threading.get_ident()
    assert decoder.lookup(path, QSize(1280, 720)) is decoded, "a bigger cached decode serves a smaller view"


def test_a_region_is_decoded_at_the_requested_resolution(
        qtbot, decoder: ImageDecoder, exhibit_bundle: PlayableBundle) -> None:
    region = QRect(4096, 2048, 1024, 1024)
    with qtbot.waitSignal(decoder.decoded, timeout=10_000) as blocker:
        decoder.request(media(exhibit_bundle, "huge.jpg"), QSize(512, 512), region)
    decoded: DecodedImage = blocker.args[0]
    assert decoded.clip == region
    assert decoded.image.size() == QSize(512, 512)
    assert decoded.scale == pytest.approx(0.5)


def exif_rotated_halves(path: Path) -> None:
    """A 400x200 JPEG, red on the left and blue on the right, whose EXIF says 'rotate 90°
    clockwise': seen the right way up it is 200x400, red on top."""
    image = QImage(400, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("#0000ff"))
    painter = QPainter(image)
    painter.fillRect(0, 0, 200, 200, QColor("#ff0000"))
    painter.end()
    assert image.save(str(path), "JPEG", 95)
    data = path.read_bytes()
    tiff = b"MM\x00\x2a\x00\x00\x00\x08" + struct.pack(">H", 1) + struct.pack(">HHIHH", 0x0112, 3, 1, 6, 0)
    app1 = b"Exif\x00\x00" + tiff + b"\0\0\0\0"
    path.write_bytes(data[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + data[2:])


@pytest.mark.parametrize(("region", "colour"),
                         [(QRect(0, 0, 200, 200), "red"), (QRect(0, 200, 200, 200), "blue")])
def test_regions_follow_the_exif_orientation(
        qtbot, decoder: ImageDecoder, tmp_path: Path, region: QRect, colour: str) -> None:
    path = tmp_path / "rotated.jpg"
    exif_rotated_halves(path)
    assert read_size(path) == QSize(200, 400)
    with qtbot.waitSignal(decoder.decoded, timeout=5000) as blocker:
        decoder.request(path, QSize(100, 100), region)
    pixel = blocker.args[0].image.pixelColor(50, 50)
    dominant = "red" if pixel.red() > pixel.blue() else "blue"
    assert dominant == colour


def test_a_cancelled_request_is_never_signalled(
        qtbot, decoder: ImageDecoder, exhibit_bundle: PlayableBundle) -> None:
    path = media(exhibit_bundle, "dawn.png")
    seen: list[int] = []
    decoder.decoded.connect(lambda decoded: seen.append(decoded.ticket))
    stale = [decoder.request(path, QSize(100 + step, 100)) for step in range(6)]
    for ticket in stale:
        decoder.cancel(ticket)
    with qtbot.waitSignal(decoder.decoded, timeout=5000):
        wanted = decoder.request(path, QSize(320, 200))
    assert seen == [wanted]


def test_a_broken_picture_fails_calmly_and_is_logged(
        qtbot, decoder: ImageDecoder, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "broken.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\nnot really a picture")
    with caplog.at_level(logging.WARNING, "kiosk.ui.imaging"), qtbot.waitSignal(decoder.failed) as blocker:
        ticket = decoder.request(path, QSize(100, 100))
    assert blocker.args[:2] == [ticket, str(path)]
    assert str(path) in caplog.text


def test_prefetch_fills_the_cache_behind_the_screen(
        qtbot, decoder: ImageDecoder, exhibit_bundle: PlayableBundle) -> None:
    paths = [media(exhibit_bundle, name) for name in ("s1.png", "s2.png")]
    tickets = decoder.prefetch(paths, QSize(800, 600))
    assert len(tickets) == 2
    qtbot.waitUntil(lambda: all(decoder.lookup(path, QSize(800, 600)) is not None for path in paths))
    assert decoder.prefetch(paths, QSize(800, 600)) == [], "what is cached is not decoded again"


def test_the_cache_is_bounded_in_bytes() -> None:
    one_mb = QImage(512, 512, QImage.Format.Format_RGB32)
    cache = ImageCache(limit_bytes=3 * one_mb.sizeInBytes())
    for number in range(5):
        cache.put(DecodedImage(number, Path(f"/p{number}.png"), one_mb, one_mb.size(), None, 0))
    assert len(cache) == 3
    assert cache.bytes_used <= cache.limit_bytes
    assert cache.get(ImageCache.key_of(Path("/p0.png"), None, one_mb.size())) is None
    assert cache.get(ImageCache.key_of(Path("/p4.png"), None, one_mb.size())) is not None


def test_the_cache_shrinks_to_its_most_recent_pictures() -> None:
    one_mb = QImage(512, 512, QImage.Format.Format_RGB32)
    cache = ImageCache(limit_bytes=10 * one_mb.sizeInBytes())
    for number in range(6):
        cache.put(DecodedImage(number, Path(f"/p{number}.png"), one_mb, one_mb.size(), None, 0))
    cache.get(ImageCache.key_of(Path("/p0.png"), None, one_mb.size()))  # used again: the most recent
    assert cache.shrink(2 * one_mb.sizeInBytes()) == 4 * one_mb.sizeInBytes()
    assert cache.bytes_used == 2 * one_mb.sizeInBytes()
    kept = [n for n in range(6) if cache.get(ImageCache.key_of(Path(f"/p{n}.png"), None, one_mb.size()))]
    assert kept == [0, 5]
    assert cache.shrink(0) == 2 * one_mb.sizeInBytes()
    assert len(cache) == 0


def test_a_cap_holds_the_cache_lower_until_it_is_lifted() -> None:
    one_mb = QImage(512, 512, QImage.Format.Format_RGB32)
    cache = ImageCache(limit_bytes=8 * one_mb.sizeInBytes())
    for number in range(6):
        cache.put(DecodedImage(number, Path(f"/p{number}.png"), one_mb, one_mb.size(), None, 0))
    cache.cap(2 * one_mb.sizeInBytes())
    assert cache.bytes_used == 2 * one_mb.sizeInBytes()
    cache.put(DecodedImage(9, Path("/p9.png"), one_mb, one_mb.size(), None, 0))
    assert len(cache) == 2, "what arrives while capped stays under the cap"
    cache.cap(None)
    for number in range(10, 16):
        cache.put(DecodedImage(number, Path(f"/p{number}.png"), one_mb, one_mb.size(), None, 0))
    assert len(cache) == 8, "lifted, the cache holds up to its limit again"
