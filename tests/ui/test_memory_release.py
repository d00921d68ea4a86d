"""What the kiosk lets go of so that its memory stays level over months: the attract screen's
frame once a visit starts, most of the picture cache while sound or video plays, and nothing
left behind by each scrolling view built."""

from __future__ import annotations

import enum
import gc
from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from kiosk.play.navigation import Screen as Place
from kiosk.ui.imaging import DecodedImage, shared_decoder
from kiosk.ui.screens.exhibit import PLAYING_CACHE_BYTES
from kiosk.ui.widgets import grab_flick_gesture
from tests.ui.conftest import MEDIA_NOISE, Kiosk

pytestmark = MEDIA_NOISE


def test_the_attract_screen_lets_go_of_its_slide_when_a_visit_starts_and_gets_it_back(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk()
    attract = kiosk.window.attract
    qtbot.waitUntil(lambda: attract.shown is attract.item and attract._picture is not None)
    assert not attract._frame.isNull()
    kiosk.player.touch()
    assert kiosk.player.location.screen is Place.HOME
    assert attract._picture is None
    assert attract._frame.isNull(), "the slide's frame (17 MB at 1920x1080) is not kept through a visit"
    kiosk.player.reset()
    assert kiosk.player.location.screen is Place.ATTRACT
    qtbot.waitUntil(lambda: attract.shown is attract.item and attract._picture is not None)
    assert not attract._frame.isNull(), "back in the attract loop, the slide's picture is back"


def test_the_picture_cache_is_capped_while_a_video_plays(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk(real_time=True)
    cache = shared_decoder().cache
    cache.clear()
    saved = cache.limit_bytes
    cache.limit_bytes = 96 * 1024 * 1024  # as on a big screen (the test's screen is small)
    big = QImage(2048, 2048, QImage.Format.Format_RGB32)  # 16 MB each
    for number in range(4):
        cache.put(DecodedImage(number, Path(f"/elsewhere/{number}.jpg"), big, big.size(), None, 0))
    assert cache.bytes_used > PLAYING_CACHE_BYTES
    kiosk.player.touch()
    section, index = next((s, e) for s, part in enumerate(kiosk.player.manifest.sections)
                          for e, exhibit in enumerate(part.exhibits) if exhibit.type == "video")
    kiosk.player.open_exhibit(section, index)
    session = kiosk.window.exhibit.view.session
    if not session.is_playing:
        session.play()
    qtbot.waitUntil(lambda: session.is_playing, timeout=10_000)
    assert cache.bytes_used <= PLAYING_CACHE_BYTES
    for number in range(4, 8):  # a neighbour's picture, prefetched while the film plays
        cache.put(DecodedImage(number, Path(f"/elsewhere/{number}.jpg"), big, big.size(), None, 0))
    assert cache.bytes_used <= PLAYING_CACHE_BYTES, "the cap holds while it plays"
    kiosk.player.home()
    for number in range(8, 12):
        cache.put(DecodedImage(number, Path(f"/elsewhere/{number}.jpg"), big, big.size(), None, 0))
    assert cache.bytes_used > PLAYING_CACHE_BYTES, "once the film is left, the cache may fill again"
    cache.clear()
    cache.limit_bytes = saved


def test_building_scrolling_views_leaves_no_enum_classes_behind(qapp) -> None:
    """Each QScroller.grabGesture returns a new gesture number; PySide6 made a class per number."""

    def enum_classes() -> int:
        gc.collect()
        return sum(1 for found in gc.get_objects() if isinstance(found, enum.EnumType))

    grab_flick_gesture(QWidget())  # the first call may create what every later one shares
    before = enum_classes()
    widgets = [QWidget() for _ in range(40)]
    for widget in widgets:
        grab_flick_gesture(widget)
    assert enum_classes() - before < 5
    for widget in widgets:
        widget.deleteLater()
