"""What "Read aloud" says for an exhibit, and which recording plays instead of a voice."""

from __future__ import annotations

import pytest

from kiosk.bundle.declare import CaptionFiles, SoundFiles, Text
from kiosk.bundle.model import (
    ArticleExhibit,
    AudioExhibit,
    GalleryExhibit,
    GalleryImage,
    ImageExhibit,
    TextExhibit,
)
from kiosk.play.readaloud import (
    Narration,
    base_language,
    can_read_aloud,
    markdown_passages,
    narration_for,
    passages_for,
    split_sentences,
)


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("# Machines that create\n\nA **bold** and *light* claim.",
         ["Machines that create.", "A bold and light claim."]),
        ("## Already a question?\nText", ["Already a question?", "Text."]),
        ("Read [the report](https://example.org/report) and <https://wipo.int>.",
         ["Read the report and wipo.int."]),
        ("Before.\n\n![A robot at an easel](media/robot.jpg)\n\nAfter.", ["Before.", "A robot at an easel.", "After."]),
        ("Undescribed ![](media/x.jpg) picture", ["Undescribed picture."]),
        ("- first\n- second\n1. third", ["first.", "second.", "third."]),
        ("> A quoted\n> line", ["A quoted line."]),
        ("Title\n=====\nBody", ["Title.", "Body."]),
        ("One\n\n---\n\nTwo", ["One.", "Two."]),
        ("| year | event |\n|---|---|\n| 2019 | DABUS |", ["year, event.", "2019, DABUS."]),
        ("Use `code` and \\*stars\\* and ~~gone~~ and ***both***", ["Use code and *stars* and gone and both."]),
        ("<b>HTML</b> tags go", ["HTML tags go."]),
        ("人工智能与知识产权", ["人工智能与知识产权。"]),
        ("Line one\nline two", ["Line one line two."]),
        ("", []),
    ],
    ids=["heading-emphasis", "heading-question", "links", "picture-alt", "picture-no-alt", "lists", "quote",
         "setext", "rule", "table", "code-escapes", "html", "chinese", "soft-break", "empty"],
)
def test_markdown_becomes_sentences(markdown: str, expected: list[str]) -> None:
    assert markdown_passages(markdown) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"]),
        ('He said "yes." Then left.', ['He said "yes."', "Then left."]),
        ("你好。再见！", ["你好。", "再见！"]),
        ("3.5 million", ["3.5 million"]),
        ("Photo: J. Smith / WIPO. Next", ["Photo: J. Smith / WIPO.", "Next"]),
    ],
)
def test_sentences_are_cut_after_their_punctuation(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


INTRO = TextExhibit(id="intro", type="text", title=Text({"en": "Introduction", "fr": "Introduction"}),
                    body=Text({"en": "# Machines\n\nThey **create**. Do they invent?",
                               "fr": "# Des machines\n\nElles **créent**. Inventent-elles ?"}))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ("Introduction.", "Machines.", "They create.", "Do they invent?")),
        ("fr", ("Introduction.", "Des machines.", "Elles créent.", "Inventent-elles ?")),
    ],
)
def test_a_text_is_read_title_first_in_the_visit_language(language: str, expected: tuple[str, ...]) -> None:
    assert passages_for(INTRO, language, ("en", "fr")) == expected


def test_an_image_is_read_with_what_it_shows_its_caption_and_credit() -> None:
    image = ImageExhibit(id="dawn", type="image", title=Text({"": "Dawn"}), file="media/dawn.jpg",
                         alt=Text({"": "Orange curves on blue"}), caption=Text({"": "A *flow field* at dawn."}),
                         credit=Text({"": "Image: Test Studio / Kiosk"}))
    assert passages_for(image, "en") == ("Dawn.", "Orange curves on blue.", "A flow field at dawn.",
                                         "Image: Test Studio, Kiosk.")


def test_a_gallery_is_read_picture_by_picture() -> None:
    gallery = GalleryExhibit(id="series", type="gallery", title=Text({"en": "Series", "fr": "Série"}), images=(
        GalleryImage(file="a.png", alt=Text({"en": "First plate", "fr": "Première planche"}),
                     caption=Text({"en": "Plate one", "fr": "Planche un"})),
        GalleryImage(file="b.png", credit=Text({"": "Photo: A. Artist / Agency"})),
    ))
    assert passages_for(gallery, "fr", ("en", "fr")) == ("Série.", "Première planche.", "Planche un.",
                                                         "Photo: A. Artist, Agency.")


def test_an_article_is_read_with_its_picture_after_its_text() -> None:
    article = ArticleExhibit(id="tm", type="article", title=Text({"": "AI and trademarks"}),
                             body=Text({"": "How **AI** changes choices."}), image="media/tm.png",
                             alt=Text({"": "A shelf of brands"}), credit=Text({"": "Photo: X / Y"}))
    assert passages_for(article, "en") == ("AI and trademarks.", "How AI changes choices.", "A shelf of brands.",
                                           "Photo: X, Y.")


def test_sound_and_film_are_not_read_aloud() -> None:
    sound = AudioExhibit(id="canon", type="audio", title=Text({"": "Canon"}), file="media/canon.ogg")
    assert passages_for(sound, "en") == ()
    assert not can_read_aloud(sound)
    assert not can_read_aloud(None)
    assert can_read_aloud(INTRO)


NARRATED = TextExhibit(
    id="intro", type="text", title=Text({"": "Intro"}), body=Text({"": "Hello"}),
    narration=SoundFiles({"en": "n/intro.en.ogg", "fr-CA": "n/intro.fr.ogg"}),
    narration_captions=CaptionFiles({"en": "n/intro.en.vtt"}),
)


@pytest.mark.parametrize(
    ("language", "broken", "expected"),
    [
        ("en", frozenset(), Narration("en", "n/intro.en.ogg", "n/intro.en.vtt")),
        ("en-GB", frozenset(), Narration("en", "n/intro.en.ogg", "n/intro.en.vtt")),
        ("fr", frozenset(), Narration("fr-CA", "n/intro.fr.ogg", None)),
        ("ar", frozenset(), None),
        ("en", frozenset({"n/intro.en.ogg"}), None),
        ("en", frozenset({"n/intro.en.vtt"}), Narration("en", "n/intro.en.ogg", None)),
    ],
    ids=["exact", "by-base-language", "no-captions", "another-language-is-no-help", "broken-recording",
         "broken-captions"],
)
def test_the_recording_for_the_visit_language(language: str, broken: frozenset[str],
                                              expected: Narration | None) -> None:
    assert narration_for(NARRATED, language, broken) == expected


def test_one_recording_serves_every_language() -> None:
    once = TextExhibit(id="a", type="text", title=Text({"": "A"}), body=Text({"": "B"}),
                       narration=SoundFiles({"": "n/a.ogg"}))
    assert narration_for(once, "ar") == Narration("ar", "n/a.ogg", None)
    assert narration_for(INTRO, "en") is None


@pytest.mark.parametrize(("code", "base"), [("pt-BR", "pt"), ("en_GB", "en"), ("zh-Hans", "zh"), ("FR", "fr")])
def test_base_language(code: str, base: str) -> None:
    assert base_language(code) == base
