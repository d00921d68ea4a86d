"""Garbage that holds Qt objects is collected on the GUI thread, never on a background thread."""

from __future__ import annotations

import gc
import threading
from typing import ClassVar

from PySide6.QtCore import QObject, Signal

from kiosk.ui import collector as collector_module
from kiosk.ui.collector import GuiThreadCollector


class Cycle:
    """A reference cycle that notes the thread that frees it."""

    freed_on: ClassVar[list[str]] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        Cycle.freed_on.append(threading.current_thread().name)


def churn() -> None:
    """Allocate far past every collection threshold (what counts is containers alive)."""
    kept = [[] for _ in range(100_000)]
    del kept


def test_cycles_are_freed_by_the_gui_thread_timer_not_by_a_busy_thread(qtbot) -> None:
    Cycle.freed_on.clear()
    gc.enable()  # as in a fresh kiosk process
    collector = GuiThreadCollector(interval_ms=20)
    try:
        assert not gc.isenabled()
        Cycle()
        worker = threading.Thread(target=churn, name="background")
        worker.start()
        worker.join()
        assert Cycle.freed_on == [], "nothing is collected off the GUI thread"
        alive = [[] for _ in range(5_000)]  # the GUI thread's own work, crossing the threshold again
        qtbot.waitUntil(lambda: Cycle.freed_on == ["MainThread"], timeout=2000)
        assert sum(collector.collections) >= 1
        del alive
    finally:
        collector.close()
    assert gc.isenabled(), "automatic collection comes back when the kiosk stops"
    gc.disable()  # the test session's own rule (tests/conftest.py)


def test_without_it_a_busy_background_thread_frees_the_cycle() -> None:
    """The hazard itself: the automatic collector runs on whichever thread allocates."""
    Cycle.freed_on.clear()
    gc.enable()
    try:
        gc.collect()
        Cycle()
        worker = threading.Thread(target=churn, name="background")
        worker.start()
        worker.join()
    finally:
        gc.disable()
    assert Cycle.freed_on == ["background"]


def test_the_timer_trims_the_c_heap_once_a_minute(qtbot, monkeypatch) -> None:
    trimmed: list[float] = []
    monkeypatch.setattr(collector_module.allocator, "trim", lambda: trimmed.append(1.0) or 1.0)
    collector = GuiThreadCollector(interval_ms=10, trim_every_s=0.3)
    try:
        collector.check()
        assert trimmed == [], "not before its interval"
        qtbot.waitUntil(lambda: collector.trims_done >= 2, timeout=2000)
        assert len(trimmed) == collector.trims_done
    finally:
        collector.close()
    gc.disable()  # the test session's own rule (tests/conftest.py)


class FakeWindow(QObject):
    screen_shown = Signal(dict)


def test_a_screen_change_trims_the_heap_once_taps_pause_on_a_thread_of_its_own(qtbot, monkeypatch) -> None:
    trimmed_on: list[str] = []
    monkeypatch.setattr(collector_module.allocator, "trim",
                        lambda: trimmed_on.append(threading.current_thread().name) or 1.0)
    collector = GuiThreadCollector(interval_ms=10_000, trim_after_screen_ms=150)
    window = FakeWindow()
    collector.watch(window)
    try:
        for _ in range(3):  # a visitor tapping on: one trim after the last screen, not one per screen
            window.screen_shown.emit({})
        assert trimmed_on == []
        qtbot.waitUntil(lambda: collector.trims_done >= 1, timeout=2000)
        window.screen_shown.emit({})
        qtbot.waitUntil(lambda: collector.trims_done >= 2, timeout=2000)
        assert trimmed_on == ["kiosk-trim", "kiosk-trim"], "once per pause in the taps, never on the GUI thread"
    finally:
        collector.close()
    gc.disable()  # the test session's own rule (tests/conftest.py)
