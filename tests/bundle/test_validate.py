"""Validation of folders: every kind of curator mistake, with its exact message."""

from __future__ import annotations

import pytest

from kiosk.bundle.validate import validate
from tests.bundle.conftest import MANIFEST, BundleMaker


def lines(path) -> list[str]:  # type: ignore[no-untyped-def]
    return [finding.format() for finding in validate(path).report.sorted()]


def test_the_reference_bundle_is_valid_without_warnings(make_bundle: BundleMaker) -> None:
    result = validate(make_bundle())
    assert result.ok
    assert [f.format() for f in result.report.findings] == []
    assert result.manifest is not None
    assert [s.id for s in result.manifest.sections] == ["art"]
    assert result.manifest.find("art/film") is not None


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("id: sample", "id: My Sample", "exhibition.yaml:2:5: error: id: 'My Sample' is not a valid id "
         "(use lowercase letters, digits and hyphens, starting with a letter or digit, for example 'my-sample')"),
        ("format: 1", "format: 2", "exhibition.yaml:1:9: error: format: this bundle needs a newer kiosk "
         "(it is format 2; this kiosk reads format 1) (update the kiosk software, or ask for the bundle in format 1)"),
        ("format: 1\n", "", "exhibition.yaml:1:1: error: missing required key 'format' "
         "(add 'format:' (the format version. this kiosk reads format 1))"),
        ("languages: [en, fr]", "langauges: [en, fr]",
         "exhibition.yaml:5:1: error: langauges: unknown key 'langauges' (did you mean 'languages'?)"),
        ("        file: media/dawn.jpg", "        file: media/dawn.jpeg",
         "exhibition.yaml:16:15: error: sections[0].exhibits[0].file: 'media/dawn.jpeg' does not exist "
         "(did you mean 'media/dawn.jpg'?)"),
        ("        file: media/dawn.jpg", "        file: ../dawn.jpg",
         "exhibition.yaml:16:15: error: sections[0].exhibits[0].file: '../dawn.jpg' leads outside the bundle ('..') "
         "(copy the file into the bundle)"),
        ("        file: media/dawn.jpg", "        file: /srv/dawn.jpg",
         "exhibition.yaml:16:15: error: sections[0].exhibits[0].file: '/srv/dawn.jpg' is an absolute path "
         "(paths are relative to the folder that holds exhibition.yaml)"),
        ("        file: media/dawn.jpg", "        file: media\\dawn.jpg",
         "exhibition.yaml:16:15: error: sections[0].exhibits[0].file: 'media\\dawn.jpg' uses backslashes "
         "(write '/' between folders: 'media/dawn.jpg')"),
        ("        file: media/dawn.jpg", "        file: media/tune.ogg",
         "exhibition.yaml:16:15: error: sections[0].exhibits[0].file: 'media/tune.ogg' should be an image "
         "(allowed: .jpg .jpeg .png .webp .svg .tif .tiff)"),
        ("        type: image", "        type: picture",
         "exhibition.yaml:14:15: error: sections[0].exhibits[0].type: unknown exhibit type 'picture' "
         "(types are: text, image, gallery, audio, video, article)"),
        ("        type: image", "        type: imag",
         "exhibition.yaml:14:15: error: sections[0].exhibits[0].type: unknown exhibit type 'imag' "
         "(did you mean 'image'? types are: text, image, gallery, audio, video, article)"),
        ("      - id: series", "      - id: dawn",
         "exhibition.yaml:18:13: error: sections[0].exhibits[1].id: id 'dawn' is already used by another exhibit "
         "in this section (the first is on line 13; ids must be unique)"),
        ("    related: [art/dawn]", "    related: [art/down]",
         "exhibition.yaml:44:19: error: sections[0].exhibits[5].related[0]: 'art/down' refers to no exhibit "
         "(did you mean 'art/dawn'?)"),
        ("  exhibits: [art/dawn]", "  exhibits: [dawn]",
         "exhibition.yaml:7:14: error: attract.exhibits[0]: 'dawn' is not an exhibit reference "
         "(write it as 'section-id/exhibit-id', here 'art/dawn')"),
        ("        type: audio", "        type: audio\n        duration: -4",
         "exhibition.yaml:28:19: error: sections[0].exhibits[2].duration: must be a positive number of seconds, "
         "got -4"),
        ("        type: image", "        type: image\n        poster: media/cover.png",
         "exhibition.yaml:15:9: error: sections[0].exhibits[0].poster: unknown key 'poster' "
         "('poster' belongs to video exhibits; keys here: id, title, credit, duration, type, file, caption, alt, "
         "narration, narration_captions)"),
        ("        images:\n", "        images: media/one.jpg\n        x-images:\n",
         "exhibition.yaml:21:17: error: sections[0].exhibits[1].images: expected a list, got the text "
         "'media/one.jpg' (write each item on its own line after '- ')"),
        ("title: {en: Machines that create, fr: Les machines qui créent}", "title: [a, b]",
         "exhibition.yaml:4:8: error: title: expected a text, or a map from language code to text, got a list"),
        ("sections:", "theme: {accent: orange}\nsections:",
         "exhibition.yaml:8:17: error: theme.accent: 'orange' is not a colour "
         "(write it as #RRGGBB, for example '#1A2B3C')"),
        ("    exhibits:\n", "    exhibits: []\n    x-old:\n",
         "exhibition.yaml:12:15: error: sections[0].exhibits: needs at least one exhibit"),
        ("        title: {en: Dawn, fr: Aube}\n", "",
         "exhibition.yaml:13:9: error: sections[0].exhibits[0]: missing required key 'title' "
         "(add 'title:' (shown above the exhibit and on its tile))"),
        ("id: sample", "id: sample\nid: other",
         "exhibition.yaml:3:1: error: id: key 'id' appears twice (the first is on line 2; keep one)"),
        ("version: \"1.0\"", "version: !!python/object/apply:os.system [echo]",
         "exhibition.yaml:3:10: error: YAML tag '!!python/object/apply:os.system' is not allowed "
         "(remove the tag: the manifest holds only text, numbers, lists and maps)"),
        ("title: {en: Machines that create, fr: Les machines qui créent}", "title: Machines: that create",
         "exhibition.yaml:4:16: error: YAML syntax: mapping values are not allowed in this context "
         "(put quotes around a text that contains ': ')"),
    ],
)
def test_a_mistake_gives_a_located_actionable_message(
    make_bundle: BundleMaker, old: str, new: str, expected: str
) -> None:
    assert old in MANIFEST
    result = validate(make_bundle(MANIFEST.replace(old, new, 1)))
    assert not result.ok
    assert expected in [f.format() for f in result.report.errors]


