"""The manifest's timing keys, as the player keeps them: `duration` (how long the tour stays on
an exhibit), `attract.dwell` and `attract.exhibits`. The keys shown on screen are tested in
tests/ui/test_manifest_keys.py."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kiosk.bundle.model import Attract, Manifest, Section
from kiosk.play.clock import ManualClock
from kiosk.play.navigation import Location, Screen
from kiosk.play.player import AttractSlide, IdleMode, Player, PlayerConfig, PlayerEvent
from kiosk.play.tour import DwellDefaults, Tour
from tests.play.conftest import make_manifest

DEFAULTS = DwellDefaults(section=2, text=10, article=15, image=7, gallery_image=3, unplayable_media=4,
                         media_limit=100)


def with_exhibit(manifest: Manifest, section: int, exhibit: int, **changes: object) -> Manifest:
    """`manifest` with one exhibit's keys changed."""
    sections = list(manifest.sections)
    exhibits = list(sections[section].exhibits)
    exhibits[exhibit] = replace(exhibits[exhibit], **changes)  # type: ignore[arg-type]
    sections[section] = replace(sections[section], exhibits=tuple(exhibits))
    return replace(manifest, sections=tuple(sections))


def step_at(tour: Tour, location: Location) -> int:
    return next(i for i, step in enumerate(tour.steps) if step.location == location)


@pytest.mark.parametrize(("section", "exhibit", "default"), [(0, 0, 10), (0, 1, 7)])
def test_duration_is_how_long_the_tour_stays_on_a_still(section: int, exhibit: int, default: float) -> None:
    where = Location(Screen.EXHIBIT, section, exhibit)
    plain = make_manifest()
    plain = with_exhibit(plain, section, exhibit, duration=None)
    for manifest, expected in ((plain, default), (with_exhibit(plain, section, exhibit, duration=25), 25)):
        tour = Tour(manifest, DEFAULTS)
        tour.start(now=0, index=step_at(tour, where))
        assert tour.tick(expected - 0.01) is None
        moved = tour.tick(expected)
        assert moved is not None
        assert moved.location != where


def test_duration_of_a_gallery_is_each_pictures_time() -> None:
    manifest = with_exhibit(make_manifest(), 0, 2, duration=6)
    tour = Tour(manifest, DEFAULTS)
    tour.start(now=0, index=step_at(tour, Location(Screen.EXHIBIT, 0, 2)))
    assert tour.current.image_dwell == 6
    assert tour.deadline() == 6 * 3, "three pictures, six seconds each"


@pytest.mark.parametrize("exhibit", [0, 1], ids=["audio", "video"])
def test_duration_cuts_long_media_short_in_the_tour(exhibit: int) -> None:
    where = Location(Screen.EXHIBIT, 1, exhibit)
    tour = Tour(with_exhibit(make_manifest(), 1, exhibit, duration=45), DEFAULTS)
    tour.start(now=0, index=step_at(tour, where))
    tour.view_reports(waits=True, now=0)
    assert tour.tick(44.9) is None
    assert tour.tick(45) is not None, "a film longer than its duration is left after 45 s"

    tour.start(now=100, index=step_at(tour, where))
    tour.view_reports(waits=True, now=100)
    assert tour.media_finished(now=112) is not None, "a shorter one still moves on at its end"


@pytest.mark.parametrize("exhibit", [0, 1], ids=["audio", "video"])
def test_media_without_duration_plays_to_its_end(exhibit: int) -> None:
    tour = Tour(make_manifest(), DEFAULTS)
    tour.start(now=0, index=step_at(tour, Location(Screen.EXHIBIT, 1, exhibit)))
    tour.view_reports(waits=True, now=0)
    assert tour.tick(99) is None
    assert tour.media_finished(now=99) is not None


def slides(events: list[PlayerEvent]) -> list[AttractSlide]:
    return [e for e in events if isinstance(e, AttractSlide)]


@pytest.mark.parametrize("dwell", [4.0, 11.5])
def test_attract_dwell_is_each_slides_time(dwell: float) -> None:
    manifest = replace(make_manifest(), attract=Attract(exhibits=("art/dawn", "music/studio"), dwell=dwell))
    clock = ManualClock(0.0)
    player = Player(manifest, PlayerConfig(idle_mode=IdleMode.ATTRACT), clock)
    events: list[PlayerEvent] = []
    player.subscribe(events.append)
    player.start()
    assert [s.index for s in slides(events)] == [0]
    assert player.next_deadline() == pytest.approx(dwell)
    clock.advance(dwell)
    player.tick()
    assert [s.index for s in slides(events)] == [0, 1]


def test_attract_exhibits_are_the_slides_in_order() -> None:
    manifest = make_manifest(attract=("music/studio", "art/dawn"))
    player = Player(manifest, PlayerConfig(), ManualClock(0.0))
    assert [(i.section, i.exhibit, i.picture) for i in player.attract_items] == [
        (1, 1, "media/poster.png"),
        (0, 1, "media/dawn.png"),
    ]


def test_no_attract_exhibits_means_one_slide_per_section() -> None:
    manifest = make_manifest()
    player = Player(manifest, PlayerConfig(), ManualClock(0.0))
    assert [(i.section, i.exhibit) for i in player.attract_items] == [(0, None), (1, None)]


def test_section_exhibits_are_toured_in_order() -> None:
    manifest = make_manifest()
    reordered: Section = replace(manifest.sections[0], exhibits=tuple(reversed(manifest.sections[0].exhibits)))
    tour = Tour(replace(manifest, sections=(reordered, manifest.sections[1])), DEFAULTS)
    visited = [tour.steps[i].location for i in range(1, 4)]
    assert visited == [Location(Screen.EXHIBIT, 0, e) for e in range(3)]
    assert [tour.steps[i].image_dwell for i in range(1, 4)] == [3, None, None], "the gallery is first now"

