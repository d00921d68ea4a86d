"""A recorder on a manual clock, and a scripted day at the kiosk whose figures are known."""

from __future__ import annotations

import json
import sqlite3
from argparse import Namespace
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.analytics import schema
from kiosk.analytics.clock import ManualWallClock
from kiosk.analytics.recorder import Recorder
from kiosk.commands.visitors import cmd_stats

# Tuesday 3 March 2026, 10:00 UTC: 11:00 in Geneva (UTC+1 in winter).
START = datetime(2026, 3, 3, 10, 0, tzinfo=UTC).timestamp()
GENEVA = 3600


@pytest.fixture
def clock() -> ManualWallClock:
    return ManualWallClock(START, offset=GENEVA)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "analytics" / "events.db"


MakeRecorder = Callable[..., Recorder]


@pytest.fixture
def make_recorder(db_path: Path, clock: ManualWallClock) -> Iterator[MakeRecorder]:
    """Recorders that are closed (their writer threads stopped) when the test ends."""
    made: list[Recorder] = []

    def make(**options: object) -> Recorder:
        options.setdefault("kiosk_id", "geneva-1")
        options.setdefault("clock", clock)
        path = options.pop("path", db_path)
        recorder = Recorder(path, **options)  # type: ignore[arg-type]
        made.append(recorder)
        return recorder

    yield make
    for recorder in made:
        recorder.close()


@pytest.fixture
def recorder(make_recorder: MakeRecorder) -> Recorder:
    return make_recorder()


def play_day(recorder: Recorder, clock: ManualWallClock) -> None:
    """Two visits and a tour; `EXPECTED` holds their figures, worked out by hand below.

    Visit 1 (English, ended by the idle reset):
      0 home | 5 section art | 15 art/dawn | 45 art/series | 65 home | 70 section music |
      76 music/canon, its audio starts at 77 and is half played at 137 | 140 larger text |
      141 home | 251 reset after 100 idle seconds: the visit and its last screen end at 151.
      Dwell: home 5, art 10, dawn 30, series 20, home 5, music 6, canon 65, home 10.
    Visit 2 (starts in English, switches to French; ended from the admin panel):
      1000 home, French | 1004 music/canon (from the search: enters music there), its
      audio plays to the end by 1124 | 1130 section music | 1136 admin.
      Dwell: home 4, canon 126, music 6. Length 136.
    The tour: 1200 section art | 1206 art/dawn | 1218 music/canon | 1338 a visitor touches.
    """
    recorder.screen_shown("home")  # the attract loop's screens are nobody's visit
    recorder.session_started("en")
    recorder.screen_shown("home")
    for seconds, screen, ref in ((5, "section", "art"), (10, "exhibit", "art/dawn"),
                                 (30, "exhibit", "art/series"), (20, "home", None), (5, "section", "music"),
                                 (6, "exhibit", "music/canon")):
        clock.advance(seconds)
        recorder.screen_shown(screen, ref)
    recorder.screen_shown("exhibit", "music/canon")  # the same screen again is the same view
    clock.advance(1)
    recorder.media_started("music/canon", duration=120)
    for _ in range(60):
        clock.advance(1)
        recorder.media_progress("music/canon", (clock.monotonic() - 1077) / 120)
    clock.advance(3)
    recorder.setting_changed("text_scale", 1.25)
    clock.advance(1)
    recorder.screen_shown("home")
    clock.advance(110)
    recorder.session_ended("reset", idle=100)

    clock.advance(1000 - 251)
    recorder.session_started("en")
    recorder.setting_changed("language", "fr")
    recorder.screen_shown("home")
    clock.advance(4)
    recorder.screen_shown("exhibit", "music/canon")
    recorder.media_progress("music/canon", 0.1)
    clock.advance(120)
    recorder.media_progress("music/canon", 1.0)
    clock.advance(6)
    recorder.screen_shown("section", "music")
    clock.advance(6)
    recorder.session_ended("admin")

    clock.advance(1200 - 1136)
    recorder.tour_shown("section", "art")
    recorder.screen_shown("exhibit", "art/dawn")  # outside a visit: not recorded
    clock.advance(6)
    recorder.tour_shown("exhibit", "art/dawn")
    clock.advance(12)
    recorder.tour_shown("exhibit", "music/canon")
    recorder.media_progress("music/canon", 0.5)  # the tour's media are proof of play, not a visitor's
    clock.advance(120)
    recorder.tour_stopped()


EXPECTED = {
    "kiosks": ["geneva-1"],
    "since": None,
    "until": None,
    "sessions": {
        "total": 2,
        "median_seconds": 143.5,  # (151 + 136) / 2
        "per_day": [{"day": "2026-03-03", "sessions": 2}],
        "ended": {"admin": 1, "reset": 1},
    },
    "sections": [
        {"section": "music", "visits": 2, "views": 4, "dwell_seconds": 203.0},  # 6 + 65 + 126 + 6
        {"section": "art", "visits": 1, "views": 3, "dwell_seconds": 60.0},  # 10 + 30 + 20
    ],
    "exhibits": [
        {"exhibit": "music/canon", "views": 2, "dwell_seconds": 191.0, "mean_dwell_seconds": 95.5},
        {"exhibit": "art/dawn", "views": 1, "dwell_seconds": 30.0, "mean_dwell_seconds": 30.0},
        {"exhibit": "art/series", "views": 1, "dwell_seconds": 20.0, "mean_dwell_seconds": 20.0},
    ],
    "media": [{"exhibit": "music/canon", "plays": 2, "mean_played": 0.75, "completed": 1}],
    "languages": [{"language": "en", "sessions": 1, "share": 0.5},
                  {"language": "fr", "sessions": 1, "share": 0.5}],
    "choices": {"language": 1, "text_scale": 1},
    "dwell_distribution": [
        {"bin": "< 5 s", "views": 0}, {"bin": "5–10 s", "views": 0}, {"bin": "10–20 s", "views": 0},
        {"bin": "20–30 s", "views": 1}, {"bin": "30–60 s", "views": 1}, {"bin": "1–2 min", "views": 1},
        {"bin": "2–5 min", "views": 1}, {"bin": "5 min +", "views": 0},
    ],
    "weekday_hour": {day: [0] * 24 for day in
                     ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")}
                    | {"tuesday": [0] * 11 + [2] + [0] * 12},
    "tour": {"steps": 3, "seconds": 138.0, "per_day": [{"day": "2026-03-03", "steps": 3, "seconds": 138.0}]},
}


def stats_json(capsys: pytest.CaptureFixture[str], db: Path, **dates: str | None) -> dict[str, object]:
    args = Namespace(db=db, format="json", since=dates.get("since"), until=dates.get("until"))
    status = cmd_stats(args)
    out = capsys.readouterr().out
    assert status == 0
    return json.loads(out)  # type: ignore[no-any-return]


def rows(db: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    connection = schema.connect(db)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def read_only(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True)
