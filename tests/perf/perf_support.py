"""What the kiosk benchmark's parts share: the display, memory and object counts, the machine.

Qt-free, so the parent process (which only starts children and a Chromium) never loads Qt;
the counts of live Qt objects are in `perf_inside`, which runs in the children.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "exhibits" / "ai-and-ip"
WIDTH, HEIGHT = 1920, 1080

# The offscreen platform's screen is 800x800 unless a configuration file names another.
OFFSCREEN_SCREEN = {
    "synchronousWindowSystemEvents": False,
    "windowFrameMargins": False,
    "screens": [{"name": "bench", "x": 0, "y": 0, "width": WIDTH, "height": HEIGHT,
                 "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}],
}


@dataclass(frozen=True)
class Display:
    """Where the children draw: Qt's offscreen platform, or an X display (Xvfb or real)."""

    platform: str
    x_display: str | None = None

    @property
    def label(self) -> str:
        if self.x_display is None:
            return f"offscreen ({WIDTH}x{HEIGHT})"
        return f"X11 on DISPLAY={self.x_display}"

    def env(self, folder: Path) -> dict[str, str]:
        """The environment for a child: this display, and its own empty XDG folders under `folder`."""
        env = {key: value for key, value in os.environ.items() if not key.startswith("XDG_")}
        for name in ("CONFIG", "DATA", "STATE", "CACHE"):
            env[f"XDG_{name}_HOME"] = str(folder / name.lower())
        if self.x_display is None:
            config = folder / "offscreen-screen.json"
            config.parent.mkdir(parents=True, exist_ok=True)
            config.write_text(json.dumps(OFFSCREEN_SCREEN), encoding="utf-8")
            env["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
        else:
            env["QT_QPA_PLATFORM"] = "xcb"
            env["DISPLAY"] = self.x_display
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
        env["PYTHONFAULTHANDLER"] = "1"  # a child that crashes leaves every thread's stack in its log
        # An installed kiosk has its bytecode compiled (pip does it); without a cache, every
        # start would compile ~200 modules again (~0.3 s). The cache goes to the benchmark's
        # own folder, so the checkout gets no __pycache__ folders.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(folder.parent / "pycache")
        return env


def choose_display(requested: str) -> Display:
    """`auto`: X when DISPLAY is set (as under xvfb-run), else offscreen."""
    if requested == "offscreen" or (requested == "auto" and not os.environ.get("DISPLAY")):
        return Display("offscreen")
    if not os.environ.get("DISPLAY"):
        raise SystemExit("bench_kiosk: --display x needs DISPLAY (run it under xvfb-run)")
    return Display("xcb", os.environ["DISPLAY"])


class PrivateXvfb:
    """An Xvfb of our own at 1920x1080, for the Chromium comparison when there is no X display."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.display = ""

    def start(self) -> str | None:
        if shutil.which("Xvfb") is None:
            return None
        for number in range(150, 200):
            if not Path(f"/tmp/.X{number}-lock").exists() and not Path(f"/tmp/.X11-unix/X{number}").exists():
                break
        else:
            return None
        self.display = f":{number}"
        self.process = subprocess.Popen(["Xvfb", self.display, "-screen", "0", f"{WIDTH}x{HEIGHT}x24",
                                         "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                return self.display
            if self.process.poll() is not None:
                return None
            time.sleep(0.05)
        self.stop()
        return None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory in MB (VmRSS), or NaN if the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def rss_parts_mb(pid: int | str = "self") -> dict[str, float]:
    """RSS split into anonymous memory (the heap: decoded pictures, objects) and file-backed pages
    (libraries, fonts, mapped files, which the kernel can drop and reload)."""
    parts = {"RssAnon:": "anon", "RssFile:": "file", "RssShmem:": "shmem"}
    found: dict[str, float] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key = line.split(maxsplit=1)[0] if line else ""
            if key in parts:
                found[parts[key]] = int(line.split()[1]) / 1024
    except OSError:
        pass
    return found


def pss_mb(pid: int | str = "self") -> float:
    """Proportional set size in MB (smaps_rollup: shared pages divided among their sharers,
    what the issue compares), or NaN if the process is gone or the kernel does not say."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return float("nan")


def session_pids(session: int) -> list[int]:
    """Every process of a session (a browser's helpers: renderer, GPU, zygotes)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[3]) == session:
                found.append(int(entry.name))
    return found


def session_pss_mb(session: int) -> float:
    """The PSS of a whole session's processes, summed (NaN if none is left)."""
    values = [value for pid in session_pids(session) if (value := pss_mb(pid)) == value]
    return sum(values) if values else float("nan")


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    info: dict[str, object] = {"cores": os.cpu_count(), "python": platform.python_version(),
                               "system": platform.platform(), "load_average": os.getloadavg()}
    try:
        model = [line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                 if line.startswith("model name")]
        info["cpu"] = model[0] if model else platform.processor()
        total = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        info["memory_mb"] = round(int(total.split()[1]) / 1024)
    except (OSError, StopIteration):
        pass
    try:
        versions = subprocess.run([sys.executable, "-c", "import PySide6, PySide6.QtCore as c;"
                                   "print(PySide6.__version__, c.qVersion())"],
                                  capture_output=True, text=True, timeout=60, check=True).stdout.split()
        info["pyside6"], info["qt"] = versions[0], versions[1]
    except (subprocess.SubprocessError, IndexError):
        pass
    return info


def rounded(value: object, digits: int = 1) -> object:
    """Figures for the JSON file: floats rounded, NaN as null, containers walked."""
    if isinstance(value, float):
        return None if value != value else round(value, digits)
    if isinstance(value, dict):
        return {key: rounded(item, digits) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [rounded(item, digits) for item in value]
    return value
