"""Shared fixtures: Qt offscreen, and the kiosk's state folders inside each test's tmp dir."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")

from kiosk.ui.collector import collect_due

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "exhibits" / "ai-and-ip"


@pytest.fixture(scope="session", autouse=True)
def collect_on_the_main_thread() -> Iterator[None]:
    """As in the kiosk (kiosk/ui/collector.py): no garbage collection on a background thread,
    where it could destroy a Qt object left over by an earlier test."""
    was_enabled = gc.isenabled()
    gc.disable()
    yield
    if was_enabled:
        gc.enable()


@pytest.fixture(autouse=True)
def collect_after_each_test() -> Iterator[None]:
    yield
    collect_due()


@pytest.fixture(autouse=True)
def kiosk_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own config, data, state and cache folders."""
    home = tmp_path_factory.mktemp("xdg")
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        folder = home / name.lower()
        folder.mkdir()
        monkeypatch.setenv(f"XDG_{name}_HOME", str(folder))
    return home
