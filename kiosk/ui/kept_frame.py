"""The first frame of the last start, on screen again the moment the kiosk starts.

A kiosk restarts unattended: after a crash, a system update, a power cut. Between the
process starting and its window's first paint, Python and Qt load the bundle and build the
window (a few tenths of a second on a 2-core machine), and until then the screen shows
whatever is beneath. So when a start's first frame is the attract screen, a copy of it is
kept in the cache folder with a record of what it was drawn from; at the next start, once
Qt can draw and before anything else loads, the copy goes on the screen if nothing it was
drawn from has changed:

- the kiosk's version and the attract screen's code;
- the `kiosk run` options (bundle, language, screen, tour);
- the settings file, the store's record of the active bundle, and the bundle's manifest,
  archive or folder, and typeface (their sizes and modification times);
- the screen's geometry and pixel ratio;
- and the kiosk must be within its opening hours (outside them the closed slate comes first).

The record also keeps the two settings the copy itself depends on (the `screen` setting and the
opening hours), so the copy can show before the settings file is read (about 50 ms of YAML
and declarations on a 2-core machine): they are taken from the record only while the settings
file is the one they were read from (its size and modification time). Once the settings are
loaded, the conditions are made again from them; a copy they do not match is closed at once.

The kiosk's own window then opens above it with the same frame, and the copy is closed as
soon as that window has painted. The copy takes no input and no focus; a touch on it before
the window is up does nothing. Any doubt (a missing, unreadable or mismatched record, an
image of the wrong size) means no copy: the start is as it would be without this module.

    kept = show_early(options, settings_file, clock=...)   # after QApplication, before loading
    ...                                                     # the settings loaded:
    if kept and not kept.still_current(conditions(...), is_open=...): kept.close_soon()
    ...
    kept.close()                                            # when the window has painted
    keep_first_frame(window, conditions, bundle)            # record this start's frame
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QScreen
from PySide6.QtWidgets import QWidget

from kiosk import __version__, paths
from kiosk.background import WorkPool
from kiosk.settings.hours import is_open as open_at
from kiosk.store import layout as store_layout
from kiosk.system.startup import RunOptions
from kiosk.ui.lockdown import pick_screen

log = logging.getLogger("kiosk.app")

FOLDER = "first-frame"
RECORD = "record.json"
IMAGE = "frame.bmp"  # uncompressed: read in a few milliseconds
PAINT_WAIT_MS = 250
# `kiosk run` options that change nothing on the first frame.
IGNORED_OPTIONS = ("quit_after", "log_format")
# The code that draws the attract screen: a change to it (a developer's edit) makes the copy stale.
DRAWN_BY = ("screens/attract.py", "theme.py", "window.py")
KEEPING = WorkPool("kiosk-keep-frame")  # writes the frame for the next start


def folder() -> Path:
    return paths.cache_dir() / FOLDER


def _stat(path: Path) -> list[int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return [found.st_mtime_ns, found.st_size]


def _screen_of(screen: QScreen) -> list[float]:
    geometry = screen.geometry()
    return [geometry.x(), geometry.y(), geometry.width(), geometry.height(), screen.devicePixelRatio()]


def remembered(screen: int | None, opening_hours: dict[str, list[str]]) -> dict[str, Any]:
    """The settings the copy depends on, as its record keeps them: the `screen` setting (None
    when the file does not set it) and the opening hours."""
    return {"screen": screen, "opening_hours": {day: list(ranges) for day, ranges in opening_hours.items()}}


def conditions(options: RunOptions, settings_file: Path, screen: QScreen,
               settings: dict[str, Any]) -> dict[str, Any]:
    """What this start's first frame depends on that is known before the bundle loads (the
    store's pointer file is where kiosk.store.layout says, without loading the store);
    `settings` as `remembered` makes them."""
    code = Path(__file__).resolve().parent
    chosen = {item.name: getattr(options, item.name) for item in dataclasses.fields(options)
              if item.name not in IGNORED_OPTIONS}
    watched = [settings_file, store_layout.state_path(), *(code / name for name in DRAWN_BY)]
    return {"kiosk": __version__, "options": {key: str(value) if isinstance(value, Path) else value
                                              for key, value in sorted(chosen.items())},
            "screen": _screen_of(screen), "settings": settings,
            "files": {str(path): _stat(path) for path in watched}}


def _bundle_files(origin: Path, root: Path, also: Iterable[Path]) -> Iterable[Path]:
    yield origin
    yield root / "exhibition.yaml"
    yield from also


def _read_record() -> dict[str, Any] | None:
    try:
        record = json.loads((folder() / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def is_current(record: dict[str, Any], now: dict[str, Any]) -> bool:
    """Whether a kept record was drawn from what this start has: the same options, screen,
    version, and unchanged files (its bundle's included, stated again here)."""
    for key in ("kiosk", "options", "screen", "settings"):
        if record.get(key) != now.get(key):
            return False
    kept_files = record.get("files")
    if not isinstance(kept_files, dict) or not isinstance(record.get("bundle_files"), dict):
        return False
    if any(kept_files.get(path) != stat for path, stat in now["files"].items()):
        return False
    return all(_stat(Path(path)) == stat for path, stat in record["bundle_files"].items())


def _is_open(settings: dict[str, Any], moment: datetime) -> bool:
    """Within the remembered opening hours at `moment`; a damaged record's hours are never open."""
    try:
        return open_at(settings["opening_hours"], moment)
    except (KeyError, TypeError, ValueError, AttributeError):
        return False


def show_early(options: RunOptions, settings_file: Path, *, clock: Callable[[], float]) -> KeptFrame | None:
    """Show the kept frame before the settings are read, with the settings its record remembers
    while the settings file is unchanged since (see the module's note); None if it does not show."""
    record = _read_record()
    if record is None:
        return None
    settings, files = record.get("settings"), record.get("files")
    if not isinstance(settings, dict) or not isinstance(files, dict) \
            or files.get(str(settings_file)) != _stat(settings_file):
        return None
    index = options.screen if options.screen is not None else settings.get("screen")
    try:
        screen = pick_screen(index if isinstance(index, int) else None, quiet=True)
    except RuntimeError:
        return None
    now = conditions(options, settings_file, screen, settings)
    return KeptFrame.show_if_current(now, screen, is_open=_is_open(settings, datetime.now()), clock=clock,
                                     record=record)


class KeptFrame(QWidget):
    """A frameless window covering the screen with the kept frame; it takes no input or focus.

    Signals: painted() once, after its first paint."""

    painted = Signal()

    def __init__(self, image: QImage, geometry: QRect, clock: Callable[[], float],
                 record: dict[str, Any] | None = None) -> None:
        super().__init__(None, Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.image = image
        self.record = record or {}
        self.painted_ms: float | None = None
        self._clock = clock
        self.setObjectName("kept-first-frame")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setCursor(Qt.CursorShape.BlankCursor)
        self.setGeometry(geometry)

    @classmethod
    def show_if_current(cls, now: dict[str, Any], screen: QScreen, *, is_open: bool,
                        clock: Callable[[], float], record: dict[str, Any] | None = None) -> KeptFrame | None:
        """Show the kept frame if it is current, and wait (a quarter of a second at most) for
        its first paint; None if there is none to show. `record`: as read already."""
        record = record if record is not None else _read_record()
        if record is None or not is_open or not is_current(record, now):
            return None
        image = QImage(str(folder() / IMAGE), "BMP")  # type: ignore[call-overload]  # the stubs say bytes; PySide takes str
        ratio = screen.devicePixelRatio()
        geometry = screen.geometry()
        if image.isNull() or image.width() != round(geometry.width() * ratio) \
                or image.height() != round(geometry.height() * ratio):
            return None
        image.setDevicePixelRatio(ratio)
        kept = cls(image, geometry, clock, record)
        handle = kept.windowHandle()
        if handle is not None:
            handle.setScreen(screen)
        kept.setWindowState(Qt.WindowState.WindowFullScreen)  # a window manager's own full screen
        kept.show()  # at the screen's geometry, which is all a bare X server or compositor goes by
        kept.wait_for_paint(PAINT_WAIT_MS)
        return kept

    def still_current(self, now: dict[str, Any], *, is_open: bool) -> bool:
        """Whether the frame on screen matches this start's conditions as made from the loaded
        settings (it was shown on the ones its record remembers)."""
        return is_open and is_current(self.record, now)

    def wait_for_paint(self, at_most_ms: int) -> None:
        """Let Qt paint this window before the start goes on loading on the GUI thread: a local
        event loop (taking no input) that ends at the first paint, or after `at_most_ms`."""
        if self.painted_ms is not None:
            return
        loop = QEventLoop()
        self.painted.connect(loop.quit)
        QTimer.singleShot(at_most_ms, loop, loop.quit)
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        self.painted.disconnect(loop.quit)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.drawImage(0, 0, self.image)
        painter.end()
        if self.painted_ms is None:
            self.painted_ms = round(self._clock(), 1)
            self.painted.emit()

    def close_soon(self) -> None:
        """Hide and delete it (the window above has painted)."""
        self.hide()
        self.deleteLater()


def keep_first_frame(frame: QImage, now: dict[str, Any], origin: Path, root: Path,
                     also: Iterable[Path] = ()) -> Future[None] | None:
    """Keep `frame` (the window's first frame, as painted) and its record for the next start,
    written on `KEEPING`'s thread: the image first, then the record, each replaced whole.
    `also`: more of the bundle's files the frame was drawn with (its typeface)."""
    if frame.isNull():
        return None
    record = dict(now, bundle_files={str(path): _stat(path) for path in _bundle_files(origin, root, also)})
    image = frame.copy()

    def write() -> None:
        target = folder()
        try:
            target.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(OSError):
                (target / RECORD).unlink()  # no record names an image being replaced
            partial = target / f".{IMAGE}.{os.getpid()}"
            if not image.save(str(partial), "BMP"):  # type: ignore[call-overload]  # as above
                raise OSError("the image could not be written")
            os.replace(partial, target / IMAGE)
            written = target / f".{RECORD}.{os.getpid()}"
            written.write_text(json.dumps(record), encoding="utf-8")
            os.replace(written, target / RECORD)
        except OSError as error:
            log.info("the first frame was not kept for the next start: %s", error)

    return KEEPING.submit(write)
