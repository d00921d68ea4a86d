"""The admin panel behind its hidden gesture and PIN: opening it, the lockout, what its buttons
do, and a broken settings file that still ends in a running kiosk."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTouchEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from kiosk import paths
from kiosk.bundle.playable import PlayableBundle
from kiosk.play.navigation import Screen
from kiosk.play.player import IdleMode
from kiosk.play.session import Phase
from kiosk.settings import files as settings_files
from kiosk.settings.model import AttractSettings, Settings
from kiosk.store import BundleFollower, Store
from kiosk.store.durable import file_lock
from kiosk.ui import app as app_module
from kiosk.ui.admin.desk import EXIT_TO_DESKTOP
from kiosk.ui.admin.gesture import AdminGesture, GestureTimings
from kiosk.ui.app import _load_or_raise, player_config
from kiosk.ui.bidi import plain
from kiosk.ui.following import StoreFollowing
from kiosk.ui.i18n import interface_language
from kiosk.ui.launch import run
from tests.ui.admin.rig import FAST_HASH, PIN, Clock, Rig, close, enter, events, open_panel
from tests.ui.conftest import MEDIA_NOISE_PATTERNS
from tests.ui.test_app import arguments

pytestmark = pytest.mark.qt_log_ignore(*MEDIA_NOISE_PATTERNS, r"This plugin does not support raise\(\)")

# -- the way in -----------------------------------------------------------------------------------

def test_holding_the_top_left_then_tapping_the_top_right_opens_the_pin_pad(make_rig, qtbot) -> None:
    rig: Rig = make_rig()
    player = rig.shell.player
    assert player is not None
    assert player.location.screen is Screen.ATTRACT
    left = rig.point("left")
    rig.press(left)
    rig.gesture_clock.now += 3.2
    rig.release(left)
    QApplication.processEvents()
    assert player.location.screen is Screen.ATTRACT, "the hold did not wake the kiosk: visitors see nothing"
    assert player.phase is Phase.IDLE
    rig.gesture_clock.now += 1.5
    rig.press(rig.point("right"))
    rig.release(rig.point("right"))
    qtbot.waitUntil(lambda: rig.desk.pad is not None and rig.desk.pad.isVisible())
    assert rig.desk.pad.geometry() == rig.window.rect(), "the pad fills the kiosk window, never a dialog"
    assert rig.desk.pad.window() is rig.window


@pytest.mark.parametrize(("hold", "gap", "moved"), [(2.5, 1.0, 0), (3.1, 2.5, 0), (3.1, 1.0, 120)],
                         ids=["hold too short", "tap too late", "hold moved"])
def test_near_misses_do_not_open_it(make_rig, hold: float, gap: float, moved: int) -> None:
    rig: Rig = make_rig()
    rig.hold_then_tap(hold, gap, moved=moved)
    QApplication.processEvents()
    assert rig.desk.pad is None
    assert rig.desk.panel is None


def test_ctrl_alt_shift_k_opens_the_pin_pad(make_rig, qtbot) -> None:
    rig: Rig = make_rig()
    rig.admin_keys()
    qtbot.waitUntil(lambda: rig.desk.pad is not None)


class CornerWindow(QWidget):
    """A window with a button in each top corner, to see what reaches them."""

    def __init__(self) -> None:
        super().__init__()
        self.resize(800, 600)
        self.clicks: list[str] = []
        self.touches = 0
        for name, x in (("left", 0), ("right", 750)):
            button = QPushButton(name, self)
            button.setGeometry(x, 0, 50, 50)
            button.clicked.connect(lambda _=False, n=name: self.clicks.append(n))


@pytest.fixture
def corners(qtbot) -> Iterator[tuple[CornerWindow, AdminGesture, Clock, list[str]]]:
    window = CornerWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    clock = Clock(0.0)
    gesture = AdminGesture(lambda: window, timings=GestureTimings(hold_s=3.0, tap_within_s=2.0), clock=clock)
    heard: list[str] = []
    gesture.activated.connect(heard.append)
    yield window, gesture, clock, heard
    gesture.close()


def _mouse_tap(window: QWidget, clock: Clock, at: QPoint, hold: float = 0.1) -> None:
    handle = window.windowHandle()
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    clock.now += hold
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    QApplication.processEvents()


def _touch_tap(window: QWidget, clock: Clock, at: QPoint, hold: float = 0.1) -> None:
    handle = window.windowHandle()
    device = QTest.createTouchDevice()
    QTest.touchEvent(handle, device, False).press(0, at, handle).commit()
    clock.now += hold
    QTest.touchEvent(handle, device, False).release(0, at, handle).commit()
    QApplication.processEvents()


@pytest.mark.parametrize("tap", [_mouse_tap, _touch_tap], ids=["mouse", "touch"])
def test_a_tap_on_the_corner_still_presses_what_is_there_but_the_hold_does_not(corners, tap) -> None:
    window, _gesture, clock, heard = corners
    tap(window, clock, QPoint(20, 20))
    assert window.clicks == ["left"], "a plain tap is given back to the button under the corner"
    tap(window, clock, QPoint(20, 20), hold=3.2)
    assert window.clicks == ["left"], "the hold never reaches the button"
    clock.now += 1.0
    tap(window, clock, QPoint(780, 20))
    assert heard == ["gesture"]
    assert window.clicks == ["left"], "the opening tap is swallowed too"
    tap(window, clock, QPoint(780, 20))
    assert window.clicks == ["left", "right"], "unarmed, the right corner is an ordinary place"


def test_a_widget_that_takes_touches_itself_still_lets_the_gesture_through(corners, qtbot) -> None:
    window, _gesture, clock, heard = corners

    class TouchArea(QWidget):
        def __init__(self, parent: QWidget) -> None:
            super().__init__(parent)
            self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
            self.touched = 0

        def event(self, event) -> bool:
            if isinstance(event, QTouchEvent):
                self.touched += 1
                event.accept()
                return True
            return super().event(event)

    area = TouchArea(window)
    area.setGeometry(0, 0, 800, 600)
    area.show()
    _touch_tap(window, clock, QPoint(20, 20), hold=3.5)
    clock.now += 1.0
    _touch_tap(window, clock, QPoint(780, 20))
    assert heard == ["gesture"]
    assert area.touched >= 4, "the touches were timed, not taken from the widget"


def test_a_drag_from_the_corner_is_given_back_at_once(corners) -> None:
    window, _gesture, clock, heard = corners
    handle = window.windowHandle()
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(20, 20))
    pressed: list[bool] = []
    window.findChildren(QPushButton)[0].pressed.connect(lambda: pressed.append(True))
    QTest.mouseMove(handle, QPoint(30, 30))
    assert pressed == [], "a small wobble is still held back"
    QTest.mouseMove(handle, QPoint(200, 200))
    assert pressed == [True], "past the slop the press is delivered, and the drag follows"
    clock.now += 4
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(200, 200))
    assert heard == []


# -- the PIN ------------------------------------------------------------------------------------------

def test_the_right_pin_opens_the_panel(make_rig, qtbot, caplog) -> None:
    rig: Rig = make_rig()
    rig.admin_keys()
    qtbot.waitUntil(lambda: rig.desk.pad is not None)
    pad = rig.desk.pad
    assert min(k.width() for k in pad.digit_keys.values()) >= 80, "keys are big enough for a finger"
    qtbot.keyClicks(pad, "24")
    assert pad.dots.count == 2, "the entry shows as dots"
    qtbot.keyClick(pad, Qt.Key.Key_Backspace)
    qtbot.keyClick(pad, Qt.Key.Key_4)
    for digit in "68":
        qtbot.mouseClick(pad.digit_keys[digit], Qt.MouseButton.LeftButton)
    qtbot.keyClick(pad, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: rig.desk.panel is not None and rig.desk.panel.isVisible(), timeout=5000)
    assert rig.desk.pad is None
    assert [e["outcome"] for e in events(caplog, "admin_pin")] == ["right"]
    assert events(caplog, "admin_opened")[0]["how"] == "keyboard"


def test_wrong_pins_lock_the_pad_and_the_lock_survives_a_restart(make_rig, qtbot, wall: Clock, caplog) -> None:
    rig: Rig = make_rig()
    rig.admin_keys()
    qtbot.waitUntil(lambda: rig.desk.pad is not None)
    for attempt in range(5):
        enter(qtbot, rig, "1357")
        if attempt < 4:
            assert rig.desk.pad.message.text() == f"Wrong PIN. {4 - attempt} {'try' if attempt == 3 else 'tries'} left."
    pad = rig.desk.pad
    assert pad.message.text() == "Too many wrong PINs. Try again in 60 seconds."
    assert not pad.digit_keys["2"].isEnabled()
    assert events(caplog, "admin_pin")[-1]["outcome"] == "locked"
    close(rig)  # the kiosk crashes or is restarted

    wall.now += 15
    again: Rig = make_rig()
    again.admin_keys()
    qtbot.waitUntil(lambda: again.desk.pad is not None)
    pad = again.desk.pad
    assert pad.message.text() == "Too many wrong PINs. Try again in 45 seconds."
    qtbot.keyClicks(pad, PIN)
    assert pad.entry == "", "a locked pad takes no digits"
    wall.now += 45
    qtbot.waitUntil(pad.digit_keys["2"].isEnabled, timeout=2000)
    for _ in range(5):
        enter(qtbot, again, "9753")
    assert again.desk.pad.message.text() == "Too many wrong PINs. Try again in 120 seconds.", "the lock doubles"


def test_the_pin_set_from_a_pipe_is_stored_only_as_a_hash_and_opens_the_pad(make_rig, qtbot) -> None:
    result = subprocess.run([sys.executable, "-m", "kiosk", "set-pin"], input="802417\n802417\n", text=True,
                            capture_output=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    stored = settings_files.settings_path().read_bytes()
    assert b"802417" not in stored
    assert re.search(rb"admin_pin: pbkdf2_sha256\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+", stored)
    rig: Rig = make_rig(settings=settings_files.load().settings)
    rig.admin_keys()
    qtbot.waitUntil(lambda: rig.desk.pad is not None)
    enter(qtbot, rig, "802417")
    qtbot.waitUntil(lambda: rig.desk.panel is not None, timeout=5000)


def test_without_a_pin_kiosk_mode_never_opens_the_panel(make_rig, caplog) -> None:
    rig: Rig = make_rig(pin=None)
    rig.admin_keys()
    rig.hold_then_tap()
    QApplication.processEvents()
    assert rig.desk.pad is None
    assert rig.desk.panel is None
    assert [e["how"] for e in events(caplog, "admin_refused")] == ["keyboard"], \
        "without a PIN the corners are not even watched"


def test_without_a_pin_the_archive_viewer_opens_the_panel_from_the_keyboard(make_rig, qtbot) -> None:
    rig: Rig = make_rig(pin=None, windowed=True)
    rig.hold_then_tap()
    QApplication.processEvents()
    assert rig.desk.panel is None
    rig.admin_keys()
    qtbot.waitUntil(lambda: rig.desk.panel is not None)


# -- the panel ----------------------------------------------------------------------------------------

def test_the_volume_set_in_the_panel_is_applied_and_survives_a_restart(make_rig, qtbot, caplog) -> None:
    settings_files.save(Settings(admin_pin=FAST_HASH, language="en"))
    rig: Rig = make_rig(settings=settings_files.load().settings)
    open_panel(qtbot, rig)
    panel = rig.desk.panel
    assert panel.volume.value() == 80
    panel.volume.setValue(35)
    qtbot.waitUntil(lambda: rig.desk.settings.volume == 35, timeout=3000)
    assert rig.shell.player.settings.volume == pytest.approx(0.35), "applied now"
    assert rig.shell.config.volume == pytest.approx(0.35), "and to the next bundle's player"
    assert panel.message.text() == "Volume 35 saved."
    assert events(caplog, "admin_action")[-1]["action"] == "volume"
    result = subprocess.run([sys.executable, "-m", "kiosk", "config", "get", "volume"], capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.stdout.strip() == "35", "another process reads it from kiosk.yaml"
    restarted = settings_files.load()
    assert restarted.settings.volume == 35
    assert (restarted.settings.admin_pin, restarted.settings.language) == (FAST_HASH, "en"), \
        "the rest of the file is kept"
    assert player_config(arguments(), restarted.settings).volume == pytest.approx(0.35)


@pytest.fixture
def two_bundles(tiny_bundle_path: Path, tmp_path: Path) -> tuple[Store, StoreFollowing, PlayableBundle]:
    store = Store()
    for folder, bundle_id in (("a", "tiny"), ("b", "tiny-b")):
        copy = tmp_path / folder
        shutil.copytree(tiny_bundle_path, copy)
        manifest = copy / "exhibition.yaml"
        manifest.write_text(manifest.read_text(encoding="utf-8").replace("id: tiny\n", f"id: {bundle_id}\n", 1),
                            encoding="utf-8")
        store.install(copy)
    store.use("tiny")
    following = StoreFollowing(BundleFollower(store, load=_load_or_raise))
    bundle = following.follower.start()
    assert bundle is not None
    return store, following, bundle


def test_switching_bundles_and_rolling_back_from_the_panel(make_rig, qtbot, two_bundles, caplog) -> None:
    store, following, bundle = two_bundles
    rig: Rig = make_rig(following=following, bundle=bundle)
    open_panel(qtbot, rig)
    rows = rig.desk.bundle_rows()
    assert [(row.label, row.active, row.playing) for row in rows] == [("tiny@1", True, True),
                                                                       ("tiny-b@1", False, False)]
    use = [b for b in rig.desk.panel.buttons if b.accessibleName() == "Use tiny-b@1"]
    assert len(use) == 1
    qtbot.mouseClick(use[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rig.shell.bundle.manifest.id == "tiny-b", timeout=15000)
    assert rig.desk.panel is None, "the panel gives way to the new bundle"
    assert rig.shell.player.location.screen is Screen.ATTRACT
    assert store.active().id == "tiny-b"
    open_panel(qtbot, rig)
    qtbot.mouseClick(rig.desk.panel.rollback_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rig.shell.bundle.manifest.id == "tiny", timeout=15000)
    assert [e["action"] for e in events(caplog, "admin_action")] == ["use", "rollback"]
    open_panel(qtbot, rig)
    with qtbot.waitSignal(rig.desk.store_action_done, timeout=10000) as answered:
        rig.desk.rollback()
    assert answered.args == ["rollback", False]
    assert plain(rig.desk.panel.message.text()).startswith("Not done: there is nothing to roll back to")


def test_the_gui_thread_does_not_wait_for_the_store_lock(make_rig, qtbot, two_bundles) -> None:
    """An install elsewhere holds the store's lock: "Use" answers at once and switches later."""
    store, following, bundle = two_bundles
    rig: Rig = make_rig(following=following, bundle=bundle)
    open_panel(qtbot, rig)
    held, release = threading.Event(), threading.Event()

    def install_elsewhere() -> None:
        with file_lock(store.root / "lock"):  # another open file: flock makes it a separate holder
            held.set()
            release.wait(30)

    holder = threading.Thread(target=install_elsewhere, daemon=True)
    holder.start()
    assert held.wait(10)
    safety = threading.Timer(10, release.set)  # if the GUI thread did wait, it gets out eventually
    safety.start()
    try:
        rig.desk.use_bundle(store.find("tiny-b").ref)
        assert not release.is_set(), "use_bundle returned while the lock was still held"
        assert rig.desk.store_busy
        assert not rig.desk.panel.rollback_button.isEnabled(), "the store's buttons rest meanwhile"
        rig.desk.rollback()  # a second tap while the first runs does nothing
        assert store.active().id == "tiny"
    finally:
        safety.cancel()
    with qtbot.waitSignal(rig.desk.store_action_done, timeout=10000) as answered:
        release.set()
    holder.join(10)
    assert answered.args == ["use", True]
    assert store.active().id == "tiny-b"
    qtbot.waitUntil(lambda: rig.shell.bundle.manifest.id == "tiny-b", timeout=15000)


