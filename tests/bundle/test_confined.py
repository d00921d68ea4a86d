"""A broken file costs what uses it, never the exhibition.

Validation reports every error as before; the player (`load_playable`) plays a bundle whose
errors are all confined to single media, caption or font files, and refuses one with any
error of structure.
"""

from __future__ import annotations

import logging
import zipfile
from pathlib import Path

import pytest

from kiosk.bundle.declare import CaptionFiles
from kiosk.bundle.model import VideoExhibit
from kiosk.bundle.playable import BROKEN_FOLDER, BundleLoadError, confined_files, load_playable
from kiosk.bundle.validate import validate
from tests.bundle.conftest import FILES, MANIFEST, BundleMaker

HTML = b"<html><body>502 Bad Gateway</body></html>\n"
FONT_THEME = "languages: [en, fr]\ntheme:\n  font: fonts/face.ttf\n"


def edited(old: str, new: str) -> str:
    assert old in MANIFEST
    return MANIFEST.replace(old, new, 1)


CONFINED = [
    pytest.param(None, {"media/dawn.jpg": HTML}, {"media/dawn.jpg"}, id="a picture holding an HTML page"),
    pytest.param(None, {"media/tune.ogg": b""}, {"media/tune.ogg"}, id="an empty sound file"),
    pytest.param(None, {"media/film.mp4": b"not a film at all"}, {"media/film.mp4"}, id="a film holding text"),
    pytest.param(None, {"media/one.jpg": None}, {"media/one.jpg"}, id="a missing gallery picture"),
    pytest.param(None, {"media/cover.png": None}, {"media/cover.png"}, id="a missing section cover"),
    pytest.param(None, {"captions/film.fr.vtt": HTML}, {"captions/film.fr.vtt"}, id="captions that are not WebVTT"),
    pytest.param(None, {"captions/film.fr.vtt": b"WEBVTT\n\n00:00.000 --> soon\nHello\n"},
                 {"captions/film.fr.vtt"}, id="captions with a bad timing line"),
    pytest.param(None, {"captions/film.en.vtt": b"WEBVTT\n\n\xff\xfe garbage\n"}, {"captions/film.en.vtt"},
                 id="captions that are not UTF-8"),
    pytest.param(None, {"captions/film.en.vtt": b""}, {"captions/film.en.vtt"}, id="empty captions"),
    pytest.param(None, {"captions/film.en.vtt": None}, {"captions/film.en.vtt"}, id="missing captions"),
    pytest.param(edited("body: {en: Text, fr: Texte}", 'body: {en: "![A map](media/map.png)", fr: Texte}'), None,
                 {"media/map.png"}, id="a missing picture in an article's Markdown"),
    pytest.param(edited("languages: [en, fr]\n", FONT_THEME), {"fonts/face.ttf": HTML}, {"fonts/face.ttf"},
                 id="a font that is not a font"),
    pytest.param(None, {"media/dawn.jpg": HTML, "captions/film.fr.vtt": HTML},
                 {"media/dawn.jpg", "captions/film.fr.vtt"}, id="two broken files"),
]

STRUCTURAL = [
    pytest.param(edited("languages: [en, fr]", "langauges: [en, fr]"), None, id="an unknown key"),
    pytest.param(edited("id: sample", "id: My Sample"), None, id="a bad id"),
    pytest.param(edited("related: [art/dawn]", "related: [art/down]"), None, id="a reference to no exhibit"),
    pytest.param(edited("languages: [en, fr]", "languages: [en, fr, en]"), None, id="a language listed twice"),
    pytest.param(edited("file: media/dawn.jpg", "file: ../dawn.jpg"), None, id="a path leading out"),
    pytest.param(edited("file: media/dawn.jpg", "file: /srv/dawn.jpg"), None, id="an absolute path"),
    pytest.param(edited("file: media/dawn.jpg", "file: https://example.org/dawn.jpg"), None, id="a web address"),
    pytest.param(edited("file: media/dawn.jpg", "file: media/tune.ogg"), None, id="the wrong kind of file"),
    pytest.param(edited("sections:", "sections: [\n"), None, id="YAML syntax"),
    pytest.param(edited("      - id: dawn", "      - id: dawn\n        colour: red"), {"media/dawn.jpg": HTML},
                 id="a broken picture beside an unknown key"),
]


@pytest.mark.parametrize(("manifest", "files", "expected"), CONFINED)
def test_problems_of_one_file_are_confined_to_it(make_bundle: BundleMaker, manifest: str | None,
                                                 files: dict[str, bytes | None] | None, expected: set[str]) -> None:
    report = validate(make_bundle(manifest, files)).report
    assert report.errors, "validation still reports the broken file as an error"
    assert confined_files(report) == frozenset(expected)


@pytest.mark.parametrize(("manifest", "files"), STRUCTURAL)
def test_problems_of_structure_are_not_confined(make_bundle: BundleMaker, manifest: str,
                                                files: dict[str, bytes | None] | None) -> None:
    report = validate(make_bundle(manifest, files)).report
    assert report.errors
    assert confined_files(report) is None


def test_a_report_without_errors_confines_nothing(make_bundle: BundleMaker) -> None:
    assert confined_files(validate(make_bundle()).report) == frozenset()


