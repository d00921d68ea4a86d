"""A small bundle with every exhibit type, real pictures and both caption formats, exported once.

Pictures are drawn with QImage (a PNG, a JPEG, a TIFF and an SVG), so the export's decoder has
real work; sound and film are only their first bytes, which is all the export copies. English
and Arabic, so that every page is tested in both directions."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.export.site import ExportResult, export_site
from kiosk.paths import assets_dir

SRT = "1\n00:00:01,000 --> 00:00:02,500\n{\\an8}مرحبا & <i>أهلا</i>\n\n2\n00:00:03,000 --> 00:00:04,000\nثانية\n"
VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\n<v Narrator>Hello</v>\n\n00:00:03.000 --> 00:00:04.000\nAgain\n"
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200">'
       '<rect width="400" height="200" fill="#246"/><circle cx="200" cy="100" r="60" fill="#E2B04A"/></svg>')

MANIFEST = textwrap.dedent(
    """\
    format: 1
    id: small
    title: {en: Small exhibition, ar: معرض صغير}
    subtitle: {en: A test, ar: اختبار}
    languages: [en, ar]
    theme:
      logo: media/logo.svg
      fonts: [fonts/NotoSansHebrew-Regular.ttf]
    sections:
      - id: art
        title: {en: Art, ar: فن}
        summary: {en: Pictures., ar: صور.}
        cover: media/wide.png
        alt: {en: A wide gradient, ar: تدرج عريض}
        exhibits:
          - id: dawn
            type: image
            title: {en: Dawn, ar: فجر}
            file: media/wide.png
            alt: {en: Orange fading into blue, ar: برتقالي يتلاشى في الأزرق}
            caption: {en: A gradient., ar: تدرج.}
            credit: "Image: Test / Kiosk"
          - id: series
            type: gallery
            title: {en: Series, ar: سلسلة}
            images:
              - file: media/photo.jpg
                alt: {en: A grey photo, ar: صورة رمادية}
              - file: media/master.tif
                alt: {en: A green master, ar: أصل أخضر}
                credit: "Scan: Archive"
              - file: media/logo.svg
                alt: {en: A gold circle, ar: دائرة ذهبية}
          - id: intro
            type: text
            title: {en: Intro, ar: مقدمة}
            narration: {en: narration/intro.en.ogg}
            body:
              en: |
                Hello <script>alert(1)</script> **world**.

                ## Part

                ![A gold circle](media/logo.svg)
              ar: |
                مرحبا **بالعالم**.
          - id: essay
            type: article
            title: {en: Essay, ar: مقال}
            image: media/photo.jpg
            alt: {en: A grey photo, ar: صورة رمادية}
            body: {en: "Read [more](https://example.org).", ar: "اقرأ."}
            related: [sound/tune]
      - id: sound
        title: {en: Sound, ar: صوت}
        cover: media/photo.jpg
        alt: {en: A grey photo, ar: صورة رمادية}
        exhibits:
          - id: tune
            type: audio
            title: {en: Tune, ar: لحن}
            file: media/tune.ogg
            cover: media/photo.jpg
            alt: {en: A grey photo, ar: صورة رمادية}
            transcript: {en: "Soft *chords*.", ar: "أوتار ناعمة."}
            captions: {en: captions/tune.en.vtt, ar: captions/tune.ar.srt}
          - id: film
            type: video
            title: {en: Film, ar: فيلم}
            file: media/film.mp4
            poster: media/wide.png
            alt: {en: A wide gradient, ar: تدرج عريض}
            captions: {en: captions/tune.en.vtt, ar: captions/tune.ar.srt}
            credit: {en: "Film: Test", ar: "فيلم: اختبار"}
    """
)


def _picture(path: Path, width: int, height: int, colour: str, image_format: bytes) -> None:
    from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter

    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    gradient = QLinearGradient(0, 0, width, 0)
    gradient.setColorAt(0, QColor(colour))
    gradient.setColorAt(1, QColor("#123456"))
    painter.fillRect(image.rect(), gradient)
    painter.end()
    assert image.save(str(path), image_format.decode())


def write_bundle(root: Path) -> Path:
    (root / "media").mkdir(parents=True)
    (root / "captions").mkdir()
    _picture(root / "media/wide.png", 2000, 800, "#E2702A", b"PNG")
    _picture(root / "media/photo.jpg", 1200, 900, "#777777", b"JPEG")
    _picture(root / "media/master.tif", 1100, 700, "#2A9D4A", b"TIFF")
    (root / "media/logo.svg").write_text(SVG, encoding="utf-8")
    (root / "media/tune.ogg").write_bytes(b"OggS" + b"\x00" * 64)
    (root / "media/film.mp4").write_bytes(b"\x00\x00\x00\x18ftypisom" + b"\x00" * 64)
    (root / "narration").mkdir()
    (root / "narration/intro.en.ogg").write_bytes(b"OggS" + b"\x01" * 64)
    (root / "fonts").mkdir()
    shutil.copy(assets_dir() / "fonts/NotoSansHebrew-Regular.ttf", root / "fonts")
    (root / "captions/tune.en.vtt").write_text(VTT, encoding="utf-8")
    (root / "captions/tune.ar.srt").write_text(SRT, encoding="utf-8")
    (root / "exhibition.yaml").write_text(MANIFEST, encoding="utf-8")
    return root


def exporter(bundle: Path, output: Path, **options: object) -> ExportResult:
    """Export with the kiosk's own words and decoder, as the command does."""
    from kiosk.ui import i18n
    from kiosk.ui.web_export import KioskWords, QtPictures

    try:
        return export_site(bundle, output, words=KioskWords, pictures=QtPictures(), **options)  # type: ignore[arg-type]
    finally:
        i18n.use_bundle(None, ())  # the words of this bundle stay out of other tests


@pytest.fixture(scope="session")
def small_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_bundle(tmp_path_factory.mktemp("bundle") / "small")


@pytest.fixture(scope="session")
def small_site(small_bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ExportResult]:
    output = tmp_path_factory.mktemp("site") / "site"
    return output, exporter(small_bundle, output)


@pytest.fixture
def export() -> Callable[..., ExportResult]:
    return exporter
