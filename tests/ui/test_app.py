"""`kiosk run`'s safety nets: unexpected errors go home, signals stop the loop, bad bundles exit 1."""

from __future__ import annotations

import logging
import os
import signal
from pathlib import Path
from typing import Any

import pytest

from kiosk.play.navigation import HOME, Location, Screen
from kiosk.system.startup import RunOptions, process_age_ms
from kiosk.ui.app import ERROR_BURST, ErrorGuard, SignalWaker, player_config
from kiosk.ui.exhibits.base import ExhibitView
from kiosk.ui.launch import run
from kiosk.ui.screens.exhibit import FallbackView
from tests.ui.conftest import MEDIA_NOISE, Kiosk

pytestmark = MEDIA_NOISE


class FakeApp:
    """Stands in for QApplication where the code under test would end the event loop."""

    def __init__(self) -> None:
        self.code: int | None = None

    def exit(self, code: int = 0) -> None:
        self.code = code


def arguments(**values: Any) -> RunOptions:
    defaults = {"bundle": None, "windowed": False, "tour": False, "lang": None, "screen": None,
                "quit_after": None, "log_format": "text"}
    return RunOptions(**{**defaults, **values})


def test_an_unexpected_error_is_logged_and_the_kiosk_goes_home(make_kiosk, qtbot, caplog) -> None:
    kiosk: Kiosk = make_kiosk()
    kiosk.player.touch()
    kiosk.player.open_exhibit(0, 1)
    app = FakeApp()
    guard = ErrorGuard(app, kiosk.window)  # type: ignore[arg-type]
    try:
        error = ValueError("a bug")
        guard.handle(ValueError, error, error.__traceback__)
        qtbot.waitUntil(lambda: kiosk.player.location == HOME)
        assert "unexpected error: a bug" in caplog.text
        assert app.code is None
        for _ in range(ERROR_BURST):
            guard.handle(ValueError, error, None)
        assert app.code == 1, "a burst of errors exits so the service manager restarts the kiosk"
    finally:
        guard.close()


def test_sigterm_ends_the_loop_cleanly(qtbot) -> None:
    app = FakeApp()
    waker = SignalWaker(app)  # type: ignore[arg-type]
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        qtbot.waitUntil(lambda: app.code is not None, timeout=3000)
        assert app.code == 0
    finally:
        waker.close()
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_a_broken_bundle_exits_with_status_1(tmp_path: Path, caplog) -> None:
    (tmp_path / "exhibition.yaml").write_text("format: 1\nid: broken\n", encoding="utf-8")
    assert run(arguments(bundle=tmp_path)) == 1
    assert "cannot be played" in caplog.text
    assert not [h for h in logging.getLogger().handlers if getattr(h, "_kiosk_handler", False)]


def test_options_become_the_players_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_IDLE_TIMEOUT", "5")
    config = player_config(arguments(tour=True, lang="fr", windowed=True))
    assert config.timings.idle_timeout == 5
    assert config.timings.still_there == 10
    assert config.idle_mode.value == "tour"
    assert config.language == "fr"
    assert config.sessions is False
    monkeypatch.setenv("KIOSK_IDLE_TIMEOUT", "soon")
    assert player_config(arguments()).timings.idle_timeout == 90


def test_process_age_is_measured_from_the_process_start() -> None:
    assert 0 < process_age_ms() < 3_600_000


def test_a_view_that_fails_is_replaced_by_a_calm_fallback(make_kiosk, monkeypatch, caplog) -> None:
    def explode(self: ExhibitView) -> None:
        raise RuntimeError("decoder on fire")

    kiosk: Kiosk = make_kiosk()
    kiosk.player.touch()
    view_type = type(kiosk.window.exhibit._view_for((0, 1)))
    monkeypatch.setattr(view_type, "activate", explode)
    kiosk.player.open_exhibit(0, 1)
    view = kiosk.window.exhibit.view
    assert isinstance(view, FallbackView)
    assert view.title.text() == "Dawn"
    assert view.message.text() == "This exhibit cannot be shown just now."
    assert kiosk.player.location == Location(Screen.EXHIBIT, 0, 1)
    assert "decoder on fire" in caplog.text


