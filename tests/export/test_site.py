"""The exported site: every link resolves, nothing comes from the network, the same bundle
gives the same bytes, pages say their language and direction, and every exhibit type shows."""

from __future__ import annotations

import base64
import hashlib
import itertools
import re
import shutil
import zipfile
import zlib
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
    assert '<li><a href="dawn.html" lang="en" aria-current="page">English</a></li>' in text
    assert '<li><a href="../../ar/art/dawn.html" lang="ar" dir="rtl">العربية</a></li>' in text
    arabic = (site / "ar/art/dawn.html").read_text(encoding="utf-8")
    assert "فجر" in arabic
    assert '<li><a href="../../en/art/dawn.html" lang="en" dir="ltr">English</a></li>' in arabic, \
        "a link says its direction where it differs from the page's"
    assert '<li><a href="dawn.html" lang="ar" aria-current="page">العربية</a></li>' in arabic
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


def _text_sizes(site: Path) -> dict[str, int]:
    """HTML, CSS and JavaScript on disk, by the first folder of their path; the typefaces'
    stylesheets apart, as "fonts"."""
    sizes: dict[str, int] = {}
    for path in site.rglob("*"):
        if path.suffix in (".html", ".css", ".js"):
            relative = path.relative_to(site).as_posix()
            key = "fonts" if relative.startswith("assets/font") else relative.split("/")[0]
            sizes[key] = sizes.get(key, 0) + path.stat().st_size
    return sizes


def test_the_site_is_small_and_says_what_it_spends(small_site) -> None:
    site, result = small_site
    sizes = _text_sizes(site)
    assert result.by_language == {"en": sizes.pop("en"), "ar": sizes.pop("ar")}
    assert result.font_bytes == sizes.pop("fonts")
    assert result.shared_bytes == sum(sizes.values()), "the front door, the stylesheet, the script, captions' twins"
    assert result.text_bytes == result.shared_bytes + sum(result.by_language.values())
    assert result.compressed_bytes == sum(len(zlib.compress(path.read_bytes(), 9)) for path in site.rglob("*")
                                          if path.suffix in (".html", ".css", ".js") and "font" not in path.name)
    assert result.text_bytes < 60_000
    assert (site / "assets/site.js").stat().st_size + (site / "assets/site.css").stat().st_size < 20_000
    pages_without_pictures_or_players = ["en/index.html", "en/credits.html", "ar/art/intro.html"]
    for page in pages_without_pictures_or_players:
        assert "site.js" not in (site / page).read_text(encoding="utf-8"), page
    assert '<script src="../../assets/site.js" defer></script>' in (site / "en/sound/film.html").read_text()


def test_the_sample_spends_what_the_export_says_in_all_and_per_language(tmp_path) -> None:
    """The issue asks for HTML, CSS and JavaScript "under about 300 KB beyond the media". The
    sample's six languages hold about 200 kB of visible text and 60 kB of alt text, so that
    much cannot be met by the markup around them; these bounds keep what was cut from coming
    back: under 800 kB in all, under 160 kB for the longest language (Russian, two bytes a
    letter), under 30 kB shared by all."""
    from kiosk.paths import sample_bundle
    from tests.export.conftest import exporter

    site = tmp_path / "site"
    result = exporter(sample_bundle(), site)
    sizes = _text_sizes(site)
    assert result.by_language == {code: sizes.pop(code) for code in ("en", "fr", "ar", "es", "zh", "ru")}
    assert result.font_bytes == sizes.pop("fonts", 0) == 0
    assert result.shared_bytes == sum(sizes.values())
    assert result.text_bytes == result.shared_bytes + sum(result.by_language.values())
    assert result.text_bytes < 800_000
    assert max(result.by_language.values()) < 160_000
    assert result.shared_bytes < 30_000
    assert result.compressed_bytes < 330_000
    for page in site.rglob("*.html"):
        assert "WEBVTT" not in page.read_text(encoding="utf-8"), f"{page}: captions belong in their twin scripts"
    tracks = sorted(site.rglob("*.vtt"))
    assert tracks
    assert [track.with_name(track.name + ".js").is_file() for track in tracks] == [True] * len(tracks)


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
    assert re.fullmatch(r"wrote .*site\.zip: 21 pages, 42 files\n"
                        r"HTML, CSS and JavaScript beyond the media: [\d.]+ kB \(ar [\d.]+ kB, en [\d.]+ kB; "
                        r"shared by all [\d.]+ kB\); compressed, as a zip holds them or a web server sends them: "
                        r"[\d.]+ kB\n"
                        r"media: [\d.]+ kB \(of which the bundle's fonts [\d.]+ kB\)\n", out)
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


def test_the_bundles_typefaces_come_first_and_travel_inside_a_stylesheet(small_site, small_bundle) -> None:
    """Whatever a browser's rules for font files from file://, a stylesheet loads, and a font inside it as data:."""
    site, result = small_site
    css = (site / "assets/site.css").read_text(encoding="utf-8")
    assert css.startswith('@import url("font1.css");\n')
    assert 'html{font-family:"Exhibit 1",system-ui,' in css
    sheet = (site / "assets/font1.css").read_text(encoding="ascii")
    found = re.fullmatch(r'/\* NotoSansHebrew-Regular\.ttf, from the bundle \*/\n@font-face\{font-family:"Exhibit 1";'
                         r'src:url\(data:font/ttf;base64,([A-Za-z0-9+/=]+)\) format\("truetype"\);font-display:swap\}\n',
                         sheet)
    assert found is not None
    original = (small_bundle / "fonts/NotoSansHebrew-Regular.ttf").read_bytes()
    assert base64.b64decode(found.group(1)) == original
    assert not (site / "files/fonts").exists(), "the font file itself is not needed beside it"
    assert result.font_bytes == len(sheet)
    assert "font-src data:;" in CSP
    assert "font-src 'self'" not in CSP


