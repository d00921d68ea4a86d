"""The pages of the site, one language at a time: home, sections, exhibits of every type, credits.

Pages are added to the same `files` as the pictures and captions they use (kiosk.export.files);
nothing is written until the whole site is built. Qt-free.
"""

from __future__ import annotations

import logging
from pathlib import Path

from kiosk.bundle.declare import CaptionFiles, Localized
from kiosk.bundle.model import (
    ArticleExhibit,
    AudioExhibit,
    Exhibit,
    GalleryExhibit,
    ImageExhibit,
    Manifest,
    Section,
    TextExhibit,
    VideoExhibit,
)
from kiosk.bundle.webvtt import Cue
from kiosk.export import layout, markdown
from kiosk.export.captions import transcript_lines
from kiosk.export.files import SiteFiles
from kiosk.export.fonts import font_sheet, size_warning
from kiosk.export.pages import Shell, choose_language, escape, in_language, page
from kiosk.export.ports import PageWords, Pictures, Words
from kiosk.export.script import SCRIPT
from kiosk.export.style import palette, stylesheet

log = logging.getLogger("kiosk.export")

CARD_SIZES = "(min-width: 75rem) 22rem, (min-width: 40rem) 45vw, 100vw"
CARD_WIDEST = 1600  # 45vw of a large tablet, or a phone's width, at twice or three times its pixels
PAGE_SIZES = "(min-width: 66rem) 60rem, 100vw"
PAGE_WIDEST = 2400  # the 60rem column at twice its pixels, with room for a 1920 pixel original
MEDIA_TYPES = {".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm", ".mkv": "video/x-matroska",
               ".mov": "video/quicktime", ".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".opus": "audio/ogg",
               ".flac": "audio/flac", ".wav": "audio/wav", ".m4a": "audio/mp4"}


