"""No personal data: no column can hold words a visitor typed, and the schema is what we reviewed.

Every text column is an identifier (a slug, a language code, a random id, the kiosk's id, a
day) or one of a fixed list of words, and the database itself refuses anything else. A new
column must be added to `REVIEWED` below, which makes it a decision someone looked at.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.analytics import schema
from kiosk.analytics.clock import ManualWallClock
from kiosk.analytics.recorder import Recorder
from tests.analytics.conftest import play_day

REVIEWED = {
    "places": {"id": "INTEGER", "screen": "TEXT", "section": "TEXT", "exhibit": "TEXT"},
    "sessions": {"id": "INTEGER", "uid": "TEXT", "kiosk_id": "TEXT", "started": "REAL",
                 "utc_offset": "INTEGER", "seconds": "REAL", "language": "TEXT", "end_reason": "TEXT"},
    "views": {"id": "INTEGER", "session_id": "INTEGER", "day": "INTEGER", "shown": "REAL",
              "place_id": "INTEGER", "dwell": "REAL", "entered": "INTEGER"},
    "media_plays": {"id": "INTEGER", "session_id": "INTEGER", "started": "REAL", "place_id": "INTEGER",
                    "duration": "REAL", "played": "REAL"},
    "choices": {"id": "INTEGER", "session_id": "INTEGER", "at": "REAL", "setting": "TEXT", "value": "TEXT"},
    "tour_plays": {"id": "INTEGER", "kiosk_id": "TEXT", "shown": "REAL", "utc_offset": "INTEGER",
                   "place_id": "INTEGER", "seconds": "REAL"},
    "meta": {"key": "TEXT", "value": "TEXT"},
}
VISITOR_WORDS = ("Jane Doe", "jane@example.org", "+41 22 338 91 11", "I loved the robot painter!")


@pytest.fixture
def full_database(recorder: Recorder, clock: ManualWallClock, db_path: Path) -> Iterator[sqlite3.Connection]:
    play_day(recorder, clock)
    recorder.close()
    connection = sqlite3.connect(db_path, isolation_level=None)
    connection.execute("INSERT INTO meta VALUES ('exported_through', '2026-03-02')")
    yield connection
    connection.close()


def columns(db: sqlite3.Connection) -> dict[str, dict[str, str]]:
    tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {table: {row[1]: row[2] for row in db.execute(f"PRAGMA table_info({table})")} for table in tables}


def test_the_schema_is_the_reviewed_one(full_database: sqlite3.Connection) -> None:
    assert columns(full_database) == REVIEWED


@pytest.mark.parametrize("words", VISITOR_WORDS)
def test_no_text_column_accepts_a_visitors_words(full_database: sqlite3.Connection, words: str) -> None:
    for table, found in columns(full_database).items():
        for column, kind in found.items():
            if kind != "TEXT":
                continue
            rowid = full_database.execute(f"SELECT rowid FROM {table} LIMIT 1").fetchone()
            assert rowid is not None, f"{table} is empty"
            with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
                full_database.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = ?", (words, rowid[0]))


def test_the_recorder_refuses_them_before_the_database_does(recorder: Recorder, db_path: Path) -> None:
    recorder.session_started("en")
    for words in VISITOR_WORDS:
        recorder.setting_changed("language", words)
        recorder.setting_changed("volume", words)
        recorder.screen_shown("exhibit", words)
        recorder.media_progress(words, 0.5)
        recorder.session_started(words)
    recorder.session_ended("admin")
    assert recorder.flush()
    connection = schema.connect(db_path)
    try:
        assert connection.execute("SELECT count(*) FROM choices").fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM views").fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM sessions").fetchone() == (1,)
    finally:
        connection.close()
