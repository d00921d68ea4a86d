"""The sample's manifest and caption files, written from `layout.yaml` and the texts of every language.

`layout.yaml` holds what does not depend on language: ids, types, files, durations, links.
`texts/<code>.yaml` holds the words. The manifest joins them into language maps
(`title: {en: ..., fr: ...}`), in one fixed key order, so that it reads like a hand-written
one; the WebVTT files join each film's and piece's cue times (`cues.py`) with its words.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from generator import texts as texts_module
from generator import yamlout
from generator.common import (
    HERE,
    NARRATION_LANGUAGES,
    THEME_ACCENT,
    THEME_BACKGROUND,
    THEME_FOREGROUND,
    Output,
    narration_path,
    save_text,
)
from generator.cues import TIMINGS, webvtt

LAYOUT = HERE / "layout.yaml"
MANIFEST = "exhibition.yaml"

TOP_ORDER = ("format", "id", "version", "title", "subtitle", "description", "languages", "theme", "attract",
             "sections")
SECTION_ORDER = ("id", "title", "summary", "cover", "alt", "exhibits")
EXHIBIT_ORDER = ("id", "type", "title", "duration", "file", "cover", "poster", "image", "caption", "alt", "credit",
                 "captions", "related", "transcript", "body", "narration", "narration_captions", "images")
IMAGE_ORDER = ("file", "caption", "alt", "credit")

HEADER = """\
# Sample bundle: an archive of WIPO's online exhibition on AI and IP.
# Written by ../generate_ai_and_ip.py from generator/layout.yaml and the texts of each
# language in generator/texts/; edit those and run it again (`--only texts` takes a second).
# Every picture, sound and caption file is made by the same script.
"""


class LayoutError(Exception):
    """`layout.yaml` and the texts do not fit together."""


def _ordered(values: dict[str, Any], order: tuple[str, ...], where: str) -> dict[str, Any]:
    unknown = [key for key in values if key not in order]
    if unknown:
        raise LayoutError(f"{where}: keys {unknown} have no place in the manifest's key order")
    return {key: values[key] for key in order if key in values}


def _localized(trees: Mapping[str, Mapping[str, Any]], languages: tuple[str, ...],
               skip: tuple[str, ...] = ()) -> dict[str, dict[str, str]]:
    """The text keys of one node in every language: {key: {language: text}}."""
    reference = trees[languages[0]]
    return {key: {code: trees[code][key] for code in languages}
            for key, value in reference.items() if key not in skip and isinstance(value, str)}


def _node(trees: Mapping[str, Any], languages: tuple[str, ...], key: str, where: str) -> dict[str, Any]:
    nodes = {}
    for code in languages:
        node = trees[code].get(key) if isinstance(trees[code], Mapping) else None
        if not isinstance(node, Mapping):
            raise LayoutError(f"{where}: texts/{code}.yaml has no '{key}'")
        nodes[code] = node
    return nodes


def build(layout: Mapping[str, Any], trees: Mapping[str, Any]) -> dict[str, Any]:
    """The manifest's data: the layout with every text in every language."""
    languages = tuple(layout["languages"])
    top: dict[str, Any] = {key: value for key, value in layout.items() if key != "sections"}
    top["theme"] = {"background": THEME_BACKGROUND, "foreground": THEME_FOREGROUND, "accent": THEME_ACCENT,
                    **layout.get("theme", {})}
    top.update(_localized(trees, languages, skip=("sections", "cues")))
    section_trees = _node(trees, languages, "sections", "texts")
    sections = []
    for section in layout["sections"]:
        sid = section["id"]
        node = _node(section_trees, languages, sid, f"section '{sid}'")
        exhibit_trees = _node(node, languages, "exhibits", f"section '{sid}'")
        values = {**section, **_localized(node, languages, skip=("exhibits",))}
        values["exhibits"] = [_exhibit(exhibit, _node(exhibit_trees, languages, exhibit["id"], f"{sid}/{exhibit['id']}"),
                                       languages, f"{sid}/{exhibit['id']}") for exhibit in section["exhibits"]]
        unused = set(exhibit_trees[languages[0]]) - {exhibit["id"] for exhibit in section["exhibits"]}
        if unused:
            raise LayoutError(f"section '{sid}': texts for exhibits {sorted(unused)} that layout.yaml lacks")
        sections.append(_ordered(values, SECTION_ORDER, f"section '{sid}'"))
    unused = set(section_trees[languages[0]]) - {section["id"] for section in layout["sections"]}
    if unused:
        raise LayoutError(f"texts for sections {sorted(unused)} that layout.yaml lacks")
    top["sections"] = sections
    return _ordered(top, TOP_ORDER, "the top level")


