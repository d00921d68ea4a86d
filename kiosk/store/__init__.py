"""The store of installed bundles: installing, switching, rolling back and updating, without
ever leaving a kiosk half-updated. Qt-free.

Layout, under `kiosk.paths.data_dir() / "store"` (see `Store` for every entry):

    state.json                                  active bundle, rollback history, generation
    bundles/<id>/<version>-<digest12>/bundle/   an installed version's files, never changed
    bundles/<id>/<version>-<digest12>/install.json
    staging/  trash/  downloads/  leases/  sources.json  lock

For the player:

    Store().active_bundle() -> Path | None   the active bundle's folder (which bundle plays, and
                                             why, is kiosk.system.startup.choose_bundle's to say)
    Store().generation() -> int              grows with every switch: compare to notice a change
    BundleFollower (follow.py)               switch at session resets only, keep the old on failure

For the updater and the watch folder: `Updater(store, UpdateConfig(url, interval,
sha256_url)).check_once()` and `FolderWatcher(store, folder).poll()`, each blocking and
returning what changed; run them off the GUI thread (`Poller` is a ready-made thread).
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.store.errors import RefusedError, StoreError
    from kiosk.store.follow import BundleFollower
    from kiosk.store.install import InstallOptions, InstallResult
    from kiosk.store.records import Installed
    from kiosk.store.store import DEFAULT_KEEP_VERSIONS, Store
    from kiosk.store.updater import Poller, UpdateConfig, Updater, UpdateResult
    from kiosk.store.watch import FolderWatcher

# Each name is loaded when first asked for, and a module of the store imported by itself
# (kiosk.store.layout, for the kept first frame) brings in nothing else: the installer brings the
# bundle checks, and the updater HTTP, TLS and e-mail parsing, which a kiosk starting up does not
# need before its first frame.
_WHERE = {
    "RefusedError": "errors", "StoreError": "errors", "BundleFollower": "follow", "InstallOptions": "install",
    "InstallResult": "install", "Installed": "records", "DEFAULT_KEEP_VERSIONS": "store", "Store": "store",
    "Poller": "updater", "UpdateConfig": "updater", "Updater": "updater",
    "UpdateResult": "updater", "FolderWatcher": "watch",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'kiosk.store' has no attribute '{name}'")
    value = getattr(importlib.import_module(f"kiosk.store.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "DEFAULT_KEEP_VERSIONS",
    "BundleFollower",
    "FolderWatcher",
    "InstallOptions",
    "InstallResult",
    "Installed",
    "Poller",
    "RefusedError",
    "Store",
    "StoreError",
    "UpdateConfig",
    "UpdateResult",
    "Updater",
]
