"""The doctor's checks that need Qt: display, screen, OpenGL, audio devices, fonts and
read-aloud voices for each of the bundle's languages, and (in `kiosk.ui.doctor_media`)
decoding every media file.

Qt's own messages while checking go to the log, never to the table; an exception in a slot
becomes a line of the table instead of a traceback.
"""

from __future__ import annotations

import logging
import sys
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtGui import QFontMetrics, QOffscreenSurface, QOpenGLContext, QRawFont
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import QApplication

from kiosk import APP_NAME
from kiosk.bundle.model import Manifest
from kiosk.bundle.playable import PlayableBundle
from kiosk.system.doctor import Check, QtPlan, Status
from kiosk.ui.doctor_media import check_media, qt_messages_logged

log = logging.getLogger("kiosk.doctor")

SOFTWARE_RENDERERS = ("llvmpipe", "softpipe", "swrast", "software", "microsoft basic render")
SMALLEST_SCREEN = QSize(1280, 720)
GL_RENDERER, GL_VERSION = 0x1F01, 0x1F02


def _application(plan: QtPlan) -> QCoreApplication:
    existing = QApplication.instance()
    if existing is not None:
        return existing
    arguments = [APP_NAME]
    if plan.platform_problem is not None:
        arguments += ["-platform", "offscreen"]  # the rest can be checked without a display
    app = QApplication(arguments)
    app.setApplicationName(APP_NAME)
    return app


