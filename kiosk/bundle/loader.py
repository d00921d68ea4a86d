"""Turning the manifest's YAML nodes into the model, finding every mistake on the way.

The walk is driven by the declaration in `model.py`: field types say what each key must
hold, `Annotated` rules say what else must be true. A broken value is reported and left
out, and the walk goes on, so one run reports every structural mistake at once.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import math
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from kiosk.bundle.declare import (
    LANGUAGE,
    SLUG,
    ExhibitRef,
    InterfaceWords,
    Localized,
    MediaFile,
    NonEmpty,
    Pattern,
    Positive,
    Text,
    field_doc,
    is_required,
)
from kiosk.bundle.findings import Report
from kiosk.bundle.model import EXHIBIT_TYPES, FORMAT_VERSION, Manifest
from kiosk.bundle.yamlnodes import position, scalar_value

MANIFEST = "exhibition.yaml"


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()


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


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a map of keys"
    value = scalar_value(node)  # type: ignore[arg-type]
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{node.value}' (true/false)"
    if isinstance(value, (int, float)):
        return f"the number {node.value}"
    return f"the text '{_shorten(str(node.value))}'"


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _expected(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _expected(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_expected(arg) for arg in typing.get_args(tp) if arg is not type(None))
    if origin is tuple:
        return "a list"
    if dataclasses.is_dataclass(tp):
        return "a map of keys"
    if isinstance(tp, type) and issubclass(tp, Localized):
        return "a text, or a map from language code to text"
    if tp is InterfaceWords:
        return "a map from language code to interface words"
    return {str: "a text", int: "a whole number", float: "a number"}.get(tp, str(tp))


@functools.cache
def _declared(cls: Any) -> tuple[dict[str, dataclasses.Field[Any]], dict[str, Any]]:
    """A dataclass's fields and resolved type hints, computed once per class."""
    return {f.name: f for f in dataclasses.fields(cls)}, typing.get_type_hints(cls, include_extras=True)


def slug_suggestion(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:64]


