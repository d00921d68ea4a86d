"""A manifest built in code, so the play logic is tested without files or Qt."""

from __future__ import annotations

import pytest

from kiosk.bundle.declare import Text
from kiosk.bundle.model import (
    Attract,
    AudioExhibit,
    GalleryExhibit,
    GalleryImage,
    ImageExhibit,
    Manifest,
    Section,
    TextExhibit,
    VideoExhibit,
)


def t(en: str, fr: str | None = None) -> Text:
    return Text({"en": en, "fr": fr or f"{en} (fr)"})


def make_manifest(attract: tuple[str, ...] = ()) -> Manifest:
    art = Section(
        id="art",
        title=t("Art"),
        cover="media/art-cover.png",
        exhibits=(
            TextExhibit(id="intro", type="text", title=t("Introduction"), body=t("Machines that **paint**.")),
            ImageExhibit(id="dawn", type="image", title=t("Dawn"), file="media/dawn.png", duration=5),
            GalleryExhibit(
                id="series",
                type="gallery",
                title=t("Series"),
                images=tuple(GalleryImage(file=f"media/s{i}.png", caption=t(f"Plate {i}")) for i in range(3)),
            ),
        ),
    )
    music = Section(
        id="music",
        title=t("Music", "Musique"),
        summary=t("Compositions by algorithm and by ear."),
        exhibits=(
            AudioExhibit(id="canon", type="audio", title=t("Canon"), file="media/canon.ogg",
                         transcript=t("A canon in three voices, résumé of a Markov chain.")),
            VideoExhibit(id="studio", type="video", title=t("Studio"), file="media/studio.mp4",
                         poster="media/poster.png"),
        ),
    )
    return Manifest(
        format=1,
        id="sample",
        title=t("Machines that create"),
        languages=("en", "fr"),
        attract=Attract(exhibits=attract, dwell=4),
        sections=(art, music),
    )


@pytest.fixture
def manifest() -> Manifest:
    return make_manifest()
