"""End to end: `kiosk run --tour --quit-after … --log-format json` as a real process.

The kiosk starts on a bundle, tours it offscreen, stops by itself with status 0, and its
JSON log (stderr and the file in the user log folder) tells what it showed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, SAMPLE
from tests.ui.conftest import build_bundle

pytestmark = pytest.mark.slow
QUIT_AFTER = 8


Records = list[dict[str, Any]]


def run_kiosk(bundle: Path, home: Path, *extra: str) -> tuple[subprocess.CompletedProcess[str], Records]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        env[f"XDG_{name}_HOME"] = str(home / name.lower())
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "run", str(bundle), "--tour", "--quit-after", str(QUIT_AFTER),
         "--log-format", "json", *extra],
        capture_output=True, text=True, env=env, cwd=home, timeout=QUIT_AFTER + 60, check=False,
    )
    records = []
    for line in result.stderr.splitlines():
        if line.startswith("{"):
            records.append(json.loads(line))
    return result, records


def check_run(bundle: Path, home: Path) -> list[dict[str, Any]]:
    result, records = run_kiosk(bundle, home)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    startup = [r for r in records if r.get("event") == "startup"]
    assert len(startup) == 1
    assert 0 < startup[0]["first_paint_ms"] < QUIT_AFTER * 1000
    assert startup[0]["mode"] == "kiosk"
    assert startup[0]["tour"] is True
    shown = [r for r in records if r.get("event") == "screen_shown"]
    assert shown, "no screen was shown"
    assert shown[0]["screen"] == "section"
    assert shown[0]["cause"] == "start"
    assert all(r["cause"] in ("start", "tour") for r in shown)
    assert all(isinstance(r["paint_ms"], float) for r in shown)
    assert not [r for r in records if r["level"] in ("error", "critical")]
    assert records[-1]["message"] == "kiosk stopped with status 0"
    log_file = home / "state" / "kiosk" / "log" / "kiosk.log"
    in_file = [json.loads(line) for line in log_file.read_text(encoding="utf-8").splitlines()]
    assert [r for r in in_file if r.get("event") == "startup"] == startup
    return shown


def test_tour_of_a_small_bundle(tiny_bundle_path: Path, tmp_path: Path) -> None:
    shown = check_run(tiny_bundle_path, tmp_path)
    assert [r["ref"] for r in shown][:2] == ["art", "art/intro"]


@pytest.mark.skipif(not (SAMPLE / "exhibition.yaml").is_file(), reason="the sample bundle is not built yet")
def test_tour_of_the_sample_exhibition(tmp_path: Path) -> None:
    shown = check_run(SAMPLE, tmp_path)
    assert shown[0]["ref"]


@pytest.fixture(scope="module")
def tiny_bundle_path(qapp, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_bundle(tmp_path_factory.mktemp("e2e") / "tiny")
