"""The vocabulary every declaration is written in: the manifest's and the device settings'.

A declaration is a frozen dataclass whose fields are made by `key()` (a description, a default,
an example, whether a running kiosk must restart to take a new value) and whose types carry
rules (`Annotated[int, Range(0, 100)]`). The reader (`reader.py`), the JSON Schema and the
reference tables are derived from the declaration, so a key cannot be documented one way and
checked another.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


def key(doc: str, default: Any = dataclasses.MISSING, *, example: Any = None, restart: bool = False,
        factory: Callable[[], Any] | None = None) -> Any:
    """A key: its description, its default (none means required), an example, and whether a
    running kiosk takes a new value only after a restart. A mutable default (an empty map)
    is given as a `factory`, so that no two values share it."""
    metadata = {"doc": doc, "example": example, "restart": restart}
    if isinstance(default, (list, dict, set)):
        raise TypeError("use a tuple, None or a factory as a default, never a mutable value")
    if factory is not None:
        return dataclasses.field(default_factory=factory, metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


def field_doc(field: dataclasses.Field[Any]) -> str:
    return str(field.metadata.get("doc", ""))


def is_required(field: dataclasses.Field[Any]) -> bool:
    return field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING


def needs_restart(field: dataclasses.Field[Any]) -> bool:
    """Whether a running kiosk takes a new value of this key only after a restart."""
    return bool(field.metadata.get("restart", False))


@dataclass(frozen=True)
class Pattern:
    """A string that must match a regular expression."""

    regex: str
    what: str
    hint: str
    max_length: int = 0

    def matches(self, text: str) -> bool:
        too_long = bool(self.max_length) and len(text) > self.max_length
        return not too_long and re.fullmatch(self.regex, text) is not None


@dataclass(frozen=True)
class Positive:
    """A number of seconds greater than zero and at most `maximum`, never NaN nor infinite.

    The bound keeps every timer the player sets within what a timer can hold, and catches
    a slip such as `1e308` or a value meant in milliseconds.
    """

    maximum: float

    @property
    def maximum_words(self) -> str:
        """The bound as a curator reads it: '600 seconds (10 minutes)'."""
        seconds = f"{self.maximum:g} seconds"
        for size, unit in ((86_400, "day"), (3_600, "hour"), (60, "minute")):
            if self.maximum >= size and self.maximum % size == 0:
                count = int(self.maximum // size)
                return f"{seconds} ({'a' if count == 1 else count} {unit}{'s' * (count != 1)})"
        return seconds


@dataclass(frozen=True)
class Range:
    """A finite number from `minimum` to `maximum`, both included."""

    minimum: float
    maximum: float

    @property
    def span(self) -> str:
        return f"{self.minimum:g} to {self.maximum:g}"

    def problem(self, value: float, written: str) -> str | None:
        """What is wrong with `value` (written in the file as `written`), or None."""
        if isinstance(value, float) and not math.isfinite(value) and not _digits(written):
            shown = ".nan" if math.isnan(value) else ".inf" if value > 0 else "-.inf"
            return f"{shown} is not a usable number: use {self.span}"
        if self.minimum <= value <= self.maximum:
            return None
        digits = _digits(written)
        shown = f"a number with {digits} digits" if digits >= 15 else _shorten(written)
        return f"{shown} is out of range: use {self.span}"


def _digits(written: str) -> int:
    """How many digits a whole number written in the file has (0: it is not one)."""
    plain = written.strip().lstrip("+-").replace("_", "")
    return len(plain) if plain.isdigit() else 0


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Version:
    """The layout version a file declares: from 1 to `current`, the newest this kiosk reads."""

    current: int
    what: str

    def problem(self, value: int) -> tuple[str, str] | None:
        """(What is wrong, how to fix it) for `value`, or None."""
        if value < 1:
            return f"there is no {self.what} {value}", f"write {self.current}, the version this kiosk reads"
        if value > self.current:
            return (f"this file is from a newer kiosk ({self.what} {value}; this kiosk reads {self.current})",
                    f"update the kiosk software, or write {self.current}")
        return None


@dataclass(frozen=True)
class Check:
    """A test beyond the type: `problem(value)` says what is wrong with a value, None if nothing."""

    problem: Callable[[Any], str | None]


@dataclass(frozen=True)
class Parsed:
    """A value read by a function of its own from its plain YAML value, which must be a `shape`
    (dict, list, str): `read` returns the value or raises ValueError saying what is wrong.
    `kind` names the value in references, `expected` in messages."""

    read: Callable[[Any], Any]
    shape: type
    kind: str
    expected: str


@dataclass(frozen=True)
class NonEmpty:
    """A list with at least one item."""

    what: str


LANGUAGE = Pattern(
    r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*",
    "a language code",
    "use a BCP 47 code such as 'en', 'fr', 'ar', 'zh-Hans' or 'pt-BR'",
)
"""A language tag, wherever one is written: manifests, settings, the event log."""
