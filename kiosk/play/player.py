"""The player's brain: one object that knows where the visit is and what comes next.

It joins the navigation, the tour, the session and the attract loop, and reports every
change as an event to its listeners (the Qt window). It never waits: the owner asks for
`next_deadline()` and calls `tick()` when it comes; a `ManualClock` makes tests exact.

    player = Player(manifest, PlayerConfig(), clock)
    player.subscribe(window.on_player_event)
    player.start()                 # Moved(ATTRACT) or the first tour stop
    player.touch()                 # the visitor is here: attract → home, tour → visitor
    player.open_section(2); player.next_exhibit(); player.back(); player.home()
    player.tick()                  # when next_deadline() has come
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum

from kiosk.bundle.model import Attract, Manifest
from kiosk.play.clock import Clock, MonotonicClock, checked_seconds
from kiosk.play.navigation import Location, Navigator, Screen
from kiosk.play.session import Phase, Session, SessionEvent, SessionTimings
from kiosk.play.showcase import AttractItem, attract_items
from kiosk.play.tour import DwellDefaults, Tour, TourStep

log = logging.getLogger("kiosk.play")

TEXT_SCALES = (1.0, 1.25, 1.5)


@dataclass(frozen=True)
class VisitSettings:
    """What a visitor may change; all of it returns to the defaults when the session ends."""

    language: str
    text_scale: float = 1.0
    high_contrast: bool = False
    captions: bool = True
    volume: float = 0.8


class IdleMode(StrEnum):
    """What shows while nobody is at the kiosk."""

    ATTRACT = "attract"
    TOUR = "tour"
    HOME = "home"
    """`attract.enabled: false`: the home screen waits for the next visitor."""


@dataclass(frozen=True)
class PlayerConfig:
    timings: SessionTimings = field(default_factory=SessionTimings)
    dwell: DwellDefaults = field(default_factory=DwellDefaults)
    idle_mode: IdleMode = IdleMode.ATTRACT
    language: str | None = None
    volume: float = 0.8
    attract_dwell: float | None = None
    sessions: bool = True
    """False for the archive viewer: it opens at home and never resets itself."""


class Cause(StrEnum):
    START = "start"
    VISITOR = "visitor"
    TOUR = "tour"
    RESET = "reset"
    ADMIN = "admin"
    """The admin panel restarted playback."""
    ERROR = "error"


@dataclass(frozen=True)
class Moved:
    """The screen changes. `direction` is +1 for the next exhibit, -1 for the previous.

    A tour's move carries its `step`, whose `image_dwell` a self-timing gallery needs.
    """

    location: Location
    previous: Location
    cause: Cause
    direction: int = 0
    step: TourStep | None = None


@dataclass(frozen=True)
class AttractSlide:
    index: int
    item: AttractItem


@dataclass(frozen=True)
class Countdown:
    """The "still there?" countdown shows `seconds_left`; None hides it."""

    seconds_left: int | None


@dataclass(frozen=True)
class SettingsChanged:
    settings: VisitSettings
    reset: bool = False


@dataclass(frozen=True)
class TourChanged:
    running: bool


@dataclass(frozen=True)
class SessionChanged:
    """`cause`: for an ended visit, what ended it (RESET after idle time, ADMIN from the panel)."""

    event: SessionEvent
    cause: Cause | None = None


@dataclass(frozen=True)
class MediaProgress:
    """The exhibit on screen (`ref`) has played `played` (0 to 1) of its audio or video so far."""

    ref: str
    played: float


PlayerEvent = Moved | AttractSlide | Countdown | SettingsChanged | TourChanged | SessionChanged | MediaProgress
Listener = Callable[[PlayerEvent], None]


class Player:
    def __init__(
        self, manifest: Manifest, config: PlayerConfig | None = None, clock: Clock | None = None
    ) -> None:
        self.manifest = manifest
        self.config = config or PlayerConfig()
        self.clock = clock or MonotonicClock()
        language = self.config.language
        if language not in manifest.languages:
            if language is not None:
                log.warning("language %r is not in the bundle; using %r", language, manifest.default_language)
            language = manifest.default_language
        self.defaults = VisitSettings(language=language, volume=self.config.volume)
        self.settings = self.defaults
        self.navigator = Navigator(manifest)
        self.session = Session(self.config.timings)
        self.tour = Tour(manifest, self.config.dwell)
        self.attract_items = attract_items(manifest)
        self.attract_dwell = self._attract_dwell(self.config.attract_dwell, manifest)
        self.attract_index = 0
        self._attract_since = 0.0
        self._countdown_shown: int | None = None
        self._shown: Location = self.navigator.location
        self._ended_by_idle: SessionEvent | None = None
        self._listeners: list[Listener] = []
        self.on_deadline_changed: Callable[[], None] | None = None
        self.suspended = False
        """Closed (opening hours): nothing runs and no visit starts until `resume()`."""

    # -- listening ---------------------------------------------------------------

    @staticmethod
    def _attract_dwell(configured: float | None, manifest: Manifest) -> float:
        """The device's dwell, else the bundle's; never a number a timer cannot take."""
        fallback = Attract().dwell
        if configured is not None:
            return checked_seconds(configured, checked_seconds(manifest.attract.dwell, fallback, "attract dwell"),
                                   "the attract dwell setting")
        return checked_seconds(manifest.attract.dwell, fallback, "attract dwell")

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _emit(self, event: PlayerEvent) -> None:
        for listener in list(self._listeners):
            listener(event)

    def _rescheduled(self) -> None:
        if self.on_deadline_changed is not None:
            self.on_deadline_changed()

    # -- reading -----------------------------------------------------------------

    @property
    def location(self) -> Location:
        return self.navigator.location

    @property
    def touring(self) -> bool:
        return self.tour.running

    @property
    def phase(self) -> Phase:
        return self.session.phase

    def position(self) -> tuple[int, int] | None:
        return self.navigator.position()

    def next_deadline(self) -> float | None:
        """The moment `tick` has something to do, or None when nothing is due."""
        if self.suspended:
            return None
        candidates = [self.session.deadline(), self.tour.deadline()]
        if self.session.phase is Phase.STILL_THERE:
            candidates.append(self._next_countdown_second())
        if self.location.screen is Screen.ATTRACT and len(self.attract_items) > 1:
            candidates.append(self._attract_since + self.attract_dwell)
        due = [c for c in candidates if c is not None]
        return min(due) if due else None

    def _next_countdown_second(self) -> float:
        deadline = self.session.deadline() or self.clock.now()
        left = self.session.seconds_left(self.clock.now())
        return deadline - (left - 1) if left > 1 else deadline

    # -- starting and ending -------------------------------------------------------

    def start(self) -> None:
        """Show the first screen: the tour's first stop, the attract loop, or home."""
        self._idle(Cause.START)
        self._rescheduled()

    def _idle(self, cause: Cause) -> None:
        """Show what plays while nobody is there: home when closed, the archive viewer or
        `attract.enabled: false`; else the tour or the attract loop."""
        if self.suspended:
            self._go(self.navigator.home(), cause)
        elif self.config.idle_mode is IdleMode.TOUR:
            self._start_tour(cause)
        elif self.config.sessions and self.config.idle_mode is IdleMode.ATTRACT:
            self._go(self.navigator.attract(), cause)
        else:
            self._go(self.navigator.home(), cause)

    def reset(self, cause: Cause = Cause.RESET) -> None:
        """End the visit: defaults back, media stopped, then the attract loop or the tour."""
        event = self.session.end() or self._ended_by_idle
        self._ended_by_idle = None
        self.tour.stop()
        if self._countdown_shown is not None:
            self._countdown_shown = None
            self._emit(Countdown(None))
        if self.settings != self.defaults:
            self.settings = self.defaults
        self._emit(SettingsChanged(self.settings, reset=True))
        if event is not None:
            self._emit(SessionChanged(event, cause))
        self._idle(cause)
        self._rescheduled()

    def suspend(self) -> None:
        """Closed (outside opening hours): the visit ends, the tour stops, home stays on
        screen (it plays nothing), and nothing runs or starts until `resume()`."""
        if not self.suspended:
            self.suspended = True
            self.reset()

    def resume(self) -> None:
        """Open again: a fresh start, as at launch."""
        if self.suspended:
            self.suspended = False
            self.reset(Cause.START)

    def reconfigure(self, config: PlayerConfig) -> None:
        """New device settings while running (the admin panel). The idle timings, the attract
        dwell and the volume apply at once; the starting language and what shows while nobody is
        there apply from the next reset. (Tour dwells are fixed when the player is made.)"""
        language = config.language if config.language in self.manifest.languages else self.manifest.default_language
        self.config = replace(config, dwell=self.config.dwell, sessions=self.config.sessions)
        self.session.timings = config.timings
        self.attract_dwell = self._attract_dwell(config.attract_dwell, self.manifest)
        self.defaults = replace(self.defaults, language=language, volume=config.volume)
        if self.settings.volume != config.volume:
            self.settings = replace(self.settings, volume=config.volume)
            self._emit(SettingsChanged(self.settings))
        self._rescheduled()

    def recover(self) -> None:
        """Something went wrong on screen: return home without ending the visit."""
        self.tour.stop()
        self._go(self.navigator.home(), Cause.ERROR)
        self._rescheduled()

    # -- the visitor -------------------------------------------------------------

    def touch(self) -> bool:
        """The visitor pressed, tapped, scrolled or typed.

        Returns True when the input only woke the kiosk (left the attract loop or answered
        "still there?") and should not act on what lies under it. While suspended it does nothing.
        """
        if self.suspended:
            return False
        now = self.clock.now()
        consumed = False
        event = self.session.touch(now) if self.config.sessions else None
        if event is not None:
            self._emit(SessionChanged(event))
        if event is SessionEvent.RESUMED:
            self._countdown_shown = None
            self._emit(Countdown(None))
            consumed = True
        if self.tour.running:
            self.tour.stop()
            self._emit(TourChanged(running=False))
        if self.location.screen is Screen.ATTRACT:
            self._go(self.navigator.home(), Cause.VISITOR)
            consumed = True
        self._rescheduled()
        return consumed

    def _visitor_moves(self, location: Location | None, direction: int = 0) -> Location | None:
        if location is not None:
            self._keep_alive()
            self._go(location, Cause.VISITOR, direction=direction)
        self._rescheduled()
        return location

    def _keep_alive(self) -> None:
        if self.config.sessions and self.session.phase is not Phase.STILL_THERE:
            self.session.touch(self.clock.now())
        if self.tour.running:
            self.tour.stop()
            self._emit(TourChanged(running=False))

    def home(self) -> Location | None:
        return self._visitor_moves(self.navigator.home())

    def back(self) -> Location | None:
        if not self.navigator.can_go_back:
            return None
        return self._visitor_moves(self.navigator.back())

    def open_section(self, section: int) -> Location | None:
        return self._visitor_moves(self.navigator.open_section(section))

    def open_exhibit(self, section: int, exhibit: int) -> Location | None:
        return self._visitor_moves(self.navigator.open_exhibit(section, exhibit))

    def open_ref(self, ref: str) -> Location | None:
        return self._visitor_moves(self.navigator.open_ref(ref))

    def open_search(self) -> Location | None:
        return self._visitor_moves(self.navigator.search())

    def next_exhibit(self) -> Location | None:
        return self._visitor_moves(self.navigator.step(+1), direction=+1)

    def previous_exhibit(self) -> Location | None:
        return self._visitor_moves(self.navigator.step(-1), direction=-1)

    def change_settings(self, **changes: object) -> VisitSettings:
        """Change what the visitor may change: language, text_scale, high_contrast, captions, volume."""
        settings = replace(self.settings, **changes)  # type: ignore[arg-type]
        if settings.language not in self.manifest.languages:
            raise ValueError(f"language {settings.language!r} is not in the bundle")
        self._keep_alive()
        if settings != self.settings:
            self.settings = settings
            self._emit(SettingsChanged(settings))
        self._rescheduled()
        return settings

    def set_language(self, language: str) -> VisitSettings:
        return self.change_settings(language=language)

    # -- what the views report ---------------------------------------------------------

    def media_playing(self, playing: bool) -> None:
        self.session.set_media_playing(playing, self.clock.now())
        self._rescheduled()

    def media_progress(self, played: float) -> None:
        """The exhibit on screen has played this share of its media; ignored elsewhere."""
        ref = self.location.ref(self.manifest) if self.location.screen is Screen.EXHIBIT else None
        if ref is not None:
            self._emit(MediaProgress(ref, min(1.0, max(0.0, played))))

    def media_finished(self) -> None:
        step = self.tour.media_finished(self.clock.now())
        if step is not None:
            self._show_step(step)
        self._rescheduled()

    def view_reports(self, waits_for_end: bool) -> None:
        """The tour's exhibit is on screen; whether its view will report its own end.

        A media exhibit whose file cannot play says False and is timed like a still.
        """
        self.tour.view_reports(waits_for_end, self.clock.now())
        self._rescheduled()

    def start_tour(self) -> None:
        self._start_tour(Cause.TOUR)
        self._rescheduled()

    def stop_tour(self) -> None:
        if self.tour.running:
            self.tour.stop()
            self._emit(TourChanged(running=False))
        self._rescheduled()

    # -- time ----------------------------------------------------------------------

    def tick(self) -> None:
        """Do whatever has come due by now."""
        if self.suspended:
            return
        now = self.clock.now()
        event = self.session.tick(now) if self.config.sessions else None
        if event is SessionEvent.STILL_THERE:
            self._emit(SessionChanged(event))
        elif event is SessionEvent.ENDED:
            log.info("session ended after idle time; resetting")
            self._ended_by_idle = event
            self.reset()
            return
        if self.session.phase is Phase.STILL_THERE:
            left = self.session.seconds_left(now)
            if left != self._countdown_shown:
                self._countdown_shown = left
                self._emit(Countdown(left))
        step = self.tour.tick(now)
        if step is not None:
            self._show_step(step)
        if (
            self.location.screen is Screen.ATTRACT
            and len(self.attract_items) > 1
            and now >= self._attract_since + self.attract_dwell
        ):
            self.attract_index = (self.attract_index + 1) % len(self.attract_items)
            self._attract_since = now
            self._emit(AttractSlide(self.attract_index, self.attract_items[self.attract_index]))
        self._rescheduled()

    # -- inside ---------------------------------------------------------------------

    def _start_tour(self, cause: Cause) -> None:
        step = self.tour.start(self.clock.now())
        self._emit(TourChanged(running=True))
        self._show_step(step, cause)

    def _show_step(self, step: TourStep, cause: Cause = Cause.TOUR) -> None:
        previous, self._shown = self._shown, step.location
        self.navigator.go(step.location, remember=False)
        direction = 1 if previous.screen is Screen.EXHIBIT and step.location.screen is Screen.EXHIBIT else 0
        self._emit(Moved(step.location, previous, cause, direction=direction, step=step))

    def _go(self, location: Location, cause: Cause, direction: int = 0) -> None:
        previous, self._shown = self._shown, location
        if location.screen is Screen.ATTRACT:
            self.attract_index = 0
            self._attract_since = self.clock.now()
        self._emit(Moved(location, previous, cause, direction=direction))
        if location.screen is Screen.ATTRACT and self.attract_items:
            self._emit(AttractSlide(0, self.attract_items[0]))
