"""What visitors looked at: `kiosk stats` (figures, from the Qt-free `kiosk.analytics`) and
`kiosk report` (an HTML file with charts drawn by Qt in `kiosk.ui.report`).

    kiosk stats [--since DAY] [--until DAY] [--format table|csv|json] [--db FILE]
    kiosk report -o FILE [--since DAY] [--until DAY] [--db FILE]

The core computes the figures and renders them as data or text; reading the options, printing,
and the exit status are done here.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.analytics.queries import Stats


def day_arg(value: object) -> date | None:
    """`--since`/`--until` as parsed (a date), or as text (from a caller other than argparse)."""
    from kiosk.analytics.figures import parse_day

    if value is None or isinstance(value, date):
        return value
    return parse_day(str(value))


def stats_from_args(args: argparse.Namespace, command: str) -> Stats | int:
    """The figures `--since`, `--until` and `--db` ask for, or the exit status after saying
    what is wrong (2 for a bad date range, 1 for an unreadable database)."""
    from kiosk.analytics.figures import StatsError, read_stats

    try:
        since, until = day_arg(args.since), day_arg(args.until)
    except ValueError as error:
        sys.stderr.write(f"kiosk {command}: error: {error}\n")
        return 2
    if since and until and since > until:
        sys.stderr.write(f"kiosk {command}: error: --since is after --until\n")
        return 2
    try:
        return read_stats(getattr(args, "db", None), since, until)
    except StatsError as error:
        sys.stderr.write(f"kiosk {command}: {error}\n")
        return 1


def cmd_stats(args: argparse.Namespace) -> int:
    from kiosk.analytics.figures import STATS_COLUMNS, stats_document, stats_rows, stats_table

    stats = stats_from_args(args, "stats")
    if isinstance(stats, int):
        return stats
    form = getattr(args, "format", "table") or "table"
    if form == "json":
        sys.stdout.write(json.dumps(stats_document(stats), indent=2, ensure_ascii=False) + "\n")
    elif form == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(STATS_COLUMNS)
        writer.writerows(stats_rows(stats))
    else:
        sys.stdout.write(stats_table(stats))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Write the report to `--output`; print its path."""
    stats = stats_from_args(args, "report")
    if isinstance(stats, int):
        return stats
    from kiosk.ui.report import write_report

    output = Path(args.output)
    try:
        write_report(stats, output)
    except OSError as error:
        sys.stderr.write(f"kiosk report: cannot write {output}: {error.strerror or error}\n")
        return 1
    sys.stdout.write(f"{output}\n")
    return 0
