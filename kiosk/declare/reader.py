"""One reader for every declaration: YAML nodes in, a frozen dataclass out, every problem collected.

The walk is driven by the declaration: field types say what each key must hold, `Annotated`
rules (`rules.py`) say what else must be true. A broken value is reported with its line and
column and left out, and the walk goes on, so one run reports every mistake at once; a key
left out takes its default, or, when it has none, leaves its map unread. The manifest's
reader (`kiosk.bundle.loader`) and the settings' (`kiosk.settings.files`) extend this one with
the value types only they have.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import math
import types
import typing
from dataclasses import dataclass
from typing import Any

import yaml

from kiosk.declare.nodes import position, scalar_value
from kiosk.declare.rules import Check, NonEmpty, Parsed, Pattern, Positive, Range, Version, field_doc, is_required


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()
"""What a conversion returns for a value it reported; the key is then left out."""


@dataclass(frozen=True)
class Problem:
    """One mistake in a file: where, which key, what is wrong and how to fix it."""

    key: str
    message: str
    line: int | None = None
    column: int | None = None
    hint: str = ""
    ignored: bool = False
    """The key was skipped and nothing stands in for it (an unknown key, a key given twice)."""

    def where(self, file: object) -> str:
        text = str(file)
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


def describe(node: yaml.Node) -> str:
    """A node's value as a message quotes it: 'the text …', 'a list', 'nothing'."""
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
    return f"the text '{shorten(str(node.value))}'"


def shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def plain(node: yaml.Node) -> object:
    """A node as plain Python values: maps, lists, and scalars of their YAML types."""
    if isinstance(node, yaml.MappingNode):
        return {str(k.value): plain(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [plain(child) for child in node.value]
    return scalar_value(node)  # type: ignore[arg-type]


def expected(tp: Any) -> str:
    """What a type holds, as 'expected …' says it."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return expected(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return " or ".join(expected(arg) for arg in typing.get_args(tp) if arg is not type(None))
    if origin is tuple:
        return "a list"
    if dataclasses.is_dataclass(tp):
        return "a map of keys"
    return {str: "a text", int: "a whole number", float: "a number", bool: "true or false"}.get(tp, str(tp))


@functools.cache
def declared(cls: Any) -> tuple[dict[str, dataclasses.Field[Any]], dict[str, Any]]:
    """A dataclass's fields and resolved type hints (with their rules), computed once per class."""
    return {f.name: f for f in dataclasses.fields(cls)}, typing.get_type_hints(cls, include_extras=True)


def rules_of(tp: Any) -> tuple[Any, tuple[object, ...]]:
    """A type without `Annotated` and its rules; an optional type's rules are its value's."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        base, *rules = typing.get_args(tp)
        return base, tuple(rules)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(tp) if arg is not type(None)]
        if len(options) == 1:
            return rules_of(options[0])
    return tp, ()


class Reader:
    """Reads a node tree into the declared dataclasses, collecting a Problem for every mistake.

    Subclasses add value types (`convert_other`), rules (`apply_other`), and what happens to
    each problem (`report`) and each located value (`located`).
    """

    private_prefix: str | None = "x-"
    """Keys starting with this are the writer's own and are skipped; None: no such keys."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    # -- hooks ----------------------------------------------------------------------------

    def report(self, problem: Problem) -> None:
        self.problems.append(problem)

    def located(self, path: str, node: yaml.Node) -> None:
        """`path` was written at `node`; the manifest remembers where, for later checks."""

    def accepted(self, path: str, value: Any) -> None:
        """A key's value was read without a problem."""

    def convert_other(self, node: yaml.Node, tp: Any, path: str) -> Any:
        return self.convert_scalar(node, tp, path)

    def apply_other(self, rule: object, node: yaml.Node, value: Any, path: str) -> Any:
        return value

    def unknown_key_hint(self, name: str, cls: Any) -> str:
        known = [f.name for f in dataclasses.fields(cls)]
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        if close:
            return f"did you mean '{close[0]}'?"
        if self.private_prefix:
            return f"keys here: {', '.join(known)}; your own keys must start with '{self.private_prefix}'"
        return f"keys here: {', '.join(known)}"

    def error(self, node: yaml.Node | None, key: str, message: str, hint: str = "", *, ignored: bool = False) -> None:
        line, column = position(node) if node is not None else (None, None)
        self.report(Problem(key, message, line, column, hint, ignored))

    # -- the walk -------------------------------------------------------------------------

    def convert(self, node: yaml.Node, tp: Any, path: str) -> Any:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            base, *rules = typing.get_args(tp)
            parsed = next((rule for rule in rules if isinstance(rule, Parsed)), None)
            value = self.convert_parsed(node, parsed, path) if parsed else self.convert(node, base, path)
            if value is not INVALID:
                for rule in rules:
                    value = self.apply(rule, node, value, path)
                    if value is INVALID:
                        break
            return value
        if origin in (typing.Union, types.UnionType):
            return self.convert_union(node, tp, path)
        if origin is typing.Literal:
            return self.convert_literal(node, tp, path)
        if origin is tuple:
            return self.convert_list(node, typing.get_args(tp)[0], path)
        if dataclasses.is_dataclass(tp):
            return self.convert_object(node, tp, path)
        return self.convert_other(node, tp, path)

    def convert_scalar(self, node: yaml.Node, tp: type, path: str) -> Any:
        self.located(path, node)
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, path, f"expected {expected(tp)}, got {describe(node)}")
            return INVALID
        value = scalar_value(node)
        if tp is str:
            if value is None:
                self.error(node, path, "expected a text, got nothing", "write a value or remove the key")
                return INVALID
            return str(node.value)
        if tp is bool and isinstance(value, bool):
            return value
        if tp is int and isinstance(value, int) and not isinstance(value, bool):
            return value
        if tp is float and isinstance(value, (int, float)) and not isinstance(value, bool):
            try:
                return float(value)
            except OverflowError:  # a whole number with hundreds of digits; the rules refuse it
                return math.inf
        self.error(node, path, f"expected {expected(tp)}, got {describe(node)}")
        return INVALID

    def convert_parsed(self, node: yaml.Node, rule: Parsed, path: str) -> Any:
        self.located(path, node)
        value = plain(node)
        if not isinstance(value, rule.shape):
            self.error(node, path, f"expected {rule.expected}, got {describe(node)}")
            return INVALID
        try:
            return rule.read(value)
        except ValueError as error:
            self.error(node, path, str(error))
            return INVALID

    def convert_literal(self, node: yaml.Node, tp: Any, path: str) -> Any:
        choices = typing.get_args(tp)
        if isinstance(node, yaml.ScalarNode) and node.value in choices:
            return node.value
        self.error(node, path, f"expected {' or '.join(map(repr, choices))}, got {describe(node)}")
        return INVALID

    def convert_union(self, node: yaml.Node, tp: Any, path: str) -> Any:
        options = [arg for arg in typing.get_args(tp) if arg is not type(None)]
        optional = len(options) < len(typing.get_args(tp))
        if optional and isinstance(node, yaml.ScalarNode) and scalar_value(node) is None:
            return None
        return self.convert(node, options[0], path)

    def convert_list(self, node: yaml.Node, item_type: Any, path: str) -> Any:
        self.located(path, node)
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, path, f"expected a list, got {describe(node)}", "write each item on its own line after '- '")
            return INVALID
        items = (self.convert(child, item_type, f"{path}[{i}]") for i, child in enumerate(node.value))
        return tuple(item for item in items if item is not INVALID)

    def convert_object(self, node: yaml.Node, cls: Any, path: str) -> Any:
        self.located(path, node)
        if not isinstance(node, yaml.MappingNode):
            self.error(node, path, f"expected a map of keys, got {describe(node)}")
            return INVALID
        fields, hints = declared(cls)
        seen: dict[str, yaml.Node] = {}
        values: dict[str, Any] = {}
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(name, str) or not name:
                self.error(key_node, path, f"expected a key name, got {describe(key_node)}", ignored=True)
                continue
            key = join(path, name)
            if name in seen:
                line = position(seen[name])[0]
                self.error(key_node, key, f"key '{name}' appears twice", f"the first is on line {line}; keep one",
                           ignored=True)
                continue
            seen[name] = key_node
            if self.private_prefix and name.startswith(self.private_prefix):
                continue
            if name not in fields:
                self.error(key_node, key, f"unknown key '{name}'", self.unknown_key_hint(name, cls), ignored=True)
                continue
            value = self.convert(value_node, hints[name], key)
            if value is not INVALID:
                values[name] = value
                self.accepted(key, value)
        broken = False
        for name, f in fields.items():
            if name in values:
                continue
            if name in seen:
                broken = broken or is_required(f)
            elif is_required(f):
                doc = field_doc(f).rstrip(".")
                self.error(node, path, f"missing required key '{name}'", f"add '{name}:' ({doc.lower()})")
                broken = True
        if broken:
            return INVALID
        return cls(**values)

    # -- rules ----------------------------------------------------------------------------

    def apply(self, rule: object, node: yaml.Node, value: Any, path: str) -> Any:
        problem: str | None = None
        hint = ""
        if isinstance(rule, Pattern):
            if not rule.matches(value):
                hint = self.pattern_hint(rule, value)
                problem = f"'{shorten(value)}' is not {rule.what}"
        elif isinstance(rule, Range):
            problem = rule.problem(value, str(node.value) if isinstance(node, yaml.ScalarNode) else "")
        elif isinstance(rule, Version):
            problem, hint = rule.problem(value) or (None, "")
        elif isinstance(rule, Check):
            problem = rule.problem(value)
        elif isinstance(rule, Positive):
            problem, hint = _positive_problem(rule, node, value)
        elif isinstance(rule, NonEmpty):
            if not value:
                if isinstance(node, yaml.SequenceNode) and not node.value:
                    self.error(node, path, f"needs at least one {rule.what}")
                return INVALID
        elif not isinstance(rule, Parsed):
            return self.apply_other(rule, node, value, path)
        if problem:
            self.error(node, path, problem, hint)
            return INVALID
        return value

    def pattern_hint(self, rule: Pattern, value: str) -> str:
        if rule.max_length and len(value) > rule.max_length:
            return f"at most {rule.max_length} characters; " + rule.hint
        return rule.hint


def _positive_problem(rule: Positive, node: yaml.Node, value: float) -> tuple[str | None, str]:
    written = shorten(str(node.value))
    if math.isnan(value):
        return f"must be a number of seconds, got {node.value}", "write a number such as 8 or 2.5"
    if value <= 0:
        return f"must be a positive number of seconds, got {node.value}", ""
    if value > rule.maximum:
        return f"must be at most {rule.maximum_words}, got {written}", "write the time in seconds"
    return None, ""
