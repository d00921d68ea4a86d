"""The kiosk's device settings, declared once.

Each setting is a dataclass field with a description, a default and its limits. Loading,
validation, `kiosk config show` and the settings reference in README.md all derive from here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from kiosk.settings.pin import hash_problem

SCHEMA_VERSION = 1
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def setting(doc: str, default: Any, *, minimum: float | None = None, maximum: float | None = None,
            pattern: str | None = None, check: Callable[[str], str | None] | None = None) -> Any:
    """A setting: what it does, its default, the range or pattern a value must fit, and for a
    text a `check` that says what else is wrong with it (None: nothing). A number is always
    finite: NaN and the infinities are refused whatever the range."""
    metadata = {"doc": doc, "minimum": minimum, "maximum": maximum, "pattern": pattern, "check": check}
    if isinstance(default, dict):
        return field(default_factory=lambda: dict(default), metadata=metadata)
    if dataclasses.is_dataclass(default):
        return field(default_factory=lambda: dataclasses.replace(default), metadata=metadata)  # type: ignore[type-var]
    return field(default=default, metadata=metadata)


@dataclass(frozen=True, kw_only=True)
class AttractSettings:
    enabled: bool = setting("Show the attract loop while nobody is at the kiosk.", True)
    dwell: float | None = setting("Seconds per item; empty: the bundle's own dwell.", None,
                                  minimum=1, maximum=600)


@dataclass(frozen=True, kw_only=True)
class TourSettings:
    enabled: bool = setting("Start in tour mode: the exhibition plays itself.", False)
    text: float = setting("Seconds a text stays, unless the exhibit sets its duration.", 20.0, minimum=1, maximum=600)
    image: float = setting("Seconds an image stays.", 10.0, minimum=1, maximum=600)
    gallery: float = setting("Seconds each gallery image stays.", 6.0, minimum=1, maximum=600)
    article: float = setting("Seconds an article stays.", 30.0, minimum=1, maximum=600)


@dataclass(frozen=True, kw_only=True)
class AnalyticsSettings:
    enabled: bool = setting("Record anonymous visits on this kiosk.", True)
    retention_days: int = setting("Days of records kept; older ones are pruned daily.", 365, minimum=1, maximum=3650)
    export_folder: str | None = setting("A folder to write a daily CSV to, such as a synced folder.", None)


@dataclass(frozen=True, kw_only=True)
class UpdateSettings:
    url: str | None = setting("A bundle .zip on a web server to install when it changes.", None,
                              pattern=r"https?://\S+")
    interval: float = setting("Minutes between checks of `update.url`.", 15.0, minimum=1, maximum=10080)
    sha256_url: str | None = setting("Where the zip's SHA-256 is published, to verify downloads.", None,
                                     pattern=r"https?://\S+")


@dataclass(frozen=True, kw_only=True)
class Settings:
    schema_version: int = setting("The layout of this file; the kiosk upgrades older files.", SCHEMA_VERSION,
                                  minimum=1, maximum=SCHEMA_VERSION)
    kiosk_id: str = setting("This kiosk's name in analytics and monitoring; empty: the host name.", "",
                            pattern=r"[A-Za-z0-9._-]{0,64}")
    bundle: str | None = setting("The bundle to play: an installed bundle's id, or a path. Empty: the active one.",
                                 None)
    language: str | None = setting("The language each visit starts in. Empty: the bundle's first.", None,
                                   pattern=r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
    idle_timeout: float = setting("Seconds without a touch before 'Still there?' appears (paused while media plays).",
                                  90.0, minimum=10, maximum=3600)
    still_there_seconds: float = setting("Seconds 'Still there?' counts down before the visit resets.", 10.0,
                                         minimum=3, maximum=120)
    attract: AttractSettings = setting("The loop shown while nobody is there.", AttractSettings())
    tour: TourSettings = setting("The exhibition playing itself.", TourSettings())
    volume: int = setting("Sound volume each visit starts with, 0 to 100.", 80, minimum=0, maximum=100)
    cursor: Literal["hidden", "auto", "shown"] = setting(
        "The mouse pointer: hidden, auto (shown while a mouse moves), shown.", "hidden")
    screen: int = setting("The display to use; 0 is the first.", 0, minimum=0, maximum=16)
    opening_hours: dict[str, list[str]] = setting(
        "Per weekday, ranges like '09:00-18:00'. Outside them the kiosk shows a quiet 'closed' slate. "
        "Empty: always open.", {})
    closed_display: Literal["dim", "blank"] = setting("Outside opening hours: dim the slate, or blank the screen.",
                                                      "dim")
    admin_pin: str | None = setting("The admin PIN's hash (set it with `kiosk set-pin`; never the PIN itself).",
                                    None, check=hash_problem)
    analytics: AnalyticsSettings = setting("Anonymous visitor analytics.", AnalyticsSettings())
    update: UpdateSettings = setting("Fetching new bundles from a web server.", UpdateSettings())
    watch_folder: str | None = setting("A folder whose new bundle .zip files are installed (USB stick, synced folder).",
                                       None)
    keep_versions: int = setting("Versions of each bundle kept for rollback.", 2, minimum=1, maximum=20)
    status_file: str | None = setting(
        "A Prometheus textfile the kiosk rewrites every minute with its health (uptime, last input, bundle, "
        "errors, restarts, memory), such as node-exporter's textfile folder plus 'kiosk.prom'. Empty: none.", None)
