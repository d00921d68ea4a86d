"""Updates from a web server on 127.0.0.1 and from a watched folder, and the running kiosk
switching to them at its next session reset."""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.bundle.validate import validate
from kiosk.cli import main
from kiosk.store import (
    BundleFollower,
    FolderWatcher,
    Installed,
    Poller,
    Store,
    UpdateConfig,
    Updater,
    UpdateResult,
)
from kiosk.store.updater import expected_sha256
from tests.store.conftest import BundleFactory, bundle_entries, write_zip
from tests.store.server import Site, serve

PATH = "/kiosk/bundle.zip"


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as running:
        yield running


ArchiveMaker = Callable[..., bytes]


def active(store: Store) -> Installed:
    installed = store.active()
    assert installed is not None
    return installed


def active_version(store: Store) -> str | None:
    return active(store).version


@pytest.fixture
def archive(tmp_path: Path) -> ArchiveMaker:
    """The bytes of a bundle zip: `version`, optionally big (to drop mid-way) or broken."""

    def make(version: str, *, big: bool = False, broken: bool = False) -> bytes:
        entries = bundle_entries(version)
        if big:
            entries = [(n, d + os.urandom(300_000) if n == "media/film.mp4" else d) for n, d in entries]
        if broken:
            entries = [(n, d.replace(b"type: gallery", b"type: galery")) for n, d in entries]
        path = tmp_path / f"served-{version}-{big}-{broken}.zip"
        write_zip(path, entries, compression=zipfile.ZIP_STORED)
        return path.read_bytes()

    return make


def updater(site: Site, store: Store | None = None, sha256_path: str | None = None) -> Updater:
    config = UpdateConfig(site.url(PATH), interval=60, timeout=5,
                          sha256_url=site.url(sha256_path) if sha256_path else None)
    return Updater(store or Store(), config)


def statuses(site: Site) -> list[tuple[int, int]]:
    return [(served.status, served.body_bytes) for served in site.log if served.path == PATH]


def test_an_update_is_installed_then_only_asked_about(site: Site, archive: ArchiveMaker,
                                                      store: Store) -> None:
    v1 = archive("1.0")
    site.put(PATH, v1)
    check = updater(site, store)
    first = check.check_once()
    assert (first.status, first.changed) == ("installed", True)
    assert first.installed is not None
    assert first.installed.version == "1.0"
    assert store.active() == first.installed
    assert active(store).archive_sha256 == hashlib.sha256(v1).hexdigest()
    assert check.check_once() == UpdateResult("unchanged", "the archive has not changed")
    assert statuses(site) == [(200, len(v1)), (304, 0)]
    assert "If-None-Match" not in site.log[0].headers
    assert site.log[1].headers["If-None-Match"] == site.etag(PATH)
    v2 = archive("2.0")
    site.put(PATH, v2, when=1_800_000_000)
    assert check.check_once().status == "installed"
    assert active_version(store) == "2.0"
    assert statuses(site)[2:] == [(200, len(v2))]
    assert list(store.downloads_dir.iterdir()) == []


def test_last_modified_is_enough_without_etags(site: Site, archive: ArchiveMaker, store: Store) -> None:
    site.etags = False
    site.put(PATH, archive("1.0"))
    check = updater(site, store)
    assert check.check_once().status == "installed"
    assert check.check_once().status == "unchanged"
    assert site.log[1].headers["If-Modified-Since"] == site.modified[PATH]
    assert [status for status, _ in statuses(site)] == [200, 304]


