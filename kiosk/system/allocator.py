"""The C allocator's settings for a process that runs for months.

Left to its defaults, glibc's malloc keeps much of what a picture viewer frees:

- every thread that allocates may get an arena of its own (up to eight per core), and
  memory freed in one arena is never used by the others: picture decoders, FFmpeg's
  threads and the analytics writer each hold a few megabytes that only they reuse;
- blocks above the mmap threshold (128 KiB at first) are mapped on their own and go back to
  the system when freed, but each such free raises the threshold to the block's size, up to
  32 MiB. After the first decoded picture (8 MiB at 1920x1080) is freed, every later picture
  and video frame comes from the heap, where a free leaves a hole the next picture of another
  size may not fit.

`tune()` fixes both before Qt starts its threads: two arenas, and blocks of 256 KiB and more
always mapped on their own. `trim()` hands free pages inside the heap back to the system;
the GUI thread's collector calls it when a visit ends and once a minute. Measured on the
sample bundle (tests/perf/bench_kiosk.py): the resident size while a video plays fell by about
20 MB, and most of a long soak's growth outside the picture cache went.

Other C libraries (musl, macOS, Windows) keep their own policies: both calls then do nothing.
"""

from __future__ import annotations

import ctypes
import logging
import sys
import time

log = logging.getLogger("kiosk.system")

# mallopt(3) parameters.
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8

ARENAS = 2
MMAP_THRESHOLD = 256 * 1024

_libc: ctypes.CDLL | None = None
_looked = False


def _glibc() -> ctypes.CDLL | None:
    """The running glibc (its symbols are in the process already), or None elsewhere."""
    global _libc, _looked
    if not _looked:
        _looked = True
        if sys.platform.startswith("linux"):
            try:
                process = ctypes.CDLL(None)
                if hasattr(process, "gnu_get_libc_version") and hasattr(process, "mallopt"):
                    _libc = process
            except OSError:
                _libc = None
    return _libc


def tune() -> bool:
    """Two arenas and a fixed mmap threshold; whether glibc took both."""
    libc = _glibc()
    if libc is None:
        return False
    took = bool(libc.mallopt(M_ARENA_MAX, ARENAS)) and bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))
    if not took:
        log.warning("the C library refused the allocator settings; memory may grow more than it should")
    return took


def trim() -> float:
    """Give free heap pages back to the system; the milliseconds it took (0 where unsupported)."""
    libc = _glibc()
    if libc is None or not hasattr(libc, "malloc_trim"):
        return 0.0
    started = time.perf_counter()
    libc.malloc_trim(0)
    return (time.perf_counter() - started) * 1000
