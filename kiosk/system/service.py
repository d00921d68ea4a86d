"""`kiosk install-service`: a systemd user unit and an XDG autostart entry.

The unit restarts the kiosk whenever it exits and, through the watchdog, whenever its
interface stops answering. The autostart entry runs when the desktop session starts: it
starts the unit, and only where systemd has no user services does it start the kiosk
itself, so the kiosk never runs twice.
"""

from __future__ import annotations

import os
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

UNIT_NAME = "exhibit-kiosk.service"
WATCHDOG_SECONDS = 30


@dataclass(frozen=True)
class ServiceFiles:
    unit: Path
    autostart: Path


def kiosk_command() -> list[str]:
    """How to start this very installation of the kiosk."""
    return [sys.executable, "-m", "kiosk"]


EXIT_TO_DESKTOP = 3
"""`kiosk run`'s status when a technician leaves kiosk mode from the admin panel; the unit
does not restart the kiosk after it."""


def unit_text(command: list[str], environment: dict[str, str]) -> str:
    env_lines = "".join(f"Environment={shlex.quote(f'{key}={value}')}\n" for key, value in sorted(environment.items()))
    return (
        "[Unit]\n"
        "Description=Exhibit Kiosk\n"
        "After=graphical-session.target\n"
        "PartOf=graphical-session.target\n"
        "StartLimitIntervalSec=0\n"
        "\n"
        "[Service]\n"
        "Type=notify\n"
        "NotifyAccess=main\n"
        f"ExecStart={shlex.join(command)}\n"
        "Restart=always\n"
        f"RestartPreventExitStatus={EXIT_TO_DESKTOP}\n"
        "RestartSec=2\n"
        f"WatchdogSec={WATCHDOG_SECONDS}\n"
        "TimeoutStopSec=10\n"
        f"{env_lines}"
        "\n"
        "[Install]\n"
        "WantedBy=graphical-session.target\n"
    )


def autostart_text(command: list[str]) -> str:
    script = f"systemctl --user start {UNIT_NAME} 2>/dev/null || exec {shlex.join(command)}"
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=Exhibit Kiosk\n"
        f"Exec=sh -c {shlex.quote(script)}\n"
        "X-GNOME-Autostart-enabled=true\n"
        "NoDisplay=true\n"
    )


def install(config_home: Path | None = None) -> ServiceFiles:
    home = config_home or Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    command = kiosk_command()
    environment = {key: os.environ[key] for key in ("QT_QPA_PLATFORM",) if key in os.environ}
    unit = home / "systemd" / "user" / UNIT_NAME
    autostart = home / "autostart" / "exhibit-kiosk.desktop"
    unit.parent.mkdir(parents=True, exist_ok=True)
    autostart.parent.mkdir(parents=True, exist_ok=True)
    unit.write_text(unit_text(command, environment), encoding="utf-8")
    autostart.write_text(autostart_text(command), encoding="utf-8")
    return ServiceFiles(unit, autostart)
