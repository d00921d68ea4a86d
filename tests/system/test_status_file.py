"""The status file for fleet monitoring: read back as Prometheus would, replaced in one step,
restarts counted across processes, and an unwritable path that never stops the kiosk."""

from __future__ import annotations

import json
import logging
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from kiosk import paths
from kiosk.settings import files as settings_files
from kiosk.settings.model import Settings
from kiosk.system import status
from kiosk.system.runs import RunLog
from kiosk.system.startup import RunOptions
from kiosk.ui.status_writer import StatusWriter
from tests.conftest import SAMPLE
from tests.ui.conftest import MEDIA_NOISE

SAMPLE_LINE = re.compile(r"([a-z_]+)\{(.*)\} (-?[0-9.e+]+)")
LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


@dataclass
class Metric:
    kind: str
    doc: str
    labels: dict[str, str] = field(default_factory=dict)
    value: float = 0.0


def parse(text: str) -> dict[str, Metric]:
    """Prometheus' text format, strictly: HELP, then TYPE, then one sample, for every metric."""
    metrics: dict[str, Metric] = {}
    lines = text.splitlines()
    assert text.endswith("\n")
    assert len(lines) % 3 == 0, text
    for help_line, type_line, sample_line in zip(lines[::3], lines[1::3], lines[2::3], strict=True):
        assert help_line.startswith("# HELP "), help_line
        name, doc = help_line[len("# HELP "):].split(" ", 1)
        assert type_line.startswith(f"# TYPE {name} "), type_line
        kind = type_line.rsplit(" ", 1)[1]
        assert kind in ("gauge", "counter")
        assert (kind == "counter") == name.endswith("_total"), name
        match = SAMPLE_LINE.fullmatch(sample_line)
        assert match is not None, sample_line
        assert match[1] == name
        metrics[name] = Metric(kind, doc, dict(LABEL.findall(match[2])), float(match[3]))
    return metrics


class FakeShell:
    """What the writer reads from KioskShell: the bundle and the window on screen."""

    def __init__(self, bundle_id: str = "ai-and-ip", version: str | None = "2.0") -> None:
        self.bundle = SimpleNamespace(manifest=SimpleNamespace(id=bundle_id, version=version))
        self.window = SimpleNamespace(presence=SimpleNamespace(last_input_at=0.0))


@pytest.fixture
def writer_for(qtbot):
    made: list[StatusWriter] = []

    def make(path: Path | None, shell: FakeShell | None = None, **options: object) -> StatusWriter:
        writer = StatusWriter(path, shell or FakeShell(), **options)  # type: ignore[arg-type]
        made.append(writer)
        return writer

    yield make
    for writer in made:
        writer.stop(0)


def test_the_file_holds_every_figure(qtbot, writer_for, tmp_path: Path) -> None:
    path = tmp_path / "textfile" / "kiosk.prom"
    guard = SimpleNamespace(count=0)
    shell = FakeShell()
    writer = writer_for(path, shell, kiosk_id="hall-2", guard=guard)
    qtbot.waitUntil(lambda: writer.writes == 1, timeout=2000)
    first = parse(path.read_text(encoding="utf-8"))
    assert first["kiosk_bundle_info"].labels == {"kiosk": "hall-2", "bundle": "ai-and-ip", "version": "2.0"}
    assert first["kiosk_bundle_info"].value == 1
    assert first["kiosk_running"].value == 1
    assert first["kiosk_starts_total"].value == 1
    assert first["kiosk_restarts_total"].value == 0
    assert first["kiosk_previous_run_crashed"].value == 0
    assert first["kiosk_errors_total"].value == 0
    assert first["kiosk_unexpected_errors_total"].value == 0
    assert 0 <= first["kiosk_up_seconds"].value < 5
    assert abs(first["kiosk_start_time_seconds"].value - time.time()) < 5
    assert first["kiosk_resident_memory_bytes"].value > 10 * 1024 * 1024
    assert "kiosk_last_input_timestamp_seconds" not in first, "no visitor yet"
    assert first["kiosk_build_info"].labels["kiosk_version"]

    logging.getLogger("kiosk.test").error("a picture cannot be decoded")
    guard.count = 2
    shell.window.presence.last_input_at = time.perf_counter() - 30
    writer.tick()
    second = parse(path.read_text(encoding="utf-8"))
    assert second["kiosk_errors_total"].value == 1
    assert second["kiosk_unexpected_errors_total"].value == 2
    assert abs(second["kiosk_last_input_timestamp_seconds"].value - (time.time() - 30)) <= 2
    assert 29 <= second["kiosk_last_input_age_seconds"].value <= 32
    assert [p.name for p in path.parent.iterdir()] == ["kiosk.prom"]

    writer.stop(0)
    last = parse(path.read_text(encoding="utf-8"))
    assert last["kiosk_running"].value == 0
    record = json.loads((paths.state_dir() / "runs.json").read_text(encoding="utf-8"))
    assert record["running"] is False
    assert record["exit_status"] == 0
    assert abs(record["last_input"] - (time.time() - 30)) <= 2, "the last input outlives a restart"


