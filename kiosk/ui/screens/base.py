"""What every screen shares: the stage it plays on, and the hooks the window calls."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.bundle.declare import Localized
from kiosk.bundle.playable import PlayableBundle
from kiosk.play.player import Moved, Player
from kiosk.ui.i18n import say, say_count
from kiosk.ui.theme import Theme


@dataclass
class Stage:
    """The bundle, the player's brain and the current look, shared by all screens."""

    bundle: PlayableBundle
    player: Player
    theme: Theme
    windowed: bool = False
    # Build exhibit (section, index)'s view ahead of a likely tap (set by the window).
    prepare_exhibit: Callable[[int, int], None] | None = None

    @property
    def language(self) -> str:
        return self.player.settings.language

    def text(self, value: Localized | None) -> str:
        """Content in the visitor's language, else the bundle's languages in order."""
        return "" if value is None else value.get(self.language, self.bundle.manifest.languages)

    def say(self, key: str, **values: object) -> str:
        """An interface word in the visitor's language."""
        return say(key, self.language, **values)

    def say_count(self, key: str, n: int, **values: object) -> str:
        """A count in the visitor's language, in the plural form CLDR gives `n` there."""
        return say_count(key, n, self.language, **values)


def label(role: str, parent: QWidget, *, wrap: bool = True) -> QLabel:
    """A label styled by its role (hero, title, heading, body, muted, where, accent)."""
    widget = QLabel(parent)
    widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
    return widget


class Screen(QWidget):
    """One page of the player's stack."""

    def __init__(self, stage: Stage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.setProperty("screen", True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)

    def restyle(self) -> None:
        """The theme changed (screen size, text size, contrast): apply `stage.theme`."""

    def retranslate(self) -> None:
        """The visitor's language changed: show every text in `stage.language`."""

    def arrive(self, move: Moved) -> None:
        """This screen is about to become the one on show, for `move`."""

    def leave(self) -> None:
        """Another screen is taking over."""

    def reset(self) -> None:
        """The session ended: scroll positions, fields and media back to how they started."""

    def first_focus(self) -> QWidget | None:
        """Where keyboard focus goes when this screen appears."""
        return None
