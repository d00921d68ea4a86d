"""Pictures inside an article's Markdown: fitted to the column, decoded off the GUI thread, and
anything that cannot show taken out of the text rather than drawn as a broken image."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize, QUrl
from PySide6.QtGui import QColor, QImage, QTextBlockFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QWidget

from kiosk.ui.exhibits.inline_pictures import MAX_SCREEN_SHARE, InlinePictures, bundle_picture
from kiosk.ui.exhibits.text import FittedText

OBJECT = "\ufffc"  # how a picture stands in the text


@pytest.fixture
def root(tmp_path: Path) -> Path:
    media = tmp_path / "bundle" / "media"
    media.mkdir(parents=True)
    for name, size, colour in (("wide.png", (2000, 1000), "#c0392b"), ("tall.png", (500, 3000), "#2e86c1")):
        image = QImage(*size, QImage.Format.Format_RGB32)
        image.fill(QColor(colour))
        assert image.save(str(media / name))
    (tmp_path / "secret.png").write_bytes((media / "wide.png").read_bytes())
    return tmp_path / "bundle"


def resource(browser: FittedText, name: str) -> QImage:
    found = browser.document().resource(QTextDocument.ResourceType.ImageResource, QUrl(name))
    return found if isinstance(found, QImage) else QImage()


def test_pictures_fit_the_column_arrive_decoded_and_refit_when_it_narrows(qtbot, root: Path) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    browser = FittedText(host)
    browser.resize(800, 200)
    host.show()
    browser.document().setMarkdown(
        "Before.\n\n![a red field](media/wide.png)\n\nBetween.\n\n![a blue column](media/tall.png)\n\nAfter.\n")
    inline = InlinePictures(browser, root)
    inline.load()
    width = browser.viewport().width()
    tallest = round(browser.screen().size().height() * MAX_SCREEN_SHARE)
    boxes = {picture.name: picture.box for picture in inline.pictures}
    assert inline.alt_texts == ["a red field", "a blue column"], "in the order they stand"
    assert boxes["media/wide.png"] == QSize(width, width // 2)
    assert boxes["media/tall.png"].height() == tallest, "never taller than 60 % of the screen"
    qtbot.waitUntil(lambda: resource(browser, "media/wide.png").width() > 1, timeout=5000)
    wide = resource(browser, "media/wide.png")
    assert wide.size() == boxes["media/wide.png"] * browser.devicePixelRatioF(), "decoded at its box's size"
    assert wide.pixelColor(5, 5).name() == "#c0392b"
    assert browser.height() > tallest + width // 2, "the text makes room for both pictures"

    tall_before = browser.height()
    browser.resize(400, browser.height())
    narrow = {picture.name: picture.box for picture in inline.pictures}
    assert narrow["media/wide.png"] == QSize(browser.viewport().width(), browser.viewport().width() // 2)
    qtbot.waitUntil(lambda: browser.height() < tall_before, timeout=5000)  # the text follows the smaller box
    assert resource(browser, "media/wide.png").width() >= narrow["media/wide.png"].width(), "sharp, never blurred up"


def test_a_picture_that_cannot_show_is_taken_out_not_drawn_broken(qtbot, root: Path, caplog) -> None:
    browser = FittedText()
    qtbot.addWidget(browser)
    browser.resize(600, 200)
    browser.document().setMarkdown(
        "A ![x](../secret.png) B ![y](https://example.org/y.png) C ![z](media/none.png) D ![w](media/wide.png) E")
    inline = InlinePictures(browser, root)
    inline.load()
    text = browser.document().toPlainText()
    assert text.count(OBJECT) == 1, "only the picture inside the bundle stays"
    assert [picture.name for picture in inline.pictures] == ["media/wide.png"]
    assert inline.alt_texts == ["w"], "what the kept picture shows, for a screen reader"
    assert "outside the bundle" in caplog.text
    assert "missing or unreadable" in caplog.text


@pytest.mark.parametrize(("name", "inside"), [
    ("media/a.png", True), ("./media/a.png", True), ("../a.png", False), ("media/../../a.png", False),
    ("/etc/a.png", False), ("https://example.org/a.png", False), ("C:/a.png", False), ("", False)])
def test_only_files_inside_the_bundle_are_pictures(tmp_path: Path, name: str, inside: bool) -> None:
    assert (bundle_picture(tmp_path, name) is not None) is inside


def test_a_paragraph_of_only_a_picture_takes_no_text_leading(qtbot, root: Path) -> None:
    """The body's generous line height (render_markdown) must not leave a gap under a picture."""
    browser = FittedText()
    qtbot.addWidget(browser)
    browser.resize(800, 200)
    browser.show()
    document = browser.document()
    document.setMarkdown("Words.\n\n![a red field](media/wide.png)\n\nMore words.\n")
    block = document.begin()
    while block.isValid():  # as render_markdown sets every paragraph
        cursor = QTextCursor(block)
        leading = block.blockFormat()
        leading.setLineHeight(170, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        cursor.setBlockFormat(leading)
        block = block.next()
    inline = InlinePictures(browser, root)
    inline.load()
    box = inline.pictures[0].box
    picture_block = document.findBlock(next(i for i, c in enumerate(document.toPlainText()) if c == OBJECT))
    layout = document.documentLayout()
    taken = layout.blockBoundingRect(picture_block.next()).top() - layout.blockBoundingRect(picture_block).top()
    margins = picture_block.blockFormat().topMargin() + picture_block.blockFormat().bottomMargin()
    assert taken <= box.height() + margins + 4, (taken, box.height())
    text_block = document.begin()
    assert text_block.blockFormat().lineHeight() == 170, "the text keeps its leading"