@contextmanager
def _slot_errors_collected(errors: list[str]) -> Iterator[None]:
    """An exception in one of the probes' slots becomes a line of the table, not a traceback."""
    previous = sys.excepthook

    def collect(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        log.error("unexpected error while checking: %s", error, exc_info=(kind, error, trace))
        errors.append(f"{kind.__name__}: {error}")

    sys.excepthook = collect
    try:
        yield
    finally:
        sys.excepthook = previous


def run(plan: QtPlan) -> list[Check]:
    errors: list[str] = []
    with qt_messages_logged(), _slot_errors_collected(errors):
        checks = _run(plan)
    if errors:
        checks.append(Check("qt", Status.FAIL, f"the doctor itself failed {len(errors)} time(s): {errors[0]}",
                            "run 'kiosk doctor --verbose' and report what it prints"))
    return checks


def _run(plan: QtPlan) -> list[Check]:
    app = _application(plan)
    platform = app.platformName() if isinstance(app, QApplication) else ""
    checks = display_checks(app, plan, platform)
    checks.append(check_opengl(platform))
    checks.append(check_audio())
    if plan.manifest is not None and plan.root is not None:
        checks += check_media(plan)
        checks += check_fonts(plan, plan.manifest, plan.root)
        checks.append(check_voices(plan.manifest))
    return checks


# -- display, OpenGL, audio -----------------------------------------------------------------


def display_checks(app: QCoreApplication, plan: QtPlan, platform: str) -> list[Check]:
    problem = plan.platform_problem
    if problem is not None:
        hint = (f"sudo apt-get install {' '.join(problem.packages)}" if problem.packages
                else "run the doctor (and the kiosk) inside the graphical session of the kiosk's user")
        return [Check("display", Status.FAIL, problem.message.splitlines()[0], hint)]
    if platform in ("offscreen", "minimal", ""):
        return [Check("display", Status.WARN, f"Qt draws off screen (platform '{platform or 'none'}'): "
                      "nothing would be shown", "run the doctor in the kiosk's graphical session, "
                      "without QT_QPA_PLATFORM=offscreen")]
    checks = [Check("display", Status.OK, f"Qt's '{platform}' display plugin loads")]
    screens = app.screens() if isinstance(app, QApplication) else []
    if not screens:
        checks.append(Check("screen", Status.FAIL, "Qt finds no screen", "check the cable and that the display is on"))
        return checks
    index = plan.screen if plan.screen < len(screens) else 0
    screen = screens[index]
    size = screen.size()
    ratio = screen.devicePixelRatio()
    detail = (f"{size.width()}x{size.height()} at {ratio:g}x, screen {index} "
              f"'{screen.name() or screen.model() or '?'}' of {len(screens)}")
    if plan.screen >= len(screens):
        checks.append(Check("screen", Status.WARN, f"the screen setting is {plan.screen} but there "
                            f"{'is' if len(screens) == 1 else 'are'} {len(screens)}; the kiosk uses {detail}",
                            "kiosk config set screen 0"))
    elif min(size.width(), size.height()) < SMALLEST_SCREEN.height() or max(size.width(), size.height()) < 1280:
        checks.append(Check("screen", Status.WARN, f"{detail}: smaller than 1280x720; the kiosk is designed "
                            "for 1920x1080", "set the display's resolution in the session (xrandr, or the "
                            "compositor's output settings)"))
    else:
        checks.append(Check("screen", Status.OK, detail))
    return checks


def check_opengl(platform: str) -> Check:
    context = QOpenGLContext()
    if not context.create():
        where = " on the offscreen platform" if platform == "offscreen" else ""
        return Check("opengl", Status.WARN, f"no OpenGL context can be created{where}: everything is drawn "
                     "in software", "install the graphics driver (Mesa: sudo apt-get install libgl1-mesa-dri)")
    surface = QOffscreenSurface()
    surface.setFormat(context.format())
    surface.create()
    try:
        if not context.makeCurrent(surface):
            return Check("opengl", Status.WARN, "an OpenGL context exists but cannot be used",
                         "check the graphics driver (glxinfo -B)")
        functions = context.functions()
        renderer = str(functions.glGetString(GL_RENDERER) or "unknown renderer")
        version = str(functions.glGetString(GL_VERSION) or "?")
        context.doneCurrent()
    finally:
        surface.destroy()
    if any(word in renderer.lower() for word in SOFTWARE_RENDERERS):
        return Check("opengl", Status.WARN, f"software rendering: {renderer}, OpenGL {version}",
                     "the GPU's driver is not in use; install it, then check with glxinfo -B "
                     "(video takes more CPU meanwhile)")
    return Check("opengl", Status.OK, f"{renderer}, OpenGL {version}")


def check_audio() -> Check:
    outputs = QMediaDevices.audioOutputs()
    if not outputs:
        return Check("audio", Status.WARN, "no audio output device: sound and films play silently",
                     "expected on a server; on a kiosk, connect speakers and check the user's sound "
                     "server (pactl info)")
    default = QMediaDevices.defaultAudioOutput()
    name = default.description() if not default.isNull() else outputs[0].description()
    return Check("audio", Status.OK, f"{len(outputs)} output device{'s' * (len(outputs) != 1)}; default: {name}")


# -- read aloud -----------------------------------------------------------------------------

SPEECH_PACKAGES = "speech-dispatcher espeak-ng"


def check_voices(manifest: Manifest) -> Check:
    """For each of the bundle's languages: a text-to-speech voice on this machine, or recorded
    narration for every exhibit that can be read aloud. A language with neither gets, when a
    visitor asks for it, the sentence that there is no voice."""
    from kiosk.play.readaloud import can_read_aloud, narration_for
    from kiosk.ui.a11y import readaloud
    from kiosk.ui.voice_probe import probe

    readable = [exhibit for _section, exhibit in manifest.exhibits() if can_read_aloud(exhibit)]
    if not readable:
        return Check("voices", Status.OK, "the bundle has no page or picture to read aloud")
    voices = probe(readaloud.ENGINE, list(manifest.languages))
    engine, voiced = voices.engine, list(voices.voiced)
    recorded = [code for code in manifest.languages
                if all(narration_for(exhibit, code) is not None for exhibit in readable)]
    neither = [code for code in manifest.languages if code not in voiced and code not in recorded]
    listed = ", ".join(voiced) if voiced else "none"
    detail = f"text-to-speech ({engine or 'no engine'}) has voices for {listed}"
    if recorded:
        detail += f"; recorded narration for every page in {', '.join(recorded)}"
    if not neither:
        return Check("voices", Status.OK, detail)
    why = voices.error
    missing = ", ".join(neither)
    return Check("voices", Status.WARN,
                 f"{detail}; no voice for {missing}: on a page without a recording in these, read aloud "
                 "can only say so" + (f" ({why})" if why else ""),
                 f"sudo apt-get install {SPEECH_PACKAGES} (espeak-ng speaks about a hundred languages), "
                 "or record narration for the bundle's pages in those languages")


# -- fonts ----------------------------------------------------------------------------------


def _drawn(character: str) -> bool:
    """A character that needs a glyph (not a space, a control or a formatting mark)."""
    return unicodedata.category(character) not in ("Cc", "Cf", "Zs", "Zl", "Zp")


def _interface_words(language: str) -> list[str]:
    try:
        from kiosk.ui import i18n
    except ImportError:
        return []
    try:
        return [*i18n.catalogue(language).values(), i18n.native_name(language)]
    except (AttributeError, OSError, ValueError):
        return []


def _font_hint(language: str) -> str:
    base = language.split("-", maxsplit=1)[0].lower()
    package = "fonts-noto-cjk" if base in ("zh", "ja", "ko") else "fonts-noto-core"
    return f"install a font with these characters (Debian/Ubuntu: sudo apt-get install {package}), or bundle one " \
           "as theme.font"


def check_fonts(plan: QtPlan, manifest: Manifest, root: Path) -> list[Check]:
    """For each language: every character of the bundle's texts and the interface's words has a glyph
    in the font the kiosk uses (its own fonts and the system's fallbacks included)."""
    from kiosk.ui.theme import DESIGN_SIZE, Theme

    bundle = PlayableBundle(manifest, root, root)
    theme = Theme.create(bundle, DESIGN_SIZE)
    font = theme.font(theme.body_px)
    metrics = QFontMetrics(font)
    checks: list[Check] = []
    declared = manifest.theme.font
    if declared and not QRawFont(str(root / declared), 12.0).isValid():
        checks.append(Check("font", Status.WARN, f"the bundle's font {declared} cannot be read; "
                            f"text is drawn in {theme.family}", "replace the font file (a .ttf or .otf)"))
    for language, texts in plan.texts.items():
        characters = {character for text in [*texts, *_interface_words(language)] for character in text
                      if _drawn(character)}
        missing = sorted(character for character in characters if not metrics.inFontUcs4(ord(character)))
        name = f"font {language}"
        if missing:
            shown = " ".join(f"U+{ord(c):04X}" + (f" '{c}'" if c.isprintable() else "") for c in missing[:6])
            more = f" and {len(missing) - 6} more" if len(missing) > 6 else ""
            checks.append(Check(name, Status.FAIL, f"{len(missing)} of {len(characters)} characters have no glyph in "
                                f"any font here: {shown}{more}", _font_hint(language)))
        else:
            checks.append(Check(name, Status.OK, f"all {len(characters)} characters have glyphs ({theme.family} "
                                "and its fallbacks)"))
    return checks
