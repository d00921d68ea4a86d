"""The manifest's JSON Schema, derived from the declaration in `model.py`.

Curators point their editor's YAML language server at it to get completion, hover help
and red squiggles while they type. `exhibits/exhibition.schema.json` is this output.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any

from kiosk.bundle import media
from kiosk.bundle.declare import ExhibitRef, InterfaceWords, Localized, MediaFile
from kiosk.bundle.model import EXHIBIT_TYPES, FORMAT_VERSION, Manifest
from kiosk.bundle.plurals import CLDR_ORDER
from kiosk.declare.rules import LANGUAGE, NonEmpty, Pattern, Positive, field_doc, is_required

_LANGUAGE_KEY = f"^{LANGUAGE.regex}$"


class _Builder:
    def __init__(self) -> None:
        self.definitions: dict[str, Any] = {}

    def type_schema(self, tp: Any) -> dict[str, Any]:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            base, *rules = typing.get_args(tp)
            schema = self.type_schema(base)
            for rule in rules:
                schema = self._rule(rule, schema)
            return schema
        if origin in (typing.Union, types.UnionType):
            options = [arg for arg in typing.get_args(tp) if arg is not type(None)]
            if len(options) == 1:
                inner = self.type_schema(options[0])
                return {"anyOf": [inner, {"type": "null"}]}
            return {"oneOf": [self.type_schema(option) for option in options]}
        if origin is typing.Literal:
            return {"const": typing.get_args(tp)[0]}
        if origin is tuple:
            return {"type": "array", "items": self.type_schema(typing.get_args(tp)[0])}
        if dataclasses.is_dataclass(tp):
            return self.object_ref(tp)
        if isinstance(tp, type) and issubclass(tp, Localized):
            return {"$ref": f"#/$defs/{tp.__name__}"}
        if tp is InterfaceWords:
            self.definitions["InterfaceWords"] = _interface_words()
            return {"$ref": "#/$defs/InterfaceWords"}
        scalars: dict[Any, dict[str, Any]] = {str: {"type": ["string", "number"]}, int: {"type": "integer"},
                                              float: {"type": "number"}}
        return scalars[tp]

    def _rule(self, rule: object, schema: dict[str, Any]) -> dict[str, Any]:
        if isinstance(rule, Pattern):
            schema = {**schema, "pattern": f"^{rule.regex}$"}
            if rule.max_length:
                schema["maxLength"] = rule.max_length
        elif isinstance(rule, Positive):
            schema = {**schema, "exclusiveMinimum": 0, "maximum": rule.maximum}
        elif isinstance(rule, NonEmpty):
            schema = {**schema, "minItems": 1}
        elif isinstance(rule, ExhibitRef):
            schema = {**schema, "pattern": "^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$"}
        elif isinstance(rule, MediaFile):
            suffixes = [s for kind in rule.kinds for s in media.KINDS[kind]]
            path = {"type": "string", "pattern": _path_pattern(suffixes)}
            if "$ref" in schema:
                return {"anyOf": [path, {"type": "object", "propertyNames": {"pattern": _LANGUAGE_KEY},
                                         "additionalProperties": path, "minProperties": 1}]}
            schema = {**schema, **path}
        return schema

    def object_ref(self, cls: Any) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.definitions:
            self.definitions[name] = {}
            self.definitions[name] = self.object_schema(cls)
        return {"$ref": f"#/$defs/{name}"}

    def object_schema(self, cls: Any) -> dict[str, Any]:
        hints = typing.get_type_hints(cls, include_extras=True)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for f in dataclasses.fields(cls):
            if f.name == "type" and cls in EXHIBIT_TYPES.values():
                properties["type"] = {"const": _type_name(cls), "description": field_doc(f)}
                required.append("type")
                continue
            schema = self.type_schema(hints[f.name])
            schema = {**schema, "description": field_doc(f)}
            if is_required(f):
                required.append(f.name)
            elif f.default is not None and not dataclasses.is_dataclass(f.default):
                default = list(f.default) if isinstance(f.default, tuple) else f.default
                schema["default"] = default
            if f.name == "format" and cls is Manifest:
                schema["const"] = FORMAT_VERSION
            properties[f.name] = schema
        result: dict[str, Any] = {
            "type": "object",
            "description": (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else "",
            "properties": properties,
            "patternProperties": {"^x-": {"description": "An extension key: ignored by the kiosk."}},
            "additionalProperties": False,
        }
        if required:
            result["required"] = required
        return result


def _type_name(cls: Any) -> str:
    return next(name for name, other in EXHIBIT_TYPES.items() if other is cls)


def _path_pattern(suffixes: list[str]) -> str:
    """Relative, '/'-separated, inside the bundle, with a known extension in any case.

    JSON Schema patterns are ECMA-262 regexes, which have no inline flags."""
    ends = "|".join("".join(f"[{c.lower()}{c.upper()}]" for c in s.lstrip(".")) for s in suffixes)
    return rf"^(?![a-zA-Z][a-zA-Z0-9+.-]*://)(?!/)(?![A-Za-z]:)(?!.*\\)(?!(.*/)?\.\.(/|$)).+\.({ends})$"


def _interface_words() -> dict[str, Any]:
    """{language: {key: text or {CLDR category: text}}}; which keys exist, validate says (from en.po)."""
    text = {"type": ["string", "number"]}
    forms = {"type": "object", "propertyNames": {"enum": list(CLDR_ORDER)}, "additionalProperties": text,
             "minProperties": 1, "description": "A count: its text for each CLDR plural category of the language."}
    words = {"type": "object", "propertyNames": {"pattern": "^[a-z][a-z0-9_]*$"},
             "additionalProperties": {"anyOf": [text, forms]},
             "description": "The kiosk's words in this language by key, such as back or touch_to_begin."}
    return {"type": "object", "propertyNames": {"pattern": _LANGUAGE_KEY}, "additionalProperties": words,
            "description": "The kiosk's own words, by language and key."}


def manifest_schema() -> dict[str, Any]:
    builder = _Builder()
    root = builder.object_schema(Manifest)
    localized = {
        "anyOf": [
            {"type": ["string", "number"]},
            {"type": "object", "propertyNames": {"pattern": _LANGUAGE_KEY},
             "additionalProperties": {"type": ["string", "number"]}, "minProperties": 1},
        ]
    }
    builder.definitions["Text"] = {**localized, "description": "A text, or a map from language code to text."}
    builder.definitions["CaptionFiles"] = {**localized, "description": "A path, or a map from language to path."}
    builder.definitions["SoundFiles"] = {**localized, "description": "A path, or a map from language to path."}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Exhibit Kiosk bundle manifest (exhibition.yaml), format 1",
        **root,
        "$defs": dict(sorted(builder.definitions.items())),
    }
