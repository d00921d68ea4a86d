"""Cold start to first paint: the kiosk in new processes, and Chromium in kiosk mode beside it.

The kiosk's figure is its own `startup` log event: the process's age when the first frame
was painted (`first_paint_ms`, counted from the kernel's record of the process start). After
the first of the runs, which fills the disk cache and is not counted, that first frame is the
kept copy of the previous start's (kiosk.ui.kept_frame), as on any kiosk that has started
before; `window_paint_ms` is when the kiosk window itself painted the same frame and took
touches. Both are reported, and compared with Chromium's first contentful paint.

For the side-by-side, both programs are timed the same way, on the same X display, one
after the other: from just before the process is started to the first paint, as a
wall-clock time. The kiosk's paint time is its `startup` event's timestamp; Chromium's is
reported by the page itself (`performance.timeOrigin` plus the `first-contentful-paint`
entry's start) to a small HTTP endpoint on 127.0.0.1 that also serves the page. The page
is the attract screen's first frame written as HTML: the exhibition's title, the first
attract picture (the same file) and "Touch to begin" in every language, on the theme's
ground.
"""

from __future__ import annotations

import html
import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

from perf_support import HEIGHT, WIDTH, Display, median, rss_mb, session_pids, session_pss_mb

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_FLAGS = ("--kiosk", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-default-browser-check",
                  "--password-store=basic", "--noerrdialogs", "--disable-translate", "--disable-features=Translate",
                  f"--window-size={WIDTH},{HEIGHT}", "--window-position=0,0")


# Qt's own floor: a bare PySide6 window of the same size, its age at its first paint.
BARE_WINDOW = f"""
import os, time
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget
def age():
    fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
    return (time.clock_gettime(time.CLOCK_BOOTTIME) - int(fields[19]) / os.sysconf("SC_CLK_TCK")) * 1000
app = QApplication([])
window = QWidget()
class Probe(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, lambda: (print(round(age(), 1)), app.quit()))
            watched.removeEventFilter(self)
        return False
probe = Probe()
window.installEventFilter(probe)
window.resize({WIDTH}, {HEIGHT})
window.show()
app.exec()
"""


# The same window, kept open (until its process group is ended) to read its memory.
HELD_WINDOW = f"""
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
window = QWidget()
window.resize({WIDTH}, {HEIGHT})
window.show()
app.exec()
"""
MEMORY_AFTER_S = 5.0


def held_memory(command: list[str], env: dict[str, str], seconds: float = MEMORY_AFTER_S) -> dict[str, float]:
    """PSS (summed over the process's whole session: a browser's helpers too) and the main
    process's RSS, `seconds` after launch; the process group is ended after."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        time.sleep(seconds)
        found = {"pss": session_pss_mb(process.pid), "rss": rss_mb(process.pid),
                 "processes": float(len(session_pids(process.pid)))}
    finally:
        _stop_group(process)
    return found


def home_memory(bundle: Path, display: Display, work: Path, runs: int) -> dict[str, object]:
    """PSS 5 s after launch, at the first screen: the kiosk, and a bare PySide6 window (Qt's
    floor), alternately; medians."""
    kiosk: list[dict[str, float]] = []
    bare: list[dict[str, float]] = []
    for _ in range(runs):
        kiosk.append(held_memory(kiosk_command(bundle, MEMORY_AFTER_S + 10), display.env(work / "cold")))
        bare.append(held_memory([sys.executable, "-c", HELD_WINDOW], display.env(work / "bare")))
    pss, floor = median([k["pss"] for k in kiosk]), median([b["pss"] for b in bare])
    return {"pss_home_mb": pss, "rss_home_mb": median([k["rss"] for k in kiosk]),
            "pss_home_runs_mb": [k["pss"] for k in kiosk],
            "bare_pyside6_window_pss_mb": floor, "pss_home_over_bare": pss / floor}


def kiosk_command(bundle: Path, quit_after: float) -> list[str]:
    return [sys.executable, "-m", "kiosk", "run", str(bundle), "--quit-after", str(quit_after),
            "--log-format", "json"]


def startup_event(stderr: str) -> dict[str, object] | None:
    for line in stderr.splitlines():
        if line.startswith("{") and '"startup"' in line:
            found = json.loads(line)
            if found.get("event") == "startup":
                return found
    return None


def run_kiosk_once(bundle: Path, display: Display, home: Path) -> tuple[float, dict[str, float], dict[str, object]]:
    """One cold start: (first_paint_ms by the process's age, ms from Popen to the first paint and
    to the window's paint, event). The event is logged as the kiosk window paints; with a kept
    frame (kiosk.ui.kept_frame) the first paint came earlier, by the two ages' difference."""
    env = display.env(home)
    launched = time.time()
    result = subprocess.run(kiosk_command(bundle, 1.0), capture_output=True, text=True, env=env,
                            timeout=120, check=False)
    found = startup_event(result.stderr)
    if found is None:
        tail = "\n".join(result.stderr.splitlines()[-15:])
        raise RuntimeError(f"the kiosk logged no startup event (exit {result.returncode}):\n{tail}")
    window_painted = datetime.fromisoformat(str(found["time"])).timestamp()
    first, window = float(found["first_paint_ms"]), float(found.get("window_paint_ms", found["first_paint_ms"]))  # type: ignore[arg-type]
    since_launch = {"window": (window_painted - launched) * 1000}
    since_launch["first"] = since_launch["window"] - (window - first)
    return first, since_launch, found


def run_bare_window(display: Display, home: Path) -> float:
    result = subprocess.run([sys.executable, "-c", BARE_WINDOW], capture_output=True, text=True,
                            env=display.env(home), timeout=60, check=True)
    return float(result.stdout.strip().splitlines()[-1])


def cold_start(bundle: Path, display: Display, runs: int, work: Path) -> dict[str, object]:
    """Several cold starts in new processes, each next to a bare PySide6 window's (Qt's floor);
    the first pair (which fills the disk cache) is not counted."""
    ages: list[float] = []
    windows: list[float] = []
    kept: list[bool] = []
    bare: list[float] = []
    sizes = set()
    for run in range(runs + 1):
        age, _, found = run_kiosk_once(bundle, display, work / "cold")
        floor = run_bare_window(display, work / "bare")
        sizes.add(f"{found.get('width')}x{found.get('height')}")
        if run > 0:
            ages.append(age)
            windows.append(float(found.get("window_paint_ms", age)))  # type: ignore[arg-type]
            kept.append(bool(found.get("kept_frame")))
            bare.append(floor)
    first, floor = median(ages), median(bare)
    return {"first_paint_ms": first, "first_paint_runs_ms": ages, "window": ", ".join(sorted(sizes)),
            "window_paint_ms": median(windows), "window_paint_runs_ms": windows,
            "kept_frame_runs": sum(kept), "bare_pyside6_window_first_paint_ms": floor,
            "bare_pyside6_window_runs_ms": bare, "first_paint_over_bare": first / floor,
            "window_paint_over_bare": median(windows) / floor,
            **home_memory(bundle, display, work, min(runs, 3))}


# -- Chromium ----------------------------------------------------------------------------------

def find_chromium() -> str | None:
    return next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)


