"""What the recorder hands to the writer thread: small immutable records, one per change.

The recorder numbers what it opens (a session, a view, a media play, a tour step) with a
token; the writer maps each token to the row it inserted, so the end of a view can update
its row without the GUI thread ever waiting for SQLite.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

Place = tuple[str, str, str]
"""(screen, section id, exhibit id); '' where a screen has none."""


@dataclass(frozen=True, slots=True)
class StartSession:
    token: int
    uid: str
    kiosk_id: str
    started: float
    utc_offset: int
    language: str


@dataclass(frozen=True, slots=True)
class EndSession:
    token: int
    seconds: float
    reason: str


@dataclass(frozen=True, slots=True)
class SetLanguage:
    session: int
    language: str


@dataclass(frozen=True, slots=True)
class ShowView:
    token: int
    session: int
    day: int
    shown: float
    place: Place
    entered: bool


@dataclass(frozen=True, slots=True)
class EndView:
    token: int
    dwell: float


@dataclass(frozen=True, slots=True)
class StartMedia:
    token: int
    session: int
    started: float
    place: Place
    duration: float | None


@dataclass(frozen=True, slots=True)
class MediaPlayed:
    token: int
    played: float


@dataclass(frozen=True, slots=True)
class Choose:
    session: int
    at: float
    setting: str
    value: str


@dataclass(frozen=True, slots=True)
class ShowTour:
    token: int
    kiosk_id: str
    shown: float
    utc_offset: int
    place: Place


@dataclass(frozen=True, slots=True)
class EndTour:
    token: int
    seconds: float


@dataclass(frozen=True, slots=True)
class DiscardSession:
    """Forget a visit and everything recorded in it (it was the technician's, not a visitor's)."""

    token: int


@dataclass(frozen=True, slots=True)
class Flush:
    """Commit everything before this, run any due upkeep, then set `done`."""

    done: threading.Event = field(default_factory=threading.Event)


@dataclass(frozen=True, slots=True)
class Stop:
    """Commit and end the thread."""


Record = (StartSession | EndSession | SetLanguage | ShowView | EndView | StartMedia | MediaPlayed
          | Choose | ShowTour | EndTour | DiscardSession)
Op = Record | Flush | Stop
