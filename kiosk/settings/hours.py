"""Opening hours: whether the kiosk is open at a given moment."""

from __future__ import annotations

import datetime as dt
import re

from kiosk.settings.model import WEEKDAYS

_RANGE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")


def parse_ranges(ranges: list[str]) -> list[tuple[int, int]]:
    """Minutes since midnight for each 'HH:MM-HH:MM', or ValueError with the reason."""
    parsed = []
    for text in ranges:
        match = _RANGE.match(text.strip())
        if match is None:
            raise ValueError(f"'{text}' is not a range like '09:00-18:00'")
        start = int(match[1]) * 60 + int(match[2])
        end = int(match[3]) * 60 + int(match[4])
        if end > 24 * 60:
            raise ValueError(f"'{text}' ends after midnight")
        if end <= start:
            raise ValueError(f"'{text}' ends before it starts; split a range over midnight in two days")
        parsed.append((start, end))
    return parsed


def is_open(hours: dict[str, list[str]], moment: dt.datetime) -> bool:
    """Open at `moment`? No hours at all means always open; a day not listed is closed."""
    if not hours:
        return True
    ranges = parse_ranges(hours.get(WEEKDAYS[moment.weekday()], []))
    minute = moment.hour * 60 + moment.minute
    return any(start <= minute < end for start, end in ranges)


def next_change(hours: dict[str, list[str]], moment: dt.datetime) -> dt.datetime | None:
    """The next minute at which open/closed flips, within a week; None if it never does."""
    if not hours:
        return None
    state = is_open(hours, moment)
    probe = moment.replace(second=0, microsecond=0)
    for _ in range(7 * 24 * 60):
        probe += dt.timedelta(minutes=1)
        if is_open(hours, probe) != state:
            return probe
    return None
