"""The running kiosk fetches updates: from a web server on 127.0.0.1 and from a watched folder,
in the background, switching only at the next session reset; a wrong SHA-256 is refused; a
silent server does not hold up shutdown."""

from __future__ import annotations

import gc
import logging
import shutil
import socket
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk.play.navigation import Screen
from kiosk.settings import files as settings_files
from kiosk.settings.model import Settings, UpdateSettings
from kiosk.store import BundleFollower, Store, UpdateConfig
from kiosk.system.startup import BundleChoice, ChosenBy
from kiosk.ui import updates as updates_module
from kiosk.ui.app import _load_or_raise, player_config
from kiosk.ui.following import StoreFollowing
from kiosk.ui.launch import run
from kiosk.ui.shell import KioskShell
from kiosk.ui.updates import KioskUpdates, UpdateOutcome, start_updates
from tests.store.conftest import write_zip
from tests.store.server import Site, serve
from tests.ui.conftest import MEDIA_NOISE_PATTERNS
from tests.ui.test_app import arguments

pytestmark = pytest.mark.qt_log_ignore(*MEDIA_NOISE_PATTERNS, r"This plugin does not support raise\(\)")

PATH = "/fleet/tiny.zip"
SUMS = "/fleet/tiny.zip.sha256"


@pytest.fixture(autouse=True)
def collect_on_the_gui_thread() -> Iterator[None]:
    """Earlier tests leave Python-owned QObjects (a shell, in a cycle with its player) to the cyclic
    garbage collector, which runs on whichever thread allocates; on a poll thread it would destroy
    Qt objects there and crash Qt later. So collect them here, on the GUI thread, first and last."""
    gc.collect()
    yield
    gc.collect()


# -- bundles and where they come from ---------------------------------------------------------

@pytest.fixture
def variant(tiny_bundle_path: Path, tmp_path: Path) -> Callable[[str], Path]:
    """A copy of the tiny bundle in another `version`."""

    def make(version: str) -> Path:
        folder = shutil.copytree(tiny_bundle_path, tmp_path / f"tiny-{version}")
        manifest = folder / "exhibition.yaml"
        text = manifest.read_text(encoding="utf-8")
        manifest.write_text(text.replace('version: "1"\n', f'version: "{version}"\n', 1), encoding="utf-8")
        return folder

    return make


@pytest.fixture
def zipped(variant: Callable[[str], Path], tmp_path: Path) -> Callable[[str], bytes]:
    """The bytes of a zip of the tiny bundle in `version`, as an operator publishes it."""

    def make(version: str) -> bytes:
        folder = variant(version)
        entries = [(p.relative_to(folder).as_posix(), p.read_bytes()) for p in sorted(folder.rglob("*")) if p.is_file()]
        return write_zip(tmp_path / f"tiny-{version}.zip", entries).read_bytes()

    return make


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as running:
        yield running


