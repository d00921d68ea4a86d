"""The database file: its schema and mode, damaged files, files from newer kiosks, pruning."""

from __future__ import annotations

import logging
import os
import re
from argparse import Namespace
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.analytics import schema
from kiosk.analytics.clock import ManualWallClock
from kiosk.commands.visitors import cmd_stats
from tests.analytics.conftest import MakeRecorder, rows

DAY = timedelta(days=1).total_seconds()


def visit(recorder: object, clock: ManualWallClock, language: str = "en", seconds: float = 30) -> None:
    recorder.session_started(language)  # type: ignore[attr-defined]
    recorder.screen_shown("exhibit", "art/dawn")  # type: ignore[attr-defined]
    clock.advance(seconds)
    recorder.session_ended("admin")  # type: ignore[attr-defined]


def test_a_new_database_is_in_wal_mode_at_the_current_schema(make_recorder: MakeRecorder,
                                                              db_path: Path) -> None:
    assert make_recorder().flush()
    assert rows(db_path, "PRAGMA journal_mode") == [("wal",)]
    assert rows(db_path, "PRAGMA user_version") == [(schema.SCHEMA_VERSION,)]
    tables = {name for (name,) in rows(db_path, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"places", "sessions", "views", "media_plays", "choices", "tour_plays", "meta"}


def _junk_everything(path: Path) -> None:
    path.write_bytes(os.urandom(3 * 4096))


def _junk_after_the_header(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as stream:
        stream.seek(4096)
        stream.write(b"\xde\xad\xbe\xef" * ((size - 4096) // 4))


@pytest.mark.parametrize("damage", [_junk_everything, _junk_after_the_header])
def test_a_damaged_database_is_moved_aside_and_a_new_one_started(
        make_recorder: MakeRecorder, clock: ManualWallClock, db_path: Path, caplog: pytest.LogCaptureFixture,
        damage: object) -> None:
    first = make_recorder()
    for _ in range(200):
        visit(first, clock)
    first.close()
    assert rows(db_path, "SELECT count(*) FROM sessions") == [(200,)]
    for leftover in (db_path.with_name("events.db-wal"), db_path.with_name("events.db-shm")):
        leftover.unlink(missing_ok=True)
    damage(db_path)  # type: ignore[operator]
    junk = db_path.read_bytes()

    with caplog.at_level(logging.ERROR, "kiosk.analytics"):
        second = make_recorder()
        visit(second, clock, language="fr")
        assert second.flush()

    aside = [p for p in db_path.parent.iterdir() if p.name.startswith("events.db.corrupt-")]
    assert len(aside) == 1
    assert re.fullmatch(r"events\.db\.corrupt-\d{8}-\d{6}", aside[0].name)
    assert aside[0].read_bytes() == junk
    assert rows(db_path, "SELECT language FROM sessions") == [("fr",)]
    assert len(caplog.records) == 1
    assert caplog.messages[0].startswith(f"analytics database {db_path} is damaged (")
    assert caplog.messages[0].endswith(f"); moved it to {aside[0].name} and started a new one")


def test_stats_on_a_damaged_database_says_so_and_leaves_it(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "events.db"
    _junk_everything(path)
    assert cmd_stats(Namespace(db=path, format="table", since=None, until=None)) == 1
    assert capsys.readouterr().err == (f"kiosk stats: {path} is damaged; the kiosk moves it aside when it "
                                       "next starts: file is not a database\n")
    assert [p.name for p in tmp_path.iterdir()] == ["events.db"]


def test_a_database_from_a_newer_kiosk_is_kept_aside(make_recorder: MakeRecorder, clock: ManualWallClock,
                                                     db_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    make_recorder().close()
    connection = schema.connect(db_path)
    connection.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    connection.close()
    with caplog.at_level(logging.WARNING, "kiosk.analytics"):
        recorder = make_recorder()
        visit(recorder, clock)
        assert recorder.flush()
    aside = [p.name for p in db_path.parent.iterdir() if ".newer-" in p.name]
    assert len(aside) == 1
    assert rows(db_path, "SELECT count(*) FROM sessions") == [(1,)]
    assert caplog.messages == [
        f"analytics database {db_path} has schema version {schema.SCHEMA_VERSION + 1}; this kiosk knows up "
        f"to {schema.SCHEMA_VERSION}; moved it to {aside[0]} and started a new one"]


def test_migrations_run_once_each_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "events.db"
    schema.connect(path).close()
    extra = ("CREATE TABLE upgrade_marker (id INTEGER PRIMARY KEY)",)
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, extra))
    monkeypatch.setattr(schema, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)
    connection = schema.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone() == (schema.SCHEMA_VERSION,)
    assert schema.migrate(connection) == schema.SCHEMA_VERSION
    connection.close()


def test_old_records_are_pruned_daily(make_recorder: MakeRecorder, clock: ManualWallClock, db_path: Path,
                                      caplog: pytest.LogCaptureFixture) -> None:
    recorder = make_recorder(retention_days=30)
    visit(recorder, clock, "en")
    recorder.tour_shown("section", "art")
    clock.advance(10)
    recorder.tour_stopped()
    assert recorder.flush()
    clock.advance(20 * DAY)
    visit(recorder, clock, "fr")
    assert recorder.flush()
    assert rows(db_path, "SELECT language FROM sessions ORDER BY id") == [("en",), ("fr",)]

    clock.advance(11 * DAY)  # the first visit is now 31 days old, the second 11
    with caplog.at_level(logging.INFO, "kiosk.analytics"):
        assert recorder.flush()
    assert rows(db_path, "SELECT language FROM sessions ORDER BY id") == [("fr",)]
    assert rows(db_path, "SELECT count(*) FROM views") == [(1,)]
    assert rows(db_path, "SELECT count(*) FROM tour_plays") == [(0,)]
    assert caplog.messages == [
        "analytics: pruned 1 visit(s) and 1 tour step(s) older than the retention period"]


def test_a_folder_that_cannot_hold_the_database_costs_the_records_not_the_kiosk(
        make_recorder: MakeRecorder, clock: ManualWallClock, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the data folder should be", encoding="utf-8")
    with caplog.at_level(logging.ERROR, "kiosk.analytics"):
        recorder = make_recorder(path=blocked / "events.db")
        visit(recorder, clock)
        assert recorder.flush()
    assert len(caplog.messages) == 1
    assert caplog.messages[0].startswith(f"analytics: cannot open {blocked / 'events.db'} (")
    assert caplog.messages[0].endswith("); visits are not recorded")
