"""The HTML every page shares: the head with its Content-Security-Policy, the bar with the
exhibition's name and the language switch, breadcrumbs, the footer.

Every page says its language (`lang`) and direction (`dir="rtl"` for Arabic, Hebrew, Persian,
…), starts with a link that skips to its content, has one `<h1>` and headings in order below
it, and marks a text that stands in from another language with that language, so that a screen
reader reads it with the right voice. Qt-free.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.export import layout
from kiosk.export.ports import Language, PageWords

CSP = ("default-src 'none'; img-src 'self'; media-src 'self' blob:; style-src 'self'; script-src 'self'; "
       "font-src data:; base-uri 'none'; form-action 'none'")
"""Nothing from the network, nothing inline: the site's own files only (`blob:` for captions the
script hands to a player when the site is opened from `file://`; `data:` for the bundle's own
typefaces, which the site's font stylesheets carry inside them, so that no browser's rules for
font files from `file://` stand in their way, kiosk.export.fonts)."""


def escape(text: str) -> str:
    return html.escape(text, quote=True)


@dataclass(frozen=True)
class Shell:
    """What every page of one language shares."""

    language: Language
    languages: tuple[Language, ...]
    words: PageWords
    exhibition: str
    exhibition_lang: str
    logo: str | None  # the logo's site path
    base_url: str | None


def in_language(text: str, source: str, page_language: str, rtl: bool | None = None, tag: str = "span") -> str:
    """`text` (already HTML), marked with its own language when it stands in for the page's."""
    if source in ("", page_language):
        return text
    direction = "" if rtl is None else f' dir="{"rtl" if rtl else "ltr"}"'
    return f'<{tag} lang="{escape(source)}"{direction}>{text}</{tag}>'


def page(shell: Shell, path: str, title: str, body: str, crumbs: Sequence[tuple[str, str]] = ()) -> str:
    """A whole page at site path `path`: `title` (plain text) and `body` (the HTML of `<main>`).

    The script is named only by pages that use it (a picture to zoom, a player with captions):
    the others stay a little smaller and load nothing they do not need. The language switch
    says a link's direction only where it differs from the page's (an Arabic name on an English
    page); `lang` on each link lets a screen reader read each name in its own voice."""
    language = shell.language
    words = shell.words
    stylesheet = layout.link(path, layout.STYLESHEET)
    scripted = 'class="picture"' in body or "<track " in body
    script = [f'<script src="{layout.link(path, layout.SCRIPT)}" defer></script>'] if scripted else []
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(language.code)}" dir="{"rtl" if language.rtl else "ltr"}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f'<link rel="stylesheet" href="{stylesheet}">',
        *script,
        *_alternates(shell, path),
        "</head>",
        "<body>",
        f'<a class="skip" href="#main">{escape(words.skip_to_content)}</a>',
    ]
    home = layout.link(path, layout.home(language.code))
    logo = f'<img src="{layout.link(path, shell.logo)}" alt="">' if shell.logo else ""
    name = in_language(escape(shell.exhibition), shell.exhibition_lang, language.code)
    bar = [
        '<header class="bar">',
        f'<a class="brand" href="{home}">{logo}<span>{name}</span></a>',
        f'<nav aria-label="{escape(words.language)}"><ul class="languages">',
    ]
    for other in shell.languages:
        target = layout.link(path, layout.in_language(path, other.code))
        current = ' aria-current="page"' if other.code == language.code else ""
        direction = f' dir="{"rtl" if other.rtl else "ltr"}"' if other.rtl != language.rtl else ""
        bar.append(f'<li><a href="{target}" lang="{escape(other.code)}"{direction}{current}>{escape(other.name)}</a></li>')
    bar += ["</ul></nav>", "</header>"]
    trail = ""
    if crumbs:
        items = "".join(f'<li><a href="{layout.link(path, target)}">{label}</a></li>' for label, target in crumbs)
        trail = f'<nav class="crumbs" aria-label="{escape(words.back)}"><ol>{items}</ol></nav>'
    footer = (f'<footer><a href="{layout.link(path, layout.credits(language.code))}">{escape(words.credits)}</a>'
              "</footer>")
    return "\n".join([*head, *bar, f'<main id="main">{trail}', body, "</main>", footer, "</body>", "</html>", ""])


def _alternates(shell: Shell, path: str) -> list[str]:
    """With `--base-url`: the page's canonical address and its other languages, for search engines."""
    if not shell.base_url:
        return []
    base = shell.base_url.rstrip("/") + "/"
    lines = [f'<link rel="canonical" href="{escape(base + layout.link("index.html", path))}">']
    for other in shell.languages:
        target = layout.link("index.html", layout.in_language(path, other.code))
        lines.append(f'<link rel="alternate" hreflang="{escape(other.code)}" href="{escape(base + target)}">')
    return lines


def choose_language(languages: Sequence[Language], titles: Sequence[str], first: Language, stylesheet: str,
                    words: PageWords) -> str:
    """The site's front door, `index.html`: the exhibition's title in each language, each a link
    to that language's home, in its own language and direction."""
    items = "".join(
        f'<li><a href="{layout.link(layout.ROOT_PAGE, layout.home(language.code))}" lang="{escape(language.code)}" '
        f'hreflang="{escape(language.code)}" dir="{"rtl" if language.rtl else "ltr"}"><span>{escape(language.name)}'
        f"</span>{escape(title)}</a></li>"
        for language, title in zip(languages, titles, strict=True))
    return "\n".join([
        "<!DOCTYPE html>",
        f'<html lang="{escape(first.code)}" dir="{"rtl" if first.rtl else "ltr"}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(titles[0])}</title>",
        f'<link rel="stylesheet" href="{stylesheet}">',
        "</head>",
        "<body>",
        '<main id="main">',
        f"<h1>{escape(titles[0])}</h1>",
        f'<nav aria-label="{escape(words.language)}"><ul class="choose">{items}</ul></nav>',
        "</main>",
        "</body>",
        "</html>",
        "",
    ])
