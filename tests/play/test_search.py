from __future__ import annotations

from kiosk.bundle.model import Manifest
from kiosk.play.navigation import Location, Screen
from kiosk.play.search import SearchIndex, fold, plain


def test_fold_and_plain() -> None:
    assert fold("Résumé ÉCOLE") == "resume ecole"
    assert len(fold("straße İ")) == len("straße İ")
    assert plain("# Title\n\nSome **bold** [link](http://x) text") == "Title Some bold link text"


def test_finds_words_anywhere_ignoring_case_and_accents(manifest: Manifest) -> None:
    hits = SearchIndex(manifest).search("RESUME markov", "en")
    assert [h.location for h in hits] == [Location(Screen.EXHIBIT, 1, 0)]
    assert hits[0].title == "Canon"
    assert "résumé of a Markov chain" in hits[0].snippet


def test_title_matches_rank_first(manifest: Manifest) -> None:
    hits = SearchIndex(manifest).search("plate", "en")
    assert [h.location for h in hits] == [Location(Screen.EXHIBIT, 0, 2)]
    hits = SearchIndex(manifest).search("musique", "fr")
    assert hits[0].location == Location(Screen.SECTION, 1)


def test_every_word_must_match(manifest: Manifest) -> None:
    assert SearchIndex(manifest).search("canon dawn", "en") == []
    assert SearchIndex(manifest).search("   ", "en") == []
