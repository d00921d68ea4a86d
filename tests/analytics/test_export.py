"""CSV from many kiosks: the daily export, and how the files join into one table."""

from __future__ import annotations

import csv
import io
import logging
import re
import shutil
import subprocess
from argparse import Namespace
from pathlib import Path

import pytest

from kiosk.analytics.clock import ManualWallClock
from kiosk.analytics.export import COLUMNS
from kiosk.analytics.figures import STATS_COLUMNS
from kiosk.commands.visitors import cmd_stats
from tests.analytics.conftest import START, MakeRecorder, play_day, rows

DAY = 86400.0
ISO_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def concatenate(files: list[Path]) -> str:
    """What export.py documents: `awk 'FNR > 1 || NR == 1' FILES` (in Python where awk is missing)."""
    awk = shutil.which("awk")
    if awk:
        return subprocess.run([awk, "FNR > 1 || NR == 1", *map(str, files)], capture_output=True, text=True,
                              check=True).stdout
    lines: list[str] = []
    for index, path in enumerate(files):
        lines += path.read_text(encoding="utf-8").splitlines(keepends=True)[0 if index == 0 else 1:]
    return "".join(lines)


@pytest.fixture
def two_kiosks(make_recorder: MakeRecorder, tmp_path: Path) -> tuple[Path, list[Path]]:
    """Two kiosks play a day each into one shared folder; the next day each writes its CSV."""
    shared = tmp_path / "share"
    for kiosk in ("geneva-1", "geneva-2"):
        clock = ManualWallClock(START, offset=3600)
        recorder = make_recorder(kiosk_id=kiosk, clock=clock, path=tmp_path / kiosk / "events.db",
                                 export_folder=shared)
        play_day(recorder, clock)
        assert recorder.flush()
        clock.advance(DAY)
        assert recorder.flush()
    return shared, sorted(shared.iterdir())


def test_each_kiosk_writes_yesterdays_csv_once(two_kiosks: tuple[Path, list[Path]], tmp_path: Path) -> None:
    _, files = two_kiosks
    assert [f.name for f in files] == ["visits-2026-03-03-geneva-1.csv", "visits-2026-03-03-geneva-2.csv"]
    assert rows(tmp_path / "geneva-1" / "events.db", "SELECT value FROM meta") == [("2026-03-03",)]


def test_the_files_of_many_kiosks_concatenate_into_one_table(two_kiosks: tuple[Path, list[Path]]) -> None:
    _, files = two_kiosks
    for path in files:
        data = path.read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf")
        assert data.endswith(b"\n")
        assert b"\r" not in data
    joined = concatenate(files)
    assert joined.count("kiosk_id,record,") == 1
    table = list(csv.DictReader(io.StringIO(joined)))
    assert list(table[0]) == list(COLUMNS)
    assert len(table) == 2 * 20  # per kiosk: 2 visits, 11 views, 2 media plays, 2 choices, 3 tour steps
    assert {row["kiosk_id"] for row in table} == {"geneva-1", "geneva-2"}
    assert all(ISO_UTC.fullmatch(row["time_utc"]) for row in table)
    assert len({row["session"] for row in table if row["record"] == "session"}) == 4
    first_visit = [row for row in table if row["kiosk_id"] == "geneva-1"][:3]
    assert [(r["record"], r["time_utc"], r["seconds"], r["screen"], r["language"], r["end_reason"])
            for r in first_visit] == [("session", "2026-03-03T10:00:00.000Z", "151", "", "en", "reset"),
                                      ("view", "2026-03-03T10:00:00.000Z", "5", "home", "", ""),
                                      ("view", "2026-03-03T10:00:05.000Z", "10", "section", "", "")]
    media = [(r["exhibit"], r["seconds"], r["played"]) for r in table if r["record"] == "media"]
    assert media[:2] == [("canon", "120", "0.5"), ("canon", "", "1")]


def test_stats_csv_of_many_kiosks_concatenates_too(two_kiosks: tuple[Path, list[Path]], tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    outputs = []
    for kiosk in ("geneva-1", "geneva-2"):
        assert cmd_stats(Namespace(db=tmp_path / kiosk / "events.db", format="csv", since=None,
                                       until=None)) == 0
        outputs.append(tmp_path / f"{kiosk}.csv")
        outputs[-1].write_text(capsys.readouterr().out, encoding="utf-8")
    table = list(csv.reader(io.StringIO(concatenate(outputs))))
    assert table[0] == list(STATS_COLUMNS)
    assert sum(row == list(STATS_COLUMNS) for row in table) == 1
    totals = [row for row in table if row[1:4] == ["sessions", "", "total"]]
    assert totals == [["geneva-1", "sessions", "", "total", "2"], ["geneva-2", "sessions", "", "total", "2"]]


def test_a_missing_share_is_tried_again_later(make_recorder: MakeRecorder, clock: ManualWallClock,
                                              tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocked = tmp_path / "share"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    recorder = make_recorder(export_folder=blocked)
    play_day(recorder, clock)
    clock.advance(DAY)
    with caplog.at_level(logging.WARNING, "kiosk.analytics"):
        assert recorder.flush()
    assert [m.split(" (")[0] for m in caplog.messages] == [
        f"analytics: cannot write the daily CSV to {blocked}"]
    blocked.unlink()
    clock.advance(600)
    assert recorder.flush()
    assert not blocked.exists()  # checked at most hourly
    clock.advance(3600)
    assert recorder.flush()
    assert [p.name for p in blocked.iterdir()] == ["visits-2026-03-03-geneva-1.csv"]
