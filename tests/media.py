"""Sound and film for test bundles, made with ffmpeg (tests that need it skip without it)."""

from __future__ import annotations

import subprocess


def ffmpeg(*arguments: str) -> None:
    """Run ffmpeg quietly, overwriting its output; a failure fails the test that asked."""
    command = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", *arguments]
    subprocess.run(command, check=True, timeout=120)
