"""The picture cache's budget follows the screen: a few screenfuls of decoded pixels."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QImage

from kiosk.ui import imaging
from kiosk.ui.imaging import DecodedImage, cache_bytes_for, fit_cache_to, shared_decoder

MB = 1024 * 1024


@pytest.mark.parametrize(("width", "height", "ratio", "expected"), [
    (1920, 1080, 1.0, 5 * 1920 * 1080 * 4),        # about 40 MB
    (1280, 800, 1.0, 24 * MB),                     # 19.5 MB: raised to the floor
    (3840, 2160, 1.0, 5 * 3840 * 2160 * 4),        # about 158 MB
    (1920, 1080, 2.0, 5 * 3840 * 2160 * 4),        # 4K device pixels behind a 1080p layout
    (3840, 2160, 2.0, 256 * MB),                   # 8K device pixels: capped
    (800, 600, 1.0, 24 * MB),                      # a small screen still holds a visit's pictures
    (0, 0, 1.0, 24 * MB),
])
def test_the_budget_is_five_screenfuls_within_bounds(width, height, ratio, expected) -> None:
    assert cache_bytes_for(QSize(width, height), ratio) == expected


def test_the_budget_at_1080p_is_far_below_the_old_fixed_one() -> None:
    assert 39 * MB < cache_bytes_for(QSize(1920, 1080)) < 40 * MB


def test_the_shared_cache_fits_the_screen_and_drops_what_no_longer_fits(qapp) -> None:
    screen = QGuiApplication.primaryScreen()
    cache = shared_decoder().cache
    assert cache.limit_bytes == cache_bytes_for(screen.geometry().size(), screen.devicePixelRatio())
    saved = cache.limit_bytes
    try:
        cache.clear()  # what earlier tests' pictures left
        cache.limit_bytes = 512 * MB
        picture = QImage(4000, 3000, QImage.Format.Format_RGB32)  # 46 MB
        cache.put(DecodedImage(1, imaging.Path("big.jpg"), picture, picture.size(), None, 0))
        assert cache.bytes_used == picture.sizeInBytes()
        assert fit_cache_to(screen) == saved
        assert cache.limit_bytes == saved
        assert cache.bytes_used <= saved
    finally:
        cache.limit_bytes = saved
        cache.clear()
