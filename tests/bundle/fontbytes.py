"""Tiny font files made in the test: a table directory and a `cmap` table, nothing else, which is
all the character-map reader looks at. They let the validator's glyph check be tested against a
"bundle font" for any script without shipping one."""

from __future__ import annotations

import struct
from collections.abc import Iterable


def format4(ranges: Iterable[tuple[int, int]], *, via_glyph_array: bool = False) -> bytes:
    """A format 4 subtable mapping each (first, last) range of BMP code points to glyphs 1, 2, ...
    With `via_glyph_array`, through idRangeOffset and the glyph array, glyph 0 left in each
    range's middle (an unmapped code point inside a segment)."""
    segments = [*ranges, (0xFFFF, 0xFFFF)]
    count = len(segments)
    ends = [last for _, last in segments]
    starts = [first for first, _ in segments]
    deltas: list[int] = []
    offsets: list[int] = []
    glyph_array: list[int] = []
    next_glyph = 1
    for index, (first, last) in enumerate(segments):
        if index == count - 1:
            deltas.append(1)
            offsets.append(0)
        elif via_glyph_array:
            deltas.append(0)
            # From this offset's own place to the glyphs of this segment in the array after it.
            offsets.append(2 * (count - index) + 2 * len(glyph_array))
            middle = (first + last) // 2
            for code in range(first, last + 1):
                glyph_array.append(0 if code == middle and last > first else next_glyph)
                next_glyph += 1
        else:
            deltas.append((next_glyph - first) % 0x10000)
            offsets.append(0)
            next_glyph += last - first + 1
    body = struct.pack(f">{count}H", *ends) + b"\0\0" + struct.pack(f">{count}H", *starts)
    body += struct.pack(f">{count}H", *deltas) + struct.pack(f">{count}H", *offsets)
    body += struct.pack(f">{len(glyph_array)}H", *glyph_array)
    header = struct.pack(">7H", 4, 14 + len(body), 0, 2 * count, 0, 0, 0)
    return header + body


def format12(ranges: Iterable[tuple[int, int]]) -> bytes:
    groups = list(ranges)
    body = b"".join(struct.pack(">III", first, last, 1 + i * 100) for i, (first, last) in enumerate(groups))
    return struct.pack(">HHIII", 12, 0, 16 + len(body), 0, len(groups)) + body


def font(*subtables: tuple[int, int, bytes], version: bytes = b"\x00\x01\x00\x00") -> bytes:
    """An sfnt with one table, `cmap`, holding (platform, encoding, subtable) records."""
    records = b""
    data = b""
    start = 4 + 8 * len(subtables)
    for platform, encoding, table in subtables:
        records += struct.pack(">HHI", platform, encoding, start + len(data))
        data += table
    cmap = struct.pack(">HH", 0, len(subtables)) + records + data
    directory = version + struct.pack(">HHHH", 1, 16, 0, 0)
    offset = len(directory) + 16
    directory += b"cmap" + struct.pack(">III", 0, offset, len(cmap))
    return directory + cmap


def covering(text: str) -> bytes:
    """A font whose character map covers exactly the characters of `text`."""
    points = sorted({ord(c) for c in text})
    bmp = [(p, p) for p in points if p < 0xFFFF]
    wide = [(p, p) for p in points]
    return font((3, 1, format4(bmp)), (3, 10, format12(wide)))


def collection(face: bytes) -> bytes:
    """A .ttc holding `face` once."""
    header = b"ttcf" + struct.pack(">HHII", 1, 0, 1, 16)
    shifted = bytearray(face)
    # The face's table offsets count from the start of the file, 16 bytes later now.
    tables = struct.unpack(">H", face[4:6])[0]
    for index in range(tables):
        at = 12 + 16 * index + 8
        struct.pack_into(">I", shifted, at, struct.unpack(">I", face[at:at + 4])[0] + 16)
    return header + bytes(shifted)
