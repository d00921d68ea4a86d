"""Accessibility warnings: alt text, captions and transcripts in every language, theme contrast.

They are on in every run (not only with --strict), leave the bundle valid, and each says
exactly what to add."""

from __future__ import annotations

import pytest

from kiosk.bundle.accessibility import caption_path_for, shown_ratio
from kiosk.bundle.colour import contrast_ratio
from kiosk.bundle.validate import validate
from kiosk.cli import main
from tests.bundle.conftest import MANIFEST, BundleMaker

IMAGE_ALT = "        alt: {en: A sunrise, fr: Un lever de soleil}\n"
AUDIO_FILE = "        file: media/tune.ogg\n"
VIDEO_FILE = "        file: media/film.mp4\n"
TRANSCRIPT = "        transcript: {en: Soft chords, fr: Accords doux}\n"
CAPTIONS = "        captions: {en: captions/film.en.vtt, fr: captions/film.fr.vtt}\n"
ARTICLE_BODY = "        body: {en: Text, fr: Texte}\n"
BODY = '        body: {en: "# Hello", fr: "# Bonjour"}\n'
COVER_ALT = "    alt: {en: Coloured cells like stained glass, fr: Des cellules colorées comme un vitrail}\n"


def warnings_of(make_bundle: BundleMaker, manifest: str) -> list[str]:
    result = validate(make_bundle(manifest))
    assert result.ok, [f.format() for f in result.report.errors]
    return [f.format() for f in result.report.warnings]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (IMAGE_ALT, "",
         "exhibition.yaml:16:15: warning: sections[0].exhibits[0].file: the picture has no 'alt' text "
         "(add 'alt:' to this exhibit, saying what the picture shows, for people who cannot see it)"),
        (COVER_ALT, "",
         "exhibition.yaml:11:12: warning: sections[0].cover: the cover has no 'alt' text "
         "(add 'alt:' to this section, saying what the cover shows, for people who cannot see it)"),
        ("            alt: {en: Two, fr: Deux}\n", "",
         "exhibition.yaml:24:19: warning: sections[0].exhibits[1].images[1].file: the picture has no 'alt' text "
         "(add 'alt:' to this image, saying what the picture shows, for people who cannot see it)"),
        (AUDIO_FILE, AUDIO_FILE + "        cover: media/cover.png\n",
         "exhibition.yaml:30:16: warning: sections[0].exhibits[2].cover: the cover has no 'alt' text "
         "(add 'alt:' to this exhibit, saying what the cover shows, for people who cannot see it)"),
        (VIDEO_FILE, VIDEO_FILE + "        poster: media/cover.png\n",
         "exhibition.yaml:35:17: warning: sections[0].exhibits[3].poster: the poster has no 'alt' text "
         "(add 'alt:' to this exhibit, saying what the poster shows, for people who cannot see it)"),
        (ARTICLE_BODY, ARTICLE_BODY + "        image: media/cover.png\n",
         "exhibition.yaml:44:16: warning: sections[0].exhibits[5].image: the picture has no 'alt' text "
         "(add 'alt:' to this exhibit, saying what the picture shows, for people who cannot see it)"),
        (ARTICLE_BODY, ARTICLE_BODY + "        alt: {en: A sunrise, fr: Un lever de soleil}\n",
         "exhibition.yaml:44:14: warning: sections[0].exhibits[5].alt: 'alt' describes no picture: this exhibit "
         "has no 'image' (add 'image:', or remove 'alt')"),
        (IMAGE_ALT, "        alt: {en: A sunrise}\n",
         "exhibition.yaml:17:14: warning: sections[0].exhibits[0].alt: no 'alt' text in 'fr' "
         "(add 'fr:' under 'alt', saying what the picture shows in that language; "
         "until then screen readers read the 'en' text)"),
        (CAPTIONS, "",
         "exhibition.yaml:31:9: warning: sections[0].exhibits[3]: a video without captions "
         "(add 'captions:' with a WebVTT or SubRip file in each language, so that people who cannot hear it can follow)"),
        (CAPTIONS, "        captions: {en: captions/film.en.vtt}\n",
         "exhibition.yaml:35:19: warning: sections[0].exhibits[3].captions: no captions in 'fr' "
         "(add 'fr: captions/film.fr.vtt' under 'captions', a WebVTT or SubRip file in that language; "
         "until then visitors who choose it see the 'en' captions)"),
        (TRANSCRIPT, "",
         "exhibition.yaml:26:9: warning: sections[0].exhibits[2]: audio without captions or a transcript "
         "(add 'transcript:' (everything it says or plays) or 'captions:' (a WebVTT or SubRip file in each language), "
         "so that people who cannot hear it can follow)"),
        (TRANSCRIPT, "        transcript: {en: Soft chords}\n",
         "exhibition.yaml:30:21: warning: sections[0].exhibits[2].transcript: no text in 'fr' "
         "(add 'fr:' under 'transcript'; until then visitors who choose it read 'en')"),
        (TRANSCRIPT, "        captions: {fr: captions/film.fr.vtt}\n",
         "exhibition.yaml:30:19: warning: sections[0].exhibits[2].captions: no captions in 'en' "
         "(add 'en: captions/film.en.vtt' under 'captions', a WebVTT or SubRip file in that language; "
         "until then visitors who choose it see the 'fr' captions)"),
        (BODY, '        body: {en: "![](media/dawn.jpg)", fr: "![L\'aube](media/dawn.jpg)"}\n',
         "exhibition.yaml:39:20: warning: sections[0].exhibits[4].body.en: in 'en', the picture 'media/dawn.jpg' "
         "in the Markdown has no alt text "
         "(write what it shows between the square brackets: '![what it shows](media/dawn.jpg)')"),
        ("sections:", "theme: {foreground: '#333333', background: '#222222'}\nsections:",
         "exhibition.yaml:8:21: warning: theme.foreground: foreground #333333 on background #222222 has a "
         "contrast of 1.25:1 (text needs at least 4.5:1 to be readable: lighten the foreground or darken the "
         "background (or the other way round))"),
        ("sections:", "theme: {background: '#121820', foreground: '#ECE7DD', accent: '#5A4A2A'}\nsections:",
         "exhibition.yaml:8:63: warning: theme.accent: accent #5A4A2A on background #121820 has a contrast of "
         "2.07:1 (the accent colours text (the selected item, links) and needs at least 3:1: make it lighter or "
         "darker until it stands out from the background)"),
        ("sections:", "theme: {foreground: '#7F7F7F', background: '#121820'}\nsections:",
         "exhibition.yaml:8:21: warning: theme.foreground: foreground #7F7F7F on background #121820 has a "
         "contrast of 4.45:1 (text needs at least 4.5:1 to be readable: lighten the foreground or darken the "
         "background (or the other way round))"),
    ],
)
def test_an_accessibility_gap_is_a_warning_that_says_what_to_add(
    make_bundle: BundleMaker, old: str, new: str, expected: str
) -> None:
    assert old in MANIFEST
    assert expected in warnings_of(make_bundle, MANIFEST.replace(old, new, 1))


