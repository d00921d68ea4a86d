"""The manifest's own words in the declaration vocabulary (`kiosk.declare.rules`).

The manifest is declared once, as frozen dataclasses in `model.py` whose fields carry a
description and whose types carry rules (`Annotated[str, SLUG]`). What every declaration
shares (`key()`, patterns, ranges, the language tag) lives in `kiosk.declare`; here are the
rules and value types only a manifest has: ids, colours, media files, exhibit references,
texts in many languages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kiosk.declare.rules import Pattern


@dataclass(frozen=True)
class MediaFile:
    """A path inside the bundle to a file of one of these kinds (see `media.KINDS`)."""

    kinds: tuple[str, ...]


@dataclass(frozen=True)
class ExhibitRef:
    """A reference `section-id/exhibit-id` to an exhibit of the same bundle."""


SLUG = Pattern(
    r"[a-z0-9][a-z0-9-]*",
    "a valid id",
    "use lowercase letters, digits and hyphens, starting with a letter or digit",
    max_length=64,
)
COLOR = Pattern(r"#[0-9A-Fa-f]{6}", "a colour", "write it as #RRGGBB, for example '#1A2B3C'")
REF_SYNTAX = Pattern(
    r"[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*",
    "an exhibit reference",
    "write it as 'section-id/exhibit-id'",
)


class Localized:
    """A value given once for every language, or as a map from language code to value.

    `values[""]` holds a value given once; it serves every language.
    """

    __slots__ = ("values",)

    def __init__(self, values: Mapping[str, str]) -> None:
        self.values: dict[str, str] = dict(values)

    def get(self, language: str, fallbacks: tuple[str, ...] = ()) -> str:
        """The value in `language`, else in the first fallback that has one, else any."""
        for code in (language, *fallbacks, ""):
            if code in self.values:
                return self.values[code]
        base = language.split("-", maxsplit=1)[0]
        for code, value in self.values.items():
            if code.split("-")[0] == base:
                return value
        return next(iter(self.values.values()), "")

    @property
    def languages(self) -> set[str]:
        return set(self.values) - {""}

    @property
    def is_per_language(self) -> bool:
        return "" not in self.values

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.values == self.values  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, tuple(sorted(self.values.items()))))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.values!r})"


class Text(Localized):
    """Text for visitors: a string, or a map from language code to string."""

    __slots__ = ()


class CaptionFiles(Localized):
    """Captions (WebVTT or SubRip): one path, or a map from language code to path."""

    __slots__ = ()


class InterfaceWords:
    """The bundle's own interface words: {language: {key: text}}, a count as {CLDR category: text}.

    Which keys, placeholders and categories are valid is the kiosk's to say (its English
    catalogue, assets/i18n/en.po), so the loader checks only the shape; interface_words.py the rest.
    """

    __slots__ = ("values",)

    def __init__(self, values: Mapping[str, Mapping[str, str | Mapping[str, str]]]) -> None:
        self.values: dict[str, dict[str, str | dict[str, str]]] = {
            language: {key: text if isinstance(text, str) else dict(text) for key, text in table.items()}
            for language, table in values.items()}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, InterfaceWords) and other.values == self.values

    def __hash__(self) -> int:
        return hash(repr(self))

    def __repr__(self) -> str:
        return f"InterfaceWords({self.values!r})"


class SoundFiles(Localized):
    """Recorded sound in a language, such as a narration: one path, or a map from language code to path."""

    __slots__ = ()

