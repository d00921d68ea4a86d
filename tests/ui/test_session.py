"""The idle visitor: "Still there?", then everything back to its defaults and the attract loop."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from kiosk.play.navigation import ATTRACT, Location, Screen
from kiosk.play.player import VisitSettings
from kiosk.play.session import Phase, SessionTimings
from tests.ui.conftest import MEDIA_NOISE, Kiosk

pytestmark = MEDIA_NOISE


def visit_and_change_everything(kiosk: Kiosk) -> None:
    kiosk.player.touch()
    kiosk.player.set_language("ar")
    kiosk.player.change_settings(text_scale=1.5, high_contrast=True, captions=False, volume=0.1)
    kiosk.player.open_section(0)
    kiosk.window.section.scroll_area.verticalScrollBar().setValue(200)
    kiosk.window.home.scroll_area.verticalScrollBar().setValue(100)
    kiosk.player.open_exhibit(0, 1)


def test_still_there_counts_down_and_a_touch_keeps_the_visit(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk()
    kiosk.player.touch()
    kiosk.player.open_section(1)
    overlay = kiosk.window.still_there
    kiosk.advance(89)
    assert not overlay.isVisible()
    kiosk.advance(1)
    assert overlay.isVisible()
    assert overlay.seconds_left == 10
    assert overlay.geometry() == kiosk.window.rect()
    kiosk.advance(3)
    assert overlay.seconds_left == 7
    assert overlay.accessibleDescription() == "The exhibition starts again in 7 seconds."
    tile = kiosk.window.section.tiles[0]
    QTest.mouseClick(kiosk.window, Qt.MouseButton.LeftButton, pos=tile.mapTo(kiosk.window, QPoint(20, 20)))
    assert not overlay.isVisible()
    assert kiosk.player.location == Location(Screen.SECTION, 1), "the answering touch opened nothing"
    assert kiosk.player.phase is Phase.VISIT


def test_session_reset_restores_every_default(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk(size=(1280, 720))
    default_scale = kiosk.window.stage.theme.body_px
    visit_and_change_everything(kiosk)
    window = kiosk.window
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.stage.theme.high_contrast
    assert window.exhibit.views
    kiosk.advance(90 + 10)
    assert kiosk.player.location == ATTRACT
    assert kiosk.screen == "attract"
    assert not window.still_there.isVisible()
    assert kiosk.player.settings == VisitSettings(language="en")
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert not window.stage.theme.high_contrast
    assert window.stage.theme.body_px == default_scale
    assert window.home.title.text() == "Machines that create"
    assert window.home.languages["en"].isChecked()
    assert not window.home.languages["ar"].isChecked()
    assert window.section.scroll_area.verticalScrollBar().value() == 0
    assert window.home.scroll_area.verticalScrollBar().value() == 0
    assert window.exhibit.views == {}, "media views stopped and released"
    assert not kiosk.player.navigator.can_go_back
    kiosk.player.touch()
    assert kiosk.screen == "home"


def test_playing_media_holds_off_the_question(make_kiosk) -> None:
    kiosk: Kiosk = make_kiosk()
    kiosk.player.touch()
    kiosk.player.open_exhibit(1, 1)
    view = kiosk.window.exhibit.view
    view.playing_changed.emit(True)
    kiosk.advance(300)
    assert not kiosk.window.still_there.isVisible()
    view.playing_changed.emit(False)
    kiosk.advance(90)
    assert kiosk.window.still_there.isVisible()


def test_leaving_a_playing_exhibit_restarts_the_idle_time(make_kiosk) -> None:
    kiosk: Kiosk = make_kiosk()
    kiosk.player.touch()
    kiosk.player.open_exhibit(1, 1)
    kiosk.window.exhibit.view.playing_changed.emit(True)
    kiosk.player.back()
    assert not kiosk.player.session.media_playing
    kiosk.advance(90)
    assert kiosk.window.still_there.isVisible()


def test_the_real_timer_runs_the_session(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk(timings=SessionTimings(idle_timeout=0.2, still_there=0.3), real_time=True)
    kiosk.player.touch()
    assert kiosk.screen == "home"
    qtbot.waitUntil(kiosk.window.still_there.isVisible, timeout=3000)
    qtbot.waitUntil(lambda: kiosk.screen == "attract", timeout=3000)
    assert not kiosk.window.still_there.isVisible()