def test_labels_are_escaped() -> None:
    health = status.Health('hall "2"', "ai\\ip", "1\nbeta", 1.0, None, 0, 0, 1)
    bundle = parse(status.render(health))["kiosk_bundle_info"]
    assert bundle.labels == {"kiosk": 'hall \\"2\\"', "bundle": "ai\\\\ip", "version": "1 beta"}


def test_the_file_is_replaced_in_one_step(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.prom"
    before = status.Health("a", "one", "1", 10, None, 0, 0, 1000)
    after = status.Health("a", "two", "2", 70, None, 0, 0, 2000)
    status.write(path, before)
    inode = path.stat().st_ino
    with path.open(encoding="utf-8") as reader:
        status.write(path, after)
        assert reader.read() == status.render(before), "a reader holding the old file still reads all of it"
    assert path.read_text(encoding="utf-8") == status.render(after)
    assert path.stat().st_ino != inode, "a new file took the old one's name (os.replace), never a rewrite in place"
    assert oct(path.stat().st_mode & 0o777) == "0o644", "node-exporter may run as another user"
    assert [p.name for p in tmp_path.iterdir()] == ["kiosk.prom"]


def test_an_unwritable_path_is_logged_once_and_never_raises(qtbot, writer_for, tmp_path: Path,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "textfile"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    caplog.set_level(logging.INFO, logger="kiosk.app")
    writer = writer_for(blocker / "kiosk.prom")
    qtbot.waitUntil(lambda: writer.failing, timeout=2000)
    writer.tick()
    writer.tick()
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING and "status file" in r.getMessage()]
    assert len(warnings) == 1
    assert warnings[0].getMessage().startswith(f"cannot write the status file {blocker / 'kiosk.prom'}: ")
    assert writer.writes == 0
    assert [p.name for p in tmp_path.iterdir()] == ["textfile"]
    blocker.unlink()
    writer.tick()
    assert writer.writes == 1
    assert parse((blocker / "kiosk.prom").read_text(encoding="utf-8"))["kiosk_running"].value == 1
    assert "the status file" in caplog.records[-1].getMessage()
    assert caplog.records[-1].getMessage().endswith("is written again")


def test_restarts_are_counted_across_processes(tmp_path: Path) -> None:
    state, log_folder = tmp_path / "state", tmp_path / "log"
    log_folder.mkdir()
    runs = RunLog(state)
    first = runs.start(log_folder, now=100)
    assert (first.starts, first.unclean, first.previous_unclean) == (1, 0, False)
    runs.stop(0)
    clean = runs.start(log_folder, now=200)
    assert (clean.starts, clean.unclean, clean.previous_unclean) == (2, 0, False)
    killed = runs.start(log_folder, now=300)  # the run before never stopped: killed, or the power went
    assert (killed.starts, killed.unclean, killed.previous_unclean) == (3, 1, True)
    runs.stop(1)
    failed = runs.start(log_folder, now=400)
    assert (failed.unclean, failed.previous_unclean) == (2, True)
    runs.stop(0)
    crash = log_folder / "crash-20260101-000000.log"
    crash.write_text("Fatal Python error: Segmentation fault\n", encoding="utf-8")
    os.utime(crash, (450, 450))
    crashed = runs.start(log_folder, now=500)
    assert (crashed.unclean, crashed.previous_unclean) == (3, True), "a crash record newer than the last start"
    runs.stop(0)
    later = runs.start(log_folder, now=600)
    assert (later.starts, later.unclean, later.previous_unclean) == (6, 3, False), "an old crash counts once"
    runs.stop(130)
    assert runs.start(log_folder, now=700).previous_unclean is False, "Ctrl+C is a clean stop"


def test_a_damaged_runs_file_starts_counting_afresh(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "runs.json").write_text("{half", encoding="utf-8")
    record = RunLog(tmp_path).start(None, now=1)
    assert (record.starts, record.unclean) == (1, 0)
    assert "cannot be read" in caplog.text


def arguments(**values: Any) -> RunOptions:
    defaults = {"bundle": None, "windowed": False, "tour": False, "lang": None, "screen": None,
                "quit_after": None, "log_format": "text"}
    return RunOptions(**{**defaults, **values})


@MEDIA_NOISE
def test_the_running_kiosk_writes_it_and_records_a_clean_stop(qapp, tmp_path: Path) -> None:
    from kiosk.ui.launch import run

    path = tmp_path / "textfile" / "kiosk.prom"
    settings_files.save(Settings(status_file=str(path), kiosk_id="hall-2"))
    assert run(arguments(bundle=SAMPLE, quit_after=0.5)) == 0
    metrics = parse(path.read_text(encoding="utf-8"))
    assert metrics["kiosk_running"].value == 0
    assert metrics["kiosk_bundle_info"].labels["bundle"] == "ai-and-ip"
    assert metrics["kiosk_bundle_info"].labels["kiosk"] == "hall-2"
    assert metrics["kiosk_starts_total"].value == 1
    assert run(arguments(bundle=SAMPLE, quit_after=0.5)) == 0
    again = parse(path.read_text(encoding="utf-8"))
    assert (again["kiosk_starts_total"].value, again["kiosk_restarts_total"].value) == (2, 0)
