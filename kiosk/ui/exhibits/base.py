"""The contract between the player's screens and the view of one exhibit.

Each exhibit type has one module in this package with one ExhibitView subclass. The
exhibit screen creates views through `create_view`, tells them when they become visible
or hidden, and listens to their signals to run the tour and the idle timer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.bundle.declare import Localized
from kiosk.bundle.model import Exhibit
from kiosk.bundle.playable import PlayableBundle


@dataclass(frozen=True)
class ExhibitContext:
    """What every exhibit view needs to know about the visit."""

    bundle: PlayableBundle
    language: str
    captions: bool = True
    text_scale: float = 1.0
    high_contrast: bool = False
    volume: float = 0.8

    @property
    def fallbacks(self) -> tuple[str, ...]:
        return self.bundle.manifest.languages

    def text(self, value: Localized | None) -> str:
        """A text in the visit's language, falling back to the bundle's languages."""
        return "" if value is None else value.get(self.language, self.fallbacks)

    def with_language(self, language: str) -> ExhibitContext:
        return replace(self, language=language)


class ExhibitView(QWidget):
    """One exhibit on screen.

    Signals:
      finished: the tour may move on (media reached its end, or the last gallery image
        was shown); never emitted for still exhibits, whose dwell the tour times itself.
      interacted: the visitor touched it; resets the idle timer and ends a tour.
      playing_changed(bool): media started or stopped; the idle timer pauses while it plays.
      played(float): the share of its media played so far, 0 to 1, rising in steps of about
        a hundredth (analytics' media completion). Audio and video views emit it.
      open_ref(str): the visitor chose a related exhibit ('section-id/exhibit-id'); the
        screen navigates there. Text and article views emit it.
      swiped_past(int): the visitor swiped across the view where it has nothing to swipe
        itself (a gallery at its last or first image, a video's picture): +1 forward and
        -1 back, in reading order (already mirrored for right-to-left languages). A screen
        that detects swipes only from mouse events its views leave unaccepted changes
        exhibit on this signal; a screen that watches all input asks `wants_swipe` instead.
    """

    finished = Signal()
    interacted = Signal()
    playing_changed = Signal(bool)
    played = Signal(float)
    open_ref = Signal(str)
    swiped_past = Signal(int)

    def __init__(self, exhibit: Exhibit, context: ExhibitContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.exhibit = exhibit
        self.context = context

    def activate(self) -> None:
        """It became the exhibit on screen."""

    def deactivate(self) -> None:
        """It left the screen: stop media, drop large buffers."""

    def set_context(self, context: ExhibitContext) -> None:
        """Language, caption, text size or contrast changed: show them at once."""
        self.context = context

    def start_tour(self) -> None:
        """The tour arrived here: play media from the start; `finished` tells when done."""

    def waits_for_end(self) -> bool:
        """Whether the tour waits for `finished` instead of timing a dwell."""
        return False

    def reset_view(self) -> None:
        """Back to how it first appeared: zoom, scroll and playback position."""

    def wants_swipe(self, step: int) -> bool:
        """Whether a horizontal swipe (`step` +1 forward, -1 back, in reading order) is the
        view's own (a zoomed image pans, a gallery turns a page) rather than the screen's."""
        return False

    def set_tour_dwell(self, seconds: float) -> None:
        """How long the tour shows each still part of a view that times itself (a gallery's
        images). Call before `start_tour`; the exhibit's own `duration` takes precedence."""

    def advance(self) -> bool:
        """Show the exhibit's next part (a gallery's next image); False when at its last.

        A gallery in a tour calls this itself after each dwell and emits `finished` after
        the last image; a screen may also call it, for instance from a 'next' key."""
        return False

    def toggle_playback(self) -> bool:
        """Play or pause (the Space key); False for a view with nothing to play."""
        return False
