"""Opening hours: whether the kiosk is open at a given moment, and when that next changes.

Times are the kiosk's local wall-clock time (naive datetimes), as the curator writes them.
"""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY = 24 * 60
WEEK = 7 * DAY
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


def read_opening_hours(value: object) -> dict[str, list[str]]:
    """The `opening_hours` setting from its plain YAML value (a map from weekday to one range
    or a list of them), or ValueError saying what is wrong."""
    if not isinstance(value, dict):
        raise ValueError("expected a map from weekday to time ranges")
    hours: dict[str, list[str]] = {}
    for day, ranges in value.items():
        if str(day).lower() not in WEEKDAYS:
            raise ValueError(f"'{day}' is not a weekday: use {', '.join(WEEKDAYS)}")
        items = [str(item) for item in (ranges if isinstance(ranges, list) else [ranges]) if item is not None]
        try:
            parse_ranges(items)
        except ValueError as error:
            raise ValueError(f"{day}: {error}") from None
        hours[str(day).lower()] = items
    return hours


def is_open(hours: dict[str, list[str]], moment: dt.datetime) -> bool:
    """Open at `moment`? No hours at all means always open; a day not listed is closed."""
    if not hours:
        return True
    ranges = parse_ranges(hours.get(WEEKDAYS[moment.weekday()], []))
    minute = moment.hour * 60 + moment.minute
    return any(start <= minute < end for start, end in ranges)


def open_minutes(hours: dict[str, list[str]]) -> list[tuple[int, int]]:
    """The open time of a week as merged [start, end) minutes since Monday 00:00."""
    spans = sorted(
        (day * DAY + start, day * DAY + end)
        for day, name in enumerate(WEEKDAYS)
        for start, end in parse_ranges(hours.get(name, []))
    )
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def next_change(hours: dict[str, list[str]], moment: dt.datetime) -> dt.datetime | None:
    """The next minute at which open/closed flips, within a week; None if it never does.

    Computed from the week's merged ranges (a range ending at 24:00 and one starting at
    00:00 the next day are one stretch), so a timer can sleep until exactly then.
    """
    if not hours:
        return None
    spans = open_minutes(hours)
    if not spans or spans == [(0, WEEK)]:
        return None
    flips = {edge for span in spans for edge in span}
    if spans[0][0] == 0 and spans[-1][1] == WEEK:  # open across Sunday midnight: no flip there
        flips -= {0, WEEK}
    flips = {edge % WEEK for edge in flips}
    now = moment.weekday() * DAY + moment.hour * 60 + moment.minute
    ahead = min((edge - now) % WEEK or WEEK for edge in flips)
    return moment.replace(second=0, microsecond=0) + dt.timedelta(minutes=ahead)
