"""The pieces of the mapping on their own: which picture an image service is asked for,
language maps into texts, licences by name, 2.1 into 3.0's shape."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.importers import texts
from kiosk.importers.iiif import rights_name, slug
from kiosk.importers.images import Service, find_service, image_request
from kiosk.importers.upgrade import language_map, upgrade, version

V3 = "http://iiif.io/api/image/3/context.json"
V2 = "http://iiif.io/api/image/2/context.json"
BASE = "https://images.example/iiif/ship"


@pytest.mark.parametrize(("info", "long_side", "url"), [
    ({"@context": V3, "id": BASE, "profile": "level2", "width": 12000, "height": 9000}, 8000,
     f"{BASE}/full/8000,/0/default.jpg"),
    ({"@context": V3, "id": BASE, "profile": "level2", "width": 3000, "height": 9000}, 8000,
     f"{BASE}/full/2666,/0/default.jpg"),
    ({"@context": V3, "id": BASE, "profile": "level1", "width": 4000, "height": 3000}, 8000,
     f"{BASE}/full/max/0/default.jpg"),
    ({"@context": V2, "@id": BASE, "profile": ["http://iiif.io/api/image/2/level2.json"], "width": 4000,
      "height": 3000}, 8000, f"{BASE}/full/full/0/default.jpg"),
    ({"@context": V3, "id": BASE, "profile": "level2", "width": 12000, "height": 9000, "maxWidth": 2000}, 8000,
     f"{BASE}/full/2000,/0/default.jpg"),
    ({"@context": V3, "id": BASE, "profile": "level2", "width": 12000, "height": 9000, "maxHeight": 900}, 8000,
     f"{BASE}/full/1200,/0/default.jpg"),
    ({"@context": V2, "@id": BASE, "width": 10000, "height": 10000,
      "profile": ["http://iiif.io/api/image/2/level2.json", {"maxArea": 1_000_000}]}, 8000,
     f"{BASE}/full/1000,/0/default.jpg"),
    ({"@context": V3, "id": BASE, "profile": "level0", "width": 12000, "height": 9000}, 8000,
     f"{BASE}/full/max/0/default.jpg"),
    ({"@context": V3, "id": BASE, "profile": "level0", "width": 12000, "height": 9000,
      "sizes": [{"width": 9000, "height": 6750}, {"width": 1000, "height": 750}]}, 8000,
     f"{BASE}/full/1000,750/0/default.jpg"),
    ({"@context": V3, "id": "file:///etc", "profile": "level2", "width": 100, "height": 100}, 8000,
     f"{BASE}/full/max/0/default.jpg"),
    ({"@context": V3, "profile": "level2"}, 8000, f"{BASE}/full/max/0/default.jpg"),
], ids=["larger", "portrait", "smaller", "v2-smaller", "maxWidth", "maxHeight", "v2-maxArea", "level0", "level0-sizes",
        "id-not-http", "no-size"])
def test_the_picture_asked_of_an_image_service(info: dict[str, Any], long_side: int, url: str) -> None:
    assert image_request(info, Service(BASE, 3), long_side) == url


@pytest.mark.parametrize(("resource", "found"), [
    ({"service": [{"id": f"{BASE}/info.json", "type": "ImageService3"}]}, Service(BASE, 3)),
    ({"service": [{"@id": BASE, "@type": "ImageService2", "profile": "level1"}]}, Service(BASE, 2)),
    ({"service": {"@id": BASE, "@context": V2, "profile": "http://iiif.io/api/image/2/level2.json"}}, Service(BASE, 2)),
    ({"service": [{"id": "https://auth.example/login", "type": "AuthCookieService1"}]}, None),
    ({}, None),
])
def test_finding_an_image_service(resource: dict[str, Any], found: Service | None) -> None:
    assert find_service(resource) == found


@pytest.mark.parametrize(("value", "text"), [
    ({"none": ["MS 408"]}, "MS 408"),
    ({"en": ["Dawn"], "fr": ["Aube"]}, {"en": "Dawn", "fr": "Aube"}),
    ({"fr": ["Aube"], "none": ["Dawn"]}, {"de": "Dawn", "fr": "Aube"}),
    ({"de": ["Morgen"], "none": ["Dawn"]}, {"de": "Morgen"}),
    ({"en": ["One", "Two"]}, {"en": "One; Two"}),
    ({"en": ["<p>A <b>bold</b> line<br>and another &amp; more</p>"]}, {"en": "A bold line\nand another & more"}),
    ({"en": []}, None),
    ({"not a language!": ["x"]}, None),
    ({"en_GB": ["Colour"]}, {"en-GB": "Colour"}),
    ("plain", "plain"),
    (None, None),
])
def test_language_maps_become_texts(value: Any, text: texts.Text | None) -> None:
    assert texts.to_text(value, "de", "; ") == text


@pytest.mark.parametrize(("url", "name"), [
    ("http://creativecommons.org/licenses/by/4.0/", "CC BY 4.0"),
    ("https://creativecommons.org/licenses/by-nc-nd/3.0/", "CC BY-NC-ND 3.0"),
    ("https://creativecommons.org/publicdomain/zero/1.0/", "CC0 1.0"),
    ("http://creativecommons.org/publicdomain/mark/1.0/", "Public Domain Mark 1.0"),
    ("http://rightsstatements.org/vocab/InC-EDU/1.0/", "In Copyright - Educational Use Permitted"),
    ("https://museum.example/terms", "https://museum.example/terms"),
])
def test_licences_by_name(url: str, name: str) -> None:
    assert rights_name(url) == name


@pytest.mark.parametrize(("label", "expected"), [
    ("Whistler's Mother", "whistler-s-mother"), ("Göttingen", "gottingen"), ("北斎", "fallback"),
    ("x" * 80, "x" * 48), ("--Sea & Shore--", "sea-shore"),
])
def test_ids_from_labels(label: str, expected: str) -> None:
    assert slug(label, "fallback") == expected


def test_version_2_language_values() -> None:
    assert language_map("Anchor") == {"none": ["Anchor"]}
    assert language_map([{"@value": "Ancre", "@language": "fr"}, "Anchor"]) == {"fr": ["Ancre"], "none": ["Anchor"]}
    assert language_map(None) is None


def test_a_version_2_collection_lists_its_members() -> None:
    document = {"@context": "http://iiif.io/api/presentation/2/context.json", "@id": "https://x.example/c",
                "@type": "sc:Collection", "label": "Ships",
                "manifests": [{"@id": "https://x.example/m1", "@type": "sc:Manifest", "label": "One"}]}
    assert version(document) == 2
    assert upgrade(document)["items"] == [{"id": "https://x.example/m1", "type": "Manifest", "label": {"none": ["One"]}}]
