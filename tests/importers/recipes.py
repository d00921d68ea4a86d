"""Our own IIIF manifests for the import tests, each shaped like one IIIF Cookbook recipe (the
number in its name), with our own labels and media served by the test publisher.

Each function puts its media on `site` and returns the manifest (or collection) as a dict.
"""

from __future__ import annotations

from typing import Any

from tests.importers.conftest import MP4, OGG, Publisher, jpeg, vtt

P3 = "http://iiif.io/api/presentation/3/context.json"
Doc = dict[str, Any]


def _page(site: Publisher, target: str, body: Doc) -> Doc:
    return {"id": site.url(f"{target}/page/1"), "type": "AnnotationPage",
            "items": [{"id": site.url(f"{target}/annotation/1"), "type": "Annotation", "motivation": "painting",
                       "body": body, "target": site.url(target)}]}


def canvas(site: Publisher, path: str, body: Doc, **extra: Any) -> Doc:
    return {"id": site.url(path), "type": "Canvas", "height": 32, "width": 48, **extra,
            "items": [_page(site, path, body)]}


def manifest(site: Publisher, path: str, label: Doc, items: list[Doc], **extra: Any) -> Doc:
    return {"@context": P3, "id": site.url(path), "type": "Manifest", "label": label, **extra, "items": items}


def picture(site: Publisher, path: str, colour: str = "#a05020") -> Doc:
    return {"id": site.put(path, jpeg(colour=colour), "image/jpeg"), "type": "Image", "format": "image/jpeg",
            "height": 32, "width": 48}


def single_image(site: Publisher) -> Doc:
    """0001, the simplest manifest: one canvas painted with one JPEG."""
    return manifest(site, "/0001/manifest.json", {"en": ["A lighthouse at dusk"]},
                    [canvas(site, "/0001/canvas/1", picture(site, "/media/lighthouse.jpg"))])


def image_service(site: Publisher) -> Doc:
    """0005, a picture behind an Image API 3 service (12000x9000, larger than --max-size)."""
    service = site.url("/iiif/harbour")
    site.put_json("/iiif/harbour/info.json", {
        "@context": "http://iiif.io/api/image/3/context.json", "id": service, "type": "ImageService3",
        "protocol": "http://iiif.io/api/image", "profile": "level1", "width": 12000, "height": 9000})
    site.put("/iiif/harbour/full/8000,/0/default.jpg", jpeg(80, 60), "image/jpeg")
    body = {"id": site.url("/iiif/harbour/full/max/0/default.jpg"), "type": "Image", "format": "image/jpeg",
            "width": 12000, "height": 9000,
            "service": [{"id": service, "type": "ImageService3", "profile": "level1"}]}
    return manifest(site, "/0005/manifest.json", {"en": ["The harbour, a deep zoom"]},
                    [canvas(site, "/0005/canvas/1", body)])


def audio(site: Publisher) -> Doc:
    """0002, one canvas with a duration, painted with a sound file."""
    body = {"id": site.put("/media/waves.ogg", OGG, "audio/ogg"), "type": "Sound", "format": "audio/ogg",
            "duration": 12.5}
    item = {"id": site.url("/0002/canvas"), "type": "Canvas", "duration": 12.5, "items": [_page(site, "/0002/canvas", body)]}
    return manifest(site, "/0002/manifest.json", {"en": ["Waves on shingle"]}, [item])


def video(site: Publisher, *, captions: bool = False) -> Doc:
    """0003, a film on a canvas; with `captions`, 0219: WebVTT files as supplementing annotations."""
    body = {"id": site.put("/media/tide.mp4", MP4, "video/mp4"), "type": "Video", "format": "video/mp4",
            "duration": 30, "width": 640, "height": 360}
    item: Doc = {"id": site.url("/0219/canvas"), "type": "Canvas", "duration": 30, "width": 640, "height": 360,
                 "items": [_page(site, "/0219/canvas", body)]}
    if captions:
        item["annotations"] = [{"id": site.url("/0219/canvas/page/2"), "type": "AnnotationPage", "items": [
            {"id": site.url(f"/0219/canvas/captions/{code}"), "type": "Annotation", "motivation": "supplementing",
             "body": {"id": site.put(f"/media/tide.{code}.vtt", vtt(words), "text/vtt"), "type": "Text",
                      "format": "text/vtt", "language": code, "label": {code: [name]}},
             "target": site.url("/0219/canvas")}
            for code, words, name in (("en", "The tide comes in.", "Captions"), ("fr", "La marée monte.", "Sous-titres"))]}]
        item["thumbnail"] = [picture(site, "/media/tide-poster.jpg", "#204060")]
    return manifest(site, "/0219/manifest.json" if captions else "/0003/manifest.json",
                    {"en": ["The tide"], "fr": ["La marée"]} if captions else {"en": ["The tide"]}, [item])


