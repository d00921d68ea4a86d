"""A Prometheus node-exporter textfile with the kiosk's health, for the monitoring that
operators already run. Written atomically every minute when `status_file` is set."""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Health:
    """The kiosk's state at one moment, as the status file reports it.

    The fields after `rss_bytes` are optional so that a renderer of the first version's
    figures keeps working; None leaves a metric out.
    """

    kiosk_id: str
    bundle_id: str
    bundle_version: str
    uptime_seconds: float
    last_input_age_seconds: float | None
    errors_total: int
    restarts_total: int
    rss_bytes: int
    started_at: float | None = None
    last_input_at: float | None = None
    starts_total: int | None = None
    previous_run_crashed: bool | None = None
    unexpected_errors_total: int | None = None
    running: bool = True
    kiosk_version: str = ""
    bundle_fallback: str | None = None  # the `bundle` setting that did not play, and why


def rss_bytes() -> int:
    """The process's resident memory now (Linux: one small read of /proc), else its peak."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    try:
        import resource  # not on Windows
    except ImportError:
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class ErrorCount(logging.Handler):
    """Counts the records of level ERROR and above, for `kiosk_errors_total`."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0
        self.critical = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        if record.levelno >= logging.CRITICAL:
            self.critical += 1


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.3f}"


class _Lines:
    """Prometheus' text format: a HELP and a TYPE line, then the sample."""

    def __init__(self, labels: str) -> None:
        self.labels = labels
        self.lines: list[str] = []

    def add(self, name: str, kind: str, doc: str, value: float, labels: str | None = None) -> None:
        self.lines += [f"# HELP {name} {doc}", f"# TYPE {name} {kind}",
                       f"{name}{{{labels or self.labels}}} {_number(value)}"]


def render(health: Health) -> str:
    labels = f'kiosk="{_label(health.kiosk_id)}"'
    bundle = f'{labels},bundle="{_label(health.bundle_id)}",version="{_label(health.bundle_version)}"'
    out = _Lines(labels)
    out.add("kiosk_up_seconds", "gauge", "Seconds since the kiosk started.", round(health.uptime_seconds))
    if health.started_at is not None:
        out.add("kiosk_start_time_seconds", "gauge", "When the kiosk started, in Unix time.",
                round(health.started_at))
    out.add("kiosk_running", "gauge", "1 while the kiosk runs; 0 in the file it leaves when it stops cleanly.",
            int(health.running))
    if health.kiosk_version:
        out.add("kiosk_build_info", "gauge", "The kiosk software's version.", 1,
                f'{labels},kiosk_version="{_label(health.kiosk_version)}"')
    out.add("kiosk_bundle_info", "gauge", "The bundle being played.", 1, bundle)
    if health.bundle_fallback is not None:
        out.add("kiosk_bundle_setting_failed", "gauge",
                "1 when the bundle the `bundle` setting names does not play and another plays instead.", 1,
                f'{labels},reason="{_label(health.bundle_fallback)}"')
    out.add("kiosk_errors_total", "counter", "Errors logged since the kiosk started.", health.errors_total)
    if health.unexpected_errors_total is not None:
        out.add("kiosk_unexpected_errors_total", "counter",
                "Unexpected exceptions since the kiosk started (each sent it back to its home screen).",
                health.unexpected_errors_total)
    if health.starts_total is not None:
        out.add("kiosk_starts_total", "counter", "Times the kiosk started on this machine.", health.starts_total)
    out.add("kiosk_restarts_total", "counter",
            "Starts after a run that did not end cleanly (a crash, a watchdog kill, a failure exit).",
            health.restarts_total)
    if health.previous_run_crashed is not None:
        out.add("kiosk_previous_run_crashed", "gauge", "1 if the run before this one did not end cleanly.",
                int(health.previous_run_crashed))
    out.add("kiosk_resident_memory_bytes", "gauge", "Resident memory of the kiosk process.", health.rss_bytes)
    if health.last_input_at is not None:
        out.add("kiosk_last_input_timestamp_seconds", "gauge", "When a visitor last touched the kiosk, in Unix time.",
                round(health.last_input_at))
    if health.last_input_age_seconds is not None:
        out.add("kiosk_last_input_age_seconds", "gauge", "Seconds since a visitor last touched the kiosk.",
                round(health.last_input_age_seconds))
    return "\n".join(out.lines) + "\n"


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
