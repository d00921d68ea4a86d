"""The last start's first frame, shown again at the next start (kiosk.ui.kept_frame).

Each `run()` here is a whole `kiosk run` in this process, on the offscreen screen, with its
own XDG folders (tests/conftest.py)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication

from kiosk.settings import files as settings_files
from kiosk.settings.hours import WEEKDAYS
from kiosk.settings.model import Settings
from kiosk.system.startup import RunOptions
from kiosk.ui import kept_frame
from kiosk.ui.launch import run

NO_SETTINGS = kept_frame.remembered(None, {})  # no settings file: any screen setting, always open


def arguments(**values: Any) -> RunOptions:
    defaults = {"bundle": None, "windowed": False, "tour": False, "lang": None, "screen": None,
                "quit_after": 0.6, "log_format": "text"}
    return RunOptions(**{**defaults, **values})


def startup(caplog: pytest.LogCaptureFixture) -> dict[str, object]:
    found = [r.fields for r in caplog.records if getattr(r, "event", None) == "startup"]  # type: ignore[attr-defined]
    assert len(found) == 1
    caplog.clear()
    return found[0]


def wait_for_record(seconds: float = 5.0) -> Path:
    assert kept_frame.KEEPING.wait_idle(seconds), "the frame is written on the keeping thread"
    record = kept_frame.folder() / kept_frame.RECORD
    assert record.is_file(), "the first start keeps its frame"
    return record


def kept_windows() -> list[object]:
    return [w for w in QApplication.topLevelWidgets() if w.objectName() == "kept-first-frame" and w.isVisible()]


@pytest.fixture
def bundle(tiny_bundle_path: Path, tmp_path: Path) -> Path:
    """A copy of the tiny bundle this test may change."""
    return Path(shutil.copytree(tiny_bundle_path, tmp_path / "tiny"))


def test_the_second_start_shows_the_first_frame_of_the_first_at_once(bundle, caplog, qapp) -> None:
    assert run(arguments(bundle=bundle)) == 0
    first = startup(caplog)
    assert first["kept_frame"] is False
    assert first["first_paint_ms"] == first["window_paint_ms"]
    wait_for_record()
    image = QImage(str(kept_frame.folder() / kept_frame.IMAGE))
    screen = QGuiApplication.primaryScreen()
    assert image.size() == screen.geometry().size() * screen.devicePixelRatio()
    corner = image.pixelColor(2, 2)
    assert corner.name() != "#000000", "the frame is the attract screen, painted on the theme's ground"

    assert run(arguments(bundle=bundle)) == 0
    second = startup(caplog)
    assert second["kept_frame"] is True
    assert second["first_paint_ms"] < second["window_paint_ms"]
    assert not kept_windows(), "the copy goes once the kiosk window has painted"


def test_a_changed_manifest_settings_file_or_option_shows_no_stale_frame(bundle, caplog, qapp) -> None:
    assert run(arguments(bundle=bundle)) == 0
    startup(caplog)
    wait_for_record()

    manifest = bundle / "exhibition.yaml"
    later = manifest.stat().st_mtime_ns + 5_000_000_000
    os.utime(manifest, ns=(later, later))
    assert run(arguments(bundle=bundle)) == 0
    assert startup(caplog)["kept_frame"] is False, "the bundle changed"
    wait_for_record()
    assert run(arguments(bundle=bundle)) == 0
    assert startup(caplog)["kept_frame"] is True, "the frame kept after the change is current again"

    settings_files.save(Settings(volume=40))
    assert run(arguments(bundle=bundle)) == 0
    assert startup(caplog)["kept_frame"] is False, "the settings file changed"

    assert run(arguments(bundle=bundle, lang="fr")) == 0
    assert startup(caplog)["kept_frame"] is False, "another language was asked for"


def test_no_frame_is_kept_from_the_tour_or_the_archive_viewer_nor_shown_when_closed(bundle, caplog, qapp) -> None:
    assert run(arguments(bundle=bundle, tour=True)) == 0
    startup(caplog)
    assert run(arguments(bundle=bundle, windowed=True)) == 0
    startup(caplog)
    assert kept_frame.KEEPING.wait_idle(5), "anything being written has been"
    assert not (kept_frame.folder() / kept_frame.RECORD).exists()

    assert run(arguments(bundle=bundle)) == 0
    startup(caplog)
    wait_for_record()
    # Outside opening hours the closed slate comes first: the kept attract frame must not show.
    screen = QGuiApplication.primaryScreen()
    now = kept_frame.conditions(arguments(bundle=bundle), settings_files.settings_path(), screen, NO_SETTINGS)
    assert kept_frame.KeptFrame.show_if_current(now, screen, is_open=False, clock=lambda: 0.0) is None
    shown = kept_frame.KeptFrame.show_if_current(now, screen, is_open=True, clock=lambda: 0.0)
    assert shown is not None, "the same record, within opening hours"
    shown.close_soon()


def test_a_damaged_or_wrong_sized_image_is_not_shown(bundle, caplog, qapp) -> None:
    assert run(arguments(bundle=bundle)) == 0
    startup(caplog)
    wait_for_record()
    screen = QGuiApplication.primaryScreen()
    now = kept_frame.conditions(arguments(bundle=bundle), settings_files.settings_path(), screen, NO_SETTINGS)
    image_path = kept_frame.folder() / kept_frame.IMAGE

    shown = kept_frame.KeptFrame.show_if_current(now, screen, is_open=True, clock=lambda: 1.0)
    assert shown is not None, "current, so it shows"
    assert shown.painted_ms == 1.0, "and it has painted when it is handed back"
    shown.close_soon()

    QImage(64, 64, QImage.Format.Format_RGB32).save(str(image_path), "BMP")
    assert kept_frame.KeptFrame.show_if_current(now, screen, is_open=True, clock=lambda: 1.0) is None
    image_path.write_bytes(b"not a picture")
    assert kept_frame.KeptFrame.show_if_current(now, screen, is_open=True, clock=lambda: 1.0) is None
    (kept_frame.folder() / kept_frame.RECORD).write_text("{not json", encoding="utf-8")
    assert kept_frame.KeptFrame.show_if_current(now, screen, is_open=True, clock=lambda: 1.0) is None
    assert run(arguments(bundle=bundle)) == 0
    assert startup(caplog)["kept_frame"] is False, "a damaged record means a start as without it"


def rewrite_record(**changes: Any) -> None:
    """Change the kept record's fields, keeping everything else (the settings file untouched)."""
    path = kept_frame.folder() / kept_frame.RECORD
    record = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**record, **changes}), encoding="utf-8")


