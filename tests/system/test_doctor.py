"""`kiosk doctor`: a healthy sample, a bundle whose media are damaged in ways validation cannot
see, broken settings and store, and the exit status of the real command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from kiosk import paths
from kiosk.bundle.validate import validate
from kiosk.commands.doctor import diagnose
from kiosk.store.durable import write_json
from kiosk.store.records import State
from kiosk.store.store import default_root
from kiosk.system import doctor, host_checks
from kiosk.system.doctor import Check, Status
from tests.conftest import REPO, SAMPLE
from tests.ui.conftest import MEDIA_NOISE

pytestmark = MEDIA_NOISE  # QtMultimedia's notes as it loads, before the doctor routes Qt's messages

MEDIA = SAMPLE / "media"
FILM = MEDIA / "entertainment" / "murmuration.mp4"
PICTURE = MEDIA / "art" / "imagined-coast.jpg"
SOUND = MEDIA / "music" / "markov-nocturne.ogg"

MANIFEST = """\
format: 1
id: damaged
version: "1"
title: {{en: "Damaged {private}"}}
languages: [en]
sections:
  - id: all
    title: {{en: Everything}}
    exhibits:
      - {{id: good, type: image, title: {{en: Good}}, file: media/good.jpg, alt: {{en: A coast}}}}
      - {{id: cut-picture, type: image, title: {{en: Cut}}, file: media/cut.jpg, alt: {{en: A coast}}}}
      - {{id: junk-picture, type: image, title: {{en: Junk}}, file: media/junk.jpg, alt: {{en: Noise}}}}
      - {{id: song, type: audio, title: {{en: Song}}, file: media/song.ogg, transcript: {{en: Music.}}}}
      - {{id: cut-film, type: video, title: {{en: Cut film}}, file: media/cut.mp4, transcript: {{en: Birds.}}}}
      - {{id: junk-film, type: video, title: {{en: Junk film}}, file: media/junk.mp4, transcript: {{en: None.}}}}