def test_a_pinned_bundle_says_the_switch_waits(make_rig, qtbot, two_bundles) -> None:
    store, following, bundle = two_bundles
    following.close()  # this kiosk plays a named bundle and does not follow the store
    rig: Rig = make_rig(bundle=bundle)
    open_panel(qtbot, rig)
    with qtbot.waitSignal(rig.desk.store_action_done, timeout=10000) as answered:
        rig.desk.use_bundle(store.find("tiny-b").ref)
    assert answered.args == ["use", True]
    assert store.active().id == "tiny-b"
    rows = rig.desk.bundle_rows()
    assert [(row.label, row.active, row.playing) for row in rows] == [("tiny@1", False, True),
                                                                       ("tiny-b@1", True, False)]
    assert "plays a fixed bundle" in rig.desk.panel.message.text()
    assert rig.shell.bundle.manifest.id == "tiny"


def test_restart_playback_starts_a_new_visit(make_rig, qtbot) -> None:
    rig: Rig = make_rig()
    open_panel(qtbot, rig)
    rig.shell.player.open_exhibit(0, 1)
    qtbot.mouseClick(rig.desk.panel.restart_button, Qt.MouseButton.LeftButton)
    assert rig.desk.panel is None
    assert rig.shell.player.location.screen is Screen.ATTRACT
    assert rig.shell.player.phase is Phase.IDLE


