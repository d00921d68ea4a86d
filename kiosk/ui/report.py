"""The curator's visitor report (`kiosk report -o report.html`), one self-contained HTML file.

The figures come from the Qt-free core (`kiosk.analytics`); the five charts are drawn here
with QPainter offscreen (`charts`) and inlined as base64 PNG, so the file opens anywhere,
offline, and can be mailed or printed. No scripts, no fonts or images from elsewhere, no
links out. Every chart has a one-sentence description as its alt text and its numbers in a
table beside it, for screen readers and for anyone who wants the exact figures.
"""

from __future__ import annotations

import base64
import html
import logging
import os
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QGuiApplication, QImage

from kiosk.analytics.figures import duration_text
from kiosk.analytics.queries import COMPLETE, WEEKDAYS, ExhibitFigures, Stats
from kiosk.ui import charts, qtlog

log = logging.getLogger("kiosk.ui")

STYLE = """
:root { color-scheme: light; }
body { font: 15px/1.5 "Noto Sans", "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: #1d2430;
       background: #fff; margin: 0; }
main { max-width: 1120px; margin: 0 auto; padding: 32px 24px 48px; }
h1 { font-size: 30px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 0 0 12px; padding-bottom: 4px; border-bottom: 1px solid #e3e6ea; }
.sub { color: #5b6472; margin: 0 0 24px; }
.key { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px;
       margin: 0 0 36px; }
.key div { border: 1px solid #e3e6ea; border-radius: 6px; padding: 10px 14px; }
.key dt { color: #5b6472; font-size: 13px; }
.key dd { margin: 2px 0 0; font-size: 24px; font-weight: 600; }
section { margin: 0 0 40px; }
.chart { display: grid; grid-template-columns: minmax(0, 760px) minmax(220px, 1fr); gap: 24px;
         align-items: start; }
.chart.wide { grid-template-columns: minmax(0, 1fr); }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
figure { margin: 0; break-inside: avoid; }
img { display: block; max-width: 100%; height: auto; }
figcaption, .note { color: #5b6472; font-size: 13px; margin-top: 6px; }
.numbers { max-height: 380px; overflow: auto; }
table { border-collapse: collapse; font-size: 13px; width: 100%; }
caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
th, td { padding: 3px 8px; border-bottom: 1px solid #eef0f2; text-align: left; vertical-align: top; }
thead th { border-bottom: 1px solid #c9ced4; }
.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
footer { color: #5b6472; font-size: 13px; border-top: 1px solid #e3e6ea; padding-top: 12px; }
@media (max-width: 980px) { .chart, .pair { grid-template-columns: 1fr; } }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  .chart, .pair { grid-template-columns: 1fr; }
  .numbers { max-height: none; overflow: visible; }
  section { break-inside: avoid-page; }
}
@page { margin: 15mm; }
"""

_app: QGuiApplication | None = None


def write_report(stats: Stats, output: Path) -> None:
    """Render the report of `stats` and write it to `output`, replaced whole; OSError if it cannot be."""
    _ensure_gui()
    with qtlog.routed():
        document = render_report(stats, generated=datetime.now().astimezone())
    partial = output.with_name(f".{output.name}.partial")
    partial.write_text(document, encoding="utf-8")
    partial.replace(output)


def _ensure_gui() -> None:
    """Fonts and painting need a QGuiApplication; make an offscreen one if there is none."""
    global _app
    if QCoreApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app = QGuiApplication(["kiosk-report"])


def language_name(code: str) -> str:
    locale = QLocale(code)
    if locale.language() in (QLocale.Language.C, QLocale.Language.AnyLanguage):
        return code
    return f"{QLocale.languageToString(locale.language())} ({code})"


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _img(image: QImage, alt: str) -> str:
    data = base64.b64encode(charts.png_bytes(image)).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" width="{charts.WIDTH}" alt="{_e(alt)}">'


def _table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[object]], numeric_from: int = 1,
           ) -> str:
    def cell(tag: str, index: int, value: object) -> str:
        css = ' class="n"' if index >= numeric_from else ""
        scope = ' scope="row"' if tag == "th" else ""
        return f"<{tag}{css}{scope}>{_e(value)}</{tag}>"

    numeric = ' class="n"'
    head = "".join(f'<th scope="col"{numeric if i >= numeric_from else ""}>{_e(h)}</th>'
                   for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(cell("th" if i == 0 else "td", i, v) for i, v in enumerate(row)) + "</tr>"
                   for row in rows)
    if not rows:
        body = f'<tr><td colspan="{len(headers)}">none</td></tr>'
    return (f"<table><caption>{_e(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>")


