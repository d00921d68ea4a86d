"""What the attract loop shows, and which picture stands for an exhibit or a section."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from kiosk.bundle.model import Exhibit, Manifest, Section

log = logging.getLogger("kiosk.play")


def exhibit_picture(exhibit: Exhibit) -> str | None:
    """The bundle path of the picture that best stands for `exhibit`, if it has one."""
    return next((picture.file for picture in exhibit.pictures()), None)


def section_picture(section: Section) -> str | None:
    """The section's cover, else the first picture among its exhibits."""
    if section.cover:
        return section.cover
    return next((p for p in map(exhibit_picture, section.exhibits) if p), None)


@dataclass(frozen=True)
class AttractItem:
    """One slide of the attract loop: an exhibit, or a whole section when `exhibit` is None."""

    section: int
    exhibit: int | None
    picture: str | None


def attract_items(manifest: Manifest) -> list[AttractItem]:
    """The curator's `attract.exhibits`, else one slide per section."""
    items: list[AttractItem] = []
    for ref in manifest.attract.exhibits:
        section_id, _, exhibit_id = ref.partition("/")
        found = next(
            (
                (s, e, exhibit)
                for s, section in enumerate(manifest.sections)
                if section.id == section_id
                for e, exhibit in enumerate(section.exhibits)
                if exhibit.id == exhibit_id
            ),
            None,
        )
        if found is None:
            log.warning("attract: no exhibit %r; it is left out", ref)
            continue
        s, e, exhibit = found
        items.append(AttractItem(s, e, exhibit_picture(exhibit) or section_picture(manifest.sections[s])))
    if not items:
        items = [AttractItem(s, None, section_picture(sec)) for s, sec in enumerate(manifest.sections)]
    return items
