"""`kiosk import-iiif` on manifests shaped like the IIIF Cookbook's recipes, served from
127.0.0.1: each becomes a bundle that the real validator passes, with the mapping FORMAT.md
describes."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from kiosk.bundle.validate import validate
from tests.importers import recipes
from tests.importers.conftest import MP4, Importer, Publisher, jpeg


def imported(publisher: Publisher, run_import: Importer, tmp_path: Path, document: dict[str, Any],
             *extra: str) -> tuple[dict[str, Any], Path]:
    """Serve `document` at its id, import it, check the bundle is valid; its manifest and folder."""
    url = publisher.put_json(urlsplit(document.get("id") or document["@id"]).path, document)
    out = tmp_path / "bundle"
    outcome = run_import(url, out, *extra)
    assert outcome.status == 0, outcome.err
    assert "valid, 0 errors" in outcome.out
    result = validate(out)
    assert result.report.errors == [], [f.format() for f in result.report.errors]
    assert not (tmp_path / "bundle.partial").exists()
    return yaml.safe_load((out / "exhibition.yaml").read_text(encoding="utf-8")), out


def only_exhibit(manifest: dict[str, Any]) -> dict[str, Any]:
    [section] = manifest["sections"]
    [exhibit] = section["exhibits"]
    return exhibit


def test_a_single_image_becomes_an_image_exhibit(publisher, run_import, tmp_path) -> None:
    manifest, out = imported(publisher, run_import, tmp_path, recipes.single_image(publisher))
    assert manifest["title"] == {"en": "A lighthouse at dusk"}
    assert manifest["languages"] == ["en"]
    assert manifest["id"] == "a-lighthouse-at-dusk"
    exhibit = only_exhibit(manifest)
    assert exhibit["type"] == "image"
    assert exhibit["file"] == "media/a-lighthouse-at-dusk/a-lighthouse-at-dusk.jpg"
    assert (out / exhibit["file"]).read_bytes() == publisher.files["/media/lighthouse.jpg"][0]
    assert exhibit["x-iiif"] == {"manifest": publisher.url("/0001/manifest.json")}
    assert manifest["x-iiif"] == {"source": publisher.url("/0001/manifest.json")}


def test_an_image_service_is_asked_for_the_picture_at_max_size(publisher, run_import, tmp_path) -> None:
    manifest, out = imported(publisher, run_import, tmp_path, recipes.image_service(publisher))
    exhibit = only_exhibit(manifest)
    assert publisher.asked("/iiif/harbour/full/8000,/0/default.jpg") == [""]
    assert publisher.asked("/iiif/harbour/full/max/0/default.jpg") == []
    assert (out / exhibit["file"]).read_bytes() == publisher.files["/iiif/harbour/full/8000,/0/default.jpg"][0]


def test_max_size_changes_the_size_asked_for(publisher, run_import, tmp_path) -> None:
    document = recipes.image_service(publisher)
    publisher.put("/iiif/harbour/full/2000,/0/default.jpg", jpeg(20, 15), "image/jpeg")
    imported(publisher, run_import, tmp_path, document, "--max-size", "2000")
    assert publisher.asked("/iiif/harbour/full/2000,/0/default.jpg") == [""]


def test_audio_becomes_an_audio_exhibit(publisher, run_import, tmp_path) -> None:
    manifest, out = imported(publisher, run_import, tmp_path, recipes.audio(publisher))
    exhibit = only_exhibit(manifest)
    assert exhibit["type"] == "audio"
    assert exhibit["file"] == "media/waves-on-shingle/waves-on-shingle.ogg"
    assert (out / exhibit["file"]).read_bytes() == publisher.files["/media/waves.ogg"][0]
    assert exhibit["x-iiif"]["canvas"] == publisher.url("/0002/canvas")


def test_video_becomes_a_video_exhibit(publisher, run_import, tmp_path) -> None:
    manifest, _ = imported(publisher, run_import, tmp_path, recipes.video(publisher))
    exhibit = only_exhibit(manifest)
    assert (exhibit["type"], exhibit["file"]) == ("video", "media/the-tide/the-tide.mp4")
    assert "captions" not in exhibit


def test_video_captions_are_downloaded_by_language(publisher, run_import, tmp_path) -> None:
    manifest, out = imported(publisher, run_import, tmp_path, recipes.video(publisher, captions=True))
    exhibit = only_exhibit(manifest)
    assert manifest["languages"] == ["en", "fr"]
    assert exhibit["title"] == {"en": "The tide", "fr": "La marée"}
    assert exhibit["captions"] == {"en": "captions/the-tide/the-tide.en.vtt", "fr": "captions/the-tide/the-tide.fr.vtt"}
    assert (out / exhibit["captions"]["fr"]).read_text(encoding="utf-8").endswith("La marée monte.\n")
    assert exhibit["poster"] == "media/the-tide/the-tide-cover.jpg"


def test_captions_offered_as_a_choice_are_all_downloaded(publisher, run_import, tmp_path) -> None:
    """0074: one supplementing annotation whose body is a Choice of a file per language."""
    document = recipes.video(publisher, captions=True)
    page = document["items"][0]["annotations"][0]
    page["items"] = [{**page["items"][0], "body": {"type": "Choice", "items": [a["body"] for a in page["items"]]}}]
    manifest, _ = imported(publisher, run_import, tmp_path, document)
    assert sorted(only_exhibit(manifest)["captions"]) == ["en", "fr"]


def test_captions_in_an_annotation_page_named_by_address_are_fetched(publisher, run_import, tmp_path) -> None:
    """0269: a canvas may name its annotation page by address instead of embedding it."""
    document = recipes.video(publisher, captions=True)
    canvas = document["items"][0]
    page_url = publisher.put_json("/0219/captions-page.json", {"@context": recipes.P3, **canvas["annotations"][0]})
    canvas["annotations"] = [{"id": page_url, "type": "AnnotationPage"}]
    manifest, _ = imported(publisher, run_import, tmp_path, document)
    assert sorted(only_exhibit(manifest)["captions"]) == ["en", "fr"]
    assert publisher.asked("/0219/captions-page.json") == [""]


def test_a_book_becomes_a_gallery_with_its_page_labels(publisher, run_import, tmp_path) -> None:
    manifest, out = imported(publisher, run_import, tmp_path, recipes.book(publisher))
    section = manifest["sections"][0]
    exhibit = only_exhibit(manifest)
    assert exhibit["type"] == "gallery"
    assert [image["caption"] for image in exhibit["images"]] == ["p. 1", "p. 2", "p. 3"]
    assert [image["file"] for image in exhibit["images"]] == [
        f"media/a-sailor-s-log-book/a-sailor-s-log-book-{n}.jpg" for n in (1, 2, 3)]
    assert section["cover"] == "media/a-sailor-s-log-book/cover.jpg"
    assert (out / section["cover"]).read_bytes() == publisher.files["/media/book/thumb.jpg"][0]


def test_language_maps_become_texts_and_none_takes_the_default(publisher, run_import, tmp_path) -> None:
    manifest, _ = imported(publisher, run_import, tmp_path, recipes.languages(publisher))
    assert manifest["languages"] == ["en", "fr", "de"]  # en and fr are used three times each, de once
    exhibit = only_exhibit(manifest)
    assert exhibit["title"] == {"fr": "Le phare de la Vieille", "en": "The Vieille lighthouse", "de": "Der Leuchtturm"}
    assert exhibit["caption"] == {
        "fr": "Un phare en mer, au large de la pointe du Raz.\n\nCote: PH 1887/2",
        "en": "A lighthouse at sea, off the Pointe du Raz.\n\nShelfmark: PH 1887/2"}


def test_lang_chooses_the_first_language(publisher, run_import, tmp_path) -> None:
    manifest, _ = imported(publisher, run_import, tmp_path, recipes.languages(publisher), "--lang", "fr")
    assert manifest["languages"] == ["fr", "en", "de"]


def test_metadata_is_shown_in_the_caption_as_plain_text(publisher, run_import, tmp_path) -> None:
    manifest, _ = imported(publisher, run_import, tmp_path, recipes.metadata(publisher))
    assert only_exhibit(manifest)["caption"] == {
        "en": "Hand-drawn, 1887.\n\nCreator: A. Surveyor\nDate: about 1887\nMedium: ink & wash"}


def test_rights_and_required_statement_become_the_credit(publisher, run_import, tmp_path) -> None:
    manifest, _ = imported(publisher, run_import, tmp_path, recipes.rights(publisher))
    exhibit = only_exhibit(manifest)
    assert exhibit["credit"] == {"en": "Attribution: Provided by the Harbour Museum · CC BY-SA 4.0"}
    assert exhibit["x-iiif"] == {"manifest": publisher.url("/0008/manifest.json"),
                                 "rights": "http://creativecommons.org/licenses/by-sa/4.0/",
                                 "navDate": "1901-06-01T00:00:00Z"}


def test_a_collection_fetches_its_manifests_into_one_section(publisher, run_import, tmp_path) -> None:
    manifest, _ = imported(publisher, run_import, tmp_path, recipes.collection(publisher))
    assert manifest["title"] == {"en": "Sea and shore"}
    assert manifest["description"] == {"en": "Objects from the coast."}
    [section] = manifest["sections"]
    assert section["id"] == "sea-and-shore"
    assert [(e["id"], e["type"]) for e in section["exhibits"]] == [
        ("a-lighthouse-at-dusk", "image"), ("a-sailor-s-log-book", "gallery")]
    assert [e["x-iiif"]["manifest"] for e in section["exhibits"]] == [
        publisher.url("/c/lighthouse.json"), publisher.url("/c/book.json")]
    assert [publisher.asked(path) for path in ("/c/lighthouse.json", "/c/book.json")] == [[""], [""]]


def test_collections_inside_a_collection_become_sections(publisher, run_import, tmp_path) -> None:
    inner = recipes.collection(publisher)
    inner_url = publisher.put_json("/inner.json", inner)
    top = {"@context": recipes.P3, "id": publisher.url("/source.json"), "type": "Collection",
           "label": {"en": ["The museum"]},
           "items": [{"id": inner_url, "type": "Collection", "label": inner["label"]},
                     {"id": publisher.put_json("/rights.json", recipes.rights(publisher)), "type": "Manifest"}]}
    manifest, _ = imported(publisher, run_import, tmp_path, top)
    assert [(s["id"], len(s["exhibits"])) for s in manifest["sections"]] == [("the-museum", 1), ("sea-and-shore", 2)]


def test_a_version_2_manifest_is_upgraded(publisher, run_import, tmp_path) -> None:
    manifest, out = imported(publisher, run_import, tmp_path, recipes.version2(publisher))
    exhibit = only_exhibit(manifest)
    assert manifest["languages"] == ["en", "fr"]
    assert exhibit["title"] == {"en": "An anchor", "fr": "Une ancre"}
    assert exhibit["credit"] == "Attribution: Harbour Museum · CC0 1.0"
    assert exhibit["caption"] == "Wrought iron.\n\nWeight: 2 t"
    # A level-0 service: the largest of its listed sizes that fits 8000 pixels.
    assert publisher.asked("/iiif2/anchor/full/4000,2000/0/default.jpg") == [""]
    assert (out / exhibit["file"]).stat().st_size > 0


def test_progress_is_written_line_by_line_when_not_on_a_terminal(publisher, run_import, tmp_path) -> None:
    url = publisher.put_json("/book.json", recipes.book(publisher))
    outcome = run_import(url, tmp_path / "out")
    assert outcome.status == 0, outcome.err
    lines = [line for line in outcome.err.splitlines() if line.startswith("fetched")]
    assert "manifests" not in outcome.err  # one manifest: nothing to count
    assert lines[0] == "fetched 0 of 4 files (0 B)"
    assert lines[-1].startswith("fetched 4 of 4 files (")
    assert outcome.out.startswith(f"wrote {tmp_path / 'out'}: 1 section, 1 exhibit, 4 files (")


def test_a_sound_in_an_mp4_with_an_accompanying_picture(publisher, run_import, tmp_path) -> None:
    """0014: the sound is published as video/mp4; its accompanying canvas shows while it plays."""
    document = recipes.audio(publisher)
    item = document["items"][0]
    item["items"][0]["items"][0]["body"].update(
        id=publisher.put("/media/waves.mp4", MP4, "video/mp4"), format="video/mp4")
    item["accompanyingCanvas"] = recipes.canvas(publisher, "/0014/accompanying",
                                                recipes.picture(publisher, "/media/shingle.jpg"))
    manifest, out = imported(publisher, run_import, tmp_path, document)
    exhibit = only_exhibit(manifest)
    assert (exhibit["file"], exhibit["cover"]) == ("media/waves-on-shingle/waves-on-shingle.m4a",
                                                   "media/waves-on-shingle/waves-on-shingle-cover.jpg")
    assert (out / exhibit["cover"]).read_bytes() == publisher.files["/media/shingle.jpg"][0]


def test_a_manifest_with_nothing_to_show_says_why(publisher, run_import, tmp_path) -> None:
    document = recipes.audio(publisher)
    document["items"][0]["items"][0]["items"][0]["body"]["format"] = "application/dash+xml"
    url = publisher.put_json("/0002/manifest.json", document)
    outcome = run_import(url, tmp_path / "bundle")
    assert (outcome.status, outcome.err) == (1, (
        f"kiosk: error: {url} has nothing the kiosk can show (no image, sound or film) (the sound of "
        f"'waves-on-shingle/waves-on-shingle' ({publisher.url('/media/waves.ogg')}) is application/dash+xml, which "
        "the kiosk cannot play offline: left out)\n"))
    assert not (tmp_path / "bundle.partial").exists()


def test_a_collection_counts_its_manifests_as_they_arrive(publisher, run_import, tmp_path) -> None:
    outcome = run_import(publisher.put_json("/0032/collection.json", recipes.collection(publisher)), tmp_path / "out")
    assert outcome.status == 0, outcome.err
    lines = [line for line in outcome.err.splitlines() if line.startswith("fetched")]
    assert lines[:3] == ["fetched 0 of 2 manifests", "fetched 1 of 2 manifests", "fetched 2 of 2 manifests"]
    assert lines[3] == "fetched 0 of 5 files (0 B)"


def test_a_choice_gives_its_first_option_the_kiosk_plays(publisher, run_import, tmp_path) -> None:
    """0434: the same sound offered in several formats."""
    document = recipes.audio(publisher)
    annotation = document["items"][0]["items"][0]["items"][0]
    annotation["body"] = {"type": "Choice", "items": [
        {"id": publisher.url("/media/waves.alac"), "type": "Sound", "format": "audio/alac"}, annotation["body"]]}
    manifest, _ = imported(publisher, run_import, tmp_path, document)
    assert only_exhibit(manifest)["file"] == "media/waves-on-shingle/waves-on-shingle.ogg"
    assert publisher.asked("/media/waves.alac") == []
