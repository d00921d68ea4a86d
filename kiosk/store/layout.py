"""Where the store keeps what, without loading the store itself.

The running kiosk's first steps (the kept first frame, kiosk.ui.kept_frame) watch the store's
pointer file before anything else loads; importing `kiosk.store.store` would bring in the
installer and the bundle checks (a few tenths of a second on a 2-core machine). So the store's
root and the pointer file's name are said here, once, and `Store` uses them too.
"""

from __future__ import annotations

from pathlib import Path

from kiosk import paths

STATE_FILE = "state.json"


def default_root() -> Path:
    """The store of this kiosk: the user data folder's `store/`."""
    return paths.data_dir() / "store"


def state_path(root: Path | None = None) -> Path:
    """The pointer to the active bundle. It is replaced (never edited) on every switch."""
    return (root if root is not None else default_root()) / STATE_FILE