def test_an_interrupted_download_resumes_where_it_stopped(site: Site, archive: ArchiveMaker, store: Store,
                                                          make_folder: BundleFactory) -> None:
    old = store.install(make_folder("0.9")).installed
    data = archive("1.0", big=True)
    site.put(PATH, data)
    site.drop_after = len(data) // 3
    check = updater(site, store)
    interrupted = check.check_once()
    assert interrupted.status == "interrupted"
    stopped = len(data) // 3
    assert interrupted.message.startswith(f"the download of {site.url(PATH)} stopped at {stopped:,} of ")
    assert store.active() == old
    assert check.check_once().status == "installed"
    assert site.log[1].headers["Range"] == f"bytes={len(data) // 3}-"
    assert site.log[1].headers["If-Range"] == site.etag(PATH)
    assert statuses(site) == [(200, len(data) // 3), (206, len(data) - len(data) // 3)]
    assert active(store).archive_sha256 == hashlib.sha256(data).hexdigest()


def test_a_resume_after_the_archive_changed_starts_over(site: Site, archive: ArchiveMaker,
                                                        store: Store) -> None:
    first = archive("1.0", big=True)
    site.put(PATH, first)
    site.drop_after = 1000
    check = updater(site, store)
    assert check.check_once().status == "interrupted"
    second = archive("2.0", big=True)
    site.put(PATH, second, when=1_800_000_000)
    assert check.check_once().status == "installed"
    assert statuses(site)[1] == (200, len(second))
    assert active_version(store) == "2.0"


def test_a_wrong_sha256_is_refused_and_the_active_bundle_is_untouched(
        site: Site, archive: ArchiveMaker, store: Store, make_folder: BundleFactory,
        caplog: pytest.LogCaptureFixture) -> None:
    old = store.install(make_folder("1.0")).installed
    data = archive("2.0")
    site.put(PATH, data)
    site.put(PATH + ".sha256", f"{'0' * 64}  bundle.zip\n".encode())
    check = updater(site, store, PATH + ".sha256")
    with caplog.at_level(logging.WARNING, logger="kiosk.store"):
        refused = check.check_once()
    actual = hashlib.sha256(data).hexdigest()
    assert refused == UpdateResult("refused", f"the archive's SHA-256 is {actual}, but "
                                   f"{site.url(PATH + '.sha256')} says {'0' * 64}: it was not installed")
    assert f"update from {site.url(PATH)}: the archive's SHA-256 is {actual}" in caplog.text
    assert store.active() == old
    assert len(store.installed()) == 1
    assert list(store.downloads_dir.iterdir()) == []
    assert list(store.staging_dir.iterdir()) == [] if store.staging_dir.exists() else True
    # The publisher fixes the checksum file: the next check installs (the archive is fetched again).
    site.put(PATH + ".sha256", actual.encode())
    assert check.check_once().status == "installed"
    assert active_version(store) == "2.0"


@pytest.mark.parametrize(("text", "expected"), [
    ("a" * 64, "a" * 64),
    ("A" * 64 + "\n", "a" * 64),
    (f"{'b' * 64}  bundle.zip\n", "b" * 64),
    (f"{'b' * 64} *bundle.zip\n", "b" * 64),
    (f"{'c' * 64}  other.zip\n{'d' * 64}  dist/bundle.zip\n", "d" * 64),
    (f"SHA256 (bundle.zip) = {'e' * 64}\n", "e" * 64),
    (f"{'c' * 64}  other.zip\n{'d' * 64}  third.zip\n", None),
    ("<html>not found</html>", None),
])
def test_published_checksum_formats(text: str, expected: str | None) -> None:
    assert expected_sha256(text, "bundle.zip") == expected


def test_a_refused_archive_is_not_fetched_again(site: Site, archive: ArchiveMaker, store: Store) -> None:
    site.put(PATH, archive("1.0", broken=True))
    check = updater(site, store)
    refused = check.check_once()
    assert refused.status == "refused"
    assert refused.findings[0].startswith(f"{site.url(PATH)}!/exhibition.yaml:19:15: error: ")
    assert check.check_once().status == "unchanged"
    assert [status for status, _ in statuses(site)] == [200, 304]
    assert store.installed() == []


def test_server_problems_are_results_not_exceptions(site: Site, store: Store) -> None:
    missing = updater(site, store).check_once()
    assert missing == UpdateResult("failed", f"{site.url(PATH)}: the server answered 404 Not Found "
                                   "(check the address)")
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    down = Updater(store, UpdateConfig(f"http://127.0.0.1:{port}/b.zip", timeout=5)).check_once()
    assert down.status == "failed"
    assert down.message.startswith(f"cannot reach http://127.0.0.1:{port}/b.zip: ")


def test_update_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="'file:///etc/passwd' is not an http:// or https:// address"):
        UpdateConfig("file:///etc/passwd")
    with pytest.raises(ValueError, match="more than 0 seconds"):
        UpdateConfig("https://example.org/b.zip", interval=0)


def test_install_from_a_url_on_the_command_line(site: Site, archive: ArchiveMaker,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    data = archive("1.0", big=True)
    site.put(PATH, data)
    site.drop_after = 5000
    assert main(["install", site.url(PATH)]) == 1
    assert capsys.readouterr().err == (f"kiosk: error: the download of {site.url(PATH)} stopped at 5,000 of "
                                       f"{len(data):,} bytes (run the same command again: it resumes where "
                                       "it stopped)\n")
    assert main(["install", site.url(PATH), "--sha256", "0" * 64]) == 1
    assert f"{site.url(PATH)}: error: the archive's SHA-256 is " in capsys.readouterr().out
    assert main(["install", site.url(PATH), "--sha256", hashlib.sha256(data).hexdigest()]) == 0
    assert capsys.readouterr().out.startswith("installed sample@1.0 ")
    assert [status for status, _ in statuses(site)] == [200, 206, 200]


def test_the_poller_checks_in_the_background(site: Site, archive: ArchiveMaker, store: Store) -> None:
    site.put(PATH, archive("1.0"))
    results: list[UpdateResult] = []
    two = threading.Event()

    def collect(result: object) -> None:
        assert isinstance(result, UpdateResult)
        results.append(result)
        if len(results) >= 2:
            two.set()

    check = updater(site, store)
    poller = Poller(check.check_once, 0.02, on_result=collect)
    poller.start()
    try:
        assert two.wait(10)
    finally:
        poller.stop(5)
    assert [r.status for r in results[:2]] == ["installed", "unchanged"]


# -- the running kiosk ------------------------------------------------------------------------


def _load(path: Path) -> str:
    result = validate(path)
    if not result.ok:
        raise ValueError(result.report.errors[0].format())
    assert result.manifest is not None
    return f"{result.manifest.id}@{result.manifest.version}"


def test_a_running_kiosk_switches_to_an_update_at_its_next_session_reset(
        site: Site, archive: ArchiveMaker, store: Store, make_folder: BundleFactory) -> None:
    store.install(make_folder("1.0"))
    follower = BundleFollower(store, _load)
    assert follower.start() == "sample@1.0"
    site.put(PATH, archive("2.0"))
    assert updater(site, store).check_once().status == "installed"
    assert follower.pending()
    assert follower.current == "sample@1.0", "nothing changes in the middle of a visit"
    assert follower.at_session_reset() == "sample@2.0"
    assert follower.current == "sample@2.0"
    assert not follower.pending()
    assert follower.at_session_reset() is None
    follower.close()


def test_a_new_bundle_that_does_not_load_is_skipped(store: Store, make_folder: BundleFactory,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    store.install(make_folder("1.0"))
    follower = BundleFollower(store, _load)
    follower.start()
    two = store.install(make_folder("2.0")).installed
    (two.path / "exhibition.yaml").write_text("")  # damaged on disk after it was installed
    with caplog.at_level(logging.ERROR, logger="kiosk.store"):
        assert follower.at_session_reset() is None
    assert follower.current == "sample@1.0"
    assert f"cannot switch to sample@2.0 ({two.ref}): " in caplog.text
    assert caplog.text.rstrip().endswith("staying on sample@1.0")
    assert not follower.pending(), "it does not retry at every reset"
    follower.close()


def test_the_bundle_on_screen_is_not_pruned(make_folder: BundleFactory) -> None:
    store = Store(keep_versions=1)
    v1 = store.install(make_folder("1")).installed
    follower = BundleFollower(store, _load)
    follower.start()
    store.install(make_folder("2"))
    store.install(make_folder("3"))
    assert v1.folder.is_dir()
    assert follower.at_session_reset() == "sample@3"
    assert [i.version for i in store.prune("sample")] == ["1"]
    follower.close()


# -- the watch folder -------------------------------------------------------------------------


def test_the_watch_folder_installs_a_zip_once_it_stopped_growing(tmp_path: Path, archive: ArchiveMaker,
                                                                  store: Store) -> None:
    folder = tmp_path / "usb"
    watcher = FolderWatcher(store, folder)
    assert watcher.poll() == []
    folder.mkdir()
    data = archive("1.0")
    target = folder / "exhibition.zip"
    target.write_bytes(data[: len(data) // 2])
    assert watcher.poll() == []
    with target.open("ab") as rest:
        rest.write(data[len(data) // 2:])
    assert watcher.poll() == [], "it grew since the last poll"
    [installed] = watcher.poll()
    assert installed.status == "installed"
    assert active_version(store) == "1.0"
    assert watcher.poll() == []
    restarted = FolderWatcher(store, folder)
    assert restarted.poll() == restarted.poll() == [], "remembered across restarts"
    update = folder / ".exhibition.zip.part"
    update.write_bytes(archive("2.0"))
    assert restarted.poll() == []
    update.replace(target)
    assert restarted.poll() == []
    assert [r.status for r in restarted.poll()] == ["installed"]
    assert active_version(store) == "2.0"


def test_the_watch_folder_ignores_other_files_and_reports_a_bad_zip_once(
        tmp_path: Path, archive: ArchiveMaker, store: Store) -> None:
    folder = tmp_path / "share"
    (folder / "sub").mkdir(parents=True)
    for name in (".syncthing.b.zip.tmp", "notes.txt", "sub/x.zip", ".hidden.zip"):
        (folder / name).write_bytes(archive("1.0"))
    (folder / "broken.zip").write_bytes(archive("1.0", broken=True))
    watcher = FolderWatcher(store, folder)
    assert watcher.poll() == []
    [refused] = watcher.poll()
    assert refused.status == "refused"
    assert refused.findings[0].startswith(f"{folder / 'broken.zip'}!/exhibition.yaml:19:15: error: ")
    assert watcher.poll() == []
    assert store.installed() == []


def test_stopping_the_updater_s_poller_stops_a_download_for_later(site: Site, archive: ArchiveMaker,
                                                                  store: Store) -> None:
    data = archive("1.0", big=True)
    site.put(PATH, data)
    started = threading.Event()
    results: list[object] = []

    def progress(done: int, total: int) -> None:
        started.set()
        stop_here.wait(5)

    stop_here = threading.Event()
    check = Updater(store, UpdateConfig(site.url(PATH), interval=3600, timeout=5), progress=progress)
    poller = check.poller(on_result=results.append)
    poller.start()
    assert started.wait(10)
    poller.stopping.set()
    stop_here.set()
    poller.stop(10)
    assert [getattr(r, "status", None) for r in results] == ["interrupted"]
    assert store.active() is None
    assert check.download.part.stat().st_size > 0, "kept, to resume at the next check"
