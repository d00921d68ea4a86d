"""The tour: the exhibition playing by itself, section after section, looping.

Each section opens with its own screen for a moment, then its exhibits follow in order.
Still exhibits stay for their `duration` or a default for their type. A gallery shows each
picture for its `duration` (or the default for one picture); audio and video play to
their end, or for their `duration` if they have one and it is shorter. Views that time
themselves (a gallery turning its pages, a film) report so with `view_reports(waits=True)`
and end the step with `media_finished`; the tour still moves on after a limit if that end
never comes, so it can never stall on one exhibit.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.bundle.model import TIMED, Exhibit, GalleryExhibit, Manifest
from kiosk.play.clock import checked_seconds
from kiosk.play.navigation import Location, Screen

GRACE = 5.0


@dataclass(frozen=True)
class DwellDefaults:
    """Seconds the tour stays on a thing that has no `duration` of its own."""

    section: float = 6.0
    text: float = 20.0
    article: float = 30.0
    image: float = 12.0
    gallery_image: float = 8.0
    unplayable_media: float = 8.0
    media_limit: float = 30 * 60.0

    def for_exhibit(self, exhibit: Exhibit) -> float | None:
        """The dwell of one step of `exhibit`; None means until the media ends. Audio and
        video with a `duration` play until their end or for that long, whichever comes first."""
        if exhibit.duration is None and isinstance(exhibit, TIMED):
            return None
        fallback = {
            "text": self.text,
            "article": self.article,
            "image": self.image,
            "gallery": self.gallery_image,
            "audio": self.media_limit,
            "video": self.media_limit,
        }[exhibit.type]
        return checked_seconds(exhibit.duration, fallback, f"exhibit '{exhibit.id}' duration")


@dataclass(frozen=True)
class TourStep:
    """One stop of the tour.

    `dwell` is how long it stays when nothing reports an end (None: until the media
    ends); `image_dwell` is a gallery's time per picture, for a view that times itself;
    `media` marks sound or film, which also ends the step when it ends (before `dwell`).
    """

    location: Location
    dwell: float | None
    image_dwell: float | None = None
    media: bool = False

    @property
    def waits_for_media(self) -> bool:
        return self.dwell is None or self.media


def tour_steps(manifest: Manifest, defaults: DwellDefaults) -> list[TourStep]:
    """Every stop of one round of the tour, in order."""
    steps: list[TourStep] = []
    for s, section in enumerate(manifest.sections):
        steps.append(TourStep(Location(Screen.SECTION, s), defaults.section))
        for e, exhibit in enumerate(section.exhibits):
            where = Location(Screen.EXHIBIT, s, e)
            dwell = defaults.for_exhibit(exhibit)
            if isinstance(exhibit, GalleryExhibit) and dwell is not None:
                steps.append(TourStep(where, dwell * max(1, len(exhibit.images)), image_dwell=dwell))
            else:
                steps.append(TourStep(where, dwell, media=isinstance(exhibit, TIMED)))
    return steps


class Tour:
    """Which step is on, and when the next one is due.

    The owner calls `start`, then `tick` when `deadline` passes and `media_finished`
    when a view reports the end of its media. Each returns the new step when the tour
    moved on, else None.
    """

    def __init__(self, manifest: Manifest, defaults: DwellDefaults | None = None) -> None:
        self.defaults = defaults or DwellDefaults()
        self.steps = tour_steps(manifest, self.defaults)
        self.index = 0
        self.rounds = 0
        self._since = 0.0
        self._dwell = 0.0
        self._waiting = False
        self.running = False

    @property
    def current(self) -> TourStep:
        return self.steps[self.index]

    def start(self, now: float, index: int = 0) -> TourStep:
        self.running = True
        self.index = index % len(self.steps)
        return self._arrive(now)

    def stop(self) -> None:
        self.running = False

    def deadline(self) -> float | None:
        if not self.running:
            return None
        return self._since + self._dwell

    def tick(self, now: float) -> TourStep | None:
        deadline = self.deadline()
        if deadline is None or now < deadline:
            return None
        return self.advance(now)

    def view_reports(self, waits: bool, now: float) -> None:
        """The view on screen says whether it will report its own end.

        A view that waits (media, a self-timed gallery) gets until its dwell plus a grace,
        or `media_limit` for media; one that does not (a placeholder for a broken file, a
        single picture) is timed like a still.
        """
        if not self.running:
            return
        step = self.current
        self._waiting = waits
        self._since = now
        if waits and step.media:
            self._dwell = step.dwell if step.dwell is not None else self.defaults.media_limit
        elif waits:
            self._dwell = step.dwell + GRACE if step.dwell is not None else self.defaults.media_limit
        else:
            self._dwell = step.dwell if step.dwell is not None else self.defaults.unplayable_media

    def media_finished(self, now: float) -> TourStep | None:
        """The view on screen reports that it reached its end."""
        if not self.running or not self._waiting:
            return None
        return self.advance(now)

    def advance(self, now: float) -> TourStep:
        self.index += 1
        if self.index >= len(self.steps):
            self.index = 0
            self.rounds += 1
        return self._arrive(now)

    def _arrive(self, now: float) -> TourStep:
        step = self.current
        self._since = now
        self._waiting = step.waits_for_media
        self._dwell = self.defaults.media_limit if step.dwell is None else step.dwell
        return step
