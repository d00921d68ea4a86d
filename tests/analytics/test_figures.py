"""`kiosk stats` on a scripted day: every figure exactly as worked out by hand."""

from __future__ import annotations

import csv
import io
import sqlite3
from argparse import Namespace
from pathlib import Path

import pytest

from kiosk.analytics import schema
from kiosk.analytics.clock import ManualWallClock
from kiosk.analytics.recorder import Recorder
from kiosk.commands.visitors import cmd_stats
from tests.analytics.conftest import EXPECTED, play_day, rows, stats_json


@pytest.fixture
def day(recorder: Recorder, clock: ManualWallClock, db_path: Path) -> Path:
    play_day(recorder, clock)
    assert recorder.flush()
    return db_path


def test_stats_json_has_the_exact_figures(day: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert stats_json(capsys, day) == EXPECTED


def test_what_was_recorded_row_by_row(day: Path) -> None:
    views = rows(day, "SELECT s.language, p.screen, p.section, p.exhibit, v.dwell, v.entered FROM views v "
                      "JOIN sessions s ON s.id = v.session_id JOIN places p ON p.id = v.place_id "
                      "ORDER BY v.id")
    assert views == [
        ("en", "home", "", "", 5.0, 0), ("en", "section", "art", "", 10.0, 1),
        ("en", "exhibit", "art", "dawn", 30.0, 0), ("en", "exhibit", "art", "series", 20.0, 0),
        ("en", "home", "", "", 5.0, 0), ("en", "section", "music", "", 6.0, 1),
        ("en", "exhibit", "music", "canon", 65.0, 0), ("en", "home", "", "", 10.0, 0),
        ("fr", "home", "", "", 4.0, 0), ("fr", "exhibit", "music", "canon", 126.0, 1),
        ("fr", "section", "music", "", 6.0, 0),
    ]
    assert rows(day, "SELECT duration, played FROM media_plays ORDER BY id") == [(120.0, 0.5), (None, 1.0)]
    assert rows(day, "SELECT seconds, end_reason, utc_offset FROM sessions ORDER BY id") == [
        (151.0, "reset", 3600), (136.0, "admin", 3600)]
    assert rows(day, "SELECT setting, value FROM choices ORDER BY id") == [("text_scale", "1.25"),
                                                                            ("language", "fr")]
    assert rows(day, "SELECT p.screen, p.section, p.exhibit, t.seconds FROM tour_plays t "
                     "JOIN places p ON p.id = t.place_id ORDER BY t.id") == [
        ("section", "art", "", 6.0), ("exhibit", "art", "dawn", 12.0), ("exhibit", "music", "canon", 120.0)]


@pytest.mark.parametrize(("since", "until", "sessions"), [
    ("2026-03-03", "2026-03-03", 2),
    ("2026-03-03", None, 2),
    (None, "2026-03-02", 0),
    ("2026-03-04", None, 0),
])
def test_since_and_until_are_local_days_both_included(
        day: Path, capsys: pytest.CaptureFixture[str], since: str | None, until: str | None,
        sessions: int) -> None:
    figures = stats_json(capsys, day, since=since, until=until)
    assert figures["sessions"]["total"] == sessions  # type: ignore[index]
    assert len(figures["exhibits"]) == (3 if sessions else 0)  # type: ignore[arg-type]
    assert figures["tour"]["steps"] == (3 if sessions else 0)  # type: ignore[index]


def test_a_visit_counts_on_the_kiosks_local_day(make_recorder: object, db_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    # 23:30 UTC on 2 March is 00:30 on 3 March in Geneva.
    clock = ManualWallClock(1772494200.0, offset=3600)
    recorder = make_recorder(clock=clock)  # type: ignore[operator]
    recorder.session_started("en")
    recorder.screen_shown("home")
    clock.advance(30)
    recorder.session_ended("admin")
    assert recorder.flush()
    figures = stats_json(capsys, db_path)
    assert figures["sessions"]["per_day"] == [{"day": "2026-03-03", "sessions": 1}]  # type: ignore[index]
    assert figures["weekday_hour"]["tuesday"][0] == 1  # type: ignore[index]


def test_table_for_people(day: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cmd_stats(Namespace(db=day, format="table", since=None, until=None)) == 0
    out = capsys.readouterr().out
    assert "Visitor statistics for geneva-1, all recorded days" in out
    assert "  visits               2\n" in out
    assert "  median visit length  2 min 24 s\n" in out  # 143.5 s, rounded
    assert "  visits ended by      admin 1, reset 1\n" in out
    assert "  music         2      4  3 min 23 s\n" in out
    assert "  music/canon      2  3 min 11 s  1 min 36 s\n" in out  # 95.5 s on average
    assert "  music/canon      2             75%          1\n" in out
    assert "  fr             1    50%\n" in out
    assert "Tour: 3 steps played, 2 min 18 s in all\n" in out


def test_csv_is_long_and_starts_with_the_kiosk(day: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cmd_stats(Namespace(db=day, format="csv", since=None, until=None)) == 0
    table = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert table[0] == ["kiosk_id", "figure", "item", "measure", "value"]
    assert all(len(row) == 5 and row[0] == "geneva-1" for row in table[1:])
    assert ["geneva-1", "sessions", "", "median_seconds", "143.5"] in table
    assert ["geneva-1", "media", "music/canon", "mean_played", "0.75"] in table
    assert ["geneva-1", "sessions_per_day", "2026-03-03", "sessions", "2"] in table


def test_no_database_yet_is_an_empty_answer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    figures = stats_json(capsys, tmp_path / "none.db")
    assert figures["sessions"] == {"total": 0, "median_seconds": None, "per_day": [], "ended": {}}
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize(("since", "until", "message"), [
    ("yesterday", None, "kiosk stats: error: 'yesterday' is not a day like 2026-03-01\n"),
    ("2026-03-05", "2026-03-01", "kiosk stats: error: --since is after --until\n"),
])
def test_bad_dates_are_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], since: str,
                                    until: str | None, message: str) -> None:
    assert cmd_stats(Namespace(db=tmp_path / "x.db", format="json", since=since, until=until)) == 2
    assert capsys.readouterr().err == message


def test_a_copy_on_read_only_media_is_read_as_it_is(day: Path, recorder: Recorder,
                                                    capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(path: Path) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    recorder.close()  # a copy is taken from a kiosk that has stopped
    monkeypatch.setattr(schema, "connect", read_only)
    assert stats_json(capsys, day) == EXPECTED
