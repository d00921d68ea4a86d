"""The doctor asks for voices from a child process with a deadline: a speech service that never
answers (speech-dispatcher on a lost sound device) becomes a finding, not a hung doctor."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from kiosk.ui import voice_probe


def test_the_mock_engine_speaks_english_and_the_probe_says_so() -> None:
    voices = voice_probe.probe("mock", ["en", "xx"])
    assert voices.engine == "mock"
    assert voices.voiced == ("en",)
    assert voices.error == ""


def test_a_speech_service_that_never_answers_is_reported_within_the_deadline(tmp_path: Path, monkeypatch) -> None:
    stuck = tmp_path / "python"
    stuck.write_text("#!/bin/sh\nexec sleep 30\n")
    stuck.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(stuck))
    started = time.monotonic()
    voices = voice_probe.probe("", ["en"], timeout=1.0)
    assert time.monotonic() - started < 5
    assert voices == voice_probe.Voices("", (), "the speech service did not answer within 1 s")


def test_a_probe_that_prints_nothing_is_a_failure_not_a_crash(tmp_path: Path, monkeypatch) -> None:
    broken = tmp_path / "python"
    broken.write_text("#!/bin/sh\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(broken))
    assert voice_probe.probe("", ["en"]).error == "the speech probe failed (status 3)"
