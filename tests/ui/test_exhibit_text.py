"""Text and article views: Markdown, the readable column, languages, related links."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QFontMetricsF, QTextFormat
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QScroller

from kiosk.ui.exhibits.base import ExhibitContext
from kiosk.ui.exhibits.markdown import heading_texts
from kiosk.ui.exhibits.style import BODY_PX
from kiosk.ui.exhibits.text import TextView

pytest_plugins = [f"{__package__}.conftest_exhibits"]


def body_pixel_size(view: TextView) -> int:
    block = view.body.document().begin().next()  # the paragraph after the first heading
    return int(block.begin().fragment().charFormat().property(QTextFormat.Property.FontPixelSize))


def test_markdown_renders_headings_emphasis_and_links(show_view) -> None:
    view = show_view("art/intro")
    assert isinstance(view, TextView)
    assert view.title_label.text() == "Machines that paint"
    assert heading_texts(view.body.document()) == [(1, "Who is the author?"), (2, "Second thoughts")]
    html = view.body.document().toHtml()
    assert 'href="art/dawn"' in html
    assert "font-weight:700" in html  # **flow fields**
    assert view.credit_label.text() == "Text: Test Studio"


def test_body_text_is_sized_for_reading_from_a_step_away(show_view) -> None:
    view = show_view("art/intro", size=(1920, 1080))
    assert body_pixel_size(view) == BODY_PX
    assert view.title_label.font().pixelSize() >= 64
    larger = show_view("art/intro", size=(1920, 1080), text_scale=1.5)
    assert body_pixel_size(larger) == round(BODY_PX * 1.5)


def test_the_column_holds_45_to_75_characters_centred(qtbot, show_view) -> None:
    view = show_view("art/intro", size=(1920, 1080))
    font = view.metrics.font(view.font(), BODY_PX)
    sample = "the exhibition asks who is the author when a machine paints"
    per_character = QFontMetricsF(font).horizontalAdvance(sample) / len(sample)
    assert 45 <= view.column.width() / per_character <= 75
    qtbot.waitUntil(lambda: abs(view.column.geometry().center().x() - view.page.width() / 2) <= 2)


def test_a_language_switch_re_renders_at_once(show_view, exhibit_bundle) -> None:
    view = show_view("art/intro")
    view.set_context(ExhibitContext(exhibit_bundle, "fr"))
    assert view.title_label.text() == "Des machines qui peignent"
    assert heading_texts(view.body.document()) == [(1, "Qui est l'auteur ?")]
    assert view.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_arabic_reads_right_to_left(show_view) -> None:
    view = show_view("art/intro", language="ar")
    assert view.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert view.title_label.text() == "آلات ترسم"
    assert view.title_label.alignment() & Qt.AlignmentFlag.AlignRight
    assert view.credit_label.alignment() & Qt.AlignmentFlag.AlignRight, "a Latin credit sits with the Arabic"
    assert view.body.document().defaultTextOption().textDirection() == Qt.LayoutDirection.RightToLeft


def test_a_link_to_an_exhibit_opens_it_and_a_web_link_does_nothing(qtbot, show_view) -> None:
    view = show_view("art/intro")
    with qtbot.waitSignal(view.open_ref) as blocker:
        view.body.anchorClicked.emit(QUrl("art/dawn"))
    assert blocker.args == ["art/dawn"]
    with qtbot.assertNotEmitted(view.open_ref):
        view.body.anchorClicked.emit(QUrl("https://example.org"))


def test_an_article_shows_its_picture_and_related_exhibits_as_buttons(qtbot, show_view) -> None:
    view = show_view("topics/trademarks", size=(1920, 1080))
    assert isinstance(view, TextView)
    assert view.picture is not None
    qtbot.waitUntil(lambda: view.picture.has_image)
    assert view.picture.geometry().bottom() < view.title_label.geometry().top()
    assert view.picture_credit.text() == "Photo: Test Studio / Kiosk"
    titles = [(link.section.text(), link.title.text()) for link in view.related_links]
    assert titles == [("Art", "Dawn"), ("Sound", "A tone")]
    assert all(link.height() >= 44 for link in view.related_links)
    view.area.ensureWidgetVisible(view.related_links[1])
    # Offscreen, QTest's synthetic presses never get past QScroller's press delay (real ones
    # do: checked under Xvfb), so the kinetic scroller is taken off for this click.
    QScroller.ungrabGesture(view.area.viewport())
    with qtbot.waitSignal(view.open_ref) as blocker:
        QTest.mouseClick(view.related_links[1], Qt.MouseButton.LeftButton)
    assert blocker.args == ["sound/tone"]


def test_related_links_follow_the_language(show_view, exhibit_bundle) -> None:
    view = show_view("topics/trademarks")
    view.set_context(ExhibitContext(exhibit_bundle, "ar"))
    assert [link.title.text() for link in view.related_links] == ["فجر", "نغمة"]
    assert view.related_links[0].arrow.text() == "←"
    assert view.related_heading.text() == "اقرأ أيضًا"


def test_reset_view_scrolls_back_to_the_top(show_view) -> None:
    view = show_view("topics/trademarks", size=(800, 480))
    bar = view.area.verticalScrollBar()
    assert bar.maximum() > 0, "the article is longer than a small window"
    bar.setValue(bar.maximum())
    view.reset_view()
    assert bar.value() == 0


def test_high_contrast_uses_black_and_white(show_view) -> None:
    view = show_view("art/intro", high_contrast=True)
    assert view.colors.ground.name() == "#000000"
    assert view.colors.text.name() == "#ffffff"
    assert view.grab().toImage().pixelColor(2, 2).name() == "#000000"
