"""The recorder the player calls: what it keeps, what it drops, and that it never waits."""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from kiosk.analytics import schema
from kiosk.analytics.clock import ManualWallClock
from kiosk.analytics.recorder import Recorder, resolve_kiosk_id
from kiosk.settings.model import AnalyticsSettings, Settings
from tests.analytics.conftest import MakeRecorder, rows


def test_nothing_outside_a_visit_is_recorded(recorder: Recorder, clock: ManualWallClock,
                                             db_path: Path) -> None:
    recorder.screen_shown("home")
    recorder.media_progress("music/canon", 0.5)
    recorder.setting_changed("language", "fr")
    clock.advance(5)
    recorder.session_ended("reset")
    assert recorder.flush()
    for table in ("sessions", "views", "media_plays", "choices", "tour_plays"):
        assert rows(db_path, f"SELECT count(*) FROM {table}") == [(0,)], table


@pytest.mark.parametrize(("call", "message"), [
    (lambda r: r.screen_shown("attract"), "analytics: ignored the screen 'attract' None"),
    (lambda r: r.screen_shown("exhibit", "Art/Dawn"), "analytics: ignored the screen 'exhibit' 'Art/Dawn'"),
    (lambda r: r.screen_shown("section", "art/dawn"), "analytics: ignored the screen 'section' 'art/dawn'"),
    (lambda r: r.screen_shown("home", "art"), "analytics: ignored the screen 'home' 'art'"),
    (lambda r: r.media_started("canon"), "analytics: ignored media of 'canon'"),
    (lambda r: r.setting_changed("name", "Jane"), "analytics: ignored the choice 'name' = 'Jane'"),
    (lambda r: r.setting_changed("language", "Jane Doe"),
     "analytics: ignored the choice 'language' = 'Jane Doe'"),
    (lambda r: r.setting_changed("text_scale", float("nan")),
     "analytics: ignored the choice 'text_scale' = nan"),
    (lambda r: r.session_ended("bored"), "analytics: unknown end reason 'bored'; recorded as 'reset'"),
    (lambda r: r.tour_shown("exhibit", "music"), "analytics: ignored the tour step 'exhibit' 'music'"),
])
def test_arguments_that_do_not_fit_are_logged_and_dropped(
        recorder: Recorder, caplog: pytest.LogCaptureFixture, call: object, message: str) -> None:
    recorder.session_started("en")
    with caplog.at_level(logging.WARNING, "kiosk.analytics"):
        call(recorder)  # type: ignore[operator]
    assert [r.getMessage() for r in caplog.records] == [message]


def test_a_language_that_is_not_a_code_records_no_visit(recorder: Recorder, db_path: Path,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, "kiosk.analytics"):
        recorder.session_started("Jane's language")
    recorder.screen_shown("home")
    assert recorder.flush()
    assert not recorder.in_session
    assert rows(db_path, "SELECT count(*) FROM sessions") == [(0,)]
    assert caplog.messages == [
        "analytics: \"Jane's language\" is not a language code; the visit is not recorded"]


def test_idle_time_never_takes_more_than_the_last_screen(recorder: Recorder, clock: ManualWallClock,
                                                         db_path: Path) -> None:
    recorder.session_started("en")
    recorder.screen_shown("home")
    clock.advance(20)
    recorder.screen_shown("exhibit", "art/dawn")
    clock.advance(30)
    recorder.session_ended("reset", idle=100)
    assert recorder.flush()
    assert rows(db_path, "SELECT dwell FROM views ORDER BY id") == [(20.0,), (0.0,)]
    assert rows(db_path, "SELECT seconds FROM sessions") == [(20.0,)]


def test_media_progress_keeps_the_furthest_point_and_starts_a_play_by_itself(
        recorder: Recorder, clock: ManualWallClock, db_path: Path) -> None:
    recorder.session_started("en")
    recorder.screen_shown("exhibit", "music/canon")
    for played in (0.2, 0.6, 0.3, 0.605):  # the visitor sought back; the furthest point counts
        clock.advance(1)
        recorder.media_progress("music/canon", played)
    recorder.media_progress("music/canon", 7.0)
    recorder.screen_shown("exhibit", "music/fugue")
    recorder.media_progress("music/fugue", 0.25)
    recorder.media_started("music/fugue")  # played again: a second play
    recorder.session_ended("admin")
    assert recorder.flush()
    assert rows(db_path, "SELECT p.exhibit, m.played FROM media_plays m JOIN places p ON p.id = m.place_id "
                         "ORDER BY m.id") == [("canon", 1.0), ("fugue", 0.25), ("fugue", 0.0)]


