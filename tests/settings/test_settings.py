"""Device settings: a broken kiosk.yaml never stops the kiosk, and good ones round-trip."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.settings import files
from kiosk.settings.files import InvalidSetting, load, parse_value, save, with_value
from kiosk.settings.hours import is_open, next_change
from kiosk.settings.pin import PinError, check_new_pin, hash_pin, verify_pin
from tests.settings.files_at_hand import DEFAULTS, load_reset, write


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"idle_timeout: [1\n", ":2:1: YAML syntax: did not find expected ',' or ']'; using the defaults"),
        (b"\x00\x9f\x92\x96 binary junk", ":1: this is binary data, not a YAML text (the settings file must be text); "
         "using the defaults"),
        (b"", ": the file is empty; using the defaults"),
        (b"volume: \xff\n", ":1:9: byte 0xff is not UTF-8 text (save the settings file as UTF-8); using the defaults"),
        (b"- a list\n", ":1:1: expected a map of settings; using the defaults"),
        (b"volume: loud\n", ":1:9: volume: expected a whole number, got the text 'loud'; using the default"),
        (b"volume: 250\n", ":1:9: volume: 250 is out of range: use 0 to 100; using the default"),
        (b"idle_timeout: true\n", ":1:15: idle_timeout: expected a number, got 'true' (true/false); using the default"),
        (b"cursor: invisible\n", ":1:9: cursor: expected 'hidden' or 'auto' or 'shown', got the text 'invisible'; "
         "using the default"),
        (b"idel_timeout: 30\n", ":1:1: idel_timeout: unknown key 'idel_timeout' (did you mean 'idle_timeout'?); ignored"),
        (b"attract:\n  dwel: 3\n", ":2:3: attract.dwel: unknown key 'dwel' (did you mean 'dwell'?); ignored"),
        (b"opening_hours: {funday: ['09:00-17:00']}\n", ":1:16: opening_hours: 'funday' is not a weekday: use monday, "
         "tuesday, wednesday, thursday, friday, saturday, sunday; using the default"),
        (b"admin_pin: '1234'\n", ":1:12: admin_pin: '1234' is not a PIN hash; set the PIN with 'kiosk set-pin'; "
         "using the default"),
        (b"update: {url: ftp://example.org/b.zip}\n", ":1:15: update.url: 'ftp://example.org/b.zip' is not a web address "
         "(start it with http:// or https://, such as 'https://example.org/exhibition.zip'); using the default"),
    ],
)
def test_a_broken_file_ends_in_defaults_a_backup_and_a_located_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, content: bytes, expected: str
) -> None:
    path = write(tmp_path, content)
    loaded = load_reset(path, caplog, expected)
    assert loaded.backup is not None
    assert loaded.backup.name.startswith("kiosk.yaml.bak-")
    assert loaded.backup.read_bytes() == content
    assert path.read_bytes() == content, "the original stays until someone saves"


def test_only_the_bad_keys_fall_back(tmp_path: Path) -> None:
    path = write(tmp_path, "volume: 40\nidle_timeout: -1\ncursor: auto\ntour:\n  image: 0\n  text: 12\n")
    loaded = load(path)
    assert (loaded.settings.volume, loaded.settings.cursor) == (40, "auto")
    assert loaded.settings.idle_timeout == DEFAULTS.idle_timeout
    assert (loaded.settings.tour.image, loaded.settings.tour.text) == (DEFAULTS.tour.image, 12.0)
    assert [p.key for p in loaded.problems] == ["idle_timeout", "tour.image"]


def test_a_good_file_loads_without_backup(tmp_path: Path) -> None:
    path = write(tmp_path, "schema_version: 1\nlanguage: fr\nopening_hours:\n  monday: ['09:00-12:00', '13:00-18:00']\n")
    loaded = load(path)
    assert loaded.problems == []
    assert loaded.backup is None
    assert loaded.settings.language == "fr"
    assert loaded.settings.opening_hours == {"monday": ["09:00-12:00", "13:00-18:00"]}
    assert list(tmp_path.iterdir()) == [path]


def test_a_missing_file_means_defaults(tmp_path: Path) -> None:
    assert load(tmp_path / "absent.yaml").settings == DEFAULTS


def test_saved_settings_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.yaml"
    changed = with_value(with_value(DEFAULTS, "volume", 35), "tour.gallery", 4.5)
    save(changed, path)
    assert load(path).settings == changed
    text = path.read_text()
    assert "volume: 35" in text
    assert "idle_timeout" not in text, "defaults are not written, so new defaults reach old kiosks"
    assert [p.name for p in tmp_path.iterdir()] == ["kiosk.yaml"], "no temporary file left"


@pytest.mark.parametrize(
    ("key", "text", "expected"),
    [
        ("volume", "55", 55),
        ("idle_timeout", "120", 120.0),
        ("cursor", "auto", "auto"),
        ("attract.enabled", "false", False),
        ("language", "", None),
        ("kiosk_id", "hall-2", "hall-2"),
        ("opening_hours", "{saturday: ['10:00-16:00']}", {"saturday": ["10:00-16:00"]}),
    ],
)
def test_values_typed_on_the_command_line(key: str, text: str, expected: object) -> None:
    assert parse_value(key, text) == expected


@pytest.mark.parametrize(
    ("key", "text", "message"),
    [
        ("volume", "101", "101 is out of range: use 0 to 100"),
        ("volume", "half", "expected a whole number, got the text 'half'"),
        ("cursor", "none", "expected 'hidden' or 'auto' or 'shown', got the text 'none'"),
        ("attract", "off", "'attract' is a group; set one of its keys, such as 'attract.enabled'"),
        ("admin_pin", "1234", "set the PIN with 'kiosk set-pin', which stores only its hash"),
    ],
)
def test_invalid_values_are_refused_with_a_reason(key: str, text: str, message: str) -> None:
    with pytest.raises(InvalidSetting) as error:
        parse_value(key, text)
    assert str(error.value) == message


def test_unknown_keys_are_refused() -> None:
    with pytest.raises(KeyError):
        parse_value("volumes", "3")


def test_an_older_schema_is_migrated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(files.MIGRATIONS, 1, lambda raw: {**{k: v for k, v in raw.items() if k != "idle"},
                                                           "idle_timeout": raw["idle"]})
    monkeypatch.setattr("kiosk.settings.model.SCHEMA_VERSION", 2)
    path = write(tmp_path, "schema_version: 1\nidle: 45\n")
    loaded = load(path)
    assert loaded.settings.idle_timeout == 45.0


def test_the_pin_is_stored_only_as_a_hash() -> None:
    stored = hash_pin("480213", iterations=1000)
    assert "480213" not in stored
    assert stored.startswith("pbkdf2_sha256$1000$")
    assert verify_pin("480213", stored)
    assert not verify_pin("480214", stored)
    assert not verify_pin("480213", "plain-text")
    assert hash_pin("480213", iterations=1000) != stored, "a new salt every time"
    settings = with_value(DEFAULTS, "admin_pin", stored)
    assert settings.admin_pin == stored


@pytest.mark.parametrize(("pin", "message"), [("12a4", "use digits only: the PIN pad has no letters"),
                                               ("123", "use 4 to 12 digits"), ("0000", "use more than one digit: "
                                               "a PIN of one repeated digit is guessed first")])
def test_weak_pins_are_refused(pin: str, message: str) -> None:
    with pytest.raises(PinError, match=message):
        check_new_pin(pin)


def test_opening_hours() -> None:
    hours = {"monday": ["09:00-12:00", "13:00-18:00"], "sunday": ["10:00-24:00"]}
    monday = dt.datetime(2026, 11, 23, 11, 59)
    assert is_open(hours, monday)
    assert not is_open(hours, monday.replace(hour=12, minute=30))
    assert not is_open(hours, dt.datetime(2026, 11, 24, 10, 0)), "a day not listed is closed"
    assert is_open(hours, dt.datetime(2026, 11, 29, 23, 59))
    assert is_open({}, monday), "no hours: always open"
    assert next_change(hours, monday) == dt.datetime(2026, 11, 23, 12, 0)
    assert next_change(hours, monday.replace(hour=12, minute=30)) == dt.datetime(2026, 11, 23, 13, 0)
