"""The one way the kiosk runs work off the calling thread: a `WorkPool`.

A pool is a few named daemon threads taking jobs from one queue, highest priority first and
in order of submission within a priority. `submit` returns a `concurrent.futures.Future`, so
a job can be cancelled while it waits, waited for, or given a callback. Everything that runs
in the background goes through here: decoding pictures (two threads, visible pictures before
prefetched ones), the analytics writer (one thread, its loop is one long job), the updater
and the watch folder (one thread each: a loop that checks, waits, checks again, so there is
never more than one check at a time), fsyncing unpacked files, loading a new bundle, the
admin panel's store actions and the PIN check.

It is Qt-free, so the core uses it as it is; the Qt layer hands results back to the GUI
thread with `kiosk.ui.background`, which delivers a job's outcome through a queued signal.

Why our own pool instead of `ThreadPoolExecutor`: the decoder needs priorities, and a stuck
job (a picture decoder that never returns, a server that never answers) must not keep the
process from ending, so the threads are daemons and `shutdown` waits only as long as it is
told. Why not `QThreadPool`: the core imports no Qt.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

log = logging.getLogger("kiosk.background")

T = TypeVar("T")


class _Job:
    __slots__ = ("call", "future")

    def __init__(self, call: Callable[[], Any], future: Future[Any]) -> None:
        self.call = call
        self.future = future


class WorkPool:
    """Daemon threads (`name`, or `name-1`, `name-2`… for several) running submitted jobs,
    highest priority first.

    Threads start on demand, up to `threads`; `initializer` runs once on each new thread (the
    decoder lowers its threads' priority there). A job that raises sets its future's exception
    and is logged. After `shutdown`, `submit` raises RuntimeError.
    """

    def __init__(self, name: str, threads: int = 1, *, initializer: Callable[[], None] | None = None) -> None:
        if threads < 1:
            raise ValueError("a pool needs at least one thread")
        self.name = name
        self.max_threads = threads
        self._initializer = initializer
        self._condition = threading.Condition()
        self._queue: list[tuple[int, int, _Job]] = []
        self._order = itertools.count()
        self._threads: list[threading.Thread] = []
        self._idle = 0
        self._running = 0
        self._closed = False

    def submit(self, fn: Callable[..., T], /, *args: Any, priority: int = 0, **kwargs: Any) -> Future[T]:
        """Queue `fn(*args, **kwargs)`; higher `priority` runs first. The job must not hold a
        Qt object: the last reference to it is dropped on the pool's thread."""
        future: Future[T] = Future()
        job = _Job(lambda: fn(*args, **kwargs), future)
        with self._condition:
            if self._closed:
                raise RuntimeError(f"the {self.name} pool is shut down")
            heapq.heappush(self._queue, (-priority, next(self._order), job))
            if self._idle < len(self._queue) and len(self._threads) < self.max_threads:
                name = self.name if self.max_threads == 1 else f"{self.name}-{len(self._threads) + 1}"
                thread = threading.Thread(target=self._work, name=name, daemon=True)
                self._threads.append(thread)
                thread.start()
            else:
                self._condition.notify()
        return future

    @property
    def busy(self) -> bool:
        """Whether a job is queued or running."""
        with self._condition:
            return bool(self._queue) or self._running > 0

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until no job is queued or running (for tests, benchmarks and shutdown); False
        if `timeout` seconds passed first."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._condition:
            while self._queue or self._running:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._condition.wait(left)
        return True

    def clear(self) -> int:
        """Cancel every job still waiting; returns how many."""
        with self._condition:
            waiting, self._queue = self._queue, []
            self._condition.notify_all()
        for _, _, job in waiting:
            job.future.cancel()
        return len(waiting)

    def shutdown(self, *, cancel_waiting: bool = True, timeout: float | None = None) -> bool:
        """Take no more jobs, cancel (or finish) those waiting, and wait up to `timeout` seconds
        for the threads to end; True if they all did. A thread still busy after that is left to
        end with the process."""
        with self._condition:
            self._closed = True
            self._condition.notify_all()
        if cancel_waiting:
            self.clear()
        deadline = None if timeout is None else time.monotonic() + timeout
        for thread in list(self._threads):
            if thread is threading.current_thread():
                continue
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            thread.join(left)
        return not any(thread.is_alive() and thread is not threading.current_thread() for thread in self._threads)

    def _take(self) -> _Job | None:
        with self._condition:
            while not self._queue:
                if self._closed:
                    return None
                self._idle += 1
                self._condition.wait()
                self._idle -= 1
            _, _, job = heapq.heappop(self._queue)
            self._running += 1
            return job

    def _work(self) -> None:
        if self._initializer is not None:
            try:
                self._initializer()
            except Exception:
                log.exception("starting a %s thread", self.name)
        while True:
            job = self._take()
            if job is None:
                return
            try:
                if job.future.set_running_or_notify_cancel():
                    try:
                        result = job.call()
                    except BaseException as error:  # a pool thread must never die with an exception
                        log.exception("a %s job failed", self.name)
                        job.future.set_exception(error)
                    else:
                        job.future.set_result(result)
            finally:
                del job
                with self._condition:
                    self._running -= 1
                    self._condition.notify_all()

