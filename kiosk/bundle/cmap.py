"""Which characters a font file has glyphs for, read from its character map without Qt.

`kiosk validate` runs without a display and imports no Qt, yet it should tell a curator
which characters of their texts no font can draw. An OpenType or TrueType file (.otf, .ttf,
or the first face of a .ttc collection) says so in its `cmap` table; this reads that table's
Unicode subtables (formats 4, 6, 12 and 13, the ones fonts carry for Unicode text) and
nothing else of the file. References: the OpenType specification's `cmap` chapter.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import BinaryIO

# (platform, encoding) pairs whose subtables map Unicode code points.
UNICODE_ENCODINGS = frozenset({(0, 0), (0, 1), (0, 2), (0, 3), (0, 4), (0, 6), (3, 1), (3, 10)})
SFNT_VERSIONS = (b"\x00\x01\x00\x00", b"OTTO", b"true")
MAX_TABLES = 512


class FontError(ValueError):
    """The file is not a font whose character map can be read; the message says why."""


def code_points(stream: BinaryIO) -> frozenset[int]:
    """Every code point the font maps to a glyph other than .notdef."""
    offset = _face_offset(stream)
    table = _cmap_table(stream, offset)
    found: set[int] = set()
    count = _unpack(">HH", table, 0)[1]
    seen_offsets: set[int] = set()
    for index in range(count):
        platform, encoding, sub_offset = _unpack(">HHI", table, 4 + 8 * index)
        if (platform, encoding) not in UNICODE_ENCODINGS or sub_offset in seen_offsets:
            continue
        seen_offsets.add(sub_offset)
        found.update(_subtable(table, sub_offset))
    if not found and count:
        raise FontError("its character map has no Unicode table")
    return frozenset(found)


def _face_offset(stream: BinaryIO) -> int:
    head = stream.read(16)
    if head[:4] == b"ttcf":
        if len(head) < 16:
            raise FontError("the collection's header is cut short")
        return int(struct.unpack(">I", head[12:16])[0])
    if head[:4] in SFNT_VERSIONS:
        return 0
    if head[:4] in (b"wOFF", b"wOF2"):
        raise FontError("it is a web font (WOFF); convert it to .ttf or .otf")
    raise FontError("it is not an OpenType or TrueType font")


def _cmap_table(stream: BinaryIO, offset: int) -> bytes:
    stream.seek(offset)
    header = stream.read(12)
    if len(header) < 12 or header[:4] not in SFNT_VERSIONS:
        raise FontError("its table directory is missing")
    tables = struct.unpack(">H", header[4:6])[0]
    if tables > MAX_TABLES:
        raise FontError("its table directory is damaged")
    directory = stream.read(16 * tables)
    for index in range(len(directory) // 16):
        tag, _checksum, table_offset, length = struct.unpack(">4sIII", directory[16 * index:16 * index + 16])
        if tag == b"cmap":
            stream.seek(table_offset)
            data = stream.read(length)
            if len(data) < length:
                raise FontError("its character map is cut short")
            return data
    raise FontError("it has no character map (cmap table)")


def _unpack(layout: str, data: bytes, at: int) -> tuple[int, ...]:
    try:
        return struct.unpack_from(layout, data, at)
    except struct.error as error:
        raise FontError("its character map is damaged") from error


def _subtable(table: bytes, at: int) -> Iterator[int]:
    kind = _unpack(">H", table, at)[0]
    if kind == 4:
        yield from _format4(table, at)
    elif kind == 6:
        first, count = _unpack(">HH", table, at + 6)
        glyphs = _unpack(f">{count}H", table, at + 10)
        yield from (first + i for i, glyph in enumerate(glyphs) if glyph)
    elif kind in (12, 13):
        groups = _unpack(">I", table, at + 12)[0]
        for index in range(groups):
            start, end, glyph = _unpack(">III", table, at + 16 + 12 * index)
            if kind == 12:
                # A group maps start..end to glyph, glyph+1, ...: only glyph 0 is .notdef.
                yield from range(start + (glyph == 0), min(end, 0x10FFFF) + 1)
            elif glyph:
                yield from range(start, min(end, 0x10FFFF) + 1)


def _format4(table: bytes, at: int) -> Iterator[int]:
    segments = _unpack(">H", table, at + 6)[0] // 2
    ends = _unpack(f">{segments}H", table, at + 14)
    starts = _unpack(f">{segments}H", table, at + 16 + 2 * segments)
    deltas = _unpack(f">{segments}h", table, at + 16 + 4 * segments)
    range_at = at + 16 + 6 * segments
    offsets = _unpack(f">{segments}H", table, range_at)
    for index in range(segments):
        start, end, delta, offset = starts[index], ends[index], deltas[index], offsets[index]
        if start > end or start == 0xFFFF:
            continue
        if offset == 0:
            # Glyph = (code + delta) mod 65536; only the code that lands on 0 is unmapped.
            yield from (code for code in range(start, end + 1) if (code + delta) & 0xFFFF)
            continue
        # idRangeOffset is relative to its own place in the array.
        first = range_at + 2 * index + offset
        glyphs = _unpack(f">{end - start + 1}H", table, first)
        yield from (start + i for i, glyph in enumerate(glyphs) if glyph)
