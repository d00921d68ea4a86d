"""Hostile pictures, caption files and manifests, generated here: each ends in a located error.

SVGs that reach outside themselves or ask for endless drawing, raster headers that declare
65,500x65,500 pixels, caption files over their limits, Markdown pictures by reference or in
HTML that point outside the bundle, and more sections or exhibits than a kiosk can show.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kiosk.bundle import captions, media, svg
from kiosk.bundle.checks import MAX_EXHIBITS_PER_SECTION, MAX_SECTIONS
from kiosk.bundle.validate import validate
from tests.bundle.conftest import MANIFEST, BundleMaker

SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="20">'
OUTSIDE_HINT = f" ({svg.EMBED_HINT})"


def use_bomb(levels: int = 10, fan_out: int = 10) -> str:
    """`levels` groups, each using the one before `fan_out` times: fan_out**levels shapes."""
    parts = ['<rect id="l0" width="1" height="1"/>']
    parts += [f'<g id="l{i}">' + f'<use href="#l{i - 1}"/>' * fan_out + "</g>" for i in range(1, levels)]
    return f'{SVG_OPEN}<defs>{"".join(parts)}</defs><use href="#l{levels - 1}"/></svg>'


def jpeg_header(width: int, height: int) -> bytes:
    """The start of a baseline JPEG: JFIF, then a frame header declaring `width`x`height`."""
    return (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
            + b"\xff\xc0\x00\x11\x08" + height.to_bytes(2, "big") + width.to_bytes(2, "big")
            + b"\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01")


def png_header(width: int, height: int) -> bytes:
    return (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR" + width.to_bytes(4, "big") + height.to_bytes(4, "big")
            + b"\x08\x06\x00\x00\x00")


def webp_header(width: int, height: int) -> bytes:
    chunk = b"VP8X" + (10).to_bytes(4, "little") + b"\x00\x00\x00\x00"
    return b"RIFF" + (30).to_bytes(4, "little") + b"WEBP" + chunk + (width - 1).to_bytes(3, "little") \
        + (height - 1).to_bytes(3, "little")


def tiff_header(width: int, height: int) -> bytes:
    entries = [(256, 4, width), (257, 4, height)]
    body = len(entries).to_bytes(2, "little") + b"".join(
        tag.to_bytes(2, "little") + kind.to_bytes(2, "little") + (1).to_bytes(4, "little") + value.to_bytes(4, "little")
        for tag, kind, value in entries) + b"\x00\x00\x00\x00"
    return b"II*\x00" + (8).to_bytes(4, "little") + body


def with_picture(make_bundle: BundleMaker, name: str, data: bytes) -> Path:
    """The valid bundle with its image exhibit's picture replaced by `name` holding `data`."""
    return make_bundle(MANIFEST.replace("file: media/dawn.jpg", f"file: {name}"),
                       {"media/dawn.jpg": None, name: data})


def errors(path: Path) -> list[str]:
    return [finding.format() for finding in validate(path).report.sorted() if finding.severity.value == "error"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (f'{SVG_OPEN}\n<image href="/home/someone/secret.png" width="5" height="5"/></svg>',
         ["media/dawn.svg:2: error: refers to '/home/someone/secret.png' outside the SVG; the kiosk leaves it out"
          + OUTSIDE_HINT]),
        (f'{SVG_OPEN}\n\n<image xlink:href="../other/picture.png"/></svg>',
         ["media/dawn.svg:3: error: refers to '../other/picture.png' outside the SVG; the kiosk leaves it out"
          + OUTSIDE_HINT]),
        (f'{SVG_OPEN}<rect style="fill: url(https://example.org/x.svg#p)" width="4" height="4"/></svg>',
         ["media/dawn.svg:1: error: refers to 'https://example.org/x.svg#p' outside the SVG; the kiosk leaves it out"
          + OUTSIDE_HINT]),
        (f'{SVG_OPEN}<style>@import "theme.css";</style></svg>',
         ["media/dawn.svg:1: error: refers to '@import \"theme.css\";' outside the SVG; the kiosk leaves it out"
          + OUTSIDE_HINT]),
        (use_bomb(),
         ["media/dawn.svg: error: the SVG draws 4,691,358,014 elements once its references are followed; at most "
          "200,000 are drawn (each <use> repeats what it names: simplify it, or save it as a PNG)"]),
        (f'{SVG_OPEN}<g id="a"><use href="#b"/></g>\n<g id="b"><use href="#a"/></g></svg>',
         ["media/dawn.svg:2: error: refers to itself in a loop (through <use> or url(#…)) "
          "(remove the reference that leads back)"]),
        ('<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY lol "lol">]>\n' + SVG_OPEN + "&lol;</svg>",
         ["media/dawn.svg:2: error: declares entities in its DOCTYPE "
          "(remove the DOCTYPE's [...] part: SVGs need no entities)"]),
        (SVG_OPEN + "<rect>",
         ["media/dawn.svg:1: error: is not well-formed XML: no element found "
          "(open it in an SVG editor and save it again)"]),
    ],
    ids=["absolute-href", "relative-xlink", "css-url", "css-import", "use-bomb", "use-loop", "entities", "broken"],
)
def test_svgs_that_reach_out_or_never_finish_are_errors(make_bundle: BundleMaker, body: str,
                                                         expected: list[str]) -> None:
    started = time.monotonic()
    assert errors(with_picture(make_bundle, "media/dawn.svg", body.encode())) == expected
    assert time.monotonic() - started < 10  # the bomb is counted, not expanded


