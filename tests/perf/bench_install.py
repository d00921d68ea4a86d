"""How long installing a big bundle takes, against `unzip` plus `sha256sum` of the same archive.

    python tests/perf/bench_install.py [--quick] [--size-mb N] [--runs N] [--dir DIR] [--json FILE]

Builds a valid bundle of about 1 GB (default; --quick about 200 MB) of incompressible,
media-like files (films, pictures, sounds, captions), packs it with `kiosk pack` (media
stored, checksums.sha256 included), then, in one run, alternates:

- `Store.install(zip)`: open, validate, check free disk, unpack with every file hashed and
  verified against checksums.sha256 while it is written, fsync, move into place, switch;
- `unzip -q zip -d DIR` followed by `sha256sum zip`: what a shell script would do;
- `Store.install` without fsync, for comparison only (what the same work costs when a power
  cut may lose it).

Before each timed step the disk is synced (untimed), so no step pays for another's writes.
Prints medians and the ratio install / (unzip + sha256sum); the target (issue 4) is at most
1.5. Needs `unzip` and `sha256sum` (Debian: apt-get install unzip coreutils).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kiosk.store import InstallOptions, Store
from kiosk.store.pack import pack

MB = 1024 * 1024
HEADERS = {
    ".mp4": b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2",
    ".jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    ".ogg": b"OggS\x00\x02",
}


def write_bundle(root: Path, size_mb: int) -> int:
    """A valid bundle of about `size_mb` MB: films of 48 MB, pictures of 3 MB, sounds of 6 MB."""
    media = root / "media"
    media.mkdir(parents=True)
    block = os.urandom(48 * MB)
    plan = [(".mp4", 48 * MB)] * 2 + [(".jpg", 3 * MB)] * 8 + [(".ogg", 6 * MB)] * 2
    lines = ["format: 1", "id: bench", 'version: "1"', "title: Benchmark", "languages: [en]", "sections:",
             "  - id: all", "    title: Everything", "    exhibits:"]
    written, index = 0, 0
    while written < size_mb * MB:
        suffix, size = plan[index % len(plan)]
        name = f"media/m{index:04d}{suffix}"
        data = HEADERS[suffix] + index.to_bytes(8, "big") + block[index % 97 * 4096:][:size - 32]
        (root / name).write_bytes(data)
        written += len(data)
        if suffix == ".mp4":
            (root / f"{name}.vtt").write_bytes(b"WEBVTT\n\n00:00.000 --> 00:02.000\nA film\n")
            lines += [f"      - {{id: e{index}, type: video, title: Film {index}, file: {name}, "
                      f"captions: {name}.vtt}}"]
        elif suffix == ".jpg":
            lines += [f"      - {{id: e{index}, type: image, title: Picture {index}, file: {name}, "
                      f"alt: A picture}}"]
        else:
            lines += [f"      - {{id: e{index}, type: audio, title: Sound {index}, file: {name}, "
                      f"transcript: Music}}"]
        index += 1
    (root / "exhibition.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return written


def timed(action: Callable[[], object]) -> float:
    """Seconds `action` takes, after the disk has been synced (so it pays for no earlier writes)."""
    os.sync()
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="about 200 MB and 3 runs")
    parser.add_argument("--size-mb", type=int, default=0, help="the bundle's size (default 1024; quick: 200)")
    parser.add_argument("--runs", type=int, default=0, help="default 5; quick: 3")
    parser.add_argument("--dir", type=Path, help="where to work (default: the system's temporary folder)")
    parser.add_argument("--json", type=Path, metavar="FILE")
    args = parser.parse_args()
    for tool in ("unzip", "sha256sum"):
        if shutil.which(tool) is None:
            print(f"bench_install: '{tool}' is needed (Debian: apt-get install unzip coreutils)",
                  file=sys.stderr)
            return 2
    size_mb = args.size_mb or (200 if args.quick else 1024)
    runs = args.runs or (3 if args.quick else 5)
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="bench-install-") as folder:
        work = Path(folder)
        written = write_bundle(work / "bundle", size_mb)
        archive = pack(work / "bundle", work / "bundle.zip").output
        shutil.rmtree(work / "bundle")
        print(f"bundle: {written / MB:,.0f} MB of media, {archive.stat().st_size / MB:,.0f} MB archive "
              f"(media stored, with checksums.sha256); {runs} runs", file=sys.stderr)
        results: dict[str, list[float]] = {"install": [], "unzip+sha256sum": [], "install-no-fsync": []}

        def install(durable: bool) -> None:
            result = Store(work / "store").install(archive, InstallOptions(durable=durable))
            assert result.installed.files > 0

        def unzip_and_hash() -> None:
            subprocess.run(["unzip", "-q", str(archive), "-d", str(work / "unzipped")], check=True)
            subprocess.run(["sha256sum", str(archive)], check=True, stdout=subprocess.DEVNULL)

        timed(lambda: install(True))  # warm the page cache with the archive, then start afresh
        shutil.rmtree(work / "store")
        for run in range(runs):
            steps = [("install", lambda: install(True)), ("unzip+sha256sum", unzip_and_hash),
                     ("install-no-fsync", lambda: install(False))]
            for name, action in (steps if run % 2 == 0 else steps[::-1]):
                results[name].append(timed(action))
                shutil.rmtree(work / "store", ignore_errors=True)
                shutil.rmtree(work / "unzipped", ignore_errors=True)
    medians = {name: statistics.median(times) for name, times in results.items()}
    ratio = medians["install"] / medians["unzip+sha256sum"]
    for name, times in results.items():
        print(f"{name:18s} median {medians[name]:6.2f} s  (min {min(times):.2f}, max {max(times):.2f}; "
              f"{written / MB / medians[name]:,.0f} MB/s)")
    print(f"ratio install / (unzip + sha256sum): {ratio:.2f} (target <= 1.5); "
          f"without fsync: {medians['install-no-fsync'] / medians['unzip+sha256sum']:.2f}")
    if args.json:
        args.json.write_text(json.dumps({"install_mb": round(written / MB), "runs": runs,
                                         **{f"{k}_s": round(v, 3) for k, v in medians.items()},
                                         "ratio": round(ratio, 3)}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
