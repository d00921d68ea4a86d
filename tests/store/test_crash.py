"""kill -9 at every crash point of `kiosk install`: the store stays consistent, `kiosk list`
works, the bundle active before stays active (until the pointer's one atomic rename, after
which the new one is), it still validates, and the next install completes.

`kiosk install` runs as a real subprocess with KIOSK_TEST_KILL_AT=K, which makes it SIGKILL
itself at its K-th crash point (kiosk/store/durable.py: crash_point); K runs from 1 until the
install outlives every point. The install unpacks a bundle with checksums.sha256, moves it
into place, switches the pointer and prunes the oldest version, so the kills land in every
phase: unpacking, fsyncs, the move, the state file's temporary/fsync/rename/folder-fsync, and
the removal of the pruned version.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.bundle.validate import validate
from kiosk.cli import main
from kiosk.store import Store
from kiosk.store.pack import pack
from kiosk.store.records import INSTALL_RECORD
from tests.conftest import REPO
from tests.store.conftest import BundleFactory

MIN_KILL_POINTS = 20
SWITCH = "write state.json: replaced"


def _check_consistent(store: Store, expected_active: str, old_refs: set[str]) -> None:
    """The state names versions that are wholly in place, and nothing half-done is left."""
    store.recover()
    state = store.state()
    assert state.active == expected_active
    active = store.active()
    assert active is not None
    assert validate(active.path).ok
    assert all(store.get(ref) is not None for ref in state.history), state.history
    assert list(store.staging_dir.iterdir()) == []
    assert not store.trash_dir.exists() or list(store.trash_dir.iterdir()) == []
    for id_folder in store.bundles_dir.iterdir():
        for version in id_folder.iterdir():
            assert (version / INSTALL_RECORD).is_file(), f"half a version in place: {version}"
            assert f"sample/{version.name}" in old_refs or version.name.startswith("2-"), version
            assert validate(version / "bundle").ok


@pytest.mark.slow
def test_kill_9_at_every_crash_point(make_folder: BundleFactory, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "template"
    monkeypatch.setenv("XDG_DATA_HOME", str(template))
    seed = Store()
    v0 = seed.install(make_folder("0")).installed
    v1 = seed.install(make_folder("1")).installed
    archive = pack(make_folder("2"), tmp_path / "sample-2.zip").output
    old_refs = {v0.ref, v1.ref}

    points: list[str] = []
    switched_at: int | None = None
    for k in range(1, 200):
        data = tmp_path / f"k{k}"
        shutil.copytree(template, data)
        env = {**os.environ, "XDG_DATA_HOME": str(data), "KIOSK_TEST_KILL_AT": str(k)}
        run = subprocess.run([sys.executable, "-m", "kiosk", "install", str(archive)], env=env, cwd=REPO,
                             capture_output=True, text=True, timeout=60, check=False)
        monkeypatch.setenv("XDG_DATA_HOME", str(data))
        store = Store()
        if run.returncode == 0:
            assert (store.state().active or "").startswith("sample/2-")
            break
        assert run.returncode == -signal.SIGKILL, run.stderr
        match = re.search(r"killed at crash point (\d+): (.+)", run.stderr)
        assert match is not None, run.stderr
        assert int(match.group(1)) == k
        points.append(match.group(2))
        if switched_at is None and match.group(2) == SWITCH:
            switched_at = k
        if switched_at is None:
            expected = v1.ref
        else:
            expected = store.state().active or ""
            assert expected.startswith("sample/2-")
        _check_consistent(store, expected, old_refs)
        assert main(["list"]) == 0
        listing = capsys.readouterr().out
        version = "1" if switched_at is None else "2"
        assert re.search(rf"^sample +{version} .* active +valid$", listing, re.MULTILINE), listing
        # The next install (here in-process) completes, and cleans up what the kill left.
        assert store.install(archive).installed.ref.startswith("sample/2-")
        _check_consistent(store, store.state().active or "", old_refs)
        assert {i.version for i in store.installed()} == {"1", "2"}
        shutil.rmtree(data)
    else:
        pytest.fail("the install never completed")
    print(f"{len(points)} kill points:", *points, sep="\n  ")
    assert len(points) >= MIN_KILL_POINTS, points
    assert switched_at is not None, points
    for phase in ("unpack: writing", "unpack: wrote", "unpack: files synced", "install: staged",
                  "install: moved into place", "write state.json: temporary synced", SWITCH,
                  "moved to trash", "install: done"):
        assert any(phase in point for point in points), (phase, points)