def first_screen_html(bundle: Path) -> tuple[str, Path | None]:
    """The attract screen's first frame as a page, and the picture it shows."""
    from kiosk.bundle.playable import load_playable
    from kiosk.play.showcase import attract_items
    from kiosk.ui.words import say

    with tempfile.TemporaryDirectory() as cache:
        playable = load_playable(bundle, Path(cache))
        manifest = playable.manifest
        items = attract_items(manifest)
        picture = playable.file(items[0].picture) if items and items[0].picture else None
    language = manifest.default_language
    theme = manifest.theme
    pills = "".join(f'<span class="pill{" first" if code == language else ""}">{html.escape(say("touch_to_begin", code))}'
                    f"</span>" for code in manifest.languages)
    image = '<img id="picture" src="/picture" alt="">' if picture is not None else ""
    page = f"""<!doctype html>
<html lang="{language}"><head><meta charset="utf-8"><title>{html.escape(manifest.title.get(language))}</title>
<style>
html, body {{ margin: 0; height: 100%; background: {theme.background}; color: {theme.foreground};
  font-family: sans-serif; overflow: hidden; cursor: none; }}
main {{ position: absolute; inset: 0; display: flex; flex-direction: column; }}
#frame {{ flex: 1; display: flex; align-items: center; justify-content: center; padding: 5vh 6vw 2vh; min-height: 0; }}
#picture {{ max-width: 100%; max-height: 100%; object-fit: contain; }}
footer {{ padding: 0 64px 48px; }}
h1 {{ font-size: 84px; margin: 8px 0 20px; line-height: 1.1; }}
.pill {{ display: inline-block; padding: 14px 28px; margin-right: 20px; border-radius: 40px;
  background: #263140; font-size: 40px; font-weight: 600; }}
.pill.first {{ background: {theme.accent}; color: {theme.background}; }}
</style></head>
<body><main><div id="frame">{image}</div>
<footer><h1>{html.escape(manifest.title.get(language))}</h1><div>{pills}</div></footer></main>
<script>
const origin = performance.timeOrigin;
function report(kind, at) {{
  fetch("/report", {{method: "POST", body: JSON.stringify({{kind: kind, epoch_ms: origin + at}})}});
}}
new PerformanceObserver((list) => {{
  for (const entry of list.getEntries()) report(entry.name, entry.startTime);
}}).observe({{type: "paint", buffered: true}});
const picture = document.getElementById("picture");
if (picture) picture.decode().then(() => requestAnimationFrame(() => setTimeout(
  () => report("picture", performance.now()), 0)), () => report("picture-failed", performance.now()));
</script></body></html>
"""
    return page, picture


