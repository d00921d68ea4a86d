"""A broken file plays on a kiosk, but never gets into the store: `install`, `pack` and the
updater still refuse a bundle with any error, naming each broken file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.store import InstallOptions, RefusedError, Store, UpdateConfig, Updater
from kiosk.store.pack import pack
from tests.store.conftest import BundleFactory, bundle_entries, write_zip
from tests.store.server import serve

HTML = b"<html><body>502 Bad Gateway</body></html>\n"
BROKEN = {"media/dawn.jpg": HTML, "captions/film.fr.vtt": HTML}


def test_install_refuses_a_bundle_with_broken_files(store: Store, make_folder: BundleFactory) -> None:
    folder = make_folder("1.0", files=BROKEN)
    with pytest.raises(RefusedError) as refused:
        store.install(folder, InstallOptions())
    lines = refused.value.lines()
    assert any("media/dawn.jpg' is named .jpg but holds an HTML page" in line for line in lines)
    assert any(line.startswith(f"{folder}/captions/film.fr.vtt:1: error:") for line in lines)
    assert store.installed() == []


def test_pack_refuses_a_bundle_with_broken_files(make_folder: BundleFactory, tmp_path: Path) -> None:
    folder = make_folder("1.0", files=BROKEN)
    with pytest.raises(RefusedError) as refused:
        pack(folder, tmp_path / "out.zip")
    errors = [line for line in refused.value.lines() if ": error: " in line]
    assert len(errors) == 2
    assert any("'media/dawn.jpg' is named .jpg but holds an HTML page" in line for line in errors)
    assert any(line.startswith(f"{folder}/captions/film.fr.vtt:1: error:") for line in errors)
    assert not (tmp_path / "out.zip").exists()


def test_the_updater_does_not_install_a_bundle_with_broken_files(store: Store, tmp_path: Path) -> None:
    entries = [(name, BROKEN.get(name, data)) for name, data in bundle_entries("2.0")]
    served = write_zip(tmp_path / "served.zip", entries).read_bytes()
    with serve() as site:
        site.put("/bundle.zip", served)
        result = Updater(store, UpdateConfig(site.url("/bundle.zip"), interval=60, timeout=5)).check_once()
    assert result.status == "refused"
    assert any("captions/film.fr.vtt:1: error:" in line for line in result.findings)
    assert store.installed() == []
