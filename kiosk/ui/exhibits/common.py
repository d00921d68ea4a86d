"""What every exhibit view shares: the ground, sizes, direction, input and calm failure.

`StyledView` keeps a view's look in step with the visit (language and its direction, text
size, contrast, window size) through one hook, `refresh`, and swaps the view's content
for the placeholder when its media fails at run time.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QStackedLayout, QWidget

from kiosk.bundle.model import Exhibit
from kiosk.ui import input_hub
from kiosk.ui.exhibits.base import ExhibitContext, ExhibitView
from kiosk.ui.exhibits.placeholder import PlaceholderPanel
from kiosk.ui.exhibits.style import Colors, Metrics, Timing, direction_for, is_rtl, screen_factor

log = logging.getLogger("kiosk.ui.exhibits")

_INPUT_EVENTS = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.TouchBegin,
    QEvent.Type.Wheel, QEvent.Type.KeyPress, QEvent.Type.Gesture,
})


class _InputWatcher(QObject):
    """Tells the view about any touch, click, wheel or key in it, once per event.

    It hears the application's input (kiosk.ui.input_hub) rather than filtering each of the
    view's widgets: a filter on every widget is called for every event they get, and a view
    gets hundreds while it is built."""

    def __init__(self, view: StyledView) -> None:
        super().__init__(view)
        self._view = view
        self._last: tuple[int, int] = (0, 0)
        input_hub.listen(self, self.hear, input_hub.RANK_VIEWS)

    def hear(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _INPUT_EVENTS and isinstance(watched, QWidget) \
                and (watched is self._view or self._view.isAncestorOf(watched)):
            # An event a widget ignores goes on to its parent, and is heard again there.
            stamp = (int(kind), int(getattr(event, "timestamp", lambda: 0)()))
            if stamp != self._last or stamp[1] == 0:
                self._last = stamp
                self._view.on_input()
        return False


class StyledView(ExhibitView):
    """An exhibit view with the bundle's ground, the visit's sizes and a failure state.

    Subclasses build their widgets on `self.content` and restyle them in `refresh`.
    """

    def __init__(self, exhibit: Exhibit, context: ExhibitContext, parent: QWidget | None = None) -> None:
        super().__init__(exhibit, context, parent)
        self.colors = Colors.for_context(context)
        self.metrics = Metrics(screen_factor(self), context.text_scale)
        self.touring = False
        self._tour_waits = False
        self.content = QWidget(self)
        self._stack = QStackedLayout(self)
        self._stack.setContentsMargins(0, 0, 0, 0)
        self._stack.addWidget(self.content)
        self._placeholder: PlaceholderPanel | None = None
        self._failure_dwell = QTimer(self)
        self._failure_dwell.setSingleShot(True)
        self._failure_dwell.timeout.connect(self.finished)
        self.setLayoutDirection(direction_for(context.language))
        self._watcher = _InputWatcher(self)

    # The contract ------------------------------------------------------------------

    def set_context(self, context: ExhibitContext) -> None:
        super().set_context(context)
        self._update_style()

    def start_tour(self) -> None:
        self.touring = True
        # A still view that fails after the tour began its dwell leaves the timing to the tour.
        self._tour_waits = self.waits_for_end()
        if self.failed:
            self._failure_dwell.start(Timing.placeholder_dwell_ms)

    def deactivate(self) -> None:
        self.touring = False
        self._failure_dwell.stop()

    def waits_for_end(self) -> bool:
        return self.failed

    # For subclasses ------------------------------------------------------------------

    @property
    def failed(self) -> bool:
        return self._placeholder is not None

    @property
    def placeholder(self) -> PlaceholderPanel | None:
        """The placeholder shown instead of the content, once the media has failed."""
        return self._placeholder

    def refresh(self) -> None:
        """Show the current language, sizes and colours; called whenever they change."""

    def on_input(self) -> None:
        """The visitor touched the view: a tour, if one ran, has ended."""
        self.touring = False
        self._failure_dwell.stop()
        self.interacted.emit()

    def show_failure(self, path: Path | str, reason: str) -> None:
        """Replace the content with the placeholder; a tour moves on after a short dwell."""
        log.warning("exhibit '%s' cannot show %s: %s", self.exhibit.id, path, reason)
        if self._placeholder is None:
            self._placeholder = PlaceholderPanel(self)
            self._stack.addWidget(self._placeholder)
            self._style_placeholder()
        self._stack.setCurrentWidget(self._placeholder)
        if self.touring and self._tour_waits:
            self._failure_dwell.start(Timing.placeholder_dwell_ms)

    # Qt ---------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if abs(screen_factor(self) - self.metrics.factor) > 0.01:
            self._update_style()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if abs(screen_factor(self) - self.metrics.factor) > 0.01:
            self._update_style()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        QPainter(self).fillRect(self.rect(), self.colors.ground)

    def _update_style(self) -> None:
        self.colors = Colors.for_context(self.context)
        self.metrics = Metrics(screen_factor(self), self.context.text_scale)
        self.setLayoutDirection(direction_for(self.context.language))
        self._style_placeholder()
        self.refresh()
        self.update()

    def _style_placeholder(self) -> None:
        if self._placeholder is not None:
            self._placeholder.set_texts(self.context.text(self.exhibit.title), self.context.language)
            self._placeholder.restyle(self.metrics, self.colors, self.font())


def leading(language: str) -> Qt.AlignmentFlag:
    """The reading side of the visit's language, for labels whatever script they hold
    (a Latin credit on an Arabic page sits on the right, with the Arabic text)."""
    side = Qt.AlignmentFlag.AlignRight if is_rtl(language) else Qt.AlignmentFlag.AlignLeft
    return side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
