"""Fixtures for the admin tests: a kiosk shell with its admin desk (`make_rig`), the lockout's
wall clock (`wall`), and INFO-level logs so the JSON events can be read back."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from kiosk.bundle.playable import PlayableBundle
from kiosk.play.lockout import FILENAME, PinLockout
from kiosk.settings.model import Settings
from kiosk.ui.admin.desk import AdminDesk
from kiosk.ui.app import player_config
from kiosk.ui.following import StoreFollowing
from kiosk.ui.shell import KioskShell
from tests.ui.admin.rig import FAST_HASH, Clock, Rig, close
from tests.ui.test_app import arguments


@pytest.fixture(autouse=True)
def info_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)


@pytest.fixture
def wall() -> Clock:
    return Clock(1_800_000_000.0)


@pytest.fixture
def make_rig(qtbot, tiny_bundle: PlayableBundle, tmp_path: Path, wall: Clock) -> Iterator:
    made: list[Rig] = []

    def make(*, pin: str | None = FAST_HASH, windowed: bool = False, settings: Settings | None = None,
             following: StoreFollowing | None = None, bundle: PlayableBundle | None = None,
             now: datetime | None = None, **options: Any) -> Rig:
        settings = settings or Settings(admin_pin=pin)
        shell = KioskShell(player_config(arguments(windowed=windowed), settings), windowed=windowed,
                           transition_ms=0, following=following)
        gesture_clock = Clock(100.0)
        rig_box: list[Rig] = []
        quits: list[int] = []
        desk = AdminDesk(shell, settings, windowed=windowed, lockout=PinLockout(tmp_path / FILENAME, clock=wall),
                         gesture_clock=gesture_clock, hours_clock=lambda: rig_box[0].now, quit_app=quits.append,
                         config_for=lambda changed: player_config(arguments(windowed=windowed), changed), **options)
        rig = Rig(shell, desk, gesture_clock, quits)
        if now is not None:
            rig.now = now
        rig_box.append(rig)
        made.append(rig)
        shell.show(bundle or tiny_bundle)
        qtbot.waitExposed(rig.window)
        return rig

    yield make
    for rig in made:
        close(rig)
