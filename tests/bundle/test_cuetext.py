"""Cue text as a tree, by the W3C WebVTT cue text parsing rules: what each tag makes, which
end tags close what, where character references are decoded, and the words read aloud."""

from __future__ import annotations

import pytest

from kiosk.bundle.cuetext import (
    CueSpan,
    CueText,
    CueTimestamp,
    base_direction,
    decode_references,
    first_voice,
    last_voice,
    parse_cue_text,
    plain_text,
    readable_text,
    spoken_runs,
    timestamp_seconds,
)


def text(words: str) -> CueText:
    return CueText(words)


def span(kind: str, *children: CueText | CueTimestamp | CueSpan, classes: tuple[str, ...] = (),
         annotation: str = "") -> CueSpan:
    return CueSpan(kind, tuple(children), classes, annotation)


@pytest.mark.parametrize(("source", "tree"), [
    ("Plain words", (text("Plain words"),)),
    ("", ()),
    ("two\nlines", (text("two\nlines"),)),
    ("<i>slanted</i> and <b>bold</b> and <u>under</u>",
     (span("i", text("slanted")), text(" and "), span("b", text("bold")), text(" and "), span("u", text("under")))),
    ("<v Narrator>Look <i>there</i></v>",
     (span("v", text("Look "), span("i", text("there")), annotation="Narrator"),)),
    ("<v.loud.slow  Mary \t Ann >Hi", (span("v", text("Hi"), classes=("loud", "slow"), annotation="Mary Ann"),)),
    ("<v>Nobody named", (span("v", text("Nobody named")),)),
    ("<v\nBob>x", (span("v", text("x"), annotation="Bob"),)),
    ("<v Tom &amp; Jerry>x", (span("v", text("x"), annotation="Tom & Jerry"),)),
    ("<v a&#32;&#32;b>x", (span("v", text("x"), annotation="a b"),)),
    ("<v a&nbsp;b>x", (span("v", text("x"), annotation="a\u00a0b"),)),
    ("<c.yellow.bg_blue>x</c>", (span("c", text("x"), classes=("yellow", "bg_blue")),)),
    ("<c..a.>x", (span("c", text("x"), classes=("a",)),)),
    ("<i.a&amp;b>x", (span("i", text("x"), classes=("a&amp;b",)),)),
    ("<b annotation ignored>x", (span("b", text("x")),)),
    ("<lang ar>مرحبا</lang> hello", (span("lang", text("مرحبا"), annotation="ar"), text(" hello"))),
    ("<ruby>漢<rt>kan</rt>字<rt>ji</rt></ruby>",
     (span("ruby", text("漢"), span("rt", text("kan")), text("字"), span("rt", text("ji"))),)),
    ("<ruby>漢<rt>kan</ruby>after", (span("ruby", text("漢"), span("rt", text("kan"))), text("after"))),
    ("<rt>not in ruby</rt>", (text("not in ruby"),)),
    ("<i><b>x</i>y</b>z", (span("i", span("b", text("x"), text("y")), text("z")),)),
    ("</i>stray end", (text("stray end"),)),
    ("<I>upper case is unknown</I>", (text("upper case is unknown"),)),
    ("a<font color=red>b</font>c", (text("a"), text("b"), text("c"))),
    ("< i>x", (text("x"),)),
    ("<.a>x", (text("x"),)),
    ("<>x</>", (text("x"),)),
    ("<i>open to the end", (span("i", text("open to the end")),)),
    ("x<i", (text("x"), span("i"))),
    ("x<v Bob", (text("x"), span("v", annotation="Bob"))),
    ("a<i<b>c", (text("a"), text("c"))),
    ("a<00:00:01.500>b<01:02.250>c", (text("a"), CueTimestamp(1.5), text("b"), CueTimestamp(62.25), text("c"))),
    ("a<100:00:00.000>b", (text("a"), CueTimestamp(360000.0), text("b"))),
    ("a<1:00.000>b", (text("a"), text("b"))),
    ("a<00:60.000>b", (text("a"), text("b"))),
    ("a<00:00.000x>b", (text("a"), text("b"))),
    ("a<00:00.00>b", (text("a"), text("b"))),
    ("<i>a<00:01.000>b</i>", (span("i", text("a"), CueTimestamp(1.0), text("b")),)),
    ("&lt;i&gt;not a tag&lt;/i&gt;", (text("<i>not a tag</i>"),)),
    ("fish &amp chips &ampx &notit; &bogus; & &", (text("fish & chips &x \u00acit; &bogus; & &"),)),
    ("&#65;&#x42;&#X43;&#0;&#128;&#xD800;&#x110000;&#;&#x;", (text("ABC\ufffd\u20ac\ufffd\ufffd&#;&#x;"),)),
    ("&lrm;&rlm;&nbsp;", (text("\u200e\u200f\u00a0"),)),
    ("&amp;lt;", (text("&lt;"),)),
])
def test_cue_text_parses_into_the_w3c_tree(source: str, tree: tuple[object, ...]) -> None:
    assert parse_cue_text(source) == tree


