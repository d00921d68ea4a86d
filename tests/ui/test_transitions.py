"""The cross-fade between screens: never a black gap, and a tap's answer in the first frame."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget

from kiosk.ui.transitions import CrossFade


def screen(qtbot, colour: str) -> tuple[QWidget, CrossFade]:
    """A 'stack' painted `colour` (the new screen) with the fade over it."""
    stack = QWidget()
    stack.resize(200, 100)
    stack.setStyleSheet(f"background: {colour};")
    stack.setAutoFillBackground(True)
    qtbot.addWidget(stack)
    fade = CrossFade(stack, 260)
    stack.show()
    qtbot.waitExposed(stack)
    return stack, fade


def old_frame(colour: str) -> QImage:
    frame = QImage(200, 100, QImage.Format.Format_RGB32)
    frame.fill(QColor(colour))
    return frame


def test_the_first_frame_of_a_fade_already_shows_the_new_screen_and_no_black(qtbot) -> None:
    stack, fade = screen(qtbot, "#00ff00")
    fade.start(old_frame("#ff0000"))
    first = stack.grab().toImage().pixelColor(100, 50)
    assert first.green() > 0, f"the first frame must differ from the old screen: {first.name()}"
    assert first.red() < 255, f"the first frame must differ from the old screen: {first.name()}"
    assert first.red() > first.green(), f"…but the old screen still mostly covers it: {first.name()}"
    fade.stop()


def test_the_fade_ends_on_the_new_screen_alone(qtbot) -> None:
    stack, fade = screen(qtbot, "#00ff00")
    fade.start(old_frame("#ff0000"))
    assert fade.running
    qtbot.waitUntil(lambda: not fade.running, timeout=2000)
    assert stack.grab().toImage().pixelColor(100, 50).name() == "#00ff00"


def test_halfway_through_the_fade_the_new_screen_shows_more_than_the_old(qtbot) -> None:
    """Eased out: most of the change is early, where the eye expects the answer to a tap."""
    stack, fade = screen(qtbot, "#00ff00")
    fade.start(old_frame("#ff0000"))
    fade._animation.setCurrentTime(130)
    colour = stack.grab().toImage().pixelColor(100, 50)
    assert colour.green() > 2 * colour.red(), colour.name()
    fade.stop()