@contextmanager
def silent_server() -> Iterator[tuple[str, threading.Event]]:
    """A server that accepts connections and never answers; yields its URL and 'a client is waiting'."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)
    held: list[socket.socket] = []
    waiting, done = threading.Event(), threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            held.append(connection)
            waiting.set()

    thread = threading.Thread(target=accept, name="silent-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}{PATH}", waiting
    finally:
        done.set()
        thread.join(5)
        for connection in held:
            connection.close()
        listener.close()


# -- a running kiosk ------------------------------------------------------------------------

@dataclass
class Running:
    """A kiosk-mode shell following the store, and the updates started next to it."""

    store: Store
    shell: KioskShell
    folder: Path
    updates: KioskUpdates | None = None
    closed: bool = field(default=False)

    def start_updates(self, update: UpdateConfig | None = None, *, watch: bool = False,
                      settle: float = 0.0) -> KioskUpdates:
        """As kiosk.ui.app does, with short intervals; the shell closes it."""
        updates = KioskUpdates(Store(), update=update, watch_folder=self.folder if watch else None,
                               watch_interval=0.05, settle=settle, first_delay=0, following=self.shell.following)
        self.shell.updates = self.updates = updates
        updates.start()
        return updates

    @property
    def shown(self) -> str:
        bundle = self.shell.bundle
        assert bundle is not None
        return f"{bundle.manifest.id}@{bundle.manifest.version}"

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.shell.close()


@pytest.fixture
def running(variant: Callable[[str], Path], tmp_path: Path, qtbot, caplog) -> Iterator[Running]:
    """tiny@1 installed and playing in kiosk mode, offscreen; a (not yet existing) watch folder."""
    caplog.set_level(logging.INFO, logger="kiosk")
    store = Store()
    store.install(variant("1"))
    following = StoreFollowing(BundleFollower(store, load=_load_or_raise))
    bundle = following.follower.start()
    assert bundle is not None
    shell = KioskShell(player_config(arguments()), following=following, transition_ms=0)
    kiosk = Running(store, shell, tmp_path / "usb")
    try:
        shell.show(bundle)
        yield kiosk
    finally:
        kiosk.close()


def events(caplog: pytest.LogCaptureFixture, status: str | None = None) -> list[logging.LogRecord]:
    found = [r for r in caplog.records if getattr(r, "event", None) == "update_checked"]
    return [r for r in found if status is None or r.fields["status"] == status]


def in_a_visit(kiosk: Running) -> None:
    player = kiosk.shell.player
    assert player is not None
    player.touch()
    player.open_exhibit(0, 0)


# -- from a web server --------------------------------------------------------------------------

def test_an_update_on_the_server_plays_from_the_next_session_reset(running: Running, site: Site, zipped, qtbot,
                                                                   caplog) -> None:
    site.put(PATH, zipped("2"))
    first_window = running.shell.window
    in_a_visit(running)
    updates = running.start_updates(UpdateConfig(site.url(PATH), interval=0.2, timeout=5))
    qtbot.waitUntil(lambda: updates.last_update is not None, timeout=15000)
    outcome = updates.last_update
    assert isinstance(outcome, UpdateOutcome)
    assert (outcome.source, outcome.status, outcome.bundle, outcome.origin) == ("server", "installed", "tiny@2",
                                                                               site.url(PATH))
    assert running.store.active() is not None
    assert running.store.active().version == "2"
    following = running.shell.following
    assert following is not None
    qtbot.waitUntil(lambda: following.waiting is not None, timeout=15000)
    qtbot.waitUntil(lambda: updates.last_check is not None and updates.last_check.status == "unchanged",
                    timeout=5000)  # a later check: room for a wrong switch, if the shell were to make one
    assert running.shown == "tiny@1", "a visit in progress is never interrupted"
    assert running.shell.window is first_window
    served = [s.status for s in site.log if s.path == PATH]
    assert served[0] == 200
    assert 304 in served, "later checks only ask whether the archive changed"
    assert served.count(200) == 1
    running.shell.player.reset()
    qtbot.waitUntil(lambda: running.shown == "tiny@2", timeout=5000)
    assert running.shell.window is not first_window
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == [running.shell.window]
    assert running.shell.player.location.screen is Screen.ATTRACT
    [installed] = events(caplog, "installed")
    assert installed.fields["bundle"] == "tiny@2"
    assert installed.getMessage().startswith("update from the server: tiny@2 is installed and active; the kiosk "
                                             "shows it from its next session reset")
    assert [r.fields["bundle"] for r in caplog.records if getattr(r, "event", None) == "bundle_switched"] == ["tiny"]


def test_a_wrong_sha256_is_refused_and_the_kiosk_plays_on(running: Running, site: Site, zipped, qtbot,
                                                          caplog, monkeypatch) -> None:
    data = zipped("2")
    site.put(PATH, data)
    site.put(SUMS, f"{'0' * 64}  tiny.zip\n".encode())
    before = running.store.state()
    updates = running.start_updates(UpdateConfig(site.url(PATH), interval=60, timeout=5,
                                                 sha256_url=site.url(SUMS)))
    qtbot.waitUntil(lambda: updates.last_check is not None, timeout=15000)
    refused = updates.last_check
    assert refused is not None
    assert refused.status == "refused"
    assert refused.message.startswith("the archive's SHA-256 is ")
    assert refused.message.endswith(f"but {site.url(SUMS)} says {'0' * 64}: it was not installed")
    assert updates.last_update is None
    assert running.store.state() == before
    assert [i.version for i in running.store.installed()] == ["1"]
    assert list(running.store.downloads_dir.iterdir()) == []
    [line] = events(caplog, "refused")
    assert line.levelno == logging.WARNING
    assert "SHA-256" in line.getMessage()
    assert site.url(SUMS) in line.getMessage()
    looked: list[bool] = []
    look = running.shell._between_visits
    monkeypatch.setattr(running.shell, "_between_visits", lambda: (look(), looked.append(True)))
    in_a_visit(running)  # so that the reset ends a visit, and the kiosk looks at the store after it
    running.shell.player.reset()
    qtbot.waitUntil(lambda: looked == [True])  # the reset's deferred look at the store has run
    assert not running.shell.following.loading
    assert running.shown == "tiny@1"


# -- from the watch folder --------------------------------------------------------------------

def test_a_zip_dropped_into_the_watch_folder_plays_after_the_next_reset(running: Running, zipped, qtbot,
                                                                        caplog) -> None:
    updates = running.start_updates(watch=True, settle=2.0)
    qtbot.waitUntil(lambda: "folder" in updates.looked_at, timeout=5000)  # it copes with no folder at all
    running.folder.mkdir()
    data = zipped("3")
    target = running.folder / "tiny.zip"
    target.write_bytes(data[: len(data) // 2])  # the copy has begun
    looks = updates.looked_at["folder"]
    for _ in range(4):  # several looks at a half-copied zip
        qtbot.waitUntil(lambda looks=looks: updates.looked_at["folder"] > looks, timeout=5000)
        looks = updates.looked_at["folder"]
    assert updates.last_check is None, "a zip still being copied is left alone"
    in_a_visit(running)
    with target.open("ab") as rest:
        rest.write(data[len(data) // 2:])
    finished = time.monotonic()
    qtbot.waitUntil(lambda: updates.last_update is not None, timeout=15000)
    assert time.monotonic() - finished >= 2.0, "installed only once it looked finished for `settle` seconds"
    assert updates.last_update is not None
    assert (updates.last_update.source, updates.last_update.bundle) == ("folder", "tiny@3")
    assert updates.last_update.origin == str(target)
    assert [e.fields["status"] for e in events(caplog)] == ["installed"], "no refusal of the half zip"
    following = running.shell.following
    assert following is not None
    qtbot.waitUntil(lambda: following.waiting is not None, timeout=15000)
    assert running.shown == "tiny@1"
    running.shell.player.reset()
    qtbot.waitUntil(lambda: running.shown == "tiny@3", timeout=5000)


# -- shutting down ------------------------------------------------------------------------------

def test_shutting_down_while_the_server_is_silent_takes_seconds_at_most(running: Running, qtbot, caplog) -> None:
    with silent_server() as (url, waiting):
        updates = running.start_updates(UpdateConfig(url, interval=60, timeout=30))
        assert waiting.wait(10), "the check has begun and waits for an answer"
        started = time.monotonic()
        running.close()
        took = time.monotonic() - started
        assert took < updates_module.SHUTDOWN_BUDGET_S + 1.5
        assert "an update check is still waiting for its server; it ends with the kiosk" in caplog.text
    assert updates.close(10), "the check ends once the server hangs up"
    assert updates.last_check is None, "nothing is reported after shutdown"
    assert running.store.active() is not None
    assert running.store.active().version == "1"


# -- wired into `kiosk run` -----------------------------------------------------------------------

def test_pinned_bundle_keeps_playing_while_updates_install(site: Site, zipped, qtbot, caplog) -> None:
    caplog.set_level(logging.INFO, logger="kiosk")
    site.put(PATH, zipped("2"))
    settings = Settings(bundle="/museum/tiny", update=UpdateSettings(url=site.url(PATH), interval=5))
    pinned = BundleChoice(Path("/museum/tiny"), ChosenBy.SETTING, "the bundle setting", named="/museum/tiny")
    updates = start_updates(settings, None, pinned.pinned_note)
    assert updates is not None
    try:
        assert updates.updater is not None
        assert updates.updater.config.interval == 300, "update.interval is in minutes"
        assert updates.pinned == "/museum/tiny (the `bundle` setting)"
        assert updates.watch_folder is None
    finally:
        updates.close()
    gone = weakref.ref(updates)
    del updates
    assert gone() is None, "no thread and no reference cycle keeps it: it dies on the GUI thread"
    assert start_updates(Settings(), None) is None, "nothing to poll: no object, no thread"
    one_off = KioskUpdates(Store(), update=UpdateConfig(site.url(PATH), interval=60, timeout=5), first_delay=0,
                           pinned=BundleChoice(Path("/museum/tiny"), ChosenBy.COMMAND_LINE, "named on the command line",
                                               named="/museum/tiny").pinned_note)
    one_off.start()
    try:
        qtbot.waitUntil(lambda: one_off.last_update is not None, timeout=15000)
    finally:
        one_off.close()
    assert Store().active() is not None
    assert Store().active().version == "2"
    [installed] = events(caplog, "installed")
    assert installed.getMessage().endswith(
        "; this kiosk keeps playing the pinned bundle /museum/tiny (named on the command line)")
    assert installed.fields["pinned"] == "/museum/tiny (named on the command line)"


def test_kiosk_run_installs_an_update_and_switches_while_idle(variant, site: Site, zipped, tmp_path: Path,
                                                              monkeypatch, caplog) -> None:
    Store().install(variant("1"))
    site.put(PATH, zipped("2"))
    (tmp_path / "drop").mkdir()
    settings_files.save(Settings(update=UpdateSettings(url=site.url(PATH)), watch_folder=str(tmp_path / "drop")))
    monkeypatch.setattr(updates_module, "FIRST_CHECK_DELAY_S", 0.0)

    app = QApplication.instance()
    # Ends Qt's loop exactly once, from inside it: an exit() after the loop has returned (such as
    # --quit-after's timer firing later) would make every later test's event loop return at once.
    watch, deadline = QTimer(), QTimer()
    deadline.setSingleShot(True)

    def stop(code: int) -> None:
        watch.stop()
        deadline.stop()
        app.exit(code)

    def switched() -> None:
        seen = {getattr(r, "event", None) for r in caplog.records}
        if {"bundle_switched", "update_checked"} <= seen:
            stop(0)

    watch.timeout.connect(switched)
    deadline.timeout.connect(lambda: stop(3))
    watch.start(50)
    deadline.start(20000)
    try:
        assert run(arguments()) == 0, "it switched before the deadline"
    finally:
        watch.stop()
        deadline.stop()
    [installed] = events(caplog, "installed")
    assert installed.fields["bundle"] == "tiny@2"
    assert Store().active() is not None
    assert Store().active().version == "2"
    assert "now playing tiny 2" in caplog.text, "nobody was visiting: it switched at once"
    assert "kiosk stopped with status 0" in caplog.text
