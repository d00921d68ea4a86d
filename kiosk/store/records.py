"""The store's two kinds of record: `state.json` (which bundle is active, what rollback goes
back to) and each installed version's `install.json` (what it is and where it came from).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.store.errors import StoreError

log = logging.getLogger("kiosk.store")

STATE_FORMAT = 1
HISTORY_LIMIT = 20
INSTALL_RECORD = "install.json"
BUNDLE_FOLDER = "bundle"
DIGEST_SHOWN = 12


def now_iso() -> str:
    """UTC, to the microsecond: install times also order versions installed in one second."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def local_time(iso: str) -> str:
    """`2026-05-01 14:03` in the kiosk's time zone, for people."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


def version_label(version: str | None) -> str:
    return version if version else "unversioned"


def folder_name(version: str | None, digest: str) -> str:
    """`<version>-<digest12>`: safe on every file system, unique per content."""
    safe = re.sub(r"[^A-Za-z0-9._+-]", "_", version_label(version))[:64].strip(".") or "_"
    return f"{safe}-{digest[:DIGEST_SHOWN]}"


@dataclass(frozen=True)
class Installed:
    """One installed version of a bundle, as its install.json describes it."""

    id: str
    version: str | None
    digest: str
    folder: Path
    size: int
    files: int
    installed_at: str
    source: str = ""
    archive_sha256: str | None = None

    @property
    def ref(self) -> str:
        """`id/<version>-<digest12>`: how state.json names it."""
        return f"{self.id}/{self.folder.name}"

    @property
    def path(self) -> Path:
        """The bundle's own folder, with exhibition.yaml at its top: what the player opens."""
        return self.folder / BUNDLE_FOLDER

    @property
    def label(self) -> str:
        """`id@version`, as an operator types it."""
        return f"{self.id}@{version_label(self.version)}"

    @property
    def build(self) -> str:
        return self.digest[:8]

    def record(self) -> dict[str, Any]:
        return {
            "id": self.id, "version": self.version, "digest": self.digest, "size": self.size,
            "files": self.files, "installed_at": self.installed_at, "source": self.source,
            "archive_sha256": self.archive_sha256,
        }

    @classmethod
    def from_record(cls, folder: Path, document: dict[str, Any]) -> Installed:
        try:
            return cls(
                id=str(document["id"]), version=document.get("version"), digest=str(document["digest"]),
                folder=folder, size=int(document["size"]), files=int(document["files"]),
                installed_at=str(document["installed_at"]), source=str(document.get("source", "")),
                archive_sha256=document.get("archive_sha256"),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"{folder / INSTALL_RECORD} lacks {error}") from None


@dataclass
class State:
    """`state.json`: the active bundle, the ones active before it, and a generation counter
    that grows with every switch so a running kiosk can tell, cheaply, that it should switch."""

    active: str | None = None
    history: list[str] = field(default_factory=list)
    generation: int = 0
    changed_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"format": STATE_FORMAT, "active": self.active, "history": self.history[-HISTORY_LIMIT:],
                "generation": self.generation, "changed_at": self.changed_at}

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> State:
        if document.get("format") != STATE_FORMAT:
            raise StoreError(f"the store's state is in format {document.get('format')!r}, "
                             f"this kiosk reads format {STATE_FORMAT}",
                             "it was written by a newer kiosk: update this one")
        active = document.get("active")
        history = document.get("history") or []
        generation = document.get("generation") or 0
        if not (active is None or isinstance(active, str)) or not isinstance(history, list) \
                or not all(isinstance(ref, str) for ref in history) or not isinstance(generation, int):
            raise ValueError("state.json has keys of the wrong type")
        return cls(active=active, history=list(history), generation=generation,
                   changed_at=document.get("changed_at"))

    def switch_to(self, ref: str, *, remember: bool = True) -> None:
        """Make `ref` active; the one it replaces becomes what rollback returns to."""
        if self.active == ref:
            return
        if remember and self.active is not None:
            self.history = [r for r in self.history if r != self.active] + [self.active]
        self.history = [r for r in self.history if r != ref][-HISTORY_LIMIT:]
        self.active = ref
        self.generation += 1
        self.changed_at = now_iso()

    @property
    def previous(self) -> str | None:
        return self.history[-1] if self.history else None
