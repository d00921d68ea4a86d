"""Writing YAML the way a person would: block maps, `|` for Markdown, `>-` for long lines.

PyYAML's own dumper gets the data right but not the look: it quotes long texts on one line
and cannot leave blank lines between exhibits. Every file written here is read back and
compared with the data, so a style choice can never change a value.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import yaml

WIDTH = 100  # a plain `key: value` line longer than this is folded
FOLD_AT = 72  # the width of a folded text's lines, after its indentation

Before = Callable[[str, int], list[str]]  # (list's key path, item index) -> lines before the item


def _plain_ok(text: str) -> bool:
    if not text or text != text.strip() or "\n" in text or "\t" in text:
        return False
    if text[0] in "!&*{}[],#|>@`\"'%?:-" or ": " in text or " #" in text or text.endswith(":"):
        return False
    try:
        return bool(yaml.safe_load(f"k: {text}") == {"k": text})
    except yaml.YAMLError:
        return False


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _fold(text: str) -> list[str] | None:
    """Lines of a `>-` scalar for one-line `text`, broken at single spaces; None if it cannot fold."""
    if text != text.strip() or "  " in text or "\t" in text or " " not in text:
        return None
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > FOLD_AT:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines if len(lines) > 1 else None


def scalar(key: str, value: Any, indent: int) -> list[str]:
    """`key: value` at `indent`, in the plainest style that keeps the value exact."""
    pad = " " * indent
    head = f"{pad}{key}:" if key else f"{pad}-"
    inner = " " * (indent + 2)
    if isinstance(value, bool) or value is None or isinstance(value, (int, float)):
        return [f"{head} {json.dumps(value)}"]
    if not isinstance(value, str):
        raise TypeError(f"cannot write {type(value).__name__} as a scalar")
    if "\n" in value:
        body = value[:-1] if value.endswith("\n") else value
        if body.endswith("\n") or body.startswith((" ", "\n")):
            return [f"{head} {_quoted(value)}"]
        indicator = "|" if value.endswith("\n") else "|-"
        return [f"{head} {indicator}", *[f"{inner}{line}" if line else "" for line in body.split("\n")]]
    if _plain_ok(value) and len(head) + 1 + len(value) <= WIDTH:
        return [f"{head} {value}"]
    folded = _fold(value) if len(head) + 1 + len(value) > WIDTH else None
    if folded is not None:
        return [f"{head} >-", *[f"{inner}{line}" for line in folded]]
    return [f"{head} {value}" if _plain_ok(value) else f"{head} {_quoted(value)}"]


def _flow_list(items: Sequence[Any]) -> str | None:
    if all(isinstance(item, str) and _plain_ok(item) and "," not in item for item in items):
        return "[" + ", ".join(items) + "]"
    return None


def mapping(data: Mapping[str, Any], indent: int = 0, *, flow: frozenset[str] = frozenset(),
            before: Before | None = None, first_prefix: str = "", path: str = "") -> list[str]:
    """The lines of a block map; `first_prefix` replaces the first line's indentation (for '- ').

    `path` is where the map is (`sections[2]`), so that `before` can tell lists of the same name apart."""
    lines: list[str] = []
    for key, value in data.items():
        where = f"{path}.{key}" if path else key
        if isinstance(value, Mapping):
            lines.append(f"{' ' * indent}{key}:")
            lines += mapping(value, indent + 2, flow=flow, before=before, path=where)
        elif isinstance(value, (list, tuple)):
            inline = _flow_list(value) if key in flow else None
            if inline is not None:
                lines.append(f"{' ' * indent}{key}: {inline}")
                continue
            lines.append(f"{' ' * indent}{key}:")
            for index, item in enumerate(value):
                if before is not None:
                    lines += before(where, index)
                if isinstance(item, Mapping):
                    lines += mapping(item, indent + 4, flow=flow, before=before, first_prefix=f"{' ' * (indent + 2)}- ",
                                     path=f"{where}[{index}]")
                else:
                    lines += scalar("", item, indent + 2)
        else:
            lines += scalar(key, value, indent)
    if first_prefix and lines:
        lines[0] = first_prefix + lines[0][len(first_prefix):]
    return lines


def dump(data: Mapping[str, Any], *, header: str = "", flow: frozenset[str] = frozenset(),
         before: Before | None = None) -> str:
    """The YAML text of `data`, checked by reading it back."""
    text = header + "\n".join(mapping(data, flow=flow, before=before)) + "\n"
    if yaml.safe_load(text) != json.loads(json.dumps(data)):
        raise ValueError("the YAML written does not read back as the data; a style rule is wrong")
    return text
