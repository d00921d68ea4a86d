"""The benchmark's parts that run inside a kiosk process: taps, stalls, the soak, memory.

Each part runs in a process of its own (started by bench_kiosk.py), so no part's caches
or memory colour another's. The kiosk is assembled as `kiosk run` does it (the shell, its
locked-down window at 1920x1080 with the real cross-fades, analytics recording, the C
allocator's settings and the GUI thread's garbage collector); input is
real mouse presses and releases sent through Qt's window system layer (QTest), so the
presence watcher, the buttons and the tiles see what a touch screen's synthesized mouse
events would give them.

Waiting always runs a Qt event loop (never a busy `processEvents` loop, which would take a
core from the decoding threads on a 2-core machine).
"""

from __future__ import annotations

import gc
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import shiboken6
from perf_support import median, percentile, pss_mb, rss_mb, rss_parts_mb
from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

import kiosk.ui  # noqa: F401 (first: its guard for PySide6 on Python 3.11)
from kiosk.analytics.recorder import Recorder
from kiosk.bundle.model import Exhibit
from kiosk.bundle.playable import PlayableBundle, load_playable
from kiosk.play.navigation import Screen as Place
from kiosk.play.player import AttractSlide, IdleMode, Moved, Player, PlayerConfig
from kiosk.play.tour import DwellDefaults
from kiosk.settings.model import Settings
from kiosk.ui.collector import GuiThreadCollector
from kiosk.ui.exhibits.picture import Picture
from kiosk.ui.exhibits.zoom import ZoomCanvas
from kiosk.ui.imaging import read_size, shared_decoder
from kiosk.ui.shell import KioskShell

HUGE_PIXELS = 40_000_000


class Kiosk:
    """The kiosk as `kiosk run BUNDLE` assembles it: the shell, its locked-down window at the
    screen's size (1920x1080), the player, and analytics recording into this process's own folder."""

    def __init__(self, bundle_path: Path, work: Path, config: PlayerConfig) -> None:
        self.app = QApplication.instance() or QApplication([sys.argv[0]])
        self.bundle: PlayableBundle = load_playable(bundle_path, work / "cache")
        self.shell = KioskShell(config, recorder=Recorder.from_settings(Settings()))
        self.collector = GuiThreadCollector(self.shell)
        if hasattr(self.collector, "watch"):  # (so the bench also runs on code from before it)
            self.shell.window_ready.connect(self.collector.watch)
        self.window = self.shell.show(self.bundle)
        assert self.shell.player is not None
        self.player: Player = self.shell.player
        self.shown: list[dict[str, object]] = []
        self.window.screen_shown.connect(self.shown.append)
        self.shown_cpu: list[float] = []  # the GUI thread's CPU time at each screen's first paint
        self.window.screen_shown.connect(lambda _fields: self.shown_cpu.append(time.thread_time()))

    def close(self) -> None:
        self.collector.close()
        self.shell.close()
        # As `kiosk run` ends (its loop turns once more after the shell closes): a playing
        # medium's queued stop and the retired window's deletion run before the process exits.
        spin(0.05)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        shared_decoder().wait_idle(10_000)

    def exhibit(self, section: int, index: int) -> Exhibit:
        return self.bundle.manifest.sections[section].exhibits[index]


def wait_until(condition: Callable[[], bool], seconds: float, poll_ms: int = 5) -> bool:
    """Run the event loop until `condition` holds or `seconds` pass; whether it holds."""
    if condition():
        return True
    loop = QEventLoop()
    deadline = time.perf_counter() + seconds
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(poll_ms)
    timer.timeout.connect(lambda: loop.quit() if condition() or time.perf_counter() > deadline else None)
    timer.start()
    loop.exec()
    timer.stop()
    return condition()


def spin(seconds: float) -> None:
    wait_until(lambda: False, seconds, poll_ms=20)


def settle(kiosk: Kiosk, seconds: float = 0.3) -> None:
    """Let fades end, pictures decode and deleted widgets go."""
    spin(seconds)
    decoder = shared_decoder()
    wait_until(lambda: not decoder.busy, 10)
    spin(0.05)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


# -- tap to paint ---------------------------------------------------------------------------

def tap(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, widget.rect().center())


