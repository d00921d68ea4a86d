"""`kiosk run` wired to the rest: device settings, the store's active bundle, the system layer."""

from __future__ import annotations

import contextlib
import logging
import shutil
import socket
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk import paths
from kiosk.bundle.playable import PlayableBundle
from kiosk.play.navigation import HOME, Screen
from kiosk.play.player import IdleMode
from kiosk.settings import files as settings_files
from kiosk.settings.model import Settings, TourSettings
from kiosk.store import BundleFollower, Store
from kiosk.system import crashlog
from kiosk.system.startup import screen_index
from kiosk.ui import launch
from kiosk.ui.app import ErrorGuard, _load_or_raise, player_config
from kiosk.ui.following import StoreFollowing
from kiosk.ui.launch import run
from kiosk.ui.shell import KioskShell
from tests.ui.conftest import MEDIA_NOISE_PATTERNS, Kiosk
from tests.ui.test_app import FakeApp, arguments

# Offscreen, kiosk mode's window cannot be raised above others; a real display can.
pytestmark = pytest.mark.qt_log_ignore(*MEDIA_NOISE_PATTERNS, r"This plugin does not support raise\(\)")


# -- device settings ------------------------------------------------------------------------

def test_device_settings_become_the_players_config() -> None:
    settings = Settings(idle_timeout=45, still_there_seconds=5, language="fr", volume=30,
                        tour=TourSettings(enabled=True, text=11, image=12, gallery=13, article=14))
    config = player_config(arguments(), settings)
    assert (config.timings.idle_timeout, config.timings.still_there) == (45, 5)
    assert (config.dwell.text, config.dwell.image, config.dwell.gallery_image, config.dwell.article) == (11, 12, 13, 14)
    assert config.idle_mode is IdleMode.TOUR
    assert config.language == "fr"
    assert config.volume == pytest.approx(0.3)
    assert config.sessions is True


def test_the_command_line_wins_over_the_settings() -> None:
    settings = Settings(language="fr", tour=TourSettings(enabled=True))
    assert player_config(arguments(lang="ar"), settings).language == "ar"
    assert player_config(arguments(windowed=True), settings).idle_mode is IdleMode.ATTRACT, \
        "the archive viewer tours only when --tour says so"
    loaded = settings_files.LoadedSettings(Settings(screen=2), explicit={"screen": 2})
    assert screen_index(arguments(), loaded) == 2
    assert screen_index(arguments(screen=0), loaded) == 0
    assert screen_index(arguments(), settings_files.LoadedSettings(Settings())) is None


# -- following the store ----------------------------------------------------------------------

def _variant(source: Path, folder: Path, bundle_id: str) -> Path:
    shutil.copytree(source, folder)
    manifest = folder / "exhibition.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("id: tiny\n", f"id: {bundle_id}\n", 1),
                        encoding="utf-8")
    return folder


@pytest.fixture
def store_kiosk(tiny_bundle_path: Path, tmp_path: Path) -> Iterator[tuple[Store, KioskShell, Path]]:
    """A kiosk-mode shell playing bundle `tiny` from the store; yields it and bundle B's folder."""
    store = Store()
    store.install(_variant(tiny_bundle_path, tmp_path / "a", "tiny"))
    following = StoreFollowing(BundleFollower(store, load=_load_or_raise))
    bundle = following.follower.start()
    assert bundle is not None
    shell = KioskShell(player_config(arguments()), following=following, transition_ms=0)
    try:
        shell.show(bundle)
        yield store, shell, _variant(tiny_bundle_path, tmp_path / "b", "tiny-b")
    finally:
        shell.close()


def _shown_id(shell: KioskShell) -> str:
    assert shell.bundle is not None
    return shell.bundle.manifest.id


def test_a_new_active_bundle_plays_from_the_next_session_reset(store_kiosk, qtbot) -> None:
    store, shell, second = store_kiosk
    first_window = shell.window
    shell.player.touch()
    shell.player.open_exhibit(0, 0)
    store.install(second)
    assert shell.following is not None
    qtbot.waitUntil(lambda: shell.following.waiting is not None, timeout=15000)
    assert _shown_id(shell) == "tiny", "a visit in progress is never interrupted"
    assert shell.window is first_window
    shell.player.reset()
    qtbot.waitUntil(lambda: _shown_id(shell) == "tiny-b", timeout=5000)
    assert shell.window is not first_window
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert shown == [shell.window], "the old window is gone once the new one is up"
    assert shell.player.location.screen is Screen.ATTRACT