def test_reload_settings_applies_what_it_can_and_names_the_rest(make_rig, qtbot, caplog) -> None:
    rig: Rig = make_rig()
    settings_files.save(Settings(admin_pin=FAST_HASH, idle_timeout=30, volume=60, cursor="shown",
                                 attract=AttractSettings(enabled=False)))
    open_panel(qtbot, rig)
    qtbot.mouseClick(rig.desk.panel.reload_button, Qt.MouseButton.LeftButton)
    player = rig.shell.player
    assert player.session.timings.idle_timeout == 30
    assert player.config.idle_mode is IdleMode.HOME
    assert player.settings.volume == pytest.approx(0.6)
    assert plain(rig.desk.panel.message.text()) == "Settings reloaded. After a restart: cursor"
    assert events(caplog, "admin_action")[-1]["after_restart"] == ["cursor"]


def test_exit_asks_for_a_second_tap_then_leaves_with_status_3(make_rig, qtbot, caplog) -> None:
    rig: Rig = make_rig()
    open_panel(qtbot, rig)
    exit_button = rig.desk.panel.exit_button
    qtbot.mouseClick(exit_button, Qt.MouseButton.LeftButton)
    assert rig.quits == []
    assert exit_button.text() == "Tap again to exit"
    qtbot.mouseClick(exit_button, Qt.MouseButton.LeftButton)
    assert rig.quits == [EXIT_TO_DESKTOP]
    assert rig.desk.panel is None
    assert events(caplog, "admin_action")[-1] == {"action": "exit", "ok": True, "status": 3,
                                                   "message": "leaving kiosk mode for the desktop from the admin panel"}


