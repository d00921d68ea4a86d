"""The accessibility menu: a button in the same corner of every screen but the attract loop,
and a panel laid over the window (never a separate dialog) with what a visitor may change.

    text size       100 %, 125 % or 150 %, everything reflowing at once
    high contrast   white on black, the accent in yellow
    captions        on or off, for every sound and film
    volume          − and +, or the slider
    language        the bundle's languages, each named in itself
    transcript      on a sound or film: its words as text to scroll through
    read aloud      on a page or picture: the bundle's recording, else a machine voice (or why not)

Every change goes through the player (`Player.change_settings`), whose `SettingsChanged`
restyles the whole window while the visitor stays where they are, and all of it returns to
the defaults when the visit ends. The menu listens to the player itself: it moves its button
into the slot of the screen on show, and closes when the visit ends.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QWidget

from kiosk.play.navigation import Screen as Place
from kiosk.play.player import Moved, PlayerEvent, SettingsChanged
from kiosk.ui.a11y.slot import BUTTON_NAME, AccessSlot
from kiosk.ui.i18n import say
from kiosk.ui.screens.base import Stage
from kiosk.ui.widgets import Icon, IconButton

if TYPE_CHECKING:  # built when first opened, not on the first frame's path
    from kiosk.bundle.model import Exhibit
    from kiosk.ui.a11y.panel import AccessPanel


class AccessButton(IconButton):
    """The corner button that opens the menu: the accessibility figure and the word."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Icon.ACCESS, "", parent)
        self.setObjectName(BUTTON_NAME)


class AccessMenu(QObject):
    """The button and the panel, kept in step with the player's events."""

    def __init__(self, stage: Stage, window: QWidget, current_screen: Callable[[], QWidget | None]) -> None:
        super().__init__(window)
        self.stage = stage
        self.window = window
        self._current_screen = current_screen
        self.button = AccessButton(window)
        self.button.hide()
        self.button.clicked.connect(self.open)
        self._panel: AccessPanel | None = None
        self._exhibit: Exhibit | None = None
        self.restyle()
        self.retranslate()
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.window and event.type() == QEvent.Type.Resize:
            # After the window's own handler has sized its theme to the new window.
            QTimer.singleShot(0, self, self._follow_theme)
        return False

    def _follow_theme(self) -> None:
        if self.stage.theme != self._styled_with:
            self.restyle()

    @property
    def panel(self) -> AccessPanel:
        """The panel, built when first needed (opened, or asked for)."""
        if self._panel is None:
            from kiosk.ui.a11y.panel import AccessPanel

            self._panel = AccessPanel(self.stage, self.window)
            self._panel.on_close = self._closed
            self._panel.restyle()
            self._panel.retranslate()
            self._panel.set_exhibit(self._exhibit)
        return self._panel

    @property
    def is_open(self) -> bool:
        return self._panel is not None and self._panel.is_open

    def open(self) -> None:
        self.panel.open_menu()

    def close(self) -> None:
        if self._panel is not None:
            self._panel.close_menu()

    def _closed(self) -> None:
        if self.button.isVisible():
            self.button.setFocus(Qt.FocusReason.PopupFocusReason)

    def on_player_event(self, event: PlayerEvent) -> None:
        """Called after the window has handled the same event."""
        if isinstance(event, Moved):
            self._moved(event)
        elif isinstance(event, SettingsChanged):
            if event.reset and self._panel is not None:
                self._panel.reset()
            self._follow_theme()
            self.retranslate()

    def _moved(self, move: Moved) -> None:
        place = move.location
        self.place_button()
        if place.screen is Place.ATTRACT and self._panel is not None:
            self._panel.reset()
        exhibit = None
        if place.screen is Place.EXHIBIT and place.section is not None and place.exhibit is not None:
            exhibit = self.stage.bundle.manifest.sections[place.section].exhibits[place.exhibit]
        self._exhibit = exhibit
        if self._panel is not None:
            self._panel.set_exhibit(exhibit)

    def place_button(self) -> None:
        """Into the slot of the screen on show; hidden where a screen has none (the attract loop)."""
        screen = self._current_screen()
        slot = screen.findChild(AccessSlot) if screen is not None else None
        if slot is None:
            self.button.hide()
            return
        slot.hold(self.button)

    def restyle(self) -> None:
        self._styled_with = self.stage.theme
        self.button.set_theme(self.stage.theme)
        if self._panel is not None:
            self._panel.restyle()

    def retranslate(self) -> None:
        language = self.stage.language
        self.button.setText(say("accessibility", language))
        self.button.setAccessibleDescription(say("accessibility_desc", language))
        if self._panel is not None:
            self._panel.retranslate()
