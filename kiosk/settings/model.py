"""The kiosk's device settings, declared once.

Each setting is a dataclass field made by `key()` (`kiosk.declare.rules`): a description, a
default, whether a running kiosk takes a new value only after a restart; its type carries its
limits (`Annotated[int, Range(0, 100)]`). Loading and validation (the shared reader), `kiosk
config show`, the admin panel's "after a restart" and the settings reference in README.md all
derive from here.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from kiosk.declare.rules import LANGUAGE, Check, Parsed, Pattern, Range, Version, key, needs_restart
from kiosk.settings.hours import WEEKDAYS, read_opening_hours
from kiosk.settings.pin import hash_problem

SCHEMA_VERSION = 1
__all__ = ["SCHEMA_VERSION", "WEEKDAYS", "CursorMode", "Settings", "restart_keys"]

CursorMode = Literal["hidden", "auto", "shown"]
"""The mouse pointer: always hidden, shown while a mouse moves, always shown."""

KIOSK_ID = Pattern(r"[A-Za-z0-9._-]{0,64}", "a kiosk name",
                   "use at most 64 letters, digits, dots, hyphens and underscores")
WEB_ADDRESS = Pattern(r"https?://\S+", "a web address",
                      "start it with http:// or https://, such as 'https://example.org/exhibition.zip'")
OpeningHours = Annotated[dict[str, list[str]], Parsed(read_opening_hours, dict, "weekday → ranges",
                                                       "a map from weekday to time ranges")]


@dataclass(frozen=True, kw_only=True)
class AttractSettings:
    enabled: bool = key("Show the attract loop while nobody is at the kiosk.", True)
    dwell: Annotated[float, Range(1, 600)] | None = key("Seconds per item; empty: the bundle's own dwell.", None)


@dataclass(frozen=True, kw_only=True)
class TourSettings:
    enabled: bool = key("Start in tour mode: the exhibition plays itself.", False)
    text: Annotated[float, Range(1, 600)] = key("Seconds a text stays, unless the exhibit sets its duration.", 20.0,
                                                restart=True)
    image: Annotated[float, Range(1, 600)] = key("Seconds an image stays.", 10.0, restart=True)
    gallery: Annotated[float, Range(1, 600)] = key("Seconds each gallery image stays.", 6.0, restart=True)
    article: Annotated[float, Range(1, 600)] = key("Seconds an article stays.", 30.0, restart=True)


@dataclass(frozen=True, kw_only=True)
class AnalyticsSettings:
    enabled: bool = key("Record anonymous visits on this kiosk.", True, restart=True)
    retention_days: Annotated[int, Range(1, 3650)] = key("Days of records kept; older ones are pruned daily.", 365,
                                                         restart=True)
    export_folder: str | None = key("A folder to write a daily CSV to, such as a synced folder.", None, restart=True)


@dataclass(frozen=True, kw_only=True)
class UpdateSettings:
    url: Annotated[str, WEB_ADDRESS] | None = key("A bundle .zip on a web server to install when it changes.", None,
                                                  restart=True)
    interval: Annotated[float, Range(1, 10080)] = key("Minutes between checks of `update.url`.", 15.0, restart=True)
    sha256_url: Annotated[str, WEB_ADDRESS] | None = key(
        "Where the zip's SHA-256 is published, to verify downloads.", None, restart=True)


@dataclass(frozen=True, kw_only=True)
class Settings:
    schema_version: Annotated[int, Version(SCHEMA_VERSION, "schema version")] = key(
        "The layout of this file; the kiosk upgrades older files.", SCHEMA_VERSION)
    kiosk_id: Annotated[str, KIOSK_ID] = key("This kiosk's name in analytics and monitoring; empty: the host name.",
                                             "", restart=True)
    bundle: str | None = key("The bundle to play: an installed bundle's id, or a path. Empty: the active one.",
                             None, restart=True)
    language: Annotated[str, LANGUAGE] | None = key(
        "The language each visit starts in. Empty: the bundle's first.", None)
    idle_timeout: Annotated[float, Range(10, 3600)] = key(
        "Seconds without a touch before 'Still there?' appears (paused while media plays).", 90.0)
    still_there_seconds: Annotated[float, Range(3, 120)] = key(
        "Seconds 'Still there?' counts down before the visit resets.", 10.0)
    attract: AttractSettings = key("The loop shown while nobody is there.", AttractSettings())
    tour: TourSettings = key("The exhibition playing itself.", TourSettings())
    volume: Annotated[int, Range(0, 100)] = key("Sound volume each visit starts with, 0 to 100.", 80)
    cursor: CursorMode = key("The mouse pointer: hidden, auto (shown while a mouse moves), shown.", "hidden",
                             restart=True)
    screen: Annotated[int, Range(0, 16)] = key("The display to use; 0 is the first.", 0, restart=True)
    opening_hours: OpeningHours = key(
        "Per weekday, ranges like '09:00-18:00'. Outside them the kiosk shows a quiet 'closed' slate. "
        "Empty: always open.", factory=dict)
    closed_display: Literal["dim", "blank"] = key("Outside opening hours: dim the slate, or blank the screen.", "dim")
    admin_pin: Annotated[str, Check(hash_problem)] | None = key(
        "The admin PIN's hash (set it with `kiosk set-pin`; never the PIN itself).", None)
    analytics: AnalyticsSettings = key("Anonymous visitor analytics.", AnalyticsSettings())
    update: UpdateSettings = key("Fetching new bundles from a web server.", UpdateSettings())
    watch_folder: str | None = key("A folder whose new bundle .zip files are installed (USB stick, synced folder).",
                                   None, restart=True)
    keep_versions: Annotated[int, Range(1, 20)] = key("Versions of each bundle kept for rollback.", 2, restart=True)
    status_file: str | None = key(
        "A Prometheus textfile the kiosk rewrites every minute with its health (uptime, last input, bundle, "
        "errors, restarts, memory), such as node-exporter's textfile folder plus 'kiosk.prom'. Empty: none.", None)


def _leaves(cls: Any, prefix: str = "") -> Iterator[tuple[str, dataclasses.Field[Any]]]:
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        if dataclasses.is_dataclass(hints[f.name]):
            yield from _leaves(hints[f.name], f"{prefix}{f.name}.")
        else:
            yield f"{prefix}{f.name}", f


def restart_keys() -> tuple[str, ...]:
    """The settings a running kiosk takes on only after a restart, as declared above."""
    return tuple(name for name, f in _leaves(Settings) if needs_restart(f))
