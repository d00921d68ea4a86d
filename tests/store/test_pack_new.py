"""`kiosk pack` (validated, deterministic zips with checksums) and `kiosk new` (a valid,
commented starting bundle)."""

from __future__ import annotations

import hashlib
import os
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
import yaml

from kiosk.bundle.habits import first_heading
from kiosk.bundle.validate import validate
from kiosk.cli import main
from kiosk.store import RefusedError, Store, StoreError
from kiosk.store.pack import pack
from kiosk.store.template import new_bundle, sunrise
from tests.store.conftest import BUNDLE_FILES, BundleFactory, manifest, snapshot


@pytest.fixture(autouse=True)
def kiosk_speaks_every_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the template's texts: whether the kiosk has interface words in de or
    it (it will, issue 14) is tests/bundle/test_interface_words.py's concern."""
    monkeypatch.setattr("kiosk.bundle.interface_words.kiosk_catalogue", lambda code: code)

def test_pack_is_byte_identical_across_runs(make_folder: BundleFactory, tmp_path: Path) -> None:
    folder = make_folder("1.0")
    first = pack(folder, tmp_path / "one.zip").output.read_bytes()
    for path in folder.rglob("*"):
        os.utime(path, (1_700_000_000, 1_700_000_000))
    (folder / "media" / "dawn.jpg").chmod(0o600)
    second = pack(folder, tmp_path / "two.zip").output.read_bytes()
    assert first == second
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(
        pack(folder, tmp_path / "three.zip").output.read_bytes()).hexdigest()


def test_pack_writes_sorted_fixed_entries_with_checksums(make_folder: BundleFactory, tmp_path: Path) -> None:
    folder = make_folder("1.0", files={".DS_Store": b"junk", "checksums.sha256": b"stale"})
    before = snapshot(folder)
    result = pack(folder, tmp_path / "out.zip")
    assert snapshot(folder) == before, "the curator's folder is never changed"
    with zipfile.ZipFile(result.output) as archive:
        infos = archive.infolist()
        names = [info.filename for info in infos]
        assert names[-1] == "checksums.sha256"
        assert names[:-1] == sorted(names[:-1]) == BUNDLE_FILES
        assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert {info.external_attr >> 16 for info in infos} == {0o100644}
        stored = {info.filename for info in infos if info.compress_type == zipfile.ZIP_STORED}
        assert stored == {name for name in BUNDLE_FILES if name.startswith("media/")}
        listing = archive.read("checksums.sha256").decode()
        for name in names[:-1]:
            assert f"{hashlib.sha256(archive.read(name)).hexdigest()}  {name}\n" in listing
    checked = validate(result.output)
    assert checked.ok
    assert checked.report.findings == []
    assert Store().install(result.output).installed.files == 10


def test_pack_stores_a_file_that_deflate_would_make_look_like_a_zip_bomb(make_folder: BundleFactory,
                                                                         tmp_path: Path) -> None:
    folder = make_folder("1.0", files={"notes/silence.txt": bytes(3 * 1024 * 1024)})
    result = pack(folder, tmp_path / "out.zip")
    assert [f.message for f in result.warnings] == ["nothing in the manifest refers to this file"]
    with zipfile.ZipFile(result.output) as archive:
        assert archive.getinfo("notes/silence.txt").compress_type == zipfile.ZIP_STORED
        assert archive.getinfo("exhibition.yaml").compress_type == zipfile.ZIP_DEFLATED
    assert validate(result.output).ok


