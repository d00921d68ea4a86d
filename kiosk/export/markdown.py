"""Bodies and transcripts, from Markdown to HTML, as the kiosk reads them.

The kiosk reads Markdown with Qt's reader in its GitHub dialect (CommonMark with tables and
strikethrough); markdown-it-py reads the same dialect, so headings, paragraphs, emphasis,
lists, links, tables and pictures come out as the kiosk shows them. Three changes fit the text
to a web page:

- Raw HTML is shown as text, never as markup: a bundle's text cannot add a script, a frame or a
  request to the site (the kiosk does not run it either).
- Headings move under the page's own: the text's highest heading (`#`, or `##` as FORMAT.md
  advises) becomes an `<h2>` under the exhibit's title, and no level is skipped, so headings
  go in order for screen readers.
- A picture (`![what it shows](media/chart.png)`) is a file of the bundle; it is drawn by the
  `picture` function the site hands in (its web sizes and alt text). A picture that is not in
  the bundle is left out and its alt text shown: nothing loads from elsewhere.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token

PictureHtml = Callable[[str, str], str | None]
"""(bundle path, alt text) → the HTML of that picture, or None if it is not in the bundle."""


def _reader() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "typographer": False}).enable(["table", "strikethrough"])


_MARKDOWN = _reader()


def render(markdown: str, picture: PictureHtml, *, top_heading: int = 2) -> str:
    """`markdown` as HTML; its highest headings become `top_heading`, the others follow without a gap."""
    tokens = _MARKDOWN.parse(markdown)
    levels = [int(token.tag[1:]) for token in tokens if token.type == "heading_open"]
    shift = top_heading - min(levels, default=1)
    deepest = top_heading - 1
    for token in tokens:
        if token.type == "heading_open":
            level = min(6, int(token.tag[1:]) + shift, deepest + 1)
            deepest = level
            token.tag = f"h{level}"
        elif token.type == "heading_close":
            token.tag = f"h{deepest}"
        if token.type == "inline" and token.children:
            token.children = [_picture(child, picture) if child.type == "image" else child
                              for child in token.children]
    return str(_MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {}))


def _picture(token: Token, picture: PictureHtml) -> Token:
    alt = "".join(child.content for child in token.children or []) or token.content
    source = unquote(str(token.attrGet("src") or ""))
    drawn = None if "://" in source or source.startswith(("/", "data:")) else picture(source.removeprefix("./"), alt)
    replacement = Token("html_inline", "", 0)
    replacement.content = drawn if drawn is not None else html.escape(alt)
    return replacement
