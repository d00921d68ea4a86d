"""The wheel a packager or pipx builds from the checkout carries the sample exhibition and plays it.

The wheel is built from a copy of the checkout (so a stale build/ folder cannot hide a missing
file), unpacked, and run with the unpacked folder first on PYTHONPATH from a folder outside the
checkout: the kiosk it starts is the wheel's, finding its sample in kiosk/sample. PySide6, PyYAML
and platformdirs come from the test's own environment, which is all `pip install` would add.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO, SAMPLE

pytestmark = pytest.mark.slow
QUIT_AFTER = 2
# Left out of the copy: nothing a wheel is built from lives there.
NOT_SOURCES = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", "tests")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("checkout") / "exhibit-kiosk"
    shutil.copytree(REPO, source, ignore=NOT_SOURCES)
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-q", "-w", str(out),
         str(source)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    (built,) = out.glob("exhibit_kiosk-*.whl")
    return built


@pytest.fixture(scope="module")
def unpacked(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site-packages")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def sample_files() -> set[str]:
    return {path.relative_to(SAMPLE).as_posix() for path in SAMPLE.rglob("*") if path.is_file()}


def test_the_wheel_carries_every_file_of_the_sample_and_nothing_else(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    in_sample = {name.removeprefix("kiosk/sample/") for name in names if name.startswith("kiosk/sample/")}
    assert "exhibition.yaml" in sample_files()
    assert in_sample == sample_files(), "the wheel's kiosk/sample differs from exhibits/ai-and-ip"
    assert not [name for name in names if name.startswith("exhibits/") or "/generator/" in name], \
        "the sample's generator scripts are not part of the kiosk"


def kiosk_process(unpacked: Path, home: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """`python -m kiosk …` importing only the unpacked wheel's kiosk, never the checkout's."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(unpacked)}
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        env[f"XDG_{name}_HOME"] = str(home / name.lower())
    return subprocess.run([sys.executable, "-m", "kiosk", *arguments], capture_output=True, text=True, env=env,
                          cwd=home, timeout=QUIT_AFTER + 60, check=False)


def test_an_installed_wheel_plays_its_own_sample(unpacked: Path, tmp_path: Path) -> None:
    result = kiosk_process(unpacked, tmp_path, "run", "--quit-after", str(QUIT_AFTER), "--log-format", "json")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    records = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    messages = [record["message"] for record in records]
    assert f"no installed bundle plays; playing the sample {unpacked / 'kiosk' / 'sample'}" in messages
    startup = [record for record in records if record.get("event") == "startup"]
    assert len(startup) == 1
    assert startup[0]["bundle"] == "ai-and-ip"
    assert not [record for record in records if record["level"] in ("error", "critical")]
    assert messages[-1] == "kiosk stopped with status 0"


def test_the_installed_sample_validates_without_a_finding(unpacked: Path, tmp_path: Path) -> None:
    """No __init__.py or __pycache__ in the installed bundle folder for validate to call unreferenced."""
    sample = unpacked / "kiosk" / "sample"
    result = kiosk_process(unpacked, tmp_path, "validate", "--strict", "--json", str(sample))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (report,) = json.loads(result.stdout)
    assert (report["valid"], report["errors"], report["warnings"], report["findings"]) == (True, 0, 0, [])