class _PageServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, page: str, picture: Path | None) -> None:
        self.page = page.encode("utf-8")
        self.picture = picture
        self.reports: list[dict[str, object]] = []
        self.arrived = threading.Event()
        super().__init__(("127.0.0.1", 0), _PageHandler)


class _PageHandler(http.server.BaseHTTPRequestHandler):
    server: _PageServer

    def do_GET(self) -> None:
        if self.path == "/":
            self._send(self.server.page, "text/html; charset=utf-8")
        elif self.path == "/picture" and self.server.picture is not None:
            self._send(self.server.picture.read_bytes(), "image/jpeg")
        else:
            self.send_error(404)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        self.server.reports.append(json.loads(self.rfile.read(length) or b"{}"))
        self.server.arrived.set()
        self._send(b"", "text/plain")

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        del format, args


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    """Chromium starts helpers in its process group; end the group we started, then reap it."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


def run_chromium_once(chromium: str, server: _PageServer, x_display: str, work: Path) -> dict[str, float]:
    """One cold start of Chromium in kiosk mode with a new profile: ms from Popen to its paints."""
    profile = Path(tempfile.mkdtemp(prefix="chromium-profile-", dir=work))
    env = {**os.environ, "DISPLAY": x_display}
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    server.reports.clear()
    launched = time.time()
    process = subprocess.Popen([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", url], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wanted = {"first-contentful-paint", "picture"} if server.picture is not None else {"first-contentful-paint"}
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not wanted <= {str(r.get("kind")) for r in server.reports}:
            server.arrived.wait(0.2)
            server.arrived.clear()
    finally:
        _stop_group(process)
        shutil.rmtree(profile, ignore_errors=True)
    return {str(r["kind"]): (float(r["epoch_ms"]) - launched * 1000) for r in server.reports  # type: ignore[arg-type]
            if "epoch_ms" in r}


def chromium_comparison(bundle: Path, display: Display, x_display: str, runs: int, work: Path) -> dict[str, object]:
    """Kiosk and Chromium started alternately on the same X display; medians of each."""
    chromium = find_chromium()
    if chromium is None:
        return {"skipped": "chromium is not installed"}
    version = subprocess.run([chromium, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    page, picture = first_screen_html(bundle)
    (work / "chromium-page").mkdir(parents=True, exist_ok=True)
    (work / "chromium-page" / "index.html").write_text(page, encoding="utf-8")
    server = _PageServer(page, picture)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    x_only = Display("xcb", x_display)
    kiosk_ms: list[float] = []
    kiosk_window_ms: list[float] = []
    chromium_paint: list[float] = []
    chromium_picture: list[float] = []
    try:
        run_chromium_once(chromium, server, x_display, work)  # untimed: fills the disk cache
        run_kiosk_once(bundle, x_only, work / "side-by-side")
        for _ in range(runs):
            _, since_launch, _ = run_kiosk_once(bundle, x_only, work / "side-by-side")
            kiosk_ms.append(since_launch["first"])
            kiosk_window_ms.append(since_launch["window"])
            found = run_chromium_once(chromium, server, x_display, work)
            if "first-contentful-paint" in found:
                chromium_paint.append(found["first-contentful-paint"])
            if "picture" in found:
                chromium_picture.append(found["picture"])
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        profile = Path(tempfile.mkdtemp(prefix="chromium-profile-", dir=work))
        browser_memory = held_memory([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", url],
                                     {**os.environ, "DISPLAY": x_display})
        shutil.rmtree(profile, ignore_errors=True)
        kiosk_memory = held_memory(kiosk_command(bundle, MEMORY_AFTER_S + 10), x_only.env(work / "side-by-side"))
    finally:
        server.shutdown()
        server.server_close()
    kiosk, browser, window = median(kiosk_ms), median(chromium_paint), median(kiosk_window_ms)
    return {
        "chromium": version,
        "display": f"X11 on DISPLAY={x_display}" if display.x_display == x_display else f"a private Xvfb {x_display}",
        "runs": runs,
        "kiosk_first_paint_ms": kiosk,
        "chromium_first_contentful_paint_ms": browser,
        "chromium_picture_shown_ms": median(chromium_picture),
        "chromium_over_kiosk": browser / kiosk if kiosk_ms and chromium_paint else float("nan"),
        "kiosk_window_paint_ms": window,
        "chromium_over_kiosk_window": browser / window if kiosk_window_ms and chromium_paint else float("nan"),
        "kiosk_runs_ms": kiosk_ms,
        "kiosk_window_runs_ms": kiosk_window_ms,
        "chromium_runs_ms": chromium_paint,
        "chromium_pss_home_mb": browser_memory["pss"],
        "chromium_processes": browser_memory["processes"],
        "kiosk_pss_home_x_mb": kiosk_memory["pss"],
        "chromium_pss_over_kiosk": browser_memory["pss"] / kiosk_memory["pss"],
    }
