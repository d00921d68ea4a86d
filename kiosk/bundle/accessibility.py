"""Warnings about what some visitors would miss: pictures without alt text, sound without
captions or a transcript, captions missing in a language, and theme colours too faint to read.

They are warnings, reported by every `kiosk validate` run, because a bundle that lacks them
still plays; `--strict` makes them failures. Each hint says exactly what to add and where.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from kiosk.bundle.colour import contrast_ratio
from kiosk.bundle.declare import CaptionFiles, SoundFiles, Text
from kiosk.bundle.findings import Report
from kiosk.bundle.loader import MANIFEST, LoadedManifest
from kiosk.bundle.model import NARRATED, AudioExhibit, Manifest, VideoExhibit

MIN_TEXT_CONTRAST = 4.5
MIN_ACCENT_CONTRAST = 3.0
MARKDOWN_KEYS = ("body", "transcript")

# `![alt](path "title")`: the alt text, then the path up to a space or the closing bracket.
_MARKDOWN_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]*)")
# `![alt][label]`, `![alt][]` and `![alt]`, whose path a definition `[label]: path` gives.
_REFERENCE_IMAGE = re.compile(r"!\[([^\]]*)\](?:\[([^\]]*)\])?(?!\()")
_DEFINITION = re.compile(r"^ {0,3}\[([^\]]+)\]:[ \t]*<?([^\s>]*)", re.MULTILINE)
# `<img src="path" alt="...">`, quoted either way or not at all.
_HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_HTML_ATTRIBUTE = r"\b{}\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))"


def _label(text: str) -> str:
    """A reference label as Markdown matches it: case and runs of spaces do not count."""
    return " ".join(text.split()).casefold()


def _html_attribute(tag: str, name: str) -> str | None:
    found = re.search(_HTML_ATTRIBUTE.format(name), tag, re.IGNORECASE)
    return None if found is None else next(group for group in found.groups() if group is not None)


def markdown_pictures(markdown: str) -> list[tuple[str, str]]:
    """(alt text, path) of every picture in `markdown`, in order: inline (`![alt](path)`),
    by reference (`![alt][label]` with `[label]: path`) and HTML (`<img src=path alt=...>`),
    since the kiosk's Markdown reader shows all three."""
    found: list[tuple[int, str, str]] = [(match.start(), match.group(1), match.group(2))
                                         for match in _MARKDOWN_IMAGE.finditer(markdown)]
    definitions: dict[str, str] = {}
    for match in _DEFINITION.finditer(markdown):
        definitions.setdefault(_label(match.group(1)), match.group(2))
    for match in _REFERENCE_IMAGE.finditer(markdown):
        label = _label(match.group(2) or match.group(1))
        if label in definitions:
            found.append((match.start(), match.group(1), definitions[label]))
    for match in _HTML_IMAGE.finditer(markdown):
        source = _html_attribute(match.group(0), "src")
        if source is not None:
            found.append((match.start(), _html_attribute(match.group(0), "alt") or "", source))
    return [(alt, path) for _start, alt, path in sorted(found, key=lambda item: item[0])]


@dataclass(frozen=True)
class Picture:
    """A picture the manifest shows, with the alt text that speaks for it."""

    owner: str  # key of the section, exhibit or gallery image that holds it
    field: str  # the key naming the file: cover, file, poster or image
    file: str | None
    alt: Text | None
    noun: str  # how the hint names the picture
    holder: str  # how the hint names the owner


_NOUNS = {"cover": "cover", "poster": "poster"}
"""How a hint names an exhibit's picture by the key naming its file; any other is a "picture"."""


def pictures(manifest: Manifest) -> Iterator[Picture]:
    """Every picture shown to visitors, in manifest order."""
    for s, section in enumerate(manifest.sections):
        yield Picture(f"sections[{s}]", "cover", section.cover, section.alt, "cover", "section")
        for e, exhibit in enumerate(section.exhibits):
            key = f"sections[{s}].exhibits[{e}]"
            for shown in exhibit.pictures():
                owner, holder = (f"{key}.{shown.owner}", "image") if shown.owner else (key, "exhibit")
                yield Picture(owner, shown.key, shown.file, shown.alt, _NOUNS.get(shown.key, "picture"), holder)


def shown_ratio(ratio: float) -> str:
    """A contrast ratio as people read it, rounded down so that a failing one never shows the threshold."""
    return f"{math.floor(ratio * 100) / 100:.2f}:1"


