"""Reading the source of an import: one manifest, or a collection and everything it lists.

A collection becomes the bundle's sections: the manifests it lists directly make one section
named after it, and each collection inside it makes a section of its own (with the manifests of
any collections deeper inside). A collection that lists itself, or one of the collections
that contain it, is left out with a note, so no loop runs forever; so is anything past a depth
of eight collections or a thousand manifests.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.importers import IIIFError
from kiosk.importers.fetch import Fetcher, Progress, parse_json
from kiosk.importers.upgrade import upgrade
from kiosk.store.unpack import megabytes

log = logging.getLogger("kiosk.importers")

MAX_DEPTH = 8
MAX_MANIFESTS = 1000
MAX_ANNOTATION_PAGES = 1000


@dataclass
class Found:
    """A manifest (in 3.0's shape) and the address it was read from."""

    document: dict[str, Any]
    source: str


@dataclass
class Group:
    """What becomes one section: a collection's description and its manifests."""

    document: dict[str, Any]
    source: str
    manifests: list[Found] = field(default_factory=list)


@dataclass
class Collected:
    """The whole source: its top document, its groups, and notes for the curator."""

    top: Found
    groups: list[Group]
    notes: list[str]


def _kind(document: dict[str, Any]) -> str:
    kind = document.get("type") or document.get("@type")
    return str(kind).removeprefix("sc:") if kind else ""


def _id(document: dict[str, Any]) -> str:
    value = document.get("id") or document.get("@id")
    return value if isinstance(value, str) else ""


class Collector:
    """Reads the source and the documents it refers to, through `fetcher`."""

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher
        self.notes: list[str] = []
        self.manifests = 0
        self.taken: set[str] = set()
        self.prefetched: dict[str, dict[str, Any]] = {}
        self.pages = 0

    def read_source(self, source: str) -> Found:
        """The source: an http(s) address, or a JSON file on this computer."""
        if source.startswith(("http://", "https://")):
            return Found(self._checked(upgrade(self.fetcher.json(source)), source), source)
        if "://" in source:
            raise IIIFError(f"'{source}' is not an http:// or https:// address nor a file",
                            "give the address of a IIIF manifest or collection, or a JSON file")
        path = Path(source)
        try:
            with path.open("rb") as file:
                data = file.read(self.fetcher.limits.max_json + 1)
        except OSError as error:
            raise IIIFError(f"cannot read {source}: {error.strerror or error}") from None
        if len(data) > self.fetcher.limits.max_json:
            raise IIIFError(f"{source} is larger than {megabytes(self.fetcher.limits.max_json)}",
                            "a IIIF manifest or collection is much smaller; check the file")
        document = upgrade(parse_json(data, source))
        return Found(self._checked(document, source), _id(document) or source)

    @staticmethod
    def _checked(document: dict[str, Any], where: str) -> dict[str, Any]:
        if _kind(document) not in ("Manifest", "Collection"):
            raise IIIFError(f"{where} is not a IIIF manifest or collection: its type is "
                            f"'{_kind(document) or 'missing'}'",
                            "give the address of a Presentation 3.0 manifest or collection, or of a 2.1 manifest")
        return document

    def collect(self, source: str) -> Collected:
        top = self.read_source(source)
        if _kind(top.document) == "Manifest":
            self.manifests = 1
            self.with_annotations(top.document)
            return Collected(top, [Group(top.document, top.source, [top])], self.notes)
        first = Group(top.document, top.source)
        groups = [first]
        self._walk(top.document, top.source, first, groups, seen={_id(top.document), source} - {""}, depth=1)
        groups = [group for group in groups if group.manifests]
        if not groups:
            raise IIIFError(f"the collection {source} lists no manifest the kiosk can import",
                            "give the address of a collection that lists manifests")
        return Collected(top, groups, self.notes)

    def _prefetch(self, items: list[Any]) -> dict[str, dict[str, Any]]:
        """The manifests a collection lists by address, fetched several at a time (in order)."""
        wanted: list[str] = []
        for item in items:
            if isinstance(item, dict) and _kind(item) == "Manifest" and "items" not in item and "sequences" not in item:
                url = _id(item)
                if url and url not in self.taken and url not in wanted:
                    wanted.append(url)
        wanted = wanted[:max(0, MAX_MANIFESTS - self.manifests)]
        if not wanted:
            return {}
        done = 0
        lock = threading.Lock()

        def fetch(url: str) -> dict[str, Any]:
            nonlocal done
            document = upgrade(self.fetcher.json(url))
            with lock:
                done += 1
                self._report(done, len(wanted), url)
            return document

        self._report(0, len(wanted), "")
        with ThreadPoolExecutor(max_workers=max(1, self.fetcher.limits.jobs), thread_name_prefix="iiif") as pool:
            return dict(zip(wanted, pool.map(fetch, wanted), strict=True))

    def _report(self, done: int, total: int, url: str) -> None:
        if self.fetcher.progress is not None:
            self.fetcher.progress(Progress(done, total, 0, url, what="manifests"))

    def _walk(self, collection: dict[str, Any], where: str, group: Group, groups: list[Group],  # noqa: PLR0917
              seen: set[str], depth: int) -> None:
        items = collection.get("items")
        items = items if isinstance(items, list) else []
        self.prefetched.update(self._prefetch(items))
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            kind, url = _kind(item), _id(item)
            at = f"items[{index}] of {where}"
            if kind == "Manifest" and url and url in self.taken:
                self.notes.append(f"{at} is {url} again: imported once")
                continue
            if url and url in seen:
                self.notes.append(f"{at} is {url}, a collection that contains it: left out, so that the "
                                  "import does not go round in a loop")
                continue
            if kind == "Manifest":
                if self.manifests >= MAX_MANIFESTS:
                    self.notes.append(f"{at}: more than {MAX_MANIFESTS} manifests; the rest are left out")
                    return
                self.manifests += 1
                group.manifests.append(self._manifest(item, url, at))
                self.taken.add(url)
            elif kind == "Collection":
                if depth >= MAX_DEPTH:
                    self.notes.append(f"{at}: collections nested more than {MAX_DEPTH} deep are left out")
                    continue
                document = item if "items" in item else self._fetch(url, at, "Collection")
                inner = Group(document, url or where) if depth == 1 else group
                if inner is not group:
                    groups.append(inner)
                self._walk(document, url or at, inner, groups, seen | {url, _id(document)} - {""}, depth + 1)
            else:
                self.notes.append(f"{at} is a '{kind or 'thing without a type'}', neither a manifest nor a "
                                  "collection: left out")

    def _manifest(self, item: dict[str, Any], url: str, at: str) -> Found:
        if "items" in item or "sequences" in item:
            return Found(self.with_annotations(upgrade(item)), url or at)
        return Found(self.with_annotations(self._fetch(url, at, "Manifest")), url)

    def with_annotations(self, manifest: dict[str, Any]) -> dict[str, Any]:
        """`manifest` with the annotation pages of its sound and film canvases fetched where it
        names them by address only: they hold the captions."""
        for canvas in manifest.get("items") or []:
            if not isinstance(canvas, dict) or "duration" not in canvas:
                continue
            pages: Any = canvas.get("annotations")
            for index, page in enumerate(pages if isinstance(pages, list) else []):
                if isinstance(page, dict) and "items" not in page and _id(page):
                    if self.pages >= MAX_ANNOTATION_PAGES:
                        self.notes.append(f"more than {MAX_ANNOTATION_PAGES} annotation pages; the rest are left out")
                        return manifest
                    self.pages += 1
                    pages[index] = self._fetch(_id(page), f"a canvas of {_id(manifest)}", "AnnotationPage")
        return manifest

    def _fetch(self, url: str, at: str, kind: str) -> dict[str, Any]:
        if not url:
            raise IIIFError(f"{at} has no address", "each item of a collection needs an 'id'")
        document = self.prefetched.pop(url, None) or upgrade(self.fetcher.json(url))
        if _kind(document) != kind:
            raise IIIFError(f"{url} is not a IIIF {kind.lower()}: its type is '{_kind(document) or 'missing'}'",
                            f"{at} says it is a {kind.lower()}")
        return document
