"""`kiosk run`'s first steps, light enough to put a frame on the screen before the rest loads.

It sets up logging (Qt's messages included) and the crash record, reads the device
settings, checks that Qt can show a window, makes the QApplication, and in kiosk mode shows
the last start's first frame if it is still current (kiosk.ui.kept_frame). Only then does
it import the player, the window and everything else (kiosk.ui.app), about 0.2 s of Python
on a 2-core machine, and hand over to `kiosk.ui.app.play`.
"""

from __future__ import annotations

import argparse
import faulthandler
import logging
import os
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk import APP_NAME, __version__, logs, paths
from kiosk.settings import files as settings_files
from kiosk.settings.hours import is_open
from kiosk.settings.model import Settings
from kiosk.system import crashlog
from kiosk.ui import kept_frame, qtlog
from kiosk.ui.kept_frame import KeptFrame
from kiosk.ui.lockdown import pick_screen
from kiosk.ui.service import platform_advice

log = logging.getLogger("kiosk.app")

EXIT_OK, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 130

_MODULE_LOADED = time.monotonic()


def process_age_ms() -> float:
    """Milliseconds since this process started (since this module loaded, where unknown)."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return (time.clock_gettime(time.CLOCK_BOOTTIME) - started) * 1000
    except (OSError, ValueError, IndexError, AttributeError):
        return (time.monotonic() - _MODULE_LOADED) * 1000


def screen_index(args: argparse.Namespace, loaded: settings_files.LoadedSettings) -> int | None:
    """`--screen`, else the `screen` setting if the file sets it, else None (the primary screen)."""
    if args.screen is not None:
        return int(args.screen)
    return loaded.settings.screen if "screen" in loaded.explicit else None


def run(args: argparse.Namespace) -> int:
    """Play a bundle until told to stop; the process's exit status."""
    logs.setup(args.log_format)
    try:
        with qtlog.routed():
            code = _run_recording_crashes(args)
    finally:
        logs.teardown()
    imaging = sys.modules.get("kiosk.ui.imaging")
    if imaging is not None and imaging.stuck_decoders():
        # Qt would wait for the stuck decoder as the application is destroyed; the logs are written.
        sys.stderr.flush()
        os._exit(code)
    return code


def _run_recording_crashes(args: argparse.Namespace) -> int:
    """A fatal crash (a segfault in a decoder) leaves its stack in the log folder for the next start."""
    folder = paths.log_dir()
    crashlog.report_previous_crash(folder)
    already = faulthandler.is_enabled()  # pytest's, or python -X faulthandler: given back at the end
    try:
        crashlog.enable(folder)
    except OSError as error:
        log.warning("fatal errors will not be recorded: %s", error)
    try:
        return _run(args)
    finally:
        crashlog.disable()
        if already and sys.__stderr__ is not None:
            faulthandler.enable(sys.__stderr__, all_threads=True)


def _run(args: argparse.Namespace) -> int:
    loaded = settings_files.load()
    log.info("kiosk %s starting%s", __version__, " (windowed)" if args.windowed else "")
    advice = platform_advice()
    if advice is not None:
        log.critical("Qt cannot show a window on this system")
        print(advice, file=sys.stderr)
        return EXIT_FAILED
    app = _application(args)
    if not args.windowed:
        _warn_about(loaded.settings)
    conditions, kept = _kept_frame(args, loaded)
    from kiosk.ui import fonts  # after the kept frame: with QLocale's names, about 15-30 ms to import

    fonts.register_app_fonts()  # about 7 ms; before the kiosk window is styled
    from kiosk.ui.app import play

    return play(args, app, loaded, conditions, kept)


def _kept_frame(args: argparse.Namespace, loaded: settings_files.LoadedSettings
                ) -> tuple[dict[str, Any] | None, KeptFrame | None]:
    """Kiosk mode: what the first frame depends on, and the last start's first frame on screen
    if it is still current."""
    if args.windowed:
        return None, None
    try:
        screen = pick_screen(screen_index(args, loaded), quiet=True)  # the player says it once, later
    except RuntimeError:
        return None, None
    now = kept_frame.conditions(args, settings_files.settings_path(), screen)
    is_open_now = is_open(loaded.settings.opening_hours, datetime.now())
    return now, KeptFrame.show_if_current(now, screen, is_open=is_open_now, clock=process_age_ms)


def prefer_raster() -> None:
    """Before the QApplication: widgets draw in software, and so does the conversion of video
    frames to pictures. Otherwise Qt Multimedia opens an OpenGL context to convert each frame,
    which on a machine without a GPU means Mesa's software rasteriser and LLVM: measured
    under Xvfb while a film plays, RSS 282 MB against 198 MB, PSS 207 MB against 150 MB.
    The kiosk has no OpenGL widget."""
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_ForceRasterWidgets)


def _application(args: argparse.Namespace) -> QApplication:
    existing = QApplication.instance()
    if not isinstance(existing, QApplication):
        prefer_raster()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0] if sys.argv else APP_NAME])
    app.setApplicationName(APP_NAME)
    app.setQuitOnLastWindowClosed(args.windowed)
    return app


def _warn_about(settings: Settings) -> None:
    """Kiosk mode: settings this kiosk cannot honour yet, or that leave it unprotected."""
    if settings.admin_pin is None:
        log.warning("no admin PIN is set: set one with 'kiosk set-pin' before the kiosk is left alone")
    exposed = settings_files.writable_by_others(settings_files.settings_path())
    if exposed:
        log.warning("%s", exposed)
