"""The last start's first frame, shown again at the next start (kiosk.ui.kept_frame).

Each `run()` here is a whole `kiosk run` in this process, on the offscreen screen, with its
own XDG folders (tests/conftest.py)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication

from kiosk.settings import files as settings_files
from kiosk.settings.model import Settings
from kiosk.system.startup import RunOptions
from kiosk.ui import kept_frame
from kiosk.ui.launch import run


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
    now = kept_frame.conditions(arguments(bundle=bundle), settings_files.settings_path(), screen)
    assert kept_frame.KeptFrame.show_if_current(now, screen, is_open=False, clock=lambda: 0.0) is None
    shown = kept_frame.KeptFrame.show_if_current(now, screen, is_open=True, clock=lambda: 0.0)
    assert shown is not None, "the same record, within opening hours"
    shown.close_soon()


def test_a_damaged_or_wrong_sized_image_is_not_shown(bundle, caplog, qapp) -> None:
    assert run(arguments(bundle=bundle)) == 0
    startup(caplog)
    wait_for_record()
    screen = QGuiApplication.primaryScreen()
    now = kept_frame.conditions(arguments(bundle=bundle), settings_files.settings_path(), screen)
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
