"""Gallery views: swipes and dots, mirrored in Arabic, the tour, a lost picture."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from kiosk.ui.exhibits.base import ExhibitContext
from kiosk.ui.exhibits.gallery import GalleryView

pytest_plugins = [f"{__package__}.conftest_exhibits"]


def gallery(show_view, ref: str = "art/series", **options: object) -> GalleryView:
    view = show_view(ref, **options)
    assert isinstance(view, GalleryView)
    return view


def swipe(view: GalleryView, dx: int) -> None:
    """A finger drag across the middle of the picture (touches arrive as mouse events)."""
    pager = view.pager
    start = QPoint(pager.width() // 2 - dx // 2, pager.height() // 3)
    end = start + QPoint(dx, 0)
    QTest.mousePress(pager, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 5):
        QTest.mouseMove(pager, start + QPoint(dx * step // 4, 0))
    QTest.mouseRelease(pager, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def test_dots_show_the_position_and_a_swipe_turns_the_page(show_view) -> None:
    view = gallery(show_view)
    assert view.dots.count == 3
    assert view.dots.current == 0
    assert view.dots.accessibleName() == "Image 1 of 3"
    assert view.current_panel.caption.text() == "Plate one"
    assert view.current_panel.credit.text() == "Images: Test Studio"
    swipe(view, -400)
    assert view.index == 1
    assert view.dots.current == 1
    assert view.current_panel.caption.text() == "Plate two"
    swipe(view, 400)
    assert view.index == 0


def test_a_short_drag_does_not_turn_the_page(show_view) -> None:
    view = gallery(show_view)
    swipe(view, -40)
    assert view.index == 0


def test_arabic_mirrors_the_swipe_and_the_dots(show_view) -> None:
    view = gallery(show_view, language="ar")
    assert view.layoutDirection() == Qt.LayoutDirection.RightToLeft
    first_dot = view.dots._cell_rect(0)
    assert first_dot.center().x() > view.dots.width() / 2, "the first image's dot is on the right"
    swipe(view, 400)
    assert view.index == 1, "in Arabic the next picture lies to the left: the finger moves right"
    assert view.current_panel.caption.text() == "اللوحة الثانية"
    assert view.dots.accessibleName() == "الصورة 2 من 3"


def test_buttons_and_dots_choose_pictures(qtbot, show_view) -> None:
    view = gallery(show_view)
    assert not view.previous_button.isEnabled()
    assert view.next_button.width() >= 44
    QTest.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    assert view.index == 1
    last_dot = view.dots._cell_rect(2).center().toPoint()
    QTest.mouseClick(view.dots, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, last_dot)
    assert view.index == 2
    assert not view.next_button.isEnabled()


def test_a_swipe_beyond_the_last_picture_belongs_to_the_screen(qtbot, show_view) -> None:
    view = gallery(show_view)
    assert view.wants_swipe(1)
    assert not view.wants_swipe(-1)
    view.show_image(2)
    assert not view.wants_swipe(1)
    with qtbot.waitSignal(view.swiped_past) as blocker:
        swipe(view, -400)
    assert blocker.args == [1]
    assert view.index == 2


def test_the_tour_shows_each_picture_then_finishes(qtbot, show_view) -> None:
    view = gallery(show_view)
    view.show_image(1)
    assert view.waits_for_end()
    shown: list[int] = []
    view.pager.index_changed.connect(shown.append)
    view.set_tour_dwell(0.02)
    with qtbot.waitSignal(view.finished, timeout=3000):
        view.start_tour()
    assert shown == [0, 1, 2], "the tour starts at the first picture"
    assert view.index == 2
    assert not view.advance()


def test_a_touch_ends_the_tour(qtbot, show_view) -> None:
    view = gallery(show_view)
    view.set_tour_dwell(0.05)
    view.start_tour()
    with qtbot.waitSignal(view.interacted):
        QTest.mouseClick(view.pager, Qt.MouseButton.LeftButton)
    with qtbot.assertNotEmitted(view.finished, wait=200):
        pass
    assert view.index == 0


def test_a_lost_picture_shows_the_placeholder_on_its_page_only(
        qtbot, show_view, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, "kiosk.ui.exhibits"):
        view = gallery(show_view, "art/half-lost")
        qtbot.waitUntil(lambda: view.pages[1].placeholder is not None)
    assert "lost.png" in caplog.text
    assert view.pages[0].placeholder is None
    assert not view.failed
    view.show_image(1)
    assert view.pages[1].placeholder is not None
    assert view.pages[1].placeholder.title.text() == "Half lost"


def test_a_language_switch_relabels_every_picture(show_view, exhibit_bundle) -> None:
    view = gallery(show_view, language="ar")
    view.set_context(ExhibitContext(exhibit_bundle, "fr"))
    assert view.layoutDirection() == Qt.LayoutDirection.LeftToRight
    captions = [page.panel.caption.text() for page in view.pages]
    assert captions == ["Planche un", "Planche deux", "Planche trois"]
    assert view.next_button.accessibleName() == "Image suivante"
