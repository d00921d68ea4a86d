"""The visitor figures as `kiosk stats` gives them: a table for people, rows for CSV, a document for JSON.

A day is YYYY-MM-DD, the kiosk's local day; both ends of a period are included. The figures can
come from a database copied from another kiosk. The CSV rows are long and narrow
(`kiosk_id,figure,item,measure,value`) so the figures of many kiosks concatenate as export.py
describes and pivot in a spreadsheet. This module returns data and text; the command
(`kiosk.commands.visitors`) reads the options and prints.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from kiosk.analytics import queries, schema
from kiosk.analytics.export import number_text
from kiosk.analytics.queries import ExhibitFigures, Stats

log = logging.getLogger("kiosk.analytics")

STATS_COLUMNS = ("kiosk_id", "figure", "item", "measure", "value")
DAILY_ROWS_UP_TO = 62
TOP = 10


class StatsError(Exception):
    """The record cannot be read; the message says why."""


def parse_day(text: str) -> date:
    """A day written YYYY-MM-DD; ValueError saying what is wrong otherwise."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a day like 2026-03-01") from None


def read_stats(path: Path | str | None, since: date | None, until: date | None) -> Stats:
    """The figures of the database at `path` (default: this kiosk's); empty when it does not exist."""
    path = Path(path) if path else schema.database_path()
    if not path.exists():
        return Stats(since, until)
    try:
        db = _open(path)
    except schema.NewerDatabaseError as error:
        raise StatsError(f"{path}: written by a newer kiosk ({error})") from None
    except sqlite3.Error as error:
        why = "cannot be read"
        if schema.is_damage(error):
            why = "is damaged; the kiosk moves it aside when it next starts"
        raise StatsError(f"{path} {why}: {error}") from None
    try:
        return queries.compute(db, since, until)
    except sqlite3.Error as error:
        raise StatsError(f"{path}: {error}") from None
    finally:
        db.close()


def _open(path: Path) -> sqlite3.Connection:
    """The kiosk's file as it is; a copy on read-only media (a locked USB stick) read as such."""
    try:
        return schema.connect(path)
    except sqlite3.OperationalError as error:
        if schema.is_damage(error):
            raise
        try:
            db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        except sqlite3.Error:
            raise error from None
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version != schema.SCHEMA_VERSION:
        db.close()
        raise sqlite3.OperationalError(f"read-only, at schema version {version} instead of "
                                       f"{schema.SCHEMA_VERSION}")
    return db


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def stats_document(stats: Stats) -> dict[str, Any]:
    """The figures as JSON-ready data; keys and order are stable."""
    share = (lambda n: round(n / stats.sessions, 4)) if stats.sessions else (lambda _n: 0.0)
    return {
        "kiosks": stats.kiosks,
        "since": stats.since.isoformat() if stats.since else None,
        "until": stats.until.isoformat() if stats.until else None,
        "sessions": {
            "total": stats.sessions,
            "median_seconds": _r(stats.median_seconds),
            "per_day": [{"day": day.isoformat(), "sessions": count} for day, count in stats.per_day],
            "ended": stats.end_reasons,
        },
        "sections": [{"section": s.section, "visits": s.visits, "views": s.views,
                      "dwell_seconds": _r(s.dwell)} for s in stats.sections],
        "exhibits": [{"exhibit": e.exhibit, "views": e.views, "dwell_seconds": _r(e.dwell),
                      "mean_dwell_seconds": _r(e.mean_dwell)} for e in stats.exhibits],
        "media": [{"exhibit": m.exhibit, "plays": m.plays, "mean_played": _r(m.mean_played),
                   "completed": m.completed} for m in stats.media],
        "languages": [{"language": language, "sessions": count, "share": share(count)}
                      for language, count in stats.languages],
        "choices": stats.choices,
        "dwell_distribution": [{"bin": label, "views": count} for label, count in stats.dwell_bins],
        "weekday_hour": {day.lower(): hours
                         for day, hours in zip(queries.WEEKDAYS, stats.week_hours, strict=True)},
        "tour": {
            "steps": stats.tour_steps,
            "seconds": _r(stats.tour_seconds),
            "per_day": [{"day": day.isoformat(), "steps": steps, "seconds": _r(seconds)}
                        for day, steps, seconds in stats.tour_per_day],
        },
    }


