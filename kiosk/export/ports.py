"""What the export asks of the outside world, so that it stays Qt-free.

The command builds these with Qt (kiosk.ui.web_export): the interface's words come from the
kiosk's own catalogues through `say`, so the site says exactly what the kiosk says; the
languages' names and directions come from CLDR; pictures are decoded with QImage. Tests may
hand in simpler ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class PageWords:
    """The interface words a page of the site uses, in one language."""

    home: str
    back: str
    next: str
    previous: str
    language: str
    captions: str
    transcript: str
    from_captions: str
    related: str
    close: str
    zoom_hint: str
    skip_to_content: str
    credits: str
    full_image: str
    zoom_in: str
    zoom_out: str
    read_aloud: str
    image_n_of_m: str  # with {n} and {m} left to fill
    unavailable: str  # where a broken file's player would be, as the kiosk's placeholder says
    kinds: Mapping[str, str] = field(default_factory=dict)  # exhibit type → its badge word
    counts: Mapping[int, str] = field(default_factory=dict)  # n → "n exhibits"


@dataclass(frozen=True)
class Language:
    """A language of the site: its code, its name in itself, and its direction."""

    code: str
    name: str
    rtl: bool


class Words(Protocol):
    def page_words(self, language: str, counts: tuple[int, ...]) -> PageWords:
        """The words of every page in `language`, with "n exhibits" for each n of `counts`."""

    def language(self, code: str) -> Language: ...


@dataclass(frozen=True)
class Rendition:
    """One file made from a picture: its width in pixels and its encoded bytes."""

    width: int
    height: int
    data: bytes
    suffix: str  # ".jpg" or ".png"


@dataclass(frozen=True)
class WebPicture:
    """What a picture becomes on the web: smaller sizes for `srcset`, and the full size.

    `full` is None when the original file itself can be shown by browsers (JPEG, PNG, WebP):
    it is then copied as it is. A TIFF gets a full-size rendition instead."""

    width: int
    height: int
    sizes: tuple[Rendition, ...]
    full: Rendition | None = None


class Pictures(Protocol):
    def web_picture(self, path: Path, widths: tuple[int, ...]) -> WebPicture | None:
        """The renditions of the picture at `path` for each of `widths` narrower than it;
        None if it cannot be decoded."""
