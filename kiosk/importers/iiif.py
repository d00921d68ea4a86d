"""The mapping of IIIF Presentation 3.0 onto a bundle's manifest (documented in FORMAT.md).

Each manifest becomes one exhibit: its image canvases an `image` exhibit (one) or a `gallery`
(several), each sound or film canvas an `audio` or `video` exhibit with its WebVTT captions
(the canvas's `supplementing` annotations). Labels, summaries and metadata become texts,
`requiredStatement` and `rights` the credit, thumbnails covers and posters; the manifest's
address, `navDate` and `rights` stay under `x-iiif`, so that a later import can find what
each exhibit came from. Files to fetch are `Job`s in the manifest dictionary until the fetch
gives each its path.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

from kiosk.bundle.media import KINDS
from kiosk.importers import texts
from kiosk.importers.collect import Collected, Found, Group
from kiosk.importers.fetch import Job
from kiosk.importers.images import find_service
from kiosk.importers.texts import Text

COVER_SIDE = 1920
FORMATS = {
    "image/jpeg": ".jpg", "image/jpg": ".jpg", "image/png": ".png", "image/webp": ".webp", "image/tiff": ".tif",
    "image/svg+xml": ".svg", "audio/mpeg": ".mp3", "audio/mp3": ".mp3", "audio/ogg": ".ogg", "audio/opus": ".opus",
    "audio/flac": ".flac", "audio/wav": ".wav", "audio/x-wav": ".wav", "audio/wave": ".wav", "audio/mp4": ".m4a",
    "audio/x-m4a": ".m4a", "video/mp4": ".mp4", "video/webm": ".webm", "video/quicktime": ".mov",
    "video/x-matroska": ".mkv", "text/vtt": ".vtt", "application/x-subrip": ".srt", "text/srt": ".srt",
}
# A sound published as video/mp4 is an MPEG-4 file all the same, which the kiosk plays as .m4a.
SAME_CONTAINER = {("audio", ".mp4"): ".m4a", ("audio", ".mov"): ".m4a", ("video", ".m4a"): ".mp4"}
BODY_KINDS = {"Image": "image", "Sound": "audio", "Audio": "audio", "Video": "video"}
CC_NAMES = {"zero": "CC0", "mark": "Public Domain Mark"}
RIGHTS_STATEMENTS = {
    "InC": "In Copyright", "InC-OW-EU": "In Copyright - EU Orphan Work",
    "InC-EDU": "In Copyright - Educational Use Permitted", "InC-NC": "In Copyright - Non-Commercial Use Permitted",
    "InC-RUU": "In Copyright - Rights-holder(s) Unlocatable or Unidentifiable",
    "NoC-CR": "No Copyright - Contractual Restrictions", "NoC-NC": "No Copyright - Non-Commercial Use Only",
    "NoC-OKLR": "No Copyright - Other Known Legal Restrictions", "NoC-US": "No Copyright - United States",
    "CNE": "Copyright Not Evaluated", "UND": "Copyright Undetermined", "NKC": "No Known Copyright",
}
DESCRIPTIVE = ("label", "summary", "requiredStatement")


def slug(text: str, fallback: str) -> str:
    """An id from a label: lowercase ASCII letters, digits and hyphens, at most 48 characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    value = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:48].rstrip("-")
    return value or fallback


def unique(value: str, taken: set[str]) -> str:
    candidate, number = value, 2
    while candidate in taken:
        candidate = f"{value[:60]}-{number}"
        number += 1
    taken.add(candidate)
    return candidate


def rights_name(url: str) -> str:
    """A licence or rights statement by its usual short name; the address when it is not known."""
    parts = urlsplit(url)
    pieces = [piece for piece in parts.path.split("/") if piece]
    if parts.netloc.endswith("creativecommons.org") and len(pieces) >= 3:
        name = CC_NAMES.get(pieces[1], f"CC {pieces[1].upper()}")
        return f"{name} {pieces[2]}"
    if parts.netloc.endswith("rightsstatements.org") and len(pieces) >= 2 and pieces[1] in RIGHTS_STATEMENTS:
        return RIGHTS_STATEMENTS[pieces[1]]
    return url


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value is not None else []


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in _list(value) if isinstance(item, dict)]


