"""Before Qt starts: can its display plugin load? If not, say what to install.

PySide6's X11 plugin (xcb) needs libxcb-cursor0, libxcb-icccm4 and libxcb-keysyms1, which
many Debian and Ubuntu desktops lack; Qt then aborts with a message few people can act on.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass

XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


@dataclass(frozen=True)
class PlatformProblem:
    message: str
    packages: tuple[str, ...] = ()

    def advice(self) -> str:
        text = self.message
        if self.packages:
            text += f"\nInstall them with:\n    sudo apt-get install {' '.join(self.packages)}"
        return text


def _loads(library: str) -> bool:
    try:
        ctypes.CDLL(library)
    except OSError:
        return False
    return True


def chosen_platform(environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    explicit = env.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0]
    if explicit:
        return explicit
    if env.get("WAYLAND_DISPLAY"):
        return "wayland"
    return "xcb"


def check_platform(environ: dict[str, str] | None = None, loads: object = None) -> PlatformProblem | None:
    """A problem that would stop Qt from showing a window, or None."""
    env = os.environ if environ is None else environ
    can_load = loads if callable(loads) else _loads
    platform = chosen_platform(env)
    if platform != "xcb" or not sys.platform.startswith("linux"):
        return None
    if not env.get("DISPLAY"):
        return PlatformProblem(
            "There is no display: DISPLAY is not set. Start the kiosk inside a graphical session, "
            "or set QT_QPA_PLATFORM=offscreen to render without a screen.")
    missing = tuple(package for library, package in XCB_LIBRARIES.items() if not can_load(library))
    if missing:
        return PlatformProblem("Qt's X11 display plugin needs libraries this system lacks.", missing)
    return None
