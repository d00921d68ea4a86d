"""An imported collection previews: every screen renders, labels in their languages."""

from __future__ import annotations

from kiosk.ui.preview import preview
from tests.importers import recipes
from tests.ui.conftest import MEDIA_NOISE

pytestmark = MEDIA_NOISE


def test_an_imported_collection_previews(publisher, run_import, tmp_path, qapp) -> None:
    collection = recipes.collection(publisher)
    collection["items"].append({"id": publisher.put_json("/c/tide.json", recipes.video(publisher, captions=True)),
                                "type": "Manifest"})
    outcome = run_import(publisher.put_json("/0032/collection.json", collection), tmp_path / "bundle")
    assert outcome.status == 0, outcome.err
    out = tmp_path / "previews"
    for language in ("en", "fr"):
        assert preview(tmp_path / "bundle", out / language, (640, 360), language) == 0
    assert sorted(p.name for p in (out / "fr").glob("*.png")) == [
        "00-attract.png", "01-home.png", "02-section-sea-and-shore.png", "03-sea-and-shore-a-lighthouse-at-dusk.png",
        "04-sea-and-shore-a-sailor-s-log-book.png", "05-sea-and-shore-the-tide.png", "contact.png"]
