"""The exhibit views: one module per exhibit type, made through `create_view`.

The player's screens never construct views directly: `create_view` picks the type's view,
and returns the calm placeholder when an exhibit's essential media is missing or broken
(or, should a view fail to build, logs the traceback and still returns the placeholder).
`prefetch_view_media` decodes an exhibit's pictures into the shared cache ahead of time, so
the screen can warm the next and previous exhibits while the visitor looks at this one.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path

from PySide6.QtWidgets import QWidget

from kiosk.bundle.model import (
    ArticleExhibit,
    AudioExhibit,
    Exhibit,
    GalleryExhibit,
    ImageExhibit,
    TextExhibit,
    VideoExhibit,
)
from kiosk.ui.exhibits.base import ExhibitContext, ExhibitView
from kiosk.ui.exhibits.placeholder import PlaceholderView
from kiosk.ui.exhibits.prefetch import media_paths, prefetch_view_media

log = logging.getLogger("kiosk.ui.exhibits")

__all__ = ["ExhibitContext", "ExhibitView", "create_view", "media_paths", "prefetch_view_media"]


def essential_files(exhibit: Exhibit, context: ExhibitContext) -> list[Path]:
    """The files without which the exhibit cannot be shown at all."""
    name = exhibit.media_file()
    return [context.bundle.file(name)] if name is not None else []


def _missing_reason(exhibit: Exhibit, context: ExhibitContext) -> str | None:
    name = exhibit.media_file()
    if name is not None and context.bundle.is_broken(name):
        return f"{name} is broken (the bundle's check found it unplayable)"
    for path in essential_files(exhibit, context):
        if not path.is_file():
            return f"{path} is missing"
    if isinstance(exhibit, GalleryExhibit):  # it shows whichever of its pictures are there
        paths = [context.bundle.file(image.file) for image in exhibit.images]
        if paths and not any(path.is_file() for path in paths):
            return f"all {len(paths)} pictures are missing, the first being {paths[0]}"
    return None


def create_view(exhibit: Exhibit, context: ExhibitContext, parent: QWidget | None = None) -> ExhibitView:
    """The view for `exhibit`; never raises for a broken exhibit, showing the placeholder instead."""
    reason = _missing_reason(exhibit, context)
    if reason is not None:
        log.warning("exhibit '%s' cannot be shown: %s", exhibit.id, reason)
        return PlaceholderView(exhibit, context, parent, reason=reason)
    try:
        return _build(exhibit, context, parent)
    except Exception:
        log.exception("exhibit '%s' (%s) could not be built; showing the placeholder",
                      exhibit.id, exhibit.type)
        return PlaceholderView(exhibit, context, parent, reason="the view could not be built")


# Module and class of each type's view, imported on first use: the screens import this
# package at start-up, and the media views' QtMultimedia is not needed until an exhibit shows.
VIEWS: dict[type[Exhibit], tuple[str, str]] = {
    TextExhibit: ("text", "TextView"),
    ArticleExhibit: ("text", "TextView"),
    ImageExhibit: ("image", "ImageView"),
    GalleryExhibit: ("gallery", "GalleryView"),
    AudioExhibit: ("audio", "AudioView"),
    VideoExhibit: ("video", "VideoView"),
}


def view_class(exhibit: Exhibit) -> type[ExhibitView]:
    module, name = VIEWS[type(exhibit)]
    view_type: type[ExhibitView] = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    return view_type


def view_modules() -> list[str]:
    """The exhibit views' modules, for importing ahead of need (the window does it just after
    its first frame, one per turn of the event loop). The media views load QtMultimedia: tens
    of milliseconds, hundreds from a cold disk, which the first media exhibit would otherwise
    add to the moment it is prepared."""
    return list(dict.fromkeys(f"{__name__}.{module}" for module, _name in VIEWS.values()))


def import_ahead(module: str) -> None:
    """Import one view module before a view needs it; a failure is left for that view to report."""
    try:
        importlib.import_module(module)
    except Exception:
        log.debug("importing %s ahead of time failed", module, exc_info=True)


def _build(exhibit: Exhibit, context: ExhibitContext, parent: QWidget | None) -> ExhibitView:
    return view_class(exhibit)(exhibit, context, parent)
