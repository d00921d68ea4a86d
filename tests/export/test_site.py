"""The exported site: every link resolves, nothing comes from the network, the same bundle
gives the same bytes, pages say their language and direction, and every exhibit type shows."""

from __future__ import annotations

import hashlib
import itertools
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest

from kiosk.export.pages import CSP
from kiosk.export.site import ExportError

URL_ATTRIBUTES = ("href", "src", "poster")


class _Links(HTMLParser):
    """Every URL a page names, with the tag and attribute that name it; and the page's `<html>` attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []
        self.root: dict[str, str] = {}
        self.headings: list[int] = []
        self.csp = ""
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.root = values
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "meta" and values.get("http-equiv") == "Content-Security-Policy":
            self.csp = values["content"]
        if "id" in values:
            self.ids.add(values["id"])
        for name in URL_ATTRIBUTES:
            if name in values:
                self.urls.append((tag, name, values[name]))
        for candidate in values.get("srcset", "").split(","):
            if candidate.strip():
                self.urls.append((tag, "srcset", candidate.split()[0]))


def read_page(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_local_link_and_source_names_a_file_of_the_site(small_site) -> None:
    site, result = small_site
    checked = 0
    for page in pages(site):
        parsed = read_page(page)
        for tag, name, url in parsed.urls:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("#"):
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{page.relative_to(site)}: <{tag} {name}={url!r}> names nothing"
            assert site.resolve() in target.parents, f"{page.relative_to(site)}: {url} leaves the site"
            if parts.fragment:
                assert parts.fragment in read_page(target).ids
            checked += 1
    assert checked > 200
    assert result.pages == len(pages(site)) == 1 + 2 * (1 + 2 + 6 + 1)


def test_nothing_is_loaded_from_the_network(small_site) -> None:
    site, _ = small_site
    for page in pages(site):
        parsed = read_page(page)
        assert parsed.csp == CSP, page
        for tag, name, url in parsed.urls:
            if tag == "a" and name == "href":
                continue  # a link the visitor follows, not something the page loads
            assert not re.match(r"[a-z]+:", url), f"{page.relative_to(site)}: <{tag} {name}={url}> loads from elsewhere"
    assert "default-src 'none'" in CSP
    for text in (site / "assets/site.css").read_text(), (site / "assets/site.js").read_text():
        assert "http" not in text.replace("http-equiv", "")
        assert "cookie" not in text.lower()
        assert "fetch(" not in text
        assert "XMLHttpRequest" not in text


def test_an_outside_link_in_a_text_stays_a_link_and_raw_html_stays_text(small_site) -> None:
    site, _ = small_site
    essay = (site / "en/art/essay.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org">more</a>' in essay
    intro = (site / "en/art/intro.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in intro
    assert "<script>alert" not in intro
    assert '<img src="../../files/media/logo.svg" alt="A gold circle"' in intro


def test_headings_go_in_order_from_one_h1(small_site) -> None:
    site, _ = small_site
    for page in pages(site):
        levels = read_page(page).headings
        assert levels.count(1) == 1, page
        assert levels[0] == 1, page
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, f"{page.relative_to(site)}: h{before} then h{after}"


@pytest.mark.parametrize(("page", "direction"), [("en/index.html", "ltr"), ("ar/index.html", "rtl"),
                                                 ("ar/sound/film.html", "rtl"), ("en/credits.html", "ltr")])
def test_every_page_says_its_language_and_direction(small_site, page: str, direction: str) -> None:
    site, _ = small_site
    parsed = read_page(site / page)
    assert parsed.root == {"lang": page.split("/", maxsplit=1)[0], "dir": direction}


def test_the_language_switch_keeps_the_visitor_on_the_same_exhibit(small_site) -> None:
    site, _ = small_site
    text = (site / "en/art/dawn.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="dawn.html" lang="en" hreflang="en" dir="ltr" aria-current="page">English</a>', text)
    assert re.search(r'<a href="../../ar/art/dawn.html" lang="ar" hreflang="ar" dir="rtl">العربية</a>', text)
    arabic = (site / "ar/art/dawn.html").read_text(encoding="utf-8")
    assert "فجر" in arabic
    assert '<a class="skip" href="#main">تخطَّ إلى المحتوى</a>' in arabic


def test_pictures_have_web_sizes_their_alt_text_and_a_full_size_to_zoom(small_site) -> None:
    site, _ = small_site
    text = (site / "en/art/dawn.html").read_text(encoding="utf-8")
    assert ('<a class="picture" href="../../files/media/wide.png" data-title="Dawn" data-zoom-in="Zoom in" '
            'data-zoom-out="Zoom out" data-close="Close">') in text
    assert ('srcset="../../files/media/wide.w480.png 480w, ../../files/media/wide.w960.png 960w, '
            '../../files/media/wide.w1600.png 1600w, ../../files/media/wide.png 2000w"') in text.replace(".jpg", ".png")
    assert 'width="2000" height="800" alt="Orange fading into blue"' in text
    for width in (480, 960, 1600):
        assert (site / f"files/media/wide.w{width}.jpg").stat().st_size > 0
    assert not (site / "files/media/wide.w2000.jpg").exists()
    gallery = (site / "en/art/series.html").read_text(encoding="utf-8")
    assert 'href="../../files/media/master.tif.jpg"' in gallery, "a TIFF is zoomed as a JPEG browsers show"
    assert not (site / "files/media/master.tif").exists()
    assert "Image 2 of 3" in gallery
    assert "Scan: Archive" in gallery
    assert 'alt="A green master"' in gallery


def test_films_and_sound_have_captions_in_every_language_and_a_transcript(small_site) -> None:
    site, _ = small_site
    film = (site / "ar/sound/film.html").read_text(encoding="utf-8")
    assert '<track kind="captions" src="../../files/captions/tune.en.vtt" srclang="en" label="English">' in film
    assert ('<track kind="captions" src="../../files/captions/tune.ar.srt.vtt" srclang="ar" label="العربية" default>'
            in film)
    assert 'poster="../../files/media/wide.w960.jpg"' in film
    assert "<h2>النص المكتوب</h2><p><em>من الترجمة المرئية</em></p>" in film
    assert '<p>مرحبا &amp; أهلا</p><p>ثانية</p>' in film
    tune = (site / "en/sound/tune.html").read_text(encoding="utf-8")
    assert "<h2>Transcript</h2>" in tune
    assert "<em>chords</em>" in tune
    converted = (site / "files/captions/tune.ar.srt.vtt").read_text(encoding="utf-8")
    assert converted == ("WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.500 line:0\nمرحبا &amp; <i>أهلا</i>\n\n"
                         "2\n00:00:03.000 --> 00:00:04.000\nثانية\n")


def test_a_film_without_a_transcript_shows_the_words_of_its_captions(small_site) -> None:
    site, _ = small_site
    film = (site / "en/sound/film.html").read_text(encoding="utf-8")
    assert "<h2>Transcript</h2><p><em>From the captions</em></p><p>Hello</p><p>Again</p>" in film


def test_credits_are_gathered_on_one_page(small_site) -> None:
    site, _ = small_site
    text = (site / "en/credits.html").read_text(encoding="utf-8")
    assert "Image: Test / Kiosk" in text
    assert "Scan: Archive" in text
    assert "Film: Test" in text


def _tree(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_the_same_bundle_gives_the_same_bytes(small_bundle, small_site, export, tmp_path) -> None:
    site, _ = small_site
    again = tmp_path / "again"
    export(small_bundle, again)
    assert _tree(again) == _tree(site)
    first, second = tmp_path / "one.zip", tmp_path / "two.zip"
    export(small_bundle, first)
    export(small_bundle, second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        infos = archive.infolist()
        assert [info.filename for info in infos] == sorted(_tree(site))
        assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.read("en/index.html") == (site / "en/index.html").read_bytes()


def test_a_zipped_bundle_exports_like_its_folder(small_bundle, small_site, export, tmp_path) -> None:
    site, _ = small_site
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as writing:
        for path in sorted(small_bundle.rglob("*")):
            if path.is_file():
                writing.write(path, PurePosixPath("small", path.relative_to(small_bundle).as_posix()).as_posix())
    output = tmp_path / "site"
    export(archive, output)
    assert _tree(output) == _tree(site)


def test_the_site_is_small(small_site) -> None:
    site, result = small_site
    text = sum(path.stat().st_size for path in site.rglob("*") if path.suffix in (".html", ".css", ".js"))
    assert text == result.text_bytes
    assert text < 120_000
    assert (site / "assets/site.js").stat().st_size + (site / "assets/site.css").stat().st_size < 20_000


def test_only_chosen_languages_and_a_base_url(small_bundle, export, tmp_path) -> None:
    result = export(small_bundle, tmp_path / "site", languages=["ar"], base_url="https://museum.example/expo/")
    site = tmp_path / "site"
    assert not (site / "en").exists()
    assert (site / "ar/index.html").is_file()
    assert result.pages == 1 + 10
    text = (site / "ar/art/dawn.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://museum.example/expo/ar/art/dawn.html">' in text
    assert "<loc>https://museum.example/expo/ar/art/dawn.html</loc>" in (site / "sitemap.xml").read_text()


@pytest.mark.parametrize(("setup", "options", "message"), [
    ("foreign", {}, "is a folder with other files in it"),
    ("file", {}, "is a file"),
    ("", {"languages": ["de"]}, "the bundle has no language 'de'"),
])
def test_what_cannot_be_exported_is_said(small_bundle, export, tmp_path, setup: str, options: dict,
                                         message: str) -> None:
    output = tmp_path / "out"
    if setup == "foreign":
        output.mkdir()
        (output / "thesis.txt").write_text("mine")
    elif setup == "file":
        output.write_text("mine")
    with pytest.raises(ExportError) as caught:
        export(small_bundle, output, **options)
    assert message in caught.value.message
    if setup == "foreign":
        assert (output / "thesis.txt").read_text() == "mine"


def test_an_invalid_bundle_is_refused_with_its_findings(small_bundle, tmp_path) -> None:
    from kiosk.export.site import export_site

    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "exhibition.yaml").write_text("format: 1\nid: x\ntitle: X\nsections: []\n")
    with pytest.raises(ExportError) as caught:
        export_site(broken, tmp_path / "site", words=None, pictures=None)  # type: ignore[arg-type]
    assert "is not a valid bundle; nothing was exported" in caught.value.message
    assert any("sections" in line and "error" in line for line in caught.value.lines)
    assert not (tmp_path / "site").exists()


def test_the_command_exports_and_says_what_it_wrote(small_bundle, tmp_path, capsys) -> None:
    from kiosk.cli import main
    from kiosk.ui import i18n

    try:
        status = main(["export-web", str(small_bundle), "-o", str(tmp_path / "site.zip"), "--lang", "ar,en"])
    finally:
        i18n.use_bundle(None, ())
    out, err = capsys.readouterr()
    assert status == 0
    assert re.fullmatch(r"wrote .*site\.zip: 21 pages, 40 files; HTML, CSS and JavaScript [\d.]+ kB, media [\d.]+ kB\n",
                        out)
    # No progress bar when stderr is not a terminal; the bundle's one warning is passed on.
    assert [line.split(": warning: ")[-1] for line in err.splitlines()] == [
        "sections[0].exhibits[2].narration: a narration without captions (add 'narration_captions:' with a WebVTT "
        "or SubRip file in each language, so that people who cannot hear it can follow)"]
    assert err.startswith(f"{small_bundle}/exhibition.yaml:37:20: warning: ")
    with zipfile.ZipFile(tmp_path / "site.zip") as archive:
        assert "ar/index.html" in archive.namelist()


def test_the_command_refuses_an_invalid_bundle_with_its_findings(tmp_path, capsys) -> None:
    from kiosk.cli import main

    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "exhibition.yaml").write_text("format: 1\nid: x\ntitle: X\nsections: []\n")
    assert main(["export-web", str(broken), "-o", str(tmp_path / "site")]) == 1
    out, err = capsys.readouterr()
    assert "error: sections" in out
    assert err.startswith(f"kiosk: error: {broken} is not a valid bundle; nothing was exported")
    assert not (tmp_path / "site").exists()


def test_a_recorded_narration_plays_in_its_own_language_only(small_site) -> None:
    site, _ = small_site
    english = (site / "en/art/intro.html").read_text(encoding="utf-8")
    assert ('<p class="narration"><span>Read aloud</span><audio controls preload="none" aria-label="Read aloud">'
            '<source src="../../files/narration/intro.en.ogg" type="audio/ogg"></audio></p>') in english
    assert "narration" not in (site / "ar/art/intro.html").read_text(encoding="utf-8")


def test_the_bundles_typefaces_come_first(small_site) -> None:
    site, _ = small_site
    css = (site / "assets/site.css").read_text(encoding="utf-8")
    assert '@font-face{font-family:"Exhibit 1";src:url("../files/fonts/NotoSansHebrew-Regular.ttf");' in css
    assert 'html{font-family:"Exhibit 1",system-ui,' in css
    assert (site / "files/fonts/NotoSansHebrew-Regular.ttf").stat().st_size > 10_000
