"""Recorded narration: the `narration` and `narration_captions` keys, checked like other media.

A recording per language, each a sound file of the bundle, with captions for whoever cannot
hear it; what is missing is a warning naming the language, since the kiosk's machine voice
stands in."""

from __future__ import annotations

import pytest

from kiosk.bundle.validate import validate
from tests.bundle.conftest import MANIFEST, OGG, VTT, BundleMaker

BODY = '        body: {en: "# Hello", fr: "# Bonjour"}\n'
FILES = {"narration/intro.en.ogg": OGG, "narration/intro.fr.ogg": OGG,
         "narration/intro.en.vtt": VTT, "narration/intro.fr.vtt": VTT}
NARRATION = "        narration: {en: narration/intro.en.ogg, fr: narration/intro.fr.ogg}\n"
CAPTIONS = "        narration_captions: {en: narration/intro.en.vtt, fr: narration/intro.fr.vtt}\n"


def findings(make_bundle: BundleMaker, added: str, files: dict[str, bytes | None] | None = None) -> list[str]:
    manifest = MANIFEST.replace(BODY, BODY + added)
    assert manifest != MANIFEST
    result = validate(make_bundle(manifest, files={**FILES, **(files or {})}))
    return [f.format() for f in result.report.findings]


def test_a_narration_in_every_language_with_captions_is_clean(make_bundle: BundleMaker) -> None:
    assert findings(make_bundle, NARRATION + CAPTIONS) == []


@pytest.mark.parametrize(
    ("added", "files", "expected"),
    [
        ("        narration: {en: narration/intro.en.ogg}\n"
         "        narration_captions: {en: narration/intro.en.vtt}\n",
         {"narration/intro.fr.ogg": None, "narration/intro.fr.vtt": None}, []),
        (NARRATION + "        narration_captions: {en: narration/intro.en.vtt}\n", {"narration/intro.fr.vtt": None},
         ["exhibition.yaml:41:29: warning: sections[0].exhibits[4].narration_captions: the narration in 'fr' has "
          "no captions (add 'fr: narration/intro.fr.vtt' under 'narration_captions', so that people who cannot "
          "hear it can follow)"]),
        (NARRATION, None,
         ["exhibition.yaml:40:20: warning: sections[0].exhibits[4].narration: a narration without captions "
          "(add 'narration_captions:' with a WebVTT or SubRip file in each language, so that people who "
          "cannot hear it can follow)",
          "narration/intro.en.vtt: warning: nothing in the manifest refers to this file "
          "(refer to it from exhibition.yaml, or remove it)",
          "narration/intro.fr.vtt: warning: nothing in the manifest refers to this file "
          "(refer to it from exhibition.yaml, or remove it)"]),
        ("        narration: narration/intro.en.ogg\n"
         "        narration_captions: narration/intro.en.vtt\n",
         {"narration/intro.fr.ogg": None, "narration/intro.fr.vtt": None},
         ["exhibition.yaml:40:20: warning: sections[0].exhibits[4].narration: one narration for all 2 languages "
          "(give one recording per language, as a map ('en: ...', 'fr: ...'): read aloud plays this one "
          "whatever language the visitor chose)"]),
        (CAPTIONS, {"narration/intro.en.ogg": None, "narration/intro.fr.ogg": None},
         ["exhibition.yaml:40:29: warning: sections[0].exhibits[4].narration_captions: 'narration_captions' "
          "without a narration (add 'narration:' with the recording, or remove 'narration_captions')"]),
        (NARRATION + CAPTIONS, {"narration/intro.fr.ogg": None},
         ["exhibition.yaml:40:53: error: sections[0].exhibits[4].narration.fr: 'narration/intro.fr.ogg' does "
          "not exist (add this file: the files with names like it are in other languages)"]),
        ("        narration: {en: narration/intro.en.vtt, fr: narration/intro.fr.ogg}\n" + CAPTIONS, None,
         ["exhibition.yaml:40:25: error: sections[0].exhibits[4].narration.en: 'narration/intro.en.vtt' should "
          "be a sound file (allowed: .mp3 .ogg .opus .flac .wav .m4a)",
          "narration/intro.en.ogg: warning: nothing in the manifest refers to this file "
          "(refer to it from exhibition.yaml, or remove it)"]),
        ("        narration: {en: narration/intro.en.ogg, fr: narration/intro.fr.ogg, de: narration/intro.de.ogg}\n"
         + CAPTIONS.replace("}", ", de: narration/intro.fr.vtt}"), {"narration/intro.de.ogg": OGG},
         ["exhibition.yaml:40:81: warning: sections[0].exhibits[4].narration.de: 'de' is not one of the "
          "bundle's languages (add it to 'languages', or remove this narration)"]),
        (NARRATION + CAPTIONS, {"narration/intro.fr.ogg": b"RIFF" + b"\x00" * 64},
         ["exhibition.yaml:40:53: error: sections[0].exhibits[4].narration.fr: 'narration/intro.fr.ogg' is named "
          ".ogg but holds a RIFF file (convert it, or give it the extension of what it holds)"]),
    ],
    ids=["narrated-in-one-language", "uncaptioned-language", "no-captions", "one-path", "captions-alone",
         "missing-file", "wrong-kind", "foreign-language", "wrong-content"],
)
def test_narration_findings(make_bundle: BundleMaker, added: str, files: dict[str, bytes | None] | None,
                            expected: list[str]) -> None:
    assert findings(make_bundle, added, files) == expected


def test_narration_on_a_sound_is_an_unknown_key(make_bundle: BundleMaker) -> None:
    manifest = MANIFEST.replace("        transcript: {en: Soft chords, fr: Accords doux}\n",
                                "        transcript: {en: Soft chords, fr: Accords doux}\n" + NARRATION)
    result = validate(make_bundle(manifest, files=FILES))
    assert any("unknown key 'narration'" in f.format() for f in result.report.errors), \
        [f.format() for f in result.report.findings]


def test_a_language_narrated_elsewhere_but_not_here_is_named(make_bundle: BundleMaker) -> None:
    essay = '        body: {en: Text, fr: Texte}\n'
    manifest = MANIFEST.replace(BODY, BODY + NARRATION + CAPTIONS).replace(
        essay, essay + "        narration: {en: narration/intro.en.ogg}\n"
        "        narration_captions: {en: narration/intro.en.vtt}\n")
    result = validate(make_bundle(manifest, files=FILES))
    assert [f.format() for f in result.report.findings if "narration:" in f.format()] == [
        "exhibition.yaml:46:20: warning: sections[0].exhibits[5].narration: no narration in 'fr', although other "
        "exhibits have one (add 'fr: narration/intro.fr.ogg' under 'narration'; until then visitors who choose it "
        "hear the kiosk's machine voice here, where it has one for that language ('kiosk doctor' lists them))"]
