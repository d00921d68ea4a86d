"""What each exhibit type shows, asked of the exhibit: the one place the tiles, the attract loop,
prefetching, read aloud and the alt-text check learn it from."""

from __future__ import annotations

import pytest

from kiosk.bundle.model import EXHIBIT_TYPES, Exhibit, Manifest
from kiosk.bundle.validate import validate
from kiosk.play.showcase import exhibit_picture
from tests.bundle.conftest import MANIFEST, BundleMaker


@pytest.fixture
def manifest(make_bundle: BundleMaker) -> Manifest:
    """The valid test manifest, its article given a picture and its film a poster."""
    text = MANIFEST.replace("related: [art/dawn]\n", "related: [art/dawn]\n        image: media/dawn.jpg\n"
                            "        alt: {en: A sunrise, fr: Un lever de soleil}\n")
    text = text.replace("file: media/film.mp4\n", "file: media/film.mp4\n        poster: media/cover.png\n")
    assert text.count("media/dawn.jpg") == 2
    assert "poster" in text
    loaded = validate(make_bundle(text)).manifest
    assert loaded is not None
    return loaded


def _exhibit(manifest: Manifest, exhibit_id: str) -> Exhibit:
    found = manifest.find(f"art/{exhibit_id}")
    assert found is not None
    return found[1]


@pytest.mark.parametrize(("exhibit_id", "shown", "media"), [
    ("dawn", [("", "file", "media/dawn.jpg", "A sunrise")], "media/dawn.jpg"),
    ("series", [("images[0]", "file", "media/one.jpg", "One"), ("images[1]", "file", "media/two.png", "Two")], None),
    ("tune", [("", "cover", None, None)], "media/tune.ogg"),
    ("film", [("", "poster", "media/cover.png", None)], "media/film.mp4"),
    ("intro", [], None),
    ("essay", [("", "image", "media/dawn.jpg", "A sunrise")], None),
])
def test_each_type_says_which_pictures_it_shows_and_which_file_it_needs(
        manifest: Manifest, exhibit_id: str, shown: list[tuple[str, str, str | None, str | None]],
        media: str | None) -> None:
    exhibit = _exhibit(manifest, exhibit_id)
    pictures = [(p.owner, p.key, p.file, p.alt.get("en", ()) if p.alt else None) for p in exhibit.pictures()]
    assert pictures == shown
    assert exhibit.media_file() == media
    assert exhibit_picture(exhibit) == (shown[0][2] if shown else None)


def test_the_type_names_come_from_the_declared_types() -> None:
    assert {name: cls.__name__ for name, cls in EXHIBIT_TYPES.items()} == {
        "text": "TextExhibit", "image": "ImageExhibit", "gallery": "GalleryExhibit", "audio": "AudioExhibit",
        "video": "VideoExhibit", "article": "ArticleExhibit"}
    assert list(EXHIBIT_TYPES) == ["text", "image", "gallery", "audio", "video", "article"]
