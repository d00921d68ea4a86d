"""Swipes (a mouse drag, as on the test kiosk, or a touch) and the keyboard."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from kiosk.play.navigation import HOME, Location, Screen
from tests.ui.conftest import MEDIA_NOISE, Kiosk

pytestmark = MEDIA_NOISE


def drag(widget, start: QPoint, end: QPoint, steps: int = 8) -> None:
    """A drag from `start` to `end` (in `widget`'s coordinates) given to its window, as a finger's
    would be: Qt hands it to whatever lies under it (a gallery's pages), not to `widget` itself."""
    window = widget.window()
    handle = window.windowHandle()
    start, end = widget.mapTo(window, start), widget.mapTo(window, end)
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, steps + 1):
        QTest.mouseMove(handle, start + (end - start) * step / steps, 5)
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def drag_onto(widget, start: QPoint, end: QPoint, steps: int = 8) -> None:
    """A drag given to `widget` itself, whatever lies on it: what the screen's swipe watcher sees."""
    QTest.mousePress(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, steps + 1):
        QTest.mouseMove(widget, start + (end - start) * step / steps, 5)
    QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def swipe_left(widget) -> None:
    y = widget.height() // 2
    drag(widget, QPoint(widget.width() * 4 // 5, y), QPoint(widget.width() // 5, y))


def swipe_right(widget) -> None:
    y = widget.height() // 2
    drag(widget, QPoint(widget.width() // 5, y), QPoint(widget.width() * 4 // 5, y))


def at_text_exhibit(make_kiosk, **options) -> Kiosk:
    kiosk: Kiosk = make_kiosk(**options)
    kiosk.player.touch()
    kiosk.player.open_exhibit(2, 0)  # the article: nothing in it swipes by itself
    kiosk.player.open_exhibit(0, 0)
    return kiosk


def test_swiping_left_shows_the_next_exhibit_and_right_the_previous(make_kiosk, qtbot) -> None:
    kiosk = at_text_exhibit(make_kiosk)
    view = kiosk.window.exhibit.view
    swipe_left(view)
    assert kiosk.player.location == Location(Screen.EXHIBIT, 0, 1)
    swipe_right(kiosk.window.exhibit.view)
    assert kiosk.player.location == Location(Screen.EXHIBIT, 0, 0)
    swipe_right(kiosk.window.exhibit.view)
    assert kiosk.player.location == Location(Screen.EXHIBIT, 0, 0), "nothing before the first"


def test_a_vertical_or_short_drag_is_not_a_swipe(make_kiosk) -> None:
    kiosk = at_text_exhibit(make_kiosk)
    view = kiosk.window.exhibit.view
    drag(view, QPoint(300, 100), QPoint(360, view.height() - 50))
    drag(view, QPoint(400, 200), QPoint(340, 200))
    assert kiosk.player.location == Location(Screen.EXHIBIT, 0, 0)


def test_swipes_mirror_in_arabic(make_kiosk) -> None:
    kiosk = at_text_exhibit(make_kiosk, language="ar")
    assert kiosk.window.exhibit.layoutDirection() == Qt.LayoutDirection.RightToLeft
    swipe_right(kiosk.window.exhibit.view)
    assert kiosk.player.location == Location(Screen.EXHIBIT, 0, 1), "in Arabic the next one lies to the left"
    swipe_left(kiosk.window.exhibit.view)
    assert kiosk.player.location == Location(Screen.EXHIBIT, 0, 0)


def test_a_gallery_turns_its_own_pages_before_the_screen_moves_on(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk()
    kiosk.player.touch()
    kiosk.player.open_exhibit(0, 2)
    gallery = kiosk.window.exhibit.view
    assert (gallery.index, len(gallery.pages)) == (0, 3)
    swipe_left(gallery)
    assert gallery.index == 1, "the gallery's next picture"
    assert kiosk.player.location == Location(Screen.EXHIBIT, 0, 2), "in the same exhibit"
    swipe_left(gallery)
    assert gallery.index == 2
    swipe_right(gallery)
    assert gallery.index == 1, "and back"
    assert kiosk.player.location == Location(Screen.EXHIBIT, 0, 2)


def test_a_swipe_on_the_section_screen_does_nothing(make_kiosk) -> None:
    kiosk: Kiosk = make_kiosk()
    kiosk.player.touch()
    kiosk.player.open_section(0)
    section = kiosk.window.section
    y = section.height() // 2
    drag_onto(section, QPoint(section.width() * 4 // 5, y), QPoint(section.width() // 5, y))
    assert kiosk.player.location == Location(Screen.SECTION, 0)


def test_archive_viewer_keys(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk(windowed=True)
    window = kiosk.window
    assert kiosk.player.location == HOME, "the archive viewer opens at home"
    window.home.tiles[0].setFocus()
    QTest.keyClick(window.home.tiles[0], Qt.Key.Key_Return)
    assert kiosk.player.location == Location(Screen.SECTION, 0)
    window.section.tiles[0].setFocus()
    QTest.keyClick(window.section.tiles[0], Qt.Key.Key_Return)
    assert kiosk.player.location == Location(Screen.EXHIBIT, 0, 0)
    QTest.keyClick(window, Qt.Key.Key_Right)
    assert kiosk.player.location == Location(Screen.EXHIBIT, 0, 1)
    QTest.keyClick(window, Qt.Key.Key_Left)
    assert kiosk.player.location == Location(Screen.EXHIBIT, 0, 0)
    QTest.keyClick(window, Qt.Key.Key_Escape)
    assert kiosk.player.location == Location(Screen.SECTION, 0)
    QTest.keyClick(window, Qt.Key.Key_Backspace)
    assert kiosk.player.location == HOME
    kiosk.player.open_exhibit(1, 1)
    QTest.keyClick(window, Qt.Key.Key_Home)
    assert kiosk.player.location == HOME


def test_search_finds_texts_and_opens_them(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk(windowed=True)
    window = kiosk.window
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert kiosk.player.location.screen is Screen.SEARCH
    search = window.search
    assert search.field.hasFocus() or qtbot.waitUntil(search.field.hasFocus) is None
    QTest.keyClicks(search.field, "consumers")
    qtbot.waitUntil(lambda: len(search.hits) == 1)
    assert search.hits[0].hit.title == "AI and trademarks"
    assert "consumers choose" in search.hits[0].hit.snippet
    QTest.keyClick(search.field, Qt.Key.Key_Return)
    assert kiosk.player.location == Location(Screen.EXHIBIT, 2, 0)
    kiosk.player.back()
    assert kiosk.player.location.screen is Screen.SEARCH
    search.field.setText("zebra")
    search.run_search()
    assert search.hits == []
    assert search.empty.isVisibleTo(search)
