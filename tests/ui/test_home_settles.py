"""The home screen settles once laid out: no layout pass may ask for the next one for ever
(that kept a core busy for as long as a visitor looked at the home screen)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject

from tests.ui.conftest import MEDIA_NOISE, Kiosk

pytestmark = MEDIA_NOISE


class LayoutRequests(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def test_an_idle_home_screen_stops_laying_itself_out(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk()
    kiosk.player.touch()
    assert kiosk.screen == "home"
    home = kiosk.window.home
    requests = LayoutRequests()
    home.installEventFilter(requests)
    quiet_looks = 0

    def settled() -> bool:
        """Ten looks in a row (waitUntil looks every few milliseconds) saw no layout request."""
        nonlocal quiet_looks
        quiet_looks = quiet_looks + 1 if requests.count == 0 else 0
        requests.count = 0
        return quiet_looks >= 10

    qtbot.waitUntil(settled, timeout=3000)  # a screen that lays itself out for ever never settles
    home.removeEventFilter(requests)


def test_the_controls_still_move_under_the_title_when_the_text_grows(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk(size=(1280, 720))
    kiosk.player.touch()
    home = kiosk.window.home
    side_by_side = home.top.direction()
    kiosk.player.change_settings(text_scale=2.0)
    qtbot.waitUntil(lambda: home.top.direction() != side_by_side)
    kiosk.player.change_settings(text_scale=1.0)
    qtbot.waitUntil(lambda: home.top.direction() == side_by_side)