def _pictures_of(view: QWidget) -> list[QWidget]:
    """The view's picture widgets on screen: still pictures (covers, posters) and zoomable ones."""
    return [w for w in view.findChildren(QWidget) if isinstance(w, Picture | ZoomCanvas) and w.isVisible()]


def _a_picture_shows(view: QWidget) -> bool:
    return any(w.has_image if isinstance(w, Picture) else w.base is not None  # type: ignore[attr-defined]
               for w in _pictures_of(view))


def _kind(kiosk: Kiosk, exhibit: Exhibit) -> str:
    if exhibit.type == "image":
        size = read_size(kiosk.bundle.file(exhibit.file))  # type: ignore[attr-defined]
        if size.width() * size.height() >= HUGE_PIXELS:
            return f"image {size.width()}x{size.height()}"
    return exhibit.type


def taps(bundle_path: Path, work: Path, repetitions: int) -> dict[str, object]:
    """Tap-to-paint per exhibit type (and for the home and section screens), p50 and p95.

    Each tap's figure is the window's own `screen_shown` measure: from the press to the
    new screen's first paint. For exhibits that show pictures, the time until the first of
    them shows is kept too (`picture_*`: a view's picture widget holds its decoded image);
    the decode cache is emptied before each section is opened, so pictures are decoded afresh
    unless the exhibit screen prefetched them while the section showed, as it does for a visitor.
    """
    kiosk = Kiosk(bundle_path, work, PlayerConfig())
    player, window = kiosk.player, kiosk.window
    decoder = shared_decoder()
    manifest = kiosk.bundle.manifest
    by_kind: dict[str, list[tuple[int, int]]] = {}
    for s, section in enumerate(manifest.sections):
        for e, exhibit in enumerate(section.exhibits):
            by_kind.setdefault(_kind(kiosk, exhibit), []).append((s, e))
    screen_ms: dict[str, list[float]] = {}
    cpu_ms: dict[str, list[float]] = {}  # the GUI thread's own CPU time from the tap to the paint
    picture_ms: dict[str, list[float]] = {}

    def tapped_into(widget: QWidget, screen: str, name: str) -> bool:
        kiosk.shown.clear()
        kiosk.shown_cpu.clear()
        cpu = time.thread_time()
        tap(widget)
        if not wait_until(lambda: any(s["screen"] == screen for s in kiosk.shown), 10):
            print(f"  no paint after tapping into {name}", file=sys.stderr)
            return False
        at = next(n for n, s in enumerate(kiosk.shown) if s["screen"] == screen)
        found = kiosk.shown[at]
        if found["input_to_paint_ms"] is not None:
            screen_ms.setdefault(name, []).append(float(found["input_to_paint_ms"]))  # type: ignore[arg-type]
            cpu_ms.setdefault(name, []).append((kiosk.shown_cpu[at] - cpu) * 1000)
        return True

    settle(kiosk, 1.5)
    for repetition in range(repetitions):
        player.reset()
        settle(kiosk, 0.5)
        tapped_into(window.attract, "home", "home")
        settle(kiosk)
        for kind, places in by_kind.items():
            section, index = places[repetition % len(places)]
            if player.location.screen is not Place.HOME:
                player.home()
                settle(kiosk)
            decoder.cache.clear()
            tapped_into(window.home.tiles[section], "section", "section")
            settle(kiosk, 0.5)
            tile = window.section.tiles[index]
            window.section.scroll_area.ensureWidgetVisible(tile)
            settle(kiosk, 0.05)
            started = time.perf_counter()
            if tapped_into(tile, "exhibit", kind) and window.exhibit.view is not None:
                view = window.exhibit.view
                if _pictures_of(view) and wait_until(lambda v=view: _a_picture_shows(v), 10):
                    picture_ms.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
            player.back()
            settle(kiosk)
    kiosk.close()
    return {
        "tap_to_paint_p50_ms": {kind: median(v) for kind, v in screen_ms.items()},
        "tap_to_paint_p95_ms": {kind: percentile(v, 0.95) for kind, v in screen_ms.items()},
        "tap_gui_cpu_p50_ms": {kind: median(v) for kind, v in cpu_ms.items()},
        "tap_gui_cpu_p95_ms": {kind: percentile(v, 0.95) for kind, v in cpu_ms.items()},
        "picture_shown_p50_ms": {kind: median(v) for kind, v in picture_ms.items()},
        "picture_shown_p95_ms": {kind: percentile(v, 0.95) for kind, v in picture_ms.items()},
        "taps": {kind: len(v) for kind, v in screen_ms.items()},
    }


