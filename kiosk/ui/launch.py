"""`kiosk run`'s first steps, light enough to put a frame on the screen before the rest loads.

It sets up logging (Qt's messages included) and the crash record, checks that Qt can show a
window, makes the QApplication, and in kiosk mode shows the last start's first frame if it is
still current (kiosk.ui.kept_frame), judged by what its record remembers of the settings while
the settings file is unchanged. Only then does it open the log file (holding the lines logged
so far), read the device settings (closing the frame if they do not match it after all),
import the player, the window and everything else (kiosk.ui.app), about 0.2 s of Python on a
2-core machine, and hand over to `kiosk.ui.app.play`.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk import APP_NAME, __version__, logs, paths
from kiosk.settings import settings_path
from kiosk.settings.hours import is_open
from kiosk.system import crashlog
from kiosk.system.startup import EXIT_FAILED, RunOptions, process_age_ms, screen_index
from kiosk.ui import kept_frame, qtlog
from kiosk.ui.lockdown import pick_screen

if TYPE_CHECKING:
    from kiosk.settings.files import LoadedSettings
    from kiosk.settings.model import Settings

log = logging.getLogger("kiosk.app")

def run(options: RunOptions) -> int:
    """Play a bundle until told to stop; the process's exit status."""
    logs.setup(options.log_format, defer_file=True)  # opened once the first frame shows
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
    log.info("kiosk %s starting%s", __version__, " (windowed)" if options.windowed else "")
    advice = platform_advice()
    if advice is not None:
        log.critical("Qt cannot show a window on this system")
        print(advice, file=sys.stderr)
        return EXIT_FAILED
    app = _application(options)
    kept = None if options.windowed else kept_frame.show_early(options, settings_path(), clock=process_age_ms)
    logs.open_file()
    from kiosk.settings import files as settings_files  # YAML and the declarations: after the frame

    loaded = settings_files.load()
    if not options.windowed:
        _warn_about(loaded.settings)
    conditions, open_now = _conditions(options, loaded)
    if kept is not None and (conditions is None or not kept.still_current(conditions, is_open=open_now)):
        log.info("the kept first frame does not match the settings as read; the kiosk starts without it")
        kept.close_soon()
        kept = None
    from kiosk.ui import fonts  # after the kept frame: with QLocale's names, about 15-30 ms to import

    fonts.register_app_fonts()  # about 7 ms; before the kiosk window is styled
    from kiosk.ui.app import play

    return play(options, app, loaded, conditions, kept)


def _conditions(options: RunOptions, loaded: LoadedSettings) -> tuple[dict[str, Any] | None, bool]:
    """Kiosk mode: what the first frame depends on, made from the loaded settings, and whether
    the kiosk is open now; (None, False) in the archive viewer or without a screen."""
    if options.windowed:
        return None, False
    try:
        screen = pick_screen(screen_index(options, loaded), quiet=True)  # the player says it once, later
    except RuntimeError:
        return None, False
    explicit_screen = loaded.settings.screen if "screen" in loaded.explicit else None
    settings = kept_frame.remembered(explicit_screen, loaded.settings.opening_hours)
    now = kept_frame.conditions(options, settings_path(), screen, settings)
    return now, is_open(loaded.settings.opening_hours, datetime.now())


def platform_advice() -> str | None:
    """What to do when Qt could not show a window here, or None when it can (or is running)."""
    if QApplication.instance() is not None:
        return None
    from kiosk.system import platformcheck  # with ctypes: only when there is no application yet

    if platformcheck.chosen_platform() == "offscreen":
        return None
    problem = platformcheck.check_platform()
    return problem.advice() if problem is not None else None


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
    from kiosk.settings.files import writable_by_others

    exposed = writable_by_others(settings_path())
    if exposed:
        log.warning("%s", exposed)
