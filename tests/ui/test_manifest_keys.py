"""Every key of FORMAT.md §10, seen or heard: one test per key (parametrized where the key
recurs), each asserting what a visitor gets from it on screen, to a screen reader or from the
speakers. The player's timing keys (`duration`, `attract.dwell`, `attract.exhibits`) are also
tested without Qt in tests/play/test_manifest_keys.py; `format`, `id` and `version` in
tests/store/test_manifest_keys.py.

The bundle sets every key, with values no default could produce, so that a key that were
ignored would fail its test.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QTextLayout
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.bundle.model import Exhibit
from kiosk.bundle.playable import PlayableBundle, load_playable
from kiosk.play.navigation import Location, Screen
from kiosk.ui.exhibits import create_view
from kiosk.ui.exhibits.audio import AudioView
from kiosk.ui.exhibits.base import ExhibitContext, ExhibitView
from kiosk.ui.exhibits.gallery import GalleryView
from kiosk.ui.exhibits.image import ImageView
from kiosk.ui.exhibits.markdown import heading_texts
from kiosk.ui.exhibits.text import TextView
from kiosk.ui.exhibits.video import VideoView
from kiosk.ui.screens.home import HomeScreen
from tests.ui.conftest import MEDIA_NOISE, Kiosk
from tests.ui.conftest_exhibits import views_of

pytest_plugins = [f"{__package__}.conftest_exhibits"]
pytestmark = MEDIA_NOISE

ASSETS = Path(__file__).resolve().parents[2] / "assets" / "fonts"
BACKGROUND, FOREGROUND, ACCENT = "#1B2A3A", "#FBEFD5", "#7FD8B6"

MANIFEST = """\
format: 1
id: every-key
version: "2026.12-keys"
title: {en: Every key at work, fr: Chaque clé à l'œuvre, ar: كل مفتاح يعمل}
subtitle: {en: A bundle that sets them all, fr: Un lot qui les règle toutes, ar: حزمة تضبطها كلها}
description:
  en: >-
    A paragraph for the home screen, long enough to wrap over several lines at a readable
    measure: it says what the exhibition is about and why a visitor might stay a while, to
    look at the pictures, listen to the sounds and read what the curators wrote for them.
  fr: Un paragraphe pour l'écran d'accueil, qui dit de quoi parle l'exposition.
  ar: فقرة للشاشة الرئيسية تقول عمّا يتحدث المعرض.
languages: [en, fr, ar]
theme:
  background: "#1B2A3A"
  foreground: "#FBEFD5"
  accent: "#7FD8B6"
  font: media/typeface.ttf
  logo: media/logo.png
attract:
  exhibits: [sound/clip, art/dawn]
  dwell: 5
sections:
  - id: art
    title: {en: Pictures, fr: Images, ar: صور}
    summary: {en: Made by programs., fr: Faites par des programmes., ar: صنعتها البرامج.}
    cover: media/cover.png
    alt: {en: A purple square with gold lines., fr: Un carré violet aux lignes dorées., ar: مربع بنفسجي بخطوط ذهبية.}
    exhibits:
      - id: intro
        type: text
        title: {en: Who paints?, fr: Qui peint ?, ar: من يرسم؟}
        credit: "Text: Key Studio"
        duration: 9
        body:
          en: "# The brush\\n\\nA **program** holds it."
          fr: "# Le pinceau\\n\\nUn **programme** le tient."
          ar: "# الفرشاة\\n\\n**برنامج** يمسكها."
      - id: dawn
        type: image
        title: {en: Dawn, fr: Aube, ar: فجر}
        file: media/dawn.png
        caption: {en: A flow field at dawn., fr: Un champ de flux à l'aube., ar: حقل تدفق عند الفجر.}
        alt: {en: Orange curves on blue., fr: Courbes orange sur bleu., ar: منحنيات برتقالية على أزرق.}
        credit: "Image: Dawn / Key Studio"
      - id: series
        type: gallery
        title: {en: Series, fr: Série, ar: سلسلة}
        credit: "Images: Key Studio"
        images:
          - file: media/s1.png
            caption: {en: Plate one, fr: Planche un, ar: اللوحة الأولى}
            alt: {en: Teal stripes., fr: Des rayures bleu-vert., ar: خطوط خضراء مزرقة.}
            credit: "Photo: Ana Lima / Agência"
          - file: media/s2.png
            caption: {en: Plate two, fr: Planche deux, ar: اللوحة الثانية}
            alt: {en: Violet stripes., fr: Des rayures violettes., ar: خطوط بنفسجية.}
  - id: sound
    title: {en: Sound and film, fr: Son et film, ar: صوت وفيلم}
    exhibits:
      - id: tone
        type: audio
        title: {en: A tone, fr: Une note, ar: نغمة}
        credit: "Music: Key Studio"
        file: media/tone.ogg
        cover: media/cover.png
        alt: {en: A purple cover., fr: Une pochette violette., ar: غلاف بنفسجي.}
        transcript: {en: "A single **tone**.", fr: "Une seule **note**.", ar: "نغمة **واحدة**."}
        captions: {en: media/tone.en.vtt, fr: media/tone.fr.vtt, ar: media/tone.ar.vtt}
      - id: clip
        type: video
        title: {en: Colour bars, fr: Barres de couleur, ar: أشرطة ملونة}
        credit: "Film: Key Studio"
        file: media/clip.mp4
        poster: media/poster.png
        alt: {en: Green and grey bands., fr: Des bandes vertes et grises., ar: أشرطة خضراء ورمادية.}
        captions: {en: media/clip.en.vtt, fr: media/clip.fr.vtt, ar: media/clip.ar.vtt}
        transcript: {en: "Bars and a tone.", fr: "Des barres et une note.", ar: "أشرطة ونغمة."}
  - id: topics
    title: {en: Topics, fr: Thèmes, ar: مواضيع}
    exhibits:
      - id: essay
        type: article
        title: {en: AI and trademarks, fr: L'IA et les marques, ar: الذكاء الاصطناعي والعلامات}
        credit: "Photo: Key Studio / Kiosk"
        image: media/poster.png
        alt: {en: Bands of colour., fr: Des bandes de couleur., ar: أشرطة من الألوان.}
        body:
          en: "How **AI** changes choosing."
          fr: "Comment l'**IA** change le choix."
          ar: "كيف يغير **الذكاء** الاختيار."
        related: [art/dawn, sound/tone]
"""

MEDIA = ("dawn.png", "s1.png", "s2.png", "cover.png", "poster.png", "tone.ogg", "clip.mp4",
         *(f"{stem}.{code}.vtt" for stem in ("tone", "clip") for code in ("en", "fr", "ar")))


def draw_logo(path: Path, size: QSize) -> None:
    """A mark on a transparent ground: a filled gold disc."""
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#E2B04A"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(image.rect().adjusted(4, 4, -4, -4))
    painter.end()
    assert image.save(str(path), "PNG")


@pytest.fixture(scope="module")
def keys_root(exhibit_bundle: PlayableBundle, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("keys") / "every-key"
    (root / "media").mkdir(parents=True)
    for name in MEDIA:
        shutil.copy(exhibit_bundle.root / "media" / name, root / "media" / name)
    shutil.copy(ASSETS / "NotoSansArabic-Regular.ttf", root / "media" / "typeface.ttf")
    draw_logo(root / "media" / "logo.png", QSize(400, 200))
    (root / "exhibition.yaml").write_text(MANIFEST, encoding="utf-8")
    return root


Variant = Callable[..., PlayableBundle]


@pytest.fixture(scope="module")
def variant(keys_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Variant:
    """The keys bundle with lines of its manifest replaced (`old=new` pairs, in order)."""

    def make(*edits: tuple[str, str]) -> PlayableBundle:
        root = tmp_path_factory.mktemp("variant") / "every-key"
        shutil.copytree(keys_root, root)
        text = MANIFEST
        for old, new in edits:
            assert old in text, old
            text = text.replace(old, new)
        (root / "exhibition.yaml").write_text(text, encoding="utf-8")
        return load_playable(root, tmp_path_factory.mktemp("variant-cache"))

    return make


@pytest.fixture(scope="module")
def keys_bundle(variant: Variant) -> PlayableBundle:
    return variant()


@pytest.fixture
def kiosk_of(make_kiosk, keys_bundle: PlayableBundle) -> Callable[..., Kiosk]:
    """A kiosk on the keys bundle, past the attract loop (unless `wake=False`)."""

    def make(*, wake: bool = True, bundle: PlayableBundle | None = None, **options: object) -> Kiosk:
        kiosk: Kiosk = make_kiosk(bundle=bundle or keys_bundle, **options)
        if wake:
            kiosk.player.touch()
        return kiosk

    return make


@pytest.fixture
def view_of(qtbot, keys_bundle: PlayableBundle, fast_timing: None) -> Iterator[Callable[..., ExhibitView]]:
    yield from views_of(qtbot, keys_bundle)


def shown_texts(widget: QWidget) -> list[str]:
    """The words of every label a visitor can see in `widget`."""
    return [label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget) and label.text()]


def exhibit(bundle: PlayableBundle, ref: str) -> Exhibit:
    found = bundle.manifest.find(ref)
    assert found is not None
    return found[1]


def rect_in(widget: QWidget, ancestor: QWidget):
    return widget.geometry().translated(widget.parentWidget().mapTo(ancestor, QPoint(0, 0)))


# -- top level ----------------------------------------------------------------------------

@pytest.mark.parametrize(("language", "title"), [
    ("en", "Every key at work"), ("fr", "Chaque clé à l'œuvre"), ("ar", "كل مفتاح يعمل")])
def test_title_heads_the_home_screen_in_the_visit_language(kiosk_of, language: str, title: str) -> None:
    kiosk = kiosk_of(language=language)
    assert kiosk.window.home.title.text() == title
    assert kiosk.window.home.title.isVisible()


def test_subtitle_is_the_line_under_the_title(kiosk_of, variant: Variant) -> None:
    home = kiosk_of(language="fr").window.home
    assert home.subtitle.text() == "Un lot qui les règle toutes"
    assert home.subtitle.isVisible()
    assert rect_in(home.subtitle, home).top() >= rect_in(home.title, home).bottom()
    bare = variant(("subtitle: {en: A bundle that sets them all, fr: Un lot qui les règle toutes, "
                    "ar: حزمة تضبطها كلها}\n", ""))
    assert not kiosk_of(bundle=bare).window.home.subtitle.isVisible()


def test_languages_are_offered_in_order_and_the_first_is_where_a_visit_starts(kiosk_of, variant: Variant) -> None:
    kiosk = kiosk_of()
    assert list(kiosk.window.home.languages) == ["en", "fr", "ar"]
    assert [b.text() for b in kiosk.window.home.languages.values()] == ["English", "Français", "العربية"]
    assert kiosk.player.settings.language == "en"
    arabic_first = kiosk_of(bundle=variant(("languages: [en, fr, ar]", "languages: [ar, en, fr]")))
    assert arabic_first.player.settings.language == "ar"
    assert arabic_first.window.home.title.text() == "كل مفتاح يعمل"
    assert arabic_first.window.layoutDirection() == Qt.LayoutDirection.RightToLeft


# -- theme -----------------------------------------------------------------------------------

def test_theme_background_is_the_ground_of_every_screen(kiosk_of) -> None:
    home = kiosk_of(size=(1280, 720)).window.home
    corner = home.grab().toImage().pixelColor(2, home.height() - 2)
    assert corner.name() == BACKGROUND.lower()


def test_theme_foreground_colours_the_text(kiosk_of) -> None:
    title = kiosk_of().window.home.title
    image = title.grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())}
    assert FOREGROUND.lower() in colours, "solid glyph strokes are drawn in the foreground colour"


def test_theme_accent_marks_the_chosen_language(kiosk_of) -> None:
    buttons = kiosk_of().window.home.languages
    chosen = buttons["en"].grab().toImage()
    other = buttons["fr"].grab().toImage()
    inside = QPoint(chosen.width() // 8, chosen.height() // 2)
    assert chosen.pixelColor(inside).name() == ACCENT.lower()
    assert other.pixelColor(inside).name() != ACCENT.lower()


def test_theme_font_is_the_typeface_of_the_bundles_text(kiosk_of) -> None:
    kiosk = kiosk_of()
    assert kiosk.window.stage.theme.family == "Noto Sans Arabic"
    assert kiosk.window.home.title.fontInfo().family() == "Noto Sans Arabic"


def test_theme_logo_stands_beside_the_title_decoded_off_the_gui_thread(qtbot, kiosk_of) -> None:
    kiosk = kiosk_of(size=(1920, 1080))
    home: HomeScreen = kiosk.window.home
    logo = home.logo
    assert logo is not None
    qtbot.waitUntil(lambda: logo.picture is not None)
    assert logo.picture.thread_id != threading.get_ident()
    assert logo.isVisible()
    assert logo.height() == round(kiosk.window.stage.theme.title_px * 1.9)
    assert logo.width() == logo.height() * 2, "a 2:1 logo keeps its proportions"
    logo_box, title_box = rect_in(logo, home), rect_in(home.title, home)
    assert logo_box.right() < title_box.left(), "beside the title, on its leading side"
    assert logo_box.top() < title_box.bottom()
    assert title_box.top() < logo_box.bottom()
    assert logo.accessibleName() == "Every key at work"
    pixel = logo.grab().toImage().pixelColor(logo.width() // 2, logo.height() // 2)
    assert pixel.name() == "#e2b04a", "the picture is drawn, not just its box"


def test_theme_logo_goes_to_the_other_side_in_right_to_left_languages(qtbot, kiosk_of) -> None:
    kiosk = kiosk_of(size=(1920, 1080), language="ar")
    home = kiosk.window.home
    assert home.logo is not None
    qtbot.waitUntil(lambda: rect_in(home.logo, home).left() > rect_in(home.title, home).right())
    assert home.logo.accessibleName() == "كل مفتاح يعمل"


def test_theme_logo_grows_with_the_text(qtbot, kiosk_of) -> None:
    kiosk = kiosk_of(size=(1920, 1080))
    logo = kiosk.window.home.logo
    assert logo is not None
    normal = logo.height()
    kiosk.player.change_settings(text_scale=1.5)
    qtbot.waitUntil(lambda: logo.height() > normal)
    assert logo.height() == round(kiosk.window.stage.theme.title_px * 1.9)


def test_a_logo_that_cannot_be_read_leaves_the_title_alone(kiosk_of, variant: Variant) -> None:
    bundle = variant()
    (bundle.root / "media" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n broken")
    home = kiosk_of(bundle=bundle).window.home
    assert home.logo is not None
    assert not home.logo.isVisible()
    assert home.title.text() == "Every key at work"


# -- description -------------------------------------------------------------------------------

@pytest.mark.parametrize(("language", "start"), [
    ("en", "A paragraph for the home screen"), ("fr", "Un paragraphe"), ("ar", "فقرة للشاشة")])
def test_description_is_a_paragraph_under_the_title(kiosk_of, language: str, start: str) -> None:
    home = kiosk_of(language=language).window.home
    assert home.description.text().startswith(start)
    assert home.description.isVisible()
    assert rect_in(home.description, home).top() > rect_in(home.subtitle, home).bottom()
    assert rect_in(home.description, home).bottom() < rect_in(home.tiles[0], home).top()


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800), (1080, 1920)])
def test_description_lines_hold_45_to_75_characters_of_body_text(qtbot, kiosk_of, size: tuple[int, int]) -> None:
    kiosk = kiosk_of(size=size)
    label = kiosk.window.home.description
    qtbot.waitUntil(lambda: label.width() > 0)
    assert label.fontInfo().pixelSize() == kiosk.window.stage.theme.body_px
    lines = wrapped(label)
    assert len(lines) >= 3
    assert all(len(line) <= 75 for line in lines), lines
    assert all(len(line) >= 45 for line in lines[:-1]), lines


def test_description_grows_with_the_text_size_and_keeps_its_measure(qtbot, kiosk_of) -> None:
    kiosk = kiosk_of(size=(1920, 1080))
    label = kiosk.window.home.description
    normal = label.fontInfo().pixelSize()
    kiosk.player.change_settings(text_scale=1.5)
    qtbot.waitUntil(lambda: label.fontInfo().pixelSize() > normal)
    assert label.fontInfo().pixelSize() == round(normal * 1.5)

    def within_measure() -> bool:
        lengths = [len(line) for line in wrapped(label)]
        return max(lengths) <= 75 and min(lengths[:-1]) >= 45

    qtbot.waitUntil(within_measure)


def wrapped(label: QLabel) -> list[str]:
    """The lines `label` breaks its text into at its width, as QLabel lays them out."""
    layout = QTextLayout(label.text(), label.font())
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(label.contentsRect().width())
        lines.append(label.text()[line.textStart():line.textStart() + line.textLength()].strip())
    layout.endLayout()
    return lines


LONG = ("A paragraph that goes on. " * 40).strip()


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800), (1080, 1920)])
@pytest.mark.parametrize("description", ["long", "none"])
def test_home_keeps_its_layout_with_a_long_description_or_none(
        qtbot, kiosk_of, variant: Variant, size: tuple[int, int], description: str) -> None:
    start = MANIFEST.index("description:\n")
    old = MANIFEST[start:MANIFEST.index("languages:")]
    bundle = variant((old, f"description: {LONG}\n" if description == "long" else ""))
    kiosk = kiosk_of(bundle=bundle, size=size)
    home = kiosk.window.home
    qtbot.waitUntil(lambda: home.tiles[0].height() > 0)
    header = [rect_in(w, home) for w in (home.title, home.subtitle, *home.languages.values())]
    scroll = rect_in(home.scroll_area, home)
    assert all(box.bottom() < scroll.top() for box in header), "the header never runs into the tiles"
    assert all(home.rect().contains(box) for box in [*header, scroll])
    assert home.description.isVisible() == (description == "long")
    page_width = home.scroll_area.viewport().width()
    assert home.description.width() <= page_width
    home.scroll_area.ensureWidgetVisible(home.tiles[-1])
    qtbot.waitUntil(lambda: home.tiles[-1].visibleRegion().boundingRect().height() == home.tiles[-1].height())
    if description == "none":
        assert home.description.height() == 0 or not home.description.isVisible()


# -- attract ------------------------------------------------------------------------------------

def test_attract_exhibits_are_the_loops_slides_each_shown_for_its_dwell(qtbot, kiosk_of, keys_bundle) -> None:
    kiosk = kiosk_of(wake=False)
    attract = kiosk.window.attract
    assert kiosk.screen == "attract"
    assert attract.picture_path() == keys_bundle.file("media/poster.png"), "sound/clip: the video's poster"
    kiosk.advance(4.9)
    assert attract.picture_path() == keys_bundle.file("media/poster.png")
    kiosk.advance(0.1)
    assert attract.picture_path() == keys_bundle.file("media/dawn.png"), "art/dawn after dwell: 5"


def test_no_attract_exhibits_shows_the_section_covers(kiosk_of, variant: Variant) -> None:
    bundle = variant(("  exhibits: [sound/clip, art/dawn]\n", ""))
    kiosk = kiosk_of(bundle=bundle, wake=False)
    assert kiosk.window.attract.picture_path() == bundle.file("media/cover.png")


# -- sections -----------------------------------------------------------------------------------

def test_section_title_is_on_its_tile_and_heads_its_screen(kiosk_of) -> None:
    kiosk = kiosk_of(language="fr")
    assert [t.text() for t in kiosk.window.home.tiles] == ["Images", "Son et film", "Thèmes"]
    kiosk.player.open_section(1)
    assert kiosk.window.section.title.text() == "Son et film"


def test_section_summary_is_under_its_title_on_the_tile(kiosk_of) -> None:
    tiles = kiosk_of().window.home.tiles
    assert tiles[0].subtitle == "Made by programs."
    assert tiles[2].subtitle == ""


def test_section_cover_is_the_picture_on_its_tile(qtbot, kiosk_of, keys_bundle) -> None:
    tile = kiosk_of().window.home.tiles[0]
    assert tile.picture_path == keys_bundle.file("media/cover.png")
    qtbot.waitUntil(lambda: tile.picture is not None)
    assert tile.picture.path == keys_bundle.file("media/cover.png")


@pytest.mark.parametrize(("language", "alt"), [("en", "A purple square with gold lines."),
                                               ("ar", "مربع بنفسجي بخطوط ذهبية.")])
def test_section_alt_is_read_out_with_its_tile(kiosk_of, language: str, alt: str) -> None:
    tile = kiosk_of(language=language).window.home.tiles[0]
    assert tile.accessibleDescription().endswith(alt)
    assert alt not in kiosk_of(language=language).window.home.tiles[1].accessibleDescription()


@pytest.mark.parametrize(("ref", "expected"), [("art/dawn", Location(Screen.EXHIBIT, 0, 1)),
                                               ("sound/tone", Location(Screen.EXHIBIT, 1, 0))])
def test_section_and_exhibit_ids_name_an_exhibit_in_references(kiosk_of, ref: str, expected: Location) -> None:
    kiosk = kiosk_of()
    kiosk.player.open_ref(ref)
    assert kiosk.player.location == expected


def test_section_exhibits_are_its_tiles_in_order(kiosk_of) -> None:
    kiosk = kiosk_of()
    kiosk.player.open_section(0)
    assert [t.text() for t in kiosk.window.section.tiles] == ["Who paints?", "Dawn", "Series"]


# -- every exhibit -------------------------------------------------------------------------------

REFS = ["art/intro", "art/dawn", "art/series", "sound/tone", "sound/clip", "topics/essay"]


@pytest.mark.parametrize("ref", REFS)
def test_exhibit_title_is_shown_on_its_page(view_of, keys_bundle, ref: str) -> None:
    view = view_of(ref, language="fr")
    assert keys_bundle.manifest.find(ref)[1].title.get("fr", ()) in shown_texts(view)


@pytest.mark.parametrize("ref", REFS)
def test_exhibit_credit_is_shown_with_it(view_of, keys_bundle, ref: str) -> None:
    view = view_of(ref)
    credit = exhibit(keys_bundle, ref).credit
    assert credit is not None
    expected = "Photo: Ana Lima / Agência" if ref == "art/series" else credit.get("en", ())
    assert expected in shown_texts(view)


def test_exhibit_duration_is_how_long_the_tour_stays(kiosk_of) -> None:
    kiosk = kiosk_of(wake=False, tour=True)
    kiosk.advance(6)  # the section's own screen, the device's default
    assert kiosk.player.location == Location(Screen.EXHIBIT, 0, 0)
    assert kiosk.screen == "exhibit"
    kiosk.advance(8.9)
    assert kiosk.player.location == Location(Screen.EXHIBIT, 0, 0)
    kiosk.advance(0.1)
    assert kiosk.player.location == Location(Screen.EXHIBIT, 0, 1), "duration: 9"


# -- text and article ------------------------------------------------------------------------------

@pytest.mark.parametrize(("ref", "heading", "bold"), [("art/intro", "The brush", "program"),
                                                       ("topics/essay", None, "AI")])
def test_body_is_rendered_from_markdown(view_of, ref: str, heading: str | None, bold: str) -> None:
    view = view_of(ref)
    assert isinstance(view, TextView)
    document = view.body.document()
    assert heading_texts(document) == ([(1, heading)] if heading else [])
    assert "**" not in document.toPlainText()
    assert bold in document.toPlainText()
    assert "font-weight:700" in document.toHtml()


def test_article_image_is_shown_above_its_text_with_its_alt(qtbot, view_of, keys_bundle) -> None:
    view = view_of("topics/essay", size=(1920, 1080))
    assert isinstance(view, TextView)
    assert view.picture is not None
    assert view.picture.path == keys_bundle.file("media/poster.png")
    qtbot.waitUntil(lambda: view.picture.has_image)
    assert view.picture.geometry().bottom() < view.title_label.geometry().top()
    assert view.picture.accessibleName() == "Bands of colour."


def test_article_related_are_buttons_to_the_named_exhibits(view_of) -> None:
    view = view_of("topics/essay", language="fr")
    assert isinstance(view, TextView)
    assert [(link.section.text(), link.title.text()) for link in view.related_links] == [
        ("Images", "Aube"), ("Son et film", "Une note")]


# -- image and gallery -----------------------------------------------------------------------------

def test_image_file_is_the_picture_shown(qtbot, view_of, keys_bundle) -> None:
    view = view_of("art/dawn")
    assert isinstance(view, ImageView)
    assert view.canvas.path == keys_bundle.file("media/dawn.png")
    qtbot.waitUntil(lambda: view.canvas.grab().toImage().pixelColor(view.canvas.rect().center()).name()
                    != view.canvas.background.name())


@pytest.mark.parametrize(("language", "caption", "alt"), [
    ("en", "A flow field at dawn.", "Orange curves on blue."),
    ("fr", "Un champ de flux à l'aube.", "Courbes orange sur bleu.")])
def test_image_caption_is_beneath_and_alt_is_read_out(view_of, language: str, caption: str, alt: str) -> None:
    view = view_of("art/dawn", language=language)
    assert isinstance(view, ImageView)
    assert view.panel.caption.text() == caption
    assert view.panel.caption.geometry().top() >= 0
    assert rect_in(view.panel.caption, view).top() > rect_in(view.canvas, view).bottom()
    assert view.canvas.accessibleDescription() == alt


def test_gallery_images_are_its_pages_in_order(view_of, keys_bundle) -> None:
    view = view_of("art/series")
    assert isinstance(view, GalleryView)
    assert [page.panel.canvas.path for page in view.pages] == [
        keys_bundle.file("media/s1.png"), keys_bundle.file("media/s2.png")]


@pytest.mark.parametrize(("index", "caption", "alt", "credit"), [
    (0, "Plate one", "Teal stripes.", "Photo: Ana Lima / Agência"),
    (1, "Plate two", "Violet stripes.", "Images: Key Studio")])
def test_image_items_show_their_caption_alt_and_credit(view_of, index: int, caption: str, alt: str,
                                                       credit: str) -> None:
    view = view_of("art/series")
    assert isinstance(view, GalleryView)
    panel = view.pages[index].panel
    assert panel.caption.text() == caption
    assert panel.canvas.accessibleDescription() == alt
    assert panel.credit.text() == credit, "an image's own credit, else the gallery's"


# -- audio and video ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("ref", "name"), [("sound/tone", "tone.ogg"), ("sound/clip", "clip.mp4")])
def test_media_file_is_what_plays(qtbot, view_of, keys_bundle, ref: str, name: str) -> None:
    view = view_of(ref)
    assert isinstance(view, (AudioView, VideoView))
    assert view.session.path == keys_bundle.file(f"media/{name}")
    qtbot.waitUntil(lambda: view.session.duration > 1000, timeout=8000)  # 1.2 s long


def test_audio_cover_is_shown_while_it_plays_with_its_alt(qtbot, view_of, keys_bundle) -> None:
    view = view_of("sound/tone")
    assert isinstance(view, AudioView)
    assert view.cover is not None
    assert view.cover.path == keys_bundle.file("media/cover.png")
    qtbot.waitUntil(lambda: view.cover.has_image)
    assert view.cover.isVisible()
    assert view.cover.accessibleName() == "A purple cover."


def test_video_poster_is_shown_before_it_plays_with_its_alt(qtbot, view_of, keys_bundle) -> None:
    view = view_of("sound/clip", language="fr")
    assert isinstance(view, VideoView)
    poster = view.surface.poster
    assert poster is not None
    assert poster.path == keys_bundle.file("media/poster.png")
    qtbot.waitUntil(lambda: poster.has_image)
    assert poster.isVisible()
    assert poster.accessibleName() == "Des bandes vertes et grises."


@pytest.mark.parametrize(("ref", "language", "words"), [
    ("sound/tone", "en", "A single tone."), ("sound/tone", "ar", "نغمة واحدة."),
    ("sound/clip", "fr", "Des barres et une note.")])
def test_transcript_is_shown_in_the_visit_language(view_of, ref: str, language: str, words: str) -> None:
    view = view_of(ref, language=language)
    assert isinstance(view, (AudioView, VideoView))
    if isinstance(view, VideoView):
        assert not view.transcript.isVisibleTo(view), "beside a film it waits for its button"
        view.transport.transcript_button.click()
    assert view.transcript.isVisibleTo(view)
    assert view.transcript.toPlainText().strip() == words


@pytest.mark.parametrize(("ref", "language", "cue"), [
    ("sound/tone", "fr", "Premiers mots"), ("sound/clip", "ar", "الكلمات الأولى")])
def test_captions_show_the_cue_of_the_moment_in_the_visit_language(view_of, ref: str, language: str,
                                                                   cue: str) -> None:
    view = view_of(ref, language=language)
    view.transport.seek_requested.emit(200)
    shown = view.caption_box.text if isinstance(view, AudioView) else view.surface.caption
    assert shown == cue


def test_captions_as_one_file_serve_every_language(qtbot, fast_timing, variant: Variant) -> None:
    bundle = variant(("captions: {en: media/tone.en.vtt, fr: media/tone.fr.vtt, ar: media/tone.ar.vtt}",
                      "captions: media/tone.fr.vtt"))
    view = create_view(exhibit(bundle, "sound/tone"), ExhibitContext(bundle, "ar"))
    qtbot.addWidget(view)
    view.resize(1280, 720)
    view.show()
    view.activate()
    assert isinstance(view, AudioView)
    view.transport.seek_requested.emit(200)
    assert view.caption_box.text == "Premiers mots"
    view.deactivate()


def test_the_typeface_reaches_style_sheeted_labels_after_a_language_change(qtbot, kiosk_of, variant) -> None:
    """Qt keeps the font a style-sheeted label had when it was styled: a language chosen later
    (here Japanese, whose Han forms come first in its chain) must still reach the title."""
    kiosk = kiosk_of(bundle=variant(("languages: [en, fr, ar]", "languages: [en, fr, ar, ja]")))
    title = kiosk.window.home.title
    assert title.fontInfo().family() == "Noto Sans Arabic"
    kiosk.player.change_settings(language="ja")

    def japanese_first() -> bool:
        families = title.font().families()
        return families.index("Kiosk Sans CJK JP") < families.index("Kiosk Sans CJK SC")

    qtbot.waitUntil(japanese_first)
    assert title.font().families()[0] == "Noto Sans Arabic", "the bundle's typeface stays first"
