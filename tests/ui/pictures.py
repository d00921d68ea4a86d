"""Pictures as collections have them, made in the test: flat fields in a named colour space
(its ICC profile embedded by Qt's writers), 8- and 16-bit TIFFs, a TIFF of two pages, a JPEG
whose EXIF turns it, and CMYK JPEGs with and without a press profile.

Qt writes PNG, JPEG and TIFF with the QImage's colour space as an embedded ICC profile; what
Qt cannot write (a second TIFF page, an EXIF segment, a CMYK profile) is built here as bytes,
following the TIFF 6.0, JPEG/Exif and ICC.1 layouts.
"""

from __future__ import annotations

import itertools
import struct
from pathlib import Path

from PySide6.QtGui import QColor, QColorSpace, QImage, QImageReader, QImageWriter

SRGB = QColorSpace(QColorSpace.NamedColorSpace.SRgb)
D50 = (0.9642, 1.0, 0.8249)


def flat(size: tuple[int, int], rgb: tuple[int, int, int], *, bits: int = 8) -> QImage:
    """A flat field of `rgb`, 8 or 16 bits per channel."""
    image_format = QImage.Format.Format_RGBX64 if bits == 16 else QImage.Format.Format_RGB32
    image = QImage(*size, image_format)
    image.fill(QColor(*rgb))
    return image


def save(image: QImage, path: Path, space: QColorSpace | None = None) -> Path:
    """Write `image` in `space` (its profile embedded: checked by reading it back)."""
    if space is not None:
        image.setColorSpace(space)
    writer = QImageWriter(str(path))
    if path.suffix.lower() in (".jpg", ".jpeg"):
        writer.setQuality(100)
    if not writer.write(image):
        raise OSError(f"cannot write {path}: {writer.errorString()}")
    if space is not None:
        stored = QImageReader(str(path)).read().colorSpace()
        if stored != space and stored.iccProfile() != space.iccProfile():
            raise AssertionError(f"{path.name}: the profile was not embedded ({stored.description()!r})")
    return path


def stored_pixel(path: Path, x: int = 0, y: int = 0) -> QColor:
    """The numbers the file holds at (x, y), without any colour management."""
    image = QImageReader(str(path)).read()
    image.setColorSpace(QColorSpace())
    return image.pixelColor(x, y)


def in_srgb(space: QColorSpace, colour: QColor) -> tuple[int, int, int]:
    """Where `colour`, given in `space`, lands in sRGB, by Qt's own colour maths."""
    mapped = space.transformationToColorSpace(SRGB).map(colour).toRgb()
    return (mapped.red(), mapped.green(), mapped.blue())


def _tiff_entry(tag: int, kind: int, count: int, value: bytes) -> bytes:
    return struct.pack("<HHI", tag, kind, count) + value.ljust(4, b"\0")


def tiff_pages(path: Path, pages: list[tuple[tuple[int, int], tuple[int, int, int]]]) -> Path:
    """An uncompressed little-endian RGB TIFF with one flat page per (size, rgb), in order."""
    body = bytearray(b"II*\0\0\0\0\0")
    next_pointer = 4
    for (width, height), rgb in pages:
        pixels_at = len(body)
        body += bytes(rgb) * (width * height)
        bits_at = len(body)
        body += struct.pack("<3H", 8, 8, 8)
        if len(body) % 2:
            body += b"\0"
        ifd_at = len(body)
        struct.pack_into("<I", body, next_pointer, ifd_at)
        entries = [
            _tiff_entry(256, 4, 1, struct.pack("<I", width)),
            _tiff_entry(257, 4, 1, struct.pack("<I", height)),
            _tiff_entry(258, 3, 3, struct.pack("<I", bits_at)),
            _tiff_entry(259, 3, 1, struct.pack("<H", 1)),
            _tiff_entry(262, 3, 1, struct.pack("<H", 2)),
            _tiff_entry(273, 4, 1, struct.pack("<I", pixels_at)),
            _tiff_entry(277, 3, 1, struct.pack("<H", 3)),
            _tiff_entry(278, 4, 1, struct.pack("<I", height)),
            _tiff_entry(279, 4, 1, struct.pack("<I", width * height * 3)),
            _tiff_entry(284, 3, 1, struct.pack("<H", 1)),
        ]
        body += struct.pack("<H", len(entries)) + b"".join(entries)
        next_pointer = len(body)
        body += b"\0\0\0\0"
    path.write_bytes(bytes(body))
    return path


