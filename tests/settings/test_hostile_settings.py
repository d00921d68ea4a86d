"""Settings files an attacker, a slip or a dying disk could leave: each ends in the defaults for
what is broken, a located warning and one backup, and the kiosk goes on."""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import random
import stat
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.settings import files
from kiosk.settings.files import load
from kiosk.settings.model import Settings
from kiosk.settings.pin import MAX_ITERATIONS, hash_pin, hash_problem, verify_pin
from kiosk.system import host_checks
from kiosk.system.doctor import Status
from tests.settings.files_at_hand import DEFAULTS, load_reset, write

SALT = base64.b64encode(b"sixteen byte sal").decode()
DIGEST = base64.b64encode(bytes(32)).decode()



def nested(depth: int, *, anchored: bool = False) -> str:
    return f"volume: {'&a ' if anchored else ''}{'[' * depth}{']' * depth}\n"


def broken_hash(iterations: str = "260000", salt: str = SALT, digest: str = DIGEST) -> str:
    return f"pbkdf2_sha256${iterations}${salt}${digest}"


FIX = "set the PIN again with 'kiosk set-pin' (until then no PIN is set)"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("schema_version: -5\n", ":1:17: schema_version: there is no schema version -5 (write 1, the version this "
         "kiosk reads); using the default"),
        ("schema_version: 99\n", ":1:17: schema_version: this file is from a newer kiosk (schema version 99; this "
         "kiosk reads 1) (update the kiosk software, or write 1); using the default"),
        ("schema_version: .nan\n", ":1:17: schema_version: expected a whole number, got the number .nan; "
         "using the default"),
        (nested(990), ":1:72: values are nested more than 64 deep; using the defaults"),
        (nested(990, anchored=True), ":1:75: values are nested more than 64 deep; using the defaults"),
        (nested(200_000), ":1:1008: YAML syntax: exceeded maximum nesting depth; using the defaults"),
        ("idle_timeout: .nan\n", ":1:15: idle_timeout: .nan is not a usable number: use 10 to 3600; using the default"),
        ("idle_timeout: .inf\n", ":1:15: idle_timeout: .inf is not a usable number: use 10 to 3600; using the default"),
        ("still_there_seconds: -.inf\n", ":1:22: still_there_seconds: -.inf is not a usable number: use 3 to 120; "
         "using the default"),
        ("attract: {dwell: .NaN}\n", ":1:18: attract.dwell: .nan is not a usable number: use 1 to 600; using the default"),
        ("tour: {text: 1.0e+308}\n", ":1:14: tour.text: 1.0e+308 is out of range: use 1 to 600; using the default"),
        (f"update: {{interval: {'9' * 400}}}\n", ":1:20: update.interval: a number with 400 digits is out of range: "
         "use 1 to 10080; using the default"),
        (f"volume: {'9' * 5000}\n", f":1:9: volume: expected a whole number, got the text '{'9' * 39}…'; "
         "using the default"),
        ("volume: .nan\n", ":1:9: volume: expected a whole number, got the number .nan; using the default"),
        ("? [a, b]\n: 1\n", ":1:3: expected a key name, got a list; ignored"),
        (f"admin_pin: {broken_hash('0')}\n", f":1:12: admin_pin: the PIN hash is broken: 0 iterations (a sound hash "
         f"has 1,000 to 2,000,000); {FIX}; using the default"),
        (f"admin_pin: {broken_hash('2000000000')}\n", ":1:12: admin_pin: the PIN hash is broken: 2000000000 iterations "
         f"(a sound hash has 1,000 to 2,000,000); {FIX}; using the default"),
        (f"admin_pin: {broken_hash('9' * 40)}\n", ":1:12: admin_pin: the PIN hash is broken: 999999999999… iterations "
         f"(a sound hash has 1,000 to 2,000,000); {FIX}; using the default"),
        (f"admin_pin: {broken_hash(salt='c2FsdA=')}\n", f":1:12: admin_pin: the PIN hash is broken: its salt is not "
         f"base64; {FIX}; using the default"),
        (f"admin_pin: {broken_hash(salt='c2FsdA==')}\n", ":1:12: admin_pin: the PIN hash is broken: its salt is 4 bytes "
         f"(at least 8); {FIX}; using the default"),
        (f"admin_pin: {broken_hash(digest='AAAA')}\n", ":1:12: admin_pin: the PIN hash is broken: its hash is 3 bytes "
         f"(SHA-256 gives 32); {FIX}; using the default"),
        (f"admin_pin: {broken_hash(digest='A=AA')}\n", ":1:12: admin_pin: the PIN hash is broken: its hash is not "
         f"base64; {FIX}; using the default"),
        ("admin_pin: md5$abc\n", ":1:12: admin_pin: 'md5$abc' is not a PIN hash; set the PIN with 'kiosk set-pin'; "
         "using the default"),
    ],
)
def test_hostile_values_end_in_defaults_with_a_located_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, content: str, expected: str
) -> None:
    path = write(tmp_path, content)
    loaded = load_reset(path, caplog, expected)
    assert loaded.backup is not None
    assert loaded.backup.read_bytes() == path.read_bytes()


