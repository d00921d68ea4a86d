"""What the player shows while nobody is there: home when the attract loop is off, nothing
running while closed (opening hours), and device settings changed while it runs."""

from __future__ import annotations

from dataclasses import replace

from kiosk.bundle.model import Manifest
from kiosk.play.navigation import ATTRACT, HOME, Screen
from kiosk.play.player import Cause, IdleMode, Moved, PlayerConfig, SessionChanged, SettingsChanged
from kiosk.play.session import Phase, SessionEvent, SessionTimings
from tests.play.test_player import TIMINGS, Harness


def test_with_the_attract_loop_off_idle_time_shows_home(manifest: Manifest) -> None:
    h = Harness(manifest, timings=TIMINGS, idle_mode=IdleMode.HOME)
    h.player.start()
    assert h.moves() == [HOME]
    assert h.player.next_deadline() is None, "no attract slides to time"
    assert h.player.touch() is False, "a touch on home acts on what it touches"
    assert h.player.phase is Phase.VISIT
    h.player.open_section(1)
    h.take()
    h.run_for(100)
    events = h.take()
    assert SessionChanged(SessionEvent.ENDED, Cause.RESET) in events
    assert [e.location for e in events if isinstance(e, Moved)] == [HOME]
    assert h.player.location.screen is Screen.HOME
    assert h.player.phase is Phase.IDLE


def test_suspended_the_player_ends_the_visit_and_runs_nothing(manifest: Manifest) -> None:
    h = Harness(manifest, timings=TIMINGS, idle_mode=IdleMode.TOUR)
    h.player.start()
    h.player.touch()
    h.player.open_exhibit(0, 1)
    h.take()
    h.player.suspend()
    events = h.take()
    assert SessionChanged(SessionEvent.ENDED, Cause.RESET) in events
    assert [e.location for e in events if isinstance(e, Moved)] == [HOME], "home, not the tour's first stop"
    assert not h.player.touring
    assert h.player.next_deadline() is None
    assert h.player.touch() is False
    assert h.player.phase is Phase.IDLE, "no visit starts while closed"
    h.run_for(3600)
    h.player.tick()
    assert h.moves() == []
    h.player.resume()
    assert h.player.touring, "opening again starts afresh, as at launch"
    assert h.player.next_deadline() is not None


def test_suspend_and_resume_in_the_attract_mode(manifest: Manifest) -> None:
    h = Harness(manifest, timings=TIMINGS)
    h.player.start()
    h.take()
    h.player.suspend()
    h.player.suspend()
    assert h.moves() == [HOME]
    h.player.resume()
    assert h.moves() == [ATTRACT]
    assert h.player.location.screen is Screen.ATTRACT


def test_reconfigure_applies_timings_and_volume_at_once(manifest: Manifest) -> None:
    h = Harness(manifest, timings=TIMINGS, volume=0.8)
    h.player.start()
    h.player.touch()
    h.take()
    config = replace(h.player.config, timings=SessionTimings(idle_timeout=20, still_there=5), volume=0.35,
                     language="fr", idle_mode=IdleMode.HOME)
    h.player.reconfigure(config)
    assert SettingsChanged(replace(h.player.settings, volume=0.35)) in h.take()
    assert h.player.settings.volume == 0.35
    assert h.player.settings.language == "en", "the visit in progress keeps its language"
    h.run_for(20)
    assert h.player.phase is Phase.STILL_THERE
    h.run_for(5)
    assert h.player.location == HOME, "attract off, from the next reset"
    assert (h.player.settings.language, h.player.settings.volume) == ("fr", 0.35)


def test_the_archive_viewer_ignores_the_idle_mode(manifest: Manifest) -> None:
    h = Harness(manifest, sessions=False, idle_mode=IdleMode.ATTRACT)
    h.player.start()
    assert h.moves() == [HOME]
    assert PlayerConfig().idle_mode is IdleMode.ATTRACT
