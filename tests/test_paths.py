"""Names for files kept as they were (a broken settings file, a damaged database)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kiosk import paths


def test_set_aside_names_a_free_file_beside_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "strftime", lambda _format: "20261207-214800")
    original = tmp_path / "kiosk.yaml"
    names = []
    for _ in range(3):
        kept = paths.set_aside(original, "bak")
        kept.write_text("kept")
        names.append(kept.name)
    assert names == ["kiosk.yaml.bak-20261207-214800", "kiosk.yaml.bak-20261207-214800-1",
                     "kiosk.yaml.bak-20261207-214800-2"]
    assert not original.exists()
