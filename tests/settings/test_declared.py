"""The settings are read by the manifest's reader, against their one declaration.

Every problem says file:line:column, the key, what is wrong, how to fix it and what the kiosk
does instead; a broken `schema_version` is one such problem, never a reason to stop.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.bundle import jsonschema
from kiosk.declare.rules import LANGUAGE
from kiosk.settings import files
from kiosk.settings.files import load
from kiosk.settings.model import restart_keys
from tests.settings.files_at_hand import DEFAULTS, load_reset, write

LANGUAGE_HINT = "use a BCP 47 code such as 'en', 'fr', 'ar', 'zh-Hans' or 'pt-BR'"



@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("schema_version: 0\n", ":1:17: schema_version: there is no schema version 0 (write 1, the version this kiosk "
         "reads); using the default"),
        ("schema_version: -1\n", ":1:17: schema_version: there is no schema version -1 (write 1, the version this "
         "kiosk reads); using the default"),
        ('schema_version: "x"\n', ":1:17: schema_version: expected a whole number, got the text 'x'; using the default"),
        ("schema_version: 999\n", ":1:17: schema_version: this file is from a newer kiosk (schema version 999; this "
         "kiosk reads 1) (update the kiosk software, or write 1); using the default"),
        ("schema_version: 1.5\n", ":1:17: schema_version: expected a whole number, got the number 1.5; "
         "using the default"),
        ("schema_version: true\n", ":1:17: schema_version: expected a whole number, got 'true' (true/false); "
         "using the default"),
        ("schema_version: [1]\n", ":1:17: schema_version: expected a whole number, got a list; using the default"),
        ("schema_version:\n", ":1:16: schema_version: expected a whole number, got nothing; using the default"),
        ("volume: [80]\n", ":1:9: volume: expected a whole number, got a list; using the default"),
        ("attract: {enabled: maybe}\n", ":1:20: attract.enabled: expected true or false, got the text 'maybe'; "
         "using the default"),
        ("tour: [1, 2]\n", ":1:7: tour: expected a map of keys, got a list; using the defaults"),
        ("closed_display: dark\n", ":1:17: closed_display: expected 'dim' or 'blank', got the text 'dark'; "
         "using the default"),
        ("kiosk_id: {a: 1}\n", ":1:11: kiosk_id: expected a text, got a map of keys; using the default"),
        ("colume: 40\n", ":1:1: colume: unknown key 'colume' (did you mean 'volume'?); ignored"),
        ("x-mine: 1\n", ":1:1: x-mine: unknown key 'x-mine' (keys here: schema_version, kiosk_id, bundle, language, "
         "idle_timeout, still_there_seconds, attract, tour, volume, cursor, screen, opening_hours, closed_display, "
         "admin_pin, analytics, update, watch_folder, keep_versions, status_file); ignored"),
        ("update: {sha256: x}\n", ":1:10: update.sha256: unknown key 'sha256' (did you mean 'sha256_url'?); ignored"),
        ("volume: 80\nvolume: 50\n", ":2:1: volume: key 'volume' appears twice (the first is on line 1; keep one); "
         "ignored"),
        ("language: english\n", f":1:11: language: 'english' is not a language code ({LANGUAGE_HINT}); "
         "using the default"),
        ("language: e\n", f":1:11: language: 'e' is not a language code ({LANGUAGE_HINT}); using the default"),
        ("language: zh_Hans\n", f":1:11: language: 'zh_Hans' is not a language code ({LANGUAGE_HINT}); "
         "using the default"),
        ("language: pt-\n", f":1:11: language: 'pt-' is not a language code ({LANGUAGE_HINT}); using the default"),
        ("kiosk_id: hall 2\n", ":1:11: kiosk_id: 'hall 2' is not a kiosk name (use at most 64 letters, digits, dots, "
         "hyphens and underscores); using the default"),
    ],
)
def test_each_bad_key_is_located_explained_and_reset(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, content: str, expected: str
) -> None:
    path = write(tmp_path, content)
    loaded = load_reset(path, caplog, expected)
    assert [problem.format(path) for problem in loaded.problems] == [f"{path}{expected}"]
    assert loaded.backup is not None
    assert loaded.backup.read_text(encoding="utf-8") == content


def test_a_bad_schema_version_resets_only_itself(tmp_path: Path) -> None:
    path = write(tmp_path, "schema_version: -1\nvolume: 35\nlanguage: zh-Hans\nlanguage_x: 1\n")
    loaded = load(path)
    assert (loaded.settings.schema_version, loaded.settings.volume, loaded.settings.language) == (1, 35, "zh-Hans")
    assert [(p.key, p.line, p.column) for p in loaded.problems] == [("schema_version", 1, 17), ("language_x", 4, 1)]
    assert loaded.explicit == {"volume": 35, "language": "zh-Hans"}


@pytest.mark.parametrize("version", ["0", "-1", "'x'", "999"])
def test_a_bad_schema_version_is_never_migrated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                version: str) -> None:
    """With migrations registered, a version no kiosk wrote is reported, not looked up in them."""
    monkeypatch.setattr(files, "SCHEMA_VERSION", 3)
    monkeypatch.setitem(files.MIGRATIONS, 1, lambda raw: {**raw, "volume": 10})
    monkeypatch.setitem(files.MIGRATIONS, 2, lambda raw: {**raw, "volume": 20})
    loaded = load(write(tmp_path, f"schema_version: {version}\nidle_timeout: 30\n"))
    assert loaded.settings.volume == DEFAULTS.volume
    assert loaded.settings.idle_timeout == 30.0
    assert [p.key for p in loaded.problems] == ["schema_version"]


def test_the_restart_keys_come_from_the_declaration() -> None:
    assert restart_keys() == (
        "kiosk_id", "bundle", "tour.text", "tour.image", "tour.gallery", "tour.article", "cursor", "screen",
        "analytics.enabled", "analytics.retention_days", "analytics.export_folder", "update.url",
        "update.interval", "update.sha256_url", "watch_folder", "keep_versions")


def language_key_patterns(schema: object) -> set[str]:
    """Every `propertyNames` pattern in the manifest's JSON Schema."""
    if isinstance(schema, dict):
        names = schema.get("propertyNames", {})
        found = {names["pattern"]} if "pattern" in names else set()
        return found.union(*(language_key_patterns(value) for value in schema.values()))
    if isinstance(schema, list):
        return set().union(*(language_key_patterns(value) for value in schema))
    return set()


@pytest.mark.parametrize(("tag", "valid"), [("en", True), ("zh-Hans", True), ("pt-BR", True), ("sr-Latn-RS", True),
                                            ("english", False), ("e", False), ("zh_Hans", False), ("pt-", False)])
def test_one_language_pattern_serves_the_manifest_the_settings_and_the_schema(tag: str, valid: bool) -> None:
    assert LANGUAGE.matches(tag) is valid
    patterns = language_key_patterns(jsonschema.manifest_schema())
    assert patterns == {f"^{LANGUAGE.regex}$", "^[a-z][a-z0-9_]*$"}, "language codes, and interface words' keys"
    if valid:
        assert files.parse_value("language", tag) == tag
    else:
        with pytest.raises(files.InvalidSetting) as error:
            files.parse_value("language", tag)
        assert str(error.value) == f"'{tag}' is not a language code ({LANGUAGE_HINT})"
