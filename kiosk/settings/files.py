"""Reading and writing `kiosk.yaml` so that a broken file never stops the kiosk.

A file that cannot be read at all (bad YAML, binary junk, an empty file, nesting too deep,
a schema version no kiosk wrote) is copied to `kiosk.yaml.bak-TIMESTAMP` and every setting
takes its default. A file with bad keys is backed up the same way and only those keys take
their defaults. A content already backed up is not copied again, so a broken file read by
every command leaves one backup, not one per command. Each problem is logged with
file:line. Writing is atomic: a temporary file, then `os.replace`.
"""

from __future__ import annotations

import dataclasses
import difflib
import logging
import math
import os
import re
import shutil
import stat
import tempfile
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kiosk import paths
from kiosk.bundle.yamlnodes import ManifestSyntaxError, compose, position, scalar_value
from kiosk.settings.hours import parse_ranges
from kiosk.settings.model import SCHEMA_VERSION, WEEKDAYS, Settings

log = logging.getLogger("kiosk.settings")
FILENAME = "kiosk.yaml"

# Each migration turns the raw mapping of one schema version into the next one's.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def settings_path() -> Path:
    return paths.config_dir() / FILENAME


@dataclass(frozen=True)
class SettingsProblem:
    key: str
    message: str
    line: int | None = None

    def format(self, path: Path) -> str:
        where = f"{path}:{self.line}" if self.line else str(path)
        return f"{where}: {self.key + ': ' if self.key else ''}{self.message}"


@dataclass
class LoadedSettings:
    settings: Settings
    problems: list[SettingsProblem] = field(default_factory=list)
    backup: Path | None = None
    explicit: dict[str, Any] = field(default_factory=dict)


class InvalidSetting(ValueError):
    """A value that a setting cannot take; the message says why."""


# -- converting one value -------------------------------------------------------------------

def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, float) and not math.isfinite(value):
        return f"the number {_yaml_float(value)}"
    if isinstance(value, (int, float)):
        return _show_number(value)
    if isinstance(value, str):
        return f"the text '{_shorten(value)}'"
    if isinstance(value, list):
        return "a list"
    return "a map of keys"


