"""Time for the player's logic, from a clock that tests can drive by hand.

The play logic never sleeps or polls: it answers "when is the next thing due?"
(`next_deadline`) and is told the time when that moment comes (`tick`). The Qt layer
turns the deadline into one single-shot timer; tests advance a `ManualClock` instead.
"""

from __future__ import annotations

import logging
import math
import time
from typing import Protocol

log = logging.getLogger("kiosk.play")

MAX_SECONDS = 24 * 3600.0
MAX_TIMER_MS = int(MAX_SECONDS * 1000)  # far below the 2**31 ms a Qt timer takes


def checked_seconds(value: float | None, fallback: float, what: str) -> float:
    """`value` if it is a usable number of seconds (finite, above 0, at most a day), else `fallback`.

    The loaders refuse other numbers with a located message; this is for a manifest or config
    built in code, so that a NaN or an infinity can never reach a timer and stop the kiosk."""
    if value is not None and isinstance(value, (int, float)) and math.isfinite(value) and 0 < value <= MAX_SECONDS:
        return float(value)
    if value is not None:
        log.warning("%s of %r seconds cannot be used; using %g", what, value, fallback)
    return fallback


def milliseconds(seconds: float, *, at_most: int) -> int:
    """Whole milliseconds for a timer, rounded up, from 0 to `at_most` (NaN: `at_most`)."""
    if math.isnan(seconds) or seconds * 1000 >= at_most:
        return at_most
    if seconds <= 0:
        return 0
    return math.ceil(seconds * 1000)


class Clock(Protocol):
    def now(self) -> float:
        """Seconds on a monotonic scale; only differences mean anything."""
        ...


class MonotonicClock:
    """The real clock: `time.monotonic`, unaffected by changes of the wall clock."""

    def now(self) -> float:
        return time.monotonic()


class ManualClock:
    """A clock that only moves when told to."""

    def __init__(self, start: float = 0.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> float:
        if seconds < 0:
            raise ValueError("a clock cannot go back")
        self._now += seconds
        return self._now
