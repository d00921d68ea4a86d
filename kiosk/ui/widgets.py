"""The player's own building blocks: icon buttons, the header, kinetic scrolling, focus rings.

Everything here is drawn for touch: large targets, an immediate pressed state, nothing
that needs hover, and mirrored drawing for right-to-left languages.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QSizePolicy,
    QWidget,
)

from kiosk.ui import bidi
from kiosk.ui.a11y.slot import AccessSlot
from kiosk.ui.i18n import say
from kiosk.ui.theme import Theme

# -- focus that shows only for the keyboard ---------------------------------------------

class FocusRing:
    """Whether focus is drawn: after a key press, not after a touch (CSS's :focus-visible).

    A visitor who touched a tile should not see a ring stay on it; someone using the
    keyboard in the archive viewer must always see where they are.
    """

    visible = False

    @classmethod
    def on(cls, widget: QWidget) -> bool:
        return cls.visible and widget.hasFocus()


def click_on_enter(button: QAbstractButton, event: QKeyEvent) -> bool:
    """Return and Enter press a focused button, as Space does (Qt's buttons only take Space)."""
    if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and button.isEnabled():
        button.click()
        event.accept()
        return True
    return False


# -- icons -----------------------------------------------------------------------------

class Icon(Enum):
    NONE = "none"
    BACK = "back"
    NEXT = "next"
    HOME = "home"
    SEARCH = "search"
    ACCESS = "access"
    CLOSE = "close"


def draw_icon(painter: QPainter, icon: Icon, box: QRectF, color: QColor, mirrored: bool) -> None:
    """Simple line icons, drawn so they need no font and mirror for right-to-left."""
    pen = QPen(color, max(2.0, box.width() * 0.09), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
               Qt.PenJoinStyle.RoundJoin)
    painter.save()
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    c, r = box.center(), box.width() / 2
    if icon in (Icon.BACK, Icon.NEXT):
        points_left = (icon is Icon.BACK) != mirrored
        dx = -r * 0.35 if points_left else r * 0.35
        path = QPainterPath(QPointF(c.x() - dx, c.y() - r * 0.7))
        path.lineTo(QPointF(c.x() + dx, c.y()))
        path.lineTo(QPointF(c.x() - dx, c.y() + r * 0.7))
        painter.drawPath(path)
    elif icon is Icon.HOME:
        path = QPainterPath(QPointF(c.x() - r * 0.8, c.y() - r * 0.05))
        path.lineTo(QPointF(c.x(), c.y() - r * 0.8))
        path.lineTo(QPointF(c.x() + r * 0.8, c.y() - r * 0.05))
        painter.drawPath(path)
        body = QPainterPath(QPointF(c.x() - r * 0.55, c.y() - r * 0.25))
        body.lineTo(QPointF(c.x() - r * 0.55, c.y() + r * 0.75))
        body.lineTo(QPointF(c.x() + r * 0.55, c.y() + r * 0.75))
        body.lineTo(QPointF(c.x() + r * 0.55, c.y() - r * 0.25))
        painter.drawPath(body)
    elif icon is Icon.SEARCH:
        painter.drawEllipse(QPointF(c.x() - r * 0.15, c.y() - r * 0.15), r * 0.5, r * 0.5)
        handle = (QPointF(c.x() + r * 0.22, c.y() + r * 0.22), QPointF(c.x() + r * 0.75, c.y() + r * 0.75))
        painter.drawLine(*handle)
    elif icon is Icon.ACCESS:
        _draw_access(painter, c, r, pen)
    elif icon is Icon.CLOSE:
        painter.drawLine(QPointF(c.x() - r * 0.6, c.y() - r * 0.6), QPointF(c.x() + r * 0.6, c.y() + r * 0.6))
        painter.drawLine(QPointF(c.x() + r * 0.6, c.y() - r * 0.6), QPointF(c.x() - r * 0.6, c.y() + r * 0.6))
    painter.restore()


def _draw_access(painter: QPainter, c: QPointF, r: float, pen: QPen) -> None:
    """The accessibility figure: a person with open arms in a ring."""
    thin = QPen(pen)
    thin.setWidthF(pen.widthF() * 0.7)
    painter.setPen(thin)
    painter.drawEllipse(c, r * 1.05, r * 1.05)
    painter.setPen(pen)
    painter.drawLine(QPointF(c.x() - r * 0.55, c.y() - r * 0.22), QPointF(c.x() + r * 0.55, c.y() - r * 0.22))
    painter.drawLine(QPointF(c.x(), c.y() - r * 0.22), QPointF(c.x(), c.y() + r * 0.2))
    painter.drawLine(QPointF(c.x(), c.y() + r * 0.2), QPointF(c.x() - r * 0.32, c.y() + r * 0.7))
    painter.drawLine(QPointF(c.x(), c.y() + r * 0.2), QPointF(c.x() + r * 0.32, c.y() + r * 0.7))
    painter.setBrush(pen.color())
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(QPointF(c.x(), c.y() - r * 0.55), r * 0.16, r * 0.16)


class IconButton(QAbstractButton):
    """A touch button: an icon and a word, a pressed state that answers at once."""

    draws_focus_ring = True

    def __init__(self, icon: Icon, text: str = "", parent: QWidget | None = None, *,
                 round_: bool = False) -> None:
        super().__init__(parent)
        self.icon_kind = icon
        self.round = round_
        self.theme: Theme | None = None
        self.quiet = False
        self.setText(text)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(text)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.setFont(theme.font(theme.small_px, QFont.Weight.DemiBold))
        self.updateGeometry()
        self.update()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        super().setText(text)
        self.setAccessibleName(text)
        self.updateGeometry()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if not click_on_enter(self, event):
            super().keyPressEvent(event)

    def sizeHint(self) -> QSize:  # noqa: N802
        side = self.theme.target_px if self.theme else 64
        if self.round or not self.text():
            return QSize(side, side)
        text_width = QFontMetrics(self.font()).horizontalAdvance(self.text())
        icon = 0 if self.icon_kind is Icon.NONE else int(side * 0.5)
        return QSize(icon + text_width + int(side * 0.75), side)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        theme = self.theme
        if theme is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5)
        radius = rect.height() / 2 if self.round else theme.px(18)
        down = self.isDown()
        checked = self.isChecked() and not down
        fill = theme.pressed if down else theme.accent if checked else theme.surface
        if self.quiet and not down:
            fill = QColor(theme.background)
            fill.setAlphaF(0.55)
        painter.setBrush(fill)
        if down or FocusRing.on(self):
            painter.setPen(QPen(theme.foreground if checked else theme.accent, theme.px(3)))
        else:
            painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(rect, radius, radius)
        color = theme.on_accent if checked else theme.foreground if self.isEnabled() else theme.muted
        side = rect.height()
        mirrored = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        if self.round or not self.text():
            half = side * 0.22
            icon_box = QRectF(rect.center().x() - half, rect.center().y() - half, 2 * half, 2 * half)
            draw_icon(painter, self.icon_kind, icon_box, color, mirrored)
            return
        pad = side * 0.35
        has_icon = self.icon_kind is not Icon.NONE
        icon_w = side * 0.34 if has_icon else 0.0
        icon_x = rect.right() - pad - icon_w if mirrored else rect.left() + pad
        if has_icon:
            draw_icon(painter, self.icon_kind, QRectF(icon_x, rect.center().y() - icon_w / 2, icon_w, icon_w),
                      color, mirrored)
        gap = side * 0.18 if has_icon else 0.0
        text_rect = rect.adjusted(pad + icon_w + gap, 0, -pad, 0)
        if mirrored:
            text_rect = rect.adjusted(pad, 0, -(pad + icon_w + gap), 0)
        painter.setPen(color)
        painter.setFont(self.font())
        bidi.directed(painter, self).drawText(text_rect, int(Qt.AlignmentFlag.AlignCenter), self.text())


def _any_custom_gesture(cls: type[Qt.GestureType], value: object) -> Qt.GestureType:
    del value
    return cls.CustomGesture


def grab_flick_gesture(viewport: QWidget) -> None:
    """QScroller.grabGesture for a drag with the mouse button (a touch screen's, too).

    Qt registers a new gesture recognizer at each call and returns its new gesture type,
    a number Qt.GestureType has no member for. PySide6 6.12 answers every such number with a
    new enum class of its own, which it never frees: a few kilobytes per scrolling view built,
    some megabytes over a day of visits. The kiosk never reads these numbers, so an unknown
    gesture type reads as CustomGesture, and nothing accumulates.
    """
    gesture_type = Qt.GestureType
    if getattr(gesture_type._missing_, "__func__", None) is not _any_custom_gesture:
        gesture_type._missing_ = classmethod(_any_custom_gesture)  # type: ignore[assignment]
    QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.LeftMouseButtonGesture)


