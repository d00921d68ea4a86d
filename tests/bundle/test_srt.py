"""SubRip files: read into the same cues as WebVTT, decoded from their bytes, problems by line,
and accepted by the validator wherever captions are."""

from __future__ import annotations

import pytest

from kiosk.bundle import media
from kiosk.bundle.captions import ENCODING_HINT, parse_captions
from kiosk.bundle.srt import parse, to_cue_text
from kiosk.bundle.validate import validate
from kiosk.bundle.webvtt import Cue, CueSettings, VttProblem
from tests.bundle.conftest import MANIFEST, BundleMaker

SRT = "1\n00:00:01,000 --> 00:00:04,500\nA machine sketches\nin the dark.\n\n2\n00:00:05,000 --> 00:00:08,000\n[piano]\n"
TIMING_HINT = "write 'start --> end' as in '00:00:01,000 --> 00:00:04,500'"


def test_cues_have_their_index_times_and_lines() -> None:
    assert parse(SRT) == ([Cue(1.0, 4.5, "A machine sketches\nin the dark.", "1"), Cue(5.0, 8.0, "[piano]", "2")], [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("\ufeff1\r\n00:00:01,000 --> 00:00:02,000\r\nA\r\n\r\n", [Cue(1.0, 2.0, "A", "1")], id="bom-crlf"),
        pytest.param("1\n00:00:01.250 --> 00:00:02.000\nA\n", [Cue(1.25, 2.0, "A", "1")], id="dot-millis"),
        pytest.param("00:00:01,000 --> 00:00:02,000\nA\n", [Cue(1.0, 2.0, "A")], id="no-index"),
        pytest.param("1\n00:00:01,000 --> 00:00:02,000 X1:100 X2:600 Y1:20 Y2:80\nA\n", [Cue(1.0, 2.0, "A", "1")],
                     id="coordinates"),
        pytest.param("1\n00:00:01,000 --> 00:00:02,000\nA\n2\n00:00:03,000 --> 00:00:04,000\nB\n",
                     [Cue(1.0, 2.0, "A", "1"), Cue(3.0, 4.0, "B", "2")], id="missing-blank-line"),
        pytest.param("\n\n1\n00:00:01,000 --> 00:00:02,000\nA\n\n\n\n2\n00:00:03,000 --> 00:00:04,000\nB",
                     [Cue(1.0, 2.0, "A", "1"), Cue(3.0, 4.0, "B", "2")], id="extra-blank-lines-no-final-newline"),
        pytest.param("1\n00:00:01,000 --> 00:00:02,000\n{\\an8}On top\n",
                     [Cue(1.0, 2.0, "On top", "1", CueSettings(line=0.0))], id="an8-top"),
    ],
)
def test_subrip_as_found_in_the_wild(text: str, expected: list[Cue]) -> None:
    assert parse(text) == (expected, [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<i>Quiet</i> now", "<i>Quiet</i> now"),
        ("<I>Loud</I> <B>bold</B> <u>under</u>", "<i>Loud</i> <b>bold</b> <u>under</u>"),
        ('<font color="#ffff00">Yellow</font> words', "Yellow words"),
        ("{\\an8}{\\i1}Top", "Top"),
        ("Tom & Jerry <3 x<y", "Tom &amp; Jerry &lt;3 x&lt;y"),
        ("<v Bob>not a voice</v>", "&lt;v Bob>not a voice&lt;/v>"),
    ],
)
def test_text_becomes_webvtt_cue_text(text: str, expected: str) -> None:
    assert to_cue_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1\n00:00:01 --> 00:00:02\nA\n",
         [VttProblem(2, "cannot read the cue timing '00:00:01 --> 00:00:02'", TIMING_HINT)]),
        ("1\n00:00:61,000 --> 00:01:02,000\nA\n",
         [VttProblem(2, "minutes and seconds run from 00 to 59 in '00:00:61,000 --> 00:01:02,000'", TIMING_HINT)]),
        ("1\n00:00:05,000 --> 00:00:04,000\nA\n",
         [VttProblem(2, "the cue ends before it starts, so it is never shown",
                     "correct the times: the end comes after the start")]),
        ("1\n00:00:01,000 --> 00:00:02,000\nA\n\nstray words\n\n3\n00:00:03,000 --> 00:00:04,000\nB\n",
         [VttProblem(5, "text without a timing line: this block is never shown",
                     "put a timing line such as '00:00:01,000 --> 00:00:04,500' above the text, "
                     "and a blank line between cues")]),
    ],
)
def test_problems_name_their_line(text: str, expected: list[VttProblem]) -> None:
    assert parse(text)[1] == expected