def junk(rng: random.Random, depth: int = 0) -> str:
    """A random YAML-ish value: scalars YAML reads in odd ways, lists, maps, broken syntax."""
    scalars = [".nan", "-.inf", "1e400", "0x1F", "0o17", "~", "yes", "off", "2026-12-07", "'", '"\\x00"', "!!binary aGk=",
               "&a 1", "*a", "*nope", "{", "]", "-", "? ", ": :", "%YAML 1.1", "\t", "9" * 50, "é", "\\u0000", "|"]
    if depth > 3 or rng.random() < 0.5:
        return rng.choice(scalars)
    if rng.random() < 0.5:
        return "[" + ", ".join(junk(rng, depth + 1) for _ in range(rng.randint(0, 3))) + "]"
    return "{" + ", ".join(f"{rng.choice(['volume', 'tour', 'attract', 'x', 'schema_version', '[1]'])}: "
                           f"{junk(rng, depth + 1)}" for _ in range(rng.randint(0, 3))) + "}"


def test_random_junk_never_stops_loading(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    rng = random.Random(19)
    keys = ["schema_version", "volume", "idle_timeout", "attract", "tour", "opening_hours", "admin_pin", "bundle",
            "update", "[x]", "? a"]
    for number in range(300):
        lines = [f"{rng.choice(keys)}: {junk(rng)}" for _ in range(rng.randint(1, 5))]
        path = tmp_path / f"case{number}" / "kiosk.yaml"
        path.parent.mkdir()
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        loaded = load(path)
        assert isinstance(loaded.settings, Settings)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], "no reader failure reached the guard"


def test_a_reader_failure_still_ends_in_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    def fails(data: bytes, path: Path) -> files.LoadedSettings:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(files, "_parse", fails)
    path = write(tmp_path, "volume: 40\n")
    loaded = load(path)
    assert loaded.settings == DEFAULTS
    assert [p.format(path) for p in loaded.problems] == [f"{path}: cannot be read (RecursionError); using the defaults"]
    assert "reading the settings failed unexpectedly" in caplog.text


def test_a_broken_file_is_backed_up_once_per_content(tmp_path: Path) -> None:
    path = write(tmp_path, "volume: loud\n")
    first = load(path).backup
    for _ in range(23):
        assert load(path).backup == first
    assert first is not None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kiosk.yaml", first.name]
    path.write_text("volume: louder\n")
    second = load(path).backup
    assert second is not None
    assert second != first
    assert second.read_text() == "volume: louder\n"
    assert len(list(tmp_path.glob("kiosk.yaml.bak-*"))) == 2


def test_a_sane_hash_passes_and_a_broken_one_matches_no_pin(monkeypatch: pytest.MonkeyPatch) -> None:
    sane = hash_pin("480213", iterations=1000)
    assert hash_problem(sane) is None
    assert verify_pin("480213", sane)
    slow = hash_pin("480213", iterations=1000).replace("$1000$", f"${MAX_ITERATIONS + 1}$")
    calls: list[int] = []
    monkeypatch.setattr(hashlib, "pbkdf2_hmac", lambda *args: calls.append(args[3]) or b"")
    for stored in (slow, broken_hash("0"), broken_hash(salt="!!!!"), broken_hash(digest="AAAA")):
        assert not verify_pin("480213", stored)
    assert calls == [], "a broken hash is never computed, so 2·10⁹ iterations cannot keep a thread busy"


def test_config_check_names_a_broken_pin_hash(capsys: pytest.CaptureFixture[str]) -> None:
    path = files.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"volume: 40\nadmin_pin: {broken_hash('0')}\n")
    path.chmod(0o600)
    assert main(["config", "check"]) == 1
    assert capsys.readouterr().out == (f"{path}:2:12: admin_pin: the PIN hash is broken: 0 iterations (a sound hash "
                                       f"has 1,000 to 2,000,000); {FIX}; using the default\n")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_settings_file_others_can_write_draws_a_warning(capsys: pytest.CaptureFixture[str]) -> None:
    path = files.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("volume: 40\n")
    path.chmod(0o666)
    assert main(["config", "check"]) == 0
    assert capsys.readouterr().out == (
        f"warning: {path} can be changed by any user of this computer (mode -rw-rw-rw-): whoever can change "
        f"it can set their own admin PIN; fix it with: chmod o-w {path}\n{path}: valid\n")
    assert host_checks.check_settings()[1].status is Status.WARN
    path.chmod(0o644)
    path.parent.chmod(0o777)
    try:
        assert main(["config", "check"]) == 0
        assert capsys.readouterr().out == (
            f"warning: {path.parent} can be changed by any user of this computer, who could replace kiosk.yaml "
            f"(mode drwxrwxrwx): whoever can change it can set their own admin PIN; fix it with: chmod o-w "
            f"{path.parent}\n{path}: valid\n")
        path.parent.chmod(0o777 | stat.S_ISVTX)
        assert files.writable_by_others(path) is None, "the sticky bit keeps others from replacing the file"
    finally:
        path.parent.chmod(0o755)
    assert files.writable_by_others(path) is None
    assert host_checks.check_settings()[1].status is Status.OK
