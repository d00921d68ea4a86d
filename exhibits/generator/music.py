"""Algorithmic music: Markov-chain melodies and rhythms over simple chords."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from generator.colour import FloatArray, Rng, ground, rgb
from generator.common import HD, THEME_ACCENT
from generator.cues import CANON_BARS, CANON_BEAT, NOCTURNE_BEAT, NOCTURNE_CHORDS


@dataclass(frozen=True)
class Note:
    start: float  # seconds
    duration: float  # seconds
    pitch: int  # MIDI note number
    velocity: float  # 0..1
    voice: str


NOTE_NAMES = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}


def midi(name: str) -> int:
    """'A3' → 57, 'F#4' → 66."""
    pitch = NOTE_NAMES[name[0]] + (1 if "#" in name else 0) - (1 if name[1] == "b" else 0)
    return pitch + 12 * (int(name[-1]) + 1)


def hz(pitch: float) -> float:
    return 440.0 * 2 ** ((pitch - 69) / 12)


def markov_melody(rng: Rng, scale: Sequence[int], start: int,
                  chord_tones: Sequence[set[int]], *, leap_bias: float = 1.0) -> list[int]:
    """A first-order Markov chain over scale degrees, one note per entry of ``chord_tones``.

    The transition weights favour steps over leaps and, on each note, notes of
    the chord underneath (``chord_tones[i]`` holds its pitch classes).
    """
    intervals = np.arange(-7, 8)
    base_weights = np.array([0.02, 0.03, 0.05, 0.07, 0.25 * leap_bias, 0.5 * leap_bias, 1.0, 0.25,
                             1.0, 0.5 * leap_bias, 0.25 * leap_bias, 0.07, 0.05, 0.03, 0.02])
    degree = start
    melody = []
    for tones in chord_tones:
        candidates = degree + intervals
        valid = (candidates >= 0) & (candidates < len(scale))
        harmony = np.array([2.2 if scale[c % len(scale)] % 12 in tones else 1.0
                            for c in np.clip(candidates, 0, len(scale) - 1)])
        weights = base_weights * valid * harmony
        degree = int(rng.choice(candidates, p=weights / weights.sum()))
        melody.append(scale[degree])
    return melody


def markov_rhythm(rng: Rng, beats: float, choices: Sequence[float],
                  transitions: FloatArray) -> list[float]:
    """Durations (in beats) from a Markov chain over ``choices``, exactly filling ``beats``."""
    durations: list[float] = []
    state = 0
    remaining = beats
    while remaining > 1e-9:
        state = int(rng.choice(len(choices), p=transitions[state]))
        duration = min(choices[state], remaining)
        durations.append(duration)
        remaining -= duration
    return durations


CHORDS = {
    "Am": ("A2", "A3", "C4", "E4"), "F": ("F2", "F3", "A3", "C4"),
    "C": ("C3", "G3", "C4", "E4"), "G": ("G2", "G3", "B3", "D4"),
    "Dm": ("D3", "F3", "A3", "D4"), "E": ("E2", "E3", "G#3", "B3"),
}


@dataclass(frozen=True)
class Composition:
    notes: list[Note]
    length: float  # seconds, including the final ring-out; `cues.TIMINGS` holds its captions' times


def compose_nocturne() -> Composition:
    """'Markov Nocturne': broken piano chords in A minor, a Markov melody over them."""
    rng = np.random.default_rng(72)
    beat = NOCTURNE_BEAT
    bar = 4 * beat
    progression = ("Am", "F", "C", "G", "Am", "F", "Dm", "E",
                   "Am", "F", "C", "G", "Dm", "E", "Am")
    assert len(progression) == NOCTURNE_CHORDS  # the captions' times count on it
    notes: list[Note] = []
    for index, chord in enumerate(progression):
        start = index * bar
        pitches = [midi(name) for name in CHORDS[chord]]
        final = index == len(progression) - 1
        pattern = (0, 1, 2, 3, 2, 1, 2, 3) if not final else (0, 1, 2, 3)
        for k, voice_index in enumerate(pattern):
            step = beat / 2 if not final else beat / 4
            notes.append(Note(start + k * step, bar * (2 if final else 1) - k * step,
                              pitches[voice_index], 0.32 if k % 4 else 0.42, "chord"))
        if 8 <= index <= 13:
            notes.append(Note(start, bar, pitches[0] - 12, 0.5, "bass"))
        if final:
            notes.append(Note(start, 2 * bar, pitches[0] - 12, 0.45, "bass"))

    a_minor = [midi(n) for n in ("C4", "D4", "E4", "F4", "G4", "A4", "B4",
                                 "C5", "D5", "E5", "F5", "G5", "A5")]
    rhythm_choices = (0.5, 1.0, 1.5, 2.0)
    rhythm_transitions = np.array([
        [0.45, 0.35, 0.1, 0.1], [0.35, 0.35, 0.15, 0.15],
        [0.6, 0.3, 0.0, 0.1], [0.3, 0.5, 0.2, 0.0],
    ])
    for first_bar, last_bar, start_degree, octave in ((2, 8, 5, 0), (8, 12, 4, 12)):
        onsets: list[tuple[float, float, int]] = []
        for bar_index in range(first_bar, last_bar):
            position = 0.0
            for duration in markov_rhythm(rng, 4.0, rhythm_choices, rhythm_transitions):
                onsets.append((bar_index * 4 + position, duration, bar_index))
                position += duration
        tones = [{midi(n) % 12 for n in CHORDS[progression[b]]} for _, _, b in onsets]
        melody = markov_melody(rng, a_minor, start_degree, tones)
        for (onset, duration, _), pitch in zip(onsets, melody, strict=True):
            notes.append(Note(onset * beat, duration * beat * 1.1, pitch + octave,
                              0.55 + 0.15 * rng.uniform(), "melody"))
    end = len(progression) * bar + bar
    return Composition(notes, end)


def compose_canon() -> Composition:
    """'Canon for Two Machines': a pentatonic Markov line, imitated one bar later."""
    rng = np.random.default_rng(96)
    beat = CANON_BEAT
    bar = 4 * beat
    bars = CANON_BARS
    pentatonic = [midi(n) for n in ("D4", "E4", "F#4", "A4", "B4", "D5", "E5",
                                    "F#5", "A5", "B5", "D6")]
    notes: list[Note] = []
    line: list[tuple[float, float, int]] = []
    rhythm_choices = (0.5, 1.0, 1.5)
    transitions = np.array([[0.6, 0.3, 0.1], [0.55, 0.3, 0.15], [0.8, 0.2, 0.0]])
    for bar_index in range(1, 10):
        position = 0.0
        for duration in markov_rhythm(rng, 4.0, rhythm_choices, transitions):
            if rng.uniform() > 0.12 or bar_index < 2:
                line.append((bar_index * 4 + position, duration, 0))
            position += duration
    tones = {midi("D4") % 12, midi("A4") % 12, midi("F#4") % 12}
    pitches = markov_melody(rng, pentatonic, 3, [tones] * len(line), leap_bias=1.4)
    for (onset, duration, _), pitch in zip(line, pitches, strict=True):
        notes.append(Note(onset * beat, duration * beat, pitch, 0.5, "bell"))
        follower = onset + 4  # one bar behind, an octave below
        notes.append(Note(follower * beat, duration * beat, pitch - 12, 0.6, "marimba"))
    notes.append(Note(11 * bar, 2 * bar, midi("A5"), 0.45, "bell"))
    notes.append(Note(0.0, bars * bar, midi("D2"), 0.35, "drone"))
    notes.append(Note(0.0, bars * bar, midi("A2"), 0.25, "drone"))
    end = bars * bar
    return Composition(notes, end)


def piano_roll(composition: Composition, size: tuple[int, int] = HD) -> FloatArray:
    """The nocturne's score drawn as a piano roll: time runs right, pitch runs up."""
    width, height = size
    image = ground(width, height, "#141A22", "#0C1016", 0.25)
    margin_x, margin_y = 90, 110
    pitches = [note.pitch for note in composition.notes]
    low, high = min(pitches) - 2, max(pitches) + 2
    row_height = (height - 2 * margin_y) / (high - low)
    seconds = composition.length
    scale_x = (width - 2 * margin_x) / seconds
    beat = NOCTURNE_BEAT
    for k in range(int(seconds / beat) + 1):
        x = int(margin_x + k * beat * scale_x)
        shade = 0.10 if k % 4 == 0 else 0.04
        image[margin_y:-margin_y, x : x + (2 if k % 4 == 0 else 1)] += shade
    colours = {"chord": rgb("#6FA7A0"), "bass": rgb("#3C6E91"), "melody": rgb(THEME_ACCENT)}
    for note in sorted(composition.notes, key=lambda n: n.voice != "melody"):
        if note.voice not in colours:
            continue
        x0 = int(margin_x + note.start * scale_x)
        x1 = int(margin_x + min(note.start + note.duration, seconds) * scale_x) - 2
        y0 = int(height - margin_y - (note.pitch - low + 1) * row_height) + 1
        y1 = int(y0 + row_height) - 1
        image[y0:y1, x0:max(x1, x0 + 3)] = colours[note.voice] * (0.55 + 0.6 * note.velocity)
    return image
