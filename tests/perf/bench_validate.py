"""How long `kiosk validate` takes on a generated bundle of 5,000 exhibits (no checksums).

    python tests/perf/bench_validate.py [--quick] [--exhibits N] [--runs N] [--json FILE]

Target (issue 2): under 2 s. Prints the median of several runs; the machines are shared and
noisy, so single runs mean little.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kiosk.bundle.validate import validate

HEADERS = {
    ".jpg": b"\xff\xd8\xff\xe0" + b"\0" * 60,
    ".png": b"\x89PNG\r\n\x1a\n" + b"\0" * 60,
    ".ogg": b"OggS" + b"\0" * 60,
    ".mp4": b"\0\0\0\x18ftypisom" + b"\0" * 60,
    ".vtt": b"WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n",
}
TYPES = ("image", "text", "gallery", "audio", "video", "article")


def write_bundle(root: Path, exhibits: int, per_section: int = 50) -> None:
    lines = ["format: 1", "id: big", "title: {en: Big, fr: Grand}", "languages: [en, fr]", "sections:"]
    media = root / "media"
    media.mkdir(parents=True)

    def file(name: str) -> str:
        (media / name).write_bytes(HEADERS[name[name.rfind("."):]])
        return f"media/{name}"

    for s in range(0, exhibits, per_section):
        lines += [f"  - id: s{s}", f"    title: {{en: Section {s}, fr: Section {s}}}", "    exhibits:"]
        for e in range(s, min(s + per_section, exhibits)):
            kind = TYPES[e % len(TYPES)]
            lines += [f"      - id: e{e}", f"        type: {kind}",
                      f"        title: {{en: Exhibit {e}, fr: Objet {e}}}"]
            if kind == "image":
                lines += [f"        file: {file(f'i{e}.jpg')}", "        alt: {en: A picture, fr: Une image}"]
            elif kind == "gallery":
                lines += ["        images:"] + [
                    f"          - {{file: {file(f'g{e}-{i}.png')}, alt: {{en: Pic, fr: Img}}}}" for i in range(3)]
            elif kind == "audio":
                lines += [f"        file: {file(f'a{e}.ogg')}", "        transcript: {en: Music, fr: Musique}"]
            elif kind == "video":
                lines += [f"        file: {file(f'v{e}.mp4')}",
                          f"        captions: {{en: {file(f'v{e}.en.vtt')}, fr: {file(f'v{e}.fr.vtt')}}}"]
            else:
                lines += ["        body: {en: \"# Heading\\n\\nSome text.\", fr: \"# Titre\\n\\nDu texte.\"}"]
                if kind == "article":
                    lines += [f"        related: [s{s}/e{s}]"]
    (root / "exhibition.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    parser.add_argument("--exhibits", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=0)
    parser.add_argument("--json", type=Path, metavar="FILE")
    args = parser.parse_args()
    runs = args.runs or (3 if args.quick else 7)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "big"
        write_bundle(root, args.exhibits)
        files = sum(1 for p in root.rglob("*") if p.is_file())
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            result = validate(root)
            times.append(time.perf_counter() - start)
            if not result.ok or result.report.findings:
                print("\n".join(f.format() for f in result.report.findings[:5]), file=sys.stderr)
                return 1
    median = statistics.median(times)
    print(f"validate: {args.exhibits} exhibits, {files} files: median {median * 1000:.0f} ms "
          f"over {runs} runs (min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}); target < 2000 ms")
    if args.json:
        args.json.write_text(json.dumps({"validate_5000_ms": round(median * 1000, 1),
                                         "validate_exhibits": args.exhibits, "runs": runs}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
