"""The manifest's keys that a visitor never sees but an operator does: `format` decides whether
this kiosk plays the bundle at all, `id` and `version` where the store keeps it and how
`kiosk list` and `kiosk use` name it. The keys on screen are tested in
tests/ui/test_manifest_keys.py."""

from __future__ import annotations

import pytest

from kiosk.store import RefusedError, Store
from tests.store.conftest import BundleFactory


def test_format_1_installs_and_a_newer_format_is_refused_with_the_reason(
        store: Store, make_folder: BundleFactory) -> None:
    assert store.install(make_folder("1.0")).installed.id == "sample"
    newer = make_folder("2.0")
    manifest = newer / "exhibition.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("format: 1", "format: 2"), encoding="utf-8")
    with pytest.raises(RefusedError) as refused:
        store.install(newer)
    assert [f.format() for f in refused.value.report.errors] == [
        "exhibition.yaml:1:9: error: format: this bundle needs a newer kiosk (it is format 2; this kiosk reads "
        "format 1) (update the kiosk software, or ask for the bundle in format 1)"]


@pytest.mark.parametrize(("bundle_id", "version"), [("sample", "1.0"), ("museum-north", "2026.12")])
def test_id_and_version_name_the_installed_bundle(store: Store, make_folder: BundleFactory, bundle_id: str,
                                                  version: str) -> None:
    installed = store.install(make_folder(version, bundle_id=bundle_id)).installed
    assert (installed.id, installed.version) == (bundle_id, version)
    assert installed.folder.parent == store.bundles_dir / bundle_id
    assert installed.folder.name.startswith(f"{version}-")
    assert [(i.id, i.version) for i in store.installed()] == [(bundle_id, version)]


def test_versions_of_one_id_are_kept_side_by_side(store: Store, make_folder: BundleFactory) -> None:
    store.install(make_folder("1.0"))
    store.install(make_folder("1.1"))
    assert sorted(i.version or "" for i in store.installed()) == ["1.0", "1.1"]
    assert {i.folder.parent for i in store.installed()} == {store.bundles_dir / "sample"}
