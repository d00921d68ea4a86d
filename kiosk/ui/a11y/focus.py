"""The keyboard's way through a screen, and the ring that shows where it is.

Tab order follows the layout: controls are visited in the order their layouts hold them
(rows top to bottom, items in reading order), so a right-to-left language, whose layouts
mirror, is walked right to left without any extra table. Widgets placed by hand come
after the laid-out ones, in the order they were made. The window asks `move_focus` on
every Tab and Shift+Tab, within the screen on show or within the accessibility menu.

`FocusIndicator` draws one ring, in the theme's accent with a ground-coloured halo, around
whichever control has the keyboard's focus, for the controls that do not draw their own.
Like CSS's :focus-visible it shows after a key press and hides at the next touch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import cast

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QApplication, QGridLayout, QLayout, QLineEdit, QScrollArea, QWidget

from kiosk.ui import input_hub
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import FocusRing


def layout_widgets(layout: QLayout) -> Iterator[QWidget]:
    """The widgets a layout holds, nested layouts included, in reading order (grids by row)."""
    order = list(range(layout.count()))
    if isinstance(layout, QGridLayout):
        grid = layout
        order.sort(key=lambda i: cast("tuple[int, int, int, int]", grid.getItemPosition(i))[:2])
    for index in order:
        item = layout.itemAt(index)
        if item is None:
            continue
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            yield widget
        elif inner is not None:
            yield from layout_widgets(inner)


def children_in_order(widget: QWidget) -> list[QWidget]:
    """A widget's child widgets: those in its layout first, in layout order, then the rest."""
    ordered: list[QWidget] = []
    layout = widget.layout()
    if layout is not None:
        ordered = [child for child in layout_widgets(layout) if child.parentWidget() is widget]
    seen = set(map(id, ordered))
    ordered += [child for child in widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
                if id(child) not in seen and not child.isWindow()]
    return ordered


def in_reading_order(scope: QWidget) -> list[QWidget]:
    """Every widget shown under `scope`, each before its children, in layout order."""
    found: list[QWidget] = []

    def visit(widget: QWidget) -> None:
        for child in children_in_order(widget):
            if child.isVisibleTo(scope):
                found.append(child)
                visit(child)

    visit(scope)
    return found


def takes_tab_focus(widget: QWidget) -> bool:
    return (bool(widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value) and widget.isEnabled()
            and widget.focusProxy() is None)


def focus_chain(scope: QWidget) -> list[QWidget]:
    """The controls Tab visits under `scope`, in order."""
    return [widget for widget in in_reading_order(scope) if takes_tab_focus(widget)]


def move_focus(scope: QWidget, forward: bool) -> bool:
    """Move the keyboard's focus to the next (or previous) control of `scope`; False if it has none.

    From a widget that is not itself a stop (an exhibit view that took focus on arrival),
    Tab goes to the first stop after it in reading order.
    """
    widgets = in_reading_order(scope)
    stops = [index for index, widget in enumerate(widgets) if takes_tab_focus(widget)]
    if not stops:
        return False
    current = QApplication.focusWidget()
    position = -1
    if current is not None and scope.isAncestorOf(current):
        for index, widget in enumerate(widgets):
            if widget is current:
                position = index
                break
    if position < 0:
        target = stops[0] if forward else stops[-1]
    elif forward:
        target = next((index for index in stops if index > position), stops[0])
    else:
        target = next((index for index in reversed(stops) if index < position), stops[-1])
    widget = widgets[target]
    widget.setFocus(Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason)
    reveal(widget)
    return True


def reveal(widget: QWidget) -> None:
    """Scroll every scroll area around `widget` so that it shows."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea) and parent.isAncestorOf(widget):
            parent.ensureWidgetVisible(widget, 24, 24)
        parent = parent.parentWidget()


def draws_own_focus(widget: QWidget) -> bool:
    """Controls that show their focus themselves: the player's buttons and tiles, styled fields."""
    return bool(getattr(widget, "draws_focus_ring", False)) or (
        isinstance(widget, QLineEdit) and bool(widget.property("kiosk")))


_TRACKED_EVENTS = frozenset({QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide})
_INPUT_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin})


class FocusIndicator(QWidget):
    """The focus ring over the window, for controls that do not draw one themselves."""

    def __init__(self, window: QWidget, theme: Callable[[], Theme]) -> None:
        super().__init__(window)
        self._theme = theme
        self._target: QWidget | None = None
        self._watched: list[QWidget] = []
        self._hearing_input = False
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.follow)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        window.destroyed.connect(lambda: self._hear_input(False))

    @property
    def target(self) -> QWidget | None:
        """The control the ring is around, while it shows."""
        return self._target if self.isVisible() else None

    def _focus_changed(self, _old: QWidget | None, _new: QWidget | None) -> None:
        self._pending.start()

    def _hear_input(self, hear: bool) -> None:
        """While the ring shows, every press in the application is heard: a touch hides it.
        (Only then: a filter on the whole application sees every event.)"""
        if hear == self._hearing_input:
            return
        self._hearing_input = hear
        if hear:
            input_hub.listen(self, self.eventFilter, input_hub.RANK_FOCUS)
        else:
            input_hub.stop(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind in _INPUT_EVENTS or (kind in _TRACKED_EVENTS and watched in self._watched):
            self._pending.start()  # after the presence watcher has noted the kind of input
        return False

    def _watch(self, widget: QWidget | None) -> None:
        """Follow the moves of the focused control and its ancestors (a scrolled page moves it)."""
        for old in self._watched:
            if shiboken6.isValid(old):
                old.removeEventFilter(self)
        chain: list[QWidget] = []
        while widget is not None and widget is not self.parentWidget():
            chain.append(widget)
            widget.installEventFilter(self)
            widget = widget.parentWidget()
        self._watched = chain

    def follow(self) -> None:
        """Put the ring around the focused control, or hide it."""
        window = self.parentWidget()
        if window is None:
            return
        focused = QApplication.focusWidget()
        if focused is None or focused.window() is not window or draws_own_focus(focused):
            focused = None
        if focused is not self._target:
            self._target = focused
            self._watch(focused)
        area = self._visible_area(focused) if focused is not None and FocusRing.visible else QRect()
        self._hear_input(not area.isEmpty())
        if area.isEmpty():
            self.hide()
            return
        pad = self._theme().px(6)
        self.setGeometry(area.adjusted(-pad, -pad, pad, pad).intersected(window.rect()))
        self.show()
        self.raise_()
        self.update()

    def _visible_area(self, widget: QWidget) -> QRect:
        """Where `widget` shows in the window: its rectangle cut by every ancestor's."""
        window = self.parentWidget()
        if window is None or not widget.isVisible():
            return QRect()
        area = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
        parent = widget.parentWidget()
        while parent is not None and parent is not window:
            area = area.intersected(QRect(parent.mapTo(window, parent.rect().topLeft()), parent.size()))
            parent = parent.parentWidget()
        return area

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        theme = self._theme()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ring = max(3, theme.px(4))
        halo = max(2, theme.px(2))
        box = QRectF(self.rect()).adjusted(ring / 2 + halo, ring / 2 + halo, -ring / 2 - halo, -ring / 2 - halo)
        radius: float = theme.px(14)
        target = self._target
        if isinstance(target, QAbstractButton) and abs(target.width() - target.height()) <= 2:
            radius = box.width() / 2  # a round button gets a round ring
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(theme.background, ring + 2 * halo))
        painter.drawRoundedRect(box, radius, radius)
        painter.setPen(QPen(theme.accent, ring))
        painter.drawRoundedRect(box, radius, radius)
