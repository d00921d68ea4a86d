"""The application's one event filter (kiosk.ui.input_hub): who hears input, in which order,
what a swallow stops, and that nothing else in the kiosk filters the whole application."""

from __future__ import annotations

import ast
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

from kiosk.ui import input_hub

KIOSK = Path(__file__).resolve().parents[2] / "kiosk"


class Ear(QObject):
    def __init__(self, name: str, heard: list[str], swallow: bool = False) -> None:
        super().__init__()
        self.name, self.heard, self.swallow = name, heard, swallow

    def hear(self, target: QObject, event: QEvent) -> bool:
        if isinstance(target, QPushButton):  # (not the copy that reaches the window first)
            self.heard.append(f"{self.name} {event.type().name}")
            return self.swallow
        return False


def shown_button(qtbot) -> QPushButton:
    button = QPushButton("x")
    qtbot.addWidget(button)
    button.show()
    qtbot.waitExposed(button)
    return button


def press(widget: QPushButton) -> None:
    """A click as the window system gives it."""
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, widget.rect().center())


def test_listeners_hear_input_by_rank_and_a_swallow_stops_the_rest_and_the_widget(qtbot) -> None:
    heard: list[str] = []
    button = shown_button(qtbot)
    clicks: list[bool] = []
    button.clicked.connect(lambda: clicks.append(False))
    late, early, middle = Ear("late", heard), Ear("early", heard), Ear("middle", heard)
    input_hub.listen(late, late.hear, 50)
    input_hub.listen(early, early.hear, 5)
    input_hub.listen(middle, middle.hear, 20)
    try:
        press(button)
        assert heard == ["early MouseButtonPress", "middle MouseButtonPress", "late MouseButtonPress",
                         "early MouseButtonRelease", "middle MouseButtonRelease", "late MouseButtonRelease"]
        assert clicks == [False]
        heard.clear()
        middle.swallow = True
        press(button)
        assert heard == ["early MouseButtonPress", "middle MouseButtonPress",
                         "early MouseButtonRelease", "middle MouseButtonRelease"]
        assert clicks == [False], "a swallowed press and release must not click"
    finally:
        for ear in (late, early, middle):
            input_hub.stop(ear)


def test_only_input_reaches_listeners_and_a_stopped_or_deleted_one_hears_nothing(qtbot) -> None:
    heard: list[str] = []
    button = shown_button(qtbot)
    kept, stopped, deleted = Ear("kept", heard), Ear("stopped", heard), Ear("deleted", heard)
    for ear in (kept, stopped, deleted):
        input_hub.listen(ear, ear.hear, 10)
    input_hub.listen(kept, kept.hear, 10)  # (again: still heard once)
    try:
        button.resize(80, 40)
        button.setText("y")
        QApplication.sendEvent(button, QEvent(QEvent.Type.LayoutRequest))
        assert heard == []
        input_hub.stop(stopped)
        deleted.deleteLater()
        qtbot.waitUntil(lambda: not input_hub.input_hub().listening(deleted))
        press(button)
        assert heard == ["kept MouseButtonPress", "kept MouseButtonRelease"]
    finally:
        input_hub.stop(kept)


def test_nothing_but_the_hub_filters_the_whole_application() -> None:
    """A second filter on the application would bring back the cost the hub removes: every
    event to every object through Python (see the module's note)."""
    found: list[str] = []
    for path in sorted(KIOSK.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr == "installEventFilter":
                receiver = ast.unparse(node.func.value)
                if receiver in ("app", "application", "qApp") or receiver.endswith("instance()"):
                    found.append(f"{path.relative_to(KIOSK.parent).as_posix()} {receiver}")
    assert found == ["kiosk/ui/input_hub.py app"]
