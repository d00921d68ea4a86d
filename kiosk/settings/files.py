"""Reading and writing `kiosk.yaml` so that a broken file never stops the kiosk.

The file is read by the shared declaration reader (`kiosk.declare.reader`) against the
declaration in `model.py`. A file that cannot be read at all (bad YAML, binary junk, an empty
file, nesting too deep) is copied to `kiosk.yaml.bak-TIMESTAMP` and every setting takes its
default. A file with bad keys (among them a `schema_version` no kiosk wrote: 0, -1, a text,
a future version) is backed up the same way and only those keys take their defaults. A
content already backed up is not copied again, so a broken file read by every command leaves
one backup, not one per command. Each problem is logged as file:line:column, key, what is
wrong, how to fix it, and what the kiosk does instead. Writing is atomic: a temporary file,
then `os.replace`.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import shutil
import stat
import tempfile
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kiosk import paths
from kiosk.declare.nodes import YamlSyntaxError, compose, position, scalar_value
from kiosk.declare.reader import INVALID, Problem, Reader, declared, plain
from kiosk.settings import settings_path
from kiosk.settings.model import SCHEMA_VERSION, Settings

log = logging.getLogger("kiosk.settings")

# Each migration turns the raw mapping of one schema version into the next one's.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


@dataclass(frozen=True)
class SettingsProblem(Problem):
    """A problem of the settings file, and what the kiosk does about it (`outcome`)."""

    outcome: str = "using the defaults"

    def format(self, path: Path) -> str:
        """`file:line:col: key: what is wrong (how to fix it); what the kiosk does instead`."""
        text = f"{self.where(path)}: {self.key + ': ' if self.key else ''}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return f"{text}; {self.outcome}" if self.outcome else text


@dataclass
class LoadedSettings:
    settings: Settings
    problems: list[SettingsProblem] = field(default_factory=list)
    backup: Path | None = None
    explicit: dict[str, Any] = field(default_factory=dict)


class InvalidSetting(ValueError):
    """A value that a setting cannot take; the message says why."""


# -- reading ------------------------------------------------------------------------------

class SettingsReader(Reader):
    """The shared reader (`kiosk.declare.reader`) with the settings' leniency: a key that
    cannot be read takes its default, an empty group or text means "the default" or "none",
    and every problem says what the kiosk does instead."""

    private_prefix = None

    def __init__(self) -> None:
        super().__init__()
        self.settings_problems: list[SettingsProblem] = []
        self.explicit: dict[str, Any] = {}

    def report(self, problem: Problem) -> None:
        self.settings_problems.append(SettingsProblem(**vars(problem), outcome=_outcome(problem)))

    def accepted(self, path: str, value: Any) -> None:
        if not dataclasses.is_dataclass(value):
            self.explicit[path] = value

    def convert_union(self, node: yaml.Node, tp: Any, path: str) -> Any:
        if isinstance(node, yaml.ScalarNode) and scalar_value(node) == "" and type(None) in typing.get_args(tp):
            return None
        return super().convert_union(node, tp, path)

    def convert_object(self, node: yaml.Node, cls: Any, path: str) -> Any:
        if path and isinstance(node, yaml.ScalarNode) and scalar_value(node) is None:
            return INVALID  # `attract:` with nothing after it: the group's defaults, quietly
        return super().convert_object(node, cls, path)


def _outcome(problem: Problem) -> str:
    if problem.ignored:
        return "ignored"
    try:
        _field, tp = lookup(problem.key)
    except KeyError:
        return "using the defaults"
    return "using the defaults" if dataclasses.is_dataclass(tp) else "using the default"


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
        why = f"cannot be read ({type(error).__name__})"
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
        return LoadedSettings(Settings(), [SettingsProblem("", "the file is empty")])
    try:
        root = compose(data, "the settings file")
    except YamlSyntaxError as error:
        return LoadedSettings(Settings(), [SettingsProblem("", error.message, error.line, error.column, error.hint)])
    if not isinstance(root, yaml.MappingNode):
        line, column = position(root) if root is not None else (None, None)
        return LoadedSettings(Settings(), [SettingsProblem("", "expected a map of settings", line, column)])
    root = _migrate(root, path)
    reader = SettingsReader()
    settings = reader.convert(root, Settings, "")
    return LoadedSettings(settings, reader.settings_problems, explicit=reader.explicit)


def _migrate(root: yaml.MappingNode, path: Path) -> yaml.MappingNode:
    """An older file's layout upgraded; any other version is left for the reader to report."""
    version_node = next((v for k, v in root.value if k.value == "schema_version"), None)
    version = scalar_value(version_node) if isinstance(version_node, yaml.ScalarNode) else SCHEMA_VERSION
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version < SCHEMA_VERSION:
        return root
    if any(step not in MIGRATIONS for step in range(version, SCHEMA_VERSION)):
        return root  # no kiosk wrote this version: the reader reports `schema_version`
    raw = plain(root)
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
    """The field and declared type (with its rules) of a dotted setting name, or KeyError."""
    cls: Any = Settings
    parts = key.split(".")
    for index, part in enumerate(parts):
        fields, hints = declared(cls)
        if part not in fields:
            raise KeyError(key)
        tp = hints[part]
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
    """A value typed on the command line, checked against its setting by the same reader."""
    _field, tp = lookup(key)
    if dataclasses.is_dataclass(tp):
        raise InvalidSetting(f"'{key}' is a group; set one of its keys, such as '{key}.{dataclasses.fields(tp)[0].name}'")
    if key == "admin_pin":
        raise InvalidSetting("set the PIN with 'kiosk set-pin', which stores only its hash")
    try:
        node = compose(text.encode(), "the value") or compose(b"~")
    except YamlSyntaxError as error:
        raise InvalidSetting(error.message) from None
    reader = SettingsReader()
    value = reader.convert(node, tp, key)  # type: ignore[arg-type]
    if reader.settings_problems:
        problem = reader.settings_problems[0]
        raise InvalidSetting(f"{problem.message} ({problem.hint})" if problem.hint else problem.message)
    return value
