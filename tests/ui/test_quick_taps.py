"""What makes a tap answer sooner: tiles reused, a view built while the finger rests, the
outgoing frame copied into a kept buffer, fonts built once."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage

from kiosk.play.navigation import Location, Screen
from kiosk.ui.screens.section import PRESS_PREPARE_MS
from kiosk.ui.theme import Theme
from tests.ui.conftest import MEDIA_NOISE, Kiosk

pytestmark = MEDIA_NOISE


def test_a_second_section_reuses_the_tiles_and_each_opens_its_own_exhibit(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk()
    kiosk.player.touch()
    kiosk.player.open_section(0)
    section = kiosk.window.section
    first = list(section.tiles)
    assert len(first) == 3
    kiosk.player.home()
    kiosk.player.open_section(1)
    assert [t.text() for t in section.tiles] == ["Canon", "Studio"]
    assert [t.badge for t in section.tiles] == ["Sound", "Video"]
    assert section.tiles == first[:2], "the tiles shown before are reused"
    qtbot.waitUntil(lambda: not first[2].isVisible())
    qtbot.mouseClick(section.tiles[1], Qt.MouseButton.LeftButton, pos=section.tiles[1].rect().center())
    assert kiosk.player.location == Location(Screen.EXHIBIT, 1, 1)
    assert kiosk.window.exhibit.view is not None
    assert kiosk.window.exhibit.view.exhibit.id == "studio"


def test_a_finger_resting_on_a_tile_gets_its_exhibit_built_before_the_release(make_kiosk, qtbot) -> None:
    kiosk: Kiosk = make_kiosk()
    kiosk.player.touch()
    kiosk.player.open_section(0)
    tile = kiosk.window.section.tiles[2]
    exhibit = kiosk.window.exhibit
    assert (0, 2) not in exhibit.views
    qtbot.mousePress(tile, Qt.MouseButton.LeftButton, pos=tile.rect().center())
    qtbot.waitUntil(lambda: (0, 2) in exhibit.views, timeout=PRESS_PREPARE_MS + 2000)
    built = exhibit.views[(0, 2)]
    qtbot.mouseRelease(tile, Qt.MouseButton.LeftButton, pos=tile.rect().center())
    assert kiosk.player.location == Location(Screen.EXHIBIT, 0, 2)
    assert exhibit.view is built


def test_a_press_that_became_a_flick_builds_nothing_ahead(make_kiosk, qtbot, monkeypatch) -> None:
    kiosk: Kiosk = make_kiosk()
    kiosk.player.touch()
    kiosk.player.open_section(0)
    section = kiosk.window.section
    tile = section.tiles[2]
    looked: list[int] = []
    still_pressed = section._still_pressed
    monkeypatch.setattr(section, "_still_pressed", lambda s, e, t: (looked.append(e), still_pressed(s, e, t)))
    qtbot.mousePress(tile, Qt.MouseButton.LeftButton, pos=tile.rect().center())
    tile.setDown(False)  # as a flick takes the press from the tile
    qtbot.waitUntil(lambda: looked == [2], timeout=PRESS_PREPARE_MS + 2000)
    assert (0, 2) not in kiosk.window.exhibit.views
    qtbot.mouseRelease(tile, Qt.MouseButton.LeftButton, pos=QPoint(-5, -5))


def test_the_outgoing_frame_is_copied_whole_into_a_kept_buffer(make_kiosk) -> None:
    """(The offscreen platform's backing store is no image, so the copy is fed one here.)"""
    window = make_kiosk().window
    screen = QImage(300, 200, QImage.Format.Format_RGB32)
    for y in range(200):
        for x in range(0, 300, 7):
            screen.setPixelColor(x, y, QColor(x % 256, y, (x * y) % 256))
    source = QRect(10, 20, 250, 150)
    frame = window._kept_copy(screen, source)
    assert frame == screen.copy(source)
    screen.fill(QColor("#204060"))
    again = window._kept_copy(screen, source)
    assert again is frame, "the buffer is reused from one move to the next"
    assert again == screen.copy(source)
    window._drop_frame_buffer()
    assert window._kept_copy(screen, source) is not frame
    assert window._frame_kept.isActive(), "the buffer goes once the visitor has not moved for a while"


def test_theme_fonts_are_built_once_and_handed_out_as_copies(tiny_bundle) -> None:
    theme = Theme.create(tiny_bundle, QSize(1920, 1080))
    font = theme.font(30, QFont.Weight.DemiBold)
    font.setItalic(True)  # a caller changing its copy changes nobody else's
    again = theme.font(30, QFont.Weight.DemiBold)
    assert not again.italic()
    assert again.pixelSize() == 30
    assert again.families() == theme.families
    assert theme.metrics(30, QFont.Weight.DemiBold).lineSpacing() > 30


def test_a_sections_views_are_built_while_it_shows_and_a_tap_only_shows_one(make_kiosk, qtbot, monkeypatch) -> None:
    kiosk: Kiosk = make_kiosk()
    kiosk.player.touch()
    kiosk.player.open_section(0)
    exhibit = kiosk.window.exhibit
    qtbot.waitUntil(lambda: set(exhibit.views) == {(0, 0), (0, 1), (0, 2)}, timeout=5000)
    ready = exhibit.views[(0, 2)]
    assert not ready.isVisible()
    import kiosk.ui.screens.exhibit as screen_module

    built: list[str] = []
    monkeypatch.setattr(screen_module, "build_view",
                        lambda e, c, p, real=screen_module.build_view: (built.append(e.id), real(e, c, p))[1])
    tile = kiosk.window.section.tiles[2]
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton, pos=tile.rect().center())
    assert kiosk.player.location == Location(Screen.EXHIBIT, 0, 2)
    assert exhibit.view is ready
    assert built == [], "the tapped exhibit's view was built ahead"
    kiosk.player.home()
    kiosk.player.open_section(1)
    qtbot.waitUntil(lambda: set(exhibit.views) == {(1, 0), (1, 1)}, timeout=5000)
    kiosk.player.reset()
    assert exhibit.views == {}
