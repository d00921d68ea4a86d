"""PySide6 must not take references away from None, True and False.

PySide6 6.12.0 returns None from every void method (and True from `Signal.emit`) without
the reference it owes for it, as if those singletons were immortal. From Python 3.12 on they
are, so nothing shows; on 3.11 every such call costs one reference, and after a few thousand
calls the interpreter aborts ("Fatal Python error: none_dealloc", "bool_dealloc"): within
minutes of painting, or when it exits. That release is excluded in pyproject.toml; this test
is there to notice if a later one does the same.

The calls run in a fresh interpreter that imports only PySide6, so that no other module —
nothing of the kiosk, no plugin of pytest — can hide a loss (or cause one). On Python 3.12
and later the singletons' counts never change, so there the comparison holds whatever the
binding does: the test still runs the calls, but all it can show is that none of them
crashes the interpreter, during the calls or at its exit.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

# Few enough that a binding losing a reference or two a call cannot use up True's count (some
# hundreds at start-up) and abort the interpreter before it has reported; enough that such a
# loss stands far out of the few references that caching may add or take meanwhile.
CALLS = 100
SLACK = CALLS // 10

CALL_VOID_METHODS = """
import json, sys
from PySide6.QtCore import QObject, Signal

class Flag(QObject):
    changed = Signal(bool)

calls = int(sys.argv[1])
flag = Flag()
seen = []
flag.changed.connect(seen.append)

def counts():
    return {"None": sys.getrefcount(None), "True": sys.getrefcount(True), "False": sys.getrefcount(False)}

before = counts()
for _ in range(calls):
    flag.setObjectName("flag")   # void: returns None
    flag.changed.emit(True)      # returns True; hands True, then False, to a slot and back
    flag.changed.emit(False)
seen.clear()
after = counts()
print(json.dumps({"before": before, "after": after, "immortal": sys.version_info >= (3, 12)}), flush=True)
"""


@pytest.fixture(scope="module")
def fresh_interpreter() -> subprocess.CompletedProcess[str]:
    """Run the calls once, in an interpreter of its own (-I: no user site, no PYTHON* variables)."""
    return subprocess.run([sys.executable, "-I", "-c", CALL_VOID_METHODS, str(CALLS)],
                          capture_output=True, text=True, timeout=120, check=False)


def report(done: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    lines = done.stdout.splitlines()
    assert lines, f"the interpreter died before it reported (exit {done.returncode}):\n{done.stderr}"
    return json.loads(lines[-1])


@pytest.mark.parametrize("singleton", ["None", "True", "False"])
def test_void_calls_keep_the_singletons_references(fresh_interpreter: subprocess.CompletedProcess[str],
                                                   singleton: str) -> None:
    counts = report(fresh_interpreter)
    before, after = counts["before"][singleton], counts["after"][singleton]
    assert after >= before - SLACK, (
        f"{CALLS} calls took {before - after} references from {singleton} ({before} -> {after}):"
        " this PySide6 has the reference-counting bug of 6.12.0; exclude it in pyproject.toml")


def test_the_interpreter_survives_the_calls_and_its_exit(fresh_interpreter: subprocess.CompletedProcess[str]) -> None:
    report(fresh_interpreter)
    assert fresh_interpreter.returncode == 0, fresh_interpreter.stderr
