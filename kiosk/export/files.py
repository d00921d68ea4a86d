"""The site's files other than pages: pictures at their web sizes, caption files as WebVTT.

Each picture is made once (its web sizes, and a full size browsers can show), each caption
file converted once (with its `file://` twin, kiosk.export.captions), whatever the number of
pages and languages that show them. A file the bundle's check found broken (`broken`, as
`kiosk run` plays without it) is never read: it is left out, as if it could not be decoded,
and its pages show what they show then (the alt text, no track, no player). `files`
holds every file of the site, path → bytes or a bundle file to copy as it is; the pages are
added to it by kiosk.export.builder. Qt-free: pictures are decoded by the `Pictures` port.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.bundle import svg
from kiosk.bundle.webvtt import Cue
from kiosk.export import layout
from kiosk.export.captions import as_webvtt, cue_script
from kiosk.export.pages import escape
from kiosk.export.ports import Pictures
from kiosk.export.writer import Content

WIDTHS = (480, 960, 1600)
"""The web sizes made of every picture narrower than its own width: phones, laptops, large screens."""


@dataclass(frozen=True)
class SitePicture:
    """A picture on the site: the file `src` shows, its `srcset` (path, width), the full size to zoom."""

    src: str
    srcset: tuple[tuple[str, int], ...]
    full: str
    width: int
    height: int


class SiteFiles:
    """Every file of the site, and the pictures and caption files already made."""

    def __init__(self, root: Path, pictures: Pictures, broken: frozenset[str] = frozenset()) -> None:
        self.root = root
        self.pictures = pictures
        self.broken = broken
        self.files: dict[str, Content] = {}
        self.warnings: list[str] = []
        self._pictures: dict[str, SitePicture | None] = {}
        self._captions: dict[str, tuple[str, str, list[Cue]] | None] = {}

    def prepare_picture(self, path: str) -> SitePicture | None:
        """The picture's files on the site, made once; None (and a warning) if it cannot be shown."""
        path = path.removeprefix("./")
        if path in self._pictures:
            return self._pictures[path]
        made: SitePicture | None = None
        if path in self.broken:
            self._pictures[path] = None  # the bundle's check has said why
            return None
        if path.lower().endswith(".svg"):
            made = self._svg(path)
        else:
            web = self.pictures.web_picture(self.root / path, WIDTHS)
            if web is not None:
                srcset = []
                for rendition in web.sizes:
                    target = layout.rendition(path, rendition.width, rendition.suffix)
                    self.files[target] = rendition.data
                    srcset.append((target, rendition.width))
                if web.full is not None:
                    full = layout.full_rendition(path, web.full.suffix)
                    self.files[full] = web.full.data
                else:
                    full = layout.media(path)
                    self.files[full] = self.root / path
                srcset.append((full, web.width))
                src = next((target for target, width in srcset if width >= 960), full)
                made = SitePicture(src, tuple(srcset), full, web.width, web.height)
        if made is None:
            self.warnings.append(f"{path}: the picture cannot be decoded; the site shows its alt text instead")
        self._pictures[path] = made
        return made

    def _svg(self, path: str) -> SitePicture | None:
        try:
            safe = svg.sanitise(svg.read_svg(self.root / path))
        except OSError:
            return None
        if safe.data is None:
            return None
        target = layout.media(path)
        self.files[target] = safe.data
        return SitePicture(target, (), target, 0, 0)

    def caption(self, path: str) -> tuple[str, str, list[Cue]] | None:
        """(site path, WebVTT text, cues) of a caption file, converted once."""
        path = path.removeprefix("./")
        if path in self.broken:
            return None
        if path not in self._captions:
            try:
                data = (self.root / path).read_bytes()
            except OSError as error:
                self.warnings.append(f"{path}: cannot be read ({error.strerror or error}); left out")
                self._captions[path] = None
                return None
            text, cues, problems = as_webvtt(path, data)
            for problem in problems:
                self.warnings.append(f"{path}:{problem.line}: {problem.message}")
            target = layout.captions(path)
            self.files[target] = text.encode("utf-8")
            self.files[layout.cue_script(target)] = cue_script(text).encode("utf-8")
            self._captions[path] = (target, text, cues)
        return self._captions[path]

    def copy(self, path: str) -> str | None:
        """A bundle file copied as it is (a sound, a film); its site path, None if it is broken."""
        if path.removeprefix("./") in self.broken:
            return None
        target = layout.media(path)
        self.files[target] = self.root / path
        return target

    def read(self, path: str) -> bytes | None:
        """A bundle file's bytes (a font to embed); None, with a warning, if it is broken or unreadable."""
        path = path.removeprefix("./")
        if path in self.broken:
            return None
        try:
            return (self.root / path).read_bytes()
        except OSError as error:
            self.warnings.append(f"{path}: cannot be read ({error.strerror or error}); left out")
            return None

    def img(self, page_path: str, path: str, alt: str, sizes: str, *, widest: int, lazy: bool = True) -> str | None:
        """The `<img>` of a picture on the page at `page_path`, None if it cannot be shown.

        `srcset` offers the sizes up to `widest` pixels, the widest a place of `sizes` can use
        (a card at its largest on a sharp phone, a page's column on a sharp screen); a larger
        original stays for the zoom view and is not listed, so no browser fetches 8,000 pixels
        for a card."""
        picture = self.prepare_picture(path)
        if picture is None:
            return None
        attributes = [f'src="{layout.link(page_path, picture.src)}"']
        offered = [(target, width) for target, width in picture.srcset if width <= widest] or list(picture.srcset[:1])
        if len(offered) > 1:
            srcset = ", ".join(f"{layout.link(page_path, target)} {width}w" for target, width in offered)
            attributes += [f'srcset="{srcset}"', f'sizes="{sizes}"']
        if picture.width and picture.height:
            attributes += [f'width="{picture.width}"', f'height="{picture.height}"']
        attributes.append(f'alt="{escape(alt)}"')
        if lazy:
            attributes.append('loading="lazy" decoding="async"')
        return f"<img {' '.join(attributes)}>"
