"""What kind of file a bundle path names, by its extension and by its first bytes.

Codecs fail on site when a file is not what its name says (a PNG saved as .jpg, an HTML
error page saved as .mp4). Checking the magic bytes at validation time catches that on
the curator's laptop instead of on the kiosk.
"""

from __future__ import annotations

import re

KINDS: dict[str, tuple[str, ...]] = {
    "image": (".jpg", ".jpeg", ".png", ".webp", ".svg", ".tif", ".tiff"),
    "audio": (".mp3", ".ogg", ".opus", ".flac", ".wav", ".m4a"),
    "video": (".mp4", ".webm", ".mkv", ".mov"),
    "captions": (".vtt", ".srt"),
    "font": (".ttf", ".otf"),
}
KIND_NAMES = {"image": "an image", "audio": "a sound file", "video": "a video",
              "captions": "a captions file (WebVTT or SubRip)", "font": "a font"}
HEAD_BYTES = 4096

_ISO_BRANDS = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot")


def kind_of(path: str) -> str | None:
    """The kind of media a path's extension says it holds, if any."""
    suffix = path[path.rfind(".") :].lower() if "." in path.rsplit("/", 1)[-1] else ""
    return next((kind for kind, suffixes in KINDS.items() if suffix in suffixes), None)


def _is_mp3(head: bytes) -> bool:
    return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)


def _is_svg(head: bytes) -> bool:
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    return text.startswith("<") and re.search(r"<svg[\s>]", text) is not None


def _is_tiff(head: bytes) -> bool:
    """Classic TIFF (version 42) or BigTIFF (43), in either byte order."""
    return head[:4] in (b"II*\0", b"MM\0*", b"II+\0", b"MM\0+")


def _is_vtt(head: bytes) -> bool:
    text = head.removeprefix(b"\xef\xbb\xbf")
    return text.startswith(b"WEBVTT") and (len(text) == 6 or text[6:7] in (b" ", b"\t", b"\n", b"\r"))


def _is_srt(head: bytes) -> bool:
    """SubRip has no signature: its first cue is an index line and a timing line, or a timing line."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head[2:].decode("utf-16-le" if head[0] == 0xFF else "utf-16-be", "ignore")
    else:
        text = head.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "ignore")
    lines = [line.strip() for line in text.splitlines() if line.strip()][:2]
    if not lines:
        return False
    timing = lines[1] if lines[0].isdigit() and len(lines) > 1 else lines[0]
    return re.match(r"\d+:\d{1,2}:\d{1,2}[,.]\d{1,3}[ \t]*-->", timing) is not None


SNIFFERS = {
    ".jpg": lambda h: h.startswith(b"\xff\xd8\xff"),
    ".jpeg": lambda h: h.startswith(b"\xff\xd8\xff"),
    ".png": lambda h: h.startswith(b"\x89PNG\r\n\x1a\n"),
    ".webp": lambda h: h[:4] == b"RIFF" and h[8:12] == b"WEBP",
    ".svg": _is_svg,
    ".tif": _is_tiff,
    ".tiff": _is_tiff,
    ".mp3": _is_mp3,
    ".ogg": lambda h: h.startswith(b"OggS"),
    ".opus": lambda h: h.startswith(b"OggS") and b"OpusHead" in h[:128],
    ".flac": lambda h: h.startswith(b"fLaC"),
    ".wav": lambda h: h[:4] == b"RIFF" and h[8:12] == b"WAVE",
    ".m4a": lambda h: h[4:8] in _ISO_BRANDS,
    ".mp4": lambda h: h[4:8] in _ISO_BRANDS,
    ".mov": lambda h: h[4:8] in _ISO_BRANDS,
    ".webm": lambda h: h.startswith(b"\x1a\x45\xdf\xa3"),
    ".mkv": lambda h: h.startswith(b"\x1a\x45\xdf\xa3"),
    ".vtt": _is_vtt,
    ".srt": _is_srt,
    ".ttf": lambda h: h[:4] in (b"\x00\x01\x00\x00", b"true"),
    ".otf": lambda h: h[:4] in (b"OTTO", b"\x00\x01\x00\x00"),
}

_SIGNATURES = (
    (b"\xff\xd8\xff", "a JPEG image"), (b"\x89PNG", "a PNG image"), (b"GIF8", "a GIF image"),
    (b"fLaC", "a FLAC sound file"), (b"OggS", "an Ogg file"), (b"ID3", "an MP3 sound file"),
    (b"\x1a\x45\xdf\xa3", "a WebM/Matroska file"), (b"PK\x03\x04", "a zip archive"),
    (b"%PDF", "a PDF document"), (b"WEBVTT", "a WebVTT file"), (b"OTTO", "an OpenType font"),
)


def matches_content(path: str, head: bytes) -> bool:
    """Whether a file's first bytes are what its extension promises."""
    sniff = SNIFFERS.get(path[path.rfind(".") :].lower())
    return sniff is not None and bool(sniff(head))