def test_every_mistake_is_reported_in_one_run(make_bundle: BundleMaker) -> None:
    broken = (MANIFEST.replace("id: sample", "id: Sample")
              .replace("file: media/dawn.jpg", "file: media/dusk.jpg")
              .replace("type: gallery", "type: galery")
              .replace("related: [art/dawn]", "related: [art/nothing]"))
    report = validate(make_bundle(broken)).report
    assert [f.key for f in report.sorted() if f in report.errors] == [
        "id", "sections[0].exhibits[0].file", "sections[0].exhibits[1].type", "sections[0].exhibits[5].related[0]"]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"media/dawn.jpg": b""}, "exhibition.yaml:16:15: error: sections[0].exhibits[0].file: "
         "'media/dawn.jpg' is empty (export the file again)"),
        ({"media/dawn.jpg": b"\x89PNG\r\n\x1a\n" + b"\0" * 20}, "exhibition.yaml:16:15: error: "
         "sections[0].exhibits[0].file: 'media/dawn.jpg' is named .jpg but holds a PNG image "
         "(convert it, or give it the extension of what it holds)"),
        ({"media/film.mp4": b"<!DOCTYPE html><html>Not found</html>"}, "exhibition.yaml:34:15: error: "
         "sections[0].exhibits[3].file: 'media/film.mp4' is named .mp4 but holds an HTML page "
         "(convert it, or give it the extension of what it holds)"),
        ({"captions/film.fr.vtt": b"WEBVTT\n\n00:01.000 -> 00:02.000\nSalut\n"},
         "captions/film.fr.vtt:3: error: cannot read the cue timing '00:01.000 -> 00:02.000' "
         "(write the arrow between start and end as '-->' (two hyphens and '>'))"),
        ({"captions/film.fr.vtt": b"WEBVTT\n\n00:01.000 --> 00:0x.000\nSalut\n"},
         "captions/film.fr.vtt:3: error: cannot read the cue timing '00:01.000 --> 00:0x.000' "
         "(write 'start --> end' as in '00:01.000 --> 00:04.500' (hours optional, as in '01:02:03.000'); "
         "minutes and seconds 00-59, milliseconds with three digits)"),
        ({"captions/film.fr.vtt": b"1\n00:01.000 --> 00:02.000\nSalut\n"},
         "captions/film.fr.vtt:1: error: the file must start with the line 'WEBVTT' "
         "(add the line 'WEBVTT' and a blank line at the top of the file)"),
    ],
)
def test_files_whose_content_is_wrong_are_named(
    make_bundle: BundleMaker, files: dict[str, bytes], expected: str
) -> None:
    assert expected in lines(make_bundle(files=files))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("title: {en: Machines that create, fr: Les machines qui créent}", "title: {en: Machines that create}",
         "exhibition.yaml:4:8: warning: title: no text in 'fr' "
         "(add 'fr:' under 'title'; until then visitors who choose it read 'en')"),
        ("title: {en: Machines that create, fr: Les machines qui créent}", "title: {fr: Les machines qui créent}",
         "exhibition.yaml:4:8: warning: title: no text in 'en' "
         "(add 'en:' under 'title'; until then visitors who choose it read 'fr')"),
        ("title: {en: Machines that create, fr: Les machines qui créent}",
         "title: {en: Machines that create, fr: Les machines qui créent, de: Maschinen}",
         "exhibition.yaml:4:68: warning: title.de: 'de' is not one of the bundle's languages "
         "(add it to 'languages', or remove this text)"),
    ],
)
def test_warnings_leave_the_bundle_valid(make_bundle: BundleMaker, old: str, new: str, expected: str) -> None:
    assert old in MANIFEST
    result = validate(make_bundle(MANIFEST.replace(old, new, 1)))
    assert result.ok
    assert expected in [f.format() for f in result.report.warnings]


