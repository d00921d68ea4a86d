"""Names in a zip as the tool that made it meant them: Info-ZIP's `zip` on Linux (and many other
tools) writes UTF-8 names without setting the archive's UTF-8 mark, which zipfile then reads as
code page 437; a bundle zipped that way must be as valid as the folder it came from."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from kiosk.bundle.source import ZipSource
from kiosk.bundle.validate import validate
from tests.bundle.conftest import FILES, MANIFEST

UTF8_NAME_FLAG = 0x800


def unmarked_zip(path: Path, entries: dict[str, bytes], raw_names: dict[str, bytes]) -> Path:
    """A zip whose entries in `raw_names` carry those bytes as their names, without the UTF-8
    mark, as Info-ZIP writes them: written under ASCII stand-ins of the same length, whose
    bytes are then replaced in the local headers and the central directory alike."""
    stand_ins = {name: f"media/{'x' * (len(raw) - len('media/.jpg'))}.jpg".encode() for name, raw in raw_names.items()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(stand_ins[name].decode() if name in stand_ins else name, data)
    content = path.read_bytes()
    for name, raw in raw_names.items():
        assert len(stand_ins[name]) == len(raw)
        assert content.count(stand_ins[name]) == 2
        content = content.replace(stand_ins[name], raw)
    path.write_bytes(content)
    with zipfile.ZipFile(path) as archive:
        assert not any(info.flag_bits & UTF8_NAME_FLAG for info in archive.infolist())
    return path


@pytest.mark.parametrize("name", ["media/犬吠埼 IMG_0412.jpg", "media/צופר-ערפל.jpg", "media/Dämmerung.jpg"])
def test_a_bundle_zipped_with_unmarked_utf8_names_is_valid(tmp_path: Path, name: str) -> None:
    entries = {"exhibition.yaml": MANIFEST.replace("media/dawn.jpg", name).encode(),
               **{(name if path == "media/dawn.jpg" else path): data for path, data in FILES.items()}}
    archive = unmarked_zip(tmp_path / "b.zip", entries, {name: name.encode()})
    with zipfile.ZipFile(archive) as plain:
        assert name not in plain.namelist(), "zipfile alone reads the name as code page 437"
    result = validate(archive)
    assert [finding.format() for finding in result.report.findings] == []
    with ZipSource.open(archive) as source:
        assert source.read(name) == FILES["media/dawn.jpg"]


def test_an_unmarked_name_that_is_not_utf8_stays_code_page_437(tmp_path: Path) -> None:
    name = "media/caf\x82.jpg".encode("latin-1")  # 'café' as DOS wrote it: 0x82 is 'é' in code page 437
    entries = {"exhibition.yaml": MANIFEST.replace("media/dawn.jpg", "media/café.jpg").encode(),
               **{("media/café.jpg" if path == "media/dawn.jpg" else path): data for path, data in FILES.items()}}
    archive = unmarked_zip(tmp_path / "b.zip", entries, {"media/café.jpg": name})
    result = validate(archive)
    assert [finding.format() for finding in result.report.findings] == []
