"""What the admin panel's status block says, as plain text in the panel's language.

Each reading guards itself: a value that cannot be had says "unknown" rather than
breaking the panel. The update helper (`shell.updates`, kiosk.ui.updates) is read with
getattr, so the panel works with or without it: no helper means updates are "off", a helper
that has not checked yet means "never".
"""

from __future__ import annotations

import shutil
import socket
from datetime import datetime
from pathlib import Path

from kiosk.ui import bidi
from kiosk.ui.i18n import say


def uptime(seconds: float, language: str) -> str:
    minutes = max(0, int(seconds // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return say("uptime_dhm", language, d=days, h=hours, m=minutes)
    return say("uptime_hm", language, h=hours, m=minutes)


def when(value: object) -> str | None:
    """A moment as `2026-05-01 14:03` in the kiosk's time zone, or None if it is not one."""
    if isinstance(value, datetime):
        moment = value.astimezone() if value.tzinfo is not None else value
        return moment.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value).strftime("%Y-%m-%d %H:%M")
    return None


def update_outcome(updates: object | None, attribute: str, language: str) -> str:
    """`last_check` or `last_update` of the update helper: "off", "never", or when and what."""
    if updates is None:
        return say("status_off", language)
    outcome = getattr(updates, attribute, None)
    if outcome is None:
        return say("never", language)
    moment = when(getattr(outcome, "when", None)) or when(outcome)
    detail = getattr(outcome, "bundle", None) or getattr(outcome, "status", None)
    parts = [part for part in (moment, str(detail) if detail else None) if part]
    return bidi.join(parts) if parts else str(outcome)


def free_disk(folder: Path, language: str) -> str:
    """Free space where the store keeps bundles (its nearest existing folder)."""
    probe = folder
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    try:
        free = shutil.disk_usage(probe).free
    except OSError:
        return say("unknown", language)
    return say("gigabytes", language, n=f"{free / 1e9:.1f}")


def kiosk_name(kiosk_id: str) -> str:
    return kiosk_id or socket.gethostname()
