"""Where the kiosk keeps its state: platformdirs' user folders for the app name `kiosk`.

On Linux, XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_STATE_HOME and XDG_CACHE_HOME move them.
"""

from __future__ import annotations

import time
from pathlib import Path

import platformdirs

from kiosk import APP_NAME


def _dirs() -> platformdirs.PlatformDirs:
    return platformdirs.PlatformDirs(APP_NAME, appauthor=False)


def set_aside(path: Path, why: str) -> Path:
    """A free name beside `path` for keeping the file as it was: `NAME.WHY-YYYYmmdd-HHMMSS`,
    then `-1`, `-2`... within the same second. The time is local, as people read it in a listing."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{why}-{stamp}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.name}.{why}-{stamp}-{counter}")
        counter += 1
    return target


def config_dir() -> Path:
    return Path(_dirs().user_config_dir)


def data_dir() -> Path:
    return Path(_dirs().user_data_dir)


def state_dir() -> Path:
    return Path(_dirs().user_state_dir)


def cache_dir() -> Path:
    return Path(_dirs().user_cache_dir)


def log_dir() -> Path:
    return Path(_dirs().user_log_dir)


def assets_dir() -> Path:
    """The app's own fonts and interface words: `kiosk/assets` in an installed wheel (pyproject
    maps the checkout's top-level `assets/` there), else the checkout's `assets/`."""
    package = Path(__file__).resolve().parent
    installed = package / "assets"
    return installed if installed.is_dir() else package.parent / "assets"


def sample_bundle() -> Path:
    """The sample exhibition that ships with the kiosk, its embedded default: `kiosk/sample` in
    an installed wheel (pyproject maps the checkout's `exhibits/ai-and-ip` there, so a packager's
    or pipx's install plays it too), else the checkout's `exhibits/ai-and-ip`."""
    package = Path(__file__).resolve().parent
    installed = package / "sample"
    return installed if installed.is_dir() else package.parent / "exhibits" / "ai-and-ip"
