"""Installing from folders and zips; list, use, remove, rollback; keeping N versions; recovery."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import pytest

from kiosk import paths
from kiosk.bundle.validate import validate
from kiosk.cli import main
from kiosk.store import InstallOptions, RefusedError, Store, StoreError
from kiosk.store.durable import file_lock
from kiosk.store.records import State
from tests.bundle.conftest import FILES
from tests.store.conftest import (
    BUNDLE_FILES,
    BundleFactory,
    ZipFactory,
    bundle_entries,
    manifest,
    snapshot,
    write_zip,
)


def test_install_a_folder_activates_it(store: Store, make_folder: BundleFactory) -> None:
    assert Store().active_bundle() is None
    result = store.install(make_folder("1.0"))
    installed = result.installed
    assert (result.activated, result.already_installed, result.removed) == (True, False, ())
    assert (installed.id, installed.version, installed.files) == ("sample", "1.0", 9)
    bundles = paths.data_dir() / "store" / "bundles"
    assert installed.folder == bundles / "sample" / f"1.0-{installed.digest[:12]}"
    assert Store().active_bundle() == installed.path == installed.folder / "bundle"
    assert (installed.path / "exhibition.yaml").read_text() == manifest("1.0")
    assert validate(installed.path).ok
    assert store.generation() == 1
    assert list((store.root / "staging").iterdir()) == []


def test_install_a_zip_in_a_top_level_folder(store: Store, make_zip: ZipFactory, tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "nested.zip", [(f"My Show/{n}", d) for n, d in bundle_entries("2.0")])
    installed = store.install(archive).installed
    assert installed.version == "2.0"
    files = installed.path.rglob("*")
    assert sorted(p.relative_to(installed.path).as_posix() for p in files if p.is_file()) == BUNDLE_FILES


def test_the_same_content_from_a_folder_or_a_zip_is_one_version(store: Store, make_folder: BundleFactory,
                                                                 make_zip: ZipFactory) -> None:
    first = store.install(make_folder("1.0"))
    again = store.install(make_zip("1.0"))
    assert again.already_installed
    assert not again.activated
    assert again.installed.ref == first.installed.ref
    assert len(store.installed()) == 1


def test_no_activate_installs_beside_the_active_one(store: Store, make_folder: BundleFactory) -> None:
    one = store.install(make_folder("1.0")).installed
    two = store.install(make_folder("2.0"), InstallOptions(activate=False)).installed
    assert store.active() == one
    assert [i.label for i in store.installed()] == ["sample@1.0", "sample@2.0"]
    assert store.use("sample@2.0") == (two, True)
    assert store.use("sample@2.0") == (two, False)


def test_use_finds_versions_by_id_version_and_build(store: Store, make_folder: BundleFactory) -> None:
    one = store.install(make_folder("1.0")).installed
    two = store.install(make_folder("2.0")).installed
    assert store.find("sample") == two
    assert store.find("sample@1.0") == one
    assert store.find(f"sample@1.0-{one.build}") == one
    assert store.find(f"sample@{one.folder.name}") == one
    with pytest.raises(StoreError) as error:
        store.find("sample@3.0")
    assert str(error.value) == "'sample@3.0' is not installed (installed: sample@1.0, sample@2.0)"


def test_rollback_undoes_switches_one_by_one(store: Store, make_folder: BundleFactory) -> None:
    one = store.install(make_folder("1.0")).installed
    two = store.install(make_folder("2.0")).installed
    other = store.install(make_folder("1.0", bundle_id="other")).installed
    assert store.state().previous == two.ref
    assert store.rollback() == two
    assert store.rollback() == one
    with pytest.raises(StoreError, match="there is nothing to roll back to"):
        store.rollback()
    assert store.active() == one
    assert other in store.installed()


def test_keep_versions_prunes_the_oldest_but_never_the_active_or_rollback_target(
        make_folder: BundleFactory) -> None:
    store = Store(keep_versions=2)
    v1 = store.install(make_folder("1")).installed
    store.install(make_folder("2"))
    result = store.install(make_folder("3"))
    assert result.removed == (v1,)
    assert not v1.folder.exists()
    assert [i.version for i in store.installed()] == ["2", "3"]
    # Activate the oldest kept version, then install two more: 2 stays while it is the rollback target.
    store.use("sample@2")
    store.install(make_folder("4"))
    store.install(make_folder("5"))
    assert store.state().previous == store.find("sample@4").ref
    assert [i.version for i in store.installed()] == ["4", "5"]
    keep_one = Store(keep_versions=1)
    keep_one.use("sample@4")
    assert keep_one.prune("sample") == []  # 4 is active and 5 is the rollback target


def test_a_leased_version_survives_pruning_and_removal(make_folder: BundleFactory) -> None:
    store = Store(keep_versions=1)
    v1 = store.install(make_folder("1")).installed
    lease = store.lease(v1)
    store.install(make_folder("2"))
    store.install(make_folder("3"))
    assert v1.folder.is_dir(), "the running kiosk still shows version 1"
    with pytest.raises(StoreError, match="still on screen in the running kiosk"):
        store.remove("sample@1")
    lease.release()
    store.remove("sample@1")
    assert not v1.folder.exists()


def test_remove_refuses_the_active_bundle(store: Store, make_folder: BundleFactory) -> None:
    store.install(make_folder("1.0"))
    store.install(make_folder("2.0"))
    with pytest.raises(StoreError) as error:
        store.remove("sample")
    assert str(error.value) == ("sample@2.0 is the active bundle "
                                "(switch to another one first with 'kiosk use sample@1.0')")
    assert len(store.installed()) == 2
    removed = store.remove("sample@1.0")
    assert [i.label for i in removed] == ["sample@1.0"]
    assert store.state().history == []


def test_a_wrong_sha256_is_refused(store: Store, make_zip: ZipFactory) -> None:
    archive = make_zip("1.0")
    with pytest.raises(RefusedError) as refused:
        store.install(archive, InstallOptions(sha256="0" * 64))
    actual = hashlib.sha256(archive.read_bytes()).hexdigest()
    assert refused.value.lines() == [f"{archive}: error: the archive's SHA-256 is {actual}, not the "
                                     f"expected {'0' * 64} (the file is damaged or is not the one published: "
                                     "fetch it again)"]
    assert store.installed() == []


def test_checksums_are_verified_while_unpacking(store: Store, make_zip: ZipFactory) -> None:
    listing = "".join(f"{hashlib.sha256(d).hexdigest()}  {n}\n" for n, d in sorted(FILES.items()))
    listing += f"{hashlib.sha256(manifest().encode()).hexdigest()}  exhibition.yaml\n"
    good = make_zip("1.0", extra=[("checksums.sha256", listing.encode())], name="good.zip")
    assert store.install(good).installed.files == 10
    bad = make_zip("1.0", extra=[("checksums.sha256", listing.replace(
        hashlib.sha256(FILES["media/film.mp4"]).hexdigest(), "f" * 64).encode())], name="bad.zip")
    with pytest.raises(RefusedError) as refused:
        store.install(bad)
    assert refused.value.lines() == [
        f"{bad}!/media/film.mp4: error: does not match its checksum: it changed or is damaged "
        "(copy it again, or regenerate checksums with 'kiosk pack')"]


def test_stale_staging_and_trash_are_cleaned_at_next_start(store: Store, make_folder: BundleFactory) -> None:
    store.install(make_folder("1.0"))
    leftover = store.root / "staging" / "sample-crashed" / "bundle"
    leftover.mkdir(parents=True)
    (leftover / "exhibition.yaml").write_text("half")
    (store.root / "trash" / "sample-x" / "version").mkdir(parents=True)
    (store.root / ".state.json.abc.tmp").write_text("{")
    store.recover()
    assert list((store.root / "staging").iterdir()) == []
    assert list((store.root / "trash").iterdir()) == []
    assert not (store.root / ".state.json.abc.tmp").exists()


def test_a_damaged_state_file_is_kept_and_rebuilt(store: Store, make_folder: BundleFactory,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    store.install(make_folder("1.0"))
    two = store.install(make_folder("2.0")).installed
    store.state_path.write_text("{ not json")
    assert store.active() == two  # readers fall back to the newest install
    with caplog.at_level(logging.ERROR, logger="kiosk.store"):
        store.recover()
    assert (store.root / "state.json.damaged").read_text() == "{ not json"
    assert State.from_json(json.loads(store.state_path.read_text())).active == two.ref
    assert "the store's state was damaged" in caplog.text


def test_a_state_from_a_newer_kiosk_is_not_overwritten(store: Store, make_folder: BundleFactory) -> None:
    store.install(make_folder("1.0"))
    store.state_path.write_text('{"format": 9}')
    with pytest.raises(StoreError, match="written by a newer kiosk"):
        store.install(make_folder("2.0"))
    assert store.state_path.read_text() == '{"format": 9}'


# -- the command line ---------------------------------------------------------------------


def test_cli_install_list_use_rollback_remove(make_folder: BundleFactory, make_zip: ZipFactory,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    assert capsys.readouterr().out == "no bundles are installed (install one with 'kiosk install BUNDLE')\n"
    assert main(["install", str(make_folder("1.0"))]) == 0
    out = capsys.readouterr().out
    assert out.startswith("installed sample@1.0 (build ")
    assert out.endswith("9 files, 1.8 kB); it is now the active bundle (a running kiosk switches at its next "
                        "session reset)\n")
    assert main(["install", "--no-activate", str(make_zip("2.0"))]) == 0
    assert capsys.readouterr().out.endswith("9 files, 1.8 kB)\n")
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "VERSION", "BUILD", "SIZE", "INSTALLED", "STATE", "CHECK"]
    assert lines[1].split()[:2] + lines[1].split()[7:] == ["sample", "1.0", "active", "valid"]
    assert lines[2].split()[:2] + lines[2].split()[7:] == ["sample", "2.0", "valid"]
    assert main(["use", "sample@2.0"]) == 0
    assert "is now the active bundle instead of sample@1.0" in capsys.readouterr().out
    assert main(["rollback"]) == 0
    assert capsys.readouterr().out.startswith("rolled back to sample@1.0 (build ")
    assert main(["remove", "sample@1.0"]) == 1
    assert capsys.readouterr().err == ("kiosk: error: sample@1.0 is the active bundle "
                                       "(switch to another one first with 'kiosk use sample@2.0')\n")
    assert main(["remove", "sample@2.0"]) == 0
    assert main(["list", "--json"]) == 0
    capsys.readouterr()
    assert main(["list", "--json", "--verify"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [(d["id"], d["version"], d["active"], d["valid"]) for d in document] == [
        ("sample", "1.0", True, True)]


def test_cli_refused_install_prints_findings_and_leaves_only_a_log_line(
        make_folder: BundleFactory, capsys: pytest.CaptureFixture[str], kiosk_dirs: Path) -> None:
    assert main(["install", str(make_folder("1.0"))]) == 0
    capsys.readouterr()
    broken = make_folder("2.0", files={"exhibition.yaml": manifest("2.0").replace("type: gallery",
                                                                                  "type: galery").encode()})
    before = snapshot(kiosk_dirs / "data")
    assert main(["install", str(broken)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{broken}/exhibition.yaml:19:15: error: sections[0].exhibits[1].type: unknown exhibit type 'galery' "
        "(did you mean 'gallery'? types are: text, image, gallery, audio, video, article)",
        f"{broken}/media/one.jpg: warning: nothing in the manifest refers to this file "
        "(refer to it from exhibition.yaml, or remove it)",
        f"{broken}/media/two.png: warning: nothing in the manifest refers to this file "
        "(refer to it from exhibition.yaml, or remove it)"]
    assert err == f"{broken}: refused, 1 error; nothing was installed\n"
    assert snapshot(kiosk_dirs / "data") == before
    log = (paths.log_dir() / "kiosk.log").read_text()
    assert f"WARNING kiosk.store: refused to install {broken}: {broken}/exhibition.yaml:19:15: error:" in log


def test_cli_usage_errors(make_folder: BundleFactory, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["install", "--sha256", "a" * 64, str(make_folder())]) == 2
    assert capsys.readouterr().err == "kiosk install: error: --sha256 checks an archive; SOURCE is a folder\n"
    with pytest.raises(SystemExit) as exit_info:
        main(["install", "--sha256", "xyz", "b.zip"])
    assert exit_info.value.code == 2
    assert "'xyz' is not a SHA-256 (64 hexadecimal digits)" in capsys.readouterr().err
    assert main(["use", "nothing"]) == 1
    assert capsys.readouterr().err == ("kiosk: error: 'nothing' is not installed: the store is empty "
                                       "(install a bundle with 'kiosk install BUNDLE')\n")
    assert main(["install", "ftp://example.org/b.zip"]) == 1
    assert "ftp:/example.org/b.zip: error: no such file or folder" in capsys.readouterr().out


def test_readers_never_wait_for_a_running_install(store: Store, make_folder: BundleFactory,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    store.install(make_folder("1.0"))
    leftover = store.staging_dir / "sample-being-written"
    leftover.mkdir()
    with file_lock(store.root / "lock") as held:  # as another process's install would
        assert held
        assert store.recover(wait=False) is False
        assert main(["list"]) == 0
        assert "sample  1.0" in capsys.readouterr().out
        assert leftover.is_dir(), "another process's staging folder is not a leftover"
    assert store.recover(wait=False) is True
    assert not leftover.exists()


def test_a_store_that_cannot_be_written_is_an_error_not_a_traceback(make_folder: BundleFactory,
                                                                    tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the data folder should be")
    store = Store(blocked / "store")
    with pytest.raises(StoreError, match=f"the store at {blocked / 'store'} cannot be changed: "):
        store.install(make_folder("1.0"))
