"""Where the visitor is: attract loop, home, a section, an exhibit, or the search.

Back is predictable: it returns to where the visitor came from when they jumped (a
related article, a search result), and otherwise goes one level up: exhibit → its
section → home. Moving to the next or previous exhibit of a section replaces the place
instead of stacking it, so one Back after any number of swipes leads to the section.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiosk.bundle.model import Exhibit, Manifest, Section

MAX_HISTORY = 50


class Screen(StrEnum):
    ATTRACT = "attract"
    HOME = "home"
    SECTION = "section"
    EXHIBIT = "exhibit"
    SEARCH = "search"


@dataclass(frozen=True)
class Location:
    """A place in the exhibition. `section` and `exhibit` are indexes into the manifest."""

    screen: Screen
    section: int | None = None
    exhibit: int | None = None

    def ref(self, manifest: Manifest) -> str | None:
        """`section-id/exhibit-id` for an exhibit, `section-id` for a section, else None."""
        if self.section is None:
            return None
        section = manifest.sections[self.section]
        if self.exhibit is None:
            return section.id
        return f"{section.id}/{section.exhibits[self.exhibit].id}"

    def parent(self) -> Location:
        if self.screen is Screen.EXHIBIT and self.section is not None:
            return Location(Screen.SECTION, self.section)
        return HOME


ATTRACT = Location(Screen.ATTRACT)
HOME = Location(Screen.HOME)
SEARCH = Location(Screen.SEARCH)


class NavigationError(LookupError):
    """A place that does not exist in this manifest."""


class Navigator:
    """The current place and the way back. Pure bookkeeping: nothing is shown here."""

    def __init__(self, manifest: Manifest) -> None:
        self.manifest = manifest
        self.location: Location = ATTRACT
        self._history: list[Location] = []

    # -- reading -----------------------------------------------------------------

    def section(self) -> Section | None:
        if self.location.section is None:
            return None
        return self.manifest.sections[self.location.section]

    def exhibit(self) -> Exhibit | None:
        section = self.section()
        if section is None or self.location.exhibit is None:
            return None
        return section.exhibits[self.location.exhibit]

    def position(self) -> tuple[int, int] | None:
        """(n, m): the exhibit on screen is the n-th of m in its section, counting from 1."""
        section = self.section()
        if section is None or self.location.exhibit is None:
            return None
        return self.location.exhibit + 1, len(section.exhibits)

    def neighbour(self, step: int) -> Location | None:
        """The exhibit `step` places away in the same section, if there is one."""
        location = self.location
        if location.screen is not Screen.EXHIBIT or location.section is None or location.exhibit is None:
            return None
        index = location.exhibit + step
        if not 0 <= index < len(self.manifest.sections[location.section].exhibits):
            return None
        return Location(Screen.EXHIBIT, location.section, index)

    @property
    def can_go_back(self) -> bool:
        return self.location.screen not in (Screen.ATTRACT, Screen.HOME) or bool(self._history)

    # -- moving ------------------------------------------------------------------

    def check(self, location: Location) -> Location:
        """`location` itself, once it is known to exist in the manifest."""
        if location.screen in (Screen.SECTION, Screen.EXHIBIT):
            if location.section is None or not 0 <= location.section < len(self.manifest.sections):
                raise NavigationError(f"no section {location.section}")
            exhibits = self.manifest.sections[location.section].exhibits
            if location.screen is Screen.EXHIBIT and (
                location.exhibit is None or not 0 <= location.exhibit < len(exhibits)
            ):
                raise NavigationError(f"no exhibit {location.exhibit} in section {location.section}")
        return location

    def go(self, location: Location, *, remember: bool = True) -> Location:
        """Move to `location`; with `remember`, Back returns here unless it is the parent anyway."""
        self.check(location)
        here = self.location
        if location.screen in (Screen.ATTRACT, Screen.HOME):
            self._history.clear()
        elif remember and here not in (location, ATTRACT) and location.parent() != here:
            self._history.append(here)
            del self._history[:-MAX_HISTORY]
        self.location = location
        return location

    def back(self) -> Location:
        if self._history:
            self.location = self._history.pop()
        elif self.location.screen is not Screen.ATTRACT:
            self.location = self.location.parent()
        return self.location

    def home(self) -> Location:
        return self.go(HOME)

    def attract(self) -> Location:
        return self.go(ATTRACT)

    def open_section(self, section: int) -> Location:
        return self.go(Location(Screen.SECTION, section))

    def open_exhibit(self, section: int, exhibit: int) -> Location:
        return self.go(Location(Screen.EXHIBIT, section, exhibit))

    def open_ref(self, ref: str) -> Location:
        """Open a `section-id/exhibit-id` (or `section-id`) reference."""
        section_id, _, exhibit_id = ref.partition("/")
        for s, section in enumerate(self.manifest.sections):
            if section.id != section_id:
                continue
            if not exhibit_id:
                return self.open_section(s)
            for e, exhibit in enumerate(section.exhibits):
                if exhibit.id == exhibit_id:
                    return self.open_exhibit(s, e)
        raise NavigationError(f"no exhibit '{ref}'")

    def step(self, step: int) -> Location | None:
        """The next (+1) or previous (-1) exhibit of the section, replacing this one."""
        target = self.neighbour(step)
        if target is not None:
            self.location = target
        return target

    def search(self) -> Location:
        return self.go(SEARCH)