def test_pack_refuses_an_invalid_bundle(make_folder: BundleFactory, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    broken = manifest().replace("id: sample", "id: Sample").encode()
    folder = make_folder("1.0", files={"exhibition.yaml": broken})
    with pytest.raises(RefusedError):
        pack(folder, tmp_path / "out.zip")
    assert main(["pack", str(folder), "-o", str(tmp_path / "out.zip")]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[0].startswith(f"{folder}/exhibition.yaml:2:5: error: id: 'Sample' is not a valid")
    assert err == f"{folder}: invalid, 1 error; nothing was packed\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder.name]


def test_pack_refuses_to_write_into_the_bundle(make_folder: BundleFactory) -> None:
    folder = make_folder("1.0")
    with pytest.raises(StoreError, match="would be inside the bundle it packs"):
        pack(folder, folder / "self.zip")


def test_cli_pack_names_the_zip_after_the_bundle(make_folder: BundleFactory, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    folder = make_folder("2.5")
    monkeypatch.chdir(tmp_path)
    assert main(["pack", str(folder)]) == 0
    assert capsys.readouterr().out == "wrote sample-2.5.zip: 10 files with checksums.sha256, 2.5 kB\n"
    assert (tmp_path / "sample-2.5.zip").is_file()


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)],
                         ids=["umask-022", "umask-002", "umask-077"])
def test_pack_writes_a_zip_others_can_read_as_the_umask_allows(make_folder: BundleFactory, tmp_path: Path,
                                                                umask: int, mode: int) -> None:
    """A zip is made to be downloaded and copied: created like any new file, not privately."""
    if os.name != "posix":
        pytest.skip("file modes are POSIX")
    folder = make_folder()
    before = os.umask(umask)
    try:
        pack(folder, tmp_path / "out" / "bundle.zip")
    finally:
        os.umask(before)
    assert (tmp_path / "out" / "bundle.zip").stat().st_mode & 0o777 == mode
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["bundle.zip"]


# -- kiosk new -------------------------------------------------------------------------------


def test_new_writes_a_bundle_that_passes_strict_validation(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "Machines That Dream"
    assert main(["new", str(folder)]) == 0
    assert capsys.readouterr().out == (f"wrote the bundle 'machines-that-dream' in {folder}; change it, then "
                                       f"check it with 'kiosk validate --strict {folder}'\n")
    assert main(["validate", "--strict", str(folder)]) == 0
    assert capsys.readouterr().err == f"{folder}: valid, 0 errors, 0 warnings\n"
    assert main(["pack", str(folder), "-o", str(tmp_path / "dream.zip")]) == 0
    assert Store().install(tmp_path / "dream.zip").installed.label == "machines-that-dream@1"


def test_every_key_of_the_new_manifest_has_a_comment(tmp_path: Path) -> None:
    new_bundle(tmp_path / "b", title='A "quoted" title')
    text = (tmp_path / "b" / "exhibition.yaml").read_text()
    lines = text.splitlines()
    languages = set(yaml.safe_load(text)["languages"])

    def keys(node: yaml.Node) -> list[yaml.ScalarNode]:
        found: list[yaml.ScalarNode] = []
        if isinstance(node, yaml.MappingNode):
            is_text = {k.value for k, _ in node.value} <= languages
            for key, value in node.value:
                if not is_text:
                    found.append(key)
                found += keys(value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                found += keys(item)
        return found

    root = yaml.compose(text)
    assert root is not None
    found = keys(root)
    assert len(found) > 30
    for key in found:
        line = key.start_mark.line
        assert "#" in lines[line] or lines[line - 1].strip().startswith("#"), f"no comment for: {lines[line]}"
    assert yaml.safe_load(text)["title"] == {"en": 'A "quoted" title'}


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    assert main(["new", str(folder)]) == 1
    assert capsys.readouterr().err == (f"kiosk: error: {folder} is not empty (kiosk new writes only into a "
                                       "new or empty folder, so that nothing of yours is overwritten)\n")
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    (tmp_path / "file").write_text("x")
    assert main(["new", str(tmp_path / "file")]) == 1
    assert "exists and is not a folder" in capsys.readouterr().err


def test_the_starter_picture_is_a_real_png() -> None:
    data = sunrise(64, 36)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    position, chunks = 8, {}
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length:position + 12 + length])
        assert crc == zlib.crc32(kind + body)
        chunks[kind] = body
        position += 12 + length
    assert struct.unpack(">IIBB", chunks[b"IHDR"][:10]) == (64, 36, 8, 2)
    assert len(zlib.decompress(chunks[b"IDAT"])) == 36 * (1 + 64 * 3)
    assert list(chunks) == [b"IHDR", b"IDAT", b"IEND"]


