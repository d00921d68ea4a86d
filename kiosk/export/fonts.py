"""The bundle's own typefaces on the site, as stylesheets that carry them inside.

A font file is fetched by a browser as a cross-origin request, and from `file://` every file is
its own origin, so whether a site opened from a USB stick may use its fonts is up to each
browser's rules for `file://`, which have changed over the years (Chromium 156 and Firefox ESR
153 do load them). A stylesheet from `file://` loads everywhere, and a font written inside it as
a `data:` address is no request at all. So each of the bundle's `theme.font` and `theme.fonts` becomes one small
stylesheet, `assets/font1.css`, …, with the font in base64; the site's stylesheet imports them,
and the Content-Security-Policy allows fonts from `data:` only (kiosk.export.pages). Only the
bundle's own fonts: the site never embeds a typeface of its own.

Base64 costs a third more than the file, and a visitor loads the whole font with the first
page, so a large font is worth a warning: a subset of the characters the exhibition uses (see
README) is tens of kilobytes for an alphabet, about 200 kB for an exhibition's Chinese. Qt-free.
"""

from __future__ import annotations

import base64
from pathlib import PurePosixPath

LARGE_FONT = 1_000_000
"""A font larger than this (bytes) is embedded, with a warning that it slows the first page."""

FORMATS = {".ttf": ("font/ttf", "truetype"), ".otf": ("font/otf", "opentype")}


def font_sheet(family: str, path: str, data: bytes) -> str:
    """A stylesheet declaring `family` with the font file `data` (from bundle path `path`) inside it."""
    mime, form = FORMATS.get(PurePosixPath(path).suffix.lower(), ("font/ttf", "truetype"))
    encoded = base64.b64encode(data).decode("ascii")
    return (f"/* {PurePosixPath(path).name}, from the bundle */\n"
            f'@font-face{{font-family:"{family}";src:url(data:{mime};base64,{encoded}) format("{form}");'
            "font-display:swap}\n")


def size_warning(path: str, size: int) -> str | None:
    """What to say about a font of `size` bytes, if it is large enough to slow the first page."""
    if size <= LARGE_FONT:
        return None
    return (f"{path}: the font is {size / 1_000_000:.1f} MB, which every visitor loads with the first page; "
            "a subset of the characters the exhibition uses is much smaller (README: fonts for the web)")
