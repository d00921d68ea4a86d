from __future__ import annotations

from kiosk.bundle.model import Manifest
from kiosk.play.navigation import Location, Screen
from kiosk.play.tour import DwellDefaults, Tour, tour_steps

DEFAULTS = DwellDefaults(section=2, text=10, article=15, image=7, gallery_image=3, unplayable_media=4,
                         media_limit=100)


def test_steps_cover_every_section_and_exhibit(manifest: Manifest) -> None:
    steps = tour_steps(manifest, DEFAULTS)
    assert [(s.location, s.dwell, s.image_dwell) for s in steps] == [
        (Location(Screen.SECTION, 0), 2, None),
        (Location(Screen.EXHIBIT, 0, 0), 10, None),  # text: the default
        (Location(Screen.EXHIBIT, 0, 1), 5, None),  # image with duration: 5
        (Location(Screen.EXHIBIT, 0, 2), 9, 3),  # gallery: 3 pictures, 3 s each
        (Location(Screen.SECTION, 1), 2, None),
        (Location(Screen.EXHIBIT, 1, 0), None, None),  # audio: to its end
        (Location(Screen.EXHIBIT, 1, 1), None, None),  # video: to its end
    ]


def test_stills_move_on_after_their_dwell(manifest: Manifest) -> None:
    tour = Tour(manifest, DEFAULTS)
    tour.start(now=100)
    assert tour.deadline() == 102
    assert tour.tick(101.9) is None
    step = tour.tick(102)
    assert step is not None
    assert step.location == Location(Screen.EXHIBIT, 0, 0)
    assert tour.deadline() == 112


def test_media_waits_for_its_end_and_the_tour_loops(manifest: Manifest) -> None:
    tour = Tour(manifest, DEFAULTS)
    tour.start(now=0, index=5)
    assert tour.current.waits_for_media
    assert tour.tick(99) is None
    assert tour.media_finished(now=40) is not None
    assert tour.current.location == Location(Screen.EXHIBIT, 1, 1)
    step = tour.media_finished(now=50)
    assert step is not None
    assert step.location == Location(Screen.SECTION, 0), "after the last stop it starts again"
    assert tour.rounds == 1


def test_a_media_end_means_nothing_on_a_still(manifest: Manifest) -> None:
    tour = Tour(manifest, DEFAULTS)
    tour.start(now=0)
    assert tour.media_finished(now=1) is None
    assert tour.index == 0


def test_media_that_never_reports_an_end_is_left_after_the_limit(manifest: Manifest) -> None:
    tour = Tour(manifest, DEFAULTS)
    tour.start(now=0, index=5)
    assert tour.deadline() == 100
    assert tour.tick(100) is not None


def test_unplayable_media_stays_like_a_still(manifest: Manifest) -> None:
    tour = Tour(manifest, DEFAULTS)
    tour.start(now=0, index=5)
    tour.view_reports(waits=False, now=1)
    assert tour.deadline() == 5
    assert tour.media_finished(now=2) is None, "a placeholder has no end to report"
    assert tour.tick(5) is not None


def test_a_gallery_that_times_itself_ends_the_step(manifest: Manifest) -> None:
    tour = Tour(manifest, DEFAULTS)
    tour.start(now=0, index=3)
    assert tour.deadline() == 9, "timed by the tour unless the view says otherwise"
    tour.view_reports(waits=True, now=0)
    assert tour.tick(9) is None
    assert tour.media_finished(now=9.2) is not None
    assert tour.current.location == Location(Screen.SECTION, 1)


def test_a_gallery_that_never_reports_is_left_after_a_grace(manifest: Manifest) -> None:
    tour = Tour(manifest, DEFAULTS)
    tour.start(now=0, index=3)
    tour.view_reports(waits=True, now=0)
    assert tour.deadline() == 14


def test_a_stopped_tour_has_no_deadline(manifest: Manifest) -> None:
    tour = Tour(manifest, DEFAULTS)
    tour.start(now=0)
    tour.stop()
    assert tour.deadline() is None
    assert tour.tick(1000) is None