def _quoted(codes: list[str]) -> str:
    return ", ".join(f"'{code}'" for code in codes)


def missing_languages(value: Text | CaptionFiles | SoundFiles, languages: tuple[str, ...]) -> list[str]:
    """The bundle's languages a per-language map leaves out (none for a value given once)."""
    if not value.is_per_language:
        return []
    return [code for code in languages if code not in value.values]


def caption_path_for(values: dict[str, str], language: str) -> str:
    """The path a caption file in `language` would most likely have, following the others' naming."""
    for code, path in values.items():
        for before, after in ((".", "."), ("/", "/"), ("-", "."), ("_", ".")):
            token = f"{before}{code}{after}"
            if token in path:
                head, _, tail = path.rpartition(token)
                return f"{head}{before}{language}{after}{tail}"
    path = next(iter(values.values()))
    if path.lower().endswith(".vtt"):
        return f"{path[:-4]}.{language}.vtt"
    stem, dot, suffix = path.rpartition(".")
    if dot and suffix.lower() in ("ogg", "opus", "mp3", "m4a", "wav", "flac", "oga", "aac"):
        return f"{stem}.{language}.{suffix}"
    return f"{path}.{language}.vtt"


class AccessibilityChecker:
    """Adds the accessibility warnings of one loaded manifest to a report."""

    def __init__(self, loaded: LoadedManifest, report: Report) -> None:
        self.loaded = loaded
        self.report = report

    def _at(self, key: str) -> dict[str, object]:
        line, column = self.loaded.locations.get(key, (None, None))
        return {"file": MANIFEST, "line": line, "column": column, "key": key}

    def run(self, manifest: Manifest) -> None:
        self._check_pictures(manifest)
        self._check_sound(manifest)
        self._check_caption_languages(manifest)
        self._check_narration(manifest)
        self._check_markdown_pictures()
        self._check_theme(manifest)

    def _check_pictures(self, manifest: Manifest) -> None:
        for picture in pictures(manifest):
            if picture.file is not None and picture.alt is None:
                self.report.warning(
                    f"the {picture.noun} has no 'alt' text",
                    hint=f"add 'alt:' to this {picture.holder}, saying what the {picture.noun} shows, "
                    "for people who cannot see it",
                    **self._at(f"{picture.owner}.{picture.field}"))
            elif picture.file is None and picture.alt is not None:
                self.report.warning(
                    f"'alt' describes no picture: this {picture.holder} has no '{picture.field}'",
                    hint=f"add '{picture.field}:', or remove 'alt'", **self._at(f"{picture.owner}.alt"))

    def _check_sound(self, manifest: Manifest) -> None:
        for s, section in enumerate(manifest.sections):
            for e, exhibit in enumerate(section.exhibits):
                where = self._at(f"sections[{s}].exhibits[{e}]")
                if isinstance(exhibit, VideoExhibit) and exhibit.captions is None:
                    self.report.warning("a video without captions",
                                        hint="add 'captions:' with a WebVTT or SubRip file in each language, so that "
                                        "people who cannot hear it can follow", **where)
                if isinstance(exhibit, AudioExhibit) and exhibit.captions is None and exhibit.transcript is None:
                    self.report.warning("audio without captions or a transcript",
                                        hint="add 'transcript:' (everything it says or plays) or 'captions:' "
                                        "(a WebVTT or SubRip file in each language), so that people who cannot hear it "
                                        "can follow", **where)

    def _check_caption_languages(self, manifest: Manifest) -> None:
        languages = manifest.languages
        for located in self.loaded.files:
            value = located.value
            if not isinstance(value, CaptionFiles) or located.key.endswith(".narration_captions"):
                continue  # a narration's captions follow its recordings' languages (`_check_narration`)
            missing = missing_languages(value, languages)
            if missing:
                files = ", ".join(f"'{code}: {caption_path_for(value.values, code)}'" for code in missing)
                shown = languages[0] if languages[0] in value.values else next(iter(value.values))
                self.report.warning(
                    f"no captions in {_quoted(missing)}",
                    hint=f"add {files} under '{located.key.rpartition('.')[2]}', a WebVTT or SubRip file in that "
                    "language; "
                    f"until then visitors who choose it see the '{shown}' captions",
                    **self._at(located.key))
            for code in sorted(value.languages - set(languages)):
                self.report.warning(f"'{code}' is not one of the bundle's languages",
                                    hint="add it to 'languages', or remove these captions",
                                    **self._at(f"{located.key}.{code}"))

    def _check_narration(self, manifest: Manifest) -> None:
        """Recorded narration: one per language, each with captions for whoever cannot hear it."""
        languages = manifest.languages
        narrated = {code for _section, exhibit in manifest.exhibits()
                    if isinstance(exhibit, NARRATED) and exhibit.narration is not None
                    for code in exhibit.narration.languages}
        for s, section in enumerate(manifest.sections):
            for e, exhibit in enumerate(section.exhibits):
                if not isinstance(exhibit, NARRATED):
                    continue
                key = f"sections[{s}].exhibits[{e}]"
                narration, captions = exhibit.narration, exhibit.narration_captions
                if narration is None:
                    if captions is not None:
                        self.report.warning("'narration_captions' without a narration",
                                            hint="add 'narration:' with the recording, or remove 'narration_captions'",
                                            **self._at(f"{key}.narration_captions"))
                    continue
                where = self._at(f"{key}.narration")
                if not narration.is_per_language and len(languages) > 1:
                    self.report.warning(
                        f"one narration for all {len(languages)} languages",
                        hint="give one recording per language, as a map ('"
                        + "', '".join(f"{code}: ..." for code in languages[:2])
                        + "'): read aloud plays this one whatever language the visitor chose", **where)
                # A language narrated nowhere is the curator's choice (a machine voice reads it); one
                # narrated elsewhere but not here is a recording forgotten.
                missing = [code for code in missing_languages(narration, languages) if code in narrated]
                if missing:
                    files = ", ".join(f"'{code}: {caption_path_for(narration.values, code)}'" for code in missing)
                    self.report.warning(
                        f"no narration in {_quoted(missing)}, although other exhibits have one",
                        hint=f"add {files} under 'narration'; until then visitors who choose it hear the "
                        "kiosk's machine voice here, where it has one for that language ('kiosk doctor' lists them)",
                        **where)
                for code in sorted(narration.languages - set(languages)):
                    self.report.warning(f"'{code}' is not one of the bundle's languages",
                                        hint="add it to 'languages', or remove this narration",
                                        **self._at(f"{key}.narration.{code}"))
                if captions is None:
                    self.report.warning(
                        "a narration without captions",
                        hint="add 'narration_captions:' with a WebVTT or SubRip file in each language, so that "
                        "people who cannot hear it can follow", **where)
                elif captions.is_per_language:
                    uncaptioned = [code for code in narration.values if code and code not in captions.values]
                    if uncaptioned:
                        files = ", ".join(f"'{code}: {caption_path_for(captions.values, code)}'"
                                          for code in uncaptioned)
                        self.report.warning(
                            f"the narration in {_quoted(uncaptioned)} has no captions",
                            hint=f"add {files} under 'narration_captions', so that people who cannot hear it "
                            "can follow", **self._at(f"{key}.narration_captions"))

    def _check_markdown_pictures(self) -> None:
        for text in self.loaded.texts:
            if text.key.rpartition(".")[2] not in MARKDOWN_KEYS:
                continue
            for code, markdown in text.value.values.items():
                for alt, path in markdown_pictures(markdown):
                    if alt.strip():
                        continue
                    language = f"in '{code}', " if code else ""
                    self.report.warning(
                        f"{language}the picture '{path}' in the Markdown has no alt text",
                        hint=f"write what it shows between the square brackets: '![what it shows]({path})'",
                        **self._at(f"{text.key}.{code}" if code else text.key))

    def _check_theme(self, manifest: Manifest) -> None:
        theme = manifest.theme
        text = contrast_ratio(theme.foreground, theme.background)
        if text < MIN_TEXT_CONTRAST:
            self.report.warning(
                f"foreground {theme.foreground} on background {theme.background} has a contrast of "
                f"{shown_ratio(text)}",
                hint=f"text needs at least {MIN_TEXT_CONTRAST}:1 to be readable: lighten the foreground "
                "or darken the background (or the other way round)",
                **self._at("theme.foreground"))
        accent = contrast_ratio(theme.accent, theme.background)
        if accent < MIN_ACCENT_CONTRAST:
            self.report.warning(
                f"accent {theme.accent} on background {theme.background} has a contrast of {shown_ratio(accent)}",
                hint=f"the accent colours text (the selected item, links) and needs at least "
                f"{MIN_ACCENT_CONTRAST:g}:1: make it lighter or darker until it stands out from the background",
                **self._at("theme.accent"))