@pytest.mark.parametrize(("value", "seconds"), [
    ("00:01.500", 1.5), ("59:59.999", 3599.999), ("1:00:00.000", 3600.0), ("00:00:00.001", 0.001),
    ("60:00.000", None), ("1:00.000", None), ("00:1.000", None), ("00:00.1000", None), ("00:00.000 ", None),
    ("00:00:60.000", None), ("00:60:00.000", None), ("٠٠:٠١.٠٠٠", None), ("", None),
])
def test_timestamps_inside_cues_follow_the_w3c_rules(value: str, seconds: float | None) -> None:
    assert timestamp_seconds(value) == seconds


@pytest.mark.parametrize(("source", "decoded"), [
    ("no references", "no references"), ("&amp;&AMP;", "&&"), ("&#x1F600;", "\U0001f600"), ("&;", "&;"),
    ("&#150;", "\u2013"), ("&#129;", "\x81"),
])
def test_character_references_decode_as_html_does_outside_attributes(source: str, decoded: str) -> None:
    assert decode_references(source) == decoded


@pytest.mark.parametrize(("source", "voice"), [
    ("<v Narrator>Hello", "Narrator"),
    ("<i>x</i> <v.loud   Tom  >y</v><v Ann>z", "Tom"),
    ("<b><v Deep>inside</v></b>", "Deep"),
    ("<v>unnamed</v><v Second>named", "Second"),
    ("&lt;v Fake&gt; words", None),
    ("no voice", None),
])
def test_the_first_voice_is_found_in_the_tree(source: str, voice: str | None) -> None:
    assert first_voice(source) == voice


@pytest.mark.parametrize(("source", "speaker", "readable"), [
    ("<v Narrator>Look <i>there</i></v>", None, "Narrator: Look there"),
    ("<v Narrator>Still me", "Narrator", "Still me"),
    ("<v Ann>Hi</v>\n<v Bob>Hello</v>", None, "Ann: Hi\nBob: Hello"),
    ("<v Ann>Hi</v> <v Ann>again", None, "Ann: Hi again"),
    ("<v>nobody</v>", "Ann", "nobody"),
    ("<ruby>漢<rt>kan</rt></ruby>", None, "漢(kan)"),
    ("<c.x>plain</c> &amp; <lang fr>simple</lang>", None, "plain & simple"),
])
def test_readable_text_names_a_new_speaker_and_drops_markup(source: str, speaker: str | None,
                                                             readable: str) -> None:
    assert readable_text(parse_cue_text(source), speaker) == readable


def test_spoken_runs_split_where_the_speaker_changes() -> None:
    nodes = parse_cue_text("[music] <v Ann>Hi,</v> <v Bob>hello</v>")
    assert spoken_runs(nodes) == (("", "[music] "), ("Ann", "Hi, "), ("Bob", "hello"))
    assert last_voice(nodes) == "Bob"
    assert last_voice(parse_cue_text("no voices"), "Ann") == "Ann"
    assert plain_text(nodes) == "[music] Hi, hello"


@pytest.mark.parametrize(("words", "direction"), [
    ("Hello", "ltr"), ("مرحبا WIPO", "rtl"), ("123 שלום", "rtl"), ("2024 - ...", None), ("", None),
])
def test_a_cue_direction_comes_from_its_first_strong_letter(words: str, direction: str | None) -> None:
    assert base_direction(words) == direction