def test_an_svg_keeps_its_own_references_and_loses_every_other() -> None:
    source = (f'<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
              f'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n{SVG_OPEN}'
              '<defs><linearGradient id="g"/></defs><rect id="r" fill="url(#g)" width="4" height="4"/>'
              '<use xlink:href="#r"/><image href="file:///etc/passwd"/><script>alert(1)</script>'
              '<rect style="fill:url(/x.png)"/></svg>')
    safe = svg.sanitise(source.encode())
    assert safe.data is not None
    text = safe.data.decode()
    assert 'fill="url(#g)"' in text
    assert 'xlink:href="#r"' in text
    for gone in ("<image", "passwd", "script", "/x.png", "DOCTYPE", "w3.org/Graphics"):
        assert gone not in text
    assert [problem.fatal for problem in safe.problems] == [False, False]


def test_an_svg_may_embed_a_small_raster_picture() -> None:
    import base64

    embedded = base64.b64encode(png_header(16, 16)).decode()
    safe = svg.sanitise(f'{SVG_OPEN}<image href="data:image/png;base64,{embedded}"/></svg>'.encode())
    assert safe.problems == []
    assert safe.data is not None
    assert b"data:image/png" in safe.data
    huge = base64.b64encode(png_header(65500, 65500)).decode()
    refused = svg.sanitise(f'{SVG_OPEN}<image href="data:image/png;base64,{huge}"/></svg>'.encode())
    assert refused.data is not None
    assert b"data:" not in refused.data
    assert [problem.message for problem in refused.problems] == [
        "embeds a picture the kiosk cannot read, or one over 250 megapixels"]


def test_an_svg_over_the_size_limit_is_refused_unread(make_bundle: BundleMaker) -> None:
    body = SVG_OPEN + " " * svg.MAX_SVG_BYTES + "</svg>"
    assert errors(with_picture(make_bundle, "media/dawn.svg", body.encode())) == [
        "media/dawn.svg: error: the SVG is over 4 MB (simplify it, or save it as a PNG or JPEG)"]


@pytest.mark.parametrize(
    ("name", "data"),
    [("media/dawn.jpg", jpeg_header(65500, 65500)), ("media/dawn.png", png_header(65500, 65500)),
     ("media/dawn.webp", webp_header(65500, 65500)), ("media/dawn.tif", tiff_header(65500, 65500))],
    ids=["jpeg", "png", "webp", "tiff"],
)
def test_a_picture_declaring_too_many_pixels_is_an_error(make_bundle: BundleMaker, name: str, data: bytes) -> None:
    assert media.declared_size(data) == (65500, 65500)
    assert errors(with_picture(make_bundle, name, data)) == [
        f"{name}: error: declares 65500x65500 pixels; at most 250 megapixels are shown "
        "(save it smaller: a kiosk screen shows a few megapixels)"]


