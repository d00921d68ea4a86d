"""Reading YAML files (`exhibition.yaml`, `kiosk.yaml`) into nodes, safely, whatever the bytes.

Nodes rather than Python objects: every node knows its line and column, so every finding
can point at the curator's text. Only YAML's plain types are accepted (no tags that build
objects), and size, nesting and alias expansion are capped before anything walks the tree,
so a hostile manifest can neither hang the kiosk nor eat its memory.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import yaml

MAX_MANIFEST_BYTES = 4 * 1024 * 1024
MAX_EXPANDED_NODES = 1_000_000
MAX_DEPTH = 64

PLAIN_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)

# The base loader resolves no implicit types, which makes composing a third faster;
# `scalar_value` resolves a plain scalar's type only when the loader asks for it.
_Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
STR_TAG = "tag:yaml.org,2002:str"


@dataclass
class YamlSyntaxError(Exception):
    """The file (a manifest, the settings) cannot be read as YAML at all."""

    message: str
    line: int | None = None
    column: int | None = None
    hint: str = ""


def position(node: yaml.Node) -> tuple[int, int]:
    """1-based line and column where a node starts."""
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def _decode(data: bytes, what: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise YamlSyntaxError(
            f"byte 0x{data[error.start]:02x} is not UTF-8 text",
            line,
            column,
            f"save {what} as UTF-8",
        ) from None


def compose(data: bytes, what: str = "the manifest") -> yaml.Node | None:
    """The root node (None for an empty file), or YamlSyntaxError; `what` names the
    file in messages."""
    if len(data) > MAX_MANIFEST_BYTES:
        raise YamlSyntaxError(
            f"{what} is {len(data):,} bytes; at most {MAX_MANIFEST_BYTES:,} are read",
            hint="move long texts into fewer words, or split the exhibition into bundles",
        )
    if b"\0" in data[:8192]:
        offset = data.index(b"\0")
        line = data[:offset].count(b"\n") + 1
        raise YamlSyntaxError(
            "this is binary data, not a YAML text", line,
            hint="exhibition.yaml must be text" if what == "the manifest" else f"{what} must be text",
        )
    text = _decode(data, what)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "not valid YAML"
        if "expected a single document" in problem or "found another document" in problem:
            problem = f"{what} holds more than one YAML document"
        raise YamlSyntaxError(
            f"YAML syntax: {problem}", mark.line + 1 if mark else None, mark.column + 1 if mark else None,
            _syntax_hint(problem),
        ) from None
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        raise YamlSyntaxError(f"YAML syntax: {error}") from None
    if node is not None:
        if "&" in text:
            _check_shape(node, what)
        else:
            _check_tags(node, what)
    return node


def _syntax_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return "put quotes around a text that contains ': '"
    if "found character '\\t'" in problem:
        return "indent with spaces, not tabs"
    if "found undefined alias" in problem:
        return "define the anchor (&name) before using it (*name)"
    return ""


def _check_shape(root: yaml.Node, what: str) -> None:
    """Refuse object-building tags, deep nesting, cycles and alias bombs, without recursion."""
    expanded: dict[int, int] = {}
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    open_nodes: set[int] = set()
    while stack:
        node, depth, done = stack.pop()
        ident = id(node)
        if done:
            open_nodes.discard(ident)
            expanded[ident] = 1 + sum(expanded[id(child)] for child in _children(node))
            if expanded[ident] > MAX_EXPANDED_NODES:
                line, column = position(node)
                raise YamlSyntaxError(
                    f"aliases expand {what} to more than {MAX_EXPANDED_NODES:,} values",
                    line,
                    column,
                    "use fewer nested aliases (*name)",
                )
            continue
        if ident in expanded:
            continue
        line, column = position(node)
        if ident in open_nodes:
            raise YamlSyntaxError("an alias refers to a value that contains it", line, column)
        if node.tag not in PLAIN_TAGS:
            _refuse_tag(node, what)
        if depth > MAX_DEPTH:
            raise YamlSyntaxError(f"values are nested more than {MAX_DEPTH} deep", line, column)
        open_nodes.add(ident)
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in _children(node))


def _refuse_tag(node: yaml.Node, what: str) -> None:
    line, column = position(node)
    raise YamlSyntaxError(
        f"YAML tag '{node.tag.replace('tag:yaml.org,2002:', '!!')}' is not allowed",
        line,
        column,
        f"remove the tag: {what} holds only text, numbers, lists and maps",
    )


def _check_tags(root: yaml.Node, what: str) -> None:
    """Without anchors there are no aliases, so the tree is a plain tree: tags and depth to check."""
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if node.tag not in PLAIN_TAGS:
            _refuse_tag(node, what)
        if depth > MAX_DEPTH:
            line, column = position(node)
            raise YamlSyntaxError(f"values are nested more than {MAX_DEPTH} deep", line, column)
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                stack.append((key_node, depth + 1))
                stack.append((value_node, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [item for pair in node.value for item in pair]
    return []


_constructor = yaml.constructor.SafeConstructor()
_resolver = yaml.resolver.Resolver()


def scalar_value(node: yaml.ScalarNode) -> object:
    """The Python value of a scalar: str, int, float, bool, None or a date.

    Calls the tag's constructor directly: `construct_object` would remember every node in
    the shared constructor, growing without end in a kiosk that reloads bundles for months.
    """
    tag = node.tag
    if tag == STR_TAG and not node.style:
        tag = _resolver.resolve(yaml.ScalarNode, node.value, (True, False))
    construct = _constructor.yaml_constructors.get(tag)
    if construct is None:
        return node.value
    try:
        return construct(_constructor, yaml.ScalarNode(tag, node.value, node.start_mark, node.end_mark))
    except (ValueError, yaml.YAMLError):
        return node.value