def convert(f: dataclasses.Field[Any], tp: Any, value: object) -> Any:
    """The value a setting takes from `value`, or InvalidSetting saying why not."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        if value is None or value == "":
            return None
        return convert(f, next(a for a in args if a is not type(None)), value)
    if origin is typing.Literal:
        if value not in args:
            raise InvalidSetting(f"expected one of {', '.join(args)}, got {_describe(value)}")
        return value
    if tp is bool:
        if not isinstance(value, bool):
            raise InvalidSetting(f"expected true or false, got {_describe(value)}")
        return value
    if tp in (int, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (tp is int and isinstance(value, float)):
            raise InvalidSetting(f"expected {'a whole number' if tp is int else 'a number'}, got {_describe(value)}")
        low, high = f.metadata.get("minimum"), f.metadata.get("maximum")
        if isinstance(value, float) and not math.isfinite(value):
            raise InvalidSetting(f"{_yaml_float(value)} is not a usable number: use {_number(low)} to {_number(high)}")
        if (low is not None and value < low) or (high is not None and value > high):
            shown = _show_number(value).removeprefix("the number ")
            raise InvalidSetting(f"{shown} is out of range: use {_number(low)} to {_number(high)}")
        return tp(value)
    if tp is str:
        if isinstance(value, (dict, list)) or value is None:
            raise InvalidSetting(f"expected a text, got {_describe(value)}")
        text = str(value)
        pattern = f.metadata.get("pattern")
        if pattern and not re.fullmatch(pattern, text):
            raise InvalidSetting(f"'{_shorten(text)}' is not valid here")
        check = f.metadata.get("check")
        problem = check(text) if check is not None else None
        if problem:
            raise InvalidSetting(problem)
        return text
    if origin is dict:
        return _opening_hours(value)
    raise InvalidSetting(f"cannot read {_describe(value)}")


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _show_number(value: float) -> str:
    """A number as the message shows it; one with hundreds of digits by its length."""
    if isinstance(value, int) and abs(value) >= 10**15:
        return f"a number with {len(str(abs(value)))} digits"
    return f"the number {value}"


def _yaml_float(value: float) -> str:
    """NaN and the infinities as YAML writes them, the way the file said them."""
    return ".nan" if math.isnan(value) else ".inf" if value > 0 else "-.inf"


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _opening_hours(value: object) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        raise InvalidSetting(f"expected a map from weekday to time ranges, got {_describe(value)}")
    hours: dict[str, list[str]] = {}
    for day, ranges in value.items():
        if str(day).lower() not in WEEKDAYS:
            raise InvalidSetting(f"'{day}' is not a weekday: use {', '.join(WEEKDAYS)}")
        items = ranges if isinstance(ranges, list) else [ranges]
        try:
            parse_ranges([str(item) for item in items if item is not None])
        except ValueError as error:
            raise InvalidSetting(f"{day}: {error}") from None
        hours[str(day).lower()] = [str(item) for item in items if item is not None]
    return hours


# -- reading ------------------------------------------------------------------------------

def _is_words(tp: Any) -> bool:
    """A choice of words, where YAML would read `off` or `yes` as true/false."""
    return typing.get_origin(tp) is typing.Literal

def _plain(node: yaml.Node) -> object:
    if isinstance(node, yaml.MappingNode):
        return {str(k.value): _plain(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_plain(child) for child in node.value]
    return scalar_value(node)  # type: ignore[arg-type]


class _Reader:
    def __init__(self) -> None:
        self.problems: list[SettingsProblem] = []
        self.explicit: dict[str, Any] = {}

    def read(self, cls: Any, node: yaml.MappingNode, prefix: str) -> Any:
        fields = {f.name: f for f in dataclasses.fields(cls)}
        hints = typing.get_type_hints(cls)
        values: dict[str, Any] = {}
        for key_node, value_node in node.value:
            name = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "(a list or map as a key)"
            key = f"{prefix}{name}"
            line = position(key_node)[0]
            if name not in fields:
                close = difflib.get_close_matches(name, fields, n=1)
                hint = f" (did you mean '{prefix}{close[0]}'?)" if close else ""
                self.problems.append(SettingsProblem(key, f"unknown setting, ignored{hint}", line))
                continue
            tp = hints[name]
            if dataclasses.is_dataclass(tp):
                if isinstance(value_node, yaml.MappingNode):
                    values[name] = self.read(tp, value_node, f"{key}.")
                elif not (isinstance(value_node, yaml.ScalarNode) and scalar_value(value_node) is None):
                    self.problems.append(SettingsProblem(key, "expected a map of settings; using the defaults", line))
                continue
            raw = _plain(value_node)
            if _is_words(tp) and isinstance(value_node, yaml.ScalarNode):
                raw = str(value_node.value)
            try:
                values[name] = convert(fields[name], tp, raw)
                self.explicit[key] = values[name]
            except InvalidSetting as error:
                self.problems.append(SettingsProblem(key, f"{error}; using the default", position(value_node)[0]))
        return cls(**values)


def _backup(path: Path, data: bytes) -> tuple[Path, bool]:
    """A copy of the broken file beside it, and whether it is new: the same content backed up
    earlier is not copied again."""
    for earlier in sorted(path.parent.glob(f"{glob_escape(path.name)}.bak-*")):
        try:
            if earlier.stat().st_size == len(data) and earlier.read_bytes() == data:
                return earlier, False
        except OSError:
            continue
    backup = paths.set_aside(path, "bak")
    shutil.copy2(path, backup)
    return backup, True


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def load(path: Path | None = None) -> LoadedSettings:
    """The settings in `path` (default: the user config folder's kiosk.yaml).

    Never raises for a bad file: problems are logged, the file is backed up, and bad keys
    take their defaults.
    """
    path = path or settings_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return LoadedSettings(Settings())
    except OSError as error:
        log.warning("%s: cannot read the settings (%s); using the defaults", path, error.strerror)
        return LoadedSettings(Settings(), [SettingsProblem("", f"cannot be read: {error.strerror}")])
    try:
        loaded = _parse(data, path)
    except Exception as error:  # a broken file never stops the kiosk, whatever is in it
        log.error("%s: reading the settings failed unexpectedly", path, exc_info=True)
        why = f"cannot be read ({type(error).__name__}); using the defaults"
        loaded = LoadedSettings(Settings(), [SettingsProblem("", why)])
    if loaded.problems:
        new = False
        try:
            loaded.backup, new = _backup(path, data)
        except OSError as error:
            log.warning("%s: cannot back up the settings: %s", path, error.strerror)
        for problem in loaded.problems:
            log.warning("%s", problem.format(path))
        if loaded.backup:
            log.warning("%s: the file as it was is kept in %s%s", path, loaded.backup.name,
                        "" if new else " (backed up earlier)")
    return loaded


def _parse(data: bytes, path: Path) -> LoadedSettings:
    if not data.strip():
        return LoadedSettings(Settings(), [SettingsProblem("", "the file is empty; using the defaults")])
    try:
        root = compose(data, "the settings file")
    except ManifestSyntaxError as error:
        return LoadedSettings(Settings(), [SettingsProblem("", f"{error.message}; using the defaults", error.line)])
    if not isinstance(root, yaml.MappingNode):
        line = position(root)[0] if root is not None else None
        return LoadedSettings(Settings(), [SettingsProblem("", "expected a map of settings; using the defaults", line)])
    root = _migrate(root, path)
    reader = _Reader()
    settings = reader.read(Settings, root, "")
    return LoadedSettings(settings, reader.problems, explicit=reader.explicit)


def _migrate(root: yaml.MappingNode, path: Path) -> yaml.MappingNode:
    """An older file's layout upgraded; any other version is left for the reader to report."""
    version_node = next((v for k, v in root.value if k.value == "schema_version"), None)
    version = scalar_value(version_node) if isinstance(version_node, yaml.ScalarNode) else SCHEMA_VERSION
    if not isinstance(version, int) or isinstance(version, bool) or version >= SCHEMA_VERSION:
        return root
    if any(step not in MIGRATIONS for step in range(version, SCHEMA_VERSION)):
        return root  # no kiosk wrote this version: `schema_version` is reported out of range
    raw = _plain(root)
    if not isinstance(raw, dict):
        return root
    while version < SCHEMA_VERSION:
        raw = MIGRATIONS[version](raw)
        version += 1
    raw["schema_version"] = SCHEMA_VERSION
    log.info("%s: settings upgraded from schema version %s", path, scalar_value(version_node))  # type: ignore[arg-type]
    node = compose(yaml.safe_dump(raw, allow_unicode=True).encode(), "the settings file")
    return node if isinstance(node, yaml.MappingNode) else root


def writable_by_others(path: Path) -> str | None:
    """Why someone other than its owner could change the settings (and so the admin PIN), or None.

    A file anyone may write, or one in a folder anyone may write without the sticky bit
    (anyone could replace the file), lets any account on the machine set its own PIN hash.
    """
    try:
        mode = path.stat().st_mode
        folder = path.parent.stat().st_mode
    except OSError:
        return None
    risk = "whoever can change it can set their own admin PIN"
    if mode & stat.S_IWOTH:
        return (f"{path} can be changed by any user of this computer (mode {stat.filemode(mode)}): {risk}; "
                f"fix it with: chmod o-w {path}")
    if folder & stat.S_IWOTH and not folder & stat.S_ISVTX:
        return (f"{path.parent} can be changed by any user of this computer, who could replace {path.name} "
                f"(mode {stat.filemode(folder)}): {risk}; fix it with: chmod o-w {path.parent}")
    return None


# -- writing ------------------------------------------------------------------------------

def lookup(key: str) -> tuple[dataclasses.Field[Any], Any]:
    """The field and type of a dotted setting name, or KeyError."""
    cls: Any = Settings
    parts = key.split(".")
    for index, part in enumerate(parts):
        fields = {f.name: f for f in dataclasses.fields(cls)}
        if part not in fields:
            raise KeyError(key)
        tp = typing.get_type_hints(cls)[part]
        if index == len(parts) - 1:
            return fields[part], tp
        if not dataclasses.is_dataclass(tp):
            raise KeyError(key)
        cls = tp
    raise KeyError(key)


def get(settings: Settings, key: str) -> Any:
    value: Any = settings
    for part in key.split("."):
        value = getattr(value, part)
    return value


def with_value(settings: Settings, key: str, value: Any) -> Settings:
    replaced: Settings = _replaced(settings, key, value)
    return replaced


def _replaced(group: Any, key: str, value: Any) -> Any:
    """A copy of the settings group `group` with the dotted `key` set to `value`."""
    head, _, rest = key.partition(".")
    return dataclasses.replace(group, **{head: _replaced(getattr(group, head), rest, value) if rest else value})


def explicit_values(settings: Settings) -> dict[str, Any]:
    """The settings that differ from their defaults, as a nested mapping for the file."""

    def differences(current: Any, default: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(current):
            value, base = getattr(current, f.name), getattr(default, f.name)
            if dataclasses.is_dataclass(value):
                nested = differences(value, base)
                if nested:
                    out[f.name] = nested
            elif value != base:
                out[f.name] = value
        return out

    return {"schema_version": SCHEMA_VERSION, **differences(settings, Settings())}


HEADER = "# Exhibit Kiosk device settings. `kiosk config show` lists every setting and its default.\n"


def save(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings that differ from the defaults, atomically."""
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = HEADER + yaml.safe_dump(explicit_values(settings), allow_unicode=True, sort_keys=False)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def parse_value(key: str, text: str) -> Any:
    """A value typed on the command line, checked against its setting."""
    f, tp = lookup(key)
    if dataclasses.is_dataclass(tp):
        raise InvalidSetting(f"'{key}' is a group; set one of its keys, such as '{key}.{dataclasses.fields(tp)[0].name}'")
    if key == "admin_pin":
        raise InvalidSetting("set the PIN with 'kiosk set-pin', which stores only its hash")
    try:
        node = compose(text.encode(), "the value")
    except ManifestSyntaxError as error:
        raise InvalidSetting(error.message) from None
    value = None if node is None else _plain(node)
    if (tp is str and isinstance(value, (int, float))) or (_is_words(tp) and isinstance(value, bool)):
        value = text
    return convert(f, tp, value)