def test_a_jpeg_frame_after_a_large_exif_block_is_found() -> None:
    exif = b"\xff\xe1" + (60_000).to_bytes(2, "big") + b"\x00" * 59_998
    data = jpeg_header(20_000, 15_000)
    assert media.declared_size(data[:20] + exif + data[20:]) == (20_000, 15_000)
    assert media.too_many_pixels((20_000, 12_500)) is None


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"WEBVTT\n\n" + b"x" * (captions.MAX_CAPTION_BYTES), "captions/film.en.vtt:1: error: the file is 2,097,160 "
         "bytes; captions files may have at most 2,097,152 (split the film's captions, or check that this is the "
         "right file)"),
        (b"WEBVTT\n\n00:00.000 --> 00:02.000\n" + b"y" * 5000 + b"\n", "captions/film.en.vtt:4: error: the line is "
         "5,000 characters long; at most 2,000 are read (break the cue's text into lines of a few words)"),
        (b"WEBVTT\n\n" + b"00:00.000 --> 00:02.000\nHi\n\n" * (captions.MAX_CUES + 1), "captions/film.en.vtt:30003: "
         "error: the file has more than 10,000 cues; at most 10,000 are read (split the captions into several files)"),
    ],
    ids=["bytes", "line", "cues"],
)
def test_caption_files_over_their_limits_are_errors(make_bundle: BundleMaker, content: bytes, expected: str,
                                                    tmp_path: Path) -> None:
    root = make_bundle(files={"captions/film.en.vtt": content})
    assert errors(root) == [expected]
    cues, problems = captions.read_captions(root / "captions/film.en.vtt")
    assert cues == []
    assert [(problem.line, problem.message) for problem in problems] == [
        (int(expected.split(":")[1]), expected.split("error: ")[1].split(" (", maxsplit=1)[0])]


def sections(count: int, exhibits: int = 1) -> str:
    lines = ["format: 1", "id: many", 'version: "1"', "title: {en: Many}", "languages: [en]", "sections:"]
    for s in range(count):
        lines += [f"  - id: s{s}", f"    title: {{en: S{s}}}", "    exhibits:"]
        lines += [f"      - {{id: e{e}, type: text, title: {{en: E}}, body: {{en: B}}}}" for e in range(exhibits)]
    return "\n".join(lines) + "\n"


def test_more_sections_than_a_kiosk_shows_is_an_error(make_bundle: BundleMaker) -> None:
    assert errors(make_bundle(sections(MAX_SECTIONS + 1), files={})) == [
        f"exhibition.yaml:{7 + 4 * MAX_SECTIONS}:5: error: sections[200]: there are 201 sections; a kiosk shows at "
        "most 200 (group the exhibits into fewer sections, or split the exhibition into bundles)"]


def test_more_exhibits_in_a_section_than_a_kiosk_shows_is_an_error(make_bundle: BundleMaker) -> None:
    assert errors(make_bundle(sections(1, MAX_EXHIBITS_PER_SECTION + 1), files={})) == [
        f"exhibition.yaml:{10 + MAX_EXHIBITS_PER_SECTION}:9: error: sections[0].exhibits[500]: this section has 501 "
        "exhibits; a section shows at most 500 (move some exhibits into another section)"]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ('"See ![the chart][c]\\n\\n[c]: /etc/chart.png"',
         "the picture '/etc/chart.png' in the Markdown is an absolute path"),
        ('"See <img src=\\"../../chart.png\\" alt=\\"a chart\\">"',
         "the picture '../../chart.png' in the Markdown leads outside the bundle ('..')"),
        ("\"See <IMG alt='x' SRC='https://example.org/c.png'>\"",
         "the picture 'https://example.org/c.png' in the Markdown is a web address"),
        ('"See ![Chart]\\n\\n[chart]: media/missing.png"',
         "the picture 'media/missing.png' in the Markdown does not exist"),
    ],
    ids=["reference", "html-dots", "html-web", "shortcut-reference"],
)
def test_markdown_pictures_of_every_syntax_are_checked(make_bundle: BundleMaker, markdown: str,
                                                       expected: str) -> None:
    root = make_bundle(MANIFEST.replace("body: {en: Text, fr: Texte}", f"body: {{en: {markdown}, fr: Texte}}"))
    found = [finding.message for finding in validate(root).report.errors]
    assert found == [expected]