def test_a_visit_left_open_is_closed_by_the_next(recorder: Recorder, clock: ManualWallClock, db_path: Path,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    recorder.session_started("en")
    recorder.screen_shown("home")
    clock.advance(40)
    with caplog.at_level(logging.WARNING, "kiosk.analytics"):
        recorder.session_started("fr")
    recorder.screen_shown("home")
    assert recorder.flush()
    assert rows(db_path, "SELECT language, seconds, end_reason FROM sessions ORDER BY id") == [
        ("en", 40.0, "interrupted"), ("fr", None, None)]
    assert caplog.messages == ["analytics: a visit began while another was open; closing that one"]


def test_close_ends_the_visit_and_the_tour_step(make_recorder: MakeRecorder, clock: ManualWallClock,
                                                db_path: Path) -> None:
    recorder = make_recorder()
    recorder.tour_shown("section", "art")
    clock.advance(3)
    recorder.session_started("en")
    recorder.screen_shown("home")
    clock.advance(7)
    recorder.close()
    assert not any(t.name == "kiosk-analytics" for t in threading.enumerate())
    assert rows(db_path, "SELECT seconds, end_reason FROM sessions") == [(7.0, "shutdown")]
    assert rows(db_path, "SELECT seconds FROM tour_plays") == [(10.0,)]
    recorder.screen_shown("home")  # after close: quietly nothing
    assert not recorder.flush()


def test_visits_cut_short_by_a_crash_are_marked_at_the_next_start(
        make_recorder: MakeRecorder, clock: ManualWallClock, db_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    first = make_recorder()
    first.session_started("en")
    first.screen_shown("home")
    assert first.flush()
    first._session = None  # the process died: nobody ends the visit
    first.close()
    with caplog.at_level(logging.INFO, "kiosk.analytics"):
        second = make_recorder()
        assert second.flush()
    assert rows(db_path, "SELECT seconds, end_reason FROM sessions") == [(None, "interrupted")]
    assert rows(db_path, "SELECT dwell FROM views") == [(None,)]
    assert "analytics: 1 visit(s) were cut short by the last stop" in caplog.messages


def test_the_gui_thread_never_touches_sqlite(make_recorder: MakeRecorder, clock: ManualWallClock,
                                             db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Even with the database locked by someone else, every call returns at once."""
    threads: list[str] = []
    connect = sqlite3.connect

    def spy(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        threads.append(threading.current_thread().name)
        return connect(*args, **kwargs)

    monkeypatch.setattr(schema.sqlite3, "connect", spy)
    recorder = make_recorder()
    assert recorder.flush()
    blocker = connect(db_path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    recorder.session_started("en")
    for n in range(500):
        clock.advance(1)
        recorder.screen_shown("exhibit", f"art/e{n}")
    recorder.session_ended("admin")
    blocker.execute("COMMIT")
    blocker.close()
    assert recorder.flush()
    assert set(threads) == {"kiosk-analytics"}
    assert rows(db_path, "SELECT count(*) FROM views") == [(500,)]


def test_a_disabled_recorder_writes_nothing(tmp_path: Path, clock: ManualWallClock) -> None:
    path = tmp_path / "events.db"
    recorder = Recorder(path, clock=clock, enabled=False)
    recorder.session_started("en")
    recorder.screen_shown("home")
    recorder.tour_shown("section", "art")
    recorder.close()
    assert not recorder.enabled
    assert not recorder.flush()
    assert not path.exists()


def test_from_settings(tmp_path: Path, clock: ManualWallClock) -> None:
    off = Recorder.from_settings(Settings(analytics=AnalyticsSettings(enabled=False)), path=tmp_path / "a.db")
    assert not off.enabled
    on = Recorder.from_settings(Settings(kiosk_id="hall-2", analytics=AnalyticsSettings(retention_days=30)),
                                clock=clock, path=tmp_path / "b.db")
    try:
        assert on.enabled
        assert on.kiosk_id == "hall-2"
    finally:
        on.close()


@pytest.mark.parametrize(("setting", "host", "kiosk_id"), [
    ("hall-2", "ignored", "hall-2"),
    ("", "kiosk-07.museum.local", "kiosk-07.museum.local"),
    ("", "Salle des pas perdus", "Salle-des-pas-perdus"),
    ("", "", "kiosk"),
])
def test_kiosk_id_is_the_setting_or_the_host_name(monkeypatch: pytest.MonkeyPatch, setting: str, host: str,
                                                  kiosk_id: str) -> None:
    monkeypatch.setattr("socket.gethostname", lambda: host)
    assert resolve_kiosk_id(setting) == kiosk_id
