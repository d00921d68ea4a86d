"""Which picture to ask an IIIF Image API service for (versions 2 and 3).

The kiosk zooms deep into one large picture, decoding only what is on screen, so the import asks
for the whole image at up to `--max-size` pixels on its long side, never larger than the
original nor than the service's own `maxWidth`, `maxHeight` and `maxArea`. A level-0 service
(static files, no resizing) offers only the sizes it lists in `sizes`, or the full image.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

IMAGE_SERVICE_TYPES = ("ImageService1", "ImageService2", "ImageService3")


@dataclass(frozen=True)
class Service:
    """An image service named by a resource: its base URL and the version its type says."""

    url: str
    version: int


def find_service(resource: dict[str, Any]) -> Service | None:
    """The first Image API service of a 3.0 (or upgraded 2.1) resource."""
    services = resource.get("service") or []
    for service in services if isinstance(services, list) else [services]:
        if not isinstance(service, dict):
            continue
        url = service.get("id") or service.get("@id")
        kind = str(service.get("type") or service.get("@type") or "")
        context = str(service.get("@context") or "")
        profile = str(service.get("profile") or "")
        if not isinstance(url, str):
            continue
        if kind in IMAGE_SERVICE_TYPES or "image/" in context or "iiif.io/api/image" in profile or "level" in profile:
            return Service(url.removesuffix("/info.json").rstrip("/"), 3 if kind == "ImageService3" else 2)
    return None


def _number(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _level0(info: dict[str, Any]) -> bool:
    profile = info.get("profile")
    profiles = profile if isinstance(profile, list) else [profile]
    return any(isinstance(item, str) and item.removesuffix(".json").endswith("level0") for item in profiles)


def _limits(info: dict[str, Any]) -> dict[str, int]:
    """maxWidth, maxHeight and maxArea, at the top (3.0) or in the profile's object (2.x)."""
    places = [info, *[item for item in info.get("profile") or [] if isinstance(item, dict)]] if isinstance(
        info.get("profile"), list) else [info]
    limits: dict[str, int] = {}
    for place in places:
        for key in ("maxWidth", "maxHeight", "maxArea"):
            if (value := _number(place.get(key))) is not None:
                limits[key] = value
    return limits


def image_request(info: dict[str, Any], fallback: Service, long_side: int) -> str:
    """The URL of the whole image from the service described by `info` (its info.json)."""
    context = str(info.get("@context") or "")
    version = 3 if "image/3" in context else 2 if "image/2" in context else fallback.version
    base = info.get("id") or info.get("@id")
    base = base.rstrip("/") if isinstance(base, str) and base.startswith(("http://", "https://")) else fallback.url
    everything = "max" if version == 3 else "full"
    width, height = _number(info.get("width")), _number(info.get("height"))
    if _level0(info):
        return f"{base}/full/{_listed_size(info, long_side) or everything}/0/default.jpg"
    if width is None or height is None:
        return f"{base}/full/{everything}/0/default.jpg"
    limits = _limits(info)
    scale = min(1.0, long_side / max(width, height))
    if "maxWidth" in limits:
        scale = min(scale, limits["maxWidth"] / width)
    if "maxHeight" in limits or "maxWidth" in limits:
        scale = min(scale, limits.get("maxHeight", limits.get("maxWidth", height)) / height)
    if "maxArea" in limits:
        scale = min(scale, math.sqrt(limits["maxArea"] / (width * height)))
    if scale >= 1.0:
        return f"{base}/full/{everything}/0/default.jpg"
    return f"{base}/full/{max(1, math.floor(width * scale))},/0/default.jpg"


def _listed_size(info: dict[str, Any], long_side: int) -> str | None:
    """The largest size a level-0 service lists that fits `long_side` (else its smallest)."""
    sizes = [(w, h) for item in info.get("sizes") or [] if isinstance(item, dict)
             if (w := _number(item.get("width"))) and (h := _number(item.get("height")))]
    if not sizes:
        return None
    fitting = [size for size in sizes if max(size) <= long_side]
    width, height = max(fitting, key=max) if fitting else min(sizes, key=max)
    return f"{width},{height}"