class ManifestReader:
    """Reads one manifest's node tree into a Manifest, reporting into `report`."""

    def __init__(self, report: Report, filename: str = MANIFEST) -> None:
        self.report = report
        self.filename = filename
        self.loaded = LoadedManifest(None)

    # -- findings -------------------------------------------------------------------------

    def _error(self, node: yaml.Node | None, key: str, message: str, hint: str = "") -> None:
        line, column = position(node) if node is not None else (None, None)
        self.report.error(
            message, file=self.filename, line=line, column=column, key=key, hint=hint
        )

    # -- entry point ----------------------------------------------------------------------

    def read(self, root: yaml.Node | None) -> LoadedManifest:
        if root is None:
            self._error(None, "", "the manifest is empty", "start from 'kiosk new' or FORMAT.md")
            return self.loaded
        if not isinstance(root, yaml.MappingNode):
            self._error(root, "", f"expected a map of keys at the top, got {_describe(root)}",
                        "the manifest starts with 'format: 1', then 'id:', 'title:', ...")
            return self.loaded
        if not self._format_is_supported(root):
            return self.loaded
        manifest = self._convert(root, Manifest, "")
        self.loaded.manifest = None if manifest is INVALID else manifest
        return self.loaded

    def _format_is_supported(self, root: yaml.MappingNode) -> bool:
        for key_node, value_node in root.value:
            if key_node.value != "format":
                continue
            value = scalar_value(value_node) if isinstance(value_node, yaml.ScalarNode) else None
            if isinstance(value, int) and not isinstance(value, bool) and value < 1:
                self._error(value_node, "format", f"there is no format {value}",
                            f"write 'format: {FORMAT_VERSION}', the format this kiosk reads")
                return True  # the rest is read as format 1, so every other mistake is found too
            if isinstance(value, int) and not isinstance(value, bool) and value > FORMAT_VERSION:
                self._error(
                    value_node,
                    "format",
                    f"this bundle needs a newer kiosk (it is format {value}; "
                    f"this kiosk reads format {FORMAT_VERSION})",
                    "update the kiosk software, or ask for the bundle in format 1",
                )
                return False
        return True

    # -- the walk -------------------------------------------------------------------------

    def _convert(self, node: yaml.Node, tp: Any, path: str) -> Any:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            base, *rules = typing.get_args(tp)
            value = self._convert(node, base, path)
            if value is not INVALID:
                for rule in rules:
                    value = self._apply(rule, node, value, path)
            return value
        if origin in (typing.Union, types.UnionType):
            return self._convert_union(node, tp, path)
        if origin is typing.Literal:
            return self._convert_literal(node, tp, path)
        if origin is tuple:
            return self._convert_list(node, typing.get_args(tp)[0], path)
        if dataclasses.is_dataclass(tp):
            return self._convert_object(node, tp, path)
        if isinstance(tp, type) and issubclass(tp, Localized):
            return self._convert_localized(node, tp, path)
        if tp is InterfaceWords:
            return self._convert_interface(node, path)
        return self._convert_scalar(node, tp, path)

    def _convert_scalar(self, node: yaml.Node, tp: type, path: str) -> Any:
        self.loaded.locations[path] = position(node)
        if not isinstance(node, yaml.ScalarNode):
            self._error(node, path, f"expected {_expected(tp)}, got {_describe(node)}")
            return INVALID
        value = scalar_value(node)
        if tp is str:
            if value is None:
                self._error(node, path, "expected a text, got nothing", "write a value or remove the key")
                return INVALID
            return str(node.value)
        if tp is int and isinstance(value, int) and not isinstance(value, bool):
            return value
        if tp is float and isinstance(value, (int, float)) and not isinstance(value, bool):
            try:
                return float(value)
            except OverflowError:  # a whole number with hundreds of digits; the rules refuse it
                return math.inf
        self._error(node, path, f"expected {_expected(tp)}, got {_describe(node)}")
        return INVALID

    def _convert_literal(self, node: yaml.Node, tp: Any, path: str) -> Any:
        choices = typing.get_args(tp)
        if isinstance(node, yaml.ScalarNode) and node.value in choices:
            return node.value
        self._error(node, path, f"expected {' or '.join(map(repr, choices))}, got {_describe(node)}")
        return INVALID

    def _convert_union(self, node: yaml.Node, tp: Any, path: str) -> Any:
        options = [arg for arg in typing.get_args(tp) if arg is not type(None)]
        optional = len(options) < len(typing.get_args(tp))
        if optional and isinstance(node, yaml.ScalarNode) and scalar_value(node) is None:
            return None
        if len(options) == 1:
            return self._convert(node, options[0], path)
        return self._convert_exhibit(node, path)

    def _convert_exhibit(self, node: yaml.Node, path: str) -> Any:
        if not isinstance(node, yaml.MappingNode):
            self._error(node, path, f"expected an exhibit (a map of keys), got {_describe(node)}")
            return INVALID
        type_node = next((v for k, v in node.value if k.value == "type"), None)
        names = ", ".join(EXHIBIT_TYPES)
        if type_node is None:
            self._error(node, path, "missing required key 'type'", f"one of: {names}")
            return INVALID
        kind = type_node.value if isinstance(type_node, yaml.ScalarNode) else None
        if kind not in EXHIBIT_TYPES:
            close = difflib.get_close_matches(str(kind), EXHIBIT_TYPES, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            message = (f"unknown exhibit type '{_shorten(str(kind))}'" if kind is not None
                       else f"expected an exhibit type, got {_describe(type_node)}")
            self._error(type_node, _join(path, "type"), message, f"{hint}types are: {names}")
            return INVALID
        return self._convert_object(node, EXHIBIT_TYPES[kind], path)

    def _convert_list(self, node: yaml.Node, item_type: Any, path: str) -> Any:
        self.loaded.locations[path] = position(node)
        if not isinstance(node, yaml.SequenceNode):
            self._error(node, path, f"expected a list, got {_describe(node)}",
                        "write each item on its own line after '- '")
            return INVALID
        items = (self._convert(child, item_type, f"{path}[{i}]") for i, child in enumerate(node.value))
        return tuple(item for item in items if item is not INVALID)

    def _convert_localized(self, node: yaml.Node, tp: type[Localized], path: str) -> Any:
        self.loaded.locations[path] = position(node)
        if isinstance(node, yaml.ScalarNode) and scalar_value(node) is not None:
            value = tp({"": str(node.value)})
        elif isinstance(node, yaml.MappingNode) and node.value:
            values: dict[str, str] = {}
            for key_node, value_node in node.value:
                code = str(key_node.value)
                key = _join(path, code)
                if code in values:
                    self._error(key_node, key, f"language '{code}' appears twice")
                elif not isinstance(value_node, yaml.ScalarNode) or scalar_value(value_node) is None:
                    self._error(value_node, key, f"expected a text, got {_describe(value_node)}")
                else:
                    values[code] = str(value_node.value)
                    self.loaded.locations[key] = position(value_node)
            if not values:
                return INVALID
            value = tp(values)
        else:
            self._error(node, path, f"expected {_expected(tp)}, got {_describe(node)}")
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
                self._error(node, key, f"'{_shorten(code)}' is not {LANGUAGE.what}", LANGUAGE.hint)
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
        self.loaded.locations[path] = position(node)
        if not isinstance(node, yaml.MappingNode):
            self._error(node, path, f"expected {what or 'a map'}, got {_describe(node)}")
            return
        seen: set[str] = set()
        for key_node, value_node in node.value:
            name = str(key_node.value)
            key = _join(path, name)
            if name in seen:
                self._error(key_node, key, f"'{name}' appears twice")
                continue
            seen.add(name)
            self.loaded.locations[key] = position(value_node)
            yield name, value_node, key

    def _word(self, node: yaml.Node, path: str) -> str | None:
        if isinstance(node, yaml.ScalarNode) and scalar_value(node) is not None:
            return str(node.value)
        self._error(node, path, f"expected a text, got {_describe(node)}")
        return None

    def _convert_object(self, node: yaml.Node, cls: Any, path: str) -> Any:
        self.loaded.locations[path] = position(node)
        if not isinstance(node, yaml.MappingNode):
            self._error(node, path, f"expected a map of keys, got {_describe(node)}")
            return INVALID
        fields, hints = _declared(cls)
        seen: dict[str, yaml.Node] = {}
        values: dict[str, Any] = {}
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(name, str) or not name:
                self._error(key_node, path, f"expected a key name, got {_describe(key_node)}")
                continue
            key = _join(path, name)
            if name in seen:
                line = position(seen[name])[0]
                self._error(key_node, key, f"key '{name}' appears twice",
                            f"the first is on line {line}; keep one")
                continue
            seen[name] = key_node
            if name.startswith("x-"):
                continue
            if name not in fields:
                self._error(key_node, key, f"unknown key '{name}'", self._unknown_key_hint(name, cls))
                continue
            value = self._convert(value_node, hints[name], key)
            if value is not INVALID:
                values[name] = value
        broken = False
        for name, f in fields.items():
            if name in values:
                continue
            if name in seen:
                broken = broken or is_required(f)
            elif is_required(f):
                doc = field_doc(f).rstrip(".")
                self._error(node, path, f"missing required key '{name}'", f"add '{name}:' ({doc.lower()})")
                broken = True
        if broken:
            return INVALID
        return cls(**values)

    def _unknown_key_hint(self, name: str, cls: Any) -> str:
        known = [f.name for f in dataclasses.fields(cls)]
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        if close:
            return f"did you mean '{close[0]}'?"
        owners = [kind for kind, other in EXHIBIT_TYPES.items()
                  if name in {f.name for f in dataclasses.fields(other)}]
        if owners and cls in EXHIBIT_TYPES.values():
            return f"'{name}' belongs to {' and '.join(owners)} exhibits; keys here: {', '.join(known)}"
        return f"keys here: {', '.join(known)}; your own keys must start with 'x-'"

    # -- rules ----------------------------------------------------------------------------

    def _apply(self, rule: object, node: yaml.Node, value: Any, path: str) -> Any:
        line, column = position(node)
        if isinstance(rule, Pattern):
            if not rule.matches(value):
                hint = rule.hint
                if rule is SLUG and slug_suggestion(value):
                    hint += f", for example '{slug_suggestion(value)}'"
                if rule.max_length and len(value) > rule.max_length:
                    hint = f"at most {rule.max_length} characters; " + hint
                self._error(node, path, f"'{_shorten(value)}' is not {rule.what}", hint)
                return INVALID
        elif isinstance(rule, Positive):
            if math.isnan(value):
                self._error(node, path, f"must be a number of seconds, got {node.value}",
                            "write a number such as 8 or 2.5")
                return INVALID
            if value <= 0:
                self._error(node, path, f"must be a positive number of seconds, got {node.value}")
                return INVALID
            if value > rule.maximum:
                self._error(node, path, f"must be at most {rule.maximum_words}, got {_shorten(str(node.value))}",
                            "write the time in seconds")
                return INVALID
        elif isinstance(rule, NonEmpty):
            if not value:
                if isinstance(node, yaml.SequenceNode) and not node.value:
                    self._error(node, path, f"needs at least one {rule.what}")
                return INVALID
        elif isinstance(rule, MediaFile):
            self.loaded.files.append(Located(path, value, line, column, rule.kinds))
        elif isinstance(rule, ExhibitRef):
            self.loaded.refs.append(Located(path, value, line, column))
        return value
