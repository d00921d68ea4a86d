"""Python's cyclic garbage collector, run on the GUI thread only.

Qt objects must be destroyed on the thread they belong to. Python's collector runs on
whichever thread happens to allocate when a generation's threshold is crossed: a background
thread (an update's download, the analytics writer, a picture decoder) could then free a
cycle that holds a retired window or player, and Qt would destroy widgets off the GUI
thread, which crashes or hangs the kiosk hours later. So while the kiosk runs, automatic
collection is off, and a GUI-thread timer collects generation by generation as the automatic
collector would. Objects made before the first window (modules, classes) are frozen out of
the collector's way first, which keeps the rare full collections short. They are frozen
without a full collection first: that took 20-40 ms on the GUI thread just before the first
frame, to free the few cycles importing leaves (kept for good, once, instead).

The C heap's free pages go back to the system (kiosk.system.allocator.trim) a moment after
each new screen has shown (a screen change is when a picture, a video's frames or a retired
view were freed) and once a minute, so what a visit freed does not stay resident until the
next visit happens to reuse it. The trim runs on a short-lived thread of its own (glibc
locks each arena only while it walks it; ctypes lets go of the GIL): the GUI thread never
waits for it.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QTimer

from kiosk.background import WorkPool
from kiosk.system import allocator

CHECK_MS = 250
TRIM_EVERY_S = 60.0
TRIM_AFTER_SCREEN_MS = 1500


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = CHECK_MS,
                 trim_every_s: float = TRIM_EVERY_S, trim_after_screen_ms: int = TRIM_AFTER_SCREEN_MS) -> None:
        super().__init__(parent)
        self.collections = [0, 0, 0]
        self.trims = 0
        self.trims_done = 0
        self._trim_every_s = trim_every_s
        self._thresholds = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        gc.freeze()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()
        self._after_screen = QTimer(self)
        self._after_screen.setSingleShot(True)
        self._after_screen.setInterval(trim_after_screen_ms)
        self._after_screen.timeout.connect(self.trim)
        self._trimming = WorkPool("kiosk-trim")  # one trim at a time
        self._trimmed_at = time.monotonic()

    def watch(self, window: QObject) -> None:
        """Trim a moment after each screen `window` shows (its `screen_shown` signal); a
        visitor tapping on within that moment puts it off again."""
        window.screen_shown.connect(self.screen_changed)  # type: ignore[attr-defined]

    def screen_changed(self) -> None:
        self._after_screen.start()

    def check(self) -> None:
        generation = collect_due(self._thresholds)
        if generation is not None:
            self.collections[generation] += 1
        if time.monotonic() - self._trimmed_at >= self._trim_every_s:
            self.trim()

    def trim(self) -> None:
        """Hand the C heap's free pages back, on a thread of its own (one at a time)."""
        self._trimmed_at = time.monotonic()
        if self._trimming.busy:
            return
        self.trims += 1
        self._trimming.submit(self._trim_now)

    def _trim_now(self) -> None:
        allocator.trim()
        self.trims_done += 1

    def close(self) -> None:
        """Back to automatic collection (for tests and embedders that run the kiosk in-process)."""
        self._timer.stop()
        self._after_screen.stop()
        self._trimming.shutdown(cancel_waiting=False)
        gc.unfreeze()
        if self._was_enabled:
            gc.enable()


def collect_due(thresholds: tuple[int, int, int] | None = None) -> int | None:
    """Collect the generations whose thresholds have been crossed, as Python itself would
    (`gc.get_threshold()`'s by default); the oldest generation collected, or None."""
    first, second, third = thresholds or gc.get_threshold()
    young, middle, old = gc.get_count()
    if first <= 0 or young <= first:
        return None
    generation = 2 if (middle >= second and old >= third) else 1 if middle >= second else 0
    gc.collect(generation)
    return generation
