"""Characters of a bundle's texts that no font the kiosk will have can draw.

A kiosk may run on a machine with no fonts but its own: whatever the shipped fonts
(assets/fonts) and the bundle's own (`theme.font`, `theme.fonts`) do not cover shows as an
empty box. `kiosk validate` and `kiosk preview` warn once per language, naming the
characters and a Noto family that has them, so the curator can add it under `theme.fonts`
before a visitor sees a box. The system's fonts do not count: the kiosk cannot rely on them.

Coverage comes from the fonts' character maps (kiosk.bundle.cmap), read without Qt. Each
character is reported under the first language whose texts hold it, so a name given once for
all languages is not listed six times.
"""

from __future__ import annotations

import functools
import io
import logging
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path

from kiosk import paths
from kiosk.bundle import media, webvtt
from kiosk.bundle.cmap import FontError, code_points
from kiosk.bundle.declare import CaptionFiles, Text
from kiosk.bundle.findings import Finding, Report, Severity
from kiosk.bundle.loader import MANIFEST, LoadedManifest
from kiosk.bundle.model import Manifest
from kiosk.bundle.source import BundleSource
from kiosk.bundle.writing import noto_family

log = logging.getLogger("kiosk.bundle")

SHOWN = 8  # characters named in one finding
NOT_DRAWN = frozenset({"Cc", "Cf", "Cs", "Zs", "Zl", "Zp"})

Locations = Mapping[str, tuple[int | None, int | None]]


def drawn(character: str) -> bool:
    """A character that needs a glyph: not a space, a control, a format mark or a variation selector."""
    point = ord(character)
    if 0xFE00 <= point <= 0xFE0F or 0xE0100 <= point <= 0xE01EF:
        return False
    return unicodedata.category(character) not in NOT_DRAWN


@functools.cache
def _font_coverage(path: Path) -> frozenset[int]:
    try:
        with path.open("rb") as stream:
            return code_points(stream)
    except (OSError, FontError) as error:
        log.warning("cannot read which characters %s has: %s", path.name, error)
        return frozenset()


def shipped_coverage() -> frozenset[int]:
    """Every code point the kiosk's own fonts draw."""
    folder = paths.assets_dir() / "fonts"
    files = sorted(folder.glob("*.[ot]tf")) if folder.is_dir() else []
    return frozenset().union(*(_font_coverage(path) for path in files))


def texts_by_language(manifest: Manifest, read: Callable[[str], bytes]) -> dict[str, list[str]]:
    """What visitors may read in each language: the manifest's texts and the captions' cues."""
    languages = manifest.languages
    texts: dict[str, list[str]] = {language: [] for language in languages}
    captions: dict[str, set[str]] = {language: set() for language in languages}
    for value in _localized(manifest):
        if isinstance(value, Text):
            for language in languages:
                texts[language].append(value.get(language, languages))
        elif isinstance(value, CaptionFiles):
            for language in languages:
                captions[language].add(value.get(language, languages))
    for language, files in captions.items():
        for path in sorted(files):
            if not path.lower().endswith(".vtt"):
                continue
            try:
                cues, _problems = webvtt.parse(read(path).decode("utf-8", errors="replace"))
            except (OSError, KeyError):
                continue  # a missing or unreadable file is reported by the file checks
            texts[language] += [cue.text for cue in cues]
    return texts


def glyph_findings(manifest: Manifest, read: Callable[[str], bytes], locations: Locations | None = None) -> list[Finding]:
    """One warning per language whose texts hold characters no font the kiosk has can draw."""
    locations = locations or {}
    findings: list[Finding] = []
    covered = set(shipped_coverage())
    theme = manifest.theme
    bundle_fonts = [(key, path) for key, path in [("theme.font", theme.font),
                                                  *((f"theme.fonts[{i}]", p) for i, p in enumerate(theme.fonts))]
                    if path]
    for key, path in bundle_fonts:
        try:
            data = read(path)
            covered |= code_points(io.BytesIO(data))
        except (OSError, KeyError):
            continue  # a missing file is reported by the file checks
        except FontError as error:
            if not media.matches_content(path, data[:media.HEAD_BYTES]):
                continue  # not a font at all: the file checks say what it holds
            line, column = locations.get(key, (None, None))
            findings.append(Finding(Severity.WARNING, f"the kiosk cannot tell which characters '{path}' has: {error}",
                                    file=MANIFEST, line=line, column=column, key=key,
                                    hint="use a .ttf or .otf font file"))
    reported: set[str] = set()
    for index, (language, texts) in enumerate(texts_by_language(manifest, read).items()):
        missing = sorted({c for text in texts for c in text
                          if c not in reported and ord(c) not in covered and drawn(c)})
        if not missing:
            continue
        reported.update(missing)
        key = f"languages[{index}]"
        findings.append(_missing_finding(language, missing, key, locations.get(key, (None, None))))
    return findings


def _missing_finding(language: str, missing: list[str], key: str, at: tuple[int | None, int | None]) -> Finding:
    shown = ", ".join(f"'{c}'" if c.isprintable() else f"U+{ord(c):04X}" for c in missing[:SHOWN])
    more = ", …" if len(missing) > SHOWN else ""
    count = f"{len(missing)} character{'s' * (len(missing) != 1)}"
    verb = "have" if len(missing) != 1 else "has"
    families = list(dict.fromkeys(family for family in (noto_family(c, language) for c in missing) if family))
    example = f", e.g. {' or '.join(families[:3])}," if families else ""
    return Finding(Severity.WARNING,
                   f"{count} of '{language}' {verb} no glyph in the kiosk's fonts or the bundle's: {shown}{more}",
                   file=MANIFEST, line=at[0], column=at[1], key=key,
                   hint=f"add a font that covers them{example} under theme.fonts")


def check_glyphs(source: BundleSource, loaded: LoadedManifest, report: Report) -> None:
    """The validator's entry (BundleChecker.run): the findings of `glyph_findings`, added to `report`."""
    if loaded.manifest is None:
        return
    for finding in glyph_findings(loaded.manifest, source.read, loaded.locations):
        report.add(finding)


def _localized(manifest: Manifest) -> list[Text | CaptionFiles]:
    """Every text and captions value of a manifest (dataclasses and tuples walked into, without
    recursion: a 5,000-exhibit manifest has some 400,000 values)."""
    found: list[Text | CaptionFiles] = []
    stack: list[object] = [manifest]
    while stack:
        value = stack.pop()
        fields = getattr(type(value), "__dataclass_fields__", None)
        if fields is not None:
            stack.extend(getattr(value, name) for name in fields)
        elif isinstance(value, (tuple, list)):
            stack.extend(value)
        elif isinstance(value, (Text, CaptionFiles)):
            found.append(value)
    return found
