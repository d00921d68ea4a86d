"""Peak memory of `kiosk run` making a zip playable: one big entry is streamed to the cache.

    python tests/perf/bench_run_zip.py [--size-mb N] [--dir DIR]

Writes a valid bundle zip with one extra entry of N MB (default 300) of zeros, stored
uncompressed, then unpacks it with `load_playable` in a fresh process and prints that
process's peak RSS (resource.getrusage) before and after. Streaming keeps the growth to a chunk
or two whatever N is; holding each entry whole, as the kiosk once did, grew it by N MB.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bundle.conftest import FILES, MANIFEST  # noqa: E402

CHILD = """
import resource, sys
from pathlib import Path
from kiosk.bundle.playable import load_playable
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
load_playable(Path(sys.argv[1]), Path(sys.argv[2]))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(before // 1024, after // 1024)
"""


def write_zip(path: Path, size_mb: int) -> None:
    chunk = bytes(4 * 1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("exhibition.yaml", MANIFEST)
        for name, data in FILES.items():
            archive.writestr(name, data)
        info = zipfile.ZipInfo("media/big.bin")
        info.compress_type = zipfile.ZIP_STORED
        with archive.open(info, "w", force_zip64=True) as out:
            for _ in range(size_mb * 1024 * 1024 // len(chunk)):
                out.write(chunk)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=300)
    parser.add_argument("--dir", type=Path, default=None, help="where to write the zip (default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as work:
        archive = Path(work) / "big.zip"
        write_zip(archive, args.size_mb)
        output = subprocess.run([sys.executable, "-c", CHILD, str(archive), str(Path(work) / "cache")],
                                check=True, capture_output=True, text=True, cwd=ROOT).stdout
        before, after = (int(figure) for figure in output.split())
    print(f"a {args.size_mb} MB stored entry: peak RSS {before} MB before unpacking, {after} MB after "
          f"(+{after - before} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