def test_the_reference_bundle_has_no_accessibility_gap(make_bundle: BundleMaker) -> None:
    assert warnings_of(make_bundle, MANIFEST) == []


@pytest.mark.parametrize(
    ("theme", "warned"),
    [
        ("{foreground: '#767676', background: '#FFFFFF', accent: '#000000'}", False),  # 4.54:1
        ("{foreground: '#777777', background: '#FFFFFF', accent: '#000000'}", True),  # 4.47:1
        ("{background: '#121820', foreground: '#ECE7DD', accent: '#D9A441'}", False),  # the sample: 14.47 and 7.93
    ],
)
def test_contrast_is_judged_on_the_exact_ratio(make_bundle: BundleMaker, theme: str, warned: bool) -> None:
    found = warnings_of(make_bundle, MANIFEST.replace("sections:", f"theme: {theme}\nsections:", 1))
    assert any("contrast" in line for line in found) is warned


def test_a_ratio_just_below_a_threshold_never_shows_as_the_threshold() -> None:
    assert shown_ratio(4.4999) == "4.49:1"
    assert shown_ratio(contrast_ratio("#000000", "#FFFFFF")) == "21.00:1"
    assert shown_ratio(2.999) == "2.99:1"


def test_a_new_language_lists_every_gap_naming_it(make_bundle: BundleMaker) -> None:
    found = warnings_of(make_bundle, MANIFEST.replace("languages: [en, fr]", "languages: [en, fr, zh]"))
    assert "exhibition.yaml:35:19: warning: sections[0].exhibits[3].captions: no captions in 'zh' " \
        "(add 'zh: captions/film.zh.vtt' under 'captions', a WebVTT or SubRip file in that language; " \
        "until then visitors who choose it see the 'en' captions)" in found
    assert "exhibition.yaml:45:10: warning: sections[0].alt: no 'alt' text in 'zh' (add 'zh:' under 'alt', " \
        "saying what the picture shows in that language; until then screen readers read the 'en' text)" in found
    assert "exhibition.yaml:30:21: warning: sections[0].exhibits[2].transcript: no text in 'zh' " \
        "(add 'zh:' under 'transcript'; until then visitors who choose it read 'en')" in found
    gaps = [line for line in found if "'zh'" in line]
    assert len(gaps) == len(found) == 16  # 10 titles and bodies, 1 transcript, 4 alt texts, 1 captions map