def test_the_panel_closes_itself_when_left_alone_and_at_a_session_reset(make_rig, qtbot, caplog) -> None:
    rig: Rig = make_rig(panel_idle_ms=300)
    open_panel(qtbot, rig)
    qtbot.waitUntil(lambda: rig.desk.panel is None, timeout=3000)
    assert events(caplog, "admin_closed")[-1]["reason"] == "idle"
    rig.desk.idle.setInterval(60_000)
    open_panel(qtbot, rig)
    rig.shell.player.reset()
    qtbot.waitUntil(lambda: rig.desk.panel is None, timeout=3000)
    assert events(caplog, "admin_closed")[-1]["reason"] == "reset"


def test_the_status_says_what_a_technician_needs(make_rig, qtbot) -> None:
    rig: Rig = make_rig(errors=lambda: 2)
    rows = dict(rig.desk.status_rows())
    assert rows["Bundle"] == "tiny 1"
    assert rows["Last update check"] == "off"
    assert rows["Last update"] == "off"
    assert rows["Errors since start"] == "2"
    assert re.fullmatch(r"\d+\.\d GB", rows["Free disk"])
    assert rows["Running for"] == "0 h 0 min"
    assert rows["Opening hours"] == "always open"

    @dataclass
    class Outcome:
        when: datetime
        status: str
        bundle: str | None = None

    class Updates:
        last_check = Outcome(datetime(2026, 5, 1, 14, 3), "unchanged")
        last_update = None

        def close(self) -> None:
            pass

    rig.shell.updates = Updates()  # type: ignore[assignment]
    rows = dict(rig.desk.status_rows())
    assert rows["Last update check"] == "\u20682026-05-01 14:03\u2069 · \u2068unchanged\u2069"  # parts isolated
    assert rows["Last update"] == "never"


