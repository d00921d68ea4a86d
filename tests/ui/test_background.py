"""Background jobs for Qt objects answer on the GUI thread, and only to a receiver still alive."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject

from kiosk.background import WorkPool
from kiosk.ui import background


@pytest.fixture
def pool() -> Iterator[WorkPool]:
    made = WorkPool("kiosk-test")
    yield made
    made.shutdown(timeout=5)


def test_the_result_arrives_on_the_gui_thread_after_the_caller_returns(qtbot, pool: WorkPool) -> None:
    receiver = QObject()
    arrived: list[tuple[str, str]] = []
    background.run_for(receiver, pool, lambda: threading.current_thread().name,
                       done=lambda worker: arrived.append((worker, threading.current_thread().name)))
    assert arrived == [], "never while the caller is still on the stack"
    qtbot.waitUntil(lambda: arrived != [])
    assert arrived == [("kiosk-test", threading.main_thread().name)]
    assert background.waiting() == 0


def test_a_failure_goes_to_failed(qtbot, pool: WorkPool) -> None:
    receiver = QObject()
    errors: list[BaseException] = []

    def broken() -> None:
        raise OSError("the disk went away")

    background.run_for(receiver, pool, broken, done=lambda _: pytest.fail("no result"), failed=errors.append)
    qtbot.waitUntil(lambda: errors != [])
    assert [str(error) for error in errors] == ["the disk went away"]


def test_a_deleted_receiver_hears_nothing(qtbot, pool: WorkPool) -> None:
    receiver = QObject()
    gate = threading.Event()
    heard: list[object] = []
    background.run_for(receiver, pool, gate.wait, 5, done=heard.append)
    probe = QObject()
    background.run_for(probe, pool, int, done=heard.append)  # runs after the first: a sign it was delivered
    receiver.deleteLater()
    qtbot.waitUntil(lambda: not _alive(receiver))
    gate.set()
    qtbot.waitUntil(lambda: background.waiting() == 0)
    assert heard == [0]


def test_a_cancelled_job_answers_nothing(qtbot, pool: WorkPool) -> None:
    receiver = QObject()
    gate = threading.Event()
    heard: list[object] = []
    background.run_for(receiver, pool, gate.wait, 5, done=heard.append)
    cancelled = background.run_for(receiver, pool, int, done=heard.append)
    assert cancelled.cancel()
    gate.set()
    qtbot.waitUntil(lambda: background.waiting() == 0)
    assert heard == [True]


def _alive(item: QObject) -> bool:
    import shiboken6

    return shiboken6.isValid(item)
