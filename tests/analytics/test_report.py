"""`kiosk report`: one self-contained HTML file whose five charts show something."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
from argparse import Namespace
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from kiosk.analytics.clock import ManualWallClock
from kiosk.analytics.recorder import Recorder
from kiosk.commands.visitors import cmd_report
from tests.analytics.conftest import MakeRecorder, play_day
from tests.conftest import REPO

PNG = re.compile(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" width="760" alt="([^"]+)">')


def distinct_colours(image: QImage) -> int:
    step = max(1, image.width() // 200)
    return len({image.pixel(x, y) for x in range(0, image.width(), step)
                for y in range(0, image.height(), step)})


def share_not_white(image: QImage) -> float:
    white = 0xFFFFFFFF
    step = 4
    samples = [image.pixel(x, y) for x in range(0, image.width(), step)
               for y in range(0, image.height(), step)]
    return sum(pixel != white for pixel in samples) / len(samples)


@pytest.fixture
def week(make_recorder: MakeRecorder, clock: ManualWallClock, db_path: Path) -> Path:
    """The scripted day, then a week of one short visit a day in several languages."""
    recorder: Recorder = make_recorder()
    play_day(recorder, clock)
    for day, language in enumerate(("de", "fr", "en", "ar", "zh", "ru")):
        clock.advance(86400 + 3600 * (day % 3))
        recorder.session_started(language)
        recorder.screen_shown("exhibit", f"art/e{day}")
        clock.advance(10 * (day + 1))
        recorder.session_ended("reset")
    assert recorder.flush()
    return db_path


def write_report(qapp: QApplication, db: Path, out: Path, capsys: pytest.CaptureFixture[str],
                 **dates: str) -> str:
    assert qapp is not None
    status = cmd_report(Namespace(output=out, db=db, since=dates.get("since"), until=dates.get("until")))
    assert status == 0
    assert capsys.readouterr().out == f"{out}\n"
    return out.read_text(encoding="utf-8")


def test_the_report_is_self_contained_with_five_charts(qapp: QApplication, week: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    html = write_report(qapp, week, tmp_path / "report.html", capsys)
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"https?://", html)
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)=["'](?!data:)""", html)
    assert "@import" not in html
    assert "url(" not in html
    images = PNG.findall(html)
    assert len(images) == 5 == html.count("data:image/png;base64,")
    for data, alt in images:
        image = QImage.fromData(base64.b64decode(data))
        assert not image.isNull(), alt
        assert image.width() == 1520, alt
        assert distinct_colours(image) >= 8, alt
        assert 0.05 < share_not_white(image) < 0.9, alt
    assert "<h2>Visitors over time</h2>" in html
    assert "geneva-1" in html
    assert "<th scope=\"row\">music</th>" in html  # each chart's figures also as a table
    assert "<th scope=\"row\">French (fr)</th>" in html


def test_an_empty_period_still_makes_a_readable_report(qapp: QApplication, week: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    html = write_report(qapp, week, tmp_path / "empty.html", capsys, since="2027-01-01")
    assert len(PNG.findall(html)) == 5
    assert "No visits in this period" not in html  # said in the pictures, not the tables
    assert "<dd>0</dd>" in html


def test_report_errors(qapp: QApplication, week: Path, tmp_path: Path,
                       capsys: pytest.CaptureFixture[str]) -> None:
    assert qapp is not None
    assert cmd_report(Namespace(output=tmp_path / "no" / "such" / "folder.html", db=week, since=None,
                                    until=None)) == 1
    target = tmp_path / "no" / "such" / "folder.html"
    assert capsys.readouterr().err.startswith(f"kiosk report: cannot write {target}")
    assert cmd_report(Namespace(output=tmp_path / "r.html", db=week, since="March", until=None)) == 2
    assert capsys.readouterr().err == "kiosk report: error: 'March' is not a day like 2026-03-01\n"


def test_report_from_the_command_line_needs_no_display(week: Path, tmp_path: Path) -> None:
    """A kiosk's shell has no display: the command makes its own offscreen application."""
    script = ("import sys; from argparse import Namespace; from kiosk.commands.visitors import cmd_report; "
              "args = Namespace(output=sys.argv[1], db=sys.argv[2], since=None, until=None); "
              "sys.exit(cmd_report(args))")
    headless = ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
    env = {key: value for key, value in os.environ.items() if key not in headless}
    out = tmp_path / "cli.html"
    result = subprocess.run([sys.executable, "-c", script, str(out), str(week)], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{out}\n"
    assert len(PNG.findall(out.read_text(encoding="utf-8"))) == 5
