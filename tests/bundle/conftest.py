"""Building small bundles on disk: a valid one to start from, and ways to break it.

The section's `alt` (its cover's) comes after its exhibits, which YAML allows, so that the line
numbers many tests assert did not move when covers gained alt text."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
OGG = b"OggS" + b"\x00" * 64
MP4 = b"\x00\x00\x00\x18ftypisom" + b"\x00" * 64
VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n"

FILES: dict[str, bytes] = {
    "media/dawn.jpg": JPEG,
    "media/cover.png": PNG,
    "media/one.jpg": JPEG,
    "media/two.png": PNG,
    "media/tune.ogg": OGG,
    "media/film.mp4": MP4,
    "captions/film.en.vtt": VTT,
    "captions/film.fr.vtt": VTT,
}

MANIFEST = textwrap.dedent(
    """\
    format: 1
    id: sample
    version: "1.0"
    title: {en: Machines that create, fr: Les machines qui créent}
    languages: [en, fr]
    attract:
      exhibits: [art/dawn]
    sections:
      - id: art
        title: {en: Art, fr: Art}
        cover: media/cover.png
        exhibits:
          - id: dawn
            type: image
            title: {en: Dawn, fr: Aube}
            file: media/dawn.jpg
            alt: {en: A sunrise, fr: Un lever de soleil}
          - id: series
            type: gallery
            title: {en: Series, fr: Série}
            images:
              - file: media/one.jpg
                alt: {en: One, fr: Un}
              - file: media/two.png
                alt: {en: Two, fr: Deux}
          - id: tune
            type: audio
            title: {en: Tune, fr: Air}
            file: media/tune.ogg
            transcript: {en: Soft chords, fr: Accords doux}
          - id: film
            type: video
            title: {en: Film, fr: Film}
            file: media/film.mp4
            captions: {en: captions/film.en.vtt, fr: captions/film.fr.vtt}
          - id: intro
            type: text
            title: {en: Intro, fr: Intro}
            body: {en: "# Hello", fr: "# Bonjour"}
          - id: essay
            type: article
            title: {en: Essay, fr: Essai}
            body: {en: Text, fr: Texte}
            related: [art/dawn]
        alt: {en: Coloured cells like stained glass, fr: Des cellules colorées comme un vitrail}
    """
)

BundleMaker = Callable[..., Path]


@pytest.fixture
def make_bundle(tmp_path: Path) -> BundleMaker:
    """Write a bundle: the valid manifest (or `manifest`), its files, with changes."""

    def make(manifest: str | bytes | None = None, files: dict[str, bytes | None] | None = None,
             name: str = "bundle") -> Path:
        root = tmp_path / name
        root.mkdir()
        content = MANIFEST if manifest is None else manifest
        (root / "exhibition.yaml").write_bytes(content.encode() if isinstance(content, str) else content)
        for path, data in {**FILES, **(files or {})}.items():
            if data is None:
                continue
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return root

    return make
