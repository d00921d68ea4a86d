"""Markdown rendered by Qt's own reader, then set in the kiosk's sizes.

`QTextDocument.setMarkdown` gives headings, lists, emphasis and links; its sizes are
desktop sizes. This sets every block in pixel sizes for reading from a step away, with
generous line height and paragraph spacing, and colours links with the accent.

Qt's reader makes an image of every picture, whatever its syntax (`![alt](path)`, by
reference, HTML `<img>`), and the text view would read each from disk as it paints, even
`/etc/…` or a FIFO. So every picture first gets an empty stand-in here; an article then
decodes those inside the bundle (kiosk.ui.exhibits.inline_pictures) and other views show none.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import (
    QFont,
    QImage,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFragment,
    QTextOption,
)

from kiosk.ui.exhibits.style import BODY_PX, HEADING_PX, SUBHEADING_PX, Colors, Metrics

_HEADING_PX = {1: HEADING_PX + 4, 2: HEADING_PX - 4, 3: SUBHEADING_PX - 2}


@dataclass(frozen=True)
class TextLook:
    metrics: Metrics
    colors: Colors
    base_font: QFont
    body_px: float = BODY_PX
    rtl: bool = False


def render_markdown(document: QTextDocument, markdown: str, look: TextLook) -> None:
    """Fill `document` with `markdown`, styled for the kiosk."""
    body = look.metrics.font(look.base_font, look.body_px)
    document.setDefaultFont(body)
    document.setDocumentMargin(0)
    option = QTextOption(document.defaultTextOption())
    option.setTextDirection(Qt.LayoutDirection.RightToLeft if look.rtl else Qt.LayoutDirection.LeftToRight)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(option)
    document.setMarkdown(markdown, QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
    _stand_in_pictures(document)
    body_px = look.metrics.text_px(look.body_px)
    block = document.begin()
    while block.isValid():
        level = block.blockFormat().headingLevel()
        block_format = QTextBlockFormat()
        if level:
            px = look.metrics.text_px(_HEADING_PX.get(level, look.body_px))
            block_format.setTopMargin(round(px * 0.9) if block != document.begin() else 0)
            block_format.setBottomMargin(round(px * 0.35))
            block_format.setLineHeight(120, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        else:
            px = body_px
            block_format.setBottomMargin(round(px * (0.3 if block.textList() else 0.75)))
            block_format.setLineHeight(150, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        block_format.setAlignment(Qt.AlignmentFlag.AlignLeading)
        cursor = QTextCursor(block)
        cursor.mergeBlockFormat(block_format)
        cursor.setBlockCharFormat(_sized(cursor.blockCharFormat(), px, bool(level), look.colors))
        _size_fragments(block, px, bool(level), look.colors)
        block = block.next()


def image_fragments(document: QTextDocument) -> Iterator[QTextFragment]:
    """Every picture of a rendered text, in order."""
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.isValid() and fragment.charFormat().isImageFormat():
                yield fragment
            iterator += 1
        block = block.next()


def _stand_in_pictures(document: QTextDocument) -> None:
    """An empty picture for every image the text names, so that none is ever read from disk."""
    empty = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
    empty.fill(0)
    for fragment in image_fragments(document):
        name = fragment.charFormat().toImageFormat().name()
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), empty)


def _sized(char_format: QTextCharFormat, px: int, heading: bool, colors: Colors) -> QTextCharFormat:
    """The format at `px` pixels: the reader's relative sizes removed, links in the accent."""
    sized = QTextCharFormat(char_format)
    sized.clearProperty(QTextFormat.Property.FontSizeAdjustment)
    sized.clearProperty(QTextFormat.Property.FontPointSize)
    sized.setProperty(QTextFormat.Property.FontPixelSize, px)
    if heading:
        sized.setFontWeight(QFont.Weight.DemiBold)
    if sized.isAnchor():
        sized.setForeground(colors.accent)
        sized.setFontUnderline(True)
    return sized


def _size_fragments(block: QTextBlock, px: int, heading: bool, colors: Colors) -> None:
    fragments = []
    iterator = block.begin()
    while not iterator.atEnd():
        fragment = iterator.fragment()
        if fragment.isValid():
            fragments.append((fragment.position(), fragment.length(), fragment.charFormat()))
        iterator += 1
    cursor = QTextCursor(block.document())
    for position, length, char_format in fragments:
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(_sized(char_format, px, heading, colors))


def heading_texts(document: QTextDocument) -> list[tuple[int, str]]:
    """The document's headings as (level, text): what a test or an outline needs."""
    found = []
    block = document.begin()
    while block.isValid():
        level = block.blockFormat().headingLevel()
        if level:
            found.append((level, block.text()))
        block = block.next()
    return found
