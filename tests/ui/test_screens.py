"""Each screen as a visitor meets it: attract, home, section, exhibit, and back and home."""

from __future__ import annotations

import logging

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel

from kiosk.play.navigation import HOME, Location, Screen
from kiosk.play.player import Cause
from tests.ui.conftest import MEDIA_NOISE, Kiosk

pytestmark = MEDIA_NOISE


def click(qtbot, widget, pos: QPoint | None = None) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos or widget.rect().center())


def test_attract_loop_shows_highlights_and_invites_in_every_language(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk()
    attract = kiosk.window.attract
    assert kiosk.screen == "attract"
    assert attract.item is not None
    assert attract.picture_path() == kiosk.window.stage.bundle.file("media/dawn.png")
    qtbot.waitUntil(lambda: attract._picture is not None)
    kiosk.advance(4)
    assert attract.picture_path() == kiosk.window.stage.bundle.file("media/poster.png")
    image = attract.grab().toImage()
    assert image.pixelColor(5, 5) != image.pixelColor(attract.width() // 2, attract.height() // 3)


def test_a_touch_on_the_attract_loop_opens_home_and_presses_nothing(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk()
    home = kiosk.window.home
    tile_centre = home.tiles[1].geometry().center()
    click(qtbot, kiosk.window.attract, tile_centre)
    assert kiosk.screen == "home"
    assert kiosk.player.location == HOME, "the waking touch must not open the tile beneath it"


def test_home_lists_sections_and_opens_one(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk()
    kiosk.player.touch()
    home = kiosk.window.home
    assert home.title.text() == "Machines that create"
    assert [t.text() for t in home.tiles] == ["Art", "Music", "Topics"]
    assert home.tiles[0].subtitle == "Pictures made by programs."
    assert home.tiles[0].badge == "3 exhibits"
    assert home.tiles[2].badge == "1 exhibit"
    click(qtbot, home.tiles[1])
    assert kiosk.screen == "section"
    section = kiosk.window.section
    assert section.title.text() == "Music"
    assert [t.text() for t in section.tiles] == ["Canon", "Studio"]
    assert [t.badge for t in section.tiles] == ["Sound", "Video"]


def test_tiles_are_large_touch_targets_with_their_pictures(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk(size=(1920, 1080))
    kiosk.player.touch()
    for tile in kiosk.window.home.tiles:
        assert tile.width() >= 44
        assert tile.height() >= 44
    qtbot.waitUntil(lambda: all(t.picture is not None for t in kiosk.window.home.tiles[:2]))
    for code, button in kiosk.window.home.languages.items():
        assert button.height() >= 44, code


def test_section_tile_opens_the_exhibit_and_the_header_says_where(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk()
    kiosk.player.touch()
    kiosk.player.open_section(0)
    click(qtbot, kiosk.window.section.tiles[1])
    screen = kiosk.window.exhibit
    assert kiosk.screen == "exhibit"
    assert kiosk.player.location == Location(Screen.EXHIBIT, 0, 1)
    assert screen.header.where.text() == "\u2068Art\u2069  ·  \u20682 of 3\u2069"  # each part isolated
    assert screen.header.where.accessibleName() == "Art  ·  2 of 3"
    assert screen.view is not None
    assert screen.view.exhibit.id == "dawn"
    assert screen.previous.isVisible()
    assert screen.next.isVisible()


def test_next_and_previous_buttons_stop_at_the_ends(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk()
    kiosk.player.touch()
    kiosk.player.open_exhibit(0, 0)
    screen = kiosk.window.exhibit
    assert not screen.previous.isVisible()
    click(qtbot, screen.next)
    click(qtbot, screen.next)
    assert kiosk.player.location == Location(Screen.EXHIBIT, 0, 2)
    assert screen.view.exhibit.id == "series"
    assert not screen.next.isVisible()
    click(qtbot, screen.previous)
    assert screen.view.exhibit.id == "dawn"


def test_neighbours_are_built_ahead_and_far_views_dropped(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk()
    kiosk.player.touch()
    kiosk.player.open_exhibit(0, 0)
    screen = kiosk.window.exhibit
    qtbot.waitUntil(lambda: set(screen.views) == {(0, 0), (0, 1)})
    kiosk.player.next_exhibit()
    qtbot.waitUntil(lambda: set(screen.views) == {(0, 0), (0, 1), (0, 2)})
    kiosk.player.next_exhibit()
    qtbot.waitUntil(lambda: set(screen.views) == {(0, 1), (0, 2)})


def test_back_and_home_are_in_the_same_place_on_every_screen(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk(size=(1920, 1080))
    kiosk.player.touch()
    kiosk.player.open_section(0)
    section_back = kiosk.window.section.header.back.mapTo(kiosk.window, QPoint(0, 0))
    section_home = kiosk.window.section.header.home.mapTo(kiosk.window, QPoint(0, 0))
    kiosk.player.open_exhibit(0, 1)
    header = kiosk.window.exhibit.header
    assert header.back.mapTo(kiosk.window, QPoint(0, 0)) == section_back
    assert header.home.mapTo(kiosk.window, QPoint(0, 0)) == section_home
    assert header.back.height() >= 44
    assert header.back.width() >= 44
    click(qtbot, header.back)
    assert kiosk.player.location == Location(Screen.SECTION, 0)
    click(qtbot, kiosk.window.section.header.home)
    assert kiosk.player.location == HOME


def test_a_related_link_opens_its_exhibit_and_back_returns(make_kiosk) -> None:
    kiosk: Kiosk = make_kiosk()
    kiosk.player.touch()
    kiosk.player.open_exhibit(2, 0)
    kiosk.window.exhibit.view.open_ref.emit("art/dawn")
    assert kiosk.player.location == Location(Screen.EXHIBIT, 0, 1)
    kiosk.window.exhibit.view.open_ref.emit("nowhere/at-all")
    assert kiosk.player.location == Location(Screen.EXHIBIT, 0, 1)
    kiosk.player.back()
    assert kiosk.player.location == Location(Screen.EXHIBIT, 2, 0)


def test_arabic_lays_everything_out_right_to_left(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk(size=(1920, 1080))
    kiosk.player.touch()
    home = kiosk.window.home
    english = home.languages["en"].mapTo(kiosk.window, QPoint(0, 0)).x()
    click(qtbot, home.languages["ar"])
    assert kiosk.player.settings.language == "ar"
    assert kiosk.window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert home.title.text() == "آلات تبدع"
    assert [t.text() for t in home.tiles] == ["الفن", "الموسيقى", "مواضيع"]
    qtbot.waitUntil(lambda: home.languages["en"].mapTo(kiosk.window, QPoint(0, 0)).x() < english)
    qtbot.waitUntil(lambda: home.tiles[0].x() > home.tiles[1].x())
    kiosk.player.open_exhibit(0, 1)
    header = kiosk.window.exhibit.header
    qtbot.waitUntil(lambda: header.back.mapTo(kiosk.window, QPoint(0, 0)).x() > kiosk.window.width() // 2)
    assert header.back.text() == "رجوع"
    assert header.where.text() == "\u2068الفن\u2069  ·  \u20682 من 3\u2069"


def test_where_you_are_is_readable_from_a_step_away(make_kiosk) -> None:
    kiosk: Kiosk = make_kiosk(size=(1920, 1080))
    kiosk.player.touch()
    kiosk.player.open_exhibit(0, 0)
    where: QLabel = kiosk.window.exhibit.header.where
    assert where.fontInfo().pixelSize() >= 28
    assert kiosk.window.home.title.fontInfo().pixelSize() >= 64


def test_moves_are_logged_with_their_latency(make_kiosk, qtbot, caplog) -> None:
    caplog.set_level(logging.INFO, logger="kiosk")
    kiosk: Kiosk = make_kiosk()
    kiosk.player.touch()
    with qtbot.waitSignal(kiosk.window.screen_shown, timeout=3000) as shown:
        click(qtbot, kiosk.window.home.tiles[0])
    fields = shown.args[0]
    assert fields["screen"] == "section"
    assert fields["ref"] == "art"
    assert fields["cause"] == Cause.VISITOR.value
    assert 0 <= fields["input_to_paint_ms"] < 3000
    record = next(r for r in caplog.records if getattr(r, "event", None) == "screen_shown")
    assert record.fields["ref"] == "art"
