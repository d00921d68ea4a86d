"""What every part of the generator shares: the bundle's place, sizes, theme colours, ffmpeg.

Nothing here needs numpy, so the texts part (`--only texts`) runs without it.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUNDLE = HERE.parent / "ai-and-ip"
HD = (1920, 1080)
VIDEO_SIZE = (1280, 720)
VIDEO_FPS = 25
SAMPLE_RATE = 48_000
BITEXACT = ["-fflags", "+bitexact", "-flags", "+bitexact"]

# The languages the text exhibits are narrated in (by espeak-ng; `narration.py`). The others are
# read by the kiosk's own voice, where the machine has one.
NARRATION_LANGUAGES = ("en", "fr")


def narration_path(where: str, language: str, suffix: str) -> str:
    """The bundle path of a text exhibit's narration (`ogg`) or its captions (`vtt`)."""
    return f"narration/{where}.{language}.{suffix}"


# The exhibition's theme colours: the manifest's `theme` and the pictures that use them.
THEME_BACKGROUND = "#121820"
THEME_FOREGROUND = "#ECE7DD"
THEME_ACCENT = "#D9A441"


@dataclass(frozen=True)
class Output:
    """Where a task writes; every writer returns the bundle-relative path."""

    root: Path

    def path(self, rel: str) -> Path:
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        return target


def ffmpeg_command(args: Sequence[str]) -> list[str]:
    executable = shutil.which("ffmpeg")
    if executable is None:
        raise FileNotFoundError("the ffmpeg command is needed (e.g. apt-get install ffmpeg)")
    return [executable, "-hide_banner", "-loglevel", "error", "-y", *args]


def run_ffmpeg(args: Sequence[str], stdin: bytes | None = None) -> None:
    # The arguments are built by this script from its own constants, never from outside input.
    subprocess.run(ffmpeg_command(args), input=stdin, check=True)  # noqa: S603


def save_text(out: Output, rel: str, text: str) -> str:
    out.path(rel).write_text(text, encoding="utf-8")
    return rel
