"""What the settings tests share: writing a `kiosk.yaml`, and loading one that must end in the
defaults with a located warning and a backup."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from kiosk.settings.files import LoadedSettings, load
from kiosk.settings.model import Settings

DEFAULTS = Settings()


def write(tmp_path: Path, content: bytes | str) -> Path:
    path = tmp_path / "kiosk.yaml"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def load_reset(path: Path, caplog: pytest.LogCaptureFixture, expected: str) -> LoadedSettings:
    """Load `path`, which must end in the defaults, with `expected` (after the path) among the
    warnings and the file backed up."""
    with caplog.at_level(logging.WARNING, logger="kiosk.settings"):
        loaded = load(path)
    assert loaded.settings == DEFAULTS
    assert f"{path}{expected}" in caplog.messages
    assert loaded.backup is not None
    return loaded
