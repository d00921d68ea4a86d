"""Kiosk mode: the window covers its screen, stays on top, and cannot be closed by a visitor.

- Geometry is set to the screen's own, because with no window manager (a bare X server,
  the usual kiosk) `showFullScreen()` alone leaves the window at its default size; and it
  follows the screen if its resolution changes.
- Close requests (Alt+F4 through a window manager, a session logout) are ignored by the
  window; Escape, Alt+F4, Ctrl+Q and Ctrl+W are swallowed before any widget sees them.
- The mouse cursor is hidden.
- The screen saver is inhibited over D-Bus (org.freedesktop.ScreenSaver) where a desktop
  offers it; where none does, nothing is said beyond a debug line.
The only way out is the admin panel behind its PIN (kiosk/ui/admin); `--windowed` is the closable mode.
"""

from __future__ import annotations

import functools
import logging

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QScreen
from PySide6.QtWidgets import QWidget

from kiosk.ui import input_hub

log = logging.getLogger("kiosk.lockdown")

@functools.cache
def _blocked_keys() -> frozenset[tuple[int, int]]:
    # Built on first use: Qt's key enum is large, and its first use costs startup time.
    keys = Qt.Key
    modifier = Qt.KeyboardModifier
    return frozenset((int(key.value), int(mods.value)) for key, mods in (
        (keys.Key_Escape, modifier.NoModifier),
        (keys.Key_F4, modifier.AltModifier),
        (keys.Key_Q, modifier.ControlModifier),
        (keys.Key_W, modifier.ControlModifier),
    ))


def is_blocked_key(event: QKeyEvent) -> bool:
    modifiers = event.modifiers() & (
        Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier
        | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier)
    return (int(event.key()), int(modifiers.value)) in _blocked_keys()


def pick_screen(index: int | None, *, quiet: bool = False) -> QScreen:
    """The display with this index, else the primary one (with a warning, unless `quiet`)."""
    screens = QGuiApplication.screens()
    if index is not None:
        if 0 <= index < len(screens):
            return screens[index]
        if not quiet:
            log.warning("there is no screen %d (%d found); using the primary screen", index, len(screens))
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        raise RuntimeError("no screen is available")
    return screen


class _KeyGuard(QObject):
    def hear(self, watched: QObject, event: QEvent) -> bool:
        """The application's input (kiosk.ui.input_hub); blocked keys are swallowed."""
        del watched
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride, QEvent.Type.KeyRelease) \
                and is_blocked_key(event):  # type: ignore[arg-type]
            if event.type() == QEvent.Type.KeyPress:
                log.info("kiosk mode: ignored key %s", event.keyCombination().toCombined())  # type: ignore[attr-defined]
            return True
        return False


class Lockdown(QObject):
    """Puts `window` into kiosk mode on `screen`; `release()` undoes what can be undone."""

    def __init__(self, window: QWidget, screen: QScreen) -> None:
        super().__init__(window)
        self.window = window
        self.screen = screen
        self.inhibit_cookie: int | None = None
        self._guard = _KeyGuard(self)
        self._cursor_hidden = False

    def apply(self) -> None:
        window = self.window
        window.setWindowFlags(window.windowFlags() | Qt.WindowType.FramelessWindowHint
                              | Qt.WindowType.WindowStaysOnTopHint)
        window.setWindowState(Qt.WindowState.WindowFullScreen)
        self.cover()
        self.screen.geometryChanged.connect(self.cover)
        input_hub.listen(self._guard, self._guard.hear, input_hub.RANK_BLOCKED_KEYS)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
        self._cursor_hidden = True
        self.inhibit_screensaver()

    def cover(self) -> None:
        """Make the window exactly as large as its screen, where the screen is."""
        geometry = self.screen.geometry()
        handle = self.window.windowHandle()
        if handle is not None:
            handle.setScreen(self.screen)
        self.window.setGeometry(geometry)
        log.debug("kiosk window covers %dx%d+%d+%d", geometry.width(), geometry.height(), geometry.x(),
                  geometry.y())

    def show(self) -> None:
        self.window.showFullScreen()
        self.cover()
        self.window.raise_()
        self.window.activateWindow()

    def inhibit_screensaver(self) -> None:
        try:
            from PySide6.QtDBus import QDBusConnection, QDBusInterface
        except ImportError:
            log.debug("no QtDBus; the screen saver is left to the system's settings")
            return
        bus = QDBusConnection.sessionBus()
        if not bus.isConnected():
            log.debug("no D-Bus session bus; the screen saver is left to the system's settings")
            return
        interface = QDBusInterface("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver",
                                   "org.freedesktop.ScreenSaver", bus)
        if not interface.isValid():
            log.debug("no org.freedesktop.ScreenSaver on the session bus")
            return
        reply = interface.call("Inhibit", "kiosk", "An exhibition is playing")
        arguments = reply.arguments()
        if arguments and isinstance(arguments[0], int):
            self.inhibit_cookie = arguments[0]
            log.info("screen saver inhibited")
        else:
            log.debug("the screen saver could not be inhibited: %s", reply.errorMessage())

    def release(self) -> None:
        input_hub.stop(self._guard)
        if self._cursor_hidden:
            QGuiApplication.restoreOverrideCursor()
            self._cursor_hidden = False
        if self.inhibit_cookie is not None:
            try:
                from PySide6.QtDBus import QDBusConnection, QDBusInterface

                QDBusInterface("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver",
                               "org.freedesktop.ScreenSaver", QDBusConnection.sessionBus()
                               ).call("UnInhibit", self.inhibit_cookie)
            except ImportError:
                pass
            self.inhibit_cookie = None