def test_new_puts_the_title_in_the_first_language_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A title written in one language is not the title in the others: validate asks for them."""
    folder = tmp_path / "traum"
    assert main(["new", str(folder), "--title", "Maschinen, die träumen", "--lang", "de,en", "--lang", "fr"]) == 0
    text = (folder / "exhibition.yaml").read_text(encoding="utf-8")
    document = yaml.safe_load(text)
    assert document["languages"] == ["de", "en", "fr"]
    assert document["title"] == {"de": "Maschinen, die träumen"}
    assert document["subtitle"] == {"de": "Eine erste Ausstellung, bereit zum Ändern",
                                    "en": "A first exhibition, ready to change",
                                    "fr": "Une première exposition, prête à changer"}
    capsys.readouterr()
    assert main(["validate", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert out == (f"{folder}/exhibition.yaml:19:3: warning: title: no text in 'en', 'fr' (add 'en:', 'fr:' under "
                   "'title'; until then visitors who choose it read 'de')\n")
    assert err == f"{folder}: valid, 0 errors, 1 warning\n"


def test_new_never_writes_words_in_a_language_they_are_not_in(tmp_path: Path) -> None:
    """The template's own words exist in a few languages; another language's slot stays empty for
    the curator (and validate names each text), the words never stand in it."""
    new_bundle(tmp_path / "b", languages=["it", "fr"])
    document = yaml.safe_load((tmp_path / "b" / "exhibition.yaml").read_text(encoding="utf-8"))
    assert document["title"] == {"fr": "Mon exposition"}
    assert document["sections"][0]["summary"] == {"fr": "Là où commence l'exposition."}
    warnings = [f.message for f in validate(tmp_path / "b").report.findings]
    assert sorted(warnings) == ["no 'alt' text in 'it'"] * 2 + ["no text in 'it'"] * 9
    # In none of the template's languages, the words are given once, for every language.
    new_bundle(tmp_path / "c", languages=["it"])
    assert validate(tmp_path / "c").report.findings == []
    assert yaml.safe_load((tmp_path / "c" / "exhibition.yaml").read_text(encoding="utf-8"))["title"] == "My exhibition"


@pytest.mark.parametrize(
    ("languages", "message"),
    [
        ("e n", "kiosk: error: 'e n' is not a language code (use a BCP 47 code such as 'en', 'fr', 'ar', "
                "'zh-Hans' or 'pt-BR')\n"),
        ("en_GB", "kiosk: error: 'en_GB' is not a language code (use a BCP 47 code such as 'en', 'fr', 'ar', "
                  "'zh-Hans' or 'pt-BR')\n"),
        ("en,fr,en", "kiosk: error: the language 'en' is given twice (give each language once)\n"),
    ],
)
def test_new_refuses_a_wrong_language_code(tmp_path: Path, capsys: pytest.CaptureFixture[str], languages: str,
                                           message: str) -> None:
    assert main(["new", str(tmp_path / "b"), "--lang", languages]) == 1
    assert capsys.readouterr().err == message
    assert not (tmp_path / "b").exists()


def test_the_new_manifest_says_what_validate_checks_and_shows_no_title_twice(tmp_path: Path) -> None:
    new_bundle(tmp_path / "b", languages=["en", "fr", "es", "de"])
    text = (tmp_path / "b" / "exhibition.yaml").read_text(encoding="utf-8")
    # The same rule as the accessibility check: audio needs one of the two, video captions.
    assert "(audio needs captions or a transcript, video captions)" in text
    about = yaml.safe_load(text)["sections"][0]["exhibits"][1]
    assert set(about["body"]) == {"en", "fr", "es", "de"}
    for body in about["body"].values():
        assert first_heading(body) is None, body
    assert validate(tmp_path / "b").report.findings == []
