"""The Qt-free reader of fonts' character maps: the formats fonts carry, the kiosk's own fonts,
and files that are not fonts, each with its exact message."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kiosk import paths
from kiosk.bundle.cmap import FontError, code_points
from tests.bundle import fontbytes

FONTS = paths.assets_dir() / "fonts"


def read(data: bytes) -> frozenset[int]:
    return code_points(io.BytesIO(data))


def test_format_4_with_deltas() -> None:
    data = fontbytes.font((3, 1, fontbytes.format4([(0x41, 0x43), (0x5D0, 0x5D1)])))
    assert sorted(read(data)) == [0x41, 0x42, 0x43, 0x5D0, 0x5D1]


def test_format_4_through_the_glyph_array_leaves_out_glyph_zero() -> None:
    data = fontbytes.font((0, 3, fontbytes.format4([(0x41, 0x45), (0x3042, 0x3042)], via_glyph_array=True)))
    assert sorted(read(data)) == [0x41, 0x42, 0x44, 0x45, 0x3042]  # 0x43 maps to .notdef


def test_format_12_reaches_beyond_the_basic_plane_and_a_collection_is_read_by_its_first_face() -> None:
    face = fontbytes.font((3, 10, fontbytes.format12([(0x20B9F, 0x20B9F), (0x1F600, 0x1F601)])), version=b"OTTO")
    assert sorted(read(face)) == [0x1F600, 0x1F601, 0x20B9F]
    assert read(fontbytes.collection(face)) == read(face)


def test_subtables_for_other_encodings_are_ignored() -> None:
    mac_roman = fontbytes.format4([(0x41, 0x41)])
    data = fontbytes.font((1, 0, mac_roman), (3, 1, fontbytes.format4([(0x5D0, 0x5D0)])))
    assert read(data) == {0x5D0}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"wOFF" + b"\0" * 40, "it is a web font (WOFF); convert it to .ttf or .otf"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "it is not an OpenType or TrueType font"),
        (b"OTTO\x00\x01", "its table directory is missing"),
        (b"\x00\x01\x00\x00" + b"\x00\x01" + b"\0" * 6 + b"glyf" + b"\0" * 12, "it has no character map (cmap table)"),
        (fontbytes.font((3, 1, fontbytes.format4([(0x41, 0x41)])))[:-6], "its character map is cut short"),
        (fontbytes.font((1, 0, fontbytes.format4([(0x41, 0x41)]))), "its character map has no Unicode table"),
    ],
    ids=["woff", "png", "short", "no-cmap", "cut", "mac-only"],
)
def test_what_is_not_a_readable_font_says_why(data: bytes, message: str) -> None:
    with pytest.raises(FontError) as raised:
        read(data)
    assert str(raised.value) == message


def test_a_damaged_subtable_is_a_font_error_not_a_crash() -> None:
    table = bytearray(fontbytes.format4([(0x41, 0x41)]))
    table[6:8] = (400).to_bytes(2, "big")  # 200 segments claimed, one there
    with pytest.raises(FontError, match="its character map is damaged"):
        read(fontbytes.font((3, 1, bytes(table))))


@pytest.mark.parametrize(
    ("name", "has", "lacks"),
    [
        ("NotoSans-Regular.ttf", "Aéßяω", "א直"),
        ("NotoSansHebrew-Regular.ttf", "שָׁלוֹם", "A直"),
        ("NotoSansArabic-Bold.ttf", "سلام", "直"),
        ("NotoSansCJKjp-Regular-Subset.otf", "直骨あア𠮟剝", "ק"),
        ("NotoSansCJKkr-Bold-Subset.otf", "한국어똠뷁", "ק"),
        ("NotoSansCJKtc-Regular-Subset.otf", "繁體臺灣", "ק"),
    ],
)
def test_the_kiosks_own_fonts(name: str, has: str, lacks: str) -> None:
    with Path(FONTS / name).open("rb") as stream:
        points = code_points(stream)
    assert {ord(c) for c in has} <= points
    assert not {ord(c) for c in lacks} & points
