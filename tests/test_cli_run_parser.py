"""`kiosk run` is parsed by its own parser alone (kiosk.cli.run_parser), for a quicker first
frame; it must read every command line exactly as the whole parser does."""

from __future__ import annotations

import pytest

from kiosk import cli


@pytest.mark.parametrize("argv", [
    [], ["run"], ["--windowed"], ["run", "some/bundle", "--tour", "--lang", "fr", "--screen", "1"],
    ["--quit-after", "2.5", "--log-format", "json"], ["run", "b.zip", "--windowed"],
])
def test_run_reads_the_command_line_as_the_whole_parser_does(argv: list[str]) -> None:
    whole = cli.build_parser().parse_args(["run", *argv[1:]] if argv[:1] == ["run"] else ["run", *argv])
    assert vars(cli.parse(list(argv))) == vars(whole)


@pytest.mark.parametrize(("argv", "message"), [
    (["run", "--screen", "x"], "kiosk run: error: argument --screen: invalid int value: 'x'"),
    (["--quit-after", "0"], "kiosk run: error: argument --quit-after: must be more than 0 seconds"),
    (["run", "--nope"], "kiosk run: error: unrecognized arguments: --nope"),
])
def test_a_wrong_run_command_line_is_a_usage_error_naming_run(argv: list[str], message: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.parse(list(argv))
    assert stopped.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == message


def test_other_commands_still_use_the_whole_parser() -> None:
    assert cli.parse(["validate", "x"]).command == "validate"
    with pytest.raises(SystemExit):
        cli.parse(["--version"])
