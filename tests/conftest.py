"""Shared fixtures: Qt offscreen, and the kiosk's state folders inside each test's tmp dir."""

from __future__ import annotations

import gc
import os
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QWidget

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")

from kiosk.ui.collector import collect_due

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "exhibits" / "ai-and-ip"


@pytest.fixture(scope="session", autouse=True)
def collect_on_the_main_thread() -> Iterator[None]:
    """As in the kiosk (kiosk/ui/collector.py): no garbage collection on a background thread,
    where it could destroy a Qt object left over by an earlier test."""
    was_enabled = gc.isenabled()
    gc.disable()
    yield
    if was_enabled:
        gc.enable()


@pytest.fixture(autouse=True)
def collect_after_each_test() -> Iterator[None]:
    yield
    collect_due()


@pytest.fixture(autouse=True)
def kiosk_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own config, data, state and cache folders."""
    home = tmp_path_factory.mktemp("xdg")
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        folder = home / name.lower()
        folder.mkdir()
        monkeypatch.setenv(f"XDG_{name}_HOME", str(folder))
    return home


@pytest.fixture(autouse=True)
def no_stray_top_level_widgets() -> Iterator[None]:
    """napari's leak check: every top-level widget a test made is gone by its end, hidden ones
    too (`QApplication.topLevelWidgets()`, after Qt has run the deletions it was asked for).
    pytest-qt closes and deletes the widgets given to `qtbot.addWidget` before this runs."""
    before: weakref.WeakSet[QWidget] = weakref.WeakSet(QApplication.topLevelWidgets())
    yield
    app = QApplication.instance()
    if app is None:
        return
    for _ in range(3):  # a deletion may ask for more
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
    stray = [widget for widget in QApplication.topLevelWidgets() if widget not in before]
    described = [_described(widget) for widget in stray]
    for widget in stray:  # so that one leak fails one test, not every test after it
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not stray, f"top-level widgets left behind: {described}"


def _described(widget: QWidget) -> str:
    name = widget.objectName()
    return f"{type(widget).__name__}{f' {name!r}' if name else ''}{' (visible)' if widget.isVisible() else ''}"
