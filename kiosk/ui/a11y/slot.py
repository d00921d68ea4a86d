"""The place in a screen's top bar where the accessibility button sits.

There is one button for the whole window; each screen's top bar (the shared header, and
home's title row) holds an `AccessSlot`, and the window moves the button into the slot of
the screen on show. The button so stays in the same corner of every screen, and it takes
its place in that screen's layout and reading order like any other control. An empty slot
keeps the button's size, so a screen is laid out the same before and after it arrives.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QWidget

BUTTON_NAME = "AccessButton"


class AccessSlot(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._button: QWidget | None = None
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def hold(self, button: QWidget) -> None:
        """Take `button` in (from whichever slot had it)."""
        self._button = button
        if button.parentWidget() is not self:
            self._layout.addWidget(button)
        button.show()

    @property
    def holding(self) -> bool:
        return self._layout.count() > 0

    def button(self) -> QWidget | None:
        """The window's accessibility button, wherever it is now."""
        if self._button is None or not shiboken6.isValid(self._button):
            self._button = self.window().findChild(QWidget, BUTTON_NAME)
        return self._button

    def sizeHint(self) -> QSize:  # noqa: N802
        button = self.button()
        return button.sizeHint() if button is not None else QSize(0, 0)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()