def test_the_panel_speaks_the_kiosks_language_not_the_visitors(make_rig, qtbot) -> None:
    rig: Rig = make_rig(settings=Settings(admin_pin=FAST_HASH, language="ar"))
    rig.shell.player.set_language("fr")
    open_panel(qtbot, rig)
    panel = rig.desk.panel
    assert panel.title.text() == "لوحة الإدارة"
    assert panel.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert interface_language("nl") == "en"
    assert interface_language("zh-Hans") == "zh"


# -- a broken settings file still ends in a running kiosk ---------------------------------------------------

@pytest.mark.parametrize(("content", "problem"), [
    (b"idle_timeout: [1\n", ":2:1: YAML syntax"),
    (b"volume: loud\n", ":1:9: volume: expected a whole number"),
    (b"volume: 250\n", ":1:9: volume: 250 is out of range"),
    (b"idel_timeout: 30\n", ":1:1: idel_timeout: unknown key"),
    (b"", ": the file is empty"),
    (b"\x00\x9f\x92\x96 binary junk", ":1: this is binary data"),
    (b"schema_version: 0\n", ":1:17: schema_version: there is no schema version 0"),
    (b"schema_version: -1\n", ":1:17: schema_version: there is no schema version -1"),
    (b"schema_version: x\n", ":1:17: schema_version: expected a whole number, got the text 'x'"),
    (b"schema_version: 999\n", ":1:17: schema_version: this file is from a newer kiosk (schema version 999;"),
], ids=["bad yaml", "wrong type", "out of range", "unknown key", "empty", "binary junk", "schema 0", "schema -1",
        "schema x", "schema 999"])