def guess_content(head: bytes) -> str:
    """A best guess at what the bytes really are, for the error message."""
    for signature, name in _SIGNATURES:
        if head.startswith(signature):
            return name
    if head[:4] == b"RIFF":
        return {b"WEBP": "a WebP image", b"WAVE": "a WAV sound file"}.get(head[8:12], "a RIFF file")
    if head[4:8] in _ISO_BRANDS:
        return "an MP4/QuickTime file"
    if _is_svg(head):
        return "an SVG image"
    if _is_tiff(head):
        return "a TIFF image"
    sample = head[:512].lower()
    if b"<html" in sample or b"<!doctype html" in sample:
        return "an HTML page"
    if head and all(b in b"\t\n\r" or 32 <= b < 127 or b >= 128 for b in head[:512]):
        return "text"
    return "unknown data"


# -- the size a picture declares, from its first bytes --------------------------------------

MAX_PIXELS = 250_000_000
"""The most pixels a picture may declare: 250 megapixels (about 18,000x14,000) is more than a
kiosk ever shows, and a JPEG that large still decodes at a reduced size. A picture declaring
more (a header can claim 65,500x65,500 in a few hundred bytes) is refused before decoding."""
SIZE_HEAD_BYTES = 256 * 1024


def declared_size(head: bytes) -> tuple[int, int] | None:
    """(width, height) a JPEG, PNG, TIFF or WebP header declares, from the file's first bytes;
    None when they do not say (another format, or the size lies further in)."""
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR" and len(head) >= 24:
        return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    if head.startswith(b"\xff\xd8"):
        return _jpeg_size(head)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return _webp_size(head)
    if _is_tiff(head):
        return _tiff_size(head)
    return None


_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _jpeg_size(head: bytes) -> tuple[int, int] | None:
    """The frame header's size: markers are walked by their lengths up to the first SOFn."""
    at = 2
    while at + 4 <= len(head):
        if head[at] != 0xFF:
            return None
        marker = head[at + 1]
        if marker == 0xFF:
            at += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD9)):
            at += 2
            continue
        if marker in _JPEG_FRAMES:
            if at + 9 > len(head):
                return None
            return int.from_bytes(head[at + 7 : at + 9], "big"), int.from_bytes(head[at + 5 : at + 7], "big")
        at += 2 + int.from_bytes(head[at + 2 : at + 4], "big")
    return None


def _webp_size(head: bytes) -> tuple[int, int] | None:
    chunk = head[12:16]
    if chunk == b"VP8X" and len(head) >= 30:
        return int.from_bytes(head[24:27], "little") + 1, int.from_bytes(head[27:30], "little") + 1
    if chunk == b"VP8L" and len(head) >= 25:
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 " and len(head) >= 30:
        return int.from_bytes(head[26:28], "little") & 0x3FFF, int.from_bytes(head[28:30], "little") & 0x3FFF
    return None


def _tiff_size(head: bytes) -> tuple[int, int] | None:
    """ImageWidth (256) and ImageLength (257) of the first directory, classic or BigTIFF."""
    order = "little" if head[:2] == b"II" else "big"
    big = head[2:4] in (b"+\0", b"\0+")

    def number(at: int, length: int) -> int:
        return int.from_bytes(head[at : at + length], order)  # type: ignore[arg-type]

    directory = number(8, 8) if big else number(4, 4)
    count_size, entry_size, value_at = (8, 20, 12) if big else (2, 12, 8)
    if directory + count_size > len(head):
        return None
    found: dict[int, int] = {}
    entries = number(directory, count_size)
    for index in range(min(entries, 4096)):
        at = directory + count_size + index * entry_size
        if at + entry_size > len(head):
            break
        tag, kind = number(at, 2), number(at + 2, 2)
        if tag in (256, 257):
            found[tag] = number(at + value_at, 2 if kind == 3 else 4 if kind == 4 else 8 if kind == 16 else 0)
    if 256 in found and 257 in found:
        return found[256], found[257]
    return None


def too_many_pixels(size: tuple[int, int] | None) -> str | None:
    """The message for a declared size over `MAX_PIXELS`, else None."""
    if size is None or size[0] * size[1] <= MAX_PIXELS:
        return None
    return f"declares {size[0]}x{size[1]} pixels; at most {MAX_PIXELS // 1_000_000} megapixels are shown"
