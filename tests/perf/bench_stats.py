"""How long `kiosk stats` takes on a year of a busy kiosk: one million records.

    python tests/perf/bench_stats.py [--quick] [--events N] [--runs N] [--keep FILE] [--json FILE]

Target (issue 6): under 1 s. Builds the database with the real schema (records are
synthetic: a museum open 9:00-18:00, closed on Mondays, six languages, lognormal dwell
times), then times the stats command's work (all queries and the JSON output) for the whole
year and for one month, and the whole command in a new process (imports included), and
prints the medians. The machines are shared and noisy, so single runs mean little.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from argparse import Namespace
from contextlib import redirect_stdout
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kiosk.analytics import schema
from kiosk.commands.visitors import cmd_stats

SECTIONS = {"introduction": (4, 1.0), "ip-policy": (6, 0.55), "art": (9, 0.9), "music": (7, 0.75),
            "technology": (8, 0.6), "entertainment": (6, 0.7), "topics": (5, 0.35)}
MEDIA = {"music", "entertainment"}
LANGUAGES = (("en", 42), ("fr", 30), ("es", 9), ("zh", 8), ("ar", 6), ("ru", 5))
HOURS = [0] * 9 + [3, 6, 8, 7, 6, 7, 9, 8, 5] + [0] * 6
YEAR_START = datetime(2026, 1, 1, tzinfo=UTC).timestamp()
OFFSET = 3600


def build(path: Path, events: int, seed: int = 6) -> int:
    """Write about `events` records (visits, views, media plays, choices, tour steps)."""
    rng = random.Random(seed)
    db = schema.connect(path)
    places: dict[tuple[str, str, str], int] = {}

    def place(screen: str, section: str = "", exhibit: str = "") -> int:
        key = (screen, section, exhibit)
        if key not in places:
            places[key] = len(places) + 1
        return places[key]

    sections = list(SECTIONS)
    weights = [SECTIONS[s][1] for s in sections]
    sessions, views, media, choices, tours = [], [], [], [], []
    days = [d for d in range(365) if (d + 3) % 7 != 0]  # closed on Mondays
    per_day = max(1, events // (13 * len(days)))
    count = 0
    session_id = 0
    for day in days:
        weekend = 1.6 if (day + 3) % 7 in (5, 6) else 1.0
        for _ in range(int(per_day * weekend * rng.uniform(0.7, 1.3))):
            if count >= events:
                break
            session_id += 1
            hour = rng.choices(range(24), HOURS)[0]
            start = YEAR_START + day * 86400 + hour * 3600 + rng.uniform(0, 3600) - OFFSET
            language = rng.choices([lang for lang, _ in LANGUAGES], [w for _, w in LANGUAGES])[0]
            t = start
            home = rng.lognormvariate(math.log(5), 0.6)
            day_number = int((start + OFFSET) // 86400)
            entered: set[str] = set()
            views.append((session_id, day_number, t, place("home"), round(home, 2), 0))
            t += home
            for _ in range(max(1, int(rng.expovariate(1 / 3)))):
                section = rng.choices(sections, weights)[0]
                dwell = rng.lognormvariate(math.log(7), 0.6)
                views.append((session_id, day_number, t, place("section", section), round(dwell, 2),
                              int(section not in entered)))
                entered.add(section)
                t += dwell
                first = rng.randrange(SECTIONS[section][0])
                for e in range(first, min(SECTIONS[section][0], first + 1 + int(rng.expovariate(1 / 3)))):
                    exhibit = place("exhibit", section, f"e{e}")
                    dwell = rng.lognormvariate(math.log(20), 0.9)
                    views.append((session_id, day_number, t, exhibit, round(dwell, 2), 0))
                    if section in MEDIA and rng.random() < 0.7:
                        played = 1.0 if rng.random() < 0.35 else rng.random()
                        media.append((session_id, t + 1, exhibit, 120.0, played))
                    t += dwell
            if rng.random() < 0.35:
                choices.append((session_id, start + 2, "language", language))
            for setting, share, value in (("text_scale", 0.05, "1.25"), ("high_contrast", 0.03, "on"),
                                          ("captions", 0.04, "off"), ("volume", 0.1, "0.6")):
                if rng.random() < share:
                    choices.append((session_id, start + 5, setting, value))
            reason = rng.choices(("reset", "tour", "admin"), (90, 8, 2))[0]
            uid = uuid.UUID(int=rng.getrandbits(128)).hex
            length = round(t - start, 2)
            sessions.append((session_id, uid, "bench-kiosk", start, OFFSET, length, language, reason))
            count = len(sessions) + len(views) + len(media) + len(choices) + len(tours)
            if rng.random() < 0.9:
                step = rng.choice(list(places.values()))
                tours.append(("bench-kiosk", t + 120, OFFSET, step, 12.0))
    db.execute("BEGIN")
    db.executemany("INSERT INTO places (id, screen, section, exhibit) VALUES (?, ?, ?, ?)",
                   [(i, *key) for key, i in places.items()])
    db.executemany("INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?)", sessions)
    db.executemany("INSERT INTO views (session_id, day, shown, place_id, dwell, entered) "
                   "VALUES (?, ?, ?, ?, ?, ?)", views)
    db.executemany("INSERT INTO media_plays (session_id, started, place_id, duration, played) "
                   "VALUES (?, ?, ?, ?, ?)", media)
    db.executemany("INSERT INTO choices (session_id, at, setting, value) VALUES (?, ?, ?, ?)", choices)
    db.executemany("INSERT INTO tour_plays (kiosk_id, shown, utc_offset, place_id, seconds) "
                   "VALUES (?, ?, ?, ?, ?)", tours)
    db.execute("COMMIT")
    db.execute("ANALYZE")
    db.close()
    return count


def time_stats(path: Path, runs: int, **dates: str | None) -> list[float]:
    times = []
    args = Namespace(db=path, format="json", since=dates.get("since"), until=dates.get("until"))
    for _ in range(runs):
        start = time.perf_counter()
        with redirect_stdout(io.StringIO()):
            status = cmd_stats(args)
        times.append(time.perf_counter() - start)
        if status != 0:
            raise SystemExit(f"stats failed with status {status}")
    return times


def time_process(path: Path, runs: int) -> list[float]:
    """The whole command in a new process, as `kiosk stats --format table` runs: imports included."""
    script = ("import sys; from argparse import Namespace; from pathlib import Path; "
              "from kiosk.commands.visitors import cmd_stats; "
              "args = Namespace(db=Path(sys.argv[1]), format='table', since=None, until=None); "
              "sys.exit(cmd_stats(args))")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", script, str(path)], cwd=Path(__file__).resolve().parents[2],
                       check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=0)
    parser.add_argument("--keep", type=Path, metavar="FILE", help="also keep the database here")
    parser.add_argument("--json", type=Path, metavar="FILE")
    args = parser.parse_args()
    runs = args.runs or (3 if args.quick else 7)
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "events.db"
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
        start = time.perf_counter()
        events = build(path, args.events)
        built = time.perf_counter() - start
        size = path.stat().st_size
        year = time_stats(path, runs)
        month = time_stats(path, runs, since="2026-06-01", until="2026-06-30")
        process = time_process(path, min(runs, 3))
    result = {
        "events": events,
        "database_mb": round(size / 1e6, 1),
        "build_seconds": round(built, 2),
        "runs": runs,
        "stats_year_median_s": round(statistics.median(year), 3),
        "stats_year_max_s": round(max(year), 3),
        "stats_month_median_s": round(statistics.median(month), 3),
        "process_median_s": round(statistics.median(process), 3),
        "target_s": 1.0,
    }
    print(f"{events:,} records, {result['database_mb']} MB, built in {built:.1f} s")
    print(f"kiosk stats, whole year: median {result['stats_year_median_s']:.3f} s "
          f"(max {result['stats_year_max_s']:.3f} s over {runs} runs)")
    print(f"kiosk stats, one month:  median {result['stats_month_median_s']:.3f} s  (target: under 1 s)")
    print(f"the whole command in a new process (imports, whole year, table): "
          f"median {result['process_median_s']:.3f} s")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
