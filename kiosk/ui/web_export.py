"""What `kiosk export-web` needs from Qt: the kiosk's words, languages' names, pictures' web sizes.

The export itself (kiosk.export) is Qt-free; the command hands it these. The words are the
kiosk's own, through `say`, with the bundle's `interface:` words first, so a visitor reads the
same "Home", "Transcript" and "3 exhibits" on the site as on the kiosk. Pictures are read by
`kiosk.ui.imaging.picture_reader`, the kiosk's one way to read a picture: the EXIF or TIFF
orientation honoured, colours converted to sRGB from an embedded profile, SVGs never read here.
QImage works without a QGuiApplication, so the command opens no window.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage

from kiosk.bundle.model import Manifest
from kiosk.export.ports import Language, PageWords, Rendition, WebPicture
from kiosk.ui import i18n
from kiosk.ui.imaging import picture_reader, refusal, screen_ready
from kiosk.ui.languages import is_rtl, native_name

log = logging.getLogger("kiosk.ui.web_export")

JPEG_QUALITY = 82
BROWSER_FORMATS = (".jpg", ".jpeg", ".png", ".webp")


class KioskWords:
    """The interface's words as the kiosk says them, for a bundle."""

    def __init__(self, manifest: Manifest) -> None:
        i18n.use_bundle(manifest.interface.values if manifest.interface else None, manifest.languages)

    def page_words(self, language: str, counts: tuple[int, ...]) -> PageWords:
        say = i18n.say
        return PageWords(
            home=say("home", language), back=say("back", language), next=say("next", language),
            previous=say("previous", language), language=say("language", language),
            captions=say("captions", language), transcript=say("transcript", language),
            from_captions=say("captions_as_text", language), related=say("related", language),
            close=say("close", language), zoom_hint=say("picture_desc", language),
            skip_to_content=say("skip_to_content", language), credits=say("credits", language),
            full_image=say("full_image", language), zoom_in=say("zoom_in", language),
            zoom_out=say("zoom_out", language), read_aloud=say("read_aloud", language),
            image_n_of_m=say("image_n_of_m", language, n="{n}", m="{m}"),
            unavailable=say("unavailable", language),
            kinds={kind: say(kind, language) for kind in ("text", "image", "gallery", "audio", "video", "article")},
            counts={n: i18n.say_count("exhibits_count", n, language) for n in counts},
        )

    def language(self, code: str) -> Language:
        return Language(code, native_name(code), is_rtl(code))


class QtPictures:
    """Pictures decoded with QImage and written as JPEG (PNG where they are transparent)."""

    def web_picture(self, path: Path, widths: tuple[int, ...]) -> WebPicture | None:
        reader = picture_reader(path)
        image = reader.read()
        if image.isNull():
            log.warning("%s cannot be decoded: %s", path, refusal(reader))
            return None
        image = screen_ready(image)
        alpha = image.hasAlphaChannel()
        sizes = []
        for width in widths:
            if width >= image.width():
                continue
            scaled = image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
            sizes.append(self._encoded(scaled, alpha))
        full = None
        if path.suffix.lower() not in BROWSER_FORMATS:
            full = self._encoded(image, alpha)
        return WebPicture(image.width(), image.height(), tuple(sizes), full)

    @staticmethod
    def _encoded(image: QImage, alpha: bool) -> Rendition:
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if alpha:
            image.save(buffer, "PNG")  # type: ignore[call-overload]  # PySide6 takes the name as str
        else:
            image.convertToFormat(QImage.Format.Format_RGB888).save(buffer, "JPEG", JPEG_QUALITY)  # type: ignore[call-overload]
        buffer.close()
        return Rendition(image.width(), image.height(), bytes(data.data()), ".png" if alpha else ".jpg")
