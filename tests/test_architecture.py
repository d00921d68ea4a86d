"""The core never imports Qt: the bundle, store, settings, analytics and play logic must
run (and be tested) on a machine without PySide6."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import kiosk
from tests.conftest import REPO

CORE = ("kiosk.bundle", "kiosk.play", "kiosk.store", "kiosk.settings", "kiosk.analytics", "kiosk.commands")


def core_modules() -> list[str]:
    names = ["kiosk", "kiosk.paths", "kiosk.cli", "kiosk.logs", "kiosk.background"]
    for info in pkgutil.walk_packages(kiosk.__path__, "kiosk."):
        if info.name.startswith(CORE):
            names.append(info.name)
    return sorted(name for name in names if (REPO / (name.replace(".", "/") + ".py")).exists()
                  or (REPO / name.replace(".", "/") / "__init__.py").exists())


def test_core_modules_import_without_pyside6() -> None:
    modules = core_modules()
    assert "kiosk.bundle.loader" in modules
    blocker = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'PySide6' or name.startswith(('PySide6.', 'shiboken6')):\n"
        "            raise ImportError('PySide6 is not available to the core')\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for name in {modules!r}:\n"
        "    __import__(name)\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", blocker], capture_output=True, text=True, cwd=REPO,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