def test_the_line_of_a_caption_problem_is_its_line_in_the_caption_file(make_bundle: BundleMaker) -> None:
    bundle = make_bundle(files={"captions/film.fr.vtt": b"WEBVTT\n\n00:00.000 --> soon\nHello\n"})
    [error] = validate(bundle).report.errors
    assert (error.file, error.line, error.confined_to) == ("captions/film.fr.vtt", 3, "captions/film.fr.vtt")


def test_a_missing_file_is_located_in_the_manifest_and_confined_to_the_file(make_bundle: BundleMaker) -> None:
    [error] = validate(make_bundle(files={"media/one.jpg": None})).report.errors
    assert error.format().startswith("exhibition.yaml:22:19: error: sections[0].exhibits[1].images[0].file: "
                                     "'media/one.jpg' does not exist")
    assert error.confined_to == "media/one.jpg"


# -- the player ------------------------------------------------------------------------------


def test_the_player_plays_a_bundle_with_a_broken_picture_and_broken_captions(
        make_bundle: BundleMaker, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = make_bundle(files={"media/dawn.jpg": HTML, "captions/film.fr.vtt": HTML})
    with caplog.at_level(logging.WARNING, logger="kiosk.bundle"):
        bundle = load_playable(root, tmp_path / "cache")
    assert bundle.broken == {"media/dawn.jpg", "captions/film.fr.vtt"}
    broken_events = [r for r in caplog.records if getattr(r, "event", None) == "broken_file"]
    assert [(r.levelno, r.fields["file"], r.fields["found_in"], r.fields["line"]) for r in broken_events] == [  # type: ignore[attr-defined]
        (logging.WARNING, "media/dawn.jpg", "exhibition.yaml", 16),
        (logging.WARNING, "captions/film.fr.vtt", "captions/film.fr.vtt", 1),
    ]
    assert "playing without media/dawn.jpg: exhibition.yaml:16:15: error:" in broken_events[0].getMessage()
    assert "playing without captions/film.fr.vtt: captions/film.fr.vtt:1: error:" in broken_events[1].getMessage()
    assert bundle.file("media/dawn.jpg") == root.resolve() / BROKEN_FOLDER / "media/dawn.jpg"
    assert not bundle.file("media/dawn.jpg").exists(), "no decoder is handed the broken bytes"
    assert not bundle.file("./media/dawn.jpg").exists()
    assert bundle.file("media/one.jpg").read_bytes() == FILES["media/one.jpg"]
    found = bundle.manifest.find("art/film")
    assert found is not None
    assert isinstance(found[1], VideoExhibit)
    assert found[1].captions == CaptionFiles({"en": "captions/film.en.vtt"}), "the broken track is left out"
    assert found[1].captions.get("fr", bundle.manifest.languages) == "captions/film.en.vtt"


def test_an_exhibit_whose_only_captions_are_broken_plays_without_captions(make_bundle: BundleMaker,
                                                                          tmp_path: Path) -> None:
    manifest = edited("captions: {en: captions/film.en.vtt, fr: captions/film.fr.vtt}",
                      "captions: captions/film.en.vtt\n        transcript: {en: Words, fr: Mots}")
    bundle = load_playable(make_bundle(manifest, {"captions/film.en.vtt": HTML}), tmp_path / "cache")
    found = bundle.manifest.find("art/film")
    assert found is not None
    assert isinstance(found[1], VideoExhibit)
    assert found[1].captions is None
    assert bundle.broken == {"captions/film.en.vtt"}


def test_validate_still_fails_naming_both_files(make_bundle: BundleMaker) -> None:
    result = validate(make_bundle(files={"media/dawn.jpg": HTML, "captions/film.fr.vtt": HTML}))
    assert not result.ok
    assert {(f.file, f.confined_to) for f in result.report.errors} == {
        ("exhibition.yaml", "media/dawn.jpg"), ("captions/film.fr.vtt", "captions/film.fr.vtt")}


@pytest.mark.parametrize(("manifest", "files"), STRUCTURAL)
def test_the_player_refuses_a_bundle_with_a_problem_of_structure(make_bundle: BundleMaker, tmp_path: Path,
                                                                manifest: str,
                                                                files: dict[str, bytes | None] | None) -> None:
    with pytest.raises(BundleLoadError):
        load_playable(make_bundle(manifest, files), tmp_path / "cache")


def test_the_player_refuses_an_unsafe_zip_even_if_its_other_problems_are_confined(tmp_path: Path) -> None:
    path = tmp_path / "unsafe.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("exhibition.yaml", MANIFEST)
        for name, data in {**FILES, "media/dawn.jpg": HTML}.items():
            archive.writestr(name, data)
        archive.writestr("../escape.txt", b"out")
    with pytest.raises(BundleLoadError) as refused:
        load_playable(path, tmp_path / "cache")
    assert [f.file for f in refused.value.report.errors if not f.confined_to] == ["../escape.txt"]


def test_a_zip_with_a_broken_file_plays_from_the_cache(tmp_path: Path) -> None:
    path = tmp_path / "bundle.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("exhibition.yaml", MANIFEST)
        for name, data in {**FILES, "media/tune.ogg": b"no sound here"}.items():
            archive.writestr(name, data)
    bundle = load_playable(path, tmp_path / "cache")
    assert bundle.broken == {"media/tune.ogg"}
    assert bundle.root.is_relative_to(tmp_path / "cache")
    assert not bundle.file("media/tune.ogg").exists()
    assert bundle.file("media/film.mp4").read_bytes() == FILES["media/film.mp4"]
