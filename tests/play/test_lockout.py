"""The PIN pad's lockout: five wrong PINs lock it for 60 s, doubling each time, across restarts."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from kiosk.play.lockout import FILENAME, PinLockout, lockout_path


class WallClock:
    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def five_wrong(lockout: PinLockout) -> list[float]:
    return [lockout.wrong() for _ in range(5)]


def test_five_wrong_pins_lock_for_60_s_then_120_then_240(tmp_path: Path) -> None:
    clock = WallClock()
    lockout = PinLockout(tmp_path / FILENAME, clock=clock)
    assert lockout.attempts_left == 5
    for expected in (60, 120, 240):
        locks = five_wrong(lockout)
        assert locks == [0, 0, 0, 0, expected]
        assert lockout.locked
        assert lockout.seconds_left() == expected
        clock.now += expected - 0.5
        assert lockout.seconds_left() == 1
        clock.now += 0.5
        assert not lockout.locked
        assert lockout.attempts_left == 5


def test_four_wrong_pins_do_not_lock_and_say_how_many_are_left(tmp_path: Path) -> None:
    lockout = PinLockout(tmp_path / FILENAME, clock=WallClock())
    for left in (4, 3, 2, 1):
        assert lockout.wrong() == 0
        assert lockout.attempts_left == left
    assert not lockout.locked


def test_the_right_pin_clears_the_count_and_the_doubling(tmp_path: Path) -> None:
    clock = WallClock()
    lockout = PinLockout(tmp_path / FILENAME, clock=clock)
    five_wrong(lockout)
    clock.now += 60
    lockout.wrong()
    lockout.right()
    assert lockout.attempts_left == 5
    assert five_wrong(lockout)[-1] == 60, "after the right PIN, the next lock is the first again"


def test_the_lockout_survives_a_restart(tmp_path: Path) -> None:
    clock = WallClock()
    path = tmp_path / "state" / FILENAME
    five_wrong(PinLockout(path, clock=clock))
    clock.now += 20
    restarted = PinLockout(path, clock=clock)
    assert restarted.seconds_left() == 40, "a crash or a restart does not end the lock"
    clock.now += 40
    restarted.wrong()
    restarted.wrong()
    again = PinLockout(path, clock=clock)
    assert again.attempts_left == 3, "wrong PINs are counted on disk as they happen"
    assert five_wrong(again)[2] == 120, "the doubling is remembered too"


def test_a_clock_set_back_cannot_stretch_a_lock(tmp_path: Path) -> None:
    clock = WallClock()
    lockout = PinLockout(tmp_path / FILENAME, clock=clock)
    five_wrong(lockout)
    clock.now -= 3600
    assert lockout.seconds_left() == 60


def test_the_doubling_is_forgotten_after_a_quiet_day(tmp_path: Path) -> None:
    clock = WallClock()
    lockout = PinLockout(tmp_path / FILENAME, clock=clock)
    five_wrong(lockout)
    clock.now += 60 + 25 * 3600
    assert five_wrong(lockout)[-1] == 60


def test_a_damaged_file_starts_unlocked_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / FILENAME
    path.write_text("{not json", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="kiosk.admin"):
        lockout = PinLockout(path, clock=WallClock())
    assert not lockout.locked
    assert "the PIN pad starts unlocked" in caplog.text
    lockout.wrong()
    assert json.loads(path.read_text(encoding="utf-8"))["failures"] == 1, "the next wrong PIN rewrites it"


def test_it_lives_in_the_state_folder(kiosk_dirs: Path) -> None:
    assert lockout_path() == kiosk_dirs / "state" / "kiosk" / FILENAME
    lockout = PinLockout.in_state_folder(clock=WallClock())
    lockout.wrong()
    assert lockout_path().is_file()
