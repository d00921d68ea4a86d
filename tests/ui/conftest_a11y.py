"""Every screen of the sample exhibition at 1920x1080, for the accessibility tests.

`walk(kiosk)` moves a kiosk (from `make_kiosk`, on the sample bundle) through home, every
section, the first exhibit of each type, the accessibility menu (its settings, and the
transcript of a sound and of a film), search (in windowed mode) and "still there?" (in kiosk
mode), yielding each screen's root widget once it is laid out.

Test modules load it with `pytest_plugins = [f"{__package__}.conftest_a11y"]`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.bundle.model import Manifest
from kiosk.bundle.playable import PlayableBundle, load_playable
from kiosk.ui.imaging import shared_decoder
from tests.conftest import SAMPLE
from tests.ui.conftest import TIMINGS, Kiosk

EXHIBIT_TYPES = ("text", "image", "gallery", "audio", "video", "article")


@pytest.fixture(scope="session")
def sample_bundle(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> PlayableBundle:
    return load_playable(Path(SAMPLE), tmp_path_factory.mktemp("sample-cache"))


@pytest.fixture
def quiet_decoder(qapp: QApplication) -> Iterator[None]:
    """After the test, the shared decoder has finished the pictures the screens asked for
    (a test that counts decodes must not see them)."""
    yield
    shared_decoder().wait_idle()


def settle() -> None:
    """Let posted layouts, the preloading of neighbours and style changes run."""
    for _ in range(4):
        QApplication.processEvents()


def first_of_each_type(manifest: Manifest) -> dict[str, tuple[int, int]]:
    """(section, exhibit) of the first exhibit of each type."""
    found: dict[str, tuple[int, int]] = {}
    for s, section in enumerate(manifest.sections):
        for e, exhibit in enumerate(section.exhibits):
            found.setdefault(exhibit.type, (s, e))
    missing = set(EXHIBIT_TYPES) - set(found)
    assert not missing, f"the bundle has no exhibit of type {missing}"
    return found


def walk(kiosk: Kiosk, *, sections: bool = True, menu: bool = True) -> Iterator[tuple[str, QWidget]]:
    player, window = kiosk.player, kiosk.window
    manifest = window.stage.bundle.manifest
    player.touch()
    player.home()
    settle()
    yield "home", window.current
    for index, section in enumerate(manifest.sections if sections else manifest.sections[:1]):
        player.open_section(index)
        settle()
        yield f"section {section.id}", window.current
    for kind, (s, e) in first_of_each_type(manifest).items():
        player.open_exhibit(s, e)
        settle()
        ref = f"{manifest.sections[s].id}/{manifest.sections[s].exhibits[e].id}"
        yield f"{kind} exhibit {ref}", window.current
        if menu and kind in ("audio", "video"):
            window.access.open()
            settle()
            yield f"the menu over {ref}", window.access.panel
            window.access.panel.show_transcript()
            settle()
            yield f"the transcript of {ref}", window.access.panel
            window.access.close()
    player.home()
    if menu:
        window.access.open()
        settle()
        yield "the menu over home", window.access.panel
        window.access.close()
    if window.stage.windowed:
        player.open_search()
        first_word = window.stage.text(manifest.sections[0].title).split()[0]
        window.search.field.setText(first_word)
        window.search.run_search()
        settle()
        assert window.search.hits, "the search finds something to show"
        yield "search", window.current
    else:
        kiosk.advance(TIMINGS.idle_timeout)
        settle()
        assert window.still_there.isVisible()
        yield "still there", window.still_there