"""


def damaged_bundle(root: Path, *, private_character: str = "") -> Path:
    """Files whose first bytes are right (so validation passes) but whose data is cut or junk."""
    media = root / "media"
    media.mkdir(parents=True)
    (root / "exhibition.yaml").write_text(MANIFEST.format(private=private_character), encoding="utf-8")
    picture = PICTURE.read_bytes()
    (media / "good.jpg").write_bytes(picture)
    (media / "cut.jpg").write_bytes(picture[: len(picture) // 4])
    (media / "junk.jpg").write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(3000))
    (media / "song.ogg").write_bytes(SOUND.read_bytes())
    film = FILM.read_bytes()
    (media / "cut.mp4").write_bytes(film[: len(film) * 2 // 5])
    (media / "junk.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + os.urandom(5000))
    return root


def by_name(checks: list[Check]) -> dict[str, list[Check]]:
    found: dict[str, list[Check]] = {}
    for check in checks:
        found.setdefault(check.name, []).append(check)
    return found


@pytest.fixture
def qt(qapp: object, monkeypatch: pytest.MonkeyPatch) -> object:
    """Qt, with its mock text-to-speech engine (voices for English and Nordic languages only)."""
    from kiosk.ui.a11y import readaloud

    monkeypatch.setattr(readaloud, "ENGINE", "mock")
    return qapp


def test_the_sample_is_healthy(qt: object) -> None:
    checks = diagnose(SAMPLE)
    found = by_name(checks)
    for name in ("settings", "store", "disk", "log folder", "bundle", "media"):
        assert [c.status for c in found[name]] == [Status.OK], found[name]
    assert found["bundle"][0].detail.startswith("ai-and-ip ")
    manifest = validate(SAMPLE).manifest
    assert manifest is not None
    kinds = Counter(item.kind for item in doctor.media_files(manifest, SAMPLE))
    assert found["media"][0].detail.startswith(f"{kinds['image']} pictures, {kinds['audio']} sound file(s), "
                                               f"{kinds['video']} film(s) decoded in ")
    languages = [name for name in found if name.startswith("font ")]
    assert languages == [f"font {language}" for language in manifest.languages]
    assert all(found[name][0].status is Status.OK for name in languages)
    assert found["display"][0].status is Status.WARN, "offscreen shows nothing"
    assert doctor.exit_status(checks) == 0
    assert [c.name for c in checks][:3] == ["display", "opengl", "audio"]


def test_damaged_media_fail_although_the_bundle_validates(qt: object, tmp_path: Path) -> None:
    checks = diagnose(damaged_bundle(tmp_path / "damaged"))
    found = by_name(checks)
    assert found["bundle"][0].status is Status.OK, "the first bytes are right: only decoding finds the damage"
    summary, *rows = found["media"]
    assert summary.status is Status.FAIL
    assert summary.detail.startswith("4 of 6 files cannot be played as they are")
    details = {row.detail.split(":")[0]: row for row in rows}
    assert set(details) == {"media/cut.jpg", "media/junk.jpg", "media/cut.mp4", "media/junk.mp4"}
    assert all(row.status is Status.FAIL for row in rows)
    assert "premature end" in details["media/cut.jpg"].detail
    assert details["media/junk.jpg"].detail == "media/junk.jpg: not a picture Qt can read"
    assert "the data ends before 0:08 although the file says it lasts 0:16" in details["media/cut.mp4"].detail
    assert details["media/junk.mp4"].detail.startswith("media/junk.mp4: cannot be played")
    assert "ffmpeg -i IN -c:v libx264" in details["media/cut.mp4"].hint
    assert doctor.exit_status(checks) == 1


def test_a_character_no_font_has_fails_its_language(qt: object, tmp_path: Path) -> None:
    checks = diagnose(damaged_bundle(tmp_path / "damaged", private_character="\ue000"))
    font = by_name(checks)["font en"][0]
    assert font.status is Status.FAIL
    assert "have no glyph in any font here: U+E000" in font.detail
    assert "fonts-noto-core" in font.hint


def test_broken_settings_fail_without_leaving_a_backup() -> None:
    path = paths.config_dir() / "kiosk.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("idle_timeout: 5\nvolume: 50\n", encoding="utf-8")
    _loaded, check = host_checks.check_settings()
    assert check.status is Status.FAIL
    assert check.detail == (f"1 problem; the first: {path}:1:15: idle_timeout: 5 is out of range: use 10 to 3600; "
                            "using the default")
    assert [p.name for p in path.parent.iterdir()] == ["kiosk.yaml"], "checking must not back the file up"
    path.write_text("volume: 50\n", encoding="utf-8")
    assert host_checks.check_settings()[1] == Check("settings", Status.OK,
                                               f"{path} is valid; 1 setting differ from the defaults")


def test_a_missing_active_bundle_fails_the_store() -> None:
    root = default_root()
    root.mkdir(parents=True)
    state = State()
    state.switch_to("gone/1-0123456789ab")
    write_json(root / "state.json", state.to_json())
    check = host_checks.check_store()
    assert check.status is Status.FAIL
    assert check.detail.startswith("the active bundle gone/1-0123456789ab is missing from ")
    (root / "state.json").write_text("{not json", encoding="utf-8")
    assert host_checks.check_store().status is Status.FAIL


def test_an_unwritable_log_folder_fails() -> None:
    folder = paths.log_dir()
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the folder should be", encoding="utf-8")
    check = host_checks.check_log_folder()
    assert check.status is Status.FAIL
    assert check.detail.startswith(f"{folder} cannot be written")


def test_the_status_file_setting_is_checked(tmp_path: Path) -> None:
    from kiosk.settings.model import Settings

    assert host_checks.check_status_file(Settings()) is None
    good = host_checks.check_status_file(Settings(status_file=str(tmp_path / "kiosk.prom")))
    assert good == Check("status file", Status.OK, f"{tmp_path / 'kiosk.prom'} can be written")
    wrong_name = host_checks.check_status_file(Settings(status_file=str(tmp_path / "kiosk.txt")))
    assert wrong_name is not None
    assert wrong_name.status is Status.WARN


def test_the_table_shows_hints_under_what_needs_doing() -> None:
    checks = [Check("display", Status.OK, "Qt's 'xcb' display plugin loads"),
              Check("audio", Status.WARN, "no audio output device", "connect speakers"),
              Check("log folder", Status.FAIL, "/var/log/kiosk cannot be written", "chown it")]
    assert doctor.render_table(checks) == (
        "CHECK       RESULT  DETAIL\n"
        "display     OK      Qt's 'xcb' display plugin loads\n"
        "audio       WARN    no audio output device\n"
        "                    fix: connect speakers\n"
        "log folder  FAIL    /var/log/kiosk cannot be written\n"
        "                    fix: chown it\n"
        "\n"
        "1 OK, 1 WARN, 1 FAIL: this kiosk has a problem to fix")
    document = json.loads(doctor.render_json(checks))
    assert document["ok"] is False
    assert document["counts"] == {"OK": 1, "WARN": 1, "FAIL": 1}
    assert document["checks"][1] == {"check": "audio", "result": "WARN", "detail": "no audio output device",
                                     "hint": "connect speakers"}


def test_the_orchestration_runs_without_pyside6() -> None:
    blocker = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'PySide6' or name.startswith(('PySide6.', 'shiboken6')):\n"
        "            raise ImportError('no Qt here')\n"
        "sys.meta_path.insert(0, Block())\n"
        "from kiosk.commands import doctor\n"
        "from kiosk.system.doctor import QtPlan\n"
        "checks = doctor.diagnose(qt=False)\n"
        "print(sorted({c.name for c in checks}))\n"
        "print(doctor.qt_checks(QtPlan())[0].detail)\n"
    )
    result = subprocess.run([sys.executable, "-c", blocker], capture_output=True, text=True, cwd=REPO,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    names, qt_line = result.stdout.splitlines()
    assert names == "['bundle', 'disk', 'log folder', 'settings', 'store']"
    assert qt_line.startswith("Qt (PySide6) cannot be loaded: no Qt here")


def kiosk_command(home: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        env[f"XDG_{name}_HOME"] = str(home / name.lower())
    return subprocess.run([sys.executable, "-m", "kiosk", *arguments], capture_output=True, text=True, env=env,
                          cwd=home, timeout=120, check=False)


def test_the_command_exits_1_on_a_damaged_bundle_and_0_on_the_sample(tmp_path: Path) -> None:
    damaged = kiosk_command(tmp_path, "doctor", str(damaged_bundle(tmp_path / "damaged")))
    assert damaged.returncode == 1, damaged.stderr
    assert damaged.stderr == "", "FFmpeg's and Qt's notes stay out of the way"
    lines = damaged.stdout.splitlines()
    assert lines[0] == "CHECK       RESULT  DETAIL"
    assert any(line.startswith("media       FAIL    media/junk.mp4: cannot be played") for line in lines)
    assert lines[-1].endswith("FAIL: this kiosk has a problem to fix")
    healthy = kiosk_command(tmp_path, "doctor", "--json")
    assert healthy.returncode == 0, healthy.stdout
    document = json.loads(healthy.stdout)
    assert document["ok"] is True
    assert {c["check"]: c["result"] for c in document["checks"]}["media"] == "OK"


def test_a_display_that_does_not_answer_is_caught_before_qt_aborts(tmp_path: Path) -> None:
    unreachable = host_checks.display_problem({"DISPLAY": ":250", "PATH": "/usr/bin"})
    if unreachable is not None and unreachable.packages:
        pytest.skip("this machine lacks Qt's X11 libraries; the platform check already reports that")
    assert unreachable is not None
    assert unreachable.message.startswith("No X server answers at DISPLAY=:250")
    no_compositor = host_checks.display_problem({"WAYLAND_DISPLAY": "wayland-9", "XDG_RUNTIME_DIR": str(tmp_path)})
    assert no_compositor is not None
    assert no_compositor.message == f"No Wayland compositor listens at {tmp_path / 'wayland-9'}: is the session running?"
    (tmp_path / "wayland-9").touch()
    assert host_checks.display_problem({"WAYLAND_DISPLAY": "wayland-9", "XDG_RUNTIME_DIR": str(tmp_path)}) is None
    assert host_checks.display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None


def test_the_glyph_check_reads_caption_words_and_speakers_not_tags(tmp_path: Path) -> None:
    """The doctor's font check asks for the characters visitors will see: a cue's words and
    its speaker's name, never the markup around them (`<v …>`, `<i>`, `&amp;`)."""
    bundle = tmp_path / "bundle"
    shutil.copytree(SAMPLE, bundle)
    manifest = validate(bundle).manifest
    assert manifest is not None
    video = next(e for s in manifest.sections for e in s.exhibits if e.type == "video")
    assert video.captions is not None
    caption_file = bundle / video.captions.get(manifest.languages[0], manifest.languages)
    caption_file.write_text("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ωmega>A <i>mark</i> &amp; more</v>\n",
                            encoding="utf-8")
    words = doctor.texts_by_language(manifest, bundle)[manifest.languages[0]]
    assert "Ωmega: A mark & more" in words
    assert not any("<" in text or "&amp;" in text for text in words if "Ωmega" in text)


