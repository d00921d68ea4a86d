"""`kiosk preview`: every screen of a bundle as PNG files, plus a contact sheet.

The previews come from the real window and screens, driven through the real player, so
they show what visitors will see: the attract loop, home, each section and each exhibit
(a film by its poster, or by its first frame when it has none). Rendering is offscreen;
no window appears and no display is needed. A bundle whose only errors are broken files
previews as it plays, with placeholders for them, and the broken files are named.
"""

from __future__ import annotations

import logging
import math
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QRect, QRectF, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import logs, paths
from kiosk.bundle.glyphs import glyph_findings
from kiosk.bundle.model import VideoExhibit
from kiosk.bundle.playable import BundleLoadError, PlayableBundle, load_playable
from kiosk.play.clock import ManualClock
from kiosk.play.player import Player, PlayerConfig
from kiosk.ui import bidi, qtlog
from kiosk.ui.i18n import say
from kiosk.ui.imaging import shared_decoder
from kiosk.ui.window import KioskWindow

log = logging.getLogger("kiosk.preview")

THUMB_WIDTH = 480
COLUMNS = 4
SETTLE_ROUNDS = 12
FIRST_FRAME_TIMEOUT_MS = 5000


@dataclass(frozen=True)
class Shot:
    file: Path
    label: str


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-") or "screen"


def settle(app: QCoreApplication) -> None:
    """Let layouts, decodes and the follow-up decodes they cause all finish."""
    decoder = shared_decoder()
    for _ in range(SETTLE_ROUNDS):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        idle = decoder.wait_idle(10_000)
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if idle and decoder.wait_idle(0):
            break


def first_frame(path: Path, timeout_ms: int = FIRST_FRAME_TIMEOUT_MS) -> QImage | None:
    """The first picture of a film, for a preview of a video without a poster."""
    from PySide6.QtMultimedia import QMediaPlayer, QVideoFrame, QVideoSink

    player = QMediaPlayer()
    sink = QVideoSink()
    player.setVideoSink(sink)
    loop = QEventLoop()
    found: list[QImage] = []

    def on_frame(frame: QVideoFrame) -> None:
        if frame.isValid() and not found:
            image = frame.toImage()
            if not image.isNull():
                found.append(image)
                loop.quit()

    sink.videoFrameChanged.connect(on_frame)
    player.errorOccurred.connect(lambda *_: loop.quit())
    player.setSource(QUrl.fromLocalFile(str(path)))
    player.play()
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    player.stop()
    player.setVideoSink(None)  # type: ignore[arg-type]
    return found[0] if found else None


