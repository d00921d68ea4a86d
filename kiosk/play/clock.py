"""Time for the player's logic, from a clock that tests can drive by hand.

The play logic never sleeps or polls: it answers "when is the next thing due?"
(`next_deadline`) and is told the time when that moment comes (`tick`). The Qt layer
turns the deadline into one single-shot timer; tests advance a `ManualClock` instead.
"""

from __future__ import annotations

import time
from typing import Protocol


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
