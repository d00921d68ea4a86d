"""The figures curators ask for, computed by SQLite from the record.

A visit counts on the kiosk's local day it began, and everything in it (its screens, media
and choices) goes with it; `since` and `until` are such days, both included. A view's dwell
is the time until the next screen or the end of the visit; views cut short by a crash have
no dwell and are counted as views only. Media count as completed from `COMPLETE` played.

The queries are shaped for a year of a busy kiosk (a million records) in well under a
second: visits are grouped by hour before Python sees them, and their screens are one pass
over the covering index `views_by_place` (by small integer place ids, filtered on the day
of the visit each view carries), with no join, no sort and no DISTINCT.
"""

# The SQL below is built from fixed fragments only; values always go in as parameters.
# ruff: noqa: S608

from __future__ import annotations

import sqlite3
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from kiosk.analytics.export import day_bounds

COMPLETE = 0.95
DWELL_BINS: tuple[tuple[float, str], ...] = (
    (5, "< 5 s"), (10, "5–10 s"), (20, "10–20 s"), (30, "20–30 s"), (60, "30–60 s"),
    (120, "1–2 min"), (300, "2–5 min"), (float("inf"), "5 min +"))
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EPOCH = date(1970, 1, 1)


@dataclass(frozen=True)
class SectionFigures:
    section: str
    visits: int
    views: int
    dwell: float


@dataclass(frozen=True)
class ExhibitFigures:
    exhibit: str
    views: int
    dwell: float
    timed_views: int

    @property
    def mean_dwell(self) -> float | None:
        return self.dwell / self.timed_views if self.timed_views else None


@dataclass(frozen=True)
class MediaFigures:
    exhibit: str
    plays: int
    mean_played: float
    completed: int


@dataclass
class Stats:
    since: date | None
    until: date | None
    kiosks: list[str] = field(default_factory=list)
    sessions: int = 0
    per_day: list[tuple[date, int]] = field(default_factory=list)
    median_seconds: float | None = None
    end_reasons: dict[str, int] = field(default_factory=dict)
    sections: list[SectionFigures] = field(default_factory=list)
    exhibits: list[ExhibitFigures] = field(default_factory=list)
    media: list[MediaFigures] = field(default_factory=list)
    languages: list[tuple[str, int]] = field(default_factory=list)
    choices: dict[str, int] = field(default_factory=dict)
    dwell_bins: list[tuple[str, int]] = field(default_factory=list)
    week_hours: list[list[int]] = field(default_factory=lambda: [[0] * 24 for _ in WEEKDAYS])
    tour_per_day: list[tuple[date, int, float]] = field(default_factory=list)

    @property
    def tour_steps(self) -> int:
        return sum(steps for _, steps, _ in self.tour_per_day)

    @property
    def tour_seconds(self) -> float:
        return sum(seconds for _, _, seconds in self.tour_per_day)


def _day(number: int) -> date:
    return _EPOCH + timedelta(days=number)


class _Query:
    """The WHERE clauses that pick the period, for each table."""

    def __init__(self, db: sqlite3.Connection, since: date | None, until: date | None) -> None:
        self.db = db
        self.bounded = since is not None or until is not None
        first, last = since or date(1970, 1, 1), until or date(9999, 12, 30)
        low, high = day_bounds(first, last)
        self.params: tuple[float, ...] = (low, high) if self.bounded else ()
        self.day_params = ((first - _EPOCH).days, (last - _EPOCH).days) if self.bounded else ()
        # Fixed SQL only; the period's values go in as parameters.
        self.sessions = self.tours = self.views = self.children = ""
        if self.bounded:
            self.sessions = "WHERE s.started + s.utc_offset >= ? AND s.started + s.utc_offset < ?"
            self.tours = "WHERE t.shown + t.utc_offset >= ? AND t.shown + t.utc_offset < ?"
            self.views = "WHERE v.day BETWEEN ? AND ?"
            self.children = "WHERE {0}.session_id IN (SELECT s.id FROM sessions s " + self.sessions + ")"

    def rows(self, sql: str, params: tuple[float, ...] | None = None) -> list[tuple]:  # type: ignore[type-arg]
        return self.db.execute(sql, self.params if params is None else params).fetchall()


def compute(db: sqlite3.Connection, since: date | None = None, until: date | None = None) -> Stats:
    """Every figure of `kiosk stats` and `kiosk report` for the days `since` to `until`."""
    q = _Query(db, since, until)
    stats = Stats(since, until)
    _sessions(q, stats)
    _views(q, stats)
    _media_and_choices(q, stats)
    _tour(q, stats)
    _fill_days(q, stats)
    return stats


