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
