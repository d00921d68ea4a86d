"""`kiosk run`'s first steps, light enough to put a frame on the screen before the rest loads.

It sets up logging (Qt's messages included) and the crash record, reads the device
settings, checks that Qt can show a window, makes the QApplication, and in kiosk mode shows
the last start's first frame if it is still current (kiosk.ui.kept_frame). Only then does
it import the player, the window and everything else (kiosk.ui.app), about 0.2 s of Python
on a 2-core machine, and hand over to `kiosk.ui.app.play`.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import sys
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk import APP_NAME, __version__, logs, paths
from kiosk.settings import files as settings_files
from kiosk.settings.hours import is_open
from kiosk.settings.model import Settings
from kiosk.system import crashlog
from kiosk.system.startup import EXIT_FAILED, RunOptions, process_age_ms, screen_index
from kiosk.ui import kept_frame, qtlog
from kiosk.ui.kept_frame import KeptFrame
from kiosk.ui.lockdown import pick_screen
from kiosk.ui.service import platform_advice

log = logging.getLogger("kiosk.app")

def run(options: RunOptions) -> int:
    """Play a bundle until told to stop; the process's exit status."""
    logs.setup(options.log_format)
    try:
        with qtlog.routed():
            code = _run_recording_crashes(options)
    finally:
        logs.teardown()
    imaging = sys.modules.get("kiosk.ui.imaging")
    if imaging is not None and imaging.stuck_decoders():
        # Qt would wait for the stuck decoder as the application is destroyed; the logs are written.
        sys.stderr.flush()
        os._exit(code)
    return code


def _run_recording_crashes(options: RunOptions) -> int:
    """A fatal crash (a segfault in a decoder) leaves its stack in the log folder for the next start."""
    folder = paths.log_dir()
    crashlog.report_previous_crash(folder)
    already = faulthandler.is_enabled()  # pytest's, or python -X faulthandler: given back at the end
    try:
        crashlog.enable(folder)
    except OSError as error:
        log.warning("fatal errors will not be recorded: %s", error)
    try:
        return _run(options)
    finally:
        crashlog.disable()
        if already and sys.__stderr__ is not None:
            faulthandler.enable(sys.__stderr__, all_threads=True)


def _run(options: RunOptions) -> int:
    loaded = settings_files.load()
    log.info("kiosk %s starting%s", __version__, " (windowed)" if options.windowed else "")
    advice = platform_advice()
    if advice is not None:
        log.critical("Qt cannot show a window on this system")
        print(advice, file=sys.stderr)
        return EXIT_FAILED
    app = _application(options)
    if not options.windowed:
        _warn_about(loaded.settings)
    conditions, kept = _kept_frame(options, loaded)
    from kiosk.ui import fonts  # after the kept frame: with QLocale's names, about 15-30 ms to import

    fonts.register_app_fonts()  # about 7 ms; before the kiosk window is styled
    from kiosk.ui.app import play

    return play(options, app, loaded, conditions, kept)


def _kept_frame(options: RunOptions, loaded: settings_files.LoadedSettings
                ) -> tuple[dict[str, Any] | None, KeptFrame | None]:
    """Kiosk mode: what the first frame depends on, and the last start's first frame on screen
    if it is still current."""
    if options.windowed:
        return None, None
    try:
        screen = pick_screen(screen_index(options, loaded), quiet=True)  # the player says it once, later
    except RuntimeError:
        return None, None
    now = kept_frame.conditions(options, settings_files.settings_path(), screen)
    is_open_now = is_open(loaded.settings.opening_hours, datetime.now())
    return now, KeptFrame.show_if_current(now, screen, is_open=is_open_now, clock=process_age_ms)


def prefer_raster() -> None:
    """Before the QApplication: widgets draw in software, and so does the conversion of video
    frames to pictures. Otherwise Qt Multimedia opens an OpenGL context to convert each frame,
    which on a machine without a GPU means Mesa's software rasteriser and LLVM: measured
    under Xvfb while a film plays, RSS 282 MB against 198 MB, PSS 207 MB against 150 MB.
    The kiosk has no OpenGL widget."""
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_ForceRasterWidgets)


def _application(options: RunOptions) -> QApplication:
    existing = QApplication.instance()
    if not isinstance(existing, QApplication):
        prefer_raster()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0] if sys.argv else APP_NAME])
    app.setApplicationName(APP_NAME)
    app.setQuitOnLastWindowClosed(options.windowed)
    return app


def _warn_about(settings: Settings) -> None:
    """Kiosk mode: settings this kiosk cannot honour yet, or that leave it unprotected."""
    if settings.admin_pin is None:
        log.warning("no admin PIN is set: set one with 'kiosk set-pin' before the kiosk is left alone")
    exposed = settings_files.writable_by_others(settings_files.settings_path())
    if exposed:
        log.warning("%s", exposed)
