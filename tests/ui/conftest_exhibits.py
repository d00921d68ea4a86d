"""A bundle for the exhibit view tests, made once per session, and helpers to show views.

Pictures are drawn with QImage (one of them 8000x6000, to test decoding at the needed
size and zooming into tiles); sound and film are made with ffmpeg and last 1.2 s, so
tests can play them to the end. Two files are broken after the bundle is loaded, as on a
kiosk whose disk changed under it: one picture is deleted, one sound is overwritten.

Test modules load it with `pytest_plugins = [f"{__package__}.conftest_exhibits"]`, which names
it right whether pytest imports them as `ui.…` or as `tests.ui.…`.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QLinearGradient, QPainter, QPen
from PySide6.QtWidgets import QApplication

from kiosk.bundle.model import Exhibit
from kiosk.bundle.playable import PlayableBundle, load_playable
from kiosk.ui.exhibits import create_view
from kiosk.ui.exhibits.base import ExhibitContext, ExhibitView
from kiosk.ui.exhibits.style import Timing
from kiosk.ui.imaging import shared_decoder
from tests.media import ffmpeg

MEDIA_SECONDS = 1.2
HUGE = (8000, 6000)

MANIFEST = """\
format: 1
id: views
title: {en: Views under test, fr: Vues à l'essai, ar: عروض قيد الاختبار}
languages: [en, fr, ar]
sections:
  - id: art
    title: {en: Art, fr: Art, ar: الفن}
    exhibits:
      - id: intro
        type: text
        title: {en: Machines that paint, fr: Des machines qui peignent, ar: آلات ترسم}
        credit: "Text: Test Studio"
        body:
          en: |
            # Who is the author?

            A program draws **flow fields**. See [the dawn picture](art/dawn) or
            [the web](https://example.org).

            ## Second thoughts

            - one
            - two
          fr: |
            # Qui est l'auteur ?

            Un programme dessine des **champs de flux**.
          ar: |
            # من هو المؤلف؟

            برنامج يرسم **حقول التدفق**.
      - id: dawn
        type: image
        title: {en: Dawn, fr: Aube, ar: فجر}
        file: media/dawn.png
        caption: {en: A flow field at dawn., fr: Un champ de flux à l'aube., ar: حقل تدفق عند الفجر.}
        alt: {en: Orange curves on blue., fr: Courbes orange sur bleu., ar: منحنيات برتقالية على أزرق.}
        credit: "Image: Test Studio / Kiosk"
      - id: huge
        type: image
        title: {en: A very large picture, fr: Une très grande image, ar: صورة كبيرة جدا}
        file: media/huge.jpg
        caption: {en: Eight thousand pixels wide., fr: Huit mille pixels de large., ar: ثمانية آلاف بكسل.}
      - id: series
        type: gallery
        title: {en: Series, fr: Série, ar: سلسلة}
        credit: "Images: Test Studio"
        images:
          - {file: media/s1.png, caption: {en: Plate one, fr: Planche un, ar: اللوحة الأولى}}
          - {file: media/s2.png, caption: {en: Plate two, fr: Planche deux, ar: اللوحة الثانية}}
          - {file: media/s3.png, caption: {en: Plate three, fr: Planche trois, ar: اللوحة الثالثة}}
      - id: lost
        type: image
        title: {en: A lost picture, fr: Une image perdue, ar: صورة مفقودة}
        file: media/lost.png
      - id: half-lost
        type: gallery
        title: {en: Half lost, fr: À moitié perdue, ar: نصف مفقودة}
        images:
          - {file: media/s1.png, caption: Here}
          - {file: media/lost.png, caption: Gone}
  - id: sound
    title: {en: Sound, fr: Son, ar: الصوت}
    exhibits:
      - id: tone
        type: audio
        title: {en: A tone, fr: Une note, ar: نغمة}
        file: media/tone.ogg
        cover: media/cover.png
        captions: {en: media/tone.en.vtt, fr: media/tone.fr.vtt, ar: media/tone.ar.vtt}
        transcript: {en: "A single **tone**.", fr: "Une seule **note**.", ar: "نغمة **واحدة**."}
      - id: clip
        type: video
        title: {en: Colour bars, fr: Barres de couleur, ar: أشرطة ملونة}
        credit: "Film: Test Studio"
        file: media/clip.mp4
        poster: media/poster.png
        captions: {en: media/clip.en.vtt, fr: media/clip.fr.vtt, ar: media/clip.ar.vtt}
        transcript: {en: "Bars and a tone.", fr: "Des barres et une note.", ar: "أشرطة ونغمة."}
      - id: broken
        type: audio
        title: {en: A broken recording, fr: Un enregistrement abîmé, ar: تسجيل تالف}
        file: media/broken.mp3
        transcript: A tone that can no longer be played.
  - id: topics
    title: {en: Topics, fr: Thèmes, ar: مواضيع}
    exhibits:
      - id: trademarks
        type: article
        title: {en: AI and trademarks, fr: L'IA et les marques, ar: الذكاء الاصطناعي والعلامات التجارية}
        image: media/dawn.png
        credit: "Photo: Test Studio / Kiosk"
        body:
          en: "How **AI** changes the way consumers choose products."
          fr: "Comment l'**IA** change la façon dont on choisit."
          ar: "كيف يغير **الذكاء الاصطناعي** اختيار المنتجات."
        related: [art/dawn, sound/tone]
"""

CUES = {
    "en": ("First words", "Second words"),
    "fr": ("Premiers mots", "Seconds mots"),
    "ar": ("الكلمات الأولى", "الكلمات الثانية"),
}


def draw_picture(path: Path, size: tuple[int, int], colour: str, label: str, quality: int = 90) -> None:
    image = QImage(*size, QImage.Format.Format_RGB32)
    gradient = QLinearGradient(0, 0, size[0], size[1])
    gradient.setColorAt(0, QColor(colour))
    gradient.setColorAt(1, QColor(colour).darker(250))
    painter = QPainter(image)
    painter.fillRect(image.rect(), gradient)
    painter.setPen(QPen(QColor("#E2B04A"), max(2, size[0] // 400)))
    step = max(8, size[0] // 40)
    for x in range(0, size[0], step):
        painter.drawLine(x, 0, size[0] - x, size[1])
    painter.setPen(QColor("#F3F1EC"))
    font = QFont()
    font.setPixelSize(max(12, size[1] // 8))
    painter.setFont(font)
    painter.drawText(QRect(0, 0, *size), Qt.AlignmentFlag.AlignCenter, label)
    painter.end()
    assert image.save(str(path), None, quality)


def _stamp(seconds: float) -> str:
    minutes, rest = divmod(round(seconds * 1000), 60_000)
    return f"{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def build_media_bundle(root: Path) -> Path:
    """Write the test bundle's manifest and media into `root`."""
    media = root / "media"
    media.mkdir(parents=True)
    (root / "exhibition.yaml").write_text(MANIFEST, encoding="utf-8")
    for name, size, colour in (("dawn", (1600, 1000), "#1D3557"), ("s1", (900, 600), "#2A9D8F"),
                               ("s2", (600, 900), "#8D5A97"), ("s3", (900, 900), "#BC4B51"),
                               ("cover", (800, 800), "#5B2A86"), ("poster", (640, 360), "#264653"),
                               ("lost", (300, 200), "#444444")):
        draw_picture(media / f"{name}.png", size, colour, name)
    draw_picture(media / "huge.jpg", HUGE, "#27476E", "8000 x 6000", quality=80)
    half = MEDIA_SECONDS / 2
    for code, (first, second) in CUES.items():
        for stem in ("tone", "clip"):
            (media / f"{stem}.{code}.vtt").write_text(
                f"WEBVTT\n\n{_stamp(0)} --> {_stamp(half)}\n{first}\n\n"
                f"{_stamp(half)} --> {_stamp(MEDIA_SECONDS)}\n{second}\n", encoding="utf-8")
    ffmpeg("-f", "lavfi", "-i", f"sine=frequency=440:duration={MEDIA_SECONDS}", "-c:a", "libopus",
            str(media / "tone.ogg"))
    ffmpeg("-f", "lavfi", "-i", "sine=frequency=330:duration=0.5", "-c:a", "libmp3lame",
            str(media / "broken.mp3"))
    ffmpeg("-f", "lavfi", "-i", f"testsrc=size=320x180:rate=25:duration={MEDIA_SECONDS}",
            "-f", "lavfi", "-i", f"sine=frequency=660:duration={MEDIA_SECONDS}", "-shortest",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac",
            "-movflags", "+faststart", str(media / "clip.mp4"))
    return root


def break_files(root: Path) -> None:
    """What a kiosk's disk may do after validation: lose one file, corrupt another."""
    (root / "media" / "lost.png").unlink()
    broken = root / "media" / "broken.mp3"
    broken.write_bytes(b"ID3" + bytes(range(256)) * 40)


@pytest.fixture(scope="session")
def exhibit_bundle(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> PlayableBundle:
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is needed to make the exhibit tests' media")
    root = build_media_bundle(tmp_path_factory.mktemp("exhibits") / "views")
    bundle = load_playable(root, tmp_path_factory.mktemp("exhibit-cache"))
    break_files(root)
    return bundle


@pytest.fixture
def fast_timing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Animations off, short dwells: tests wait for outcomes, not for motion."""
    monkeypatch.setattr(Timing, "animation_ms", 0)
    monkeypatch.setattr(Timing, "placeholder_dwell_ms", 50)
    monkeypatch.setattr(Timing, "gallery_dwell_s", 0.05)
    monkeypatch.setattr(Timing, "detail_delay_ms", 0)


@pytest.fixture
def fresh_cache(qapp: QApplication) -> Iterator[None]:
    """An empty picture cache, so a test sees real decodes."""
    decoder = shared_decoder()
    decoder.wait_idle()
    decoder.cache.clear()
    yield
    decoder.wait_idle()


def find(bundle: PlayableBundle, ref: str) -> Exhibit:
    found = bundle.manifest.find(ref)
    assert found is not None, ref
    return found[1]


ShowView = Callable[..., ExhibitView]


def views_of(qtbot, bundle: PlayableBundle) -> Iterator[ShowView]:
    """Shows views of `bundle`'s exhibits at a kiosk's proportions, and deactivates them after."""
    made: list[ExhibitView] = []

    def show(ref: str, *, language: str = "en", size: tuple[int, int] = (1280, 720),
             **context: object) -> ExhibitView:
        ctx = ExhibitContext(bundle, language, **context)  # type: ignore[arg-type]
        view = create_view(find(bundle, ref), ctx)
        qtbot.addWidget(view)
        view.resize(*size)
        view.show()
        qtbot.waitExposed(view)
        view.activate()
        made.append(view)
        return view

    yield show
    for view in made:
        view.deactivate()


@pytest.fixture
def show_view(qtbot, exhibit_bundle: PlayableBundle, fast_timing: None) -> Iterator[ShowView]:
    """Build the view of an exhibit of the test bundle, shown at a kiosk's proportions."""
    yield from views_of(qtbot, exhibit_bundle)
