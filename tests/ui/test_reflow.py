"""At the largest text size every screen at 1920x1080 reflows: no label's words cut off, no
control given less room than its words need, nothing sticking out of its parent or the window.

Deliberate elision (the header's where-you-are line, a tile's second title line) is allowed
and marked as such on the widget; everything else must fit.
"""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from kiosk.bundle.playable import PlayableBundle
from kiosk.play.clock import ManualClock
from kiosk.play.player import TEXT_SCALES, Player, PlayerConfig
from kiosk.ui.a11y.audit import clipped_labels, overflowing, squeezed
from kiosk.ui.exhibits.gallery import Pager
from kiosk.ui.i18n import LANGUAGES
from kiosk.ui.screens.base import Stage
from kiosk.ui.screens.still_there import StillThereOverlay
from kiosk.ui.theme import Theme
from kiosk.ui.tiles import Tile
from tests.ui.conftest import MEDIA_NOISE
from tests.ui.conftest_a11y import walk

pytest_plugins = [f"{__package__}.conftest_a11y"]
pytestmark = [MEDIA_NOISE, pytest.mark.usefixtures("quiet_decoder")]

LARGEST = max(TEXT_SCALES)


def test_the_audit_finds_cut_words_squeezed_buttons_and_overflow(qtbot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    root.resize(400, 200)
    cut = QLabel("A sentence far too long for the little box it was given", root)
    cut.setGeometry(0, 0, 120, 30)
    wrapped = QLabel("Words that wrap over several lines need the height for them", root)
    wrapped.setWordWrap(True)
    wrapped.setGeometry(0, 40, 150, 20)
    elided = QLabel("A long line that its owner elides on purpose", root)
    elided.setProperty("elided", True)
    elided.setGeometry(0, 70, 60, 30)
    row = QWidget(root)
    row.setGeometry(0, 110, 120, 40)
    squeezed_button = QPushButton("A button with many words on it", row)
    squeezed_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    QHBoxLayout(row).addWidget(squeezed_button)
    outside = QWidget(root)
    outside.setGeometry(350, 160, 100, 100)
    root.show()
    qtbot.waitExposed(root)
    labels = "\n".join(clipped_labels(root))
    assert "A sentence far" in labels
    assert "Words that wrap" in labels
    assert "elides on purpose" not in labels
    assert "A button with many words" in "\n".join(squeezed(root))
    assert any("sticks out of" in problem for problem in overflowing(root))


@pytest.mark.parametrize(("language", "text_scale"), [("en", 1.0), ("en", LARGEST), ("fr", LARGEST),
                                                      ("ar", LARGEST)])
def test_every_screen_reflows_without_clipping(make_kiosk, sample_bundle, language: str, text_scale: float) -> None:
    kiosk = make_kiosk(size=(1920, 1080), bundle=sample_bundle, windowed=True, language=language)
    kiosk.player.change_settings(text_scale=text_scale)
    assert kiosk.window.stage.theme.text_scale == text_scale
    problems, screens = [], 0
    for place, root in walk(kiosk):
        screens += 1
        problems += [f"{place}: {problem}" for problem in
                     clipped_labels(root) + squeezed(root) + overflowing(root, (Pager,)) + words_cut_on_tiles(root)]
    assert screens >= 16
    assert not problems, f"{len(problems)} problems at text size {text_scale:.0%}:\n" + "\n".join(problems)


def words_cut_on_tiles(root: QWidget) -> list[str]:
    """Tiles draw their titles themselves: each word must fit the tile's width, so only a third
    line is ever elided, never a word."""
    problems = []
    for tile in root.findChildren(Tile):
        if not tile.isVisible() or tile.theme is None:
            continue
        theme = tile.theme
        metrics = QFontMetrics(theme.font(theme.heading_px, QFont.Weight.DemiBold))
        room = tile.width() - 2 * theme.px(24)
        problems += [f"tile {tile.text()!r}: {word!r} needs {metrics.horizontalAdvance(word)} px, has {room}"
                     for word in tile.text().split() if metrics.horizontalAdvance(word) > room]
    return problems


def still_there(qtbot, bundle: PlayableBundle, language: str, text_scale: float) -> tuple[StillThereOverlay, QWidget]:
    """The overlay (and the window it covers) in any of the six interface languages, whatever
    languages the bundle has."""
    manifest = dataclasses.replace(bundle.manifest, languages=(*bundle.manifest.languages, "zh", "ru", "es"))
    player = Player(manifest, PlayerConfig(language=language), ManualClock(0))
    size = QSize(1920, 1080)
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(size)
    stage = Stage(bundle, player, Theme.create(bundle, size, text_scale=text_scale))
    overlay = StillThereOverlay(stage, parent)
    overlay.show_countdown(10)
    return overlay, parent


@pytest.mark.parametrize("language", LANGUAGES)
def test_still_there_fits_its_card_in_every_language_at_the_largest_text(qtbot, tiny_bundle,
                                                                          language: str) -> None:
    overlay, _window = still_there(qtbot, tiny_bundle, language, LARGEST)
    layout = overlay.card_layout()
    assert QRectF(overlay.rect()).contains(layout.card)
    flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
    for block in layout.blocks:
        assert layout.card.contains(block.rect), block.text
        area = block.rect.toAlignedRect()
        needed = QFontMetrics(block.font).boundingRect(QRect(0, 0, area.width(), 100_000), flags, block.text)
        assert needed.width() <= area.width() + 1, block.text
        assert needed.height() <= area.height() + 1, block.text
    title = layout.blocks[0]
    assert title.font.pixelSize() == overlay.stage.theme.title_px
    assert overlay.stage.theme.title_px == round(68 * LARGEST)
