"""The first frame loads only what it draws: what a later screen or a visitor's action needs
loads when first needed (issue 15). Each case imports modules in a new process and lists
what must not have come with them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# Loaded by the time the kept frame (kiosk.ui.launch) shows: nothing of the player yet. Of the
# store only the package (which loads each name when first asked for) and `layout`, which says
# where the kept frame's pointer file is. The settings are read after the frame (its record
# remembers what it needs of them), so no YAML or declaration reader; the log file opens after
# it too (logging.handlers), and the service manager's socket comes with the player.
BEFORE_THE_KEPT_FRAME = ("kiosk.ui.app", "kiosk.ui.fonts", "kiosk.ui.languages", "kiosk.ui.window",
                         "kiosk.ui.admin", "kiosk.analytics", "kiosk.store.store", "kiosk.store.install",
                         "kiosk.store.records", "kiosk.store.follow", "kiosk.store.unpack", "kiosk.bundle.validate",
                         "PySide6.QtMultimedia", "sqlite3", "kiosk.settings.files", "kiosk.settings.model",
                         "kiosk.settings.pin", "kiosk.declare", "yaml", "logging.handlers", "socket",
                         "kiosk.ui.service", "kiosk.system.notify", "kiosk.system.platformcheck",
                         "kiosk.commands")
# Loaded by the time the kiosk window is built (kiosk.ui.app): no media, no updater's network
# code, no exhibit view, no charts, no preview, no doctor.
BEFORE_THE_WINDOW = ("PySide6.QtMultimedia", "PySide6.QtSvg", "PySide6.QtNetwork", "kiosk.ui.updates",
                     "kiosk.store.download", "kiosk.store.updater", "kiosk.store.sources",
                     "kiosk.ui.charts", "kiosk.ui.report", "kiosk.ui.preview", "kiosk.ui.doctor_checks",
                     "kiosk.ui.doctor_media", "kiosk.ui.exhibits.video", "kiosk.ui.exhibits.audio",
                     "kiosk.ui.exhibits.zoom", "http.client", "ssl", "urllib.request")


def loaded_after(*modules: str) -> set[str]:
    script = ("import json, sys\n"
              f"for name in {list(modules)!r}:\n"
              "    __import__(name)\n"
              "print(json.dumps(sorted(sys.modules)))\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO,
                            env=env, timeout=120, check=True)
    return set(json.loads(result.stdout.splitlines()[-1]))


def loaded_of(loaded: set[str], names: tuple[str, ...]) -> list[str]:
    """The names (or any module inside them) among `loaded`."""
    return sorted(name for name in names if name in loaded or any(m.startswith(f"{name}.") for m in loaded))


@pytest.mark.parametrize(("first", "unwanted"), [
    (("kiosk.cli", "kiosk.ui.launch"), BEFORE_THE_KEPT_FRAME),
    (("kiosk.cli", "kiosk.ui.launch", "kiosk.ui.app"), BEFORE_THE_WINDOW),
])
def test_the_first_frame_imports_nothing_it_does_not_draw(first: tuple[str, ...], unwanted: tuple[str, ...]) -> None:
    loaded = loaded_after(*first)
    assert first[-1] in loaded, "the case imported what it names"
    assert loaded_of(loaded, unwanted) == []


def test_the_guard_sees_a_module_that_is_loaded() -> None:
    """The check above can fail: importing the updater brings its network code."""
    loaded = loaded_after("kiosk.ui.updates")
    assert loaded_of(loaded, ("kiosk.ui.updates",)) == ["kiosk.ui.updates"]


def test_kiosk_run_draws_widgets_and_video_frames_in_software() -> None:
    """No OpenGL context for converting video frames (kiosk.ui.launch.prefer_raster)."""
    script = ("from PySide6.QtCore import QCoreApplication, Qt\n"
              "from PySide6.QtWidgets import QApplication\n"
              "from kiosk.ui.launch import prefer_raster\n"
              "prefer_raster()\n"
              "app = QApplication([])\n"
              "print(QCoreApplication.testAttribute(Qt.ApplicationAttribute.AA_ForceRasterWidgets))\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, env=env,
                            timeout=120, check=True)
    assert result.stdout.split() == ["True"]
