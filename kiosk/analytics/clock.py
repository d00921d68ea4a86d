"""Time for the analytics: when something happened (wall clock) and for how long (monotonic).

Records carry the UTC time they began and the kiosk's offset from UTC at that moment, so
days and hours are the kiosk's own wherever the figures are computed later. Durations come
from the monotonic clock, so a wall clock set right by NTP mid-visit cannot make a dwell
negative or a day long. Tests drive a `ManualWallClock` by hand.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Protocol


class RecorderClock(Protocol):
    def wall(self) -> float:
        """Seconds since 1970-01-01 00:00 UTC."""
        ...

    def monotonic(self) -> float:
        """Seconds on a scale that never jumps; only differences mean anything."""
        ...

    def utc_offset(self, wall: float) -> int:
        """The kiosk's offset from UTC at `wall`, in seconds (3600 in Geneva in winter)."""
        ...


class SystemClock:
    """The real clocks, with the offset of the machine's time zone."""

    def wall(self) -> float:
        return time.time()

    def monotonic(self) -> float:
        return time.monotonic()

    def utc_offset(self, wall: float) -> int:
        offset = datetime.fromtimestamp(wall).astimezone().utcoffset()
        return int(offset.total_seconds()) if offset is not None else 0


class ManualWallClock:
    """A clock that only moves when told to; both scales move together."""

    def __init__(self, start: float, offset: int = 0) -> None:
        self._wall = start
        self._monotonic = 1000.0
        self.offset = offset

    def wall(self) -> float:
        return self._wall

    def monotonic(self) -> float:
        return self._monotonic

    def utc_offset(self, wall: float) -> int:
        return self.offset

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock cannot go back")
        self._wall += seconds
        self._monotonic += seconds