# -- GUI-thread stalls -----------------------------------------------------------------------

class Heartbeat(QObject):
    """A 5 ms precise timer on the GUI thread: how late it fires is how long the thread was busy.

    Next to each beat's lateness it keeps the CPU time the GUI thread used since the beat
    before: on a shared machine a late beat may only mean another process had the core, while
    CPU time is the GUI thread's own work. (To see what that work was, run the part under
    `py-spy record --native`.)
    """

    INTERVAL_MS = 5

    def __init__(self, where: Callable[[], str]) -> None:
        super().__init__()
        self.where = where
        self.lateness: list[tuple[float, str]] = []
        self.busy: list[tuple[float, str]] = []
        self.rss: list[tuple[float, str]] = []
        self._last = time.perf_counter()
        self._last_cpu = time.thread_time()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self._beat)
        self._memory = QTimer(self)
        self._memory.setInterval(250)
        self._memory.timeout.connect(lambda: self.rss.append((rss_mb(), self.where())))

    def start(self) -> None:
        self._last = time.perf_counter()
        self._last_cpu = time.thread_time()
        self._timer.start()
        self._memory.start()

    def stop(self) -> None:
        self._timer.stop()
        self._memory.stop()

    def _beat(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        where = self.where()
        self.lateness.append(((now - self._last) * 1000 - self.INTERVAL_MS, where))
        self.busy.append(((cpu - self._last_cpu) * 1000, where))
        self._last, self._last_cpu = now, cpu

    @staticmethod
    def worst(figures: list[tuple[float, str]], count: int = 6) -> list[dict[str, object]]:
        return [{"ms": ms, "at": where} for ms, where in sorted(figures, reverse=True)[:count]]


def stalls(bundle_path: Path, work: Path, media_seconds: float, attract_slides: int) -> dict[str, object]:
    """The longest GUI-thread stall over the attract loop's first slides and one whole tour.

    Counted from the attract loop's second slide on: before it the kiosk is starting (the
    longest stall of that time is kept apart, as `gui_stall_startup_max_ms`). The tour's
    dwell times are shortened (every stop is still shown; media play for `media_seconds`).
    RSS is sampled every 250 ms along the way.
    """
    dwell = DwellDefaults(section=1, text=1.5, article=1.5, image=1.5, gallery_image=0.7,
                          unplayable_media=1, media_limit=media_seconds)
    kiosk = Kiosk(bundle_path, work, PlayerConfig(idle_mode=IdleMode.ATTRACT, dwell=dwell, attract_dwell=1.5))
    player = kiosk.player
    player.tour.steps = [replace(step, dwell=min(step.dwell, 2.0)) if step.dwell else step
                         for step in player.tour.steps]
    where = ["attract"]
    slides = [0]
    manifest = kiosk.bundle.manifest

    def moved(event: object) -> None:
        """Stalls are put down to the latest move: its screen's building, arrival and painting."""
        if isinstance(event, AttractSlide):
            slides[0] += 1
            where[0] = f"attract slide {slides[0]}"
        elif isinstance(event, Moved):
            where[0] = f"to {event.location.ref(manifest) or event.location.screen.value}"

    player.subscribe(moved)
    heart = Heartbeat(lambda: where[0])
    heart.start()
    started = time.perf_counter()
    wait_until(lambda: slides[0] > 1, 60, poll_ms=10)
    # Start-up (the first paint, the screens built just after it, the first picture's decode)
    # is counted apart: its figure is first_paint_ms, and nobody is at the kiosk yet.
    startup = heart.lateness[:]
    del heart.lateness[:], heart.busy[:]
    wait_until(lambda: slides[0] > attract_slides, 60, poll_ms=50)
    attract_worst = max((late for late, _ in heart.lateness), default=0.0)
    player.start_tour()
    wait_until(lambda: player.tour.rounds >= 1, 900, poll_ms=100)
    heart.stop()
    seconds = time.perf_counter() - started
    kiosk.close()
    lateness = [late for late, _ in heart.lateness]
    media = {f"{section.id}/{exhibit.id}" for section in manifest.sections for exhibit in section.exhibits
             if exhibit.type in ("audio", "video")}
    playing = [mb for mb, where_now in heart.rss if where_now.removeprefix("to ") in media]
    result: dict[str, object] = {
        "gui_stall_max_ms": max(lateness, default=0.0),
        "gui_stall_p99_ms": percentile(lateness, 0.99),
        "gui_stall_attract_max_ms": attract_worst,
        "gui_stall_startup_max_ms": max((late for late, _ in startup), default=0.0),
        "gui_stalls_over_50_ms": sum(1 for late in lateness if late > 50),
        "gui_stall_worst": heart.worst(heart.lateness),
        "gui_busy_max_ms": max((ms for ms, _ in heart.busy), default=0.0),
        "gui_busy_worst": heart.worst(heart.busy),
        "tour_stops": len(player.tour.steps),
        "tour_seconds": seconds,
        "rss_tour_max_mb": max((mb for mb, _ in heart.rss), default=float("nan")),
        "rss_tour_media_max_mb": max(playing, default=float("nan")),
    }
    return result


# -- memory ---------------------------------------------------------------------------------

def live_qobjects() -> Counter[str]:
    """QObjects reachable from the application and every top-level widget, each counted once,
    by class name."""
    app = QApplication.instance()
    seen: dict[int, str] = {}
    roots: list[QObject] = [app, *app.topLevelWidgets()]  # type: ignore[list-item]
    for root in roots:
        for found in (root, *root.findChildren(QObject)):
            seen[shiboken6.getCppPointer(found)[0]] = found.metaObject().className()
    for widget in app.allWidgets():  # type: ignore[union-attr]
        seen[shiboken6.getCppPointer(widget)[0]] = widget.metaObject().className()
    return Counter(seen.values())


def qt_wrappers() -> int:
    """Python wrappers of QObjects that the garbage collector tracks (value types such as QColor,
    which caches hold, are left out)."""
    return sum(1 for found in gc.get_objects() if isinstance(found, QObject))


def snapshot(kiosk: Kiosk) -> tuple[dict[str, float], Counter[str]]:
    """Back to the attract loop as after a visit, settled; then memory, and objects by class.

    The first section is opened before: a section screen keeps the tiles of the last section
    it showed, so every snapshot must leave the same one behind.
    """
    kiosk.player.touch()
    kiosk.player.open_section(0)
    settle(kiosk, 0.5)
    kiosk.player.reset()
    settle(kiosk, 1.0)
    gc.collect()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    objects = live_qobjects()
    rss, cache, parts = rss_mb(), shared_decoder().cache.bytes_used / 2**20, rss_parts_mb()
    return {"rss_mb": rss, "pss_mb": pss_mb(), "live_qobjects": objects.total(), "qt_wrappers": qt_wrappers(),
            "decode_cache_mb": cache, "rss_without_cache_mb": rss - cache,
            "rss_anon_mb": parts.get("anon", float("nan")), "rss_file_mb": parts.get("file", float("nan"))}, objects


class Visitor:
    """A random walk like a visitor's: sections, exhibits, next and back, home, languages, resets."""

    def __init__(self, kiosk: Kiosk, seed: int = 8) -> None:
        self.kiosk = kiosk
        self.random = random.Random(seed)
        self.actions: Counter[str] = Counter()

    def step(self) -> None:
        player, pick = self.kiosk.player, self.random
        manifest = self.kiosk.bundle.manifest
        place = player.location.screen
        roll = pick.random()
        if roll < 0.01:
            self._do("session reset", player.reset)
            return
        if place is Place.ATTRACT:
            self._do("wake", player.touch)
        elif roll < 0.05:
            others = [code for code in manifest.languages if code != player.settings.language]
            self._do("language", lambda: player.set_language(pick.choice(others)))
        elif place is Place.HOME:
            self._do("open section", lambda: player.open_section(pick.randrange(len(manifest.sections))))
        elif place is Place.SECTION:
            count = len(manifest.sections[player.location.section or 0].exhibits)
            choice = pick.choices(("exhibit", "back", "home"), (0.75, 0.15, 0.1))[0]
            if choice == "exhibit":
                self._do("open exhibit", lambda: player.open_exhibit(player.location.section or 0,
                                                                     pick.randrange(count)))
            else:
                self._do(choice, player.back if choice == "back" else player.home)
        elif place is Place.EXHIBIT:
            choice = pick.choices(("next", "previous", "back", "home"), (0.45, 0.2, 0.25, 0.1))[0]
            self._do(choice, {"next": player.next_exhibit, "previous": player.previous_exhibit,
                              "back": player.back, "home": player.home}[choice])
        else:
            self._do("back", player.back)

    def _do(self, name: str, action: Callable[[], object]) -> None:
        self.actions[name] += 1
        if name not in ("session reset", "wake"):
            self.kiosk.player.touch()
        action()


def soak(bundle_path: Path, work: Path, steps: int, checkpoint: int = 100) -> dict[str, object]:
    """RSS and live objects after `checkpoint` and after `steps` steps of a visitor's random walk
    (and after 1,000 and every 2,500 steps, to show the trend).

    Each step waits for the new screen's first paint (at most 250 ms: a visitor taps again
    before a cross-fade ends, too). Media exhibits start playing as they would on a tap.
    """
    kiosk = Kiosk(bundle_path, work, PlayerConfig())
    visitor = Visitor(kiosk)
    settle(kiosk, 1.5)
    marks: dict[int, dict[str, float]] = {}
    classes: dict[int, Counter[str]] = {}
    started = time.perf_counter()
    for number in range(1, steps + 1):
        kiosk.shown.clear()
        visitor.step()
        wait_until(lambda: bool(kiosk.shown), 0.25)
        if number in (checkpoint, steps) or (number > checkpoint and number % 2500 == 0) or number == 1000:
            marks[number], classes[number] = snapshot(kiosk)
            print(f"  soak: after {number} steps: " + ", ".join(f"{k} {v:.1f}" for k, v in marks[number].items()),
                  file=sys.stderr, flush=True)
    seconds = time.perf_counter() - started
    kiosk.close()
    first, last = marks[checkpoint], marks[steps]
    return {
        "soak_steps": steps,
        "soak_checkpoint": checkpoint,
        "soak_seconds": seconds,
        "soak_rss_growth_mb": last["rss_mb"] - first["rss_mb"],
        # From 1,000 steps on, every exhibit type and language has been met (warm-up over):
        "soak_rss_growth_from_1000_mb": last["rss_mb"] - marks[1000]["rss_mb"] if 1000 in marks else float("nan"),
        "soak_live_objects_growth": last["live_qobjects"] - first["live_qobjects"],
        "soak_qt_wrappers_growth": last["qt_wrappers"] - first["qt_wrappers"],
        "soak_decode_cache_growth_mb": last["decode_cache_mb"] - first["decode_cache_mb"],
        "soak_marks": {str(k): v for k, v in marks.items()},
        "soak_live_objects_added": dict(sorted((classes[steps] - classes[checkpoint]).items(),
                                               key=lambda item: -item[1])),
        "soak_live_objects_removed": dict(classes[checkpoint] - classes[steps]),
        "soak_actions": dict(visitor.actions),
    }


def playing(bundle_path: Path, work: Path, seconds: float) -> dict[str, object]:
    """RSS of a new kiosk while a video plays: attract loop first, then a tap into the first video."""
    kiosk = Kiosk(bundle_path, work, PlayerConfig())
    player, window = kiosk.player, kiosk.window
    settle(kiosk, 2.0)
    attract = rss_mb()
    video = next(((s, e) for s, section in enumerate(kiosk.bundle.manifest.sections)
                  for e, exhibit in enumerate(section.exhibits) if exhibit.type == "video"), None)
    if video is None:
        kiosk.close()
        return {"rss_playing_mb": float("nan"), "rss_playing_note": "the bundle has no video"}
    tap(window.attract)
    settle(kiosk)
    player.open_exhibit(*video)
    settle(kiosk, 0.5)
    view = window.exhibit.view
    session = getattr(view, "session", None)
    if session is not None and not session.is_playing:
        session.play()
    wait_until(lambda: session is not None and session.is_playing, 10)
    samples: list[float] = []
    ticker = QTimer()
    ticker.setInterval(200)
    ticker.timeout.connect(lambda: samples.append(rss_mb()) if session is not None and session.is_playing else None)
    ticker.start()
    spin(seconds)
    parts = rss_parts_mb()
    pss = pss_mb()
    ticker.stop()
    kiosk.close()
    ref = f"{kiosk.bundle.manifest.sections[video[0]].id}/{kiosk.exhibit(*video).id}"
    return {"rss_playing_mb": max(samples, default=float("nan")), "rss_playing_median_mb": median(samples),
            "rss_playing_anon_mb": parts.get("anon", float("nan")), "rss_playing_file_mb": parts.get("file", float("nan")),
            "rss_attract_mb": attract, "rss_playing_video": ref, "rss_playing_samples": len(samples),
            "pss_playing_mb": pss}


def path(bundle_path: Path, work: Path, walks: int) -> dict[str, object]:
    """A visitor's path by real taps, `walks` times: the attract screen, home, each section in
    turn, one of its exhibits (the next one each walk, so every exhibit is met), and back
    (the player's Back, as the screen's Back button does), then the session's reset.

    PSS after the first walk (a path through every section: at most 160 MB, issue 15); RSS
    once every exhibit has been met (the warm-up: each section's exhibits in turn) and after
    the last walk: the growth between must stay within 10 MB.
    """
    kiosk = Kiosk(bundle_path, work, PlayerConfig())
    player, window = kiosk.player, kiosk.window
    manifest = kiosk.bundle.manifest
    settle(kiosk, 1.5)

    def tapped(widget: QWidget, screen: str) -> None:
        kiosk.shown.clear()
        tap(widget)
        wait_until(lambda: any(s["screen"] == screen for s in kiosk.shown), 10)
        settle(kiosk, 0.2)

    warm = min(walks - 1, max(len(part.exhibits) for part in manifest.sections) - 1)
    marks: dict[int, dict[str, float]] = {}
    started = time.perf_counter()
    for walk in range(walks):
        tapped(window.attract, "home")
        for section, part in enumerate(manifest.sections):
            tapped(window.home.tiles[section], "section")
            if part.exhibits:
                tile = window.section.tiles[walk % len(part.exhibits)]
                window.section.scroll_area.ensureWidgetVisible(tile)
                tapped(tile, "exhibit")
                player.back()
                settle(kiosk, 0.2)
            player.back()
            settle(kiosk, 0.2)
        if walk in (0, warm, walks - 1):
            settle(kiosk, 2.0)  # the trim after the last screen change
            marks[walk] = {"rss": rss_mb(), "pss": pss_mb()}
        player.reset()
        settle(kiosk, 0.5)
    seconds = time.perf_counter() - started
    kiosk.close()
    first, warmed, last = marks[0], marks[warm], marks[walks - 1]
    return {"path_walks": walks, "path_warm_up_walks": warm + 1, "path_seconds": seconds,
            "rss_path_first_mb": first["rss"], "rss_path_warm_mb": warmed["rss"], "rss_path_last_mb": last["rss"],
            "path_rss_growth_mb": last["rss"] - warmed["rss"], "pss_path_mb": first["pss"],
            "pss_path_last_mb": last["pss"]}


PHASES: dict[str, Callable[..., dict[str, object]]] = {"taps": taps, "stalls": stalls, "soak": soak,
                                                        "playing": playing, "path": path}


def run_phase(name: str, bundle: Path, decode_cache_mb: int = 0, **options: object) -> dict[str, object]:
    """Run one part in this process; `decode_cache_mb` overrides the picture cache's budget."""
    if QApplication.instance() is None:
        try:
            from kiosk.ui.launch import prefer_raster
        except ImportError:  # a checkout from before it
            pass
        else:
            prefer_raster()  # as `kiosk run` does
        QApplication([sys.argv[0]])
    if decode_cache_mb:
        shared_decoder().cache.limit_bytes = decode_cache_mb * 2**20
    with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as folder:
        found = PHASES[name](bundle, Path(folder), **options)
    found[f"{name}_decode_cache_limit_mb"] = shared_decoder().cache.limit_bytes / 2**20
    return found

