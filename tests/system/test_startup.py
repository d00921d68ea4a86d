"""`kiosk run`'s start, without Qt: the typed options the command line builds, the one place that
chooses the bundle (and says why), and the screen to use."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kiosk import paths
from kiosk.cli import build_parser, run_options
from kiosk.settings import files as settings_files
from kiosk.settings.model import Settings
from kiosk.store import Store
from kiosk.store.layout import default_root
from kiosk.store.template import new_bundle
from kiosk.system import host_checks
from kiosk.system.startup import NAMES_NOTHING, BundleChoice, ChosenBy, RunOptions, choose_bundle, screen_index


@pytest.fixture
def installed(tmp_path: Path) -> Path:
    """A small bundle, installed and active; its folder in the store."""
    new_bundle(tmp_path / "tiny", bundle_id="tiny")
    result = Store().install(tmp_path / "tiny")
    return result.installed.path


def test_the_command_line_builds_frozen_typed_options() -> None:
    args = build_parser().parse_args(["run", "exhibition.zip", "--tour", "--lang", "fr", "--screen", "1",
                                      "--quit-after", "2.5", "--log-format", "json"])
    options = run_options(args)
    assert options == RunOptions(bundle=Path("exhibition.zip"), windowed=False, tour=True, lang="fr", screen=1,
                                 quit_after=2.5, log_format="json")
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.tour = False  # type: ignore[misc]
    assert run_options(build_parser().parse_args(["run"])) == RunOptions()


def test_without_anything_installed_the_sample_plays() -> None:
    assert choose_bundle(None, None) == BundleChoice(paths.sample_bundle(), ChosenBy.SAMPLE,
                                                     "the sample exhibition, as nothing is installed")


def test_the_store_s_active_bundle_plays(installed: Path) -> None:
    assert choose_bundle(None, None) == BundleChoice(installed, ChosenBy.ACTIVE, "the store's active bundle")


@pytest.mark.parametrize("setting", ["tiny", "tiny@1"])
def test_the_bundle_setting_names_an_installed_bundle(installed: Path, setting: str) -> None:
    choice = choose_bundle(None, setting)
    assert choice == BundleChoice(installed, ChosenBy.SETTING, f"the bundle setting '{setting}'", named=setting)
    assert choice.pinned
    assert choice.pinned_note == f"{setting} (the `bundle` setting)"


def test_the_bundle_setting_names_a_folder(installed: Path, tmp_path: Path) -> None:
    folder = tmp_path / "tiny"
    assert choose_bundle(None, str(folder)).path == folder


def test_the_command_line_wins_over_the_setting_and_the_store(installed: Path) -> None:
    choice = choose_bundle(Path("elsewhere.zip"), "tiny")
    assert choice == BundleChoice(Path("elsewhere.zip"), ChosenBy.COMMAND_LINE, "named on the command line",
                                  named="elsewhere.zip")
    assert choice.pinned_note == "elsewhere.zip (named on the command line)"


def test_a_setting_that_names_nothing_falls_back_to_the_store_and_says_so(installed: Path) -> None:
    choice = choose_bundle(None, "no-such-bundle")
    assert choice == BundleChoice(installed, ChosenBy.ACTIVE, "the store's active bundle",
                                  setting_problem=NAMES_NOTHING)
    assert not choice.pinned
    assert choice.pinned_note is None


def test_a_store_that_cannot_be_read_plays_the_sample_and_says_why() -> None:
    default_root().parent.mkdir(parents=True, exist_ok=True)
    default_root().write_text("not a folder", encoding="utf-8")
    choice = choose_bundle(None, None)
    assert (choice.path, choice.chosen_by, choice.why) == (paths.sample_bundle(), ChosenBy.SAMPLE,
                                                           "the sample exhibition, as the store cannot be read")
    assert choice.store_problem is not None
    assert "Not a directory" in choice.store_problem


def test_the_doctor_asks_the_same_question(installed: Path) -> None:
    assert host_checks.choose_bundle(None, Settings()) == (installed, "the store's active bundle", None)
    path, how, problem = host_checks.choose_bundle(None, Settings(bundle="no-such-bundle"))
    assert (path, how) == (installed, "the store's active bundle")
    assert problem is not None
    assert problem.detail == f"the bundle setting 'no-such-bundle' is {NAMES_NOTHING}"


def test_the_screen_is_the_command_line_s_else_the_setting_s_if_the_file_sets_it() -> None:
    settings_files.save(Settings(screen=2))
    loaded = settings_files.load()
    assert screen_index(RunOptions(), loaded) == 2
    assert screen_index(RunOptions(screen=0), loaded) == 0
    assert screen_index(RunOptions(), settings_files.LoadedSettings(Settings())) is None
