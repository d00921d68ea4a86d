"""What `kiosk run` starts with, decided once and without Qt: the options, the bundle, the screen.

The command line (kiosk.cli) parses its arguments into `RunOptions`, a frozen dataclass, and
hands that down; nothing below the command layer sees argparse. `choose_bundle` is the one
place that decides which bundle plays and says why; the kiosk (kiosk.ui.app), the updater's log
line and `kiosk doctor` all ask it. The process's exit statuses and the screen to use are here
too, so that the first steps (kiosk.ui.launch) and the application (kiosk.ui.app) share them
without importing each other.

    bundle named on the command line  >  the `bundle` setting  >  the store's active bundle  >  the sample
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from kiosk import paths

if TYPE_CHECKING:
    from kiosk.settings.files import LoadedSettings

log = logging.getLogger("kiosk.app")

EXIT_OK = 0
EXIT_FAILED = 1  # an invalid bundle, a failed run, a burst of errors: the service manager starts a fresh process
EXIT_USAGE = 2  # the command line is wrong
EXIT_INTERRUPTED = 130  # Ctrl+C, SIGINT

_MODULE_LOADED = time.monotonic()


@dataclass(frozen=True)
class RunOptions:
    """`kiosk run`'s options, as the command line gives them; they win over the device settings."""

    bundle: Path | None = None
    windowed: bool = False
    tour: bool = False
    lang: str | None = None
    screen: int | None = None
    quit_after: float | None = None
    log_format: Literal["text", "json"] = "text"


class ChosenBy(Enum):
    COMMAND_LINE = "named on the command line"
    SETTING = "the `bundle` setting"
    ACTIVE = "the store's active bundle"
    SAMPLE = "the sample exhibition"


@dataclass(frozen=True)
class BundleChoice:
    """The bundle to play, what chose it, and what went wrong on the way (each None if nothing).

    `setting_problem`: the `bundle` setting names nothing (so the store's active bundle or the
    sample plays). `store_problem`: the store cannot be read (so the sample plays).
    """

    path: Path
    chosen_by: ChosenBy
    why: str
    named: str | None = None  # as the command line or the setting wrote it
    setting_problem: str | None = None
    store_problem: str | None = None

    @property
    def pinned(self) -> bool:
        """Named by the command line or the setting: the kiosk plays it instead of following the store."""
        return self.chosen_by in (ChosenBy.COMMAND_LINE, ChosenBy.SETTING)

    @property
    def pinned_note(self) -> str | None:
        """How the log names a pinned bundle (None when the store decides)."""
        return f"{self.named} ({self.chosen_by.value})" if self.pinned else None


NAMES_NOTHING = "neither an installed bundle nor a folder or zip"


def choose_bundle(named: Path | None, setting: str | None, *, store_root: Path | None = None) -> BundleChoice:
    """Which bundle plays: `named` (the command line's BUNDLE), else the bundle the `bundle`
    setting names (an installed bundle's ID or ID@VERSION, else a folder or zip), else the
    store's active bundle, else the sample. It only looks; loading is the caller's."""
    from kiosk.store import Store, StoreError

    if named is not None:
        return BundleChoice(Path(named), ChosenBy.COMMAND_LINE, ChosenBy.COMMAND_LINE.value, str(named))
    store = Store(store_root)
    problem = None
    if setting:
        try:
            return BundleChoice(store.find(setting).path, ChosenBy.SETTING, f"the bundle setting '{setting}'", setting)
        except (StoreError, OSError, ValueError):
            path = Path(setting).expanduser()
            if path.exists():
                return BundleChoice(path, ChosenBy.SETTING, f"the bundle setting '{setting}'", setting)
        problem = NAMES_NOTHING
    try:
        active = store.active_bundle()
    except (StoreError, OSError, ValueError) as error:
        return BundleChoice(paths.sample_bundle(), ChosenBy.SAMPLE, "the sample exhibition, as the store cannot be read",
                            setting_problem=problem, store_problem=str(error))
    if active is not None:
        return BundleChoice(active, ChosenBy.ACTIVE, ChosenBy.ACTIVE.value, setting_problem=problem)
    return BundleChoice(paths.sample_bundle(), ChosenBy.SAMPLE, "the sample exhibition, as nothing is installed",
                        setting_problem=problem)


def screen_index(options: RunOptions, loaded: LoadedSettings) -> int | None:
    """`--screen`, else the `screen` setting if the file sets it, else None (the primary screen)."""
    if options.screen is not None:
        return options.screen
    return loaded.settings.screen if "screen" in loaded.explicit else None


def process_age_ms() -> float:
    """Milliseconds since this process started (since this module loaded, where unknown)."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return (time.clock_gettime(time.CLOCK_BOOTTIME) - started) * 1000
    except (OSError, ValueError, IndexError, AttributeError):
        return (time.monotonic() - _MODULE_LOADED) * 1000