def _exhibit(layout: Mapping[str, Any], trees: Mapping[str, Any], languages: tuple[str, ...],
             where: str) -> dict[str, Any]:
    values: dict[str, Any] = {key: value for key, value in layout.items() if key not in ("captions", "images")}
    values.update(_localized(trees, languages, skip=("images",)))
    if "captions" in layout:
        pattern = layout["captions"]
        if "{lang}" not in pattern:
            raise LayoutError(f"{where}: 'captions' must contain {{lang}}, as in 'captions/film.{{lang}}.vtt'")
        values["captions"] = {code: pattern.format(lang=code) for code in languages}
    if layout.get("type") == "text":
        narrated = [code for code in NARRATION_LANGUAGES if code in languages]
        values["narration"] = {code: narration_path(where, code, "ogg") for code in narrated}
        values["narration_captions"] = {code: narration_path(where, code, "vtt") for code in narrated}
    if "images" in layout:
        image_trees = {code: trees[code].get("images", []) for code in languages}
        if any(len(items) != len(layout["images"]) for items in image_trees.values()):
            raise LayoutError(f"{where}: the texts need one entry under 'images' per picture of layout.yaml")
        values["images"] = [
            _ordered({**image, **_localized({code: image_trees[code][i] for code in languages}, languages)},
                     IMAGE_ORDER, f"{where} image {i + 1}")
            for i, image in enumerate(layout["images"])
        ]
    return _ordered(values, EXHIBIT_ORDER, where)


def _before(path: str, index: int) -> list[str]:
    """A rule before each section, a blank line between exhibits: the manifest's landmarks."""
    if path == "sections":
        return ["  # " + "-" * 72] if index == 0 else ["", "  # " + "-" * 72]
    if path.startswith("sections[") and path.endswith("].exhibits") and index > 0:
        return [""]
    return []


def render(layout: Mapping[str, Any], trees: Mapping[str, Any]) -> str:
    return yamlout.dump(build(layout, trees), header=HEADER, flow=frozenset({"languages"}), before=_before)


def caption_files(layout: Mapping[str, Any], trees: Mapping[str, Any]) -> dict[str, str]:
    """Every caption file: bundle path -> WebVTT text."""
    languages = tuple(layout["languages"])
    files: dict[str, str] = {}
    for section in layout["sections"]:
        for exhibit in section["exhibits"]:
            if "captions" not in exhibit:
                continue
            spans = TIMINGS.get(exhibit["id"])
            if spans is None:
                raise LayoutError(f"{section['id']}/{exhibit['id']}: cues.TIMINGS has no cue times for it")
            for code in languages:
                words = trees[code].get("cues", {}).get(exhibit["id"])
                if not isinstance(words, list):
                    raise LayoutError(f"texts/{code}.yaml: no 'cues: {exhibit['id']}:' list")
                files[exhibit["captions"].format(lang=code)] = webvtt(spans, words)
    return files


def load_layout(path: Path = LAYOUT) -> dict[str, Any]:
    layout = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(layout, dict):
        raise LayoutError(f"{path}: expected a map of keys")
    return layout


def task_texts(out: Output) -> list[str]:
    """Write the manifest and every caption file."""
    layout = load_layout()
    trees = texts_module.load(tuple(layout["languages"]))
    written = [save_text(out, MANIFEST, render(layout, trees))]
    for rel, text in caption_files(layout, trees).items():
        written.append(save_text(out, rel, text))
    return written
