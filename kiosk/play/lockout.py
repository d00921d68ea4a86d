"""The admin PIN pad's lockout: five wrong PINs lock the pad for 60 s, then 120, 240, …

Kept in a small file in the state folder and written after every wrong PIN, so a visitor
cannot escape the lockout by crashing the kiosk: the service manager starts it again with
the count and the lock where they were. Times are wall-clock seconds (`time.time`), the only
clock that means anything across a restart; a clock set back cannot make a lock last longer
than its own length.

The doubling is forgotten after a day without a wrong PIN, so a curator is not locked out
for hours on Monday because visitors played with the pad on Saturday. The right PIN clears
everything. Qt-free; the pad asks `seconds_left()` each second.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from kiosk import paths

log = logging.getLogger("kiosk.admin")

FILENAME = "admin-lockout.json"
ATTEMPTS = 5
FIRST_LOCK_S = 60.0
MAX_LOCK_S = 24 * 3600.0
FORGET_AFTER_S = 24 * 3600.0


def lockout_path() -> Path:
    return paths.state_dir() / FILENAME


@dataclass
class LockoutRecord:
    """What the file holds: wrong PINs since the last lock, locks so far, and the current lock."""

    failures: int = 0
    locks: int = 0
    locked_at: float | None = None
    locked_until: float | None = None
    last_failure: float | None = None

    @classmethod
    def from_json(cls, document: object) -> LockoutRecord:
        if not isinstance(document, dict):
            raise ValueError("not a JSON object")
        record = cls()
        for name in ("failures", "locks"):
            value = document.get(name, 0)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"{name} is not a count")
            setattr(record, name, value)
        for name in ("locked_at", "locked_until", "last_failure"):
            value = document.get(name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
                raise ValueError(f"{name} is not a time")
            setattr(record, name, None if value is None else float(value))
        return record


class PinLockout:
    """Counts wrong PINs and locks the pad; `path=None` keeps it in memory only (tests, previews)."""

    def __init__(self, path: Path | None = None, *, clock: Callable[[], float] = time.time,
                 attempts: int = ATTEMPTS, first_lock: float = FIRST_LOCK_S, max_lock: float = MAX_LOCK_S,
                 forget_after: float = FORGET_AFTER_S) -> None:
        self.path = path
        self.clock = clock
        self.attempts = attempts
        self.first_lock = first_lock
        self.max_lock = max_lock
        self.forget_after = forget_after
        self.record = self._load()

    @classmethod
    def in_state_folder(cls, **options: object) -> PinLockout:
        return cls(lockout_path(), **options)  # type: ignore[arg-type]

    # -- reading -------------------------------------------------------------------------

    def seconds_left(self) -> int:
        """Whole seconds until the pad takes PINs again; 0 when it does now."""
        record = self.record
        if record.locked_until is None or record.locked_at is None:
            return 0
        now = self.clock()
        left = min(record.locked_until - now, record.locked_until - record.locked_at)
        return max(0, math.ceil(left - 1e-9))

    @property
    def locked(self) -> bool:
        return self.seconds_left() > 0

    @property
    def attempts_left(self) -> int:
        """Wrong PINs still allowed before the next lock."""
        return max(0, self.attempts - self.record.failures)

    def next_lock_seconds(self) -> float:
        """How long the next lock will last: the first, doubled for each lock before it."""
        return min(self.max_lock, self.first_lock * 2 ** min(self.record.locks, 40))

    # -- changing ------------------------------------------------------------------------

    def wrong(self) -> float:
        """A wrong PIN was entered; returns the length of the lock it started, else 0."""
        now = self.clock()
        record = self.record
        quiet_since = max(record.last_failure or 0.0, record.locked_until or 0.0)
        if record.last_failure is not None and now - quiet_since > self.forget_after:
            record.failures, record.locks = 0, 0
        record.last_failure = now
        record.failures += 1
        lock = 0.0
        if record.failures >= self.attempts:
            lock = self.next_lock_seconds()
            record.failures = 0
            record.locks += 1
            record.locked_at, record.locked_until = now, now + lock
            log.warning("admin PIN pad locked for %.0f s after %d wrong PINs", lock, self.attempts)
        self._save()
        return lock

    def right(self) -> None:
        """The right PIN: the count, the doubling and any lock are cleared."""
        if self.record != LockoutRecord():
            self.record = LockoutRecord()
            self._save()

    # -- the file -------------------------------------------------------------------------

    def _load(self) -> LockoutRecord:
        if self.path is None:
            return LockoutRecord()
        try:
            return LockoutRecord.from_json(json.loads(self.path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return LockoutRecord()
        except (OSError, ValueError) as error:
            log.warning("%s cannot be read (%s); the PIN pad starts unlocked", self.path, error)
            return LockoutRecord()

    def _save(self) -> None:
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(asdict(self.record), handle)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(temporary, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    Path(temporary).unlink()
                raise
        except OSError as error:
            log.error("cannot record the PIN pad's lockout in %s: %s", self.path, error)
