"""Shared fixtures: Qt offscreen, and the kiosk's state folders inside each test's tmp dir."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")

import kiosk.ui  # noqa: F401 - guards PySide6 6.12 on Python 3.11 (kiosk/ui/nonefix.py)

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "exhibits" / "ai-and-ip"


@pytest.fixture(autouse=True)
def kiosk_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own config, data, state and cache folders."""
    home = tmp_path_factory.mktemp("xdg")
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        folder = home / name.lower()
        folder.mkdir()
        monkeypatch.setenv(f"XDG_{name}_HOME", str(folder))
    return home
