"""The admin overlays' look: one calm dark style of their own, whatever the bundle's theme,
sized for touch (keys of at least 80 px, buttons of 88 px at 1920x1080) and scaled with the
window like the rest of the kiosk. `AdminOverlay` is what the PIN pad and the panel share: a
full-window layer inside the kiosk window that nothing beneath can be touched through.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from kiosk.ui.theme import scale_for

GROUND = QColor(8, 10, 13, 240)
CARD = "#161B22"
TEXT = "#EEF1F4"
MUTED = "#9AA4AF"
KEY = "#232A33"
PRESSED = "#3A4656"
ACCENT = "#5AA9FF"
DANGER = "#F2555A"
LINE = "#2E3742"


@dataclass(frozen=True)
class AdminLook:
    family: str
    scale: float = 1.0
    rtl: bool = False

    @classmethod
    def for_window(cls, window: QWidget, family: str, rtl: bool) -> AdminLook:
        return cls(family, scale_for(window.size()), rtl)

    def px(self, design_px: float) -> int:
        return max(1, round(design_px * self.scale))

    @property
    def key_px(self) -> int:
        """A PIN key's side: 100 px at 1920x1080, never under 80 px."""
        return max(80, self.px(100))

    @property
    def button_px(self) -> int:
        return max(64, self.px(88))

    @property
    def leading(self) -> Qt.AlignmentFlag:
        """The start of a line as an absolute side: a label otherwise aligns by its own text's
        direction, which would send a Latin value (a version, a host name) to the far side of
        a right-to-left panel."""
        side = Qt.AlignmentFlag.AlignRight if self.rtl else Qt.AlignmentFlag.AlignLeft
        return side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter

    def font(self, design_px: float, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
        font = QFont(self.family)
        font.setPixelSize(max(12, self.px(design_px)))
        font.setWeight(weight)
        return font

    def stylesheet(self) -> str:
        px, radius = self.px, self.px(16)
        return f"""
            #AdminOverlay QLabel {{ color: {TEXT}; font-family: "{self.family}"; font-size: {px(28)}px; }}
            #AdminOverlay QLabel[role="title"] {{ font-size: {px(52)}px; font-weight: 700; }}
            #AdminOverlay QLabel[role="heading"] {{ font-size: {px(34)}px; font-weight: 600; }}
            #AdminOverlay QLabel[role="muted"] {{ color: {MUTED}; }}
            #AdminOverlay QLabel[role="message"] {{ color: {ACCENT}; font-weight: 600; }}
            #AdminOverlay QLabel[role="warning"] {{ color: {DANGER}; font-weight: 600; }}
            #AdminOverlay QWidget[role="card"] {{ background: {CARD}; border-radius: {px(28)}px; }}
            #AdminOverlay QPushButton {{
                font-family: "{self.family}"; font-size: {px(28)}px; font-weight: 600; color: {TEXT};
                background: {KEY}; border: {px(3)}px solid transparent; border-radius: {radius}px;
                min-height: {self.button_px}px; padding: 0 {px(28)}px;
            }}
            #AdminOverlay QPushButton[role="key"] {{
                font-size: {px(44)}px; min-width: {self.key_px}px; min-height: {self.key_px}px;
                max-width: {self.key_px}px; max-height: {self.key_px}px; padding: 0;
                border-radius: {self.key_px // 2}px;
            }}
            #AdminOverlay QPushButton:pressed {{ background: {PRESSED}; border-color: {ACCENT}; }}
            #AdminOverlay QPushButton:focus {{ border-color: {ACCENT}; }}
            #AdminOverlay QPushButton:disabled {{ color: #4A5361; background: #1C2229; }}
            #AdminOverlay QPushButton[role="primary"] {{ background: {ACCENT}; color: #08111C; }}
            #AdminOverlay QPushButton[role="danger"] {{ color: {DANGER}; border-color: {DANGER}; }}
            #AdminOverlay QPushButton[role="danger"][armed="true"] {{ background: {DANGER}; color: #1A0507; }}
            #AdminOverlay QSlider {{ min-height: {px(72)}px; }}
            #AdminOverlay QSlider::groove:horizontal {{ height: {px(14)}px; background: {LINE};
                border-radius: {px(7)}px; }}
            #AdminOverlay QSlider::sub-page:horizontal {{ height: {px(14)}px; background: {ACCENT};
                border-radius: {px(7)}px; }}
            #AdminOverlay QSlider::handle:horizontal {{ width: {px(56)}px; height: {px(56)}px;
                margin: -{px(21)}px 0; border-radius: {px(28)}px; background: {TEXT}; }}
            #AdminOverlay QScrollArea, #AdminOverlay QScrollArea > QWidget > QWidget {{
                background: transparent; border: none; }}
        """


def text(role: str, parent: QWidget, *, wrap: bool = True) -> QLabel:
    label = QLabel(parent)
    label.setProperty("role", role)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class AdminButton(QPushButton):
    draws_focus_ring = True  # its style sheet's :focus border; the window's ring stays off it


def button(caption: str, parent: QWidget, role: str = "") -> QPushButton:
    widget = AdminButton(caption, parent)
    if role:
        widget.setProperty("role", role)
    widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a touch does not leave a focus ring behind
    widget.setAutoDefault(False)
    return widget


def restyle(widget: QWidget) -> None:
    """A dynamic property changed: let the style sheet look again."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


class AdminOverlay(QWidget):
    """A full-window layer over the kiosk's screens; input never reaches what lies beneath."""

    draws_focus_ring = True  # holding the keyboard's focus, it must not be ringed whole

    def __init__(self, window: QWidget, look: AdminLook) -> None:
        super().__init__(window)
        self.setObjectName("AdminOverlay")
        self.look = look
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if look.rtl else Qt.LayoutDirection.LeftToRight)
        self.setStyleSheet(look.stylesheet())
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.hide()

    def open(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())  # type: ignore[union-attr]
        return False

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        QPainter(self).fillRect(self.rect(), GROUND)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        event.accept()  # never on to the window beneath, whose keys move the visit
