from __future__ import annotations

import pytest

from kiosk.bundle.model import Manifest
from kiosk.play.clock import ManualClock
from kiosk.play.navigation import ATTRACT, HOME, Location, Screen
from kiosk.play.player import (
    AttractSlide,
    Cause,
    Countdown,
    IdleMode,
    Moved,
    Player,
    PlayerConfig,
    PlayerEvent,
    SessionChanged,
    SettingsChanged,
    TourChanged,
    VisitSettings,
)
from kiosk.play.session import Phase, SessionEvent, SessionTimings
from kiosk.play.tour import DwellDefaults
from tests.play.conftest import make_manifest


class Harness:
    """A player on a manual clock, with the events it sent, run the way the Qt timer runs it."""

    def __init__(self, manifest: Manifest, **config: object) -> None:
        self.clock = ManualClock(1000.0)
        self.player = Player(manifest, PlayerConfig(**config), self.clock)  # type: ignore[arg-type]
        self.events: list[PlayerEvent] = []
        self.player.subscribe(self.events.append)

    def run_for(self, seconds: float) -> None:
        end = self.clock.now() + seconds
        while (deadline := self.player.next_deadline()) is not None and deadline <= end:
            self.clock.advance(max(0.0, deadline - self.clock.now()))
            self.player.tick()
        self.clock.advance(end - self.clock.now())

    def take(self) -> list[PlayerEvent]:
        events = list(self.events)
        self.events.clear()
        return events

    def moves(self) -> list[Location]:
        return [e.location for e in self.take() if isinstance(e, Moved)]


TIMINGS = SessionTimings(idle_timeout=90, still_there=10)


def test_attract_loop_then_a_touch_opens_home(manifest: Manifest) -> None:
    h = Harness(make_manifest(attract=("art/dawn", "music/studio", "art/nothing")), timings=TIMINGS)
    h.player.start()
    events = h.take()
    assert isinstance(events[0], Moved)
    assert events[0].location == ATTRACT
    assert events[1] == AttractSlide(0, h.player.attract_items[0])
    assert [i.picture for i in h.player.attract_items] == ["media/dawn.png", "media/poster.png"]
    h.run_for(4)
    assert [e.index for e in h.take() if isinstance(e, AttractSlide)] == [1]
    h.run_for(4)
    assert [e.index for e in h.take() if isinstance(e, AttractSlide)] == [0]
    assert h.player.touch() is True, "the touch that wakes the kiosk does nothing else"
    events = h.take()
    assert SessionChanged(SessionEvent.STARTED) in events
    assert [e.location for e in events if isinstance(e, Moved)] == [HOME]


def test_attract_shows_section_covers_when_the_curator_named_none(manifest: Manifest) -> None:
    h = Harness(manifest)
    assert [(i.section, i.exhibit, i.picture) for i in h.player.attract_items] == [
        (0, None, "media/art-cover.png"),
        (1, None, "media/poster.png"),
    ]


def test_visit_navigation_reports_direction(manifest: Manifest) -> None:
    h = Harness(manifest)
    h.player.start()
    h.player.touch()
    h.player.open_section(0)
    h.player.open_exhibit(0, 0)
    h.take()
    assert h.player.next_exhibit() == Location(Screen.EXHIBIT, 0, 1)
    assert h.player.previous_exhibit() == Location(Screen.EXHIBIT, 0, 0)
    assert h.player.previous_exhibit() is None
    moved = [e for e in h.take() if isinstance(e, Moved)]
    assert [(m.location.exhibit, m.direction, m.cause) for m in moved] == [
        (1, 1, Cause.VISITOR), (0, -1, Cause.VISITOR)]
    assert moved[1].previous == Location(Screen.EXHIBIT, 0, 1)
    assert h.player.position() == (1, 3)


def test_idle_visitor_gets_a_countdown_then_everything_resets(manifest: Manifest) -> None:
    h = Harness(manifest, timings=TIMINGS, volume=0.6)
    h.player.start()
    h.player.touch()
    h.player.set_language("fr")
    h.player.change_settings(text_scale=1.5, high_contrast=True, captions=False, volume=0.2)
    h.player.open_exhibit(1, 1)
    h.take()
    h.run_for(89)
    assert h.take() == []
    h.run_for(1)
    assert h.take() == [SessionChanged(SessionEvent.STILL_THERE), Countdown(10)]
    assert h.player.phase is Phase.STILL_THERE
    h.run_for(9.5)
    assert [e.seconds_left for e in h.take() if isinstance(e, Countdown)] == [9, 8, 7, 6, 5, 4, 3, 2, 1]
    h.run_for(0.5)
    events = h.take()
    assert Countdown(None) in events
    assert SettingsChanged(VisitSettings(language="en", volume=0.6), reset=True) in events
    assert SessionChanged(SessionEvent.ENDED, Cause.RESET) in events
    assert [e.location for e in events if isinstance(e, Moved)] == [ATTRACT]
    assert h.player.settings == VisitSettings(language="en", volume=0.6)
    assert h.player.phase is Phase.IDLE
    assert not h.player.navigator.can_go_back


