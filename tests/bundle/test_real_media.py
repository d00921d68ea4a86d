"""A bundle as curators make them: real files from cameras, editors and encoders, with
Unicode names and spaces. Everything FORMAT.md promises must validate."""

from __future__ import annotations

import shutil
import struct
import textwrap
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage, QImageReader

from kiosk.bundle.validate import validate
from tests.media import ffmpeg

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg makes the sound files")


def exif_rotated_jpeg(path: Path) -> None:
    """A 40x20 JPEG whose EXIF says 'rotate 90° clockwise', as phones write them."""
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366aa"))
    assert image.save(str(path), "JPEG")
    data = path.read_bytes()
    tiff = b"MM\x00\x2a\x00\x00\x00\x08" + struct.pack(">H", 1) + struct.pack(">HHIHH", 0x0112, 3, 1, 6, 0) + b"\0\0\0\0"
    app1 = b"Exif\x00\x00" + tiff
    path.write_bytes(data[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + data[2:])


@pytest.fixture(scope="module")
def curator_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("curator") / "Ma belle expo"
    media = root / "médias" / "art et été"
    media.mkdir(parents=True)
    red = QImage(64, 48, QImage.Format.Format_RGB32)
    red.fill(QColor("#cc2222"))
    cmyk = red.convertToFormat(QImage.Format.Format_CMYK8888)
    assert cmyk.save(str(media / "affiche cmjn.jpg"), "JPEG")
    exif_rotated_jpeg(media / "portrait tourné.jpg")
    webp = QImage(64, 48, QImage.Format.Format_ARGB32)
    webp.fill(QColor("#88cc44"))
    assert webp.save(str(media / "mosaïque.webp"), "WEBP")
    (media / "schéma.svg").write_text(
        '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40">'
        '<rect width="80" height="40" fill="#224"/></svg>\n', encoding="utf-8")
    sound = root / "son"
    sound.mkdir()
    tone = ["-f", "lavfi", "-i", "sine=frequency=440:duration=1"]
    ffmpeg(*tone, str(sound / "la 440.flac"))
    ffmpeg(*tone, "-c:a", "libopus", str(sound / "la 440.opus"))
    (root / "exhibition.yaml").write_text(textwrap.dedent("""\
        # yaml-language-server: $schema=../exhibition.schema.json
        format: 1
        id: ma-belle-expo
        title: {fr: Ma belle expo, ar: معرضي الجميل}
        languages: [fr, ar]
        sections:
          - id: salle-1
            title: {fr: Salle 1, ar: القاعة ١}
            cover: "médias/art et été/mosaïque.webp"
            alt: {fr: Une mosaïque verte, ar: فسيفساء خضراء}
            exhibits:
              - id: affiche
                type: image
                title: {fr: Affiche, ar: ملصق}
                file: "médias/art et été/affiche cmjn.jpg"
                alt: {fr: Une affiche rouge, ar: ملصق أحمر}
              - id: galerie
                type: gallery
                title: {fr: Galerie, ar: معرض صور}
                images:
                  - file: "médias/art et été/portrait tourné.jpg"
                    alt: {fr: Un portrait, ar: صورة شخصية}
                  - file: "médias/art et été/schéma.svg"
                    alt: {fr: Un schéma, ar: رسم تخطيطي}
              - id: la
                type: audio
                title: {fr: Le la, ar: نغمة لا}
                file: son/la 440.opus
                transcript: {fr: Un la à 440 Hz., ar: نغمة لا بتردد ٤٤٠ هرتز.}
              - id: la-flac
                type: audio
                title: {fr: Le la sans perte, ar: نغمة لا دون فقد}
                file: son/la 440.flac
                transcript: {fr: Le même la., ar: النغمة نفسها.}
        """), encoding="utf-8")
    return root


def test_a_curators_real_files_validate_strictly(curator_bundle: Path) -> None:
    result = validate(curator_bundle)
    assert [f.format() for f in result.report.findings] == []
    assert result.manifest is not None
    assert result.manifest.languages == ("fr", "ar")


def test_exif_rotation_and_cmyk_read_the_right_way(curator_bundle: Path) -> None:
    """What FORMAT.md promises about camera JPEGs holds for the decoder the kiosk uses."""
    reader = QImageReader(str(curator_bundle / "médias/art et été/portrait tourné.jpg"))
    reader.setAutoTransform(True)
    assert reader.read().size().toTuple() == (20, 40)
    cmyk = QImageReader(str(curator_bundle / "médias/art et été/affiche cmjn.jpg")).read()
    assert not cmyk.isNull()
    assert cmyk.pixelColor(5, 5).red() > 150 > cmyk.pixelColor(5, 5).blue()


def test_the_same_bundle_zipped_validates(curator_bundle: Path, tmp_path: Path) -> None:
    archive = shutil.make_archive(str(tmp_path / "expo"), "zip", curator_bundle.parent, curator_bundle.name)
    result = validate(Path(archive))
    assert [f.format() for f in result.report.findings] == []
