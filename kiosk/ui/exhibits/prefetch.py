"""Decoding an exhibit's pictures before its view appears.

The exhibit screen builds the next and previous views while the visitor looks at the
current one; each view asks for its first pictures here, at the size it will fill, so a
swipe finds them decoded in the shared cache.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication

from kiosk.bundle.model import Exhibit
from kiosk.ui.exhibits.base import ExhibitContext
from kiosk.ui.imaging import shared_decoder


def media_paths(exhibit: Exhibit, context: ExhibitContext, *, first: int = 2) -> list[Path]:
    """The pictures a view shows first, at most `first` of them (only a gallery has more than
    one): what is worth decoding before it appears."""
    bundle = context.bundle
    names = [picture.file for picture in exhibit.pictures()[:first]]
    return [path for name in names if name for path in [bundle.file(name)] if path.is_file()]


def prefetch_view_media(exhibit: Exhibit, context: ExhibitContext, size: QSize) -> list[int]:
    """Decode the exhibit's first pictures into the shared cache, behind anything on screen.

    `size` is the area the view will fill, in device-independent pixels (the screen's pixel
    ratio is applied here). Returns the decoder's tickets; nothing is signalled to views.
    """
    screen = QGuiApplication.primaryScreen()
    ratio = screen.devicePixelRatio() if screen is not None else 1.0
    bounds = QSize(round(size.width() * ratio), round(size.height() * ratio))
    return shared_decoder().prefetch(media_paths(exhibit, context), bounds)
