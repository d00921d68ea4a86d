"""`sources.json`: what the updater and the watch folder fetched last, so that an unchanged
archive is neither downloaded nor installed again — not even after a restart, which would
otherwise undo an operator's `kiosk use` or `kiosk rollback`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kiosk.store.download import Validators
from kiosk.store.durable import read_json, write_json

if TYPE_CHECKING:
    from kiosk.store.store import Store

log = logging.getLogger("kiosk.store")

MAX_FILES_REMEMBERED = 200


@dataclass(frozen=True)
class UrlMemory:
    validators: Validators = field(default_factory=Validators)
    sha256: str | None = None
    outcome: str | None = None


def _load(store: Store) -> dict[str, Any]:
    try:
        document = read_json(store.sources_path) or {}
    except ValueError as error:
        log.warning("forgetting what was fetched before: %s", error)
        document = {}
    document.setdefault("urls", {})
    document.setdefault("files", {})
    return document


def recall_url(store: Store, url: str) -> UrlMemory:
    entry = _load(store)["urls"].get(url)
    if not isinstance(entry, dict):
        return UrlMemory()
    return UrlMemory(Validators(entry.get("etag"), entry.get("last_modified")), entry.get("sha256"),
                     entry.get("outcome"))


def remember_url(store: Store, url: str, memory: UrlMemory) -> None:
    with store.locked():
        document = _load(store)
        validators = memory.validators
        document["urls"][url] = {"etag": validators.etag, "last_modified": validators.last_modified,
                                 "sha256": memory.sha256, "outcome": memory.outcome}
        write_json(store.sources_path, document)


def recall_file(store: Store, path: str) -> tuple[int, int] | None:
    entry = _load(store)["files"].get(path)
    if isinstance(entry, list) and len(entry) == 2:
        return int(entry[0]), int(entry[1])
    return None


def remember_file(store: Store, path: str, signature: tuple[int, int]) -> None:
    with store.locked():
        document = _load(store)
        files: dict[str, Any] = document["files"]
        files.pop(path, None)
        files[path] = list(signature)
        while len(files) > MAX_FILES_REMEMBERED:
            files.pop(next(iter(files)))
        write_json(store.sources_path, document)
