"""`kiosk captions FILE [--json]`: the cues the kiosk will show, for a curator checking a file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.cli import main

VTT = (
    "WEBVTT\nKind: captions\nLanguage: en\n\n"
    "intro\n00:00:01.000 --> 00:00:04.500 line:10% align:start\n"
    "<v Narrator>A machine &amp; <i>its</i> dream</v>\nin the dark\n\n"
    "00:05.000 --> 00:08.250\n[soft piano]\n"
)
DEFAULTS = {"vertical": "", "line": None, "snap_to_lines": True, "line_align": "start", "position": None,
            "position_align": "auto", "size": 100.0, "align": "center", "region": ""}


def test_json_gives_each_cue_as_a_browser_exposes_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "film.en.vtt"
    path.write_text(VTT, encoding="utf-8")
    assert main(["captions", "--json", str(path)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["cues"] == [
        {"id": "intro", "start": 1.0, "end": 4.5, "text": "<v Narrator>A machine &amp; <i>its</i> dream</v>\nin the dark",
         "voice": "Narrator", "settings": {**DEFAULTS, "line": 10.0, "snap_to_lines": False, "align": "start"}},
        {"id": "", "start": 5.0, "end": 8.25, "text": "[soft piano]", "voice": None, "settings": DEFAULTS},
    ]
    assert document["problems"] == []
    assert document["format"] == "webvtt"


def test_the_listing_is_readable_and_problems_go_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "film.srt"
    path.write_bytes(b"1\r\n00:00:01,000 --> 00:00:02,500\r\n<i>Quiet</i> & still\r\n\r\n"
                     b"2\r\n00:00:03 --> 00:00:04\r\nB\r\n")
    assert main(["captions", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == "00:00:01.000 --> 00:00:02.500  #1\n    <i>Quiet</i> &amp; still\n\n"
    assert err.splitlines() == [
        f"{path}:6: cannot read the cue timing '00:00:03 --> 00:00:04' "
        "(write 'start --> end' as in '00:00:01,000 --> 00:00:04,500')",
        f"{path}: 1 cue, 1 problem",
    ]


def test_the_voice_is_shown_beside_the_times(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "film.vtt"
    path.write_text(VTT, encoding="utf-8")
    assert main(["captions", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[:3] == [
        "00:00:01.000 --> 00:00:04.500  #intro  (Narrator)",
        "    <v Narrator>A machine &amp; <i>its</i> dream</v>",
        "    in the dark",
    ]


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        ("notes.txt", b"hello", 2, "kiosk captions: error: '{path}' is neither .vtt (WebVTT) nor .srt (SubRip)"),
        ("missing.vtt", None, 1, "kiosk: error: cannot read '{path}': No such file or directory"),
        ("latin.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\ncafé\n".encode("cp1252"), 1,
         "{path}:4: is not UTF-8 text: a character on this line cannot be read "
         "(save the file as UTF-8 (in most editors: Save As, then choose the encoding UTF-8))"),
    ],
)
def test_unreadable_files_exit_non_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
                                        content: bytes | None, code: int, message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert main(["captions", str(path)]) == code
    assert capsys.readouterr().err.splitlines()[0] == message.format(path=path)


def test_a_missing_argument_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["captions"])
    assert stopped.value.code == 2
    assert "the following arguments are required: FILE" in capsys.readouterr().err
