"""The touch PIN pad in front of the admin panel.

Big round digit keys, the entry shown only as dots, Delete, Clear, OK and Cancel; a
keyboard's digits, Backspace, Enter and Escape work too. The PIN is checked against the
stored PBKDF2 hash on a worker thread (it is slow on purpose) while the pad says
"Checking…". Wrong PINs count towards the lockout (`kiosk.play.lockout`); while locked, the
keys are off and the pad counts the seconds down.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.background import WorkPool
from kiosk.play.lockout import PinLockout
from kiosk.settings.pin import verify_pin
from kiosk.ui.admin.look import ACCENT, MUTED, AdminLook, AdminOverlay, button, text
from kiosk.ui.background import run_for
from kiosk.ui.i18n import say, say_count

MAX_DIGITS = 12
LOCK_TICK_MS = 500
PIN_CHECKS = WorkPool("kiosk-pin-check")  # PBKDF2 is slow on purpose
_DIGIT_KEYS = {getattr(Qt.Key, f"Key_{n}"): str(n) for n in range(10)}


class PinDots(QWidget):
    """The entry as dots: filled for each digit typed, outlined up to four."""

    def __init__(self, look: AdminLook, parent: QWidget) -> None:
        super().__init__(parent)
        self.look = look
        self.count = 0
        self.setAccessibleName("PIN entry")
        self.setMinimumHeight(look.px(48))

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.look.px(12 * 52), self.look.px(48))

    def set_count(self, count: int) -> None:
        self.count = count
        self.setAccessibleDescription(f"{count} digits")
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        shown = max(4, self.count)
        size, gap = self.look.px(26), self.look.px(22)
        width = shown * size + (shown - 1) * gap
        x = (self.width() - width) / 2
        y = (self.height() - size) / 2
        for index in range(shown):
            box = QRectF(x + index * (size + gap), y, size, size)
            if index < self.count:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(ACCENT))
            else:
                painter.setPen(QPen(QColor(MUTED), max(2, self.look.px(3))))
                painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(box)


class PinPad(AdminOverlay):
    """Signals: accepted() for the right PIN; cancelled(); wrong(int attempts_left, float lock_seconds)."""

    accepted = Signal()
    cancelled = Signal()
    wrong = Signal(int, float)

    def __init__(self, window: QWidget, look: AdminLook, language: str, stored_hash: str, lockout: PinLockout,
                 *, verify: Callable[[str, str], bool] = verify_pin) -> None:
        super().__init__(window, look)
        self.setAccessibleName("admin PIN pad")
        self.language = language
        self.stored_hash = stored_hash
        self.lockout = lockout
        self.verify = verify
        self.entry = ""
        self.checking = False
        self._ticket = 0
        self._lock_timer = QTimer(self)
        self._lock_timer.setInterval(LOCK_TICK_MS)
        self._lock_timer.timeout.connect(self._show_lock)
        self._build()
        self._show_lock()

    # -- building ---------------------------------------------------------------------------

    def _build(self) -> None:
        look, words = self.look, self.language
        card = QWidget(self)
        card.setProperty("role", "card")
        card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        card.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.title = text("title", card)
        self.title.setText(say("pin_title", words))
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prompt = text("muted", card)
        self.prompt.setText(say("pin_prompt", words))
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots = PinDots(look, card)
        self.message = text("warning", card)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setMinimumHeight(look.px(48))

        keys = self._build_keys(card)
        self.clear_button = button(say("clear", words), card)
        self.clear_button.clicked.connect(self.clear)
        self.cancel_button = button(say("cancel", words), card)
        self.cancel_button.clicked.connect(self.cancel)
        bottom = QHBoxLayout()
        bottom.setSpacing(look.px(22))
        bottom.addWidget(self.clear_button)
        bottom.addWidget(self.cancel_button)

        column = QVBoxLayout(card)
        column.setContentsMargins(look.px(56), look.px(36), look.px(56), look.px(36))
        column.setSpacing(look.px(10))
        column.addWidget(self.title)
        column.addWidget(self.prompt)
        column.addWidget(self.dots)
        column.addWidget(self.message)
        column.addWidget(keys, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addSpacing(look.px(12))
        column.addLayout(bottom)
        width = 3 * look.key_px + 2 * look.px(20) + 2 * look.px(56)
        card.setFixedWidth(max(width, look.px(720)))
        card.adjustSize()

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)

    def _build_keys(self, card: QWidget) -> QWidget:
        look, words = self.look, self.language
        keys = QWidget(card)
        keys.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # a keypad reads 1-2-3 in every language
        grid = QGridLayout(keys)
        grid.setSpacing(look.px(16))
        grid.setHorizontalSpacing(look.px(20))
        grid.setContentsMargins(0, 0, 0, 0)
        self.digit_keys: dict[str, QPushButton] = {}
        for index, digit in enumerate("1234567890"):
            key = button(digit, keys, "key")
            key.clicked.connect(lambda _=False, d=digit: self.press_digit(d))
            self.digit_keys[digit] = key
            row, column = (index // 3, index % 3) if digit != "0" else (3, 1)
            grid.addWidget(key, row, column)
        self.delete_key = button("⌫", keys, "key")
        self.delete_key.setAccessibleName(say("delete", words))
        self.delete_key.clicked.connect(self.delete)
        self.ok_key = button(say("ok", words), keys, "key")
        self.ok_key.setProperty("role", "key")
        self.ok_key.clicked.connect(self.submit)
        grid.addWidget(self.delete_key, 3, 0)
        grid.addWidget(self.ok_key, 3, 2)
        return keys

    # -- entering -------------------------------------------------------------------------------

    @property
    def accepting(self) -> bool:
        return not self.checking and not self.lockout.locked

    def press_digit(self, digit: str) -> None:
        if self.accepting and len(self.entry) < MAX_DIGITS:
            self.entry += digit
            if not self.lockout.locked:
                self.message.clear()
            self.dots.set_count(len(self.entry))

    def delete(self) -> None:
        if self.accepting:
            self.entry = self.entry[:-1]
            self.dots.set_count(len(self.entry))

    def clear(self) -> None:
        if self.accepting:
            self.entry = ""
            self.dots.set_count(0)

    def cancel(self) -> None:
        self._ticket += 1  # a check still running is ignored
        self.entry = ""
        self._lock_timer.stop()
        self.cancelled.emit()

    def submit(self) -> None:
        """Check the entry on a worker thread; the answer comes back by signal to `_on_checked`."""
        if not self.accepting or not self.entry:
            return
        self.checking = True
        self._ticket += 1
        ticket, pin = self._ticket, self.entry
        self.message.setProperty("role", "muted")
        self.message.setText(say("pin_checking", self.language))
        self._restyle_message()
        self._set_keys_enabled(False)
        run_for(self, PIN_CHECKS, _check, self.verify, pin, self.stored_hash,
                done=lambda right: self._on_checked(ticket, right))

    def _on_checked(self, ticket: int, right: bool) -> None:
        if ticket != self._ticket:
            return
        self.checking = False
        self.entry = ""
        self.dots.set_count(0)
        self.message.setProperty("role", "warning")
        self._restyle_message()
        if right:
            self.lockout.right()
            self.message.clear()
            self.accepted.emit()
            return
        lock = self.lockout.wrong()
        self.wrong.emit(self.lockout.attempts_left, lock)
        if lock:
            self._show_lock()
        else:
            self.message.setText(say_count("pin_wrong", self.lockout.attempts_left, self.language))
            self._set_keys_enabled(True)

    # -- the lockout ------------------------------------------------------------------------

    def _show_lock(self) -> None:
        left = self.lockout.seconds_left()
        if left > 0:
            self.message.setText(say_count("pin_locked", left, self.language))
            self._set_keys_enabled(False)
            if not self._lock_timer.isActive():
                self._lock_timer.start()
        else:
            if self._lock_timer.isActive():
                self._lock_timer.stop()
                self.message.clear()
            self._set_keys_enabled(not self.checking)

    def _set_keys_enabled(self, enabled: bool) -> None:
        for key in (*self.digit_keys.values(), self.delete_key, self.ok_key, self.clear_button):
            key.setEnabled(enabled)

    def _restyle_message(self) -> None:
        style = self.message.style()
        style.unpolish(self.message)
        style.polish(self.message)

    # -- keys ---------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key in _DIGIT_KEYS:
            self.press_digit(_DIGIT_KEYS[key])
        elif key == Qt.Key.Key_Backspace:
            self.delete()
        elif key == Qt.Key.Key_Delete:
            self.clear()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
        elif key == Qt.Key.Key_Escape:
            self.cancel()
        else:
            super().keyPressEvent(event)
            return
        event.accept()


def _check(verify: Callable[[str, str], bool], pin: str, stored_hash: str) -> bool:
    """On the checking thread: whether `pin` is right; a hash that cannot be checked is wrong."""
    try:
        return verify(pin, stored_hash)
    except Exception:
        return False
