"""Slips a curator makes from habit: a missing caption file that the validator must not
"correct" to another language's file."""

from __future__ import annotations

import pytest

from kiosk.bundle.validate import validate
from tests.bundle.conftest import MANIFEST, VTT, BundleMaker

# -- a missing caption file ---------------------------------------------------------------

FILM_CAPTIONS = "captions: {en: captions/film.en.vtt, fr: captions/film.fr.vtt}"
GERMAN = "languages: [en, fr, de]"


@pytest.mark.parametrize(
    ("captions", "files", "expected"),
    [
        # The German file is missing: the French and English ones are not it.
        ("captions: {en: captions/film.en.vtt, fr: captions/film.fr.vtt, de: captions/film.de.vtt}", {},
         "'captions/film.de.vtt' does not exist (add this file: the caption files with names like it are in "
         "other languages)"),
        # Also when the French file is in the bundle but not (yet) in the manifest.
        ("captions: {en: captions/film.en.vtt, de: captions/film.de.vtt}", {},
         "'captions/film.de.vtt' does not exist (add this file: the caption files with names like it are in "
         "other languages)"),
        # A name that does not spell its language: still never a file the manifest gives another language.
        ("captions: {en: captions/film.en.vtt, fr: captions/film.fr.vtt, de: captions/film-german.vtt}", {},
         "'captions/film-german.vtt' does not exist (add this file: the caption files with names like it are "
         "in other languages)"),
        # A typo in the right language is still corrected.
        ("captions: {en: captions/film.en.vtt, fr: captions/film.fr.vtt, de: captions/flim.de.vtt}",
         {"captions/film.de.vtt": VTT},
         "'captions/flim.de.vtt' does not exist (did you mean 'captions/film.de.vtt'?)"),
        ("captions: {en: captions/film.en.vtt, fr: captions/film.fr.vtt, de: captions/film.de.vtt}",
         {"captions/Film.DE.vtt": VTT},
         "'captions/film.de.vtt' does not exist (did you mean 'captions/Film.DE.vtt'?)"),
        # One file for every language: any close name will do.
        ("captions: captions/film.vtt", {"captions/film.fr.vtt": None},
         "'captions/film.vtt' does not exist (did you mean 'captions/film.en.vtt'?)"),
    ],
)
def test_a_missing_caption_file_is_never_corrected_to_another_language(
        make_bundle: BundleMaker, captions: str, files: dict[str, bytes | None], expected: str) -> None:
    manifest = MANIFEST.replace("languages: [en, fr]", GERMAN).replace(FILM_CAPTIONS, captions)
    root = make_bundle(manifest, files=files)
    errors = [f"{f.message} ({f.hint})" for f in validate(root).report.errors]
    assert errors == [expected]
