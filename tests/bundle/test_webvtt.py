"""The WebVTT parser: the W3C algorithm's edge cases with exact cues, and the problems a curator
is told about, with exact lines and messages."""

from __future__ import annotations

import pytest

from kiosk.bundle.webvtt import Cue, CueSettings, Region, VttProblem, cues_at, parse, parse_file

TIMING_HINT = ("write 'start --> end' as in '00:01.000 --> 00:04.500' (hours optional, as in '01:02:03.000'); "
               "minutes and seconds 00-59, milliseconds with three digits")
LOST_HINT = ("put a timing line such as '00:01.000 --> 00:04.500' above the text, "
             "or start the block with 'NOTE' if it is a comment")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("WEBVTT\nKind: captions\nLanguage: fr\n\n00:01.000 --> 00:02.000\nSalut\n",
                     [Cue(1.0, 2.0, "Salut")], id="header-lines"),
        pytest.param("\ufeffWEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nA\r\nB\r\n", [Cue(1.0, 2.0, "A\nB")], id="bom-crlf"),
        pytest.param("WEBVTT\r\rid\r00:01.000 --> 00:02.000\rA\r", [Cue(1.0, 2.0, "A", "id")], id="cr-only"),
        pytest.param("WEBVTT title\n\nNOTE a comment\n--> with an arrow?\n\n00:01.000 --> 00:02.000\nA\n",
                     [Cue(1.0, 2.0, "A")], id="note-then-cue"),
        pytest.param("WEBVTT\n\nSTYLE\n::cue { color: gold }\n\nREGION\nid:top lines:2\n\n"
                     "00:01.000 --> 00:02.000 region:top\nA",
                     [Cue(1.0, 2.0, "A", settings=CueSettings(region="top"))], id="style-region-no-final-newline"),
        pytest.param("WEBVTT\n\nπ-1 ünïcode\n00:01.000 --> 00:02.000\nA\n", [Cue(1.0, 2.0, "A", "π-1 ünïcode")],
                     id="unicode-id"),
        pytest.param("WEBVTT\n\n120:00:00.000 --> 120:00:01.500\nA\n", [Cue(432000.0, 432001.5, "A")], id="large-hours"),
        pytest.param("WEBVTT\n\n0:00:01.000 --> 00:02.000\nA\n", [Cue(1.0, 2.0, "A")], id="one-digit-hours"),
        pytest.param("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Bob>Hi &amp; <i>bye</i></v>\n",
                     [Cue(1.0, 2.0, "<v Bob>Hi &amp; <i>bye</i></v>")], id="text-kept-as-in-file"),
        pytest.param("WEBVTT\n\n00:01.000 --> 00:02.000\nA\n00:03.000 --> 00:04.000\nB\n",
                     [Cue(1.0, 2.0, "A"), Cue(3.0, 4.0, "B")], id="arrow-starts-next-cue"),
        pytest.param("WEBVTT\n\nid\0x\n00:01.000 --> 00:02.000\nA\0B\n", [Cue(1.0, 2.0, "A\ufffdB", "id\ufffdx")], id="nul"),
        pytest.param("WEBVTT\n00:01.000 --> 00:02.000\nA\n", [Cue(1.0, 2.0, "A")], id="cue-right-after-signature"),
        pytest.param("WEBVTT\n\n00:01.000\t-->\t00:02.000\nA\n", [Cue(1.0, 2.0, "A")], id="tabs-around-arrow"),
        pytest.param("WEBVTT 00:01.000 --> 00:02.000\nA\n", [], id="timing-on-signature-line"),
        pytest.param("WEBVTT\ttitle\n\t\n00:01.000 --> 00:02.000\nA", [Cue(1.0, 2.0, "A")], id="tabs-in-header"),
        pytest.param("WEBVTT\t", [], id="tab-no-newline"),
        pytest.param("WEBVTT\n\n00:01.000 --> 00:02.000", [Cue(1.0, 2.0, "")], id="timing-at-eof"),
        pytest.param("WEBVTT\n\n00:01.000 --> 00:02.000garbage\nA\n", [Cue(1.0, 2.0, "A")], id="garbage-after-time"),
    ],
)
def test_cues_are_read_as_browsers_read_them(text: str, expected: list[Cue]) -> None:
    cues, problems = parse(text)
    assert cues == expected
    assert problems == []


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ("line:80% align:start", CueSettings(line=80.0, snap_to_lines=False, align="start")),
        ("line:-2,end", CueSettings(line=-2.0, line_align="end")),
        ("line:1.5", CueSettings(line=1.5)),
        ("line:-0", CueSettings(line=0.0)),
        ("line:.5 line:5. line:1e2 line:101%", CueSettings()),
        ("line:50%,middle", CueSettings()),
        ("position:10%,line-left size:50%", CueSettings(position=10.0, position_align="line-left", size=50.0)),
        ("position:10%,auto position:-1% size:101%", CueSettings()),
        ("vertical:rl align:right", CueSettings(vertical="rl", align="right")),
        ("vertical:RL align:middle Align:end", CueSettings()),
        ("region:top", CueSettings(region="top")),
        ("region:top size:50%", CueSettings(size=50.0)),
        ("region:top line:1", CueSettings(line=1.0)),
        ("region:nowhere", CueSettings()),
    ],
)
def test_cue_settings_follow_the_w3c_rules(settings: str, expected: CueSettings) -> None:
    cues, _problems = parse(f"WEBVTT\n\nREGION\nid:top\n\n00:01.000 --> 00:02.000 {settings}\nA\n")
    assert cues[0].settings == expected


