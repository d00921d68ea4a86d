"""The player's events reach the analytics recorder as visits, screens, tour steps and choices."""

from __future__ import annotations

from typing import Any

from kiosk.play.navigation import Screen
from kiosk.play.player import Cause, IdleMode
from kiosk.play.recording import VisitRecording
from kiosk.play.session import SessionTimings
from tests.play.conftest import make_manifest
from tests.play.test_player import Harness


class FakeRecorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

    def __getattr__(self, name: str) -> Any:
        def record(*args: Any, **kwargs: Any) -> None:
            self.calls.append((name, args, kwargs))
        return record


def test_a_visit_then_an_idle_reset_is_recorded() -> None:
    h = Harness(make_manifest(), timings=SessionTimings(idle_timeout=30, still_there=5))
    recorder = FakeRecorder()
    h.player.subscribe(VisitRecording(h.player, recorder))  # type: ignore[arg-type]
    h.player.start()
    h.player.touch()
    h.player.open_section(0)
    h.player.open_exhibit(0, 1)
    h.player.set_language("fr")
    h.run_for(60)
    names = [(name, args) for name, args, _ in recorder.calls]
    assert names[0] == ("session_started", ("en",))
    assert ("screen_shown", ("home", None)) in names
    assert ("screen_shown", ("section", "art")) in names
    assert ("screen_shown", ("exhibit", "art/dawn")) in names
    assert ("setting_changed", ("language", "fr")) in names
    assert names.index(("screen_shown", ("home", None))) < names.index(("screen_shown", ("exhibit", "art/dawn")))
    ended = [call for call in recorder.calls if call[0] == "session_ended"]
    assert ended == [("session_ended", ("reset",), {"idle": 35})]
    assert not any(name == "screen_shown" and args[0] == "attract" for name, args in names)


def test_the_tour_from_its_first_step_is_proof_of_play_and_a_touch_hands_its_screen_over() -> None:
    h = Harness(make_manifest(), idle_mode=IdleMode.TOUR, timings=SessionTimings(idle_timeout=30, still_there=5))
    recorder = FakeRecorder()
    h.player.subscribe(VisitRecording(h.player, recorder))  # type: ignore[arg-type]
    h.player.start()
    h.run_for(1)
    first = h.player.location
    assert first.screen is not Screen.ATTRACT
    assert recorder.calls[0] == ("tour_shown", (first.screen.value, first.ref(h.player.manifest)), {})
    h.player.touch()
    names = [(name, args) for name, args, _ in recorder.calls[1:]]
    assert names[:3] == [("session_started", ("en",)), ("screen_shown", (first.screen.value, first.ref(h.player.manifest))),
                         ("tour_stopped", ())]


def test_media_progress_of_the_exhibit_on_screen_reaches_the_recorder() -> None:
    h = Harness(make_manifest(), timings=SessionTimings(idle_timeout=30, still_there=5))
    recorder = FakeRecorder()
    h.player.subscribe(VisitRecording(h.player, recorder))  # type: ignore[arg-type]
    h.player.start()
    h.player.media_progress(0.5)  # the attract loop plays no exhibit: nothing to record
    h.player.touch()
    h.player.open_exhibit(0, 1)
    h.player.media_progress(0.25)
    h.player.media_progress(1.7)
    media = [(name, args) for name, args, _ in recorder.calls if name == "media_progress"]
    assert media == [("media_progress", ("art/dawn", 0.25)), ("media_progress", ("art/dawn", 1.0))]


def test_a_visit_ended_from_the_admin_panel_or_into_the_tour_says_so() -> None:
    h = Harness(make_manifest(), timings=SessionTimings(idle_timeout=30, still_there=5))
    recorder = FakeRecorder()
    h.player.subscribe(VisitRecording(h.player, recorder))  # type: ignore[arg-type]
    h.player.start()
    h.player.touch()
    h.player.reset(Cause.ADMIN)
    touring = Harness(make_manifest(), idle_mode=IdleMode.TOUR, timings=SessionTimings(idle_timeout=30, still_there=5))
    touring.player.subscribe(VisitRecording(touring.player, recorder))  # type: ignore[arg-type]
    touring.player.start()
    touring.player.touch()
    touring.run_for(60)
    ended = [(args, kwargs) for name, args, kwargs in recorder.calls if name == "session_ended"]
    assert ended == [(("admin",), {}), (("tour",), {"idle": 35})]
