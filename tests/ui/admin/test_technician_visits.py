"""A visit the technician's gesture began is not a visitor's: analytics forget it, and the kiosk
goes back to its idle screen when the pad or panel closes. A visitor's visit that the technician
interrupts is kept, and ends as 'admin'."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk.analytics.clock import ManualWallClock
from kiosk.analytics.recorder import Recorder
from kiosk.play.navigation import Screen
from kiosk.play.player import Cause
from kiosk.play.recording import VisitRecording
from tests.ui.admin.rig import Rig, open_panel
from tests.ui.conftest import MEDIA_NOISE_PATTERNS

pytestmark = pytest.mark.qt_log_ignore(*MEDIA_NOISE_PATTERNS, r"This plugin does not support raise\(\)")


def recording(rig: Rig, tmp_path: Path) -> tuple[Recorder, ManualWallClock]:
    clock = ManualWallClock(1_790_000_000.0)
    recorder = Recorder(tmp_path / "visits.db", kiosk_id="test-kiosk", clock=clock, commit_interval=0.05)
    rig.shell.recorder = recorder
    assert rig.shell.player is not None
    rig.shell.player.subscribe(VisitRecording(rig.shell.player, recorder))
    return recorder, clock


def visits(recorder: Recorder) -> list[tuple[str | None, int]]:
    assert recorder.flush()
    with sqlite3.connect(recorder.path) as db:
        return db.execute("SELECT end_reason, (SELECT count(*) FROM views WHERE session_id = sessions.id) "
                          "FROM sessions ORDER BY id").fetchall()


def test_the_gestures_own_visit_is_not_counted_and_the_kiosk_goes_back_to_idle(make_rig, qtbot, tmp_path) -> None:
    rig: Rig = make_rig()
    recorder, _ = recording(rig, tmp_path)
    try:
        rig.admin_keys()
        qtbot.waitUntil(lambda: rig.desk.pad is not None)
        assert rig.shell.player.location.screen is Screen.HOME, "the pad woke the kiosk"
        assert recorder.flush()  # whatever was written is in the file: forgetting must remove it
        qtbot.mouseClick(rig.desk.pad.cancel_button, Qt.MouseButton.LeftButton)
        assert rig.shell.player.location.screen is Screen.ATTRACT
        assert visits(recorder) == []

        open_panel(qtbot, rig)
        qtbot.mouseClick(rig.desk.panel.close_button, Qt.MouseButton.LeftButton)
        assert rig.shell.player.location.screen is Screen.ATTRACT
        assert visits(recorder) == [], "with the right PIN and the panel too"

        rig.shell.player.touch()  # the next visitor
        rig.shell.player.open_section(0)
        rig.shell.player.reset()
        assert visits(recorder) == [("reset", 2)], "their visit is recorded as any other"
    finally:
        recorder.close()


def test_a_visitors_visit_the_technician_interrupts_is_kept(make_rig, qtbot, tmp_path) -> None:
    rig: Rig = make_rig()
    recorder, clock = recording(rig, tmp_path)
    try:
        rig.shell.player.touch()
        rig.shell.player.open_section(0)
        clock.advance(40)
        open_panel(qtbot, rig)
        qtbot.mouseClick(rig.desk.panel.close_button, Qt.MouseButton.LeftButton)
        assert rig.shell.player.location.screen is Screen.SECTION, "the visitor's screen stays"
        rig.shell.player.reset(Cause.ADMIN)  # as the panel's "restart playback" would
        assert visits(recorder) == [("admin", 2)]
    finally:
        recorder.close()
