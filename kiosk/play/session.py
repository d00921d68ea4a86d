"""A visitor's session: when it starts, when to ask "still there?", and when it ends.

    IDLE ──touch──▶ VISIT ──idle_timeout──▶ STILL_THERE ──still_there──▶ IDLE (reset)
                      ▲                          │
                      └────────── touch ─────────┘

The idle time does not run while media plays: a visitor watching a ten-minute film is
still there. It starts again, from zero, when the media stops.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum


class Phase(StrEnum):
    IDLE = "idle"
    VISIT = "visit"
    STILL_THERE = "still_there"


@dataclass(frozen=True)
class SessionTimings:
    idle_timeout: float = 90.0
    still_there: float = 10.0

    def __post_init__(self) -> None:
        if self.idle_timeout < 0 or self.still_there < 0:
            raise ValueError("session timings cannot be negative")


class SessionEvent(StrEnum):
    STARTED = "started"
    STILL_THERE = "still_there"
    RESUMED = "resumed"
    ENDED = "ended"


class Session:
    def __init__(self, timings: SessionTimings | None = None) -> None:
        self.timings = timings or SessionTimings()
        self.phase = Phase.IDLE
        self._last_input = 0.0
        self._warned_at = 0.0
        self._media_playing = False

    @property
    def media_playing(self) -> bool:
        return self._media_playing

    def touch(self, now: float) -> SessionEvent | None:
        """The visitor did something. Starts a session, or keeps one going."""
        self._last_input = now
        if self.phase is Phase.IDLE:
            self.phase = Phase.VISIT
            return SessionEvent.STARTED
        if self.phase is Phase.STILL_THERE:
            self.phase = Phase.VISIT
            return SessionEvent.RESUMED
        return None

    def set_media_playing(self, playing: bool, now: float) -> None:
        if playing == self._media_playing:
            return
        self._media_playing = playing
        if not playing:
            self._last_input = now

    def end(self) -> SessionEvent | None:
        """End the session at once (the reset), whatever its phase."""
        was = self.phase
        self.phase = Phase.IDLE
        self._media_playing = False
        return SessionEvent.ENDED if was is not Phase.IDLE else None

    def deadline(self) -> float | None:
        if self.phase is Phase.VISIT and not self._media_playing:
            return self._last_input + self.timings.idle_timeout
        if self.phase is Phase.STILL_THERE:
            return self._warned_at + self.timings.still_there
        return None

    def seconds_left(self, now: float) -> int:
        """Whole seconds the "still there?" countdown shows."""
        if self.phase is not Phase.STILL_THERE:
            return 0
        return max(0, math.ceil(self._warned_at + self.timings.still_there - now - 1e-9))

    def tick(self, now: float) -> SessionEvent | None:
        deadline = self.deadline()
        if deadline is None or now < deadline:
            return None
        if self.phase is Phase.VISIT:
            self.phase = Phase.STILL_THERE
            self._warned_at = now
            if self.timings.still_there > 0:
                return SessionEvent.STILL_THERE
        return self.end()
