"""End to end: `kiosk run` on settings files that are broken every way the README says cannot stop it.

The kiosk starts, plays, stops by itself with status 0, and says what it made of the file; a
`bundle:` that will not load falls back to the store's active bundle, in the log and the status
file; a log file on a full disk costs only the log.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow

TINY = ("format: 1\nid: tiny\ntitle: Tiny\nsections:\n  - id: one\n    title: One\n    exhibits:\n"
        "      - {id: intro, type: text, title: Hello, body: Words.}\n")


def kiosk(home: Path, *arguments: str) -> tuple[subprocess.CompletedProcess[str], list[dict[str, Any]]]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        env[f"XDG_{name}_HOME"] = str(home / name.lower())
    result = subprocess.run([sys.executable, "-m", "kiosk", *arguments], capture_output=True, text=True, env=env,
                            cwd=home, timeout=90, check=False)
    return result, [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A kiosk with the tiny bundle installed and active, whose log file is on a full disk."""
    bundle = tmp_path / "tiny"
    bundle.mkdir()
    (bundle / "exhibition.yaml").write_text(TINY, encoding="utf-8")
    log_folder = tmp_path / "state" / "kiosk" / "log"
    log_folder.mkdir(parents=True)
    if Path("/dev/full").exists():
        (log_folder / "kiosk.log").symlink_to("/dev/full")
    installed, _ = kiosk(tmp_path, "install", str(bundle))
    assert installed.returncode == 0, installed.stderr
    return tmp_path


def run(home: Path, settings: str) -> tuple[subprocess.CompletedProcess[str], list[dict[str, Any]]]:
    path = home / "config" / "kiosk" / "kiosk.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(settings, encoding="utf-8")
    result, records = kiosk(home, "run", "--quit-after", "2", "--log-format", "json")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert records[-1]["message"] == "kiosk stopped with status 0"
    startup = [r for r in records if r.get("event") == "startup"]
    assert [r["bundle"] for r in startup] == ["tiny"]
    assert len(list(path.parent.glob("kiosk.yaml.bak-*"))) == 1
    return result, records


def test_a_file_nested_too_deep_plays_with_the_defaults(home: Path) -> None:
    _result, records = run(home, "volume: " + "[" * 990 + "]" * 990 + "\n")
    settings = [r["message"] for r in records if r["logger"] == "kiosk.settings"]  # read after the first frame
    assert "kiosk.yaml:1:72: values are nested more than 64 deep; using the defaults" in settings[0]


def test_a_bundle_setting_that_will_not_load_falls_back_to_the_active_bundle(home: Path) -> None:
    broken = home / "broken"
    broken.mkdir()
    (broken / "exhibition.yaml").write_text("format: 1\nid: Broken\n", encoding="utf-8")
    status = home / "metrics" / "kiosk.prom"
    _result, records = run(home, f"schema_version: 0\nidle_timeout: .nan\nbundle: {broken}\nstatus_file: {status}\n")
    warnings = [r["message"] for r in records if r["level"] == "warning" and r["logger"] == "kiosk.settings"]
    assert warnings[:2] == [
        f"{home}/config/kiosk/kiosk.yaml:1:17: schema_version: there is no schema version 0 (write 1, the version "
        "this kiosk reads); using the default",
        f"{home}/config/kiosk/kiosk.yaml:2:15: idle_timeout: .nan is not a usable number: use 10 to 3600; "
        "using the default"]
    errors = [r["message"] for r in records if r["level"] == "error"]
    assert (f"the bundle setting '{broken}' names a bundle that will not play (it cannot be played); playing the "
            "store's active bundle, or the sample") in errors
    text = status.read_text(encoding="utf-8")
    assert f'kiosk_bundle_setting_failed{{kiosk="{os.uname().nodename}",reason="{broken}: it cannot be played"}} 1' \
        in text.splitlines()
    assert 'bundle="tiny"' in text
