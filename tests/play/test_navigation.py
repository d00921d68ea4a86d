from __future__ import annotations

import pytest

from kiosk.bundle.model import Manifest
from kiosk.play.navigation import ATTRACT, HOME, SEARCH, Location, NavigationError, Navigator, Screen


def exhibit(s: int, e: int) -> Location:
    return Location(Screen.EXHIBIT, s, e)


def test_starts_at_the_attract_loop(manifest: Manifest) -> None:
    nav = Navigator(manifest)
    assert nav.location == ATTRACT
    assert not nav.can_go_back


def test_back_goes_up_one_level(manifest: Manifest) -> None:
    nav = Navigator(manifest)
    nav.home()
    nav.open_section(0)
    nav.open_exhibit(0, 1)
    assert nav.position() == (2, 3)
    assert nav.back() == Location(Screen.SECTION, 0)
    assert nav.back() == HOME
    assert nav.back() == HOME
    assert not nav.can_go_back


def test_swiping_replaces_the_place_so_back_leads_to_the_section(manifest: Manifest) -> None:
    nav = Navigator(manifest)
    nav.home()
    nav.open_section(0)
    nav.open_exhibit(0, 0)
    assert nav.step(+1) == exhibit(0, 1)
    assert nav.step(+1) == exhibit(0, 2)
    assert nav.step(+1) is None, "no wrapping past the section's last exhibit"
    assert nav.location == exhibit(0, 2)
    assert nav.step(-1) == exhibit(0, 1)
    assert nav.back() == Location(Screen.SECTION, 0)


def test_first_exhibit_has_no_previous(manifest: Manifest) -> None:
    nav = Navigator(manifest)
    nav.open_exhibit(1, 0)
    assert nav.neighbour(-1) is None
    assert nav.neighbour(+1) == exhibit(1, 1)
    assert nav.step(-1) is None


def test_a_jump_to_another_section_is_remembered(manifest: Manifest) -> None:
    nav = Navigator(manifest)
    nav.home()
    nav.open_section(0)
    nav.open_exhibit(0, 2)
    assert nav.open_ref("music/studio") == exhibit(1, 1)
    assert nav.back() == exhibit(0, 2), "back returns to where the link was followed"
    assert nav.back() == Location(Screen.SECTION, 0)


def test_home_forgets_the_way_back(manifest: Manifest) -> None:
    nav = Navigator(manifest)
    nav.open_exhibit(0, 2)
    nav.open_ref("music/canon")
    nav.home()
    assert nav.back() == HOME


def test_search_returns_to_where_it_was_opened(manifest: Manifest) -> None:
    nav = Navigator(manifest)
    nav.home()
    nav.open_section(1)
    assert nav.search() == SEARCH
    nav.open_exhibit(0, 0)
    assert nav.back() == SEARCH
    assert nav.back() == Location(Screen.SECTION, 1)


def test_refs(manifest: Manifest) -> None:
    assert exhibit(1, 0).ref(manifest) == "music/canon"
    assert Location(Screen.SECTION, 0).ref(manifest) == "art"
    assert HOME.ref(manifest) is None
    nav = Navigator(manifest)
    assert nav.open_ref("art") == Location(Screen.SECTION, 0)


@pytest.mark.parametrize(
    ("location", "message"),
    [
        (Location(Screen.SECTION, 5), "no section 5"),
        (Location(Screen.EXHIBIT, 0, 3), "no exhibit 3 in section 0"),
        (Location(Screen.EXHIBIT, 1, None), "no exhibit None in section 1"),
    ],
)
def test_places_that_do_not_exist(manifest: Manifest, location: Location, message: str) -> None:
    nav = Navigator(manifest)
    with pytest.raises(NavigationError, match=message):
        nav.go(location)
    assert nav.location == ATTRACT


def test_unknown_ref(manifest: Manifest) -> None:
    with pytest.raises(NavigationError, match="no exhibit 'art/nothing'"):
        Navigator(manifest).open_ref("art/nothing")
