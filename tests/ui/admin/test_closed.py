"""Opening hours: the quiet "closed" slate comes and goes with a clock the test controls."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.play.navigation import Screen
from kiosk.play.session import Phase
from kiosk.settings.model import Settings, TourSettings
from kiosk.ui.closed import DIM_GROUND, opening_line
from tests.ui.admin.rig import FAST_HASH, PIN, Rig, enter
from tests.ui.conftest import MEDIA_NOISE_PATTERNS

pytestmark = pytest.mark.qt_log_ignore(*MEDIA_NOISE_PATTERNS, r"This plugin does not support raise\(\)")

HOURS = {"monday": ["09:00-17:00"], "tuesday": ["09:00-17:00"]}
MONDAY = dt.datetime(2026, 11, 23)  # a Monday


def at(hour: int, minute: int = 0, *, day: int = 0, second: int = 0) -> dt.datetime:
    return MONDAY + dt.timedelta(days=day, hours=hour, minutes=minute, seconds=second)


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar", "zh", "ru"])
def test_every_weekday_has_its_sentence(language: str) -> None:
    lines = {opening_line(at(10, day=day), at(18, day=day - 3), language) for day in range(3, 10)}
    assert len(lines) == 7, "seven different days, seven different sentences"
    assert all("10:00" in line and "opens_" not in line for line in lines)


@pytest.mark.parametrize(("now", "opens", "language", "expected"), [
    (at(7), at(9), "en", "Opens today at 09:00"),
    (at(18), at(9, day=1), "fr", "Ouvre demain à 09:00"),
    (at(18, day=1), at(9, day=7), "en", "Opens Monday at 09:00"),
    (at(18, day=1), at(9, day=7), "ru", "Откроется в понедельник в 09:00"),
    (at(18, day=1), at(9, day=7), "es", "Abre el lunes a las 09:00"),
    (at(18), None, "en", ""),
])
def test_the_next_opening_in_words(now: dt.datetime, opens: dt.datetime | None, language: str, expected: str) -> None:
    assert opening_line(opens, now, language) == expected


def rig_with_hours(make_rig, now: dt.datetime, **settings: object) -> Rig:
    values = {"admin_pin": FAST_HASH, "opening_hours": HOURS, **settings}
    return make_rig(settings=Settings(**values), now=now)  # type: ignore[arg-type]


def test_the_slate_shows_outside_the_hours_and_goes_at_opening_time(make_rig, qtbot, caplog) -> None:
    rig = rig_with_hours(make_rig, at(8, 30))
    hours, player = rig.desk.hours, rig.shell.player
    slate = hours.slate
    assert hours.closed
    assert slate.isVisible()
    assert slate.geometry() == rig.window.rect()
    assert (slate.title, slate.closed_text, slate.next_text) == ("Machines that create", "Closed", "Opens today at 09:00")
    assert player.suspended
    assert player.location.screen is Screen.HOME
    assert player.next_deadline() is None, "nothing runs while closed"
    assert hours.timer.isActive()
    assert hours.timer.interval() == 60_000, "at least once a minute"

    centre = QPoint(rig.window.width() // 2, rig.window.height() // 2)
    QTest.mouseClick(rig.window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    QTest.keyClick(rig.window, Qt.Key.Key_Right)
    QApplication.processEvents()
    assert player.phase is Phase.IDLE, "a touch starts no visit"
    assert player.location.screen is Screen.HOME

    rig.now = at(9)
    hours.check()
    assert not hours.closed
    assert not slate.isVisible()
    assert not player.suspended
    assert player.location.screen is Screen.ATTRACT, "opening starts afresh with the attract loop"
    assert player.next_deadline() is not None

    rig.now = at(16, 59, second=30)
    hours.check()
    assert hours.timer.interval() == 30_000, "the next look is at closing time"
    rig.now = at(17)
    hours.check()
    assert hours.closed
    assert slate.isVisible()
    assert slate.next_text == "Opens tomorrow at 09:00"
    changes = [e["closed"] for e in caplog_events(caplog)]
    assert changes == [True, False, True]


def caplog_events(caplog: pytest.LogCaptureFixture) -> list[dict]:
    return [r.fields for r in caplog.records if getattr(r, "event", None) == "opening_hours"]


def test_closing_stops_the_tour(make_rig) -> None:
    rig = rig_with_hours(make_rig, at(12), tour=TourSettings(enabled=True))
    player = rig.shell.player
    assert player.touring
    rig.now = at(20)
    rig.desk.hours.check()
    assert not player.touring
    assert player.location.screen is Screen.HOME
    rig.now = at(9, day=1)
    rig.desk.hours.check()
    assert player.touring, "the tour starts again at opening time"


@pytest.mark.parametrize("display", ["dim", "blank"])
def test_dim_is_dark_and_quiet_and_blank_is_black(make_rig, display: str) -> None:
    rig = rig_with_hours(make_rig, at(20), closed_display=display)
    image = rig.desk.hours.slate.grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)}
    if display == "blank":
        assert colours == {"#000000"}
        return
    assert DIM_GROUND.name() in colours
    assert len(colours) > 2, "the title and the next opening are drawn"
    brightest = max(QColor(name).lightness() for name in colours)
    assert 60 < brightest < 140, "readable up close, dark from afar"


def test_the_admin_gesture_still_opens_the_pad_while_closed(make_rig, qtbot) -> None:
    rig = rig_with_hours(make_rig, at(20))
    rig.hold_then_tap()
    qtbot.waitUntil(lambda: rig.desk.pad is not None)
    assert rig.desk.pad.isVisible()
    enter(qtbot, rig, PIN)
    qtbot.waitUntil(lambda: rig.desk.panel is not None, timeout=5000)
    assert dict(rig.desk.status_rows())["Opening hours"] == "closed now"
    assert rig.shell.player.suspended, "the panel does not open the kiosk"
    rig.desk.close_panel("closed")
    assert rig.desk.gesture.blocking, "closed again: touches do nothing"


def test_the_archive_viewer_ignores_opening_hours(make_rig) -> None:
    rig = make_rig(windowed=True, settings=Settings(opening_hours=HOURS), now=at(20))
    assert not rig.desk.hours.closed
    assert not rig.desk.hours.slate.isVisible()