def test_a_broken_settings_file_ends_in_a_running_kiosk(tiny_bundle_path: Path, caplog, monkeypatch, content: bytes,
                                                       problem: str) -> None:
    path = settings_files.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    ran_with: list[Settings] = []

    def spy(args: Any, settings: Settings | None = None) -> Any:
        ran_with.append(settings)
        return player_config(args, settings)

    monkeypatch.setattr(app_module, "player_config", spy)
    with caplog.at_level(logging.INFO):
        assert run(arguments(bundle=tiny_bundle_path, quit_after=0.3)) == 0
    assert ran_with[0] == Settings(), "the kiosk ran on the defaults"
    startup = events(caplog, "startup")
    assert len(startup) == 1, "the kiosk painted its first frame"
    assert startup[0]["mode"] == "kiosk"
    assert any(problem in message and message.startswith(str(path)) for message in caplog.messages)
    backups = list(path.parent.glob("kiosk.yaml.bak-*"))
    assert [b.read_bytes() for b in backups] == [content]
    assert paths.config_dir() == path.parent


def test_with_the_attract_loop_off_the_running_kiosk_waits_at_home(tiny_bundle_path: Path, caplog) -> None:
    settings_files.save(Settings(attract=AttractSettings(enabled=False)))
    assert player_config(arguments(), settings_files.load().settings).idle_mode is IdleMode.HOME
    with caplog.at_level(logging.INFO):
        assert run(arguments(bundle=tiny_bundle_path, quit_after=0.3)) == 0
    shown = events(caplog, "screen_shown")
    assert [(e["screen"], e["cause"]) for e in shown] == [("home", "start")]
    assert "attract.enabled" not in caplog.text, "the old warning is gone: the setting works"
