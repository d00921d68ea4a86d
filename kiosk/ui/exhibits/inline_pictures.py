"""Pictures inside an article's Markdown (`![what it shows](media/chart.png)`), fitted to the
column and decoded off the GUI thread.

Qt's Markdown reader turns each picture into an image in the text, which QTextBrowser would
read from disk, whole, on the GUI thread the first time it paints, and draw at its own size:
an 8000x6000 photograph would stall the screen and overflow the column. Here every picture
gets its box at once (from the file's header: the column's width, or less, keeping its
proportions; never taller than 60 % of the screen) so the text around it does not move when it
arrives, a transparent stand-in until then, and the kiosk's decoder at exactly that size.

A picture outside the bundle (an absolute path, a web address, a `..`), missing or unreadable
is taken out of the text, and the log says which; `kiosk validate` reports it to the curator.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from PySide6.QtCore import QEvent, QObject, QSize, QUrl
from PySide6.QtGui import QImage, QTextBlockFormat, QTextCursor, QTextDocument, QTextFormat
from PySide6.QtWidgets import QTextBrowser

from kiosk.ui.exhibits.markdown import image_fragments
from kiosk.ui.imaging import DecodedImage, fit_size, read_size
from kiosk.ui.tiles import pictures

log = logging.getLogger("kiosk.ui.exhibits")

MAX_SCREEN_SHARE = 0.6


@dataclass
class _Inline:
    name: str
    path: Path
    source: QSize
    alt: str = ""
    box: QSize = field(default_factory=QSize)
    ticket: int | None = None


def bundle_picture(root: Path, name: str) -> Path | None:
    """The file a Markdown picture names inside the bundle at `root`, or None if it names
    anything else (a web address, an absolute path, a way out of the bundle)."""
    if not name or "://" in name or name.startswith(("/", "\\")) or ":" in name.partition("/")[0]:
        return None
    relative = PurePosixPath(name)
    if ".." in relative.parts:
        return None
    path = (root / relative).resolve()
    return path if path.is_relative_to(root.resolve()) else None


class InlinePictures(QObject):
    """The Markdown pictures of one QTextBrowser's document; call `load()` after each render."""

    def __init__(self, browser: QTextBrowser, root: Path) -> None:
        super().__init__(browser)
        self.browser = browser
        self.root = root
        self.pictures: list[_Inline] = []
        browser.viewport().installEventFilter(self)  # its resize comes once its width is known

    def load(self) -> None:
        """Find the document's pictures, drop those that cannot show, and fit the rest."""
        for picture in self.pictures:
            pictures.cancel(picture.ticket)
        self.pictures = []
        document = self.browser.document()
        for position, length, name, alt in reversed(list(_image_fragments(document))):
            path = bundle_picture(self.root, name)
            source = read_size(path) if path is not None else QSize()
            if path is None or not source.isValid():
                log.warning("the article's picture %r is %s; it is left out", name,
                            "outside the bundle" if path is None else "missing or unreadable")
                cursor = QTextCursor(document)
                cursor.setPosition(position)
                cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
                cursor.removeSelectedText()
                continue
            self.pictures.insert(0, _Inline(name, path, source, alt))
            document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), _stand_in())
            _single_height(document, position)
        self.fit()

    @property
    def alt_texts(self) -> list[str]:
        """What the pictures shown show, in order, for a screen reader (the text has only a
        placeholder character where each stands)."""
        return [picture.alt.strip() for picture in self.pictures if picture.alt.strip()]

    def fit(self) -> None:
        """Give each picture its box for the column's width now, and ask for it at that size."""
        width = self.browser.viewport().width()
        screen = self.browser.screen()
        if width < 16 or not self.pictures:
            return
        ratio = self.browser.devicePixelRatioF()
        tallest = round((screen.size().height() if screen is not None else 1080) * MAX_SCREEN_SHARE)
        document = self.browser.document()
        boxes = {picture.name: fit_size(picture.source, QSize(width, tallest)) for picture in self.pictures}
        for position, length, name, _alt in _image_fragments(document):
            box = boxes.get(name)
            if box is None:
                continue
            cursor = QTextCursor(document)
            cursor.setPosition(position)
            cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
            image_format = cursor.charFormat().toImageFormat()
            if round(image_format.width()) != box.width() or round(image_format.height()) != box.height():
                image_format.setWidth(box.width())
                image_format.setHeight(box.height())
                cursor.setCharFormat(image_format)
        for picture in self.pictures:
            box = boxes[picture.name]
            if box != picture.box:
                picture.box = box
                pictures.cancel(picture.ticket)
                picture.ticket = pictures.request(self.browser, picture.path, box * ratio,
                                                  functools.partial(self._arrived, picture))

    def _arrived(self, picture: _Inline, decoded: DecodedImage | None) -> None:
        picture.ticket = None
        if decoded is None:
            return
        image = QImage(decoded.image)
        image.setDevicePixelRatio(self.browser.devicePixelRatioF())
        self.browser.document().addResource(QTextDocument.ResourceType.ImageResource, QUrl(picture.name), image)
        self.browser.viewport().update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize and watched is self.browser.viewport():
            self.fit()
        return False


def _image_fragments(document: QTextDocument) -> list[tuple[int, int, str, str]]:
    """(position, length, name, alt text) of every image in the document, in order."""
    found = []
    for fragment in image_fragments(document):
        image_format = fragment.charFormat().toImageFormat()
        alt = image_format.property(QTextFormat.Property.ImageAltText)
        found.append((fragment.position(), fragment.length(), image_format.name(), alt if isinstance(alt, str) else ""))
    return found


def _single_height(document: QTextDocument, position: int) -> None:
    """A paragraph that is only pictures keeps no text line height: the body's leading (150 %),
    applied to a picture's height, would leave a gap of half the picture under it."""
    block = document.findBlock(position)
    if block.text().strip("\ufffc \t"):
        return
    cursor = QTextCursor(block)
    block_format = block.blockFormat()
    block_format.setLineHeight(100, QTextBlockFormat.LineHeightTypes.SingleHeight.value)
    cursor.setBlockFormat(block_format)


def _stand_in() -> QImage:
    image = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    return image