def book(site: Publisher) -> Doc:
    """0009, a book: several canvases, each a page with its label."""
    pages = [canvas(site, f"/0009/canvas/p{n}", picture(site, f"/media/book/page{n}.jpg", colour),
                    label={"none": [f"p. {n}"]})
             for n, colour in ((1, "#eeeecc"), (2, "#ddddbb"), (3, "#ccccaa"))]
    return manifest(site, "/0009/manifest.json", {"en": ["A sailor's log book"]}, pages,
                    behavior=["paged"], thumbnail=[picture(site, "/media/book/thumb.jpg", "#aa8844")])


def languages(site: Publisher) -> Doc:
    """0006, labels and summaries in several languages, and a value in no language."""
    return manifest(site, "/0006/manifest.json",
                    {"fr": ["Le phare de la Vieille"], "en": ["The Vieille lighthouse"], "de": ["Der Leuchtturm"]},
                    [canvas(site, "/0006/canvas/1", picture(site, "/media/vieille.jpg"))],
                    summary={"fr": ["Un phare en mer, au large de la pointe du Raz."],
                             "en": ["A lighthouse at sea, off the Pointe du Raz."]},
                    metadata=[{"label": {"fr": ["Cote"], "en": ["Shelfmark"]}, "value": {"none": ["PH 1887/2"]}}])


def metadata(site: Publisher) -> Doc:
    """0029, metadata in language maps, with a value written in HTML."""
    return manifest(site, "/0029/manifest.json", {"en": ["A chart of the coast"]},
                    [canvas(site, "/0029/canvas/1", picture(site, "/media/chart.jpg"))],
                    summary={"en": ["<p>Hand-drawn, <b>1887</b>.</p>"]},
                    metadata=[{"label": {"en": ["Creator"]}, "value": {"none": ["A. Surveyor"]}},
                              {"label": {"en": ["Date"]}, "value": {"en": ["about 1887"]}},
                              {"label": {"en": ["Medium"]}, "value": {"en": ["<span>ink &amp; wash</span>"]}}])


def rights(site: Publisher) -> Doc:
    """0008, a licence under `rights` and who must be credited under `requiredStatement`."""
    return manifest(site, "/0008/manifest.json", {"en": ["Nets drying"]},
                    [canvas(site, "/0008/canvas/1", picture(site, "/media/nets.jpg"))],
                    rights="http://creativecommons.org/licenses/by-sa/4.0/",
                    requiredStatement={"label": {"en": ["Attribution"]},
                                       "value": {"en": ["Provided by the Harbour Museum"]}},
                    navDate="1901-06-01T00:00:00Z")


def collection(site: Publisher) -> Doc:
    """0032, a collection listing manifests by address, which the import then fetches."""
    members = {"/c/lighthouse.json": single_image(site), "/c/book.json": book(site)}
    items = []
    for path, document in members.items():
        document["id"] = site.put_json(path, {**document, "id": site.url(path)})
        items.append({"id": document["id"], "type": "Manifest", "label": document["label"]})
    return {"@context": P3, "id": site.url("/0032/collection.json"), "type": "Collection",
            "label": {"en": ["Sea and shore"]}, "summary": {"en": ["Objects from the coast."]}, "items": items}


def version2(site: Publisher) -> Doc:
    """A Presentation 2.1 manifest: sequences, an Image API 2 level-0 service listing its sizes."""
    service = site.url("/iiif2/anchor")
    site.put_json("/iiif2/anchor/info.json", {
        "@context": "http://iiif.io/api/image/2/context.json", "@id": service, "protocol": "http://iiif.io/api/image",
        "width": 20000, "height": 10000, "profile": ["http://iiif.io/api/image/2/level0.json"],
        "sizes": [{"width": 500, "height": 250}, {"width": 4000, "height": 2000}, {"width": 10000, "height": 5000}]})
    site.put("/iiif2/anchor/full/4000,2000/0/default.jpg", jpeg(40, 20), "image/jpeg")
    return {
        "@context": "http://iiif.io/api/presentation/2/context.json", "@id": site.url("/v2/manifest.json"),
        "@type": "sc:Manifest",
        "label": [{"@value": "An anchor", "@language": "en"}, {"@value": "Une ancre", "@language": "fr"}],
        "description": "Wrought iron.", "attribution": "Harbour Museum", "license": "https://creativecommons.org/publicdomain/zero/1.0/",
        "metadata": [{"label": "Weight", "value": "2 t"}],
        "sequences": [{"@type": "sc:Sequence", "canvases": [{
            "@id": site.url("/v2/canvas/1"), "@type": "sc:Canvas", "label": "front", "width": 20000, "height": 10000,
            "images": [{"@type": "oa:Annotation", "motivation": "sc:painting", "on": site.url("/v2/canvas/1"),
                        "resource": {"@id": f"{service}/full/full/0/default.jpg", "@type": "dctypes:Image",
                                     "format": "image/jpeg",
                                     "service": {"@context": "http://iiif.io/api/image/2/context.json",
                                                 "@id": service, "profile": "http://iiif.io/api/image/2/level0.json"}}}],
        }]}],
    }
