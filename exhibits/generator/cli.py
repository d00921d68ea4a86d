"""`python exhibits/generate_ai_and_ip.py`: write the sample bundle, or some parts of it.

Usage::

    python exhibits/generate_ai_and_ip.py                  # everything (about 2.5 minutes of CPU)
    python exhibits/generate_ai_and_ip.py --only texts     # the manifest and captions (a second)
    python exhibits/generate_ai_and_ip.py --only art music # some media
    python exhibits/generate_ai_and_ip.py --only narration # the text exhibits read aloud (espeak-ng)
    python exhibits/generate_ai_and_ip.py --jobs 1         # no worker processes
    python exhibits/generate_ai_and_ip.py --out /tmp/x     # somewhere else

The media need numpy and the ``ffmpeg`` command (with libx264, libopus, libmp3lame and
libwebp, as in Debian's and Homebrew's builds), the narration the ``espeak-ng`` command and
the kiosk's package (it says what the kiosk's Read aloud says); the texts need PyYAML alone. Everything
comes from fixed seeds, so a second run writes the same bytes. If you rename an output,
rename it in `layout.yaml` too: the strict validator rejects files that nothing references.
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from generator.common import BUNDLE, Output

# task name: (part, "module:function"); --only selects parts. The longest tasks come first,
# so that two workers finish together; modules are imported by the worker that runs them.
TASKS: dict[str, tuple[str, str]] = {
    "art-coast": ("art", "tasks:task_art_coast"),
    "technology": ("technology", "tasks:task_technology"),
    "entertainment": ("entertainment", "tasks:task_entertainment"),
    "art-flow": ("art", "tasks:task_art_flow"),
    "music": ("music", "tasks:task_music"),
    "ip-policy": ("ip-policy", "tasks:task_ip_policy"),
    "introduction": ("introduction", "tasks:task_introduction"),
    "topics": ("topics", "tasks:task_topics"),
    "theme": ("theme", "tasks:task_theme"),
    "narration": ("narration", "narration:task_narration"),
    "texts": ("texts", "manifest:task_texts"),
}
PARTS = sorted({part for part, _ in TASKS.values()})


def _function(name: str) -> Callable[[Output], list[str]]:
    module, _, function = TASKS[name][1].partition(":")
    return getattr(importlib.import_module(f"generator.{module}"), function)  # type: ignore[no-any-return]


def run_task(name: str, root: Path) -> tuple[str, list[str], float]:
    started = time.perf_counter()
    written = _function(name)(Output(root))
    return name, written, time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the sample bundle exhibits/ai-and-ip: manifest, captions, media.")
    parser.add_argument("--only", nargs="+", choices=PARTS, metavar="PART",
                        help=f"write only these parts: {', '.join(PARTS)}")
    parser.add_argument("--out", type=Path, default=BUNDLE, help="bundle folder (default: %(default)s)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                        help="worker processes (default: %(default)s)")
    args = parser.parse_args(argv)
    names = [name for name, (part, _) in TASKS.items() if not args.only or part in args.only]
    if any(TASKS[name][0] != "texts" for name in names) and shutil.which("ffmpeg") is None:
        print("error: the ffmpeg command is needed (e.g. apt-get install ffmpeg)", file=sys.stderr)
        return 1
    if any(TASKS[name][0] == "narration" for name in names) and shutil.which("espeak-ng") is None:
        print("error: the espeak-ng command is needed for the narration (e.g. apt-get install espeak-ng)",
              file=sys.stderr)
        return 1
    root: Path = args.out.resolve()
    started = time.perf_counter()

    def report(name: str, written: list[str], seconds: float) -> None:
        for rel in written:
            size = (root / rel).stat().st_size
            shown = f"{size:,} B" if size < 10_240 else f"{size / 1024:,.0f} KiB"
            print(f"wrote {rel} ({shown})")
        print(f"  [{name}: {seconds:.1f} s]", flush=True)

    if args.jobs <= 1 or len(names) == 1:
        for name in names:
            report(*run_task(name, root))
    else:
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            for result in pool.map(run_task, names, [root] * len(names)):
                report(*result)
    print(f"done in {time.perf_counter() - started:.0f} s")
    return 0
