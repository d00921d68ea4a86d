"""The kiosk's log: JSON lines or text, on stderr and in a rotating file, with events."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk import logs, paths


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    buffer = io.StringIO()
    yield buffer
    logs.teardown()


def test_json_lines_carry_the_event_and_its_fields(stream: io.StringIO) -> None:
    path = logs.setup("json", stream=stream)
    logs.event(logging.getLogger("kiosk.ui"), "screen_shown", "exhibit art/dawn", ref="art/dawn",
               input_to_paint_ms=42.5)
    logging.getLogger("kiosk.play").warning("plain %s", "words")
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines[0]["event"] == "screen_shown"
    assert lines[0]["ref"] == "art/dawn"
    assert lines[0]["input_to_paint_ms"] == 42.5
    assert lines[0]["logger"] == "kiosk.ui"
    assert lines[0]["level"] == "info"
    assert lines[0]["time"].endswith("+00:00")
    assert lines[1] == {**lines[1], "message": "plain words", "level": "warning"}
    assert "event" not in lines[1]
    assert path == paths.log_dir() / "kiosk.log"
    for handler in logging.getLogger().handlers:
        handler.flush()
    in_file = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert in_file[0]["event"] == "screen_shown"


def test_text_lines_show_fields_as_key_value(stream: io.StringIO) -> None:
    logs.setup("text", stream=stream, to_file=False)
    logs.event(logging.getLogger("kiosk.app"), "startup", "first frame painted", first_paint_ms=321.0)
    line = stream.getvalue().strip()
    assert line.endswith("INFO    kiosk.app: first frame painted first_paint_ms=321.0")


def test_exceptions_keep_their_traceback(stream: io.StringIO) -> None:
    logs.setup("json", stream=stream, to_file=False)
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("kiosk.app").exception("unexpected")
    record = json.loads(stream.getvalue())
    assert "ValueError: boom" in record["exception"]


def test_an_unwritable_log_folder_leaves_stderr(stream: io.StringIO, monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setattr(paths, "log_dir", lambda: blocker / "logs")
    assert logs.setup("text", stream=stream) is None
    assert "cannot write the log file" in stream.getvalue()


def test_setup_twice_does_not_double_lines(stream: io.StringIO) -> None:
    logs.setup("text", stream=stream, to_file=False)
    logs.setup("text", stream=stream, to_file=False)
    logging.getLogger("kiosk.app").info("once")
    assert stream.getvalue().count("once") == 1


@pytest.mark.parametrize("opened_by", ["open_file", "teardown"])
def test_a_deferred_log_file_gets_every_record_logged_before_it_opened(stream: io.StringIO, opened_by: str) -> None:
    """`kiosk run` opens its log file after the first frame; nothing logged before is lost."""
    path = logs.setup("json", stream=stream, defer_file=True)
    assert path == paths.log_dir() / "kiosk.log"
    logging.getLogger("kiosk.app").info("before the file %d", 1)
    logging.getLogger("kiosk.app").debug("below the level")
    assert not path.exists(), "the file is not opened yet"
    assert json.loads(stream.getvalue().splitlines()[0])["message"] == "before the file 1", "stderr at once"
    if opened_by == "open_file":
        assert logs.open_file() == path
        logging.getLogger("kiosk.app").warning("after the file")
    logs.teardown()
    in_file = [json.loads(line)["message"] for line in path.read_text(encoding="utf-8").splitlines()]
    assert in_file == ["before the file 1", "after the file"] if opened_by == "open_file" else ["before the file 1"]
    assert logs.open_file() is None, "nothing is left to open"
