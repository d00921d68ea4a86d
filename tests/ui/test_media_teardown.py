"""A video's sink outlives every player that renders into it, however the view goes.

FFmpeg's video renderer writes frames into the sink from its own thread, so a sink deleted
under a running player is a use after free. The sink's owner used to be an object Python
owned: PySide deletes those at interpreter exit (a benchmark's process left with a video
playing, and the sink went while the player ran on), and the collector frees them whenever
Python lets go of them, on whichever thread it runs.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtTest import QSignalSpy
from PySide6.QtWidgets import QWidget

from kiosk.bundle.playable import PlayableBundle
from kiosk.ui.exhibits import create_view
from kiosk.ui.exhibits.base import ExhibitContext
from kiosk.ui.exhibits.video import VideoView
from tests.ui.conftest_exhibits import find

pytest_plugins = [f"{__package__}.conftest_exhibits"]

PLAY_TIMEOUT = 8000


@pytest.fixture
def playing_video(qtbot, exhibit_bundle: PlayableBundle) -> Iterator[VideoView]:
    """A video view whose film plays and shows frames; the test decides how the view goes."""
    host = QWidget()
    qtbot.addWidget(host)
    host.resize(1280, 720)
    view = create_view(find(exhibit_bundle, "sound/clip"), ExhibitContext(exhibit_bundle, "en"), host)
    assert isinstance(view, VideoView)
    view.resize(host.size())
    host.show()
    qtbot.waitExposed(host)
    view.activate()
    with qtbot.waitSignal(view.playing_changed, timeout=PLAY_TIMEOUT):
        view.toggle_playback()
    qtbot.waitUntil(lambda: view.surface.frames_shown > 0, timeout=PLAY_TIMEOUT)
    assert view.session.is_playing
    yield view
    if shiboken6.isValid(view):
        view.deactivate()


class Teardown:
    """When the player and the sink are destroyed, and what was left of the other then.

    The sink is watched by a QSignalSpy (C++): PySide drops a Python slot connected to a
    C++-made object's `destroyed` when that object goes with a Python-made parent."""

    def __init__(self, player: QObject, sink: QObject) -> None:
        self.sink_gone = QSignalSpy(sink.destroyed)
        self.sink_gone_when_player_went: list[bool] = []
        player.destroyed.connect(lambda: self.sink_gone_when_player_went.append(self.sink_gone.count() > 0))

    @property
    def player_gone(self) -> bool:
        return bool(self.sink_gone_when_player_went)


def _teardown_of(view: VideoView) -> Teardown:
    player, sink = view.session.player, view.session.video_sink
    assert player is not None
    assert sink is not None
    return Teardown(player, sink)


def test_a_video_view_deleted_while_playing_stops_its_player_before_its_sink_goes(
        playing_video: VideoView) -> None:
    """Not released first (as when a view that failed is swapped for a fallback, or a window
    goes as a whole): the player still renders when the view is deleted."""
    watch = _teardown_of(playing_video)
    shiboken6.delete(playing_video)
    assert watch.player_gone
    assert watch.sink_gone.count() == 1, "the sink goes with its view, not whenever Python lets go of it"
    assert watch.sink_gone_when_player_went == [False], "the player goes first"


def test_a_released_session_deletes_its_player_before_the_view_takes_the_sink(
        qtbot, playing_video: VideoView) -> None:
    watch = _teardown_of(playing_video)
    playing_video.deactivate()  # a queued stop and a deferred deletion of the player
    playing_video.deleteLater()
    qtbot.waitUntil(lambda: watch.sink_gone.count() == 1, timeout=PLAY_TIMEOUT)
    assert watch.sink_gone_when_player_went == [False]


def test_python_owns_nothing_a_playing_video_renders_into(playing_video: VideoView) -> None:
    """At interpreter exit PySide deletes every object Python owns, in no order and with no
    event loop left to stop a player; the collector frees such objects on whichever thread it
    runs. Neither may take the sink from a running player."""
    sink = playing_video.session.video_sink
    assert sink is not None
    chain: list[QObject] = []
    link: QObject | None = sink
    while link is not None:
        chain.append(link)
        link = link.parent()
    owned = [found.metaObject().className() for found in chain[:-1] if shiboken6.ownedByPython(found)]
    assert owned == [], "the sink and its owners up to the view belong to Qt"
    assert playing_video.session in chain, "the sink lives and dies with its media session"
