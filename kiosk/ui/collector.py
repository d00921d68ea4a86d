"""Python's cyclic garbage collector, run on the GUI thread only.

Qt objects must be destroyed on the thread they belong to. Python's collector runs on
whichever thread happens to allocate when a generation's threshold is crossed: a background
thread (an update's download, the analytics writer, a picture decoder) could then free a
cycle that holds a retired window or player, and Qt would destroy widgets off the GUI
thread, which crashes or hangs the kiosk hours later. So while the kiosk runs, automatic
collection is off, and a GUI-thread timer collects generation by generation as the automatic
collector would. Objects made before the first window (modules, classes) are frozen out of
the collector's way first, which keeps the rare full collections short.

The same timer hands the C heap's free pages back to the system once a minute
(kiosk.system.allocator.trim), so what a visit's pictures and videos freed does not stay
resident until the next visit happens to reuse it.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QTimer

from kiosk.system import allocator

CHECK_MS = 250
TRIM_EVERY_S = 60.0


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = CHECK_MS,
                 trim_every_s: float = TRIM_EVERY_S) -> None:
        super().__init__(parent)
        self.collections = [0, 0, 0]
        self.trims = 0
        self._trim_every_s = trim_every_s
        self._thresholds = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        gc.collect()
        gc.freeze()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()
        self._trimmed_at = time.monotonic()

    def check(self) -> None:
        generation = collect_due(self._thresholds)
        if generation is not None:
            self.collections[generation] += 1
        if time.monotonic() - self._trimmed_at >= self._trim_every_s:
            allocator.trim()
            self.trims += 1
            self._trimmed_at = time.monotonic()

    def close(self) -> None:
        """Back to automatic collection (for tests and embedders that run the kiosk in-process)."""
        self._timer.stop()
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
