"""The export's parts on their own: SubRip to WebVTT, Markdown, the theme's contrast, links,
and the progress bar. (tests/test_architecture.py holds kiosk.export to the core's rule: no Qt.)"""

from __future__ import annotations

import io
import json
import textwrap

import pytest

from kiosk.bundle import srt
from kiosk.bundle.model import Theme
from kiosk.bundle.webvtt import timestamp
from kiosk.commands.export import ProgressBar
from kiosk.export import layout, markdown
from kiosk.export.captions import as_webvtt, cue_script, cues_to_webvtt
from kiosk.export.fonts import size_warning
from kiosk.export.style import palette


@pytest.mark.parametrize(("seconds", "written"), [(0, "00:00:00.000"), (1.5, "00:00:01.500"),
                                                  (3723.0456, "01:02:03.046"), (360000, "100:00:00.000")])
def test_timestamps_are_written_as_webvtt_wants(seconds: float, written: str) -> None:
    assert timestamp(seconds) == written


def test_subrip_becomes_webvtt_with_the_kiosks_cues() -> None:
    text = textwrap.dedent("""\
        1
        00:00:01,000 --> 00:00:04,500
        <font color="red">Hello</font> <I>there</I> & you

        2
        00:01:00,5 --> 00:01:02,000
        {\\an8}On top
        two --> lines

        """)
    cues, problems = srt.parse(text)
    assert problems == []
    assert cues_to_webvtt(cues) == ("WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.500\nHello <i>there</i> &amp; you\n\n"
                                    "2\n00:01:00.500 --> 00:01:02.000 line:0\nOn top\ntwo --&gt; lines\n")


def test_webvtt_is_kept_as_written_but_in_utf8_with_plain_line_ends() -> None:
    source = "WEBVTT\r\nKind: captions\r\n\r\nSTYLE\r\n::cue { color: yellow }\r\n\r\n00:01.000 --> 00:02.000\r\nHi\r\n"
    text, cues, problems = as_webvtt("a.vtt", b"\xff\xfe" + source.encode("utf-16-le"))
    assert text == source.replace("\r\n", "\n")
    assert [cue.text for cue in cues] == ["Hi"]
    assert problems == []


def test_a_caption_files_twin_script_files_its_text_under_the_tracks_address() -> None:
    text = 'WEBVTT\n\n00:01.000 --> 00:02.000\n"Hi" \\ \u2028 مرحبا\n'
    script = cue_script(text)
    assert script == ('(window.siteCues=window.siteCues||{})[document.currentScript.src.slice(0,-3)]='
                      '"WEBVTT\\n\\n00:01.000 --> 00:02.000\\n\\"Hi\\" \\\\ \\u2028 مرحبا\\n";\n')
    literal = script.split("=", 2)[2].removesuffix(";\n")
    assert json.loads(literal) == text


def test_markdown_headings_follow_the_page_without_gaps() -> None:
    html = markdown.render("## Part\n\n#### Deep\n\n## Next", lambda path, alt: None)
    assert html == "<h2>Part</h2>\n<h3>Deep</h3>\n<h2>Next</h2>\n"
    assert markdown.render("# Top", lambda path, alt: None, top_heading=3) == "<h3>Top</h3>\n"


@pytest.mark.parametrize("source", ["https://example.org/x.png", "/etc/passwd", "data:image/png;base64,AA"])
def test_a_picture_from_outside_the_bundle_shows_only_its_alt_text(source: str) -> None:
    asked = []
    html = markdown.render(f"![a chart]({source})", lambda path, alt: asked.append(path) or "<img>")
    assert html == "<p>a chart</p>\n"
    assert asked == []


def test_a_picture_of_the_bundle_is_drawn_by_the_site() -> None:
    html = markdown.render("![a chart](media/Aube%20d'%C3%A9t%C3%A9.png)", lambda path, alt: f"[{path}|{alt}]")
    assert html == "<p>[media/Aube d'été.png|a chart]</p>\n"


@pytest.mark.parametrize(("theme", "text", "link", "warnings"), [
    (Theme(), "#F3F1EC", "#E2B04A", []),
    (Theme(background="#FFFFFF", foreground="#999999", accent="#0050B0"), "#000000", "#0050B0",
     ["theme.foreground #999999 on theme.background #FFFFFF has a contrast of 2.85:1, under 4.5:1; the site's text "
      "uses #000000 instead (make the colours lighter or darker until they stand apart)"]),
    (Theme(background="#15171C", foreground="#F3F1EC", accent="#7A5C24"), "#F3F1EC", "#F3F1EC",
     ["theme.accent #7A5C24 on theme.background #15171C has a contrast of 2.89:1, under 4.5:1 for the links' text; "
      "the site's links use the text colour #F3F1EC, underlined"]),
])
def test_the_theme_contrast_is_checked_and_the_site_stays_readable(theme: Theme, text: str, link: str,
                                                                   warnings: list[str]) -> None:
    colours, found = palette(theme)
    assert (colours.text, colours.link, found) == (text, link, warnings)


@pytest.mark.parametrize(("source", "target", "link"), [
    ("en/art/dawn.html", "files/media/a b.jpg", "../../files/media/a%20b.jpg"),
    ("en/index.html", "ar/index.html", "../ar/index.html"),
    ("index.html", "he/index.html", "he/index.html"),
    ("en/art/dawn.html", "en/art/dusk.html", "dusk.html"),
])
def test_links_are_relative_and_encoded(source: str, target: str, link: str) -> None:
    assert layout.link(source, target) == link


def test_the_language_switch_is_the_same_path_under_another_language() -> None:
    assert layout.in_language("en/art/dawn.html", "zh-Hant") == "zh-Hant/art/dawn.html"
    assert layout.in_language("index.html", "ar") == "ar/index.html"
    assert layout.captions("captions/a.SRT") == "files/captions/a.SRT.vtt"
    assert layout.captions("captions/a.vtt") == "files/captions/a.vtt"


class _Terminal(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_the_progress_bar_draws_on_a_terminal_only() -> None:
    terminal = _Terminal(tty=True)
    bar = ProgressBar(terminal)
    bar(3, 10, "media/dawn.jpg")
    bar.finish()
    assert terminal.getvalue() == f"\r\x1b[K[{'#' * 9}{'.' * 21}] 3/10 media/dawn.jpg\r\x1b[K"
    piped = _Terminal(tty=False)
    ProgressBar(piped)(3, 10, "x")
    assert piped.getvalue() == ""



@pytest.mark.parametrize(("size", "warning"), [
    (1_000_000, None),
    (2_345_678, "fonts/zh.otf: the font is 2.3 MB, which every visitor loads with the first page; a subset of the "
                "characters the exhibition uses is much smaller (README: fonts for the web)"),
])
def test_a_large_font_is_worth_a_warning(size: int, warning: str | None) -> None:
    assert size_warning("fonts/zh.otf", size) == warning
