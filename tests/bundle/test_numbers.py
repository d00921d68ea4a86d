"""Odd numbers in the manifest: NaN, infinities and absurd values are refused with a located
message, the schema states the same bounds, and the player never hands an unchecked number to a timer."""

from __future__ import annotations

import dataclasses
import logging
import math

import pytest

from kiosk.bundle.jsonschema import manifest_schema
from kiosk.bundle.validate import validate
from kiosk.play.clock import MAX_TIMER_MS, ManualClock, checked_seconds, milliseconds
from kiosk.play.player import Player, PlayerConfig
from kiosk.play.tour import DwellDefaults, tour_steps
from tests.bundle.conftest import MANIFEST, BundleMaker
from tests.play.conftest import make_manifest

WITH_NUMBERS = MANIFEST.replace("  exhibits: [art/dawn]\n", "  exhibits: [art/dawn]\n  dwell: DWELL\n").replace(
    "        file: media/dawn.jpg\n", "        file: media/dawn.jpg\n        duration: DURATION\n")
HUGE = "9" * 400


def located(line: int, column: int, key: str, message: str) -> str:
    return f"exhibition.yaml:{line}:{column}: error: {key}: {message}"


def dwell(message: str) -> str:
    return located(8, 10, "attract.dwell", message)


def duration(message: str) -> str:
    return located(18, 19, "sections[0].exhibits[0].duration", message)


NOT_A_NUMBER = "(write a number such as 8 or 2.5)"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (".nan", [dwell(f"must be a number of seconds, got .nan {NOT_A_NUMBER}"),
                  duration(f"must be a number of seconds, got .nan {NOT_A_NUMBER}")]),
        (".NaN", [dwell(f"must be a number of seconds, got .NaN {NOT_A_NUMBER}"),
                  duration(f"must be a number of seconds, got .NaN {NOT_A_NUMBER}")]),
        (".inf", [dwell("must be at most 600 seconds (10 minutes), got .inf (write the time in seconds)"),
                  duration("must be at most 86400 seconds (a day), got .inf (write the time in seconds)")]),
        ("-.inf", [dwell("must be a positive number of seconds, got -.inf"),
                   duration("must be a positive number of seconds, got -.inf")]),
        ("1.0e+308", [dwell("must be at most 600 seconds (10 minutes), got 1.0e+308 (write the time in seconds)"),
                      duration("must be at most 86400 seconds (a day), got 1.0e+308 (write the time in seconds)")]),
        ("1e308", [dwell("expected a number, got the text '1e308'"),
                   duration("expected a number, got the text '1e308'")]),
        (HUGE, [dwell(f"must be at most 600 seconds (10 minutes), got {'9' * 39}… (write the time in seconds)"),
                duration(f"must be at most 86400 seconds (a day), got {'9' * 39}… (write the time in seconds)")]),
        ("601", [dwell("must be at most 600 seconds (10 minutes), got 601 (write the time in seconds)")]),
        ("0", [dwell("must be a positive number of seconds, got 0"),
               duration("must be a positive number of seconds, got 0")]),
        ("600", []),
    ],
)
def test_odd_seconds_are_refused_where_they_are_written(make_bundle: BundleMaker, value: str,
                                                         expected: list[str]) -> None:
    root = make_bundle(WITH_NUMBERS.replace("DWELL", value).replace("DURATION", value))
    assert [f.format() for f in validate(root).report.errors] == expected


@pytest.mark.parametrize("value", ["0", "-5"])
def test_a_format_below_one_is_refused(make_bundle: BundleMaker, value: str) -> None:
    result = validate(make_bundle(MANIFEST.replace("format: 1", f"format: {value}")))
    assert [f.format() for f in result.report.findings] == [
        f"exhibition.yaml:1:9: error: format: there is no format {value} (write 'format: 1', the format this "
        "kiosk reads)"]


def test_the_schema_states_the_bounds() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    schema = manifest_schema()
    assert schema["$defs"]["Attract"]["properties"]["dwell"]["maximum"] == 600
    assert schema["$defs"]["ImageExhibit"]["properties"]["duration"]["anyOf"][0] == {
        "type": "number", "exclusiveMinimum": 0, "maximum": 86400}
    validator = jsonschema.Draft202012Validator(schema)
    # NaN is no JSON value and a schema cannot name it; the kiosk's own loader refuses it (above).
    for value, refused in (("8", False), ("601", True), (".inf", True), ("0", True)):
        document = yaml.safe_load(WITH_NUMBERS.replace("DWELL", value).replace("DURATION", "8"))
        assert bool(list(validator.iter_errors(document))) is refused, value


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [(1.5, 1500), (0.0001, 1), (0, 0), (-3, 0), (-math.inf, 0), (math.nan, MAX_TIMER_MS), (math.inf, MAX_TIMER_MS),
     (1e308, MAX_TIMER_MS), (86_400, MAX_TIMER_MS)],
)
def test_timer_milliseconds_are_always_in_range(seconds: float, expected: int) -> None:
    assert milliseconds(seconds, at_most=MAX_TIMER_MS) == expected


@pytest.mark.parametrize("value", [math.nan, math.inf, -1.0, 0.0, 1e308, None])
def test_checked_seconds_fall_back(value: float | None) -> None:
    assert checked_seconds(value, 8.0, "dwell") == 8.0


def test_a_manifest_built_in_code_cannot_put_nan_into_the_player(caplog: pytest.LogCaptureFixture) -> None:
    manifest = make_manifest()
    art = manifest.sections[0]
    odd = dataclasses.replace(art, exhibits=(dataclasses.replace(art.exhibits[0], duration=math.nan),
                                             dataclasses.replace(art.exhibits[1], duration=math.inf)))
    manifest = dataclasses.replace(manifest, sections=(odd, *manifest.sections[1:]),
                                   attract=dataclasses.replace(manifest.attract, dwell=math.nan))
    with caplog.at_level(logging.WARNING, logger="kiosk.play"):
        steps = tour_steps(manifest, DwellDefaults(text=20.0, image=12.0))
        player = Player(manifest, PlayerConfig(attract_dwell=math.inf), ManualClock())
    assert [step.dwell for step in steps[1:3]] == [20.0, 12.0]
    assert player.attract_dwell == 8.0
    assert all(math.isfinite(d) for d in (player.next_deadline() or 0.0,))
    assert "exhibit 'intro' duration of nan seconds cannot be used; using 20" in caplog.messages
