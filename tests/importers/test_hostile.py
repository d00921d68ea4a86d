"""Sources that are broken or hostile end with one clear message naming the URL, no traceback,
and no folder that looks like a finished import; interrupted imports resume."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.bundle.validate import validate
from kiosk.importers import fetch
from tests.importers import recipes
from tests.importers.conftest import Importer, Publisher, jpeg


def one_picture(site: Publisher, url: str) -> dict[str, object]:
    body = {"id": url, "type": "Image", "format": "image/jpeg"}
    return recipes.manifest(site, "/m.json", {"en": ["Gone"]}, [recipes.canvas(site, "/m/c1", body)])


def self_collection(site: Publisher, *, with_manifest: bool) -> dict[str, object]:
    items: list[dict[str, object]] = [{"id": site.url("/loop.json"), "type": "Collection", "label": {"en": ["Again"]}}]
    if with_manifest:
        items.append({"id": site.put_json("/one.json", recipes.single_image(site)), "type": "Manifest"})
    return {"@context": recipes.P3, "id": site.url("/loop.json"), "type": "Collection", "label": {"en": ["Loop"]},
            "items": items}


def serve_case(site: Publisher, case: str) -> str:
    """The source URL of a hostile case, with what it needs on the server."""
    if case == "404 image":
        return site.put_json("/m.json", one_picture(site, site.url("/media/missing.jpg")))
    if case == "html image":
        site.put("/media/page.jpg", b"<!doctype html><title>Sign in</title>", "text/html")
        return site.put_json("/m.json", one_picture(site, site.url("/media/page.jpg")))
    if case == "file image":
        return site.put_json("/m.json", one_picture(site, "file:///etc/passwd"))
    if case == "not json":
        return site.put("/m.json", b"<!doctype html><p>Moved</p>", "text/html")
    if case == "not iiif":
        return site.put_json("/m.json", {"@context": recipes.P3, "type": "Canvas"})
    if case == "404 manifest":
        return site.url("/m.json")
    if case == "redirect to file":
        site.redirects["/m.json"] = "file:///etc/passwd"
        return site.url("/m.json")
    if case == "collection of itself":
        return site.put_json("/loop.json", self_collection(site, with_manifest=False))
    if case == "oversized json":
        return site.put_json("/m.json", {**recipes.single_image(site), "x-padding": "x" * 200_000})
    raise AssertionError(case)


HOSTILE = {
    "404 image": ("{base}/media/missing.jpg: the server answered 404 Not Found; it is the picture of 'gone/gone' "
                  "(check the address)"),
    "html image": ("{base}/media/page.jpg did not send an image: its first bytes are not of any kind the kiosk "
                   "reads; it is the picture of 'gone/gone' (check the address, or convert the file and add it by "
                   "hand)"),
    "file image": ("'file:///etc/passwd' is not an http:// or https:// address; it is the picture of 'gone/gone' "
                   "(the kiosk fetches IIIF documents and media over http(s) only)"),
    "not json": ("{base}/m.json is not a IIIF manifest or collection: it is not JSON (Expecting value at line 1, "
                 "column 1) (check the address: it should lead to a IIIF manifest's JSON)"),
    "not iiif": ("{base}/m.json is not a IIIF manifest or collection: its type is 'Canvas' (give the address of a "
                 "Presentation 3.0 manifest or collection, or of a 2.1 manifest)"),
    "404 manifest": "{base}/m.json: the server answered 404 Not Found (check the address)",
    "redirect to file": ("{base}/m.json: the server answered 302 Found - Redirection to url 'file:///etc/passwd' "
                         "is not allowed (check the address)"),
    "collection of itself": ("the collection {base}/loop.json lists no manifest the kiosk can import (give the "
                             "address of a collection that lists manifests)"),
    "oversized json": ("{base}/m.json is 0.2 MB; at most 0.1 MB are downloaded (a IIIF document may have at most "
                       "0.1 MB)"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_source_ends_with_a_clear_message(case: str, publisher: Publisher, run_import: Importer,
                                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch, "MAX_JSON_BYTES", 100_000)
    out = tmp_path / "bundle"
    outcome = run_import(serve_case(publisher, case), out, "--retries", "1")
    assert outcome.status == 1
    errors = [line for line in outcome.err.splitlines() if line.startswith("kiosk: error: ")]
    assert errors == ["kiosk: error: " + HOSTILE[case].format(base=publisher.base)]
    assert "Traceback" not in outcome.err
    assert not out.exists()
    assert not list(tmp_path.glob("*.partial/exhibition.yaml"))


def test_a_media_failure_keeps_what_arrived_and_says_how_to_go_on(publisher, run_import, tmp_path) -> None:
    document = recipes.book(publisher)
    page2, _ = publisher.files.pop("/media/book/page2.jpg")
    url = publisher.put_json("/0009/manifest.json", document)
    out = tmp_path / "bundle"
    first = run_import(url, out)
    assert first.status == 1
    assert first.err.splitlines()[-1] == (f"kiosk: 1 file could not be fetched; what arrived is kept in "
                                          f"{out}.partial: run the same command again to go on")
    assert not out.exists()
    publisher.put("/media/book/page2.jpg", page2, "image/jpeg")
    second = run_import(url, out)
    assert second.status == 0, second.err
    assert publisher.asked("/media/book/page1.jpg") == [""]  # fetched once, skipped the second time
    assert publisher.asked("/media/book/page2.jpg") == ["", ""]
    assert not (tmp_path / "bundle.partial").exists()
    assert sorted(p.name for p in out.rglob("*") if p.name.startswith(".")) == []
    assert validate(out).report.errors == []


def test_a_dropped_connection_resumes_where_it_stopped(publisher, run_import, tmp_path) -> None:
    big = jpeg(400, 300, "#336699") + b"\x00" * 50_000
    document = recipes.single_image(publisher)
    publisher.put("/media/lighthouse.jpg", big, "image/jpeg")
    publisher.drop_once["/media/lighthouse.jpg"] = 20_000
    outcome = run_import(publisher.put_json("/0001/manifest.json", document), tmp_path / "bundle")
    assert outcome.status == 0, outcome.err
    assert publisher.asked("/media/lighthouse.jpg") == ["", "bytes=20000-"]
    assert (tmp_path / "bundle/media/a-lighthouse-at-dusk/a-lighthouse-at-dusk.jpg").read_bytes() == big


def test_a_collection_that_contains_itself_is_imported_once(publisher, run_import, tmp_path) -> None:
    url = publisher.put_json("/loop.json", self_collection(publisher, with_manifest=True))
    outcome = run_import(url, tmp_path / "bundle")
    assert outcome.status == 0, outcome.err
    assert f"kiosk: note: items[0] of {url} is {url}, a collection that contains it: left out, so that the import " \
           "does not go round in a loop" in outcome.err.splitlines()
    assert publisher.asked("/loop.json") == [""]


def test_an_existing_folder_is_never_overwritten(publisher, run_import, tmp_path) -> None:
    out = tmp_path / "bundle"
    (out / "media").mkdir(parents=True)
    outcome = run_import(publisher.put_json("/0001/manifest.json", recipes.single_image(publisher)), out)
    assert outcome.status == 1
    assert outcome.err == f"kiosk: error: {out} already exists (give a new folder: the import makes it, whole or " \
                          "not at all)\n"
    assert publisher.requests == []


@pytest.mark.parametrize(("content", "message"), [
    (b"{not json", "is not a IIIF manifest or collection: it is not JSON (Expecting property name enclosed in "
                   "double quotes at line 1, column 2) (check the address: it should lead to a IIIF manifest's JSON)"),
    (b"[1, 2]", "is not a IIIF manifest or collection: its JSON is not an object (check the address: it should "
                "lead to a IIIF manifest's JSON)"),
])
def test_a_local_file_that_is_not_a_manifest(content: bytes, message: str, run_import, tmp_path) -> None:
    source = tmp_path / "manifest.json"
    source.write_bytes(content)
    outcome = run_import(str(source), tmp_path / "bundle")
    assert (outcome.status, outcome.err) == (1, f"kiosk: error: {source} {message}\n")


def test_a_local_manifest_fetches_its_media(publisher, run_import, tmp_path) -> None:
    source = tmp_path / "manifest.json"
    source.write_text(json.dumps(recipes.rights(publisher)), encoding="utf-8")
    outcome = run_import(str(source), tmp_path / "bundle")
    assert outcome.status == 0, outcome.err
    assert validate(tmp_path / "bundle").report.errors == []


def test_json_nested_without_end_is_refused(run_import, tmp_path) -> None:
    source = tmp_path / "deep.json"
    source.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    outcome = run_import(str(source), tmp_path / "bundle")
    assert (outcome.status, outcome.err) == (1, f"kiosk: error: {source} is not a IIIF manifest or collection: its "
                                                "JSON is nested too deeply to read (check the address: it should lead "
                                                "to a IIIF manifest's JSON)\n")


def test_a_media_file_over_the_limit_is_refused(publisher, run_import, tmp_path) -> None:
    document = recipes.single_image(publisher)
    publisher.put("/media/lighthouse.jpg", jpeg() + b"\x00" * 200_000, "image/jpeg")
    outcome = run_import(publisher.put_json("/0001/manifest.json", document), tmp_path / "bundle",
                         "--max-file-size", "100K")
    assert outcome.status == 1
    assert outcome.err.splitlines()[-2] == (
        f"kiosk: error: {publisher.url('/media/lighthouse.jpg')} is 0.2 MB; at most 0.1 MB are downloaded; it is the "
        "picture of 'a-lighthouse-at-dusk/a-lighthouse-at-dusk' (raise the limit with --max-file-size)")


def test_a_redirect_to_another_web_address_is_followed(publisher, run_import, tmp_path) -> None:
    publisher.put_json("/0001/manifest.json", recipes.single_image(publisher))
    publisher.redirects["/old/manifest"] = publisher.url("/0001/manifest.json")
    outcome = run_import(publisher.url("/old/manifest"), tmp_path / "bundle")
    assert outcome.status == 0, outcome.err
    assert validate(tmp_path / "bundle").report.errors == []


@pytest.mark.parametrize(("option", "message"), [
    (["--max-size", "10"], "argument --max-size: '10' is not a number of pixels from 64 to 65500"),
    (["--jobs", "0"], "argument --jobs: '0' is not a number of files from 1 to 32"),
])
def test_options_out_of_range_are_usage_errors(option: list[str], message: str, run_import, tmp_path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        run_import("manifest.json", tmp_path / "bundle", *option)
    assert stopped.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"kiosk import-iiif: error: {message}"


def test_the_real_command_ends_a_failed_import_without_a_traceback(publisher, tmp_path) -> None:
    """The `kiosk` program itself, as a curator runs it, on a manifest whose picture is gone."""
    url = publisher.put_json("/m.json", one_picture(publisher, publisher.url("/media/missing.jpg")))
    result = subprocess.run([sys.executable, "-m", "kiosk", "import-iiif", url, "-o", str(tmp_path / "bundle"),
                             "--retries", "0"], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"kiosk: error: {publisher.url('/media/missing.jpg')}: the server answered 404 Not Found" in result.stderr
    assert result.stdout == ""
