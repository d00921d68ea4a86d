"""Turning the manifest's YAML nodes into the model, finding every mistake on the way.

The walk is the shared reader's (`kiosk.declare.reader`), driven by the declaration in
`model.py`: field types say what each key must hold, `Annotated` rules say what else must be
true. A broken value is reported and left out, and the walk goes on, so one run reports every
structural mistake at once. This module adds what only a manifest has.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from kiosk.bundle.declare import (
    SLUG,
    ExhibitRef,
    InterfaceWords,
    Localized,
    MediaFile,
    Text,
)
from kiosk.bundle.findings import Report
from kiosk.bundle.model import EXHIBIT_TYPES, FORMAT_VERSION, Manifest
from kiosk.declare.nodes import position, scalar_value
from kiosk.declare.reader import INVALID, Problem, Reader, describe, expected, join, shorten
from kiosk.declare.rules import LANGUAGE, Pattern

MANIFEST = "exhibition.yaml"


@dataclass(frozen=True)
class Located:
    """A value of the manifest that later checks look at, with where it was written."""

    key: str
    value: Any
    line: int
    column: int
    kinds: tuple[str, ...] = ()


@dataclass
class LoadedManifest:
    manifest: Manifest | None
    files: list[Located] = field(default_factory=list)
    refs: list[Located] = field(default_factory=list)
    texts: list[Located] = field(default_factory=list)
    locations: dict[str, tuple[int, int]] = field(default_factory=dict)


def _expected(tp: Any) -> str:
    if isinstance(tp, type) and issubclass(tp, Localized):
        return "a text, or a map from language code to text"
    if tp is InterfaceWords:
        return "a map from language code to interface words"
    return expected(tp)


def slug_suggestion(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:64]


class ManifestReader(Reader):
    """Reads one manifest's node tree into a Manifest, reporting into `report`.

    The shared reader (`kiosk.declare.reader`) walks the declaration; this one adds what only
    a manifest has: texts in many languages, interface words, exhibits told apart by their
    `type`, and the media files and exhibit references that later checks look at.
    """

    def __init__(self, report: Report, filename: str = MANIFEST) -> None:
        super().__init__()
        self.report_to = report
        self.filename = filename
        self.loaded = LoadedManifest(None)

    # -- hooks of the shared reader -------------------------------------------------------

    def report(self, problem: Problem) -> None:
        self.report_to.error(problem.message, file=self.filename, line=problem.line, column=problem.column,
                             key=problem.key, hint=problem.hint)

    def located(self, path: str, node: yaml.Node) -> None:
        self.loaded.locations[path] = position(node)

    # -- entry point ----------------------------------------------------------------------

    def read(self, root: yaml.Node | None) -> LoadedManifest:
        if root is None:
            self.error(None, "", "the manifest is empty", "start from 'kiosk new' or FORMAT.md")
            return self.loaded
        if not isinstance(root, yaml.MappingNode):
            self.error(root, "", f"expected a map of keys at the top, got {describe(root)}",
                       "the manifest starts with 'format: 1', then 'id:', 'title:', ...")
            return self.loaded
        if not self._format_is_supported(root):
            return self.loaded
        manifest = self.convert(root, Manifest, "")
        self.loaded.manifest = None if manifest is INVALID else manifest
        return self.loaded

    def _format_is_supported(self, root: yaml.MappingNode) -> bool:
        for key_node, value_node in root.value:
            if key_node.value != "format":
                continue
            value = scalar_value(value_node) if isinstance(value_node, yaml.ScalarNode) else None
            if isinstance(value, int) and not isinstance(value, bool) and value < 1:
                self.error(value_node, "format", f"there is no format {value}",
                           f"write 'format: {FORMAT_VERSION}', the format this kiosk reads")
                return True  # the rest is read as format 1, so every other mistake is found too
            if isinstance(value, int) and not isinstance(value, bool) and value > FORMAT_VERSION:
                self.error(
                    value_node,
                    "format",
                    f"this bundle needs a newer kiosk (it is format {value}; "
                    f"this kiosk reads format {FORMAT_VERSION})",
                    "update the kiosk software, or ask for the bundle in format 1",
                )
                return False
        return True

    # -- the manifest's own value types ---------------------------------------------------

    def convert_other(self, node: yaml.Node, tp: Any, path: str) -> Any:
        if isinstance(tp, type) and issubclass(tp, Localized):
            return self._convert_localized(node, tp, path)
        if tp is InterfaceWords:
            return self._convert_interface(node, path)
        return self.convert_scalar(node, tp, path)

    def convert_union(self, node: yaml.Node, tp: Any, path: str) -> Any:
        options = [arg for arg in typing.get_args(tp) if arg is not type(None)]
        if len(options) == 1:
            return super().convert_union(node, tp, path)
        return self._convert_exhibit(node, path)

    def _convert_exhibit(self, node: yaml.Node, path: str) -> Any:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, path, f"expected an exhibit (a map of keys), got {describe(node)}")
            return INVALID
        type_node = next((v for k, v in node.value if k.value == "type"), None)
        names = ", ".join(EXHIBIT_TYPES)
        if type_node is None:
            self.error(node, path, "missing required key 'type'", f"one of: {names}")
            return INVALID
        kind = type_node.value if isinstance(type_node, yaml.ScalarNode) else None
        if kind not in EXHIBIT_TYPES:
            close = difflib.get_close_matches(str(kind), EXHIBIT_TYPES, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            message = (f"unknown exhibit type '{shorten(str(kind))}'" if kind is not None
                       else f"expected an exhibit type, got {describe(type_node)}")
            self.error(type_node, join(path, "type"), message, f"{hint}types are: {names}")
            return INVALID
        return self.convert_object(node, EXHIBIT_TYPES[kind], path)

    def _convert_localized(self, node: yaml.Node, tp: type[Localized], path: str) -> Any:
        self.located(path, node)
        if isinstance(node, yaml.ScalarNode) and scalar_value(node) is not None:
            value = tp({"": str(node.value)})
        elif isinstance(node, yaml.MappingNode) and node.value:
            values: dict[str, str] = {}
            for key_node, value_node in node.value:
                code = str(key_node.value)
                key = join(path, code)
                if code in values:
                    self.error(key_node, key, f"language '{code}' appears twice")
                elif not isinstance(value_node, yaml.ScalarNode) or scalar_value(value_node) is None:
                    self.error(value_node, key, f"expected a text, got {describe(value_node)}")
                else:
                    values[code] = str(value_node.value)
                    self.located(key, value_node)
            if not values:
                return INVALID
            value = tp(values)
        else:
            self.error(node, path, f"expected {_expected(tp)}, got {describe(node)}")
            return INVALID
        if isinstance(value, Text):
            line, column = position(node)
            self.loaded.texts.append(Located(path, value, line, column))
        return value

    def _convert_interface(self, node: yaml.Node, path: str) -> Any:
        """{language: {key: text or {category: text}}}: the shape only (interface_words.py checks the words)."""
        words: dict[str, dict[str, str | dict[str, str]]] = {}
        for code, table, key in self._map_items(node, path, "a map from language code to the words in it"):
            if not LANGUAGE.matches(code):
                self.error(node, key, f"'{shorten(code)}' is not {LANGUAGE.what}", LANGUAGE.hint)
                continue
            entries: dict[str, str | dict[str, str]] = {}
            for name, value, where in self._map_items(table, key, "a map from interface key to text"):
                if isinstance(value, yaml.MappingNode):
                    forms = {category: text for category, text_node, at in self._map_items(value, where, "")
                             if (text := self._word(text_node, at)) is not None}
                    if forms:
                        entries[name] = forms
                elif (text := self._word(value, where)) is not None:
                    entries[name] = text
            words[code] = entries
        return InterfaceWords(words)

    def _map_items(self, node: yaml.Node, path: str, what: str) -> Iterator[tuple[str, yaml.Node, str]]:
        """A map's (key, value node, key path), reporting a node that is no map and keys given twice."""
        self.located(path, node)
        if not isinstance(node, yaml.MappingNode):
            self.error(node, path, f"expected {what or 'a map'}, got {describe(node)}")
            return
        seen: set[str] = set()
        for key_node, value_node in node.value:
            name = str(key_node.value)
            key = join(path, name)
            if name in seen:
                self.error(key_node, key, f"'{name}' appears twice")
                continue
            seen.add(name)
            self.located(key, value_node)
            yield name, value_node, key

    def _word(self, node: yaml.Node, path: str) -> str | None:
        if isinstance(node, yaml.ScalarNode) and scalar_value(node) is not None:
            return str(node.value)
        self.error(node, path, f"expected a text, got {describe(node)}")
        return None

    def unknown_key_hint(self, name: str, cls: Any) -> str:
        known = [f.name for f in dataclasses.fields(cls)]
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        owners = [kind for kind, other in EXHIBIT_TYPES.items()
                  if name in {f.name for f in dataclasses.fields(other)}]
        if not close and owners and cls in EXHIBIT_TYPES.values():
            return f"'{name}' belongs to {' and '.join(owners)} exhibits; keys here: {', '.join(known)}"
        return super().unknown_key_hint(name, cls)

    # -- the manifest's own rules ---------------------------------------------------------

    def pattern_hint(self, rule: Pattern, value: str) -> str:
        hint = rule.hint
        if rule is SLUG and slug_suggestion(value):
            hint += f", for example '{slug_suggestion(value)}'"
        if rule.max_length and len(value) > rule.max_length:
            hint = f"at most {rule.max_length} characters; " + hint
        return hint

    def apply_other(self, rule: object, node: yaml.Node, value: Any, path: str) -> Any:
        line, column = position(node)
        if isinstance(rule, MediaFile):
            self.loaded.files.append(Located(path, value, line, column, rule.kinds))
        elif isinstance(rule, ExhibitRef):
            self.loaded.refs.append(Located(path, value, line, column))
        return value
