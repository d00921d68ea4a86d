"""The record as CSV: one row per visit, screen view, media play, choice and tour step.

Every file has the same header and the same columns in the same order, each row says which
kiosk it comes from, times are ISO 8601 in UTC (`2026-03-01T14:05:09.250Z`), and files are
UTF-8 without a byte-order mark. So the files of many kiosks and many days join into one
table by keeping the first file's header and dropping the others':

    awk 'FNR > 1 || NR == 1' visits-*.csv > all.csv

(spreadsheet tools that combine a folder of CSV files do the same by themselves).

| record  | time_utc           | seconds                  | other columns                     |
|---------|--------------------|--------------------------|-----------------------------------|
| session | the visit began    | the visit's length       | language (the last chosen), end_reason |
| view    | the screen appeared| how long it stayed       | screen, section, exhibit          |
| media   | it started playing | the media's length       | section, exhibit, played (0 to 1) |
| choice  | the visitor chose  |                          | setting, value                    |
| tour    | the step appeared  | how long it stayed       | screen, section, exhibit          |

With `analytics.export_folder` set, the kiosk writes `visits-DAY-KIOSK.csv` there for each
past day (the kiosk's local day) that has records, once, in the writer thread.
"""

# The SQL below is built from fixed fragments only; values always go in as parameters.
# ruff: noqa: S608

from __future__ import annotations

import csv
import logging
import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO

log = logging.getLogger("kiosk.analytics")

COLUMNS = ("kiosk_id", "record", "session", "time_utc", "seconds", "screen", "section", "exhibit",
           "language", "end_reason", "setting", "value", "played")
_EPOCH = date(1970, 1, 1)
_LOCAL = "started + utc_offset >= ? AND started + utc_offset < ?"


def local_day(wall: float, utc_offset: int) -> date:
    return _EPOCH + timedelta(days=int((wall + utc_offset) // 86400))


def day_bounds(first: date, last: date) -> tuple[float, float]:
    """The local-time bounds [start, end) of the days `first` to `last`, as 'local seconds'."""
    return float((first - _EPOCH).days * 86400), float(((last - _EPOCH).days + 1) * 86400)


def utc_text(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def number_text(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.3f}".rstrip("0").rstrip(".")


def records(db: sqlite3.Connection, first: date, last: date) -> Iterator[dict[str, str]]:
    """The rows of the visits begun and tour steps shown on the kiosk's days `first` to `last`."""
    bounds = day_bounds(first, last)
    chosen = f"SELECT id FROM sessions WHERE {_LOCAL}"
    children: dict[int, list[tuple[float, int, dict[str, str]]]] = {}

    def child(session: int, at: float, order: int, row: dict[str, str]) -> None:
        children.setdefault(session, []).append((at, order, row))

    for session, shown, dwell, screen, section, exhibit in db.execute(
            "SELECT v.session_id, v.shown, v.dwell, p.screen, p.section, p.exhibit FROM views v "
            f"JOIN places p ON p.id = v.place_id WHERE v.session_id IN ({chosen})", bounds):
        child(session, shown, 0, {"record": "view", "time_utc": utc_text(shown),
                                  "seconds": number_text(dwell), "screen": screen, "section": section,
                                  "exhibit": exhibit})
    for session, started, duration, played, section, exhibit in db.execute(
            "SELECT m.session_id, m.started, m.duration, m.played, p.section, p.exhibit FROM media_plays m "
            f"JOIN places p ON p.id = m.place_id WHERE m.session_id IN ({chosen})", bounds):
        child(session, started, 1, {"record": "media", "time_utc": utc_text(started),
                                    "seconds": number_text(duration), "screen": "exhibit", "section": section,
                                    "exhibit": exhibit, "played": number_text(played)})
    for session, at, setting, value in db.execute(
            f"SELECT session_id, at, setting, value FROM choices WHERE session_id IN ({chosen})", bounds):
        child(session, at, 2, {"record": "choice", "time_utc": utc_text(at), "setting": setting,
                               "value": value})

    for session, uid, kiosk_id, started, seconds, language, reason in db.execute(
            "SELECT id, uid, kiosk_id, started, seconds, language, end_reason FROM sessions "
            f"WHERE {_LOCAL} ORDER BY started, id", bounds):
        yield _row(kiosk_id, {"record": "session", "session": uid, "time_utc": utc_text(started),
                              "seconds": number_text(seconds), "language": language,
                              "end_reason": reason or ""})
        for _at, _order, row in sorted(children.pop(session, []), key=lambda item: item[:2]):
            yield _row(kiosk_id, {"session": uid, **row})
    for kiosk_id, shown, seconds, screen, section, exhibit in db.execute(
            "SELECT t.kiosk_id, t.shown, t.seconds, p.screen, p.section, p.exhibit FROM tour_plays t "
            "JOIN places p ON p.id = t.place_id "
            "WHERE t.shown + t.utc_offset >= ? AND t.shown + t.utc_offset < ? "
            "ORDER BY t.shown, t.id", bounds):
        yield _row(kiosk_id, {"record": "tour", "time_utc": utc_text(shown), "seconds": number_text(seconds),
                              "screen": screen, "section": section, "exhibit": exhibit})


def _row(kiosk_id: str, values: dict[str, str]) -> dict[str, str]:
    return {column: values.get(column, "") for column in COLUMNS} | {"kiosk_id": kiosk_id}


def write_csv(rows: Iterator[dict[str, str]], stream: IO[str]) -> int:
    """Write the header and `rows`; returns the number of rows."""
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def export_file_name(day: date, kiosk_id: str) -> str:
    return f"visits-{day.isoformat()}-{kiosk_id}.csv"


def export_day(db: sqlite3.Connection, folder: Path, kiosk_id: str, day: date) -> Path | None:
    """Write one day's records to `folder` (atomically); None when the day has none."""
    rows = list(records(db, day, day))
    if not rows:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / export_file_name(day, kiosk_id)
    partial = folder / f".{target.name}.partial"
    with partial.open("w", encoding="utf-8", newline="") as stream:
        write_csv(iter(rows), stream)
        stream.flush()
        os.fsync(stream.fileno())
    partial.replace(target)
    return target


def _first_day(db: sqlite3.Connection) -> date | None:
    first = db.execute("SELECT min(m) FROM (SELECT min(started + utc_offset) AS m FROM sessions "
                       "UNION ALL SELECT min(shown + utc_offset) FROM tour_plays)").fetchone()[0]
    return None if first is None else local_day(first, 0)


def export_due_days(db: sqlite3.Connection, folder: Path, kiosk_id: str, today: date) -> list[Path]:
    """Write each past day not yet exported; a folder that cannot be written is tried next time."""
    row = db.execute("SELECT value FROM meta WHERE key = 'exported_through'").fetchone()
    start = date.fromisoformat(row[0]) + timedelta(days=1) if row else _first_day(db)
    written: list[Path] = []
    day = start
    while day is not None and day < today:
        try:
            path = export_day(db, folder, kiosk_id, day)
        except OSError as error:
            log.warning("analytics: cannot write the daily CSV to %s (%s); will try again", folder, error)
            break
        if path is not None:
            written.append(path)
            log.info("analytics: wrote %s", path)
        db.execute("INSERT INTO meta (key, value) VALUES ('exported_through', ?) "
                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (day.isoformat(),))
        day += timedelta(days=1)
    return written