def _chart(heading: str, image: QImage, alt: str, caption: str, table: str, *, wide: bool = False) -> str:
    return (f'<section><h2>{_e(heading)}</h2><div class="chart{" wide" if wide else ""}">'
            f"<figure>{_img(image, alt)}<figcaption>{_e(caption)}</figcaption></figure>"
            f'<div class="numbers">{table}</div></div></section>')


def long_day(day: date) -> str:
    """'3 March 2026' (strftime's %-d is not portable)."""
    return f"{day.day} {day:%B %Y}"


def _visits(count: int) -> str:
    return f"{count:,} visit{'' if count == 1 else 's'}"


def _share(part: float, whole: float) -> str:
    return f"{part / whole:.0%}" if whole else "–"


def _period(stats: Stats) -> str:
    first = stats.since or (stats.per_day[0][0] if stats.per_day else None)
    last = stats.until or (stats.per_day[-1][0] if stats.per_day else None)
    if first is None or last is None:
        return "no records yet"
    return f"{long_day(first)} to {long_day(last)}"


def _key_figures(stats: Stats) -> str:
    open_days = sum(1 for _, count in stats.per_day if count)
    busiest = max(stats.per_day, key=lambda item: item[1], default=None)
    plays = sum(m.plays for m in stats.media)
    completed = sum(m.completed for m in stats.media)
    figures = [
        ("Visits", f"{stats.sessions:,}"),
        ("Median visit", duration_text(stats.median_seconds)),
        ("Average visits on days with visitors", f"{stats.sessions / open_days:.0f}" if open_days else "–"),
        ("Busiest day", f"{charts.short_day(busiest[0])}: {busiest[1]:,}" if busiest and busiest[1] else "–"),
        ("Media played to the end", _share(completed, plays)),
        ("Tour steps played", f"{stats.tour_steps:,}"),
    ]
    items = "".join(f"<div><dt>{_e(name)}</dt><dd>{_e(value)}</dd></div>" for name, value in figures)
    return f'<dl class="key">{items}</dl>'


def _visits_section(stats: Stats) -> str:
    image, rows = charts.visits_over_time(stats.per_day)
    weekly = len(stats.per_day) > 92
    unit = "week" if weekly else "day"
    busiest = max(rows, key=lambda row: row[1], default=None)
    alt = f"Bar chart of visits per {unit}, {_period(stats)}."
    if busiest and busiest[1]:
        alt += f" The busiest {unit} was {busiest[0]}, with {_visits(busiest[1])}."
    caption = ("Each bar is one week, Monday to Sunday." if weekly else
               "Each bar is one day; days with no bar had no visits (or the kiosk was off).")
    table = _table(f"Visits per {unit}", (unit, "visits"), rows)
    return _chart("Visitors over time", image, alt, caption, table)


def _sections_section(stats: Stats) -> str:
    rows = [(s.section, s.visits, f"{_visits(s.visits)} · {_share(s.visits, stats.sessions)}")
            for s in stats.sections]
    image = charts.horizontal_bars("Sections: visits that entered each one", rows, "No visits in this period")
    alt = "Bar chart of the visits that entered each section."
    if stats.sections:
        top = stats.sections[0]
        alt += f" Most visited: {top.section}, entered in {_share(top.visits, stats.sessions)} of visits."
    table = _table("Sections", ("section", "visits", "share", "screens", "time spent"),
                   [(s.section, f"{s.visits:,}", _share(s.visits, stats.sessions), f"{s.views:,}",
                     duration_text(s.dwell)) for s in stats.sections])
    caption = ("A visit counts once per section it entered, whatever it saw there; the share is of all "
               "visits in the period.")
    return _chart("Where visitors go", image, alt, caption, table)


def _dwell_section(stats: Stats) -> str:
    image = charts.dwell_histogram(stats.dwell_bins)
    timed = sum(count for _, count in stats.dwell_bins)
    top = max(stats.dwell_bins, key=lambda row: row[1], default=("", 0))
    alt = "Bar chart of how long each exhibit stayed on screen."
    if timed:
        alt += f" The most common time was {top[0]} ({_share(top[1], timed)} of {timed:,} exhibit views)."
    table = _table("Exhibit views by time on screen", ("time on screen", "views", "share"),
                   [(label, f"{count:,}", _share(count, timed)) for label, count in stats.dwell_bins])
    caption = "The time from an exhibit appearing to the next screen (or the end of the visit)."
    return _chart("How long they look", image, alt, caption, table)


