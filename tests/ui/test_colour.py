"""Pictures as collections have them reach the screen in sRGB, the right way up, decoded off
the GUI thread: embedded profiles (Adobe RGB, Display P3, ProPhoto, grey, CMYK), 16-bit and
multi-page TIFFs, EXIF orientation. Expected colours come from Qt's own colour maths."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QColorSpace, QImage, QImageReader, QPainter

from kiosk.ui import imaging
from kiosk.ui.imaging import DecodedImage, ImageDecoder, read_size
from tests.ui.pictures import (
    SRGB,
    cmyk_jpeg,
    cmyk_press_profile,
    flat,
    in_srgb,
    save,
    stored_pixel,
    tiff_pages,
    with_exif_orientation,
)

Named = QColorSpace.NamedColorSpace
FIELD = (40, 170, 70)
TOLERANCE = 2


@pytest.fixture
def decoder(qapp) -> Iterator[ImageDecoder]:
    made = ImageDecoder(cache_bytes=16 * 1024 * 1024)
    yield made
    made.shutdown()
    made.deleteLater()


def decode(qtbot, decoder: ImageDecoder, path: Path, bounds: QSize | None = None,
           clip: QRect | None = None) -> DecodedImage:
    with qtbot.waitSignal(decoder.decoded, timeout=10_000) as blocker:
        decoder.request(path, bounds or QSize(1920, 1080), clip)
    return blocker.args[0]


def rgb(image: QImage, x: int = 0, y: int = 0) -> tuple[int, int, int]:
    colour = image.pixelColor(x, y)
    return (colour.red(), colour.green(), colour.blue())


def close(actual: tuple[int, ...], expected: tuple[int, ...], tolerance: int = TOLERANCE) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


def test_the_measured_adobe_rgb_field_appears_as_srgb(qtbot, decoder: ImageDecoder, tmp_path: Path) -> None:
    path = save(flat((64, 48), FIELD), tmp_path / "field.png", QColorSpace(Named.AdobeRgb))
    decoded = decode(qtbot, decoder, path)
    assert close(rgb(decoded.image, 10, 10), in_srgb(QColorSpace(Named.AdobeRgb), QColor(*FIELD)), 1)
    assert close(rgb(decoded.image, 10, 10), (0, 172, 59), 1), "the figure measured on the kiosk"
    assert decoded.image.colorSpace() == SRGB


@pytest.mark.parametrize("named", [Named.AdobeRgb, Named.DisplayP3, Named.ProPhotoRgb])
@pytest.mark.parametrize(("suffix", "bits"), [(".jpg", 8), (".png", 8), (".png", 16), (".tif", 8), (".tif", 16)])
def test_an_embedded_profile_is_converted_to_srgb(
        qtbot, decoder: ImageDecoder, tmp_path: Path, named: QColorSpace.NamedColorSpace,
        suffix: str, bits: int) -> None:
    space = QColorSpace(named)
    path = save(flat((64, 48), FIELD, bits=bits), tmp_path / f"field-{bits}{suffix}", space)
    if bits == 16:
        assert QImageReader(str(path)).imageFormat() in (QImage.Format.Format_RGBX64, QImage.Format.Format_RGBA64)
    expected = in_srgb(space, stored_pixel(path, 10, 10))
    assert not close(expected, FIELD, 5), "the test needs a colour the conversion moves"
    decoded = decode(qtbot, decoder, path)
    assert decoded.image.format() == QImage.Format.Format_RGB32
    assert close(rgb(decoded.image, 10, 10), expected)


@pytest.mark.parametrize("space", [None, SRGB], ids=["no profile", "sRGB profile"])
def test_a_picture_in_srgb_or_without_a_profile_keeps_its_numbers(
        qtbot, decoder: ImageDecoder, tmp_path: Path, space: QColorSpace | None) -> None:
    path = save(flat((32, 32), FIELD), tmp_path / "plain.png", space)
    assert rgb(decode(qtbot, decoder, path).image, 5, 5) == FIELD


def test_a_grey_picture_with_a_linear_grey_profile_is_encoded_for_the_screen(
        qtbot, decoder: ImageDecoder, tmp_path: Path) -> None:
    grey = QImage(32, 32, QImage.Format.Format_Grayscale16)
    grey.fill(QColor(100, 100, 100))
    path = save(grey, tmp_path / "grey.png", QColorSpace(SRGB.whitePoint(), QColorSpace.TransferFunction.Linear))
    same_light = QColorSpace(QColorSpace.Primaries.SRgb, QColorSpace.TransferFunction.Linear)
    expected = in_srgb(same_light, stored_pixel(path, 3, 3))
    assert close(rgb(decode(qtbot, decoder, path).image, 3, 3), expected)
    assert expected[0] > 150, "linear light 100/255 is a light grey on an sRGB screen"


INKS = (30, 120, 200, 20)


def test_a_cmyk_jpeg_with_a_press_profile_is_converted_through_it(
        qtbot, decoder: ImageDecoder, tmp_path: Path) -> None:
    press = cmyk_press_profile()
    path = cmyk_jpeg(tmp_path / "poster.jpg", (32, 32), INKS, press)
    stored = QImageReader(str(path)).read()
    assert stored.format() == QImage.Format.Format_CMYK8888
    assert stored.colorSpace().colorModel() == QColorSpace.ColorModel.Cmyk
    expected = in_srgb(press, QColor.fromCmyk(*INKS))
    naive = rgb(stored.convertToFormat(QImage.Format.Format_RGB32), 4, 4)
    assert not close(expected, naive, 10), "the profile must matter for this test to mean anything"
    assert close(rgb(decode(qtbot, decoder, path).image, 4, 4), expected)


def test_a_cmyk_jpeg_without_a_profile_is_shown_with_plain_ink_arithmetic(
        qtbot, decoder: ImageDecoder, tmp_path: Path) -> None:
    path = cmyk_jpeg(tmp_path / "poster.jpg", (32, 32), INKS)
    stored = QImageReader(str(path)).read()
    assert not stored.colorSpace().isValid()
    expected = rgb(stored.convertToFormat(QImage.Format.Format_RGB32), 4, 4)
    assert rgb(decode(qtbot, decoder, path).image, 4, 4) == expected
    assert expected[0] > expected[2], "little cyan, much yellow: a warm colour"


def test_a_tiff_of_two_pages_shows_its_first(qtbot, decoder: ImageDecoder, tmp_path: Path) -> None:
    path = tiff_pages(tmp_path / "master.tiff", [((60, 40), (200, 30, 30)), ((30, 30), (20, 60, 220))])
    reader = QImageReader(str(path))
    assert reader.imageCount() == 2
    assert read_size(path) == QSize(60, 40)
    decoded = decode(qtbot, decoder, path)
    assert decoded.image.size() == QSize(60, 40)
    assert rgb(decoded.image, 30, 20) == (200, 30, 30)


def two_colour_tiff(path: Path, space: QColorSpace) -> Path:
    """A 16-bit 400x200 TIFF, one colour on the left half and another on the right."""
    image = flat((400, 200), FIELD, bits=16)
    painter = QPainter(image)
    painter.fillRect(200, 0, 200, 200, QColor(200, 60, 90))
    painter.end()
    return save(image, path, space)


def test_a_zoomed_region_of_a_16_bit_tiff_is_converted_too(qtbot, decoder: ImageDecoder, tmp_path: Path) -> None:
    space = QColorSpace(Named.ProPhotoRgb)
    path = two_colour_tiff(tmp_path / "master.tif", space)
    decoded = decode(qtbot, decoder, path, QSize(100, 100), QRect(250, 50, 100, 100))
    assert decoded.image.size() == QSize(100, 100)
    assert close(rgb(decoded.image, 50, 50), in_srgb(space, stored_pixel(path, 300, 100)))
    whole = decode(qtbot, decoder, path, QSize(200, 100))
    assert whole.image.size() == QSize(200, 100)
    assert close(rgb(whole.image, 50, 50), in_srgb(space, stored_pixel(path, 100, 100)))


def test_an_exif_rotated_jpeg_with_a_profile_is_turned_and_converted(
        qtbot, decoder: ImageDecoder, tmp_path: Path) -> None:
    image = flat((80, 40), FIELD)
    painter = QPainter(image)
    painter.fillRect(40, 0, 40, 40, QColor(30, 60, 200))
    painter.end()
    space = QColorSpace(Named.AdobeRgb)
    path = with_exif_orientation(save(image, tmp_path / "phone.jpg", space), 6)
    assert read_size(path) == QSize(40, 80)
    decoded = decode(qtbot, decoder, path)
    assert decoded.image.size() == QSize(40, 80)
    assert close(rgb(decoded.image, 20, 20), in_srgb(space, stored_pixel(path, 20, 20)), 4), \
        "rotated clockwise, the left half is on top"
    assert close(rgb(decoded.image, 20, 60), in_srgb(space, stored_pixel(path, 60, 20)), 4)


def test_the_conversion_runs_on_the_decoding_thread(
        qtbot, decoder: ImageDecoder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    converting_threads: list[int] = []
    convert = imaging.screen_ready

    def spy(image: QImage) -> QImage:
        converting_threads.append(threading.get_ident())
        return convert(image)

    monkeypatch.setattr(imaging, "screen_ready", spy)
    path = save(flat((32, 32), FIELD), tmp_path / "field.jpg", QColorSpace(Named.DisplayP3))
    decoded = decode(qtbot, decoder, path)
    assert converting_threads == [decoded.thread_id]
    assert decoded.thread_id != threading.get_ident()
    assert decoded.image.colorSpace() == SRGB


def test_a_picture_too_large_to_decode_whole_is_refused_calmly(
        qtbot, decoder: ImageDecoder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(imaging, "WHOLE_DECODE_LIMIT_MB", 1)
    path = save(flat((1000, 600), FIELD, bits=16), tmp_path / "master.tif")
    with caplog.at_level(logging.WARNING, "kiosk.ui.imaging"), \
            qtbot.waitSignal(decoder.failed, timeout=10_000) as blocker:
        decoder.request(path, QSize(500, 300))
    reason = "too large to decode (1000x600, 5 MB decoded; at most 1 MB): save it smaller, or as a JPEG"
    assert blocker.args[1:] == [str(path), reason]
    assert [r.getMessage() for r in caplog.records] == [f"cannot decode picture {path}: {reason}"]


@pytest.mark.parametrize("widget", ["picture", "zoom"])
def test_the_widgets_that_show_pictures_paint_them_in_srgb(
        qtbot, decoder: ImageDecoder, tmp_path: Path, widget: str) -> None:
    from kiosk.ui.exhibits.picture import Picture
    from kiosk.ui.exhibits.zoom import ZoomCanvas

    space = QColorSpace(Named.AdobeRgb)
    path = save(flat((120, 80), FIELD, bits=16), tmp_path / "master.tif", space)
    view = Picture(path, decoder=decoder) if widget == "picture" else ZoomCanvas(path, decoder=decoder)
    qtbot.addWidget(view)
    view.resize(240, 160)
    with qtbot.waitSignal(decoder.decoded, timeout=10_000):
        view.show()
    qtbot.waitUntil(lambda: rgb(view.grab().toImage(), 120, 80) != (0, 0, 0))
    assert close(rgb(view.grab().toImage(), 120, 80), in_srgb(space, QColor(*FIELD)))
