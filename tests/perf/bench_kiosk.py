"""The kiosk's benchmark (issue 8): every timing and memory target, measured and printed; not a test.

    python tests/perf/bench_kiosk.py [--quick] [--json FILE] [--only PARTS] [--bundle PATH]

Parts (each in new processes, so no part's caches or memory colour another's):

- startup   cold start to first paint of `kiosk run BUNDLE --quit-after 1`, several runs
            (`first_paint_ms`: the process's age at its first painted frame, from its log:
            the previous start's kept frame; `window_paint_ms`: the kiosk window's);
- chromium  where Chromium is installed: the kiosk and Chromium in kiosk mode showing the
            same first screen as HTML, started alternately on one X display (DISPLAY, else
            a private Xvfb), time from launch to first paint;
- taps      tap-to-paint p50 and p95 per exhibit type, the 8000x6000 picture on its own,
            with real mouse clicks on a 1920x1080 window;
- stalls    the longest GUI-thread stall over the attract loop's first slides and a whole
            tour (a 5 ms precise timer's lateness);
- soak      RSS, live QObjects and Qt wrappers after 100 and after 10,000 steps of a
            visitor's random walk (`--quick`: 1,000);
- path      a visitor's path by taps (home, every section, an exhibit, Back) 30 times
            (`--quick`: 8): RSS growth once every exhibit was met, PSS after one path;
- playing   RSS and PSS of a new kiosk while a video plays;
- validate, install   throughput, by the bench_validate.py and bench_install.py next to
            this file (their quick sizes with `--quick`).

Qt draws offscreen at 1920x1080 unless DISPLAY is set (as under `xvfb-run -s "-screen 0
1920x1080x24"`): then on that X display. The output says which. The machines are shared
and noisy: medians over several runs mean more than any single figure.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from perf_support import REPO, SAMPLE, Display, PrivateXvfb, choose_display, machine, rounded

HERE = Path(__file__).resolve().parent
PARTS = ("startup", "chromium", "taps", "stalls", "soak", "path", "playing", "validate", "install")
# Issue 8's targets, then issue 15's (each against its baseline from the same run).
TARGETS = {
    "first_paint_ms": ("at most 400 ms", lambda v: v <= 400),
    "chromium_over_kiosk": ("Chromium's first paint at least 2x the kiosk's, same run", lambda v: v >= 2),
    "tap_to_paint_p95_ms": ("at most 50 ms, every type (issue 8: 100)", lambda v: max(v.values()) <= 50),
    "gui_stall_max_ms": ("at most 50 ms", lambda v: v <= 50),
    "soak_rss_growth_mb": ("at most 10 MB", lambda v: v <= 10),
    "soak_live_objects_growth": ("no growth", lambda v: v <= 0),
    "rss_playing_mb": ("at most 200 MB", lambda v: v <= 200),
    "validate_5000_ms": ("under 2000 ms", lambda v: v < 2000),
    "install_ratio": ("at most 1.5x unzip + sha256sum", lambda v: v <= 1.5),
    "first_paint_over_bare": ("at most 1.5x a bare PySide6 window's, same run", lambda v: v <= 1.5),
    "chromium_pss_over_kiosk": ("PSS at home at most a quarter of Chromium's, same run", lambda v: v >= 4),
    "path_rss_growth_mb": ("at most 10 MB over a visitor's path tapped 30 times", lambda v: v <= 10),
    "pss_path_mb": ("at most 160 MB after a path through every section", lambda v: v <= 160),
    "pss_playing_mb": ("at most 180 MB while a film plays", lambda v: v <= 180),
}
# Each issue-15 figure beside its baselines from the same run: (kiosk key, {baseline: key}).
BESIDE = {
    "first_paint_ms": ("first_paint_ms", {"bare_pyside6_window": "bare_pyside6_window_first_paint_ms"}),
    "first_paint_from_launch_on_x_ms": ("kiosk_first_paint_ms",
                                        {"chromium": "chromium_first_contentful_paint_ms"}),
    "window_paint_from_launch_on_x_ms": ("kiosk_window_paint_ms",
                                         {"chromium": "chromium_first_contentful_paint_ms"}),
    "pss_home_mb": ("pss_home_mb", {"bare_pyside6_window": "bare_pyside6_window_pss_mb"}),
    "pss_home_on_x_mb": ("kiosk_pss_home_x_mb", {"chromium": "chromium_pss_home_mb"}),
    "pss_path_mb": ("pss_path_mb", {"bare_pyside6_window": "bare_pyside6_window_pss_mb"}),
    "pss_playing_mb": ("pss_playing_mb", {"bare_pyside6_window": "bare_pyside6_window_pss_mb"}),
}

CHILD_OPTIONS: dict[str, Callable[[argparse.Namespace], dict[str, object]]] = {
    "taps": lambda args: {"repetitions": 4 if args.quick else 12},
    "stalls": lambda args: {"media_seconds": 2 if args.quick else 6, "attract_slides": 6},
    "soak": lambda args: {"steps": args.soak_steps or (1000 if args.quick else 10_000)},
    "path": lambda args: {"walks": 8 if args.quick else 30},
    "playing": lambda args: {"seconds": 4 if args.quick else 10},
}


def run_child(part: str, display: Display, work: Path, options: dict[str, object]) -> dict[str, object]:
    """One in-process part in a new Python process; its result, read back from a JSON file."""
    out = work / f"{part}.json"
    log = work / f"{part}.log"
    command = [sys.executable, str(Path(__file__).resolve()), "--phase", part, "--phase-out", str(out),
               "--phase-options", json.dumps(options)]
    with log.open("w") as errors:
        result = subprocess.run(command, env=display.env(work / f"{part}-home"), cwd=REPO, stderr=errors,
                                timeout=3 * 3600, check=False)
    text = log.read_text(errors="replace")
    if result.returncode != 0 or not out.exists():
        print(f"{part}: the child failed (exit {result.returncode}); its last lines:", file=sys.stderr)
        print("\n".join(text.splitlines()[-25:]), file=sys.stderr)
        return {}
    found = json.loads(out.read_text())
    tracebacks = text.count("Traceback (most recent call last)")
    if tracebacks:
        found[f"{part}_tracebacks_logged"] = tracebacks
    return found


def run_script(name: str, quick: bool, work: Path) -> dict[str, object]:
    """bench_validate.py or bench_install.py, with --json; its figures."""
    out = work / f"{name}.json"
    command = [sys.executable, str(HERE / f"bench_{name}.py"), "--json", str(out), *(["--quick"] if quick else [])]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=3 * 3600, check=False)
    print("\n".join(f"  {line}" for line in result.stdout.strip().splitlines()))
    if result.returncode != 0 or not out.exists():
        print(f"{name}: failed (exit {result.returncode}): {result.stderr.strip()[-800:]}", file=sys.stderr)
        return {}
    found = json.loads(out.read_text())
    if name == "install":
        return {"install_ratio": found["ratio"], "install_mb": found["install_mb"],
                "install_mb_per_s": found["install_mb"] / found["install_s"],
                "install_s": found["install_s"], "unzip_sha256sum_s": found["unzip+sha256sum_s"]}
    return {"validate_5000_ms": found["validate_5000_ms"], "validate_exhibits": found["validate_exhibits"],
            "validate_exhibits_per_s": found["validate_exhibits"] / found["validate_5000_ms"] * 1000}


def print_part(part: str, found: dict[str, object]) -> None:
    def ms(key: str) -> str:
        value = found.get(key)
        return f"{value:.0f} ms" if isinstance(value, float | int) else "-"

    if part == "startup" and found:
        runs = ", ".join(f"{v:.0f}" for v in found["first_paint_runs_ms"])  # type: ignore[attr-defined]
        print(f"  cold start to first paint: median {ms('first_paint_ms')} (runs: {runs}; window {found['window']}; "
              f"the kept frame in {found.get('kept_frame_runs', 0)} of {len(found['first_paint_runs_ms'])}); "  # type: ignore[arg-type]
              f"the kiosk window's own paint (touches work): {ms('window_paint_ms')}; "
              f"a bare PySide6 window: {ms('bare_pyside6_window_first_paint_ms')} (first paint / bare "
              f"{found['first_paint_over_bare']:.2f}x, window paint / bare {found['window_paint_over_bare']:.2f}x)")
        print(f"  PSS at the first screen 5 s after launch: kiosk {found['pss_home_mb']:.0f} MB (RSS "
              f"{found['rss_home_mb']:.0f} MB), a bare PySide6 window {found['bare_pyside6_window_pss_mb']:.0f} MB")
    elif part == "chromium" and found:
        if "skipped" in found:
            print(f"  Chromium comparison skipped: {found['skipped']}")
        else:
            print(f"  {found['chromium']} on {found['display']}, {found['runs']} runs each: kiosk first paint "
                  f"{ms('kiosk_first_paint_ms')}, Chromium first contentful paint "
                  f"{ms('chromium_first_contentful_paint_ms')} (picture shown {ms('chromium_picture_shown_ms')}); "
                  f"Chromium / kiosk {found['chromium_over_kiosk']:.1f}x; the kiosk window's own paint "
                  f"{ms('kiosk_window_paint_ms')}, Chromium / that {found['chromium_over_kiosk_window']:.1f}x")
            print(f"  PSS 5 s after launch: Chromium {found['chromium_pss_home_mb']:.0f} MB over "
                  f"{found['chromium_processes']:.0f} processes, the kiosk {found['kiosk_pss_home_x_mb']:.0f} MB "
                  f"(Chromium / kiosk {found['chromium_pss_over_kiosk']:.1f}x)")
    elif part == "taps" and found:
        p50, p95 = found["tap_to_paint_p50_ms"], found["tap_to_paint_p95_ms"]
        pictures = found["picture_shown_p50_ms"], found["picture_shown_p95_ms"]
        for kind in p95:  # type: ignore[union-attr]
            extra = ""
            if kind in pictures[0]:  # type: ignore[operator]
                extra = f"; first picture shown p50 {pictures[0][kind]:.0f}, p95 {pictures[1][kind]:.0f} ms"  # type: ignore[index]
            cpu = found.get("tap_gui_cpu_p50_ms", {}).get(kind, float("nan"))  # type: ignore[attr-defined]
            print(f"  tap to paint, {kind:18s} p50 {p50[kind]:5.0f} ms, p95 {p95[kind]:5.0f} ms "  # type: ignore[index]
                  f"(GUI thread's CPU p50 {cpu:.0f} ms; {found['taps'][kind]} taps{extra})")  # type: ignore[index]
    elif part == "stalls" and found:
        worst = ", ".join(f"{w['ms']:.0f} ms at {w['at']}" for w in found["gui_stall_worst"])  # type: ignore[attr-defined]
        print(f"  GUI stall over the attract loop and a tour of {found['tour_stops']} stops "
              f"({found['tour_seconds']:.0f} s): longest {ms('gui_stall_max_ms')} (attract: "
              f"{ms('gui_stall_attract_max_ms')}; start-up, apart: {ms('gui_stall_startup_max_ms')}), "
              f"p99 {ms('gui_stall_p99_ms')}, "
              f"{found['gui_stalls_over_50_ms']} over 50 ms; the longest: {worst}")
        busiest = ", ".join(f"{w['ms']:.0f} ms at {w['at']}" for w in found["gui_busy_worst"])  # type: ignore[attr-defined]
        print(f"  the GUI thread's own CPU time between two beats: longest {ms('gui_busy_max_ms')}: {busiest}")
        print(f"  RSS during the tour: max {found['rss_tour_max_mb']:.0f} MB, "
              f"while media play {found['rss_tour_media_max_mb']:.0f} MB")
    elif part == "soak" and found:
        marks = found["soak_marks"]
        for steps, mark in marks.items():  # type: ignore[attr-defined]
            print(f"  soak after {steps:>6} steps: RSS {mark['rss_mb']:.1f} MB (decode cache {mark['decode_cache_mb']:.0f} "
                  f"MB, the rest {mark['rss_without_cache_mb']:.1f} MB), {mark['live_qobjects']:.0f} live QObjects, "
                  f"{mark['qt_wrappers']:.0f} Qt wrappers")
        print(f"  soak growth: RSS {found['soak_rss_growth_mb']:+.1f} MB (decode cache "
              f"{found['soak_decode_cache_growth_mb']:+.1f} MB), live QObjects {found['soak_live_objects_growth']:+.0f}, "
              f"Qt wrappers {found['soak_qt_wrappers_growth']:+.0f} ({found['soak_seconds']:.0f} s)")
        added = ", ".join(f"{name} +{count}" for name, count in found["soak_live_objects_added"].items())  # type: ignore[attr-defined]
        if added:
            print(f"  objects that stayed: {added}")
    elif part == "path" and found:
        print(f"  a visitor's path by taps, {found['path_walks']} times ({found['path_seconds']:.0f} s): RSS "
              f"{found['rss_path_first_mb']:.0f} MB after the first, {found['rss_path_warm_mb']:.0f} MB once every "
              f"exhibit was met (walk {found['path_warm_up_walks']}), {found['rss_path_last_mb']:.0f} MB after the "
              f"last ({found['path_rss_growth_mb']:+.1f} MB); PSS after one path {found['pss_path_mb']:.0f} MB")
    elif part == "playing" and found:
        print(f"  PSS while {found.get('rss_playing_video')} plays: {found['pss_playing_mb']:.0f} MB")
        print(f"  RSS while {found.get('rss_playing_video')} plays: max {found['rss_playing_mb']:.0f} MB, "
              f"median {found['rss_playing_median_mb']:.0f} MB (heap {found['rss_playing_anon_mb']:.0f} MB, libraries and "
              f"mapped files {found['rss_playing_file_mb']:.0f} MB; attract loop before: {found['rss_attract_mb']:.0f} MB)")


def beside_baselines(results: dict[str, object]) -> dict[str, dict[str, object]]:
    """Each figure with its baselines from the same run, and the ratio baseline / kiosk (above 1:
    the kiosk is faster or smaller); figures not measured are left out."""
    table: dict[str, dict[str, object]] = {}
    for name, (key, baselines) in BESIDE.items():
        value = results.get(key)
        if not isinstance(value, float | int) or value != value:
            continue
        row: dict[str, object] = {"kiosk": value}
        for baseline, baseline_key in baselines.items():
            other = results.get(baseline_key)
            if isinstance(other, float | int) and other == other and value:
                row[baseline] = other
                row[f"{baseline}_over_kiosk"] = other / value
        table[name] = row
    return table


def verdicts(results: dict[str, object]) -> dict[str, dict[str, object]]:
    table: dict[str, dict[str, object]] = {}
    for key, (target, passes) in TARGETS.items():
        value = results.get(key)
        if value is None or (isinstance(value, float) and value != value):
            table[key] = {"target": target, "value": None, "pass": None}
            continue
        table[key] = {"target": target, "value": value, "pass": bool(passes(value))}
    return table


def main_parent(args: argparse.Namespace) -> int:
    parts = [p for p in PARTS if p in args.only.split(",")] if args.only else list(PARTS)
    display = choose_display(args.display)
    info = machine()
    print(f"bench_kiosk on {args.bundle.name}: {display.label}; {info.get('cores')} cores, Qt {info.get('qt')} "
          f"(PySide6 {info.get('pyside6')}), Python {info.get('python')}; load {info.get('load_average')}"
          f"{'; quick' if args.quick else ''}", flush=True)
    results: dict[str, object] = {}
    quick = args.quick
    with tempfile.TemporaryDirectory(prefix="bench-kiosk-") as folder:
        work = Path(folder)
        for part in parts:
            started = time.perf_counter()
            print(f"{part} …", flush=True)
            found: dict[str, object] = {}
            if part == "startup":
                from perf_startup import cold_start

                found = cold_start(args.bundle, display, args.runs or (3 if quick else 7), work)
            elif part == "chromium":
                found = chromium_part(args, display, work)
            elif part in CHILD_OPTIONS:
                options = {**CHILD_OPTIONS[part](args), "decode_cache_mb": args.decode_cache_mb}
                found = run_child(part, display, work, options)
            elif part in ("validate", "install"):
                found = run_script(part, quick, work)
            print_part(part, found)
            print(f"  ({time.perf_counter() - started:.0f} s)", flush=True)
            results.update(found)
    table = verdicts(results)
    print("\ntargets (issues 8 and 15):")
    for key, row in table.items():
        value = row["value"]
        shown = "not measured" if value is None else (
            ", ".join(f"{k} {v:.0f}" for k, v in value.items()) if isinstance(value, dict) else f"{value:.1f}")
        verdict = {True: "PASS", False: "FAIL", None: "-"}[row["pass"]]  # type: ignore[index]
        print(f"  {verdict:4s}  {key:26s} {shown:60s} target: {row['target']}")
    if args.json:
        document = {**results, "targets": table, "beside_baselines": beside_baselines(results),
                    "display": display.label, "machine": info,
                    "quick": quick, "bundle": str(args.bundle)}
        args.json.write_text(json.dumps(rounded(document), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


def chromium_part(args: argparse.Namespace, display: Display, work: Path) -> dict[str, object]:
    from perf_startup import chromium_comparison, find_chromium

    if find_chromium() is None:
        return {"skipped": "chromium is not installed"}
    private = None
    x_display = display.x_display
    if x_display is None:
        private = PrivateXvfb()
        x_display = private.start()
        if x_display is None:
            return {"skipped": "no X display and no Xvfb to start one"}
    try:
        return chromium_comparison(args.bundle, display, x_display, args.runs or (3 if args.quick else 5), work)
    finally:
        if private is not None:
            private.stop()


def main_child(args: argparse.Namespace) -> int:
    from kiosk.system import allocator

    allocator.tune()  # as `kiosk run` does, before Qt starts a thread
    from perf_inside import run_phase

    found = run_phase(args.phase, args.bundle, **json.loads(args.phase_options))
    args.phase_out.write_text(json.dumps(rounded(found, 2)), encoding="utf-8")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, 1,000 soak steps, smaller throughput runs")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write every figure, the targets and the machine")
    parser.add_argument("--only", metavar="PARTS", help=f"comma-separated, of: {','.join(PARTS)}")
    parser.add_argument("--bundle", type=Path, default=SAMPLE)
    parser.add_argument("--display", choices=("auto", "offscreen", "x"), default="auto")
    parser.add_argument("--runs", type=int, default=0, help="cold starts (default 7; quick 3)")
    parser.add_argument("--soak-steps", type=int, default=0)
    parser.add_argument("--decode-cache-mb", type=int, default=0,
                        help="the picture cache's budget in the kiosk parts (default: the kiosk's own)")
    parser.add_argument("--phase", choices=("taps", "stalls", "soak", "path", "playing"), help=argparse.SUPPRESS)
    parser.add_argument("--phase-out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--phase-options", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.bundle = args.bundle.resolve()
    if args.phase:
        return main_child(args)
    os.environ.pop("QT_QPA_PLATFORM", None)
    return main_parent(args)


if __name__ == "__main__":
    raise SystemExit(main())