def test_a_text_given_once_serves_every_language(make_bundle: BundleMaker) -> None:
    manifest = (MANIFEST.replace(IMAGE_ALT, "        alt: A sunrise over a calm sea\n")
                .replace(CAPTIONS, "        captions: captions/film.en.vtt\n"))
    found = warnings_of(make_bundle, manifest)
    assert found == ["captions/film.fr.vtt: warning: nothing in the manifest refers to this file "
                     "(refer to it from exhibition.yaml, or remove it)"]


def test_captions_in_a_language_the_bundle_lacks(make_bundle: BundleMaker) -> None:
    manifest = MANIFEST.replace(CAPTIONS, "        captions: {en: captions/film.en.vtt, fr: captions/film.fr.vtt, "
                                "de: captions/film.en.vtt}\n")
    assert warnings_of(make_bundle, manifest) == [
        "exhibition.yaml:35:76: warning: sections[0].exhibits[3].captions.de: 'de' is not one of the bundle's "
        "languages (add it to 'languages', or remove these captions)"]


@pytest.mark.parametrize(
    ("values", "language", "expected"),
    [
        ({"en": "captions/film.en.vtt"}, "zh", "captions/film.zh.vtt"),
        ({"en": "captions/en/film.vtt"}, "ru", "captions/ru/film.vtt"),
        ({"fr": "sous-titres/film-fr.vtt"}, "ar", "sous-titres/film-ar.vtt"),
        ({"en": "captions/film.vtt"}, "es", "captions/film.es.vtt"),
    ],
)
def test_the_hint_names_the_caption_file_after_the_others(values: dict[str, str], language: str, expected: str) -> None:
    assert caption_path_for(values, language) == expected


def test_accessibility_warnings_are_on_by_default_and_strict_fails_them(
    make_bundle: BundleMaker, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_bundle(MANIFEST.replace(IMAGE_ALT, ""))
    assert main(["validate", str(root)]) == 0
    out, err = capsys.readouterr()
    assert out == (f"{root}/exhibition.yaml:16:15: warning: sections[0].exhibits[0].file: the picture has no 'alt' "
                   "text (add 'alt:' to this exhibit, saying what the picture shows, for people who cannot see it)\n")
    assert err == f"{root}: valid, 0 errors, 1 warning\n"
    assert main(["validate", "--strict", str(root)]) == 1
    assert ": error: sections[0].exhibits[0].file: the picture has no 'alt' text" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("picture", "expected"),
    [
        ("media/none.jpg", "error: sections[0].exhibits[4].body.en: the picture 'media/none.jpg' in the Markdown "
                           "does not exist (did you mean 'media/one.jpg'?)"),
        ("../dawn.jpg", "the picture '../dawn.jpg' in the Markdown leads outside the bundle ('..')"),
        ("https://example.org/a.jpg", "in the Markdown is a web address (put the file in the bundle"),
        ("media/tune.ogg", "the picture 'media/tune.ogg' in the Markdown should be an image"),
    ],
)
def test_a_markdown_picture_must_be_a_picture_of_the_bundle(make_bundle: BundleMaker, picture: str,
                                                            expected: str) -> None:
    """The kiosk shows an article's Markdown pictures, so a wrong one is an error with its line."""
    assert BODY in MANIFEST
    manifest = MANIFEST.replace(BODY, f'        body: {{en: "![A sunrise]({picture})", fr: "# Bonjour"}}\n', 1)
    errors = [f.format() for f in validate(make_bundle(manifest)).report.errors]
    found = [error for error in errors if expected in error]
    assert found, errors
    assert found[0].startswith("exhibition.yaml:39:")


def test_a_markdown_picture_of_the_bundle_is_fine(make_bundle: BundleMaker) -> None:
    manifest = MANIFEST.replace(BODY, '        body: {en: "![A sunrise](media/dawn.jpg)", fr: "# Bonjour"}\n', 1)
    assert warnings_of(make_bundle, manifest) == []
