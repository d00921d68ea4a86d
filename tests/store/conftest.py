"""Bundles to install (the valid bundle of tests/bundle, in several versions), zips of them,
and a snapshot of a folder tree to prove that a refused install left nothing behind."""

from __future__ import annotations

import hashlib
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.store import Store
from tests.bundle.conftest import FILES, MANIFEST

BUNDLE_FILES = [
    "captions/film.en.vtt", "captions/film.fr.vtt", "exhibition.yaml", "media/cover.png", "media/dawn.jpg",
    "media/film.mp4", "media/one.jpg", "media/tune.ogg", "media/two.png"]
BundleFactory = Callable[..., Path]
ZipFactory = Callable[..., Path]


def manifest(version: str = "1.0", bundle_id: str = "sample") -> str:
    text = MANIFEST.replace('version: "1.0"', f'version: "{version}"')
    return text.replace("id: sample", f"id: {bundle_id}")


def bundle_entries(version: str = "1.0", *, bundle_id: str = "sample") -> list[tuple[str, bytes]]:
    """The files of the valid test bundle, in `version`."""
    return [("exhibition.yaml", manifest(version, bundle_id).encode()), *FILES.items()]


def write_zip(path: Path, entries: list[tuple[str, bytes]], *,
              compression: int = zipfile.ZIP_DEFLATED, mode: int | None = None) -> Path:
    """A zip of `entries`; `mode` (a full st_mode, e.g. a symlink's) goes on the entries named *.odd."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = compression
            info.create_system = 3
            info.external_attr = ((mode if mode is not None and name.endswith(".odd") else 0o100644) << 16)
            archive.writestr(info, data)
    return path


@pytest.fixture
def store() -> Store:
    """The default store (inside this test's XDG_DATA_HOME)."""
    return Store()


@pytest.fixture
def make_folder(tmp_path: Path) -> BundleFactory:
    def make(version: str = "1.0", *, bundle_id: str = "sample",
             files: dict[str, bytes] | None = None) -> Path:
        root = tmp_path / f"src-{bundle_id}-{version}"
        root.mkdir()
        for name, data in [*bundle_entries(version, bundle_id=bundle_id), *(files or {}).items()]:
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return root

    return make


@pytest.fixture
def make_zip(tmp_path: Path) -> ZipFactory:
    def make(version: str = "1.0", *, bundle_id: str = "sample", extra: list[tuple[str, bytes]] | None = None,
             name: str | None = None) -> Path:
        path = tmp_path / (name or f"{bundle_id}-{version}.zip")
        return write_zip(path, bundle_entries(version, bundle_id=bundle_id) + (extra or []))

    return make


def snapshot(*roots: Path) -> dict[str, str]:
    """Every file and folder under `roots`, each file with its SHA-256: what a refused install
    must not change.

    The store's lock file is left out: it is created empty on first use and holds nothing.
    """
    found: dict[str, str] = {}
    for root in roots:
        for folder, dirnames, filenames in os.walk(root):
            for name in dirnames:
                found[str(Path(folder, name))] = "dir"
            for name in filenames:
                path = Path(folder, name)
                if name == "lock":
                    continue
                found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found
