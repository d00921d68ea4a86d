"""Killing the kiosk mid-batch loses at most the last second of records.

A child process records screens with the real writer thread as fast as a busy visitor
could never tap (about 300 a second), printing each one's number and time once the call
has returned. The test SIGKILLs it, then shows that every screen shown more than a second
before the kill is in the database, and that the kill did land in an open batch.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.analytics.conftest import rows
from tests.conftest import REPO

CHILD = """
import sys, time
from pathlib import Path
from kiosk.analytics.recorder import Recorder

recorder = Recorder(Path(sys.argv[1]), kiosk_id="crash-test")
recorder.session_started("en")
n = 0
while True:
    n += 1
    recorder.screen_shown("exhibit", f"crash/e{n}")
    sys.stdout.write(f"{n} {time.time():.6f}\\n")
    sys.stdout.flush()
    time.sleep(0.003)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_loses_at_most_the_last_second(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    sent: dict[int, float] = {}
    with subprocess.Popen([sys.executable, "-c", CHILD, str(db)], cwd=REPO, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, bufsize=1) as child:
        assert child.stdout is not None
        assert child.stderr is not None
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                ready, _, _ = select.select([child.stdout], [], [], 1.0)
                if not ready:
                    continue
                line = child.stdout.readline()
                assert line, f"the child ended early: {child.stderr.read()}"
                number, stamp = line.split()
                sent[int(number)] = float(stamp)
                if sent[int(number)] - min(sent.values()) >= 2.5:
                    break
            else:
                pytest.fail("the child did not record for 2.5 s within 30 s")
            killed_at = time.time()
            os.kill(child.pid, signal.SIGKILL)
            for line in child.stdout:
                number, stamp = line.split()
                sent[int(number)] = float(stamp)
        finally:
            child.kill()
            child.wait(10)
    assert child.returncode == -signal.SIGKILL

    kept = {int(str(exhibit)[1:]) for (exhibit,) in rows(db, "SELECT p.exhibit FROM views v "
                                                       "JOIN places p ON p.id = v.place_id")}
    old = {n for n, stamp in sent.items() if stamp < killed_at - 1.0}
    lost = set(sent) - kept
    assert len(old) > 300
    assert old <= kept, f"lost {len(old - kept)} records older than 1 s: {sorted(old - kept)[:10]}"
    assert lost, "the kill should have landed in an open batch"
    assert min(sent[n] for n in lost) > killed_at - 1.0
