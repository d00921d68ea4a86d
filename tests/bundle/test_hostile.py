"""Whatever the input, validation reports and never raises."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest

from kiosk.bundle.validate import validate
from tests.bundle.conftest import FILES, MANIFEST, BundleMaker


def first_error(path: Path) -> str:
    result = validate(path)
    assert not result.ok
    return result.report.sorted()[0].format()


BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n" for i in range(8)
)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "exhibition.yaml: error: the manifest is empty (start from 'kiosk new' or FORMAT.md)"),
        (b"\x00\x01\x02\xff binary", "exhibition.yaml:1: error: this is binary data, not a YAML text "
         "(exhibition.yaml must be text)"),
        (b"title: caf\xe9\n", "exhibition.yaml:1:11: error: byte 0xe9 is not UTF-8 text (save the manifest as UTF-8)"),
        (b"- just\n- a list\n", "exhibition.yaml:1:1: error: expected a map of keys at the top, got a list "
         "(the manifest starts with 'format: 1', then 'id:', 'title:', ...)"),
        (b"format: 1\nsections: [\n", "exhibition.yaml:3:1: error: YAML syntax: did not find expected node content"),
        (BILLION_LAUGHS.encode(), "exhibition.yaml:6:4: error: aliases expand the manifest to more than "
         "1,000,000 values (use fewer nested aliases (*name))"),
        (b"a: &a [*a]\n", "exhibition.yaml:1:4: error: an alias refers to a value that contains it"),
        (b"a: " + b"[" * 200 + b"]" * 200, "exhibition.yaml:1:"),
        (b"a: !!binary aGVsbG8=\n", "exhibition.yaml:1:4: error: YAML tag '!!binary' is not allowed "
         "(remove the tag: the manifest holds only text, numbers, lists and maps)"),
        (b"a: !custom 3\n", "exhibition.yaml:1:4: error: YAML tag '!custom' is not allowed"),
        (b"format: 1\n---\nformat: 1\n", "exhibition.yaml:2:1: error: YAML syntax: the manifest holds more than one "
         "YAML document"),
        (b"format: 1\n\ttitle: x\n", "exhibition.yaml:2:1: error: YAML syntax:"),
    ],
)
def test_malformed_manifests(make_bundle: BundleMaker, content: bytes, expected: str) -> None:
    assert first_error(make_bundle(content)).startswith(expected)


def test_a_huge_manifest_is_refused_unread(make_bundle: BundleMaker) -> None:
    huge = MANIFEST + "x-padding: '" + "x" * (5 * 1024 * 1024) + "'\n"
    assert first_error(make_bundle(huge)) == (
        f"exhibition.yaml: error: the manifest is {len(huge.encode()):,} bytes; at most 4,194,304 are read")


@pytest.mark.parametrize("seed", range(40))
def test_random_damage_never_raises(make_bundle: BundleMaker, seed: int) -> None:
    rng = random.Random(seed)
    data = bytearray(MANIFEST.encode())
    for _ in range(rng.randint(1, 8)):
        position = rng.randrange(len(data))
        action = rng.choice(("flip", "delete", "insert"))
        if action == "flip":
            data[position] = rng.randrange(256)
        elif action == "delete":
            del data[position : position + rng.randint(1, 20)]
        else:
            data[position:position] = rng.choice([b": ", b"- ", b"\n  ", b"[", b"{", b"&a", b"*a", b"!!", b"\t"])
    result = validate(make_bundle(bytes(data)))
    assert all(f.message for f in result.report.findings)


def write_zip(path: Path, entries: list[tuple[str, bytes]], *, mode: int | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if mode is not None and name.endswith(".lnk.jpg"):
                info.external_attr = mode << 16
            archive.writestr(info, data)
    return path


def bundle_entries(prefix: str = "") -> list[tuple[str, bytes]]:
    return [(prefix + "exhibition.yaml", MANIFEST.encode())] + [(prefix + k, v) for k, v in FILES.items()]


def test_a_zip_with_the_bundle_at_its_root_or_in_one_folder_is_valid(tmp_path: Path) -> None:
    for prefix in ("", "my bundle/"):
        archive = write_zip(tmp_path / f"b{len(prefix)}.zip", bundle_entries(prefix))
        result = validate(archive)
        assert result.ok, [f.format() for f in result.report.findings]
        assert result.report.findings == []


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ([("../evil.jpg", b"x")], "../evil.jpg: error: points outside the bundle ('..') "
         "(entries must stay inside the bundle)"),
        ([("/etc/evil.jpg", b"x")], "/etc/evil.jpg: error: has an absolute path (entries must be relative to the bundle)"),
        ([("C:/evil.jpg", b"x")], "C:/evil.jpg: error: has an absolute path"),
        ([("media\\..\\..\\evil.jpg", b"x")], "media\\..\\..\\evil.jpg: error: has a backslash in its name"),
        ([("media/dawn.jpg", b"\xff\xd8\xff again")], "media/dawn.jpg: error: appears twice in the archive "
         "(rebuild the zip so each file is in it once)"),
        ([("bomb.bin", b"\0" * (20 * 1024 * 1024))], "bomb.bin: error: expands"),
    ],
)
def test_hostile_zip_entries_are_refused_by_name(tmp_path: Path, extra: list[tuple[str, bytes]], expected: str) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name we write on purpose
        archive = write_zip(tmp_path / "hostile.zip", bundle_entries() + extra)
    lines = [f.format() for f in validate(archive).report.errors]
    assert any(line.startswith(expected) for line in lines), lines


def test_a_symlink_entry_is_refused(tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "link.zip", [*bundle_entries(), ("media/x.lnk.jpg", b"/etc/passwd")],
                        mode=0o120777)
    assert "media/x.lnk.jpg: error: is a symbolic link (zip the file itself, not a link to it)" in [
        f.format() for f in validate(archive).report.errors]


def test_an_encrypted_entry_is_refused(tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "enc.zip", bundle_entries())
    data = bytearray(archive.read_bytes())
    # set the "encrypted" flag bit on the first central-directory entry
    central = data.index(b"PK\x01\x02")
    data[central + 8] |= 0x1
    archive.write_bytes(bytes(data))
    assert "exhibition.yaml: error: is encrypted (zip the bundle without a password)" in [
        f.format() for f in validate(archive).report.errors]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p.write_bytes(b"PK\x03\x04 this is not really a zip"),
         "error: not a readable zip archive"),
        (lambda p: p.write_bytes(write_zip(p, bundle_entries()).read_bytes()[:300]),
         "error: not a readable zip archive"),
        (lambda p: write_zip(p, [("a/exhibition.yaml", MANIFEST.encode()), ("b/exhibition.yaml", b"x")]),
         "error: the archive has several top-level folders (a, b) (put exhibition.yaml at the zip's root, "
         "or everything inside one folder)"),
        (lambda p: write_zip(p, [("readme.txt", b"hello")]),
         "error: no exhibition.yaml at the archive's root or in its single top-level folder"),
    ],
)
def test_broken_archives(tmp_path: Path, make, expected: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "broken.zip"
    make(path)
    result = validate(path)
    assert not result.ok
    assert expected in result.report.errors[0].format(result.prefix)


def test_findings_in_a_zip_name_the_archive(tmp_path: Path) -> None:
    entries = [(n, d if n != "exhibition.yaml" else MANIFEST.replace("id: sample", "id: Sample").encode())
               for n, d in bundle_entries()]
    result = validate(write_zip(tmp_path / "named.zip", entries))
    assert result.report.errors[0].format(result.prefix) == (
        f"{tmp_path}/named.zip!/exhibition.yaml:2:5: error: id: 'Sample' is not a valid id "
        "(use lowercase letters, digits and hyphens, starting with a letter or digit, for example 'sample')")


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"media/a\\b.jpg": b"\xff\xd8\xff"},
         "media/a\\b.jpg: error: has a backslash in its name (rename it: on Windows a backslash separates folders)"),
        ({"media/\x1b]0;owned\x07.jpg": b"\xff\xd8\xff"},
         "media/\\x1b]0;owned\\x07.jpg: error: has a control character in its name "
         "(rename it without control characters)"),
        ({"media/caf\u00e9.jpg": b"\xff\xd8\xff", "media/cafe\u0301.jpg": b"\xff\xd8\xff"},
         "media/caf\u00e9.jpg: error: has the same name as 'media/cafe\u0301.jpg' written in another Unicode form "
         "(NFC/NFD) (rename one of them: most disks and the kiosk treat the two names as one)"),
    ],
    ids=["backslash", "escape-sequence", "nfc-nfd-twins"],
)
def test_a_folder_s_odd_names_are_refused_by_validate_and_install_alike(
        make_bundle: BundleMaker, files: dict[str, bytes], expected: str) -> None:
    from kiosk.store import RefusedError, Store

    folder = make_bundle(files=files)
    validated = [finding.format() for finding in validate(folder).report.errors]
    with pytest.raises(RefusedError) as refused:
        Store().install(folder)
    installed = [line.removeprefix(f"{folder}/") for line in refused.value.lines()]
    assert expected in validated, validated
    assert expected in installed, installed
    assert not any("\x1b" in line or "\x07" in line for line in validated + installed)
