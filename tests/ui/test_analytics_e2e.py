"""A scripted visit and a tour on a real kiosk window, offscreen, read back with `kiosk stats --format json`.

The player and the recorder share one manual clock, so every dwell is known; the audio
exhibit really plays (about a second, in real time) and its completion comes from the view.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.analytics.recorder import Recorder
from kiosk.play.player import MediaProgress, Moved
from kiosk.play.recording import VisitRecording
from kiosk.play.tour import DwellDefaults
from kiosk.ui.exhibits.audio import AudioView
from tests.ui.conftest import MEDIA_NOISE

# Wednesday 4 March 2026, 13:00 UTC: 14:00 in Geneva.
START = datetime(2026, 3, 4, 13, 0, tzinfo=UTC).timestamp()
GENEVA = 3600
DWELL = DwellDefaults(text=10, image=10, gallery_image=5, article=10)


class SharedClock:
    """The recorder's wall and monotonic clocks, read off the kiosk's manual clock."""

    def __init__(self, kiosk) -> None:
        self.kiosk = kiosk
        self.origin = kiosk.clock.now()

    def monotonic(self) -> float:
        return self.kiosk.clock.now()

    def wall(self) -> float:
        return START + self.kiosk.clock.now() - self.origin

    def utc_offset(self, wall: float) -> int:
        del wall
        return GENEVA


@MEDIA_NOISE
def test_a_visit_and_a_tour_give_exact_figures(make_kiosk, qtbot, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    kiosk = make_kiosk(tour=True, dwell=DWELL, start=False)
    db = tmp_path / "events.db"
    recorder = Recorder(db, kiosk_id="hall-2", clock=SharedClock(kiosk))
    tour_steps: list[tuple[float, str | None]] = []
    progress: list[float] = []

    def watch(event: object) -> None:
        if isinstance(event, Moved) and event.step is not None:
            tour_steps.append((kiosk.clock.now(), event.location.ref(kiosk.player.manifest)))
        elif isinstance(event, MediaProgress):
            progress.append(event.played)

    kiosk.player.subscribe(VisitRecording(kiosk.player, recorder))
    kiosk.player.subscribe(watch)
    try:
        kiosk.player.start()
        kiosk.advance(30)                      # the tour plays: proof of play
        touched = kiosk.clock.now()
        kiosk.player.touch()                   # the visitor takes over art/series from the tour
        kiosk.advance(2)
        kiosk.player.home()
        kiosk.advance(4)
        kiosk.player.open_section(1)           # music
        kiosk.advance(6)
        kiosk.player.open_exhibit(1, 0)        # music/canon, audio of about a second
        view = kiosk.window.exhibit.view
        assert isinstance(view, AudioView)
        with qtbot.waitSignal(view.finished, timeout=8000):
            view.transport.play_button.click()
        kiosk.advance(10)
        kiosk.player.set_language("fr")
        kiosk.advance(100)                     # 90 s idle, 10 s "Still there?", then the reset
        assert not recorder.in_session
        assert recorder.flush()
    finally:
        kiosk.window.ticker.stop()
        recorder.close()

    assert progress
    assert progress[-1] == 1.0
    assert progress == sorted(progress)
    assert cli.main(["stats", "--db", str(db), "--format", "json"]) == 0
    figures = json.loads(capsys.readouterr().out)

    # The visit: art/series 2 s (handed over by the tour), home 4, music 6, canon 10 until the
    # visitor's last input; the reset's 100 idle seconds are not part of it. It ended into the tour.
    assert figures["kiosks"] == ["hall-2"]
    assert figures["sessions"] == {"total": 1, "median_seconds": 22.0,
                                   "per_day": [{"day": "2026-03-04", "sessions": 1}], "ended": {"tour": 1}}
    assert figures["sections"] == [
        {"section": "music", "visits": 1, "views": 2, "dwell_seconds": 16.0},
        {"section": "art", "visits": 1, "views": 1, "dwell_seconds": 2.0},
    ]
    assert figures["exhibits"] == [
        {"exhibit": "music/canon", "views": 1, "dwell_seconds": 10.0, "mean_dwell_seconds": 10.0},
        {"exhibit": "art/series", "views": 1, "dwell_seconds": 2.0, "mean_dwell_seconds": 2.0},
    ]
    assert figures["media"] == [{"exhibit": "music/canon", "plays": 1, "mean_played": 1.0, "completed": 1}]
    assert figures["languages"] == [{"language": "fr", "sessions": 1, "share": 1.0}]  # the visit's last choice
    assert figures["choices"] == {"language": 1}
    assert figures["weekday_hour"]["wednesday"][14] == 1

    # The tour: every step it showed before the visitor came, timed to the next, then after the reset.
    before = [step for step in tour_steps if step[0] < touched]
    assert [ref for _, ref in before][:2] == ["art", "art/intro"]  # the section, then its first exhibit
    tour_before = sum(later[0] - step[0] for step, later in zip(before, [*before[1:], (touched, None)], strict=True))
    assert tour_before == pytest.approx(30.0)
    after = [step for step in tour_steps if step[0] > touched]
    assert after, "the tour resumes after the reset"
    assert figures["tour"]["steps"] == len(before) + len(after)