def test_a_touch_during_the_countdown_keeps_the_visit(manifest: Manifest) -> None:
    h = Harness(manifest, timings=TIMINGS)
    h.player.start()
    h.player.touch()
    h.player.open_section(1)
    h.run_for(93)
    h.take()
    assert h.player.touch() is True, "the touch only answers the question"
    assert Countdown(None) in h.take()
    assert h.player.location == Location(Screen.SECTION, 1)
    h.run_for(89)
    assert h.take() == []


def test_playing_media_holds_the_idle_timer(manifest: Manifest) -> None:
    h = Harness(manifest, timings=TIMINGS)
    h.player.start()
    h.player.touch()
    h.player.open_exhibit(1, 1)
    h.player.media_playing(True)
    h.run_for(600)
    assert h.player.phase is Phase.VISIT
    h.player.media_playing(False)
    h.run_for(89)
    assert h.player.phase is Phase.VISIT
    h.run_for(1)
    assert h.player.phase is Phase.STILL_THERE


def test_any_visitor_action_counts_as_presence(manifest: Manifest) -> None:
    h = Harness(manifest, timings=TIMINGS)
    h.player.start()
    h.player.touch()
    h.run_for(80)
    h.player.open_section(0)
    h.run_for(80)
    assert h.player.phase is Phase.VISIT


def test_tour_plays_the_whole_exhibition_and_loops(manifest: Manifest) -> None:
    dwell = DwellDefaults(section=2, text=3, image=3, gallery_image=1, article=3)
    h = Harness(manifest, idle_mode=IdleMode.TOUR, dwell=dwell, timings=TIMINGS)
    h.player.start()
    assert h.player.touring
    h.run_for(2 + 3 + 5 + 3 + 2)
    moved = [e for e in h.take() if isinstance(e, Moved)]
    assert [m.location for m in moved] == [
        Location(Screen.SECTION, 0),
        Location(Screen.EXHIBIT, 0, 0),
        Location(Screen.EXHIBIT, 0, 1),
        Location(Screen.EXHIBIT, 0, 2),
        Location(Screen.SECTION, 1),
        Location(Screen.EXHIBIT, 1, 0),
    ]
    assert all(m.cause in (Cause.START, Cause.TOUR) for m in moved)
    assert moved[3].step is not None
    assert moved[3].step.image_dwell == 1
    h.player.view_reports(waits_for_end=True)
    h.run_for(300)
    assert h.moves() == [], "audio plays to its end"
    h.player.media_finished()
    h.player.view_reports(waits_for_end=False)  # the video's file is broken
    h.run_for(dwell.unplayable_media)
    assert h.moves() == [Location(Screen.EXHIBIT, 1, 1), Location(Screen.SECTION, 0)]
    assert h.player.tour.rounds == 1
    assert h.player.phase is Phase.IDLE, "a tour is not a visit: no countdown"


def test_a_touch_hands_the_tour_to_the_visitor_and_the_reset_restarts_it(manifest: Manifest) -> None:
    h = Harness(manifest, idle_mode=IdleMode.TOUR, timings=TIMINGS)
    h.player.start()
    h.run_for(7)
    assert h.player.location == Location(Screen.EXHIBIT, 0, 0)
    h.take()
    assert h.player.touch() is False, "the touch also acts on what it touched"
    assert TourChanged(running=False) in h.take()
    h.run_for(60)
    assert h.moves() == [], "the visitor stays where the tour left them"
    assert h.player.back() == Location(Screen.SECTION, 0)
    h.run_for(100)
    events = h.take()
    assert TourChanged(running=True) in events
    assert [e.location for e in events if isinstance(e, Moved)][-1] == Location(Screen.SECTION, 0)
    assert h.player.touring


def test_archive_viewer_opens_at_home_and_never_resets(manifest: Manifest) -> None:
    h = Harness(manifest, sessions=False, timings=TIMINGS)
    h.player.start()
    assert h.player.location == HOME
    h.player.open_section(1)
    h.run_for(10_000)
    assert h.player.location == Location(Screen.SECTION, 1)
    assert h.player.next_deadline() is None


def test_recover_returns_home(manifest: Manifest) -> None:
    h = Harness(manifest)
    h.player.start()
    h.player.touch()
    h.player.open_exhibit(0, 1)
    h.take()
    h.player.recover()
    moved = [e for e in h.take() if isinstance(e, Moved)]
    assert [(m.location, m.cause) for m in moved] == [(HOME, Cause.ERROR)]


def test_a_language_the_bundle_lacks(manifest: Manifest, caplog: pytest.LogCaptureFixture) -> None:
    h = Harness(manifest, language="ar")
    assert h.player.settings.language == "en"
    assert "language 'ar' is not in the bundle" in caplog.text
    with pytest.raises(ValueError, match="not in the bundle"):
        h.player.set_language("ar")
    Harness(manifest, language="fr")
    assert Harness(manifest, language="fr").player.settings.language == "fr"


def test_the_deadline_hook_is_called_after_each_change(manifest: Manifest) -> None:
    h = Harness(manifest, timings=TIMINGS)
    calls: list[float | None] = []
    h.player.on_deadline_changed = lambda: calls.append(h.player.next_deadline())
    h.player.start()
    h.player.touch()
    assert calls[-1] == 1090