def test_a_file_nothing_refers_to_is_a_warning(make_bundle: BundleMaker) -> None:
    result = validate(make_bundle(files={"media/forgotten.png": b"\x89PNG\r\n\x1a\n", "media/.DS_Store": b"x"}))
    assert [f.format() for f in result.report.warnings] == [
        "media/forgotten.png: warning: nothing in the manifest refers to this file "
        "(refer to it from exhibition.yaml, or remove it)"
    ]


def test_extension_keys_are_ignored(make_bundle: BundleMaker) -> None:
    manifest = MANIFEST.replace("id: sample", "id: sample\nx-curator: Ada\nx-notes: {any: [thing]}")
    assert validate(make_bundle(manifest)).report.findings == []


def test_unicode_names_and_spaces_in_paths(make_bundle: BundleMaker) -> None:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "média/Aube d'été.jpg")
    manifest = MANIFEST.replace("file: media/dawn.jpg", "file: \"média/Aube d'été.jpg\"")
    root = make_bundle(manifest, files={"media/dawn.jpg": None, decomposed: b"\xff\xd8\xff\xe1" + b"\0" * 20})
    assert validate(root).report.findings == []


def test_a_link_leading_out_of_the_bundle_is_refused(make_bundle: BundleMaker, tmp_path) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path / "secret.jpg"
    outside.write_bytes(b"\xff\xd8\xff" + b"\0" * 10)
    root = make_bundle(files={"media/dawn.jpg": None})
    (root / "media" / "dawn.jpg").symlink_to(outside)
    assert "media/dawn.jpg: error: is a link leading out of the bundle " \
        "(copy the file into the bundle instead of linking to it)" in lines(root)


def test_checksums_are_verified(make_bundle: BundleMaker) -> None:
    import hashlib

    root = make_bundle()
    listing = "".join(
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(root).as_posix()}\n"
        for p in sorted(root.rglob("*")) if p.is_file() and p.name != "exhibition.yaml"
    )
    listing += f"{hashlib.sha256((root / 'exhibition.yaml').read_bytes()).hexdigest()}  exhibition.yaml\n"
    (root / "checksums.sha256").write_text(listing)
    assert validate(root).report.findings == []
    (root / "media" / "dawn.jpg").write_bytes(b"\xff\xd8\xff" + b"changed")
    assert lines(root) == ["media/dawn.jpg: error: does not match its checksum: it changed or is damaged "
                           "(copy it again, or regenerate checksums with 'kiosk pack')"]