@pytest.mark.parametrize(
    ("languages", "narrated", "status", "detail"),
    [
        (("en",), False, Status.OK, "text-to-speech (mock) has voices for en"),
        (("en", "fr", "ar"), False, Status.WARN,
         "text-to-speech (mock) has voices for en; no voice for fr, ar: on a page without a recording in these, "
         "read aloud can only say so"),
        (("fr", "en"), True, Status.OK,
         "text-to-speech (mock) has voices for en; recorded narration for every page in fr"),
    ],
    ids=["voiced", "unvoiced", "recorded"],
)
def test_the_doctor_lists_the_languages_read_aloud_can_speak(qt: object, languages: tuple[str, ...], narrated: bool,
                                                            status: Status, detail: str) -> None:
    import dataclasses

    from kiosk.bundle.declare import SoundFiles
    from kiosk.bundle.model import NARRATED
    from kiosk.ui.doctor_checks import check_voices

    manifest = validate(SAMPLE).manifest
    assert manifest is not None
    recording = SoundFiles({"fr": "narration/any.fr.ogg"})
    sections = tuple(dataclasses.replace(section, exhibits=tuple(
        dataclasses.replace(exhibit, narration=recording) if narrated and isinstance(exhibit, NARRATED) else exhibit
        for exhibit in section.exhibits)) for section in manifest.sections)
    check = check_voices(dataclasses.replace(manifest, languages=languages, sections=sections))
    assert (check.name, check.status, check.detail) == ("voices", status, detail)
    if status is Status.WARN:
        assert check.hint.startswith("sudo apt-get install speech-dispatcher espeak-ng")
