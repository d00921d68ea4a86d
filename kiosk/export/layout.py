"""Where each page and file of the site goes, and the relative links between them.

Every link is relative, so the site works opened straight from a USB stick (`file://`) and
from any folder of any host. Pages live under their language (`fr/art/dawn.html`), so the
language switch is the same path under another language; media live once under `files/`
with the bundle's own paths, whatever the language.

    index.html                      the languages, each in its own name
    LANG/index.html                 home: the exhibition and its sections
    LANG/SECTION/index.html         a section and its exhibits
    LANG/SECTION/EXHIBIT.html       an exhibit
    LANG/credits.html               every credit
    assets/site.css, site.js        the theme's stylesheet and the small script
    assets/font1.css, ...           the bundle's typefaces, each inside a stylesheet
    files/...                       the bundle's files, pictures' web sizes, captions as WebVTT
                                    (each with its twin `.vtt.js` for file://)
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote

ROOT_PAGE = "index.html"
STYLESHEET = "assets/site.css"
SCRIPT = "assets/site.js"


def home(language: str) -> str:
    return f"{language}/index.html"


def section(language: str, section_id: str) -> str:
    return f"{language}/{section_id}/index.html"


def exhibit(language: str, section_id: str, exhibit_id: str) -> str:
    return f"{language}/{section_id}/{exhibit_id}.html"


def credits(language: str) -> str:
    return f"{language}/credits.html"


def in_language(page: str, language: str) -> str:
    """The same page in another language: the path under that language's folder."""
    if page == ROOT_PAGE:
        return home(language)
    _, _, rest = page.partition("/")
    return f"{language}/{rest}"


def font_sheet(index: int) -> str:
    """The stylesheet that carries the bundle's `index`th typeface (from 1), kiosk.export.fonts."""
    return f"assets/font{index}.css"


def media(bundle_path: str) -> str:
    """Where a bundle file is copied: the same path under `files/`."""
    return f"files/{bundle_path.removeprefix('./')}"


def rendition(bundle_path: str, width: int, suffix: str) -> str:
    """A picture's web size: `media/art/dawn.jpg` at 960 pixels is `files/media/art/dawn.w960.jpg`."""
    stem, _, _ = media(bundle_path).rpartition(".")
    return f"{stem}.w{width}{suffix}"


def full_rendition(bundle_path: str, suffix: str) -> str:
    """The full size of a picture browsers cannot show as it is (a TIFF): `x.tif` → `x.tif.jpg`."""
    return f"{media(bundle_path)}{suffix}"


def captions(bundle_path: str) -> str:
    """A caption file as WebVTT: a `.vtt` keeps its path, `x.srt` becomes `x.srt.vtt`."""
    target = media(bundle_path)
    return target if target.lower().endswith(".vtt") else f"{target}.vtt"


def cue_script(webvtt: str) -> str:
    """The `file://` twin of a WebVTT file on the site: `x.vtt` → `x.vtt.js`."""
    return f"{webvtt}.js"


def link(from_page: str, to_file: str) -> str:
    """The relative URL from one file of the site to another, each part percent-encoded."""
    relative = posixpath.relpath(to_file, posixpath.dirname(from_page) or ".")
    return quote(relative, safe="/")
