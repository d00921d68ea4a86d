"""Slips a curator makes from habit: a text that repeats its title as a heading, and a missing
caption file that the validator must not "correct" to another language's file."""

from __future__ import annotations

import re

import pytest
import yaml

from kiosk.bundle.habits import first_heading
from kiosk.bundle.validate import validate
from tests.bundle.conftest import MANIFEST, VTT, BundleMaker
from tests.conftest import REPO

BODY = '        body: {en: "# Hello", fr: "# Bonjour"}\n'
INTRO = "sections[0].exhibits[4]"


def lines(root) -> list[str]:  # type: ignore[no-untyped-def]
    return [finding.format() for finding in validate(root).report.sorted()]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('        body: {en: "# Intro\\n\\nText", fr: "Texte"}\n',
         [f"exhibition.yaml:39:20: warning: {INTRO}.body.en: the text begins with its own title as a heading, "
          "so visitors read the title twice (remove the line '# Intro': the kiosk shows the 'title' above the text)"]),
        ('        body:\n          en: "Text"\n          fr: "\\n  ## *intro* ##\\nTexte"\n',
         [f"exhibition.yaml:41:15: warning: {INTRO}.body.fr: the text begins with its own title as a heading, "
          "so visitors read the title twice (remove the line '## *intro* ##': the kiosk shows the 'title' above "
          "the text)"]),
        ('        body:\n          en: |\n            Intro.\n            =====\n            Text\n          fr: Texte\n',
         [f"exhibition.yaml:40:15: warning: {INTRO}.body.en: the text begins with its own title as a heading, "
          "so visitors read the title twice (remove the line 'Intro.' and the line of '=' under it: the kiosk "
          "shows the 'title' above the text)"]),
        ('        body: "# Intro\\nText"\n',
         [f"exhibition.yaml:39:15: warning: {INTRO}.body: the text begins with its own title as a heading, "
          "so visitors read the title twice (remove the line '# Intro': the kiosk shows the 'title' above the text)"]),
        # A heading that is not the title, a title further down, or a title in the wrong language: fine.
        ('        body: {en: "# Introduction\\nText", fr: "Texte\\n# Intro"}\n', []),
        ('        body: {en: "#Intro is a hashtag", fr: "Texte"}\n', []),
        ('        body: {en: "Intro\\nText", fr: "Texte"}\n', []),
    ],
)
def test_a_body_that_opens_with_its_title_is_warned_about(make_bundle: BundleMaker, body: str,
                                                           expected: list[str]) -> None:
    root = make_bundle(MANIFEST.replace(BODY, body))
    assert [line for line in lines(root) if "title" in line] == expected
    assert validate(root).ok


def test_the_format_guide_examples_do_not_repeat_a_title_in_their_text() -> None:
    """Curators copy the guide's examples: none of them may show a title twice."""
    text = (REPO / "exhibits" / "FORMAT.md").read_text(encoding="utf-8")
    checked = 0

    def walk(node: object) -> None:
        nonlocal checked
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            if isinstance(node.get("body"), dict) and isinstance(node.get("title"), dict):
                for code, body in node["body"].items():
                    heading = first_heading(body)
                    assert heading is None or heading[0] != node["title"].get(code), body
                    checked += 1
            for value in node.values():
                walk(value)

    for block in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL):
        walk(yaml.safe_load(block))
    assert checked >= 4


def test_the_sample_does_not_repeat_a_title_in_its_text() -> None:
    report = validate(REPO / "exhibits" / "ai-and-ip").report
    assert [f for f in report.findings if "its own title" in f.message] == []


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
