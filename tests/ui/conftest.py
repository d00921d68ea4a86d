"""A small bundle for the player's tests: Qt-drawn pictures, ffmpeg-made sound and film.

Built once per test session in a temporary folder; every exhibit type, three languages
(one of them right-to-left), captions, an attract list and a related link.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QApplication

from kiosk.bundle.playable import PlayableBundle, load_playable
from kiosk.play.clock import ManualClock, MonotonicClock
from kiosk.play.player import IdleMode, Player, PlayerConfig
from kiosk.play.session import SessionTimings
from kiosk.play.tour import DwellDefaults
from kiosk.ui.window import KioskWindow
from tests.media import ffmpeg

MANIFEST = """\
format: 1
id: tiny
version: "1"
title: {en: Machines that create, fr: Des machines qui créent, ar: آلات تبدع}
subtitle: {en: A test exhibition, fr: Une exposition d'essai, ar: معرض تجريبي}
languages: [en, fr, ar]
attract:
  exhibits: [art/dawn, music/studio]
  dwell: 4
sections:
  - id: art
    title: {en: Art, fr: Art, ar: الفن}
    summary:
      en: Pictures made by programs.
      fr: Des images faites par des programmes.
      ar: صور صنعتها البرامج.
    cover: media/cover-art.png
    exhibits:
      - id: intro
        type: text
        title: {en: Introduction, fr: Introduction, ar: مقدمة}
        body:
          en: "# Machines that paint\\n\\nA **program** draws flow fields and mosaics."
          fr: "# Des machines qui peignent\\n\\nUn **programme** dessine des champs de flux."
          ar: "# آلات ترسم\\n\\nبرنامج يرسم حقول التدفق والفسيفساء."
      - id: dawn
        type: image
        title: {en: Dawn, fr: Aube, ar: فجر}
        file: media/dawn.png
        caption: {en: A flow field at dawn., fr: Un champ de flux à l'aube., ar: حقل تدفق عند الفجر.}
        alt: {en: Orange curves on blue., fr: Courbes orange sur bleu., ar: منحنيات برتقالية على أزرق.}
        credit: "Image: Test Studio / Kiosk"
        duration: 3
      - id: series
        type: gallery
        title: {en: Series, fr: Série, ar: سلسلة}
        images:
          - file: media/s1.png
            caption: {en: Plate one, fr: Planche un, ar: اللوحة الأولى}
            alt: First plate
          - file: media/s2.png
            caption: {en: Plate two, fr: Planche deux, ar: اللوحة الثانية}
            alt: Second plate
          - file: media/s3.png
            caption: {en: Plate three, fr: Planche trois, ar: اللوحة الثالثة}
            alt: Third plate
  - id: music
    title: {en: Music, fr: Musique, ar: الموسيقى}
    cover: media/cover-music.png
    exhibits:
      - id: canon
        type: audio
        title: {en: Canon, fr: Canon, ar: قانون}
        file: media/canon.wav
        cover: media/cover-music.png
        captions: {en: media/canon.en.vtt, fr: media/canon.fr.vtt, ar: media/canon.ar.vtt}
        transcript: {en: "A tone.", fr: "Une note.", ar: "نغمة."}
      - id: studio
        type: video
        title: {en: Studio, fr: Atelier, ar: استوديو}
        file: media/studio.mp4
        poster: media/poster.png
        captions: {en: media/studio.en.vtt, fr: media/studio.fr.vtt, ar: media/studio.ar.vtt}
        transcript: {en: "Colour bars.", fr: "Des barres de couleur.", ar: "أشرطة ملونة."}
  - id: topics
    title: {en: Topics, fr: Thèmes, ar: مواضيع}
    exhibits:
      - id: trademarks
        type: article
        title: {en: AI and trademarks, fr: L'IA et les marques, ar: الذكاء الاصطناعي والعلامات التجارية}
        body:
          en: "How **AI** changes the way consumers choose products."
          fr: "Comment l'**IA** change la façon dont on choisit."
          ar: "كيف يغير **الذكاء الاصطناعي** اختيار المنتجات."
        image: media/s2.png
        related: [art/dawn]
"""

# This test machine has no sound server; Qt Multimedia says so when a media view opens.
MEDIA_NOISE_PATTERNS = (r"Couldn't (load|resolve) pipewire", r"PulseAudioService", r"pa_context_connect",
                        r"No audio device detected", r"No RHI backend")
MEDIA_NOISE = pytest.mark.qt_log_ignore(*MEDIA_NOISE_PATTERNS)

CUE = {"en": "A tone", "fr": "Une note", "ar": "نغمة"}


def _picture(path: Path, size: tuple[int, int], colour: str, label: str) -> None:
    image = QImage(*size, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    painter = QPainter(image)
    painter.setPen(QColor("#F3F1EC"))
    font = QFont()
    font.setPixelSize(max(12, size[1] // 6))
    painter.setFont(font)
    painter.drawText(QRect(0, 0, *size), Qt.AlignmentFlag.AlignCenter, label)
    painter.setBrush(QColor("#E2B04A"))
    painter.drawEllipse(size[0] // 10, size[1] // 10, size[0] // 5, size[0] // 5)
    painter.end()
    assert image.save(str(path), "PNG")


def build_bundle(root: Path) -> Path:
    media = root / "media"
    media.mkdir(parents=True)
    (root / "exhibition.yaml").write_text(MANIFEST, encoding="utf-8")
    for name, size, colour in (
        ("cover-art", (800, 500), "#27476E"), ("cover-music", (800, 800), "#5B2A86"),
        ("dawn", (1600, 1000), "#1D3557"), ("s1", (900, 600), "#2A9D8F"), ("s2", (600, 900), "#8D5A97"),
        ("s3", (900, 900), "#BC4B51"), ("poster", (640, 360), "#264653"),
    ):
        _picture(media / f"{name}.png", size, colour, name)
    for code, text in CUE.items():
        for stem, end in (("canon", "00:00.900"), ("studio", "00:01.500")):
            vtt = f"WEBVTT\n\n00:00.000 --> {end}\n{text}\n"
            (media / f"{stem}.{code}.vtt").write_text(vtt, encoding="utf-8")
    ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-ac", "1", "-ar", "22050",
            str(media / "canon.wav"))
    ffmpeg("-f", "lavfi", "-i", "testsrc=size=320x180:rate=15:duration=1.6", "-f", "lavfi",
            "-i", "sine=frequency=660:duration=1.6", "-shortest", "-c:v", "libx264", "-preset", "ultrafast",
            "-pix_fmt", "yuv420p", "-c:a", "aac", "-movflags", "+faststart", str(media / "studio.mp4"))
    return root


@pytest.fixture(scope="session")
def tiny_bundle_path(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is needed to make the test bundle's media")
    return build_bundle(tmp_path_factory.mktemp("bundle") / "tiny")


@pytest.fixture(scope="session")
def tiny_bundle(tiny_bundle_path: Path, tmp_path_factory: pytest.TempPathFactory) -> PlayableBundle:
    return load_playable(tiny_bundle_path, tmp_path_factory.mktemp("cache"))


TIMINGS = SessionTimings(idle_timeout=90, still_there=10)


class Kiosk:
    """A window and its player on a manual clock: tests move time and read the screens."""

    def __init__(self, window: KioskWindow, player: Player, clock: ManualClock) -> None:
        self.window, self.player, self.clock = window, player, clock

    def advance(self, seconds: float) -> None:
        """Let `seconds` pass, running every deadline that comes due on the way."""
        end = self.clock.now() + seconds
        while (deadline := self.player.next_deadline()) is not None and deadline <= end:
            self.clock.advance(max(0.0, deadline - self.clock.now()))
            self.player.tick()
        self.clock.advance(end - self.clock.now())

    @property
    def screen(self) -> str:
        return self.window.current.accessibleName()


@pytest.fixture
def make_kiosk(qtbot, tiny_bundle: PlayableBundle) -> Iterator:
    made: list[KioskWindow] = []

    def make(*, windowed: bool = False, tour: bool = False, language: str | None = None,
             size: tuple[int, int] = (1280, 720), timings: SessionTimings = TIMINGS,
             dwell: DwellDefaults | None = None, real_time: bool = False,
             bundle: PlayableBundle | None = None, start: bool = True) -> Kiosk:
        """A kiosk on a manual clock; with `real_time`, on the real one with its timer running."""
        clock = ManualClock(100.0)
        config = PlayerConfig(timings=timings, idle_mode=IdleMode.TOUR if tour else IdleMode.ATTRACT,
                              language=language, sessions=not windowed, dwell=dwell or DwellDefaults())
        player = Player((bundle or tiny_bundle).manifest, config, MonotonicClock() if real_time else clock)
        window = KioskWindow(bundle or tiny_bundle, player, windowed=windowed, transition_ms=0,
                             size=QSize(*size))
        window.attract.fade_ms = 0
        window.locked = False  # so pytest-qt can close it; the lock-down tests lock their own
        if not real_time:
            window.ticker.stop()  # the manual clock moves only when the test says so
        qtbot.addWidget(window)
        window.resize(*size)
        made.append(window)
        if start:
            player.start()
        window.show()
        qtbot.waitExposed(window)
        return Kiosk(window, player, clock)

    yield make
    for window in made:
        window.locked = False
        window.shutdown()


@pytest.fixture(autouse=True)
def application(qapp: QApplication) -> QApplication:
    """Every test here runs with the QApplication made (the leak check in tests/conftest.py looks at it)."""
    return qapp
