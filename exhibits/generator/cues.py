"""When each caption of the sample's films and music appears, and the WebVTT files made from them.

The times follow the structure of the generated music and animations (bars, seconds), so
they live here, beside the tempo the music uses; the words live in `texts/<language>.yaml`
under `cues`, one list per exhibit, in the same order. Nothing here needs numpy.
"""

from __future__ import annotations

from collections.abc import Sequence

from kiosk.bundle.webvtt import timestamp

Span = tuple[float, float]

NOCTURNE_BEAT = 60.0 / 72
NOCTURNE_CHORDS = 15  # bars of chords; the last one rings for a bar more
CANON_BEAT = 60.0 / 96
CANON_BARS = 14
GROWTH_SECONDS = 16.0
MURMURATION_SECONDS = 16.0


def _nocturne() -> list[Span]:
    bar = 4 * NOCTURNE_BEAT
    end = NOCTURNE_CHORDS * bar + bar
    return [(0.0, 2 * bar), (2 * bar, 5 * bar), (5 * bar, 8 * bar), (8 * bar, 12 * bar), (12 * bar, 14 * bar),
            (14 * bar, end)]


def _canon() -> list[Span]:
    bar = 4 * CANON_BEAT
    end = CANON_BARS * bar
    return [(0.0, bar), (bar, 2 * bar), (2 * bar, 5 * bar), (5 * bar, 10 * bar), (10 * bar, 12.5 * bar),
            (12.5 * bar, end)]


# Exhibit id: the spans of its cues. The words for each span are in the texts, under `cues`.
TIMINGS: dict[str, list[Span]] = {
    "markov-nocturne": _nocturne(),
    "canon-for-two-machines": _canon(),
    "growing-a-pattern": [(0.0, 3.5), (3.5, 7.5), (7.5, 11.5), (11.5, 15.8)],
    "murmuration": [(0.0, 4.0), (4.0, 8.0), (8.0, 12.0), (12.0, 15.8)],
}



def webvtt(spans: Sequence[Span], words: Sequence[str]) -> str:
    """A WebVTT file: numbered cues, one per span."""
    if len(spans) != len(words):
        raise ValueError(f"{len(spans)} cue times but {len(words)} cue texts")
    lines = ["WEBVTT", ""]
    for number, ((start, end), text) in enumerate(zip(spans, words, strict=True), 1):
        lines += [str(number), f"{timestamp(start)} --> {timestamp(end)}", text, ""]
    return "\n".join(lines)