def test_a_new_bundle_that_fails_to_load_leaves_the_kiosk_as_it_was(store_kiosk, qtbot, caplog, monkeypatch) -> None:
    store, shell, second = store_kiosk
    follower = shell.following.follower

    def broken(path: Path) -> PlayableBundle:
        raise OSError(f"{path} is unreadable")

    follower.load = broken
    shell.player.touch()
    store.install(second)
    qtbot.waitUntil(lambda: not follower.pending() and not shell.following.loading, timeout=15000)
    looked: list[bool] = []
    look = shell._between_visits

    def noted_look() -> None:
        look()
        looked.append(True)

    monkeypatch.setattr(shell, "_between_visits", noted_look)  # the reset defers its look at the store
    shell.player.reset()
    qtbot.waitUntil(lambda: looked == [True])
    assert not shell.following.loading
    assert _shown_id(shell) == "tiny"
    assert "cannot switch to tiny-b" in caplog.text
    assert "staying on tiny" in caplog.text


# -- errors ---------------------------------------------------------------------------------

@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_is_logged_and_the_kiosk_goes_home(make_kiosk, qtbot, caplog) -> None:
    kiosk: Kiosk = make_kiosk()
    kiosk.player.touch()
    kiosk.player.open_exhibit(0, 1)
    guard = ErrorGuard(FakeApp(), kiosk.window)  # type: ignore[arg-type]

    def slot() -> None:
        raise RuntimeError("a bug in a slot")

    try:
        QTimer.singleShot(0, slot)
        qtbot.waitUntil(lambda: kiosk.player.location == HOME)
    finally:
        guard.close()
    assert "unexpected error: a bug in a slot" in caplog.text
    assert any(r.exc_info and r.exc_info[0] is RuntimeError for r in caplog.records)


def test_without_a_usable_display_the_kiosk_says_what_to_install(monkeypatch, capsys) -> None:
    monkeypatch.setattr(launch, "platform_advice", lambda: "Install them with:\n    sudo apt-get install libxcb-cursor0")
    assert run(arguments()) == 1
    assert "sudo apt-get install libxcb-cursor0" in capsys.readouterr().err


# -- the service manager and the crash record -------------------------------------------------

class Heard(list[str]):
    """What the fake service manager heard; `stopping` is set when it hears STOPPING=1."""

    def __init__(self) -> None:
        super().__init__()
        self.stopping = threading.Event()


@pytest.fixture
def notify_socket(monkeypatch: pytest.MonkeyPatch) -> Iterator[Heard]:
    """A fake service manager: a Unix datagram socket, read as systemd would; yields what it heard."""
    folder = Path(tempfile.mkdtemp(prefix="kn-"))  # a short path: Unix socket names are limited
    path = folder / "notify"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(str(path))
    listener.settimeout(0.1)
    heard = Heard()
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            with contextlib.suppress(TimeoutError):
                message = listener.recv(4096).decode()
                heard.append(message)
                if message == "STOPPING=1":
                    heard.stopping.set()

    reader = threading.Thread(target=read, name="fake-systemd")
    reader.start()
    monkeypatch.setenv("NOTIFY_SOCKET", str(path))
    monkeypatch.setenv("WATCHDOG_USEC", "200000")
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    try:
        yield heard
    finally:
        done.set()
        reader.join()
        listener.close()
        shutil.rmtree(folder, ignore_errors=True)


def test_the_service_manager_hears_ready_watchdog_and_stopping(tiny_bundle_path, notify_socket, caplog) -> None:
    settings_files.save(Settings(tour=TourSettings(enabled=True)))
    (paths.log_dir()).mkdir(parents=True, exist_ok=True)
    (paths.log_dir() / crashlog.FILENAME).write_text("Fatal Python error: Segmentation fault\n", encoding="utf-8")
    assert run(arguments(bundle=tiny_bundle_path, quit_after=1.0)) == 0
    assert notify_socket.stopping.wait(5), "the fake manager's thread hears the kiosk stopping"
    messages = list(notify_socket)
    assert "READY=1\nSTATUS=playing tiny 1" in messages
    assert "WATCHDOG=1" in messages
    assert messages[-1] == "STOPPING=1"
    assert messages.count("READY=1\nSTATUS=playing tiny 1") == 1
    startup = [r for r in caplog.records if getattr(r, "event", None) == "startup"]
    assert len(startup) == 1
    assert startup[0].fields["tour"] is True, "tour.enabled starts the tour"
    assert "the previous run crashed (Fatal Python error: Segmentation fault)" in caplog.text
    assert (paths.log_dir() / crashlog.FILENAME).read_text(encoding="utf-8") == "", "a clean exit leaves no record"
    assert "no admin PIN is set" in caplog.text
    assert not [h for h in logging.getLogger().handlers if getattr(h, "_kiosk_handler", False)]