def test_the_frame_shows_before_the_settings_are_read_only_while_the_file_is_unchanged(bundle, caplog, qapp) -> None:
    always = {day: ["00:00-24:00"] for day in WEEKDAYS}
    settings_files.save(Settings(opening_hours=always))
    assert run(arguments(bundle=bundle)) == 0
    startup(caplog)
    record = json.loads(wait_for_record().read_text(encoding="utf-8"))
    assert record["settings"] == {"screen": None, "opening_hours": always}, "what the frame depends on is kept"

    options, path = arguments(bundle=bundle), settings_files.settings_path()
    shown = kept_frame.show_early(options, path, clock=lambda: 1.0)
    assert shown is not None, "unchanged: shown from the record alone"
    assert shown.painted_ms == 1.0
    shown.close_soon()

    rewrite_record(settings={"screen": None, "opening_hours": {"monday": []}})  # the record says closed on every day
    assert kept_frame.show_early(options, path, clock=lambda: 1.0) is None, "closed by the remembered hours"
    rewrite_record(settings="not a mapping")
    assert kept_frame.show_early(options, path, clock=lambda: 1.0) is None

    settings_files.save(Settings(opening_hours=always, volume=40))
    assert kept_frame.show_early(options, path, clock=lambda: 1.0) is None, "another settings file"


def test_a_frame_the_loaded_settings_do_not_match_is_closed_at_once(bundle, caplog, qapp) -> None:
    """The record remembered other settings than the file holds (written by hand, or the file
    replaced within the same modification time): the frame goes as soon as the settings are read."""
    always = {day: ["00:00-24:00"] for day in WEEKDAYS}
    settings_files.save(Settings(opening_hours=always))
    assert run(arguments(bundle=bundle)) == 0
    startup(caplog)
    wait_for_record()
    rewrite_record(settings=NO_SETTINGS)
    assert run(arguments(bundle=bundle)) == 0
    assert "the kept first frame does not match the settings as read" in caplog.text
    assert startup(caplog)["kept_frame"] is False
    assert not kept_windows()


def test_broken_settings_still_start_and_keep_the_frame(bundle, caplog, qapp) -> None:
    settings_files.settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_files.settings_path().write_bytes(b"volume: [unclosed\n\x00\xff")
    assert run(arguments(bundle=bundle)) == 0
    assert startup(caplog)["kept_frame"] is False
    wait_for_record()
    assert run(arguments(bundle=bundle)) == 0
    assert startup(caplog)["kept_frame"] is True, "the same broken file: the same defaults, the same frame"