@pytest.mark.parametrize(
    ("data", "cues", "problems"),
    [
        pytest.param(SRT.encode("utf-8"), 2, [], id="utf-8"),
        pytest.param(b"\xef\xbb\xbf" + SRT.encode("utf-8"), 2, [], id="utf-8-bom"),
        pytest.param("\ufeff".encode("utf-16-le") + SRT.encode("utf-16-le"), 2, [], id="utf-16-le"),
        pytest.param("\ufeff".encode("utf-16-be") + SRT.encode("utf-16-be"), 2, [], id="utf-16-be"),
        pytest.param(SRT.replace("piano", "café").encode("cp1252"), 2,
                     [VttProblem(8, "is not UTF-8 text: a character on this line cannot be read", ENCODING_HINT)],
                     id="windows-1252"),
    ],
)
def test_files_are_decoded_from_their_bytes(data: bytes, cues: int, problems: list[VttProblem]) -> None:
    found, found_problems = parse_captions("film.srt", data)
    assert len(found) == cues
    assert found_problems == problems


@pytest.mark.parametrize(
    ("head", "is_srt"),
    [
        (b"1\r\n00:00:01,000 --> 00:00:02,000\r\n", True),
        (b"\xef\xbb\xbf\n\n12\n01:02:03.500 --> 01:02:04,000\n", True),
        ("\ufeff1\n00:00:01,000 --> 00:00:02,000\n".encode("utf-16-le"), True),
        (b"WEBVTT\n\n00:01.000 --> 00:02.000\n", False),
        (b"<html>Not found</html>", False),
        (b"", False),
    ],
)
def test_srt_content_is_sniffed(head: bytes, is_srt: bool) -> None:
    assert media.matches_content("captions/film.srt", head) is is_srt


def lines(path) -> list[str]:  # type: ignore[no-untyped-def]
    return [finding.format() for finding in validate(path).report.sorted()]


def test_a_bundle_with_subrip_captions_validates(make_bundle: BundleMaker) -> None:
    manifest = MANIFEST.replace("captions/film.fr.vtt", "captions/film.fr.srt")
    assert lines(make_bundle(manifest=manifest, files={"captions/film.fr.vtt": None,
                                                       "captions/film.fr.srt": SRT.encode()})) == []


def test_subrip_problems_come_with_file_and_line(make_bundle: BundleMaker) -> None:
    manifest = MANIFEST.replace("captions/film.fr.vtt", "captions/film.fr.srt")
    bad = b"1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n00:00:03,000 -> 00:00:04,000\nB\n"
    assert lines(make_bundle(manifest=manifest, files={"captions/film.fr.vtt": None, "captions/film.fr.srt": bad})) == [
        "captions/film.fr.srt:5: error: text without a timing line: this block is never shown "
        "(put a timing line such as '00:00:01,000 --> 00:00:04,500' above the text, and a blank line between cues)"]


def test_a_webvtt_file_with_header_lines_validates_clean(make_bundle: BundleMaker) -> None:
    vtt = b"WEBVTT\nKind: captions\nLanguage: fr\n\nNOTE made by a captioning tool\n\n1\n00:00.000 --> 00:02.000\nSalut\n"
    assert lines(make_bundle(files={"captions/film.fr.vtt": vtt})) == []


def test_a_vtt_with_subrip_timing_gets_the_corrected_line(make_bundle: BundleMaker) -> None:
    vtt = b"WEBVTT\n\n1\n00:00:04,500 --> 00:00:06,000\nSalut\n"
    assert lines(make_bundle(files={"captions/film.fr.vtt": vtt})) == [
        "captions/film.fr.vtt:4: error: use '.' before the milliseconds, not ',' "
        "(write '00:00:04.500 --> 00:00:06.000')"]
