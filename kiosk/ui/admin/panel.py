"""The admin panel: a full-window, touch-sized layer inside the kiosk window (never a desktop
dialog). On the left, the status and the volume; on the right, the installed bundles with
"Use" and "Roll back", and the actions: restart playback, reload settings, exit to the
desktop (which asks for a second tap). Every action goes to the desk (kiosk.ui.admin.desk),
which does it, logs it, and says what happened on the panel's message line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.admin.look import AdminLook, AdminOverlay, button, restyle, text
from kiosk.ui.i18n import say
from kiosk.ui.widgets import make_kinetic

VOLUME_SETTLE_MS = 400
EXIT_CONFIRM_MS = 4000
REFRESH_MS = 5000


@dataclass(frozen=True)
class BundleRow:
    """An installed version: `active` in the store, and whether it is the one `playing` now."""

    label: str
    ref: str
    active: bool
    playing: bool = False


class PanelDesk(Protocol):
    def status_rows(self) -> list[tuple[str, str]]: ...
    def fetch_bundle_rows(self, receiver: QObject, deliver: Callable[[list[BundleRow]], None]) -> None: ...
    def current_volume(self) -> int: ...
    def set_volume(self, volume: int) -> None: ...
    def use_bundle(self, ref: str) -> None: ...
    def rollback(self) -> None: ...
    def restart_playback(self) -> None: ...
    def reload_settings(self) -> None: ...
    def exit_to_desktop(self) -> None: ...
    def close_panel(self, reason: str) -> None: ...


class AdminPanel(AdminOverlay):
    """Signals: bundles_shown() each time the list of installed bundles, read off the GUI
    thread, has been put on the panel."""

    bundles_shown = Signal()

    def __init__(self, window: QWidget, look: AdminLook, language: str, desk: PanelDesk) -> None:
        super().__init__(window, look)
        self.setAccessibleName("admin panel")
        self.language = language
        self.desk = desk
        self._volume_timer = QTimer(self)
        self._volume_timer.setSingleShot(True)
        self._volume_timer.setInterval(VOLUME_SETTLE_MS)
        self._volume_timer.timeout.connect(self._volume_settled)
        self._exit_timer = QTimer(self)
        self._exit_timer.setSingleShot(True)
        self._exit_timer.setInterval(EXIT_CONFIRM_MS)
        self._exit_timer.timeout.connect(self._disarm_exit)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self.refresh_status)
        self.shown_rows: list[BundleRow] | None = None  # None until the first list has come
        self._build()

    def say(self, key: str, **values: object) -> str:
        return say(key, self.language, **values)

    # -- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        look = self.look
        self.title = text("title", self)
        self.title.setText(self.say("panel_title"))
        self.close_button = button(self.say("close"), self, "primary")
        self.close_button.clicked.connect(lambda: self.desk.close_panel("closed"))
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.close_button)
        left, right = self._build_status(), self._build_bundles()
        self.message = text("message", self)
        self.message.setMinimumHeight(look.px(44))
        columns = QHBoxLayout()
        columns.setSpacing(look.px(32))
        columns.addWidget(left, 11)
        columns.addWidget(right, 9)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(look.px(64), look.px(48), look.px(64), look.px(40))
        outer.setSpacing(look.px(24))
        outer.addLayout(header)
        outer.addLayout(columns, 1)
        outer.addWidget(self.message)

    def _build_status(self) -> QWidget:
        """The left card: the status readings, then the volume."""
        look = self.look
        left = self._card()
        status_heading = text("heading", left)
        status_heading.setText(self.say("status"))
        self.status_grid = QGridLayout()
        self.status_grid.setHorizontalSpacing(look.px(32))
        self.status_grid.setVerticalSpacing(look.px(10))
        self.status_labels: list[tuple[QLabel, QLabel]] = []
        volume_heading = text("heading", left)
        volume_heading.setText(self.say("volume"))
        self.volume_down = button("−", left)
        self.volume_down.setAccessibleName(f"{self.say('volume')} −")
        self.volume_up = button("+", left)
        self.volume_up.setAccessibleName(f"{self.say('volume')} +")
        self.volume = QSlider(Qt.Orientation.Horizontal, left)
        self.volume.setRange(0, 100)
        self.volume.setPageStep(10)
        self.volume.setAccessibleName(self.say("volume"))
        self.volume.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.volume_value = text("heading", left, wrap=False)
        self.volume_value.setMinimumWidth(look.px(80))
        self.volume_value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.volume_down.clicked.connect(lambda: self.volume.setValue(self.volume.value() - 5))
        self.volume_up.clicked.connect(lambda: self.volume.setValue(self.volume.value() + 5))
        self.volume.valueChanged.connect(self._volume_moved)
        volume_box = QWidget(left)
        volume_box.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # louder to the right in every language
        volume_row = QHBoxLayout(volume_box)
        volume_row.setContentsMargins(0, 0, 0, 0)
        volume_row.setSpacing(look.px(20))
        volume_row.addWidget(self.volume_down)
        volume_row.addWidget(self.volume, 1)
        volume_row.addWidget(self.volume_up)
        volume_row.addWidget(self.volume_value)
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(look.px(48), look.px(40), look.px(48), look.px(40))
        left_column.setSpacing(look.px(18))
        left_column.addWidget(status_heading)
        left_column.addLayout(self.status_grid)
        left_column.addStretch(1)
        left_column.addWidget(volume_heading)
        left_column.addWidget(volume_box)
        return left

    def _build_bundles(self) -> QWidget:
        """The right card: the installed bundles, then the actions."""
        look = self.look
        right = self._card()
        bundles_heading = text("heading", right)
        bundles_heading.setText(self.say("bundles"))
        self.bundle_list = QWidget()
        self.bundle_rows = QVBoxLayout(self.bundle_list)
        self.bundle_rows.setContentsMargins(0, 0, 0, 0)
        self.bundle_rows.setSpacing(look.px(12))
        scroll = QScrollArea(right)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.bundle_list)
        make_kinetic(scroll)
        self.rollback_button = button(self.say("rollback"), right)
        self.rollback_button.clicked.connect(self.desk.rollback)
        self.restart_button = button(self.say("restart"), right)
        self.restart_button.clicked.connect(self.desk.restart_playback)
        self.reload_button = button(self.say("reload"), right)
        self.reload_button.clicked.connect(self.desk.reload_settings)
        self.exit_button = button(self.say("exit"), right, "danger")
        self.exit_button.clicked.connect(self._exit_tapped)
        actions = QGridLayout()
        actions.setSpacing(look.px(16))
        actions.addWidget(self.rollback_button, 0, 0)
        actions.addWidget(self.restart_button, 0, 1)
        actions.addWidget(self.reload_button, 1, 0)
        actions.addWidget(self.exit_button, 1, 1)
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(look.px(48), look.px(40), look.px(48), look.px(40))
        right_column.setSpacing(look.px(18))
        right_column.addWidget(bundles_heading)
        right_column.addWidget(scroll, 1)
        right_column.addLayout(actions)
        return right

    def _card(self) -> QWidget:
        card = QWidget(self)
        card.setProperty("role", "card")
        card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        card.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        return card

    # -- showing -----------------------------------------------------------------------------

    def open(self) -> None:
        self.refresh()
        super().open()
        self._refresh_timer.start()

    def refresh(self) -> None:
        self.refresh_status()
        self._refresh_bundles()
        self.volume.blockSignals(True)
        self.volume.setValue(self.desk.current_volume())
        self.volume.blockSignals(False)
        self.volume_value.setText(str(self.volume.value()))

    def refresh_status(self) -> None:
        rows = self.desk.status_rows()
        parent = self.status_grid.parentWidget() or self
        while len(self.status_labels) < len(rows):
            name, value = text("muted", parent), text("body", parent, wrap=False)
            name.setAlignment(self.look.leading)
            value.setAlignment(self.look.leading)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            index = len(self.status_labels)
            self.status_grid.addWidget(name, index, 0, Qt.AlignmentFlag.AlignTop)
            self.status_grid.addWidget(value, index, 1)
            self.status_labels.append((name, value))
        for (name, value), (label, reading) in zip(self.status_labels, rows, strict=False):
            name.setText(label)
            value.setText(reading)
        self.status_grid.setColumnStretch(1, 1)

    def _refresh_bundles(self) -> None:
        """Ask for the installed bundles; they are read off the GUI thread and shown when they come."""
        self.desk.fetch_bundle_rows(self, self._show_bundles)

    def _show_bundles(self, rows: list[BundleRow]) -> None:
        while self.bundle_rows.count():
            item = self.bundle_rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        lines: list[QWidget] = [self._bundle_row(row) for row in rows]
        if not rows:
            empty = text("muted", self.bundle_list)
            empty.setText(self.say("no_bundles"))
            lines.append(empty)
        for line in lines:
            self.bundle_rows.addWidget(line)
            line.show()  # now, not at Qt's next turn: the list may come after the panel is up
        self.bundle_rows.addStretch(1)
        self.shown_rows = rows
        self.bundles_shown.emit()

    def set_store_busy(self, busy: bool) -> None:
        """While a store action runs, its buttons rest (one action at a time)."""
        self.bundle_list.setEnabled(not busy)
        self.rollback_button.setEnabled(not busy)

    def _bundle_row(self, row: BundleRow) -> QWidget:
        line = QWidget(self.bundle_list)
        layout = QHBoxLayout(line)
        layout.setContentsMargins(0, 0, 0, 0)
        name = text("body", line, wrap=False)
        name.setAlignment(self.look.leading)
        name.setText(row.label)
        layout.addWidget(name, 1)
        if row.playing or row.active:
            tag = text("message", line, wrap=False)
            tag.setText(self.say("playing" if row.playing else "active"))
            layout.addWidget(tag)
        if not row.active:
            use = button(self.say("use"), line)
            use.setAccessibleName(f"{self.say('use')} {row.label}")
            use.clicked.connect(lambda _=False, ref=row.ref: self.desk.use_bundle(ref))
            layout.addWidget(use)
        return line

    def show_message(self, message: str, *, warning: bool = False) -> None:
        self.message.setProperty("role", "warning" if warning else "message")
        restyle(self.message)
        self.message.setText(message)

    # -- volume and exit ------------------------------------------------------------------------

    def _volume_moved(self, value: int) -> None:
        self.volume_value.setText(str(value))
        self._volume_timer.start()

    def _volume_settled(self) -> None:
        self.desk.set_volume(self.volume.value())

    def _exit_tapped(self) -> None:
        if self.exit_button.property("armed") == "true":
            self._exit_timer.stop()
            self.desk.exit_to_desktop()
            return
        self.exit_button.setProperty("armed", "true")
        self.exit_button.setText(self.say("exit_confirm"))
        restyle(self.exit_button)
        self._exit_timer.start()

    def _disarm_exit(self) -> None:
        self.exit_button.setProperty("armed", "false")
        self.exit_button.setText(self.say("exit"))
        restyle(self.exit_button)

    def shut(self) -> None:
        """Stop the panel's timers before it goes; a volume still settling is saved first."""
        if self._volume_timer.isActive():
            self._volume_timer.stop()
            self._volume_settled()
        self._exit_timer.stop()
        self._refresh_timer.stop()
        self.hide()

    @property
    def buttons(self) -> list[QPushButton]:
        """The buttons on show (rows being replaced are hidden until Qt deletes them)."""
        return [b for b in self.findChildren(QPushButton) if b.isVisibleTo(self)]