def languages_of(collected: Collected, forced: str | None) -> list[str]:
    """The bundle's languages: those its texts are written in, the most used (or `forced`) first."""
    counts: Counter[str] = Counter()
    documents = [collected.top.document, *(g.document for g in collected.groups),
                 *(m.document for g in collected.groups for m in g.manifests)]
    for document in documents:
        for key in DESCRIPTIVE:
            value = document.get(key)
            texts.count_languages(value.get("value") if key == "requiredStatement" and isinstance(value, dict)
                                  else value, counts)
        for entry in _dicts(document.get("metadata")):
            texts.count_languages(entry.get("label"), counts)
            texts.count_languages(entry.get("value"), counts)
    ranked = sorted(counts, key=lambda code: (-counts[code], code))
    default = forced or (ranked[0] if ranked else "en")
    return [default, *(code for code in ranked if code != default)]


def _best_option(options: list[dict[str, Any]]) -> dict[str, Any]:
    """A Choice's first option the kiosk can play offline (else its first): the same sound is
    often offered as ALAC, FLAC and MP3."""
    for option in options:
        media_format = str(option.get("format", "")).split(";")[0].strip().lower()
        if not media_format or media_format in FORMATS or find_service(option) is not None:
            return option
    return options[0] if options else {}


def painted(canvas: dict[str, Any]) -> list[dict[str, Any]]:
    """What a canvas paints: the bodies of its `painting` annotations (a Choice's first option)."""
    bodies = []
    for page in _dicts(canvas.get("items")):
        for annotation in _dicts(page.get("items")):
            if "painting" not in _list(annotation.get("motivation")):
                continue
            for given in _dicts(annotation.get("body")):
                body = _best_option(_dicts(given.get("items"))) if given.get("type") == "Choice" else given
                if body.get("type") == "SpecificResource":
                    body = next(iter(_dicts(body.get("source"))), {})
                if body:
                    bodies.append(body)
    return bodies