def flick_scroller(viewport: QWidget, metrics: dict[QScrollerProperties.ScrollMetric, object]) -> QScroller:
    """Flick scrolling of `viewport` by touch and by mouse drag, up and down with a soft edge,
    never sideways; `metrics` are the caller's own settings on top."""
    grab_flick_gesture(viewport)
    scroller = QScroller.scroller(viewport)
    properties = scroller.scrollerProperties()
    metric = QScrollerProperties.ScrollMetric
    properties.setScrollMetric(metric.DragStartDistance, 0.004)
    properties.setScrollMetric(metric.HorizontalOvershootPolicy, QScrollerProperties.OvershootPolicy.OvershootAlwaysOff)
    properties.setScrollMetric(metric.VerticalOvershootPolicy, QScrollerProperties.OvershootPolicy.OvershootWhenScrollable)
    for name, value in metrics.items():
        properties.setScrollMetric(name, value)
    scroller.setScrollerProperties(properties)
    return scroller


def make_kinetic(area: QFrame) -> None:
    """Flick scrolling of a page of tiles or rows, with a short overshoot and no frame."""
    area.setFrameShape(QFrame.Shape.NoFrame)
    # A press reaches the tile at once (its pressed state shows at once); a flick cancels it.
    flick_scroller(area.viewport(), {QScrollerProperties.ScrollMetric.MousePressEventDelay: 0.0})  # type: ignore[attr-defined]


