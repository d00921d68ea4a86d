"""A Prometheus node-exporter textfile with the kiosk's health, for the monitoring that
operators already run. Written atomically every minute when `status_file` is set."""

from __future__ import annotations

import os
import resource
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Health:
    kiosk_id: str
    bundle_id: str
    bundle_version: str
    uptime_seconds: float
    last_input_age_seconds: float | None
    errors_total: int
    restarts_total: int
    rss_bytes: int


def rss_bytes() -> int:
    """The process's resident memory now (Linux), else its peak."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def render(health: Health) -> str:
    labels = f'kiosk="{_label(health.kiosk_id)}"'
    bundle = f'{labels},bundle="{_label(health.bundle_id)}",version="{_label(health.bundle_version)}"'
    lines = [
        "# HELP kiosk_up_seconds Seconds since the kiosk started.",
        "# TYPE kiosk_up_seconds gauge",
        f"kiosk_up_seconds{{{labels}}} {health.uptime_seconds:.0f}",
        "# HELP kiosk_bundle_info The bundle being played.",
        "# TYPE kiosk_bundle_info gauge",
        f"kiosk_bundle_info{{{bundle}}} 1",
        "# HELP kiosk_errors_total Errors logged since the kiosk started.",
        "# TYPE kiosk_errors_total counter",
        f"kiosk_errors_total{{{labels}}} {health.errors_total}",
        "# HELP kiosk_restarts_total Starts after an unclean exit, as found in the crash log.",
        "# TYPE kiosk_restarts_total counter",
        f"kiosk_restarts_total{{{labels}}} {health.restarts_total}",
        "# HELP kiosk_resident_memory_bytes Resident memory of the kiosk process.",
        "# TYPE kiosk_resident_memory_bytes gauge",
        f"kiosk_resident_memory_bytes{{{labels}}} {health.rss_bytes}",
    ]
    if health.last_input_age_seconds is not None:
        lines += [
            "# HELP kiosk_last_input_age_seconds Seconds since a visitor last touched the screen.",
            "# TYPE kiosk_last_input_age_seconds gauge",
            f"kiosk_last_input_age_seconds{{{labels}}} {health.last_input_age_seconds:.0f}",
        ]
    return "\n".join(lines) + "\n"


def write(path: Path, health: Health) -> None:
    """Replace the file in one step, so the exporter never reads half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(render(health))
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
