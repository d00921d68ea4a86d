"""End to end: one garbage picture and one garbage caption file cost their exhibit, never the
exhibition.

The real `kiosk run --tour --log-format json` plays a bundle with both, round its whole tour
(the test stops it with SIGTERM once the tour is back at its start); its JSON log names both
files, and the caption file's line. `kiosk validate` still refuses the bundle, naming both.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.ui.conftest import build_bundle

pytestmark = pytest.mark.slow
LIMIT = 90
GARBAGE = b"<html><body>502 Bad Gateway</body></html>\n"
EXHIBITS = ["art/intro", "art/dawn", "art/canon", "art/studio"]

MANIFEST = """\
format: 1
id: damaged
version: "1"
title: {en: A damaged bundle, fr: Une exposition abîmée}
languages: [en, fr]
sections:
  - id: art
    title: {en: Art, fr: Art}
    exhibits:
      - id: intro
        type: text
        title: {en: Introduction, fr: Introduction}
        body: {en: "Pictures, sound and film.", fr: "Des images, du son et un film."}
        duration: 1
      - id: dawn
        type: image
        title: {en: Dawn, fr: Aube}
        file: media/dawn.png
        alt: {en: Orange curves on blue., fr: Courbes orange sur bleu.}
        duration: 1
      - id: canon
        type: audio
        title: {en: Canon, fr: Canon}
        file: media/canon.wav
        captions: {en: media/canon.en.vtt, fr: media/canon.fr.vtt}
        transcript: {en: A tone., fr: Une note.}
      - id: studio
        type: video
        title: {en: Studio, fr: Atelier}
        file: media/studio.mp4
        captions: {en: media/studio.en.vtt, fr: media/studio.fr.vtt}
        transcript: {en: Colour bars., fr: Des barres de couleur.}
"""


def environment(home: Path) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        env[f"XDG_{name}_HOME"] = str(home / name.lower())
    return env


def tour_once(bundle: Path, home: Path) -> tuple[int, list[dict[str, Any]], str]:
    """Run the kiosk's tour until it comes back to its first screen; its status, JSON records, stderr."""
    records: list[dict[str, Any]] = []
    lines: list[str] = []
    with subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run", str(bundle), "--tour", "--quit-after", str(LIMIT),
         "--log-format", "json"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=environment(home), cwd=home,
    ) as process:
        try:
            assert process.stderr is not None
            for line in process.stderr:
                lines.append(line)
                if not line.startswith("{"):
                    continue
                record = json.loads(line)
                records.append(record)
                if record.get("event") == "screen_shown" and record.get("cause") == "tour" and record["ref"] == "art":
                    process.send_signal(signal.SIGTERM)
            code = process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
    return code, records, "".join(lines)


@pytest.fixture(scope="module")
def damaged(qapp, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is needed to make the test bundle's media")
    root = build_bundle(tmp_path_factory.mktemp("e2e-broken") / "damaged")
    (root / "exhibition.yaml").write_text(MANIFEST, encoding="utf-8")
    (root / "media" / "dawn.png").write_bytes(GARBAGE)
    (root / "media" / "canon.en.vtt").write_bytes(GARBAGE)
    return root


def test_the_tour_plays_around_a_garbage_picture_and_garbage_captions(damaged: Path, tmp_path: Path) -> None:
    code, records, stderr = tour_once(damaged, tmp_path)
    assert code == 0, stderr[-3000:]
    assert "Traceback" not in stderr
    shown = [r["ref"] for r in records if r.get("event") == "screen_shown"]
    assert shown[: len(EXHIBITS) + 2] == ["art", *EXHIBITS, "art"], "the whole tour, then round again"
    broken = {r["file"]: r for r in records if r.get("event") == "broken_file"}
    assert set(broken) == {"media/dawn.png", "media/canon.en.vtt"}
    assert broken["media/canon.en.vtt"]["found_in"] == "media/canon.en.vtt"
    assert broken["media/canon.en.vtt"]["line"] == 1
    assert "media/canon.en.vtt:1: error:" in broken["media/canon.en.vtt"]["message"]
    assert broken["media/dawn.png"]["found_in"] == "exhibition.yaml"
    assert broken["media/dawn.png"]["line"] == 18
    assert "'media/dawn.png' is named .png but holds an HTML page" in broken["media/dawn.png"]["message"]
    assert all(r["level"] == "warning" for r in broken.values())
    assert not [r for r in records if r["level"] in ("error", "critical")]
    assert records[-1]["message"] == "kiosk stopped with status 0"


def test_validate_still_refuses_it_naming_both_files(damaged: Path, tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "kiosk", "validate", str(damaged)], capture_output=True,
                            text=True, env=environment(tmp_path), cwd=tmp_path, timeout=60, check=False)
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert len(errors) == 2, result.stdout
    assert any(line.startswith(f"{damaged}/exhibition.yaml:18:15: error:") and "'media/dawn.png'" in line
               for line in errors)
    assert any(line.startswith(f"{damaged}/media/canon.en.vtt:1: error:") for line in errors)