def stats_rows(stats: Stats) -> Iterator[tuple[str, str, str, str, str]]:
    """The figures as long rows: kiosk_id, figure, item, measure, value."""
    kiosk = "+".join(stats.kiosks)

    def row(figure: str, item: str, measure: str, value: object) -> tuple[str, str, str, str, str]:
        text = number_text(value) if isinstance(value, float) else "" if value is None else str(value)
        return (kiosk, figure, item, measure, text)

    yield row("period", "", "since", stats.since.isoformat() if stats.since else "")
    yield row("period", "", "until", stats.until.isoformat() if stats.until else "")
    yield row("sessions", "", "total", stats.sessions)
    yield row("sessions", "", "median_seconds", stats.median_seconds)
    for reason, count in stats.end_reasons.items():
        yield row("sessions_ended", reason, "sessions", count)
    for day, count in stats.per_day:
        yield row("sessions_per_day", day.isoformat(), "sessions", count)
    for s in stats.sections:
        yield row("sections", s.section, "visits", s.visits)
        yield row("sections", s.section, "views", s.views)
        yield row("sections", s.section, "dwell_seconds", s.dwell)
    for e in stats.exhibits:
        yield row("exhibits", e.exhibit, "views", e.views)
        yield row("exhibits", e.exhibit, "dwell_seconds", e.dwell)
    for m in stats.media:
        yield row("media", m.exhibit, "plays", m.plays)
        yield row("media", m.exhibit, "mean_played", m.mean_played)
        yield row("media", m.exhibit, "completed", m.completed)
    for language, count in stats.languages:
        yield row("languages", language, "sessions", count)
    for setting, count in stats.choices.items():
        yield row("choices", setting, "sessions", count)
    for day, steps, seconds in stats.tour_per_day:
        yield from (row("tour_per_day", day.isoformat(), "steps", steps),
                    row("tour_per_day", day.isoformat(), "seconds", seconds))


def duration_text(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60} min {whole % 60:02d} s"
    return f"{whole // 3600} h {whole % 3600 // 60:02d} min"


def _period(stats: Stats) -> str:
    if stats.since and stats.until:
        return f"{stats.since} to {stats.until}"
    if stats.since:
        return f"from {stats.since}"
    if stats.until:
        return f"until {stats.until}"
    return "all recorded days"


def _table(title: str, headers: tuple[str, ...], rows: Sequence[tuple[object, ...]]) -> list[str]:
    if not rows:
        return [title, "  (none)", ""]
    cells = [[str(cell) for cell in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]

    def line(values: list[str]) -> str:
        first = values[0].ljust(widths[0])
        rest = (value.rjust(width) for value, width in zip(values[1:], widths[1:], strict=True))
        return "  " + "  ".join([first, *rest]).rstrip()

    return [title, line(list(headers)), *(line(r) for r in cells), ""]


def stats_table(stats: Stats) -> str:
    kiosks = ", ".join(stats.kiosks) or "–"
    out = [f"Visitor statistics for {kiosks}, {_period(stats)}", ""]
    ended = ", ".join(f"{reason} {count}" for reason, count in stats.end_reasons.items()) or "–"
    out += [f"  visits               {stats.sessions}",
            f"  median visit length  {duration_text(stats.median_seconds)}",
            f"  visits ended by      {ended}", ""]
    if len(stats.per_day) <= DAILY_ROWS_UP_TO:
        out += _table("Visits per day", ("day", "visits"), [(d.isoformat(), n) for d, n in stats.per_day])
    else:
        months: dict[str, int] = {}
        for day, count in stats.per_day:
            months[day.strftime("%Y-%m")] = months.get(day.strftime("%Y-%m"), 0) + count
        out += _table("Visits per month (each day: --format csv or json)", ("month", "visits"),
                      list(months.items()))
    out += _table("Sections, by visits that entered them", ("section", "visits", "views", "time spent"),
                  [(s.section, s.visits, s.views, duration_text(s.dwell)) for s in stats.sections])

    def exhibit_rows(exhibits: list[ExhibitFigures]) -> list[tuple[object, ...]]:
        return [(e.exhibit, e.views, duration_text(e.dwell), duration_text(e.mean_dwell))
                for e in exhibits[:TOP]]

    headers = ("exhibit", "views", "time spent", "average")
    out += _table(f"Top {TOP} exhibits by views", headers, exhibit_rows(stats.exhibits))
    by_dwell = sorted(stats.exhibits, key=lambda e: (-e.dwell, e.exhibit))
    out += _table(f"Top {TOP} exhibits by time spent", headers, exhibit_rows(by_dwell))
    out += _table(f"Media completion (completed: {queries.COMPLETE:.0%} played or more)",
                  ("exhibit", "plays", "average played", "completed"),
                  [(m.exhibit, m.plays, f"{m.mean_played:.0%}", m.completed) for m in stats.media])
    out += _table("Languages (the last one chosen in each visit)", ("language", "visits", "share"),
                  [(lang, n, f"{n / stats.sessions:.0%}") for lang, n in stats.languages])
    out += _table("Settings changed", ("setting", "visits"), list(stats.choices.items()))
    out += [f"Tour: {stats.tour_steps} steps played, {duration_text(stats.tour_seconds)} in all", ""]
    return "\n".join(out)
