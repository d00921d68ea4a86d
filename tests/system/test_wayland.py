"""The kiosk on Wayland: Qt's wayland platform under a headless Weston with its CPU renderer.

Weston's headless backend needs no GPU and no display; with `--debug` it offers the screenshooter
protocol, so `weston-screenshooter` photographs what the compositor shows. The checks are the ones
a person would make: the full-screen first screen is not black, and the windowed home screen shows
the sections' cover pictures. Weston 10's kiosk shell maps no client at all on the headless backend
(not even weston-simple-shm), so the desktop shell is used; the kiosk asks for full screen itself.
Skipped where Weston, its screenshooter or Qt's wayland plugin is missing (.ci/run installs
Weston; README.md says what was tried on Wayland).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLibraryInfo
from PySide6.QtGui import QImage

from tests.conftest import SAMPLE

pytestmark = pytest.mark.slow
WIDTH, HEIGHT = 1920, 1080
DEADLINE = 20.0
PLUGIN = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"

if not (shutil.which("weston") and shutil.which("weston-screenshooter")):
    pytest.skip("Weston and weston-screenshooter are not installed (Debian: apt-get install weston)",
                allow_module_level=True)
if not list(PLUGIN.glob("libqwayland*")):
    pytest.skip(f"Qt's wayland platform plugin is not in {PLUGIN}", allow_module_level=True)


def weston_options() -> list[str]:
    """Weston 12 renamed `--use-pixman` to `--renderer=pixman`; ask the installed one which it takes."""
    help_text = subprocess.run(["weston", "--help"], capture_output=True, text=True, timeout=10, check=False)
    renderer = "--renderer=pixman" if "--renderer" in help_text.stdout + help_text.stderr else "--use-pixman"
    return ["--backend=headless-backend.so", renderer, "--shell=desktop-shell.so", f"--width={WIDTH}",
            f"--height={HEIGHT}", "--debug", "--idle-time=0"]


def wait_for(done, what: str, deadline: float = DEADLINE):  # type: ignore[no-untyped-def]
    """Poll a subprocess-side condition (there is no Qt event to wait on across processes)."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        result = done()
        if result:
            return result
        time.sleep(0.1)
    pytest.fail(f"{what} within {deadline} s")


@pytest.fixture
def compositor(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A headless Weston of our own, on a private runtime folder; yields the clients' environment."""
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime)}
    log = (tmp_path / "weston.log").open("w")
    weston = subprocess.Popen(["weston", "--socket=wayland-kiosk-test", *weston_options()], env=env, stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(lambda: (runtime / "wayland-kiosk-test").exists() or weston.poll() is not None, "Weston to start")
        if weston.poll() is not None:  # the machine cannot run a compositor: not the kiosk's fault
            pytest.skip("Weston did not start here: " + (tmp_path / "weston.log").read_text(errors="replace")[-500:])
        yield {**env, "WAYLAND_DISPLAY": "wayland-kiosk-test", "QT_QPA_PLATFORM": "wayland"}
    finally:
        weston.terminate()
        weston.wait(timeout=10)
        log.close()


def screenshot(env: dict[str, str], folder: Path) -> QImage:
    for old in folder.glob("wayland-screenshot-*.png"):
        old.unlink()
    subprocess.run(["weston-screenshooter"], env=env, cwd=folder, timeout=10, check=True)
    (shot,) = folder.glob("wayland-screenshot-*.png")
    return QImage(str(shot))


def colours(image: QImage, step: int = 4) -> tuple[int, float]:
    """Distinct saturated colours (4 bits a channel) and the share of saturated pixels: the
    compositor's grey desktop, the kiosk's dark interface and its text have next to none; pictures do."""
    seen: set[tuple[int, int, int]] = set()
    saturated = total = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            pixel = image.pixel(x, y)
            red, green, blue = (pixel >> 16) & 255, (pixel >> 8) & 255, pixel & 255
            total += 1
            if max(red, green, blue) - min(red, green, blue) > 48:
                saturated += 1
                seen.add((red >> 4, green >> 4, blue >> 4))
    return len(seen), saturated / total


def run_kiosk(env: dict[str, str], home: Path, *options: str) -> subprocess.Popen[str]:
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        env[f"XDG_{name}_HOME"] = str(home / name.lower())
    env["PYTHONFAULTHANDLER"] = "1"  # a crash on the way out leaves every thread's stack in the failure
    return subprocess.Popen([sys.executable, "-m", "kiosk", "run", str(SAMPLE), "--quit-after", str(DEADLINE + 10),
                             *options], env=env, cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def shows(env: dict[str, str], tmp_path: Path, *options: str, enough) -> QImage:  # type: ignore[no-untyped-def]
    """Starts the kiosk, waits for its first frame, then photographs the screen until `enough`
    holds (pictures are decoded after the first frame) and stops the kiosk, which must end cleanly."""
    kiosk = run_kiosk(env, tmp_path, *options)
    assert kiosk.stderr is not None
    try:
        for line in kiosk.stderr:
            if "first frame painted" in line:
                break
        else:
            pytest.fail("the kiosk stopped before its first frame")

        def shown() -> QImage | None:
            shot = screenshot(env, tmp_path)
            return shot if enough(shot) else None

        image = wait_for(shown, "the screen to show it")
    finally:
        kiosk.terminate()
        rest = kiosk.communicate(timeout=15)[1]
    assert kiosk.returncode == 0, rest[-3000:]
    assert "Traceback" not in rest
    return image


def test_the_first_screen_fills_the_wayland_screen(compositor: dict[str, str], tmp_path: Path) -> None:
    # the attract screen's picture arrives after its first frame: wait for it, as for the covers below
    image = shows(compositor, tmp_path, enough=lambda shot: colours(shot)[1] > 0.05 and colours(shot)[0] > 30)
    assert (image.width(), image.height()) == (WIDTH, HEIGHT)
    distinct, share = colours(image)
    assert share > 0.05, "the full-screen attract screen is (nearly) black"
    assert distinct > 30, "the full-screen attract screen shows no picture"


def test_the_windowed_home_shows_the_section_covers(compositor: dict[str, str], tmp_path: Path) -> None:
    image = shows(compositor, tmp_path, "--windowed", enough=lambda shot: colours(shot)[0] > 80)
    assert colours(image)[0] > 80, "the home screen shows no cover pictures"