def scrolling_page(page: QWidget, parent: QWidget) -> QScrollArea:
    """`page` in a flickable area that scrolls up and down only, as the home, section and search
    screens and the access panel hold their tiles and rows. The area takes no focus: what it holds
    does, and Qt scrolls to the focused one."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(page)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    make_kinetic(area)
    return area


# -- the header ------------------------------------------------------------------------

class ElidingLabel(QLabel):
    """One line that ends in "…" where it does not fit (deliberately: the `elided` property says so
    to the reflow audit); `text()` and the accessible name keep the whole text.

    The line is a paragraph of the label's layout direction (the visit's language), so in
    Hebrew the "…" and a final full stop stand on the left even when the text opens with a
    Latin name; composed texts (bidi.compose) keep their parts in the template's order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("elided", True)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        super().setText(text)
        self.setAccessibleName(bidi.plain(text))

    def shown_layout(self) -> QTextLayout:
        """The line as it is drawn: elided to the width, laid out in the label's direction."""
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width())
        return bidi.line_layout(shown, self.font(), self.layoutDirection())

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        role = QPalette.ColorRole.WindowText
        group = QPalette.ColorGroup.Active if self.isEnabled() else QPalette.ColorGroup.Disabled
        painter.setPen(self.palette().color(group, role))
        bidi.draw_line(painter, QRectF(self.contentsRect()), self.shown_layout(), self.alignment())


class Header(QWidget):
    """Back, where you are, home and the accessibility menu's slot: the same places on every screen.

    Buttons that do not apply on a screen are hidden but keep their place, so nothing
    moves under the visitor's finger from one screen to the next.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.back = IconButton(Icon.BACK, "", self)
        self.home = IconButton(Icon.HOME, "", self)
        self.where = ElidingLabel(self)
        self.where.setProperty("role", "where")
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        self.where.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.extra = QHBoxLayout()
        self.extra.setSpacing(0)
        for button in (self.back, self.home):
            policy = button.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            button.setSizePolicy(policy)
        layout = QHBoxLayout(self)
        layout.addWidget(self.back)
        layout.addWidget(self.where, 1)
        layout.addLayout(self.extra)
        layout.addWidget(self.home)
        self.access_slot = AccessSlot(self)
        layout.addWidget(self.access_slot)
        self._layout = layout

    def restyle(self, theme: Theme) -> None:
        for button in (self.back, self.home):
            button.set_theme(theme)
        self._layout.setContentsMargins(theme.margin_px // 2, theme.px(24), theme.margin_px // 2, theme.px(8))
        self._layout.setSpacing(theme.px(28))
        self.extra.setSpacing(theme.px(16))

    def retranslate(self, language: str) -> None:
        """Back and home, named and described for screen readers, in `language`."""
        self.back.setText(say("back", language))
        self.back.setAccessibleDescription(say("back_desc", language))
        self.home.setText(say("home", language))
        self.home.setAccessibleDescription(say("home_desc", language))

    def set_where(self, text: str) -> None:
        self.where.setText(text)
