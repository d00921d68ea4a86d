"""The application's one event filter: input, handed to whoever listens, in a fixed order.

Several parts of the kiosk must see a visitor's input before any widget does: the admin
gesture (which may hold a press back), the lock-down's key guard, the swipe detector, the
presence watcher, the cursor that shows for a real mouse, the focus ring, and each exhibit
view (a touch ends a tour). Each used to be an event filter on the application.

A filter on the application is called for every event to every object, and a filter written
in Python costs more than its own lines: for each call PySide makes a Python wrapper for the
receiving object, and most receivers (a text browser's viewport, a scroll bar, a layout's
helpers) have none, so one is made and thrown away every time. While an exhibit's view is
built, about a thousand events pass; with four filters that was a quarter to a third of a
tap's time on the GUI thread (measured: tests/perf/bench_kiosk.py, part `taps`).

So there is one filter, this hub. It looks at the event's type first and hands only input
(presses, moves, releases, touches, keys, wheels, tablets, gestures) to its listeners, in
the order of their `rank` (lower first; equal ranks in the order they were added), and
stops at the first listener that swallows the event (returns True), as Qt stops at the first
filter that does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from itertools import count

import shiboken6
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

Listener = Callable[[QObject, QEvent], bool]

INPUT_KINDS = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
    QEvent.Type.TouchCancel, QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride,
    QEvent.Type.Wheel, QEvent.Type.TabletPress, QEvent.Type.TabletRelease, QEvent.Type.TabletMove,
    QEvent.Type.Gesture,
})

# Who hears input first. The admin gesture may hold a press back from everyone else; the
# key guard swallows keys before anything acts on them; the swipe detector only observes, and
# must see a press the presence watcher swallows; views, the cursor and the focus ring last.
RANK_ADMIN = 0
RANK_BLOCKED_KEYS = 10
RANK_SWIPES = 20
RANK_PRESENCE = 30
RANK_VIEWS = 40
RANK_CURSOR = 50
RANK_FOCUS = 60

_order = count()


@dataclass(order=True, frozen=True)
class _Entry:
    rank: int
    added: int
    key: int = field(compare=False)  # the owner's C++ address
    listener: Listener = field(compare=False)


class InputHub(QObject):
    """Installed on the application once (`input_hub()`); listeners come and go."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._entries: tuple[_Entry, ...] = ()
        app.installEventFilter(self)

    def listen(self, owner: QObject, listener: Listener, rank: int) -> None:
        """Hand input to `listener` (called with the receiving object and the event; True
        swallows the event) until `stop(owner)` or until `owner` is destroyed. An owner that
        listens again keeps one place, its new one."""
        key = shiboken6.getCppPointer(owner)[0]
        kept = tuple(entry for entry in self._entries if entry.key != key)
        if len(kept) == len(self._entries):
            owner.destroyed.connect(partial(self._drop, key))
        self._entries = tuple(sorted((*kept, _Entry(rank, next(_order), key, listener))))

    def stop(self, owner: QObject) -> None:
        if shiboken6.isValid(owner):
            self._drop(shiboken6.getCppPointer(owner)[0])

    def _drop(self, key: int) -> None:
        self._entries = tuple(entry for entry in self._entries if entry.key != key)

    def listening(self, owner: QObject) -> bool:
        if not shiboken6.isValid(owner):
            return False
        key = shiboken6.getCppPointer(owner)[0]
        return any(entry.key == key for entry in self._entries)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() not in INPUT_KINDS:
            return False
        # (A listener may add or stop others: `_entries` is replaced, never changed, so this
        # goes over the listeners of the moment the event came.)
        return any(entry.listener(watched, event) for entry in self._entries)


_hub: InputHub | None = None


def input_hub() -> InputHub | None:
    """The application's hub, made and installed on first use; None without a QApplication."""
    global _hub
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return None
    if _hub is None or not shiboken6.isValid(_hub) or _hub.parent() is not app:
        _hub = InputHub(app)
    return _hub


def listen(owner: QObject, listener: Listener, rank: int) -> None:
    """`input_hub().listen(...)`, where there is an application."""
    hub = input_hub()
    if hub is not None:
        hub.listen(owner, listener, rank)


def stop(owner: QObject) -> None:
    """`input_hub().stop(owner)`, where there is a hub."""
    if _hub is not None and shiboken6.isValid(_hub):
        _hub.stop(owner)