class Mapper:
    """Builds the manifest of the new bundle from what the collector read."""

    def __init__(self, languages: list[str], max_size: int) -> None:
        self.languages = languages
        self.default = languages[0]
        self.max_size = max_size
        self.jobs: dict[tuple[str, int], Job] = {}
        self.notes: list[str] = []

    def text(self, value: Any, separator: str = "\n") -> Text | None:
        return texts.to_text(value, self.default, separator)

    def bundle(self, collected: Collected, source: str) -> dict[str, Any]:
        top = collected.top.document
        title = self.text(top.get("label"), "; ") or "Imported from IIIF"
        manifest: dict[str, Any] = {"format": 1, "id": slug(texts.first_string(title, self.default), "iiif-import"),
                                    "title": title, "languages": self.languages}
        if (summary := self.text(top.get("summary"))) is not None:
            manifest["description"] = summary
        taken: set[str] = set()
        sections = [section for group in collected.groups if (section := self.section(group, taken))]
        manifest["sections"] = sections
        manifest["x-iiif"] = {"source": source}
        return manifest

    def section(self, group: Group, taken: set[str]) -> dict[str, Any] | None:
        title = self.text(group.document.get("label"), "; ") or "Collection"
        section_id = unique(slug(texts.first_string(title, self.default), "section"), taken)
        exhibits: list[dict[str, Any]] = []
        used: set[str] = set()
        for found in group.manifests:
            exhibits.extend(self.exhibits(found, section_id, used))
        if not exhibits:
            return None
        section: dict[str, Any] = {"id": section_id, "title": title}
        if (summary := self.text(group.document.get("summary"))) is not None:
            section["summary"] = summary
        cover = self.thumbnail(group.document, f"media/{section_id}/cover") or next(
            (cover for found in group.manifests
             if (cover := self.thumbnail(found.document, f"media/{section_id}/cover"))), None)
        if cover is not None:
            cover.purpose = f"the cover of the section '{section_id}'"
            section["cover"] = cover
        section["exhibits"] = exhibits
        section["x-iiif"] = {"source": group.source}
        return section

    def exhibits(self, found: Found, section_id: str, used: set[str]) -> list[dict[str, Any]]:
        document = found.document
        title = self.text(document.get("label"), "; ") or "Untitled"
        base = unique(slug(texts.first_string(title, self.default), "exhibit"), used)
        common = self.common(document, found.source)
        images: list[tuple[dict[str, Any], dict[str, Any]]] = []
        timed: list[tuple[dict[str, Any], dict[str, Any], str]] = []
        for canvas in _dicts(document.get("items")):
            for body in painted(canvas)[:1]:
                kind = BODY_KINDS.get(str(body.get("type")), "")
                if kind == "image":
                    images.append((canvas, body))
                elif kind:
                    timed.append((canvas, body, kind))
        result = []
        if images and (pictures := self.pictures(base, section_id, title, document, images, common)):
            result.append(pictures)
        for index, (canvas, body, kind) in enumerate(timed):
            exhibit_id = base if not result else unique(f"{base[:56]}-{index + 1}", used)
            if (exhibit := self.timed(exhibit_id, section_id, title, document, canvas, body, kind, common)):
                result.append(exhibit)
        if not result:
            self.notes.append(f"{found.source} has nothing the kiosk can show (no image, sound or film): left out")
        return result

    def common(self, document: dict[str, Any], source: str) -> dict[str, Any]:
        """The credit and the `x-iiif` record every exhibit of a manifest carries."""
        statement = document.get("requiredStatement")
        credit_parts: list[Text | None] = []
        if isinstance(statement, dict):
            credit_parts.append(texts.pair(self.text(statement.get("label"), "; "),
                                           self.text(statement.get("value"), "; "), self.default))
        record: dict[str, Any] = {"manifest": source}
        rights = document.get("rights")
        if isinstance(rights, str) and rights:
            said = texts.first_string(texts.join(credit_parts, " ", self.default), self.default)
            if rights_name(rights) not in said and rights not in said:  # many statements name the licence
                credit_parts.append(rights_name(rights))
            record["rights"] = rights
        if isinstance(document.get("navDate"), str):
            record["navDate"] = document["navDate"]
        common: dict[str, Any] = {}
        if (credit := texts.join(credit_parts, " · ", self.default)) is not None:
            common["credit"] = credit
        common["x-iiif"] = record
        return common

    def about(self, document: dict[str, Any]) -> Text | None:
        """The summary and the metadata ('Date: 1850' a line), as a caption shows them."""
        lines = [texts.pair(self.text(entry.get("label"), "; "), self.text(entry.get("value"), "; "), self.default)
                 for entry in _dicts(document.get("metadata"))]
        return texts.join([self.text(document.get("summary")), texts.join(lines, "\n", self.default)],
                          "\n\n", self.default)

    def pictures(self, exhibit_id: str, section_id: str, title: Text, document: dict[str, Any],  # noqa: PLR0917
                 images: list[tuple[dict[str, Any], dict[str, Any]]],
                 common: dict[str, Any]) -> dict[str, Any] | None:
        about = self.about(document)
        stem, ref = f"media/{section_id}/{exhibit_id}", f"{section_id}/{exhibit_id}"
        if len(images) == 1:
            if (file := self.media(images[0][1], stem, "image", f"the picture of '{ref}'")) is None:
                return None
            exhibit: dict[str, Any] = {"id": exhibit_id, "type": "image", "title": title, "file": file}
            if about is not None:
                exhibit["caption"] = about
            return {**exhibit, **common}
        items = []
        for number, (canvas, body) in enumerate(images, start=1):
            if (job := self.media(body, f"{stem}-{number}", "image", f"picture {number} of '{ref}'")) is None:
                continue
            item: dict[str, Any] = {"file": job}
            label = self.text(canvas.get("label"), "; ")
            caption = texts.join([label, about if number == 1 else None], "\n\n", self.default)
            if caption is not None:
                item["caption"] = caption
            items.append(item)
        if not items:
            return None
        return {"id": exhibit_id, "type": "gallery", "title": title, "images": items, **common}

    def timed(self, exhibit_id: str, section_id: str, title: Text, document: dict[str, Any],  # noqa: PLR0917
              canvas: dict[str, Any], body: dict[str, Any], kind: str, common: dict[str, Any]) -> dict[str, Any] | None:
        stem, ref = f"media/{section_id}/{exhibit_id}", f"{section_id}/{exhibit_id}"
        file = self.media(body, stem, kind, f"the {'sound' if kind == 'audio' else 'film'} of '{ref}'")
        if file is None:
            return None
        exhibit: dict[str, Any] = {"id": exhibit_id, "type": kind, "title": title, "file": file}
        picture = self.thumbnail(canvas, f"{stem}-cover", ref) or self.placeholder(canvas, f"{stem}-cover", ref) \
            or self.thumbnail(document, f"{stem}-cover", ref)
        if picture is not None:
            exhibit["cover" if kind == "audio" else "poster"] = picture
        captions = self.captions(canvas, f"captions/{section_id}/{exhibit_id}", ref)
        if captions:
            exhibit["captions"] = captions
        record = {**common["x-iiif"]}
        if isinstance(canvas.get("id"), str):
            record["canvas"] = canvas["id"]
        return {**exhibit, **common, "x-iiif": record}  # x-iiif last, as in every exhibit

    def captions(self, canvas: dict[str, Any], stem: str, ref: str) -> dict[str, Job]:
        """The canvas's WebVTT (or SubRip) captions, by language."""
        found: dict[str, Job] = {}
        for page in _dicts(canvas.get("annotations")):
            for annotation in _dicts(page.get("items")):
                if "supplementing" not in _list(annotation.get("motivation")):
                    continue
                bodies = _dicts(annotation.get("body"))
                for body in [option for given in bodies
                             for option in (_dicts(given.get("items")) if given.get("type") == "Choice" else [given])]:
                    ext = FORMATS.get(str(body.get("format", "")).split(";")[0].strip().lower(), "")
                    if ext not in KINDS["captions"]:
                        continue
                    language = next((code for code in _list(body.get("language")) if isinstance(code, str)), "none")
                    code = texts.language_key(language) or self.default
                    code = code or self.default
                    if code in found:
                        continue
                    if (job := self.media(body, f"{stem}.{code}", "captions", f"the '{code}' captions of '{ref}'")):
                        found[code] = job
        return found

    def placeholder(self, canvas: dict[str, Any], stem: str, ref: str) -> Job | None:
        """The picture of a canvas's `placeholderCanvas` (shown before a film plays) or of its
        `accompanyingCanvas` (shown while a sound plays)."""
        for holder in _dicts(canvas.get("placeholderCanvas")) + _dicts(canvas.get("accompanyingCanvas")):
            for body in painted(holder)[:1]:
                if BODY_KINDS.get(str(body.get("type"))) == "image":
                    return self.media(body, stem, "image", f"the poster of '{ref}'", COVER_SIDE)
        return None

    def thumbnail(self, resource: dict[str, Any], stem: str, ref: str = "") -> Job | None:
        for picture in _dicts(resource.get("thumbnail")):
            if picture.get("type", "Image") == "Image":
                return self.media(picture, stem, "image", f"the picture of '{ref}'", COVER_SIDE)
        return None

    def media(self, body: dict[str, Any], stem: str, kind: str, purpose: str, side: int = 0) -> Job | None:
        """The Job that fetches `body` (one per address and size), None for what cannot be fetched."""
        url = body.get("id") or body.get("@id")
        if not isinstance(url, str) or not url:
            self.notes.append(f"{purpose} has no address: left out")
            return None
        long_side = min(side or self.max_size, self.max_size)
        if (url, long_side) in self.jobs:
            return self.jobs[url, long_side]
        service = find_service(body) if kind == "image" else None
        media_format = str(body.get("format", "")).split(";")[0].strip().lower()
        ext = FORMATS.get(media_format, "")
        if not media_format:
            suffix = urlsplit(url).path.rsplit("/", 1)[-1]
            suffix = suffix[suffix.rfind("."):].lower() if "." in suffix else ""
            ext = suffix if suffix in KINDS[kind] else ""
        ext = SAME_CONTAINER.get((kind, ext), ext)
        if ext and ext not in KINDS[kind]:
            ext = ""
        if media_format and not ext and service is None:
            self.notes.append(f"{purpose} ({url}) is {media_format}, which the kiosk cannot play offline: left out")
            return None
        job = Job(url, stem, kind, ext, purpose, service, long_side)
        self.jobs[url, long_side] = job
        return job


def resolve(value: Any) -> Any:
    """The manifest with each Job replaced by the path it was fetched to."""
    if isinstance(value, Job):
        return value.path
    if isinstance(value, dict):
        return {key: resolve(item) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve(item) for item in value]
    return value
