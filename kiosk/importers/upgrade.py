"""IIIF Presentation 2.1 into the shape of 3.0, so one mapping serves both.

Many institutions still publish 2.1: `@id` and `@type`, labels as strings or `{"@value",
"@language"}` objects, `description`, `attribution` and `license`, and canvases under
`sequences[0]` with their images as annotations whose `resource` is the picture. Only what the
import uses is carried over; everything else is left behind.
"""

from __future__ import annotations

from typing import Any

PRESENTATION_3 = "http://iiif.io/api/presentation/3/context.json"


def version(document: dict[str, Any]) -> int:
    """2 or 3, from the document's @context (3 when it says nothing the 2.x way)."""
    context = document.get("@context")
    contexts = context if isinstance(context, list) else [context]
    if any(isinstance(c, str) and "presentation/2" in c for c in contexts):
        return 2
    if any(isinstance(c, str) and "presentation/3" in c for c in contexts):
        return 3
    kind = document.get("@type")
    return 2 if isinstance(kind, str) and kind.startswith("sc:") else 3


def language_map(value: Any) -> dict[str, list[str]] | None:
    """A 2.1 string, list, or `{"@value", "@language"}` object(s) as a 3.0 language map."""
    if value is None:
        return None
    values = value if isinstance(value, list) else [value]
    result: dict[str, list[str]] = {}
    for item in values:
        if isinstance(item, str):
            result.setdefault("none", []).append(item)
        elif isinstance(item, dict) and isinstance(item.get("@value"), str):
            language = item.get("@language")
            result.setdefault(language if isinstance(language, str) and language else "none", []).append(
                item["@value"])
    return result or None


def _id(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("@id"), str):
        return str(value["@id"])
    return None


def _service(value: Any) -> list[dict[str, Any]]:
    services = value if isinstance(value, list) else [value] if isinstance(value, dict) else []
    result = []
    for service in services:
        if isinstance(service, dict) and _id(service):
            profile = service.get("profile")
            result.append({"id": _id(service), "type": "ImageService2",
                           "profile": profile if isinstance(profile, str) else "level1"})
    return result


def _image(value: Any) -> dict[str, Any] | None:
    url = _id(value)
    if url is None:
        return None
    body: dict[str, Any] = {"id": url, "type": "Image"}
    if isinstance(value, dict):
        if isinstance(value.get("format"), str):
            body["format"] = value["format"]
        if value.get("service"):
            body["service"] = _service(value["service"])
    return body


def _thumbnail(value: Any) -> list[dict[str, Any]]:
    items = value if isinstance(value, list) else [value]
    return [image for item in items if (image := _image(item)) is not None]


def _canvas(canvas: dict[str, Any]) -> dict[str, Any]:
    annotations = []
    for image in canvas.get("images") or []:
        if isinstance(image, dict) and (body := _image(image.get("resource"))) is not None:
            annotations.append({"type": "Annotation", "motivation": "painting", "body": body})
    upgraded: dict[str, Any] = {"id": canvas.get("@id"), "type": "Canvas",
                                "label": language_map(canvas.get("label")),
                                "width": canvas.get("width"), "height": canvas.get("height"),
                                "items": [{"type": "AnnotationPage", "items": annotations}]}
    if canvas.get("thumbnail"):
        upgraded["thumbnail"] = _thumbnail(canvas["thumbnail"])
    return upgraded


def _descriptive(document: dict[str, Any], upgraded: dict[str, Any]) -> None:
    for old, new in (("label", "label"), ("description", "summary")):
        if (value := language_map(document.get(old))) is not None:
            upgraded[new] = value
    metadata = []
    for entry in document.get("metadata") or []:
        if isinstance(entry, dict):
            metadata.append({"label": language_map(entry.get("label")), "value": language_map(entry.get("value"))})
    if metadata:
        upgraded["metadata"] = metadata
    if (attribution := language_map(document.get("attribution"))) is not None:
        upgraded["requiredStatement"] = {"label": {"none": ["Attribution"]}, "value": attribution}
    licence = document.get("license")
    if isinstance(licence, list):
        licence = next((item for item in licence if isinstance(item, str)), None)
    if isinstance(licence, str):
        upgraded["rights"] = licence
    if document.get("thumbnail"):
        upgraded["thumbnail"] = _thumbnail(document["thumbnail"])
    if isinstance(document.get("navDate"), str):
        upgraded["navDate"] = document["navDate"]


def upgrade(document: dict[str, Any]) -> dict[str, Any]:
    """A 2.1 manifest or collection in 3.0's shape (a 3.0 document is returned as it is)."""
    if version(document) == 3:
        return document
    kind = str(document.get("@type", ""))
    upgraded: dict[str, Any] = {"@context": PRESENTATION_3, "id": document.get("@id"),
                                "type": "Collection" if kind == "sc:Collection" else "Manifest"}
    _descriptive(document, upgraded)
    if upgraded["type"] == "Collection":
        members = [*(document.get("collections") or []), *(document.get("manifests") or []),
                   *(document.get("members") or [])]
        upgraded["items"] = [
            {"id": member.get("@id"), "type": "Collection" if member.get("@type") == "sc:Collection" else "Manifest",
             "label": language_map(member.get("label"))}
            for member in members if isinstance(member, dict)]
        return upgraded
    sequences = document.get("sequences") or []
    first = sequences[0] if sequences and isinstance(sequences[0], dict) else {}
    upgraded["items"] = [_canvas(canvas) for canvas in first.get("canvases") or [] if isinstance(canvas, dict)]
    return upgraded