def _heatmap_section(stats: Stats) -> str:
    image = charts.week_heatmap(stats.week_hours)
    hours = charts.busy_hours(stats.week_hours)
    cells = ((day, hour, stats.week_hours[d][hour]) for d, day in enumerate(WEEKDAYS) for hour in hours)
    busiest = max(cells, key=lambda item: item[2], default=None)
    alt = "Grid of visits by weekday and hour of the day; darker squares had more visits."
    if busiest and busiest[2]:
        alt += f" The busiest hour was {busiest[0]} {busiest[1]}:00 to {busiest[1] + 1}:00."
    table = _table("Visits begun, by weekday and hour", ("weekday", *(f"{h}:00" for h in hours)),
                   [(day, *(stats.week_hours[d][h] for h in hours)) for d, day in enumerate(WEEKDAYS)])
    caption = "Hours are the kiosk's local time; each square counts the visits that began in that hour."
    return _chart("When visitors come", image, alt, caption, table, wide=True)


def _languages_section(stats: Stats) -> str:
    rows = [(language_name(code), count, f"{_share(count, stats.sessions)} · {_visits(count)}")
            for code, count in stats.languages]
    image = charts.horizontal_bars("Languages: share of visits", rows, "No visits in this period")
    alt = "Bar chart of the share of visits in each language."
    if rows:
        alt += f" {rows[0][0]}: {_share(rows[0][1], stats.sessions)}."
    table = _table("Languages", ("language", "visits", "share"),
                   [(name, f"{count:,}", _share(count, stats.sessions)) for name, count, _ in rows])
    caption = "A visit counts in the last language chosen during it."
    return _chart("Their languages", image, alt, caption, table)


def _tables_section(stats: Stats) -> str:
    def exhibit_rows(exhibits: Sequence[ExhibitFigures]) -> list[tuple[object, ...]]:
        return [(e.exhibit, f"{e.views:,}", duration_text(e.dwell), duration_text(e.mean_dwell))
                for e in exhibits[:10]]

    headers = ("exhibit", "views", "time spent", "average")
    by_dwell = sorted(stats.exhibits, key=lambda e: (-e.dwell, e.exhibit))
    media = _table(f"Audio and video (completed: {COMPLETE:.0%} played or more)",
                   ("exhibit", "plays", "average played", "completed"),
                   [(m.exhibit, f"{m.plays:,}", f"{m.mean_played:.0%}", f"{m.completed:,}")
                    for m in stats.media])
    ended = _table("How visits ended", ("ended by", "visits"), list(stats.end_reasons.items()))
    choices = _table("Settings visitors changed", ("setting", "visits"),
                     [(name.replace("_", " "), count) for name, count in stats.choices.items()])
    tour = _table("Tour steps played (proof of play)", ("day", "steps", "time"),
                  [(f"{day:%a} {charts.short_day(day)} {day.year}", f"{steps:,}", duration_text(seconds))
                   for day, steps, seconds in stats.tour_per_day[-31:]])
    note = ("" if len(stats.tour_per_day) <= 31 else
            f'<p class="note">The last 31 days of {len(stats.tour_per_day)}; '
            "`kiosk stats --format csv` lists every day.</p>")
    viewed = _table("Most viewed", headers, exhibit_rows(stats.exhibits))
    dwelt = _table("Most time spent", headers, exhibit_rows(by_dwell))
    return (f"<section><h2>Exhibits</h2>{_pair(viewed, dwelt)}</section>"
            f"<section><h2>Media</h2>{media}</section>"
            f"<section><h2>Visits and settings</h2>{_pair(ended, choices)}</section>"
            f"<section><h2>The tour</h2>{tour}{note}</section>")


def _pair(left: str, right: str) -> str:
    return f'<div class="pair"><div>{left}</div><div>{right}</div></div>'


def render_report(stats: Stats, *, generated: datetime) -> str:
    kiosks = ", ".join(stats.kiosks) or "no kiosk recorded yet"
    title = f"Visitor report: {kiosks}, {_period(stats)}"
    parts = [
        f'<header><h1>Visitor report</h1><p class="sub">Kiosk {_e(kiosks)} · {_e(_period(stats))} · '
        f"made {long_day(generated)}, {generated:%H:%M}</p></header>",
        _key_figures(stats),
        _visits_section(stats),
        _sections_section(stats),
        _dwell_section(stats),
        _heatmap_section(stats),
        _languages_section(stats),
        _tables_section(stats),
        "<footer><p>A visit begins when someone touches the kiosk and ends when it returns to its attract "
        "loop. Visits count on the local day they began. Screens cut short by a power cut count as views "
        "without a time. Nothing here identifies a visitor: the kiosk keeps no names, words typed or "
        "images of people.</p></footer>",
    ]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title><style>{STYLE}</style></head><body><main>"
            + "\n".join(parts) + "</main></body></html>\n")
