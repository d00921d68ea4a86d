"""`kiosk config` and `kiosk set-pin` as a technician uses them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kiosk.cli import main
from kiosk.settings import files
from kiosk.settings.pin import verify_pin
from kiosk.settings.reference import END, START, reference_markdown
from tests.conftest import REPO


def test_set_get_and_survive_a_restart(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "set", "idle_timeout", "45"]) == 0
    assert main(["config", "set", "tour.image", "7.5"]) == 0
    capsys.readouterr()
    assert main(["config", "get", "idle_timeout"]) == 0
    assert capsys.readouterr().out == "45\n"
    loaded = files.load()
    assert (loaded.settings.idle_timeout, loaded.settings.tour.image) == (45.0, 7.5)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["config", "set", "volume", "300"], "kiosk: error: volume: 300 is out of range: use 0 to 100\n"),
        (["config", "set", "volumme", "3"], "kiosk: error: there is no setting 'volumme' "
         "('kiosk config show' lists them)\n"),
        (["config", "set", "cursor", "off"], "kiosk: error: cursor: expected 'hidden' or 'auto' or 'shown', "
         "got 'off' (true/false)\n"),
    ],
)
def test_invalid_values_are_refused_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(argv) == 1
    assert capsys.readouterr().err == message
    assert not files.settings_path().exists()


def test_check_reports_problems_with_lines(capsys: pytest.CaptureFixture[str]) -> None:
    path = files.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("volume: 40\ncursor: sometimes\n")
    assert main(["config", "check"]) == 1
    assert capsys.readouterr().out == (f"{path}:2:9: cursor: expected 'hidden' or 'auto' or 'shown', got the "
                                       "text 'sometimes'; using the default\n")


def test_set_pin_from_a_pipe_stores_only_a_hash() -> None:
    result = subprocess.run([sys.executable, "-m", "kiosk", "set-pin"], input="480213\n480213\n", text=True,
                            capture_output=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    text = files.settings_path().read_text()
    assert "480213" not in text
    stored = files.load().settings.admin_pin
    assert stored is not None
    assert verify_pin("480213", stored)


@pytest.mark.parametrize(("given", "message"), [("1234\n4321\n", "the two PINs differ; nothing changed"),
                                                ("12\n12\n", "PIN refused: use 4 to 12 digits"),
                                                ("", "no PIN given")])
def test_set_pin_refusals(given: str, message: str) -> None:
    result = subprocess.run([sys.executable, "-m", "kiosk", "set-pin"], input=given, text=True,
                            capture_output=True, timeout=60, check=False)
    assert result.returncode == 1
    assert message in result.stderr
    assert not files.settings_path().exists()


def test_readme_carries_the_generated_settings_reference() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start, end = text.index(START), text.index(END) + len(END)
    assert text[start:end] == reference_markdown(), "regenerate it with: kiosk config reference"
