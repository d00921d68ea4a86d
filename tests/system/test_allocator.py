"""The C allocator's settings (kiosk.system.allocator), each tried in a fresh process:
mallopt's settings are the whole process's, and pytest's own process should keep its own."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from kiosk.system import allocator

pytestmark = pytest.mark.skipif(allocator._glibc() is None, reason="glibc's malloc only")

PROBE = """
import ctypes, sys
from kiosk.system import allocator
class Info(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                               "fsmblks", "uordblks", "fordblks", "keepcost")]
libc = ctypes.CDLL(None)
libc.mallinfo2.restype = Info
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
def anon_mb():
    for line in open("/proc/self/status"):
        if line.startswith("RssAnon:"):
            return int(line.split()[1]) / 1024
"""


def run(body: str) -> str:
    result = subprocess.run([sys.executable, "-c", PROBE + textwrap.dedent(body)], capture_output=True, text=True,
                            timeout=60, check=True)
    return result.stdout.strip()


@pytest.mark.parametrize("tuned", [True, False])
def test_a_freed_picture_does_not_send_the_next_ones_to_the_heap(tuned: bool) -> None:
    """After an 8 MB block is freed, glibc's own threshold rises past 1 MB blocks; tuned, it stays."""
    mapped = run(f"""
        if {tuned}:
            assert allocator.tune()
        libc.free(libc.malloc(8 << 20))
        before = libc.mallinfo2().hblks
        block = libc.malloc(1 << 20)
        print(libc.mallinfo2().hblks - before)
        libc.free(block)
    """)
    assert mapped == ("1" if tuned else "0")


def test_trim_hands_freed_heap_pages_back() -> None:
    dropped = run("""
        assert allocator.tune()
        blocks = [libc.malloc(4000) for _ in range(40_000)]  # 160 MB below the mmap threshold: the heap
        for block in blocks[:-1]:
            libc.free(block)  # the last one keeps the heap's top, so free() alone returns nothing
        before = anon_mb()
        took_ms = allocator.trim()
        print(round(before - anon_mb()), took_ms >= 0)
    """)
    megabytes, timed = dropped.split()
    assert int(megabytes) > 100
    assert timed == "True"


def test_tune_leaves_other_c_libraries_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(allocator, "_libc", None)
    monkeypatch.setattr(allocator, "_looked", True)
    assert allocator.tune() is False
    assert allocator.trim() == 0.0
