"""The sample's words, one file per language: `texts/<code>.yaml`.

Each file has the same shape: the exhibition's texts at the top, then `sections` by id with
their `exhibits` by id (a gallery's `images` as a list, in order), then `cues`: the captions
of each film and piece of music, by exhibit id. A translator copies `en.yaml` and translates
the values; the keys stay. Every file must have exactly the keys of `en.yaml`, so a text
forgotten in one language stops the generator with the list of what is missing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from generator.common import HERE

TEXTS = HERE / "texts"
REFERENCE = "en"


class TextsError(Exception):
    """The texts of some language do not match the reference language's keys."""


def _paths(tree: Any, prefix: str = "") -> Iterator[str]:
    """Every leaf of a texts tree, as a dotted path (`sections.art.exhibits.dawn.title`)."""
    if isinstance(tree, Mapping):
        for key, value in tree.items():
            yield from _paths(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            yield from _paths(value, f"{prefix}[{index}]")
    else:
        yield prefix


def load(languages: tuple[str, ...], folder: Path = TEXTS) -> dict[str, dict[str, Any]]:
    """Every language's texts, checked against the reference language's keys."""
    trees: dict[str, dict[str, Any]] = {}
    for code in languages:
        path = folder / f"{code}.yaml"
        if not path.is_file():
            raise TextsError(f"{path}: missing; copy {REFERENCE}.yaml and translate it")
        tree = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(tree, dict):
            raise TextsError(f"{path}: expected a map of keys")
        trees[code] = tree
    reference = set(_paths(trees[REFERENCE]))
    problems: list[str] = []
    for code, tree in trees.items():
        paths = list(_paths(tree))
        have = set(paths)
        problems += [f"{code}.yaml: missing {path}" for path in sorted(reference - have)]
        problems += [f"{code}.yaml: {path} is not in {REFERENCE}.yaml" for path in sorted(have - reference)]
        problems += [f"{code}.yaml: {path} is empty" for path in paths if not _leaf(tree, path)]
    if problems:
        raise TextsError("\n".join(problems))
    return trees


def _leaf(tree: Any, path: str) -> bool:
    """Whether the value at `path` is a non-empty text."""
    node = tree
    for part in path.replace("[", ".[").split("."):
        node = node[int(part[1:-1])] if part.startswith("[") else node[part]
    return isinstance(node, str) and bool(node.strip())