def _paint_first_frame(window: KioskWindow, image: QImage, shot: QImage) -> None:
    """Draw `image` where the video view shows its picture (it shows its poster there)."""
    view = window.exhibit.view
    surface = getattr(view, "surface", None)
    if not isinstance(surface, QWidget):
        return
    top_left = surface.mapTo(window, surface.rect().topLeft())
    area = QRectF(QRect(top_left, surface.size()))
    size = image.size().scaled(area.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
    target = QRectF(area.center().x() - size.width() / 2, area.center().y() - size.height() / 2,
                    size.width(), size.height())
    painter = QPainter(shot)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.drawImage(target, image)
    painter.end()


def contact_sheet(shots: list[Shot], window: KioskWindow, size: QSize) -> QImage:
    """Thumbnails of every preview with its label, on the bundle's ground."""
    theme = window.stage.theme
    thumb = QSize(THUMB_WIDTH, round(THUMB_WIDTH * size.height() / size.width()))
    font = theme.font(18)
    label_height = QFontMetrics(font).lineSpacing() * 2 + 12
    gap = 24
    rows = math.ceil(len(shots) / COLUMNS)
    sheet = QImage(gap + COLUMNS * (thumb.width() + gap), gap + rows * (thumb.height() + label_height + gap),
                   QImage.Format.Format_RGB32)
    sheet.fill(theme.background)
    painter = QPainter(sheet)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.setFont(font)
    metrics = QFontMetrics(font)
    for index, shot in enumerate(shots):
        row, column = divmod(index, COLUMNS)
        x = gap + column * (thumb.width() + gap)
        y = gap + row * (thumb.height() + label_height + gap)
        image = QImage(str(shot.file))
        painter.drawImage(QRect(x, y, thumb.width(), thumb.height()), image)
        painter.setPen(QColor(theme.muted))
        painter.drawRect(QRect(x, y, thumb.width() - 1, thumb.height() - 1))
        painter.setPen(theme.foreground)
        painter.setLayoutDirection(window.layoutDirection())  # the label reads the visit's way
        label = metrics.elidedText(shot.label, Qt.TextElideMode.ElideRight, thumb.width())
        painter.drawText(QRect(x, y + thumb.height() + 6, thumb.width(), metrics.lineSpacing()),
                         int(Qt.AlignmentFlag.AlignLeft), label)
        painter.setPen(theme.muted)
        painter.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # a file name
        painter.drawText(QRect(x, y + thumb.height() + 6 + metrics.lineSpacing(), thumb.width(),
                               metrics.lineSpacing()), int(Qt.AlignmentFlag.AlignLeft), shot.file.name)
    painter.end()
    return sheet


class Previewer:
    """Walks a bundle's screens through the player and saves each as it looks."""

    def __init__(self, bundle: PlayableBundle, output: Path, size: tuple[int, int],
                 language: str | None) -> None:
        self.bundle = bundle
        self.output = output
        self.size = QSize(*size)
        self.player = Player(bundle.manifest, PlayerConfig(language=language), ManualClock())
        self.window = KioskWindow(bundle, self.player, windowed=False, transition_ms=0, size=self.size)
        self.window.attract.fade_ms = 0
        self.window.exhibit.preload = False
        self.window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        self.window.setFixedSize(self.size)
        self.shots: list[Shot] = []

    def run(self) -> list[Shot]:
        app = QCoreApplication.instance()
        assert app is not None
        self.output.mkdir(parents=True, exist_ok=True)
        self.window.show()
        manifest = self.bundle.manifest
        language = self.player.settings.language
        self.player.start()
        self._save(app, "attract", say("preview_attract", language))
        self.player.touch()
        self._save(app, "home", say("home", language))
        for s, section in enumerate(manifest.sections):
            title = section.title.get(language, manifest.languages)
            self.player.open_section(s)
            self._save(app, f"section-{section.id}", title)
            for e, exhibit in enumerate(section.exhibits):
                self.player.open_exhibit(s, e)
                label = bidi.join((title, exhibit.title.get(language, manifest.languages)))
                frame = None
                if isinstance(exhibit, VideoExhibit) and not exhibit.poster and not self.bundle.is_broken(exhibit.file):
                    frame = first_frame(self.bundle.file(exhibit.file))
                self._save(app, f"{section.id}-{exhibit.id}", label, frame)
        self.player.home()
        contact = self.output / "contact.png"
        contact_sheet(self.shots, self.window, self.size).save(str(contact))
        self.window.shutdown()
        self.window.locked = False
        self.window.close()
        self.window.deleteLater()  # gone at Qt's next turn, not whenever the garbage collector runs
        return self.shots

    def _save(self, app: QCoreApplication, name: str, label: str, frame: QImage | None = None) -> None:
        settle(app)
        image = self.window.grab().toImage()
        if frame is not None:
            _paint_first_frame(self.window, frame, image)
        path = self.output / f"{len(self.shots):02d}-{_slug(name)}.png"
        if not image.save(str(path)):
            raise OSError(f"cannot write {path}")
        self.shots.append(Shot(path, label))


def preview(bundle_path: Path, output: Path, size: tuple[int, int] = (1920, 1080), lang: str | None = None) -> int:
    """Render every screen of the bundle at `bundle_path` into `output`, at `size`, in `lang`
    (default: the bundle's first language); the process's exit status."""
    owns_logging = not logging.getLogger().handlers
    if owns_logging:
        logs.setup("text", to_file=False)
        logging.getLogger("kiosk.ui").setLevel(logging.WARNING)
    started = time.perf_counter()
    if QCoreApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(["kiosk-preview"])
    else:
        app = QApplication.instance()  # type: ignore[assignment]
    with qtlog.routed():
        try:
            bundle = load_playable(bundle_path, paths.cache_dir())
        except BundleLoadError as error:
            for finding in error.report.errors:
                log.error("%s", finding.format())
            log.error("%s cannot be previewed: it has %d error(s)", bundle_path, len(error.report.errors))
            return 1
        if bundle.broken:
            log.warning("%d broken file(s) will show as placeholders or play without their captions: %s",
                        len(bundle.broken), ", ".join(sorted(bundle.broken)))
        # Characters no font will draw show as boxes in the pictures: say which, and what to add.
        for finding in glyph_findings(bundle.manifest, lambda path: bundle.file(path).read_bytes()):
            log.warning("%s", finding.format(f"{bundle_path}/"))
        if lang and lang not in bundle.manifest.languages:
            log.error("the bundle has no language '%s'; it has: %s", lang,
                      ", ".join(bundle.manifest.languages))
            return 1
        try:
            shots = Previewer(bundle, output, size, lang).run()
        except OSError as error:
            log.error("%s", error)
            return 1
    del app
    log.info("wrote %d screens and contact.png to %s in %.1f s", len(shots), output,
             time.perf_counter() - started)
    return 0
