"""The one background mechanism: priorities, cancellation, failures, shutdown."""

from __future__ import annotations

import threading
from concurrent.futures import CancelledError

import pytest

from kiosk.background import WorkPool


def test_runs_a_job_on_a_named_daemon_thread() -> None:
    pool = WorkPool("kiosk-test")
    thread = pool.submit(threading.current_thread).result(timeout=5)
    assert thread.name == "kiosk-test"
    assert thread.daemon
    assert pool.shutdown(timeout=5)


def test_higher_priority_runs_first_and_equal_priorities_in_order() -> None:
    pool = WorkPool("kiosk-test")
    gate, holding = threading.Event(), threading.Event()
    ran: list[str] = []

    def hold() -> None:
        holding.set()
        gate.wait(5)

    pool.submit(hold)  # holds the only thread while the rest queue up
    assert holding.wait(5), "the pool's thread took the first job"
    for name, priority in (("late-a", 0), ("soon", 10), ("late-b", 0), ("sooner", 20)):
        pool.submit(ran.append, name, priority=priority)
    gate.set()
    assert pool.wait_idle(5)
    assert ran == ["sooner", "soon", "late-a", "late-b"]
    pool.shutdown(timeout=5)


def test_a_waiting_job_can_be_cancelled_and_never_runs() -> None:
    pool = WorkPool("kiosk-test")
    gate = threading.Event()
    ran: list[int] = []
    pool.submit(gate.wait, 5)
    waiting = pool.submit(ran.append, 1)
    assert waiting.cancel()
    gate.set()
    assert pool.wait_idle(5)
    assert ran == []
    with pytest.raises(CancelledError):
        waiting.result(timeout=0)
    pool.shutdown(timeout=5)


def test_a_failing_job_hands_its_exception_to_the_future_and_the_thread_goes_on(
        caplog: pytest.LogCaptureFixture) -> None:
    pool = WorkPool("kiosk-test")

    def fail() -> None:
        raise ValueError("broken on purpose")

    failed = pool.submit(fail)
    with pytest.raises(ValueError, match="broken on purpose"):
        failed.result(timeout=5)
    assert pool.submit(lambda: 42).result(timeout=5) == 42
    assert "a kiosk-test job failed" in caplog.text
    pool.shutdown(timeout=5)


def test_threads_start_on_demand_up_to_the_limit() -> None:
    pool = WorkPool("kiosk-test", threads=2)
    both = threading.Barrier(2, timeout=5)
    names = [pool.submit(lambda: (both.wait(), threading.current_thread().name)[1]) for _ in range(2)]
    assert sorted(future.result(timeout=5) for future in names) == ["kiosk-test-1", "kiosk-test-2"]
    assert len({pool.submit(lambda: threading.current_thread().name).result(timeout=5) for _ in range(5)}) <= 2
    pool.shutdown(timeout=5)


def test_initializer_runs_once_on_each_thread() -> None:
    started: list[str] = []
    pool = WorkPool("kiosk-test", initializer=lambda: started.append(threading.current_thread().name))
    for _ in range(3):
        pool.submit(int).result(timeout=5)
    assert started == ["kiosk-test"]
    pool.shutdown(timeout=5)


def test_shutdown_cancels_what_waits_and_refuses_new_jobs() -> None:
    pool = WorkPool("kiosk-test")
    gate, started = threading.Event(), threading.Event()
    running = pool.submit(lambda: (started.set(), gate.wait(5))[1])
    waiting = pool.submit(int)
    assert started.wait(5)
    gate.set()
    assert pool.shutdown(timeout=5)
    assert running.result(timeout=0) is True
    assert waiting.cancelled()
    with pytest.raises(RuntimeError, match="shut down"):
        pool.submit(int)


def test_shutdown_gives_up_on_a_stuck_job_after_its_timeout() -> None:
    pool = WorkPool("kiosk-test")
    release = threading.Event()
    started = threading.Event()
    pool.submit(lambda: (started.set(), release.wait(10)))
    assert started.wait(5)
    assert not pool.shutdown(timeout=0.05)
    release.set()
    assert pool.shutdown(timeout=5)


def test_wait_idle_says_when_it_gave_up() -> None:
    pool = WorkPool("kiosk-test")
    release = threading.Event()
    pool.submit(release.wait, 10)
    assert pool.busy
    assert not pool.wait_idle(0.01)
    release.set()
    assert pool.wait_idle(5)
    assert not pool.busy
    pool.shutdown(timeout=5)