def with_exif_orientation(path: Path, orientation: int) -> Path:
    """Put an Exif APP1 segment saying `orientation` (1-8) right after the JPEG's SOI."""
    data = path.read_bytes()
    if not data.startswith(b"\xff\xd8"):
        raise ValueError(f"{path.name} is not a JPEG")
    ifd = struct.pack(">H", 1) + struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0) + b"\0\0\0\0"
    exif = b"Exif\0\0" + b"MM\0*" + struct.pack(">I", 8) + ifd
    path.write_bytes(data[:2] + b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif + data[2:])
    return path


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _padded(data: bytes) -> bytes:
    return data + b"\0" * (-len(data) % 4)


# Linear sRGB to CIE XYZ seen under D50 (the ICC connection space), Bradford-adapted.
_LINEAR_SRGB_TO_XYZ_D50 = ((0.4360747, 0.3850649, 0.1430804),
                           (0.2225045, 0.7168786, 0.0606169),
                           (0.0139322, 0.0971045, 0.7141733))


def cmyk_press_profile() -> QColorSpace:
    """A small CMYK output profile: an A2B0 lut16 whose 2x2x2x2 grid takes each ink corner to
    the XYZ of a paper white, a rich black and the inks in between (an idealised press)."""
    grid = bytearray()
    for cyan, magenta, yellow, black in itertools.product((0, 1), repeat=4):
        linear = ((1 - cyan) * (1 - black), (1 - magenta) * (1 - black), (1 - yellow) * (1 - black))
        for row in _LINEAR_SRGB_TO_XYZ_D50:
            value = sum(weight * channel for weight, channel in zip(row, linear, strict=True))
            grid += struct.pack(">H", min(65535, round(value * 32768)))
    identity_curve = struct.pack(">2H", 0, 65535)
    matrix = b"".join(_s15(1.0 if index % 4 == 0 else 0.0) for index in range(9))
    lut = (b"mft2" + b"\0" * 4 + bytes((4, 3, 2, 0)) + matrix + struct.pack(">HH", 2, 2)
           + identity_curve * 4 + bytes(grid) + identity_curve * 3)
    white = b"XYZ " + b"\0" * 4 + b"".join(_s15(v) for v in D50)
    name = b"Test press CMYK\0"
    description = b"desc" + b"\0" * 4 + struct.pack(">I", len(name)) + name + b"\0" * 8 + b"\0" * 3 + b"\0" * 67
    tags = [(b"desc", _padded(description)), (b"wtpt", white), (b"A2B0", _padded(lut))]
    data_at = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, tag in tags:
        table += signature + struct.pack(">II", data_at + len(data), len(tag))
        data += tag
    header = (struct.pack(">I", data_at + len(data)) + b"\0" * 4 + struct.pack(">I", 0x02100000)
              + b"prtrCMYKXYZ " + b"\0" * 12 + b"acsp" + b"\0" * 24 + struct.pack(">I", 0)
              + b"".join(_s15(v) for v in D50) + b"\0" * 48)
    space = QColorSpace.fromIccProfile(header + struct.pack(">I", len(tags)) + table + data)
    if not space.isValid() or space.colorModel() != QColorSpace.ColorModel.Cmyk:
        raise AssertionError("Qt did not take the test's CMYK profile")
    return space


def cmyk_jpeg(path: Path, size: tuple[int, int], inks: tuple[int, int, int, int],
              space: QColorSpace | None = None) -> Path:
    """A flat CMYK JPEG of `inks` (0-255 each), with `space`'s profile embedded if given."""
    image = QImage(*size, QImage.Format.Format_CMYK8888)
    image.bits()[:] = bytes(inks) * (size[0] * size[1])  # type: ignore[index]
    return save(image, path, space)
