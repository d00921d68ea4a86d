"""A full or vanished log disk costs the log, never the command: no traceback, no failure exit."""

from __future__ import annotations

import errno
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import logs, paths
from tests.conftest import REPO


class FullStream:
    """A stream on a full (or failing) disk: every write and flush fails."""

    def __init__(self, error: int = errno.ENOSPC) -> None:
        self.error = error
        self.attempts = 0

    def write(self, text: str) -> int:
        self.attempts += 1
        raise OSError(self.error, os.strerror(self.error))

    def flush(self) -> None:
        raise OSError(self.error, os.strerror(self.error))


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EIO])
def test_a_stream_that_cannot_be_written_drops_records_quietly(capsys: pytest.CaptureFixture[str],
                                                                error: int) -> None:
    stream = FullStream(error)
    logs.setup(stream=stream, to_file=False)
    try:
        logging.getLogger("kiosk.store").error("installed, but the disk is full")
        logging.getLogger("kiosk.store").info("and again")
    finally:
        logs.teardown()
    assert stream.attempts == 2, "each record was tried"
    assert capsys.readouterr().err == "", "no traceback from logging's handleError"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_log_file_is_said_once_and_closing_it_does_not_raise(capsys: pytest.CaptureFixture[str]) -> None:
    paths.log_dir().mkdir(parents=True)
    (paths.log_dir() / logs.LOG_FILE).symlink_to("/dev/full")
    logs.setup(stream=FullStream())
    for number in range(50):
        logging.getLogger("kiosk.app").warning("record %d", number)
    handler = next(h for h in logging.getLogger().handlers if isinstance(h, logs.QuietFileHandler))
    logs.teardown()  # the last flush fails too; before, this raised OSError out of every command
    assert handler.failures >= 50
    assert capsys.readouterr().err == (f"kiosk: cannot write the log file {paths.log_dir() / logs.LOG_FILE} "
                                       "([Errno 28] No space left on device); going on without it\n")


@pytest.mark.slow
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_install_succeeds_with_a_full_log_disk(tmp_path: Path) -> None:
    paths.log_dir().mkdir(parents=True)
    (paths.log_dir() / logs.LOG_FILE).symlink_to("/dev/full")
    bundle = tmp_path / "tiny"
    bundle.mkdir()
    (bundle / "exhibition.yaml").write_text(
        "format: 1\nid: tiny\ntitle: Tiny\nsections:\n  - id: one\n    title: One\n    exhibits:\n"
        "      - {id: intro, type: text, title: Hello, body: Words.}\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-m", "kiosk", "install", str(bundle)], capture_output=True,
                            text=True, env=env, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.startswith("installed tiny")
    assert "cannot write the log file" in result.stderr