def _break(bundle: Path, how: str) -> None:
    if how == "missing picture":
        (bundle / "media/photo.jpg").unlink()
    elif how == "missing film":
        (bundle / "media/film.mp4").unlink()
    elif how == "broken captions":
        (bundle / "captions/tune.ar.srt").write_text("1\nnonsense\nhello\n", encoding="utf-8")
    elif how == "empty font":
        (bundle / "fonts/NotoSansHebrew-Regular.ttf").write_bytes(b"")


@pytest.mark.parametrize(("how", "left_out", "page", "shown", "gone"), [
    ("missing picture",
     ["exhibition.yaml:27:19: warning: sections[0].exhibits[1].images[0].file: 'media/photo.jpg' does not exist "
      "(did you mean 'media/logo.svg'?); exported without 'media/photo.jpg'",
      "exhibition.yaml:50:16: warning: sections[0].exhibits[3].image: 'media/photo.jpg' does not exist "
      "(did you mean 'media/logo.svg'?); exported without 'media/photo.jpg'",
      "exhibition.yaml:56:12: warning: sections[1].cover: 'media/photo.jpg' does not exist "
      "(did you mean 'media/logo.svg'?); exported without 'media/photo.jpg'",
      "exhibition.yaml:63:16: warning: sections[1].exhibits[0].cover: 'media/photo.jpg' does not exist "
      "(did you mean 'media/logo.svg'?); exported without 'media/photo.jpg'"],
     "en/art/essay.html", "<figure><p>A grey photo</p></figure>", "photo.jpg"),
    ("missing film",
     ["exhibition.yaml:70:15: warning: sections[1].exhibits[1].file: 'media/film.mp4' does not exist "
      "(did you mean 'media/wide.png'?); exported without 'media/film.mp4'"],
     "en/sound/film.html", '<p class="unavailable">This item cannot be shown right now.</p>', "<video"),
    ("broken captions",
     ["captions/tune.ar.srt:1: warning: text without a timing line: this block is never shown (put a timing line "
      "such as '00:00:01,000 --> 00:00:04,500' above the text, and a blank line between cues); "
      "exported without 'captions/tune.ar.srt'"],
     "ar/sound/film.html", '<track kind="captions" src="../../files/captions/tune.en.vtt" srclang="en" '
                           'label="English" default>', "tune.ar"),
    ("empty font",
     ["exhibition.yaml:8:11: warning: theme.fonts[0]: 'fonts/NotoSansHebrew-Regular.ttf' is empty "
      "(export the file again); exported without 'fonts/NotoSansHebrew-Regular.ttf'"],
     "assets/site.css", 'html{font-family:system-ui,', "@import"),
])
def test_a_broken_file_is_left_out_as_the_kiosk_plays_without_it(small_bundle, export, tmp_path, how: str,
                                                                  left_out: list[str], page: str, shown: str,
                                                                  gone: str) -> None:
    bundle = tmp_path / "bundle"
    shutil.copytree(small_bundle, bundle)
    _break(bundle, how)
    result = export(bundle, tmp_path / "site")
    assert result.left_out == [f"{bundle}/{line}" for line in left_out]
    text = (tmp_path / "site" / page).read_text(encoding="utf-8")
    assert shown in text
    assert gone not in text
    assert result.pages == 21, "every page is there"
    assert result.warnings == [], "a broken file is said once, by the bundle's check"


def test_the_command_exports_a_bundle_with_a_broken_file_and_says_so(small_bundle, tmp_path, capsys) -> None:
    from kiosk.cli import main
    from kiosk.ui import i18n

    bundle = tmp_path / "bundle"
    shutil.copytree(small_bundle, bundle)
    _break(bundle, "missing film")
    try:
        status = main(["export-web", str(bundle), "-o", str(tmp_path / "site")])
    finally:
        i18n.use_bundle(None, ())
    out, err = capsys.readouterr()
    assert status == 0
    assert err.splitlines()[0] == (f"{bundle}/exhibition.yaml:70:15: warning: sections[1].exhibits[1].file: "
                                   "'media/film.mp4' does not exist (did you mean 'media/wide.png'?); "
                                   "exported without 'media/film.mp4'")
    assert out.splitlines()[1] == "1 broken file left out, as the kiosk plays without it (the warnings above say where)"
    assert not (tmp_path / "site/files/media/film.mp4").exists()


def test_a_zipped_bundle_with_a_broken_file_is_exported_without_it(small_bundle, export, tmp_path) -> None:
    bundle = tmp_path / "bundle"
    shutil.copytree(small_bundle, bundle)
    _break(bundle, "empty font")
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as writing:
        for path in sorted(bundle.rglob("*")):
            if path.is_file():
                writing.write(path, path.relative_to(bundle).as_posix())
    result = export(archive, tmp_path / "site")
    assert result.left_out == [f"{archive}!/exhibition.yaml:8:11: warning: theme.fonts[0]: "
                               "'fonts/NotoSansHebrew-Regular.ttf' is empty (export the file again); "
                               "exported without 'fonts/NotoSansHebrew-Regular.ttf'"]
    assert not (tmp_path / "site/assets/font1.css").exists()
    assert result.pages == 21
