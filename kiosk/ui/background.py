"""Background jobs for Qt objects: run on a `kiosk.background.WorkPool`, answer on the GUI thread.

    run_for(self, pool, store.rollback, done=self._rolled_back, failed=self._not_rolled_back)

The job runs on the pool's thread; its result (or exception) comes back through one queued
signal of an object living on the GUI thread, and `done` (or `failed`) runs there, never
while the caller is still on the stack. If `receiver` was deleted meanwhile, or the job was
cancelled, nothing is called. The callbacks and the receiver are held only on the GUI thread
(the pool's thread sees a number and the future), so no Qt object is ever released there.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import weakref
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from kiosk.background import WorkPool

log = logging.getLogger("kiosk.ui.background")

T = TypeVar("T")
_Waiting = tuple["weakref.ref[QObject]", Callable[[Any], None], Callable[[BaseException], None] | None]


class _Courier(QObject):
    """Lives on the GUI thread; pool threads emit `arrived`, and the slot runs on the GUI thread."""

    arrived = Signal(int, object)

    def __init__(self, parent: QObject | None) -> None:
        super().__init__(parent)
        self.waiting: dict[int, _Waiting] = {}
        self.arrived.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def _deliver(self, number: int, future: Future[Any]) -> None:
        entry = self.waiting.pop(number, None)
        if entry is None or future.cancelled():
            return
        receiver_ref, done, failed = entry
        receiver = receiver_ref()
        if receiver is None or not shiboken6.isValid(receiver):
            return
        error = future.exception()
        if error is None:
            done(future.result())
        elif failed is not None:
            failed(error)
        else:
            log.error("a background job for %s failed: %s", type(receiver).__name__, error)


_courier: _Courier | None = None
_numbers = itertools.count(1)


def _the_courier() -> _Courier:
    global _courier
    if _courier is None or not shiboken6.isValid(_courier):
        _courier = _Courier(QCoreApplication.instance())
    return _courier


def _post(courier: _Courier, number: int, future: Future[Any]) -> None:
    with contextlib.suppress(RuntimeError):  # the application is gone: nobody is waiting
        courier.arrived.emit(number, future)


def run_for(receiver: QObject, pool: WorkPool, fn: Callable[..., T], *args: Any, done: Callable[[T], None],
            failed: Callable[[BaseException], None] | None = None, priority: int = 0) -> Future[T]:
    """Run `fn(*args)` on `pool`; then, on the GUI thread, `done(result)` or `failed(error)`,
    as long as `receiver` still exists. `fn` and `args` must hold no Qt object. Call this on
    the GUI thread."""
    courier = _the_courier()
    number = next(_numbers)
    courier.waiting[number] = (weakref.ref(receiver), done, failed)
    future = pool.submit(fn, *args, priority=priority)
    future.add_done_callback(lambda finished: _post(courier, number, finished))
    return future


def waiting() -> int:
    """How many results the GUI thread is still to receive (tests wait for 0)."""
    return len(_courier.waiting) if _courier is not None and shiboken6.isValid(_courier) else 0
