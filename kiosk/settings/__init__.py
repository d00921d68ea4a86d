"""Device settings: declared once (model.py); loading that never stops the kiosk (files.py).

Where the file is lives here, light enough for the kiosk's first steps (kiosk.ui.launch), which
watch the file before they load its reader."""

from __future__ import annotations

from pathlib import Path

from kiosk import paths

FILENAME = "kiosk.yaml"


def settings_path() -> Path:
    return paths.config_dir() / FILENAME
