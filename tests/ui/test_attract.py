"""The attract loop's slides: a caption only with its picture, pictures decoded for the real screen."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QFontMetrics, QImage

from kiosk.ui.imaging import shared_decoder
from kiosk.ui.screens.attract import AttractScreen
from tests.ui.conftest import MEDIA_NOISE, Kiosk

pytestmark = MEDIA_NOISE


def caption_strip(attract: AttractScreen) -> QImage:
    """What is painted where the slide's caption goes, above the title."""
    layout = attract._text_layout()
    margin = attract.stage.theme.margin_px
    top = round(attract._band_top(layout))
    height = QFontMetrics(layout.caption_font).lineSpacing()
    return attract.grab(QRect(margin, top, attract.width() - 2 * margin, height)).toImage()


def accent_pixels(image: QImage, accent: QColor) -> int:
    """Pixels of the caption's colour (the accent); the ground and its shade have none."""
    found = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            pixel = image.pixelColor(x, y)
            if abs(pixel.red() - accent.red()) + abs(pixel.green() - accent.green()) + abs(
                    pixel.blue() - accent.blue()) < 60:
                found += 1
    return found


def test_the_first_slide_shows_the_title_on_the_ground_until_its_picture_is_here(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk(start=False)
    shared_decoder().cache.clear()
    kiosk.player.start()  # the first slide's picture is now decoding on another thread
    attract = kiosk.window.attract
    attract.resize(kiosk.window.stack.size())
    theme = attract.stage.theme
    assert attract.item is not None
    assert attract.shown is None, "no slide is on screen before its picture is decoded"
    before = attract.grab().toImage()
    assert before.pixelColor(attract.width() // 2, attract.height() // 4) == theme.background, "not grey"
    assert accent_pixels(caption_strip(attract), theme.accent) == 0, "no caption without its picture"
    qtbot.waitUntil(lambda: attract.shown is attract.item)
    assert accent_pixels(caption_strip(attract), theme.accent) > 0, "the caption comes with the picture"
    assert attract.grab().toImage().pixelColor(attract.width() // 2, attract.height() // 4) != theme.background


def test_the_picture_is_decoded_for_the_laid_out_screen(make_kiosk, qtbot) -> None:
    """The first slide is asked for before the window is laid out; it must not stay a few pixels wide."""
    shared_decoder().cache.clear()
    kiosk: Kiosk = make_kiosk()
    attract = kiosk.window.attract
    qtbot.waitUntil(lambda: attract.shown is attract.item and attract._picture is not None)
    picture = attract._picture.image
    area = attract._picture_area()
    assert picture.width() >= area.width() * 0.9 or picture.height() >= area.height() * 0.9, picture.size()


def test_a_caption_changes_only_with_its_picture(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk()
    attract = kiosk.window.attract
    qtbot.waitUntil(lambda: attract.shown is attract.item)
    first = attract.shown
    first_caption = caption_strip(attract)
    shared_decoder().cache.clear()
    kiosk.advance(4)  # the next slide is asked for; its picture decodes on another thread
    second = attract.item
    assert second is not first
    assert attract.shown is first, "the slide on screen stays, caption and picture, until the next is ready"
    assert caption_strip(attract) == first_caption
    qtbot.waitUntil(lambda: attract.shown is second)
    assert caption_strip(attract) != first_caption
