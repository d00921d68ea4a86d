"""TIFF, the usual format of a collection's master images, is an image kind: known by its
extension and its first bytes (classic and BigTIFF, either byte order)."""

from __future__ import annotations

import pytest

from kiosk.bundle import media
from kiosk.bundle.validate import validate
from tests.bundle.conftest import MANIFEST, BundleMaker

INTEL = b"II*\x00\x08\x00\x00\x00" + b"\x00" * 64
MOTOROLA = b"MM\x00*\x00\x00\x00\x08" + b"\x00" * 64
BIG_INTEL = b"II+\x00\x08\x00\x00\x00" + b"\x00" * 64
BIG_MOTOROLA = b"MM\x00+\x00\x08\x00\x00" + b"\x00" * 64


@pytest.mark.parametrize("name", ["master.tif", "MASTER.TIFF", "scans/plate 3.tiff"])
def test_tiff_names_an_image(name: str) -> None:
    assert media.kind_of(name) == "image"


@pytest.mark.parametrize(("head", "expected"), [
    (INTEL, True), (MOTOROLA, True), (BIG_INTEL, True), (BIG_MOTOROLA, True),
    (b"II\x00*\x08\x00\x00\x00", False), (b"MM*\x00\x00\x00\x00\x08", False),
    (b"\xff\xd8\xff\xe0", False), (b"", False),
])
def test_tiff_is_recognised_by_its_first_bytes(head: bytes, expected: bool) -> None:
    assert media.matches_content("plate.tif", head) is expected
    assert media.matches_content("plate.tiff", head) is expected


@pytest.mark.parametrize("head", [INTEL, MOTOROLA, BIG_INTEL, BIG_MOTOROLA])
def test_a_tiff_under_another_name_is_named_as_a_tiff(head: bytes) -> None:
    assert media.guess_content(head) == "a TIFF image"


def test_a_bundle_of_tiffs_validates_strictly(make_bundle: BundleMaker) -> None:
    manifest = (MANIFEST.replace("file: media/dawn.jpg", "file: media/dawn.tif")
                .replace("file: media/one.jpg", "file: media/one.TIFF")
                .replace("cover: media/cover.png", "cover: media/cover.tiff"))
    bundle = make_bundle(manifest, files={"media/dawn.tif": INTEL, "media/one.TIFF": BIG_MOTOROLA,
                                          "media/cover.tiff": MOTOROLA, "media/dawn.jpg": None,
                                          "media/one.jpg": None, "media/cover.png": None})
    assert [f.format() for f in validate(bundle).report.findings] == []


def test_a_jpeg_named_tif_is_refused_with_what_it_holds(make_bundle: BundleMaker) -> None:
    manifest = MANIFEST.replace("file: media/dawn.jpg", "file: media/dawn.tif")
    bundle = make_bundle(manifest, files={"media/dawn.tif": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64,
                                          "media/dawn.jpg": None})
    assert [f.format() for f in validate(bundle).report.errors] == [
        "exhibition.yaml:16:15: error: sections[0].exhibits[0].file: 'media/dawn.tif' is named .tif but holds "
        "a JPEG image (convert it, or give it the extension of what it holds)"]