def test_regions_are_read_with_their_settings() -> None:
    text = ("WEBVTT\n\nREGION\nid:top width:40% lines:2\nregionanchor:0%,0% viewportanchor:10%,5% scroll:up\n\n"
            "REGION\nid:bad width:140% regionanchor:5% scroll:down\n")
    assert parse_file(text).regions == [Region("top", 40.0, 2, (0.0, 0.0), (10.0, 5.0), "up"), Region("bad")]


def test_a_cue_that_ends_before_it_starts_is_kept_but_reported() -> None:
    cues, problems = parse("WEBVTT\n\n00:05.000 --> 00:04.000\nBack\n")
    assert cues == [Cue(5.0, 4.0, "Back")]
    assert cues_at(cues, 4.5) == []
    assert problems == [VttProblem(3, "the cue ends before it starts, so it is never shown",
                                   "correct the times: the end comes after the start")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("WEBVTT\n\n1\n00:00:04,500 --> 00:00:06,000 align:start\nHi\n",
                     VttProblem(4, "use '.' before the milliseconds, not ','",
                                "write '00:00:04.500 --> 00:00:06.000 align:start'"), id="srt-comma"),
        pytest.param("WEBVTT\n\n00:01.000 --> 00:0x.000\nA\n",
                     VttProblem(3, "cannot read the cue timing '00:01.000 --> 00:0x.000'", TIMING_HINT), id="bad-digit"),
        pytest.param("WEBVTT\n\n00:01:60.000 --> 00:02.000\nA\n",
                     VttProblem(3, "cannot read the cue timing '00:01:60.000 --> 00:02.000'", TIMING_HINT), id="sixty"),
        pytest.param("WEBVTT\n\n00:01 --> 00:02\nA\n",
                     VttProblem(3, "cannot read the cue timing '00:01 --> 00:02'", TIMING_HINT), id="no-millis"),
        pytest.param("WEBVTT\n\n00:01.000 -> 00:02.000\nA\n",
                     VttProblem(3, "cannot read the cue timing '00:01.000 -> 00:02.000'",
                                "write the arrow between start and end as '-->' (two hyphens and '>')"), id="short-arrow"),
        pytest.param("WEBVTT\n\n00:01.000 --> 00:02.000\nA\n\nforgotten second paragraph\n",
                     VttProblem(6, "text without a timing line: this block is never shown", LOST_HINT), id="lost-text"),
        pytest.param("WEBVTT\n\n00:01.000 --> 00:02.000\nA\n\nKind: captions\n",
                     VttProblem(6, "text without a timing line: this block is never shown", LOST_HINT),
                     id="header-like-after-a-cue"),
        pytest.param("1\n00:00:01,000 --> 00:00:02,000\nA\n",
                     VttProblem(1, "the file must start with the line 'WEBVTT'",
                                "this looks like a SubRip file: name it .srt, or add the line 'WEBVTT' and a blank "
                                "line at the top"), id="srt-named-vtt"),
        pytest.param("webvtt\n\n00:01.000 --> 00:02.000\nA\n",
                     VttProblem(1, "the file must start with the line 'WEBVTT'",
                                "write 'WEBVTT' in capitals, alone on the line or followed by a space and a title"),
                     id="lowercase"),
        pytest.param("WEBVTTX\n", VttProblem(1, "the file must start with the line 'WEBVTT'",
                                             "write 'WEBVTT' in capitals, alone on the line or followed by a space "
                                             "and a title"), id="no-space-after-signature"),
        pytest.param("", VttProblem(1, "the file must start with the line 'WEBVTT'",
                                    "add the line 'WEBVTT' and a blank line at the top of the file"), id="empty"),
    ],
)
def test_what_would_lose_a_cue_is_a_problem_at_its_line(text: str, expected: VttProblem) -> None:
    _cues, problems = parse(text)
    assert problems == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "WEBVTT\nKind: captions\nLanguage: fr\nX-TIMESTAMP-MAP=LOCAL:00:00:00.000,MPEGTS:0\n\n00:01.000 --> 00:02.000\nA\n",
        "WEBVTT\n\nKind: captions\nLanguage: fr\n\n00:01.000 --> 00:02.000\nA\n",
        "WEBVTT\n\nNOTE\nsome words\n\n00:01.000 --> 00:02.000 unknown:setting line:x\nA\n",
        "WEBVTT\n\n00:01.000 --> 00:02.000\nA\n\nSTYLE\n::cue { color: red }\n",
        "WEBVTT\n",
        "WEBVTT",
    ],
)
def test_what_browsers_silently_accept_is_no_problem(text: str) -> None:
    assert parse(text)[1] == []