def _sessions(q: _Query, stats: Stats) -> None:
    per_day: Counter[int] = Counter()
    reasons: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    kiosks: set[str] = set()
    # Grouped by the hour since 1970 (local time) first: a year is a few thousand rows.
    for hour_number, language, reason, kiosk, count in q.rows(
            "SELECT CAST(s.started + s.utc_offset AS INTEGER) / 3600, s.language, "
            f"coalesce(s.end_reason, 'open'), s.kiosk_id, count(*) FROM sessions s {q.sessions} "
            "GROUP BY 1, 2, 3, 4"):
        day, hour = divmod(hour_number, 24)
        per_day[day] += count
        stats.week_hours[(day + 3) % 7][hour] += count
        reasons[reason] += count
        languages[language] += count
        kiosks.add(kiosk)
    stats.sessions = sum(per_day.values())
    stats.per_day = [(_day(day), per_day[day]) for day in sorted(per_day)]
    timed = "AND" if q.sessions else "WHERE"
    lengths = [seconds for (seconds,) in q.rows(
        f"SELECT s.seconds FROM sessions s {q.sessions} {timed} s.seconds IS NOT NULL")]
    stats.median_seconds = statistics.median(lengths) if lengths else None
    stats.end_reasons = dict(sorted(reasons.items(), key=lambda item: (-item[1], item[0])))
    stats.languages = sorted(languages.items(), key=lambda item: (-item[1], item[0]))
    kiosks.update(kiosk for (kiosk,) in q.rows(
        f"SELECT DISTINCT t.kiosk_id FROM tour_plays t {q.tours}"))
    stats.kiosks = sorted(kiosks)


def _views(q: _Query, stats: Stats) -> None:
    places = {row[0]: row[1:] for row in q.db.execute("SELECT id, screen, section, exhibit FROM places")}
    sections: dict[str, SectionFigures] = {}
    exhibits: list[ExhibitFigures] = []
    for place_id, views, dwell, timed, entered in q.rows(
            "SELECT v.place_id, count(*), total(v.dwell), count(v.dwell), sum(v.entered) "
            f"FROM views v {q.views} GROUP BY v.place_id", q.day_params):
        screen, section, exhibit = places[place_id]
        if section:
            known = sections.get(section, SectionFigures(section, 0, 0, 0.0))
            sections[section] = SectionFigures(section, known.visits + entered, known.views + views,
                                               known.dwell + dwell)
        if screen == "exhibit":
            exhibits.append(ExhibitFigures(f"{section}/{exhibit}", views, dwell, timed))
    stats.exhibits = sorted(exhibits, key=lambda e: (-e.views, -e.dwell, e.exhibit))
    stats.sections = sorted(sections.values(), key=lambda s: (-s.visits, -s.views, s.section))

    # sum(dwell < limit) counts a bin and those below it; the last bin is the rest.
    below = ", ".join(f"sum(v.dwell < {limit})" for limit, _ in DWELL_BINS[:-1])
    exhibit_screens = "v.place_id IN (SELECT id FROM places WHERE screen = 'exhibit')"
    where = f"{q.views} AND {exhibit_screens}" if q.views else f"WHERE {exhibit_screens}"
    timed_views, *cumulative = q.rows(f"SELECT count(v.dwell), {below} FROM views v {where}", q.day_params)[0]
    counts = [(count or 0) - (before or 0)
              for count, before in zip([*cumulative, timed_views], [0, *cumulative], strict=True)]
    stats.dwell_bins = [(label, count) for (_, label), count in zip(DWELL_BINS, counts, strict=True)]


def _media_and_choices(q: _Query, stats: Stats) -> None:
    media = []
    for section, exhibit, plays, mean_played, completed in q.rows(
            f"SELECT p.section, p.exhibit, count(*), avg(m.played), sum(m.played >= {COMPLETE}) "
            f"FROM media_plays m JOIN places p ON p.id = m.place_id {q.children.format('m')} "
            "GROUP BY m.place_id"):
        media.append(MediaFigures(f"{section}/{exhibit}", plays, mean_played, completed))
    stats.media = sorted(media, key=lambda m: (-m.plays, m.exhibit))
    stats.choices = dict(q.rows(
        f"SELECT c.setting, count(DISTINCT c.session_id) FROM choices c {q.children.format('c')} "
        "GROUP BY 1 ORDER BY 1"))


def _tour(q: _Query, stats: Stats) -> None:
    local = "CAST(t.shown + t.utc_offset AS INTEGER)"
    stats.tour_per_day = [(_day(day), steps, seconds) for day, steps, seconds in q.rows(
        f"SELECT {local} / 86400 AS day, count(*), total(t.seconds) FROM tour_plays t {q.tours} "
        "GROUP BY day ORDER BY day")]


def _fill_days(q: _Query, stats: Stats) -> None:
    """Every day of the period counts, 0 when nobody came, within the days the record covers."""
    days = [day for day, _ in stats.per_day] + [day for day, _, _ in stats.tour_per_day]
    if not days:
        return
    first, last = stats.since or min(days), stats.until or max(days)
    if q.bounded:
        low, high = q.db.execute(
            "SELECT min(low), max(high) FROM (SELECT min(started + utc_offset) AS low, "
            "max(started + utc_offset) AS high FROM sessions UNION ALL "
            "SELECT min(shown + utc_offset), max(shown + utc_offset) FROM tour_plays)").fetchone()
        first, last = max(first, _day(int(low // 86400))), min(last, _day(int(high // 86400)))
    counts = dict(stats.per_day)
    stats.per_day = [(first + timedelta(days=n), counts.get(first + timedelta(days=n), 0))
                     for n in range((last - first).days + 1)]