class SiteBuilder:
    def __init__(self, manifest: Manifest, root: Path, words: Words, pictures: Pictures, *,
                 languages: tuple[str, ...], base_url: str | None, broken: frozenset[str] = frozenset()) -> None:
        self.manifest = manifest
        self.words = words
        self.languages = languages
        self.base_url = base_url
        self.media = SiteFiles(root, pictures, broken)
        self.files = self.media.files
        self.warnings = self.media.warnings
        self.prepare_picture = self.media.prepare_picture
        self.img = self.media.img
        self._language_info = {code: words.language(code) for code in manifest.languages}
        self.colours, contrast = palette(manifest.theme)
        self.warnings += contrast

    # -- texts ------------------------------------------------------------------------------

    def pick(self, value: Localized | None, language: str) -> tuple[str, str]:
        """The text in `language`, else in the bundle's first language that has it, and the
        language it is in ("" for a text given once for every language)."""
        if value is None:
            return "", language
        for code in (language, *self.manifest.languages):
            if code in value.values:
                return value.values[code], code
        if "" in value.values:
            return value.values[""], language
        code, text = next(iter(sorted(value.values.items())), ("", ""))
        return text, code

    def plain(self, value: Localized | None, language: str, tag: str = "span") -> str:
        """A plain text as HTML, marked with its language when it stands in for the page's."""
        text, source = self.pick(value, language)
        return in_language(escape(text), source, language, self._rtl(source), tag)

    def prose(self, value: Localized | None, language: str, page_path: str, top_heading: int = 2) -> str:
        text, source = self.pick(value, language)
        if not text:
            return ""
        rendered = markdown.render(text, lambda path, alt: self.img(page_path, path, alt, PAGE_SIZES, widest=PAGE_WIDEST),
                                   top_heading=top_heading)
        marked = f' lang="{escape(source)}" dir="{"rtl" if self._rtl(source) else "ltr"}"' if source != language else ""
        return f'<div class="prose"{marked}>\n{rendered}</div>'

    def _rtl(self, code: str) -> bool:
        info = self._language_info.get(code)
        return info.rtl if info else self.words.language(code).rtl

    # -- pictures ---------------------------------------------------------------------------

    def zoomable(self, page_path: str, path: str, alt: str, title: str, words: PageWords) -> str:
        """A picture as a link to its full size, which the script opens in the pan-and-zoom view."""
        image = self.img(page_path, path, alt, PAGE_SIZES, widest=PAGE_WIDEST, lazy=False)
        picture = self.prepare_picture(path)
        if image is None or picture is None:
            return f"<p>{escape(alt)}</p>"
        return (f'<a class="picture" href="{layout.link(page_path, picture.full)}" data-title="{escape(title)}" '
                f'data-zoom-in="{escape(words.zoom_in)}" data-zoom-out="{escape(words.zoom_out)}" '
                f'data-close="{escape(words.close)}">{image}</a>\n'
                f'<p class="hint">{escape(words.zoom_hint)} · <a href="{layout.link(page_path, picture.full)}">'
                f"{escape(words.full_image)}</a></p>")

    def figure(self, page_path: str, language: str, words: PageWords, path: str, *, alt: Localized | None,
               title: str, caption: Localized | None = None, credit: Localized | None = None,
               extra: str = "") -> str:
        alt_text, _ = self.pick(alt, language)
        parts = [self.zoomable(page_path, path, alt_text, title, words)]
        notes = [f"<span>{extra}</span>"] if extra else []
        if caption is not None:
            notes.append(self.plain(caption, language))
        if credit is not None:
            notes.append(f'<span class="credit">{self.plain(credit, language)}</span>')
        if notes:
            parts.append(f"<figcaption>{'<br>'.join(notes)}</figcaption>")
        return "<figure>" + "\n".join(parts) + "</figure>"

    # -- pages ------------------------------------------------------------------------------

    def _shell(self, language: str) -> tuple[Shell, PageWords]:
        counts = tuple(sorted({len(section.exhibits) for section in self.manifest.sections}))
        words = self.words.page_words(language, counts)
        title, source = self.pick(self.manifest.title, language)
        logo = None
        if self.manifest.theme.logo:
            picture = self.prepare_picture(self.manifest.theme.logo)
            logo = picture.src if picture else None
        shell = Shell(self._language_info[language], tuple(self._language_info[c] for c in self.languages), words,
                      title, source, logo, self.base_url)
        return shell, words

    def _add_page(self, path: str, html_text: str) -> None:
        self.files[path] = html_text.encode("utf-8")

    def build_language(self, language: str) -> None:
        shell, words = self._shell(language)
        self._home(shell, words, language)
        for section in self.manifest.sections:
            self._section(shell, words, language, section)
            for index, exhibit in enumerate(section.exhibits):
                self._exhibit(shell, words, language, section, index=index, exhibit=exhibit)
        self._credits(shell, words, language)

    def _home(self, shell: Shell, words: PageWords, language: str) -> None:
        path = layout.home(language)
        manifest = self.manifest
        title, _ = self.pick(manifest.title, language)
        body = [f"<h1>{self.plain(manifest.title, language)}</h1>", '<div class="intro">']
        if manifest.subtitle is not None:
            body.append(f'<p class="lede">{self.plain(manifest.subtitle, language)}</p>')
        if manifest.description is not None:
            body.append(f"<p>{self.plain(manifest.description, language)}</p>")
        body.append('</div>\n<ul class="cards">')
        for section in manifest.sections:
            count = words.counts.get(len(section.exhibits), str(len(section.exhibits)))
            body.append(self._card(path, language, layout.section(language, section.id), section.title,
                                   picture=section.cover, alt=section.alt, summary=section.summary, badge=count))
        body.append("</ul>")
        self._add_page(path, page(shell, path, title, "\n".join(body)))

    def _card(self, page_path: str, language: str, target: str, title: Localized, *, picture: str | None,
              alt: Localized | None, summary: Localized | None, badge: str) -> str:
        image = (self.img(page_path, picture, self.pick(alt, language)[0], CARD_SIZES, widest=CARD_WIDEST)
                 if picture else None)
        parts = ['<li class="card">', image or "",
                 f'<h2><a href="{layout.link(page_path, target)}">{self.plain(title, language)}</a></h2>']
        if badge:
            parts.append(f'<p class="badge">{escape(badge)}</p>')
        if summary is not None:
            parts.append(f"<p>{self.plain(summary, language)}</p>")
        parts.append("</li>")
        return "".join(parts)

    def _section(self, shell: Shell, words: PageWords, language: str, section: Section) -> None:
        path = layout.section(language, section.id)
        title, _ = self.pick(section.title, language)
        exhibition, _ = self.pick(self.manifest.title, language)
        body = [f"<h1>{self.plain(section.title, language)}</h1>"]
        if section.summary is not None:
            body.append(f'<p class="lede intro">{self.plain(section.summary, language)}</p>')
        body.append('<ul class="cards">')
        for exhibit in section.exhibits:
            picture, alt = _thumbnail(exhibit)
            body.append(self._card(path, language, layout.exhibit(language, section.id, exhibit.id), exhibit.title,
                                   picture=picture, alt=alt, summary=None, badge=words.kinds.get(exhibit.type, "")))
        body.append("</ul>")
        crumbs = [(escape(words.home), layout.home(language))]
        self._add_page(path, page(shell, path, f"{title} – {exhibition}", "\n".join(body), crumbs))

    def _exhibit(self, shell: Shell, words: PageWords, language: str, section: Section, *, index: int,
                 exhibit: Exhibit) -> None:
        path = layout.exhibit(language, section.id, exhibit.id)
        title, _ = self.pick(exhibit.title, language)
        exhibition, _ = self.pick(self.manifest.title, language)
        body = ['<article class="exhibit">', f"<h1>{self.plain(exhibit.title, language)}</h1>"]
        body += self._content(path, language, words, exhibit, title)
        if exhibit.credit is not None and not isinstance(exhibit, ImageExhibit):
            body.append(f'<p class="credit">{self.plain(exhibit.credit, language)}</p>')
        if isinstance(exhibit, ArticleExhibit) and exhibit.related:
            body.append(f'<section class="related"><h2>{escape(words.related)}</h2><ul>')
            for ref in exhibit.related:
                found = self.manifest.find(ref)
                if found is not None:
                    target = layout.exhibit(language, found[0].id, found[1].id)
                    body.append(f'<li><a href="{layout.link(path, target)}">{self.plain(found[1].title, language)}'
                                "</a></li>")
            body.append("</ul></section>")
        body.append("</article>")
        body.append(self._pager(path, language, words, section, index))
        crumbs = [(escape(words.home), layout.home(language)),
                  (self.plain(section.title, language), layout.section(language, section.id))]
        self._add_page(path, page(shell, path, f"{title} – {exhibition}", "\n".join(body), crumbs))

    def _pager(self, path: str, language: str, words: PageWords, section: Section, index: int) -> str:
        links = []
        if index > 0:
            before = section.exhibits[index - 1]
            links.append(f'<li><a rel="prev" href="{layout.link(path, layout.exhibit(language, section.id, before.id))}">'
                         f"{escape(words.previous)}: <bdi>{self.plain(before.title, language)}</bdi></a></li>")
        else:
            links.append("<li></li>")
        if index + 1 < len(section.exhibits):
            after = section.exhibits[index + 1]
            links.append(f'<li><a rel="next" href="{layout.link(path, layout.exhibit(language, section.id, after.id))}">'
                         f"{escape(words.next)}: <bdi>{self.plain(after.title, language)}</bdi></a></li>")
        return f'<nav aria-label="{escape(words.next)}"><ul class="pager">{"".join(links)}</ul></nav>'

    def _content(self, path: str, language: str, words: PageWords, exhibit: Exhibit, title: str) -> list[str]:
        parts = self._narration(path, language, words, exhibit)
        return parts + self._shown(path, language, words, exhibit, title)

    def _narration(self, path: str, language: str, words: PageWords, exhibit: Exhibit) -> list[str]:
        """The exhibit's recorded narration in the page's language (or its regional variant's
        base), as on the kiosk's Read aloud; a recording serves only its own language. Its
        words are the page's own, so the page is its transcript."""
        narration = getattr(exhibit, "narration", None)
        if narration is None:
            return []
        values = narration.values
        base = language.split("-", maxsplit=1)[0]
        file = values.get(language) or values.get(base) or (values.get("") if len(self.manifest.languages) == 1 else None)
        if file is None:
            return []
        media = self.media.copy(file)
        if media is None:
            return []  # a broken recording: the page is read, not heard
        suffix = Path(file).suffix.lower()
        return [f'<p class="narration"><span>{escape(words.read_aloud)}</span>'
                f'<audio controls preload="none" aria-label="{escape(words.read_aloud)}">'
                f'<source src="{layout.link(path, media)}" type="{MEDIA_TYPES.get(suffix, "")}"></audio></p>']

    def _shown(self, path: str, language: str, words: PageWords, exhibit: Exhibit, title: str) -> list[str]:
        if isinstance(exhibit, TextExhibit):
            return [self.prose(exhibit.body, language, path)]
        if isinstance(exhibit, ImageExhibit):
            return [self.figure(path, language, words, exhibit.file, alt=exhibit.alt, title=title,
                                caption=exhibit.caption, credit=exhibit.credit)]
        if isinstance(exhibit, GalleryExhibit):
            items = []
            total = len(exhibit.images)
            for number, image in enumerate(exhibit.images, start=1):
                label = words.image_n_of_m.replace("{n}", str(number)).replace("{m}", str(total))
                figure = self.figure(path, language, words, image.file, alt=image.alt, title=f"{title} – {label}",
                                     caption=image.caption, credit=image.credit, extra=escape(label))
                items.append(f"<li>{figure}</li>")
            return ['<ol class="gallery">', *items, "</ol>"]
        if isinstance(exhibit, ArticleExhibit):
            parts = []
            if exhibit.image:
                parts.append(self.figure(path, language, words, exhibit.image, alt=exhibit.alt, title=title))
            parts.append(self.prose(exhibit.body, language, path))
            return parts
        if isinstance(exhibit, AudioExhibit | VideoExhibit):
            return self._player(path, language, words, exhibit)
        return []

    def _player(self, path: str, language: str, words: PageWords, exhibit: AudioExhibit | VideoExhibit) -> list[str]:
        parts = []
        picture = exhibit.cover if isinstance(exhibit, AudioExhibit) else exhibit.poster
        alt, _ = self.pick(exhibit.alt, language)
        poster = ""
        if isinstance(exhibit, AudioExhibit) and picture:
            image = self.img(path, picture, alt, PAGE_SIZES, widest=PAGE_WIDEST, lazy=False)
            if image:
                parts.append(image.replace("<img ", '<img class="cover" ', 1))
        elif picture:
            prepared = self.prepare_picture(picture)
            if prepared is not None:
                poster = f' poster="{layout.link(path, prepared.src)}"'
        tracks, showing = self._tracks(path, language, exhibit.captions)
        media = self.media.copy(exhibit.file)
        kind = "video" if isinstance(exhibit, VideoExhibit) else "audio"
        if media is None:
            # The file is broken (the bundle's check says why): as on the kiosk, a calm sentence
            # where the player would be; the poster, captions' words and transcript still show.
            if poster and picture:
                image = self.img(path, picture, alt, PAGE_SIZES, widest=PAGE_WIDEST, lazy=False)
                parts.append(image.replace("<img ", '<img class="cover" ', 1) if image else "")
            parts.append(f'<p class="unavailable">{escape(words.unavailable)}</p>')
        else:
            suffix = Path(exhibit.file).suffix.lower()
            described = f' aria-label="{escape(alt)}"' if alt and kind == "video" and poster else ""
            source = f'<source src="{layout.link(path, media)}" type="{MEDIA_TYPES.get(suffix, "")}">'
            fallback = f'<a href="{layout.link(path, media)}">{escape(Path(exhibit.file).name)}</a>'
            parts.append(f'<{kind} class="player" controls preload="metadata"{poster}{described}>'
                         f"{source}{''.join(tracks)}{fallback}</{kind}>")
            if kind == "audio" and tracks:
                # Browsers draw no captions for sound: the script writes the showing cue here.
                parts.append('<p class="sound-captions" aria-hidden="true"></p>')
        if exhibit.transcript is not None:
            parts.append(f'<section class="transcript"><h2>{escape(words.transcript)}</h2>'
                         f"{self.prose(exhibit.transcript, language, path, top_heading=3)}</section>")
        elif showing is not None:
            lines = "".join(f"<p>{escape(line)}</p>" for line in transcript_lines(showing[1]))
            parts.append(f'<section class="transcript"><h2>{escape(words.transcript)}</h2>'
                         f"<p><em>{escape(words.from_captions)}</em></p>"
                         f"{in_language(lines, showing[0], language, self._rtl(showing[0]), 'div')}</section>")
        return parts

    def _tracks(self, path: str, language: str, captions: CaptionFiles | None
                ) -> tuple[list[str], tuple[str, list[Cue]] | None]:
        """The `<track>` elements of every caption language, and the (language, cues) of the
        one shown by default: the page's language, else its stand-in."""
        if captions is None:
            return [], None
        order = {code: index for index, code in enumerate(self.manifest.languages)}
        entries = sorted(((code or self.manifest.default_language, file) for code, file in captions.values.items()),
                         key=lambda item: (order.get(item[0], len(order)), item[0]))
        _, default_code = self.pick(captions, language)
        default_code = default_code or language
        tracks: list[str] = []
        showing = None
        for code, file in entries:
            converted = self.media.caption(file)
            if converted is None:
                continue
            target, _text, cues = converted
            is_default = code == default_code or (showing is None and code == entries[-1][0]
                                                  and not any(c == default_code for c, _ in entries))
            if is_default and showing is None:
                showing = (code, cues)
            else:
                is_default = False
            name = self.words.language(code).name
            tracks.append(f'<track kind="captions" src="{layout.link(path, target)}" srclang="{escape(code)}" '
                          f'label="{escape(name)}"{" default" if is_default else ""}>')
        return tracks, showing

    def _credits(self, shell: Shell, words: PageWords, language: str) -> None:
        path = layout.credits(language)
        exhibition, _ = self.pick(self.manifest.title, language)
        body = [f"<h1>{escape(words.credits)}</h1>"]
        for section in self.manifest.sections:
            entries = []
            for exhibit in section.exhibits:
                credits = [exhibit.credit] if exhibit.credit is not None else []
                if isinstance(exhibit, GalleryExhibit):
                    credits += [image.credit for image in exhibit.images if image.credit is not None]
                if credits:
                    target = layout.link(path, layout.exhibit(language, section.id, exhibit.id))
                    entries.append(f'<dt><a href="{target}">{self.plain(exhibit.title, language)}</a></dt>')
                    entries += [f"<dd>{self.plain(credit, language)}</dd>" for credit in credits]
            if entries:
                body.append(f'<h2>{self.plain(section.title, language)}</h2><dl class="credits">{"".join(entries)}</dl>')
        crumbs = [(escape(words.home), layout.home(language))]
        self._add_page(path, page(shell, path, f"{words.credits} – {exhibition}", "\n".join(body), crumbs))

    def build_shared(self) -> None:
        """The stylesheet, the script, the front door, and with `--base-url` a sitemap."""
        theme = self.manifest.theme
        sheets: list[str] = []
        for path in ([theme.font] if theme.font else []) + list(theme.fonts):
            data = self.media.read(path)
            if data is None:
                continue
            target = layout.font_sheet(len(sheets) + 1)
            self.files[target] = font_sheet(f"Exhibit {len(sheets) + 1}", path, data).encode("ascii")
            sheets.append(layout.link(layout.STYLESHEET, target))
            large = size_warning(path, len(data))
            if large:
                self.warnings.append(large)
        self.files[layout.STYLESHEET] = stylesheet(self.colours, sheets).encode("utf-8")
        self.files[layout.SCRIPT] = SCRIPT.encode("utf-8")
        infos = [self._language_info[code] for code in self.languages]
        titles = [self.pick(self.manifest.title, code)[0] for code in self.languages]
        words = self.words.page_words(self.languages[0], ())
        self.files[layout.ROOT_PAGE] = choose_language(infos, titles, infos[0], layout.STYLESHEET, words).encode("utf-8")
        if self.base_url:
            base = self.base_url.rstrip("/") + "/"
            pages = sorted(p for p in self.files if p.endswith(".html"))
            urls = "".join(f"<url><loc>{escape(base + layout.link('index.html', p))}</loc></url>\n" for p in pages)
            self.files["sitemap.xml"] = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                                         '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                                         f"{urls}</urlset>\n").encode()


def _thumbnail(exhibit: Exhibit) -> tuple[str | None, Localized | None]:
    """The picture on an exhibit's card, and its alt text."""
    if isinstance(exhibit, ImageExhibit):
        return exhibit.file, exhibit.alt
    if isinstance(exhibit, GalleryExhibit):
        return exhibit.images[0].file, exhibit.images[0].alt
    if isinstance(exhibit, AudioExhibit):
        return exhibit.cover, exhibit.alt
    if isinstance(exhibit, VideoExhibit):
        return exhibit.poster, exhibit.alt
    if isinstance(exhibit, ArticleExhibit):
        return exhibit.image, exhibit.alt
    return None, None
