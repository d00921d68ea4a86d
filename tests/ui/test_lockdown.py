"""Kiosk mode: the whole screen, no way out for a visitor, no cursor."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.play.navigation import HOME, Location, Screen
from kiosk.ui.lockdown import Lockdown, is_blocked_key, pick_screen
from tests.ui.conftest import MEDIA_NOISE_PATTERNS, Kiosk

# The offscreen test platform cannot raise windows, and says so.
pytestmark = pytest.mark.qt_log_ignore(*MEDIA_NOISE_PATTERNS, r"This plugin does not support raise")


def locked_kiosk(make_kiosk, qtbot) -> tuple[Kiosk, Lockdown]:
    kiosk: Kiosk = make_kiosk()
    kiosk.window.locked = True
    lockdown = Lockdown(kiosk.window, pick_screen(None))
    lockdown.apply()
    lockdown.show()
    qtbot.waitExposed(kiosk.window)
    return kiosk, lockdown


def unlock(kiosk: Kiosk, lockdown: Lockdown) -> None:
    lockdown.release()
    kiosk.window.locked = False


def test_the_window_covers_its_screen_frameless_and_on_top(make_kiosk, qtbot) -> None:
    kiosk, lockdown = locked_kiosk(make_kiosk, qtbot)
    try:
        screen = QGuiApplication.primaryScreen()
        assert kiosk.window.geometry() == screen.geometry()
        flags = kiosk.window.windowFlags()
        assert flags & Qt.WindowType.FramelessWindowHint
        assert flags & Qt.WindowType.WindowStaysOnTopHint
        assert kiosk.window.isFullScreen()
        kiosk.window.resize(300, 200)
        lockdown.cover()
        assert kiosk.window.geometry() == screen.geometry()
    finally:
        unlock(kiosk, lockdown)


def test_close_requests_are_ignored(make_kiosk, qtbot, caplog) -> None:
    caplog.set_level(logging.INFO, logger="kiosk")
    kiosk, lockdown = locked_kiosk(make_kiosk, qtbot)
    try:
        assert kiosk.window.close() is False
        assert kiosk.window.isVisible()
        assert "request to close the kiosk was ignored" in caplog.text
    finally:
        unlock(kiosk, lockdown)


def test_escape_alt_f4_and_quit_keys_are_swallowed(make_kiosk, qtbot) -> None:
    kiosk, lockdown = locked_kiosk(make_kiosk, qtbot)
    try:
        kiosk.player.touch()
        kiosk.player.open_section(0)
        for key, modifiers in ((Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
                               (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
                               (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
                               (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)):
            QTest.keyClick(kiosk.window, key, modifiers)
            assert kiosk.window.isVisible()
            assert kiosk.player.location == Location(Screen.SECTION, 0), key
        QTest.keyClick(kiosk.window, Qt.Key.Key_Home)
        assert kiosk.player.location == HOME, "other keys still work"
    finally:
        unlock(kiosk, lockdown)


def test_blocked_keys() -> None:
    def key(code: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> QKeyEvent:
        return QKeyEvent(QEvent.Type.KeyPress, code, modifiers)

    assert is_blocked_key(key(Qt.Key.Key_Escape))
    assert is_blocked_key(key(Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier))
    assert not is_blocked_key(key(Qt.Key.Key_F4))
    assert not is_blocked_key(key(Qt.Key.Key_Q))
    assert not is_blocked_key(key(Qt.Key.Key_Left))


def test_the_cursor_is_hidden_and_comes_back(make_kiosk, qtbot) -> None:
    kiosk, lockdown = locked_kiosk(make_kiosk, qtbot)
    try:
        cursor = QApplication.overrideCursor()
        assert cursor is not None
        assert cursor.shape() == Qt.CursorShape.BlankCursor
    finally:
        unlock(kiosk, lockdown)
    assert QApplication.overrideCursor() is None


def test_without_a_session_bus_the_screensaver_is_left_alone_quietly(make_kiosk, qtbot, monkeypatch) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    kiosk: Kiosk = make_kiosk()
    lockdown = Lockdown(kiosk.window, pick_screen(None))
    lockdown.inhibit_screensaver()
    assert lockdown.inhibit_cookie is None


def test_an_unknown_screen_falls_back_to_the_primary(caplog) -> None:
    assert pick_screen(7) is QGuiApplication.primaryScreen()
    assert "there is no screen 7" in caplog.text
