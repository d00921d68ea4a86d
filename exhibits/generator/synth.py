"""Synthesised instruments, a convolution room, and the mix of a list of notes."""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from generator.colour import FloatArray
from generator.common import SAMPLE_RATE
from generator.music import Note, hz


def envelope(samples: int, attack: float, decay: float, release: float,
             hold: int) -> FloatArray:
    """Attack, exponential decay while held, then a short release."""
    t = np.arange(samples) / SAMPLE_RATE
    env = np.minimum(t / attack, 1.0) * np.exp(-t / decay)
    if hold < samples:
        tail = np.arange(samples - hold) / SAMPLE_RATE
        env[hold:] *= np.exp(-tail / release)
    return env


def instrument(note: Note) -> tuple[FloatArray, float]:
    """Render one note; returns (mono samples, stereo pan in -1..1)."""
    frequency = hz(note.pitch)
    hold = int(note.duration * SAMPLE_RATE)
    if note.voice in ("chord", "melody", "bass"):
        ring = {"chord": 2.2, "melody": 1.6, "bass": 3.0}[note.voice]
        samples = hold + int(0.9 * SAMPLE_RATE)
        t = np.arange(samples) / SAMPLE_RATE
        tone = np.zeros(samples)
        for partial in range(1, 7):
            stretch = partial * (1 + 0.0004 * partial * partial)
            tone += (np.sin(2 * np.pi * frequency * stretch * t) / partial**1.4
                     * np.exp(-t * (0.4 + 0.9 * partial) / ring))
        env = envelope(samples, 0.006, ring * 1.5, 0.25, hold)
        pan = {"chord": -0.15, "melody": 0.25, "bass": -0.3}[note.voice]
        return tone * env * note.velocity, pan
    if note.voice == "bell":
        samples = hold + int(1.6 * SAMPLE_RATE)
        t = np.arange(samples) / SAMPLE_RATE
        index = 2.2 * np.exp(-t * 3.0)
        tone = np.sin(2 * np.pi * frequency * t + index * np.sin(2 * np.pi * frequency * 3.5 * t))
        return tone * envelope(samples, 0.002, 1.1, 0.6, hold) * note.velocity, 0.45
    if note.voice == "marimba":
        samples = hold + int(0.6 * SAMPLE_RATE)
        t = np.arange(samples) / SAMPLE_RATE
        tone = (np.sin(2 * np.pi * frequency * t)
                + 0.35 * np.sin(2 * np.pi * frequency * 4.0 * t) * np.exp(-t * 18))
        return tone * envelope(samples, 0.003, 0.35, 0.2, hold) * note.velocity, -0.45
    if note.voice in ("drone", "pad"):
        samples = hold
        t = np.arange(samples) / SAMPLE_RATE
        tone = np.zeros(samples)
        for detune in (-0.12, 0.0, 0.13):
            for partial, amplitude in ((1, 1.0), (2, 0.35), (3, 0.12)):
                tone += amplitude * np.sin(2 * np.pi * (frequency + detune) * partial * t
                                           + partial * detune * 7)
        fade = min(2.5, note.duration / 3)
        env = np.minimum(t / fade, 1.0) * np.minimum((note.duration - t) / fade, 1.0)
        return tone / 3 * np.clip(env, 0, 1) * note.velocity, 0.0
    raise ValueError(f"unknown voice {note.voice!r}")


def reverb(stereo: FloatArray, seconds: float, wet: float, seed: int) -> FloatArray:
    """Convolution with decaying noise: a cheap, smooth room."""
    rng = np.random.default_rng(seed)
    length = int(seconds * SAMPLE_RATE)
    t = np.arange(length) / SAMPLE_RATE
    size = 1 << int(np.ceil(np.log2(stereo.shape[0] + length)))
    result = np.empty_like(stereo)
    for channel in range(2):
        impulse = rng.standard_normal(length) * np.exp(-t * 6.0 / seconds)
        impulse[: int(0.012 * SAMPLE_RATE)] = 0.0
        impulse /= np.sqrt(np.sum(impulse**2))
        wet_signal = np.fft.irfft(np.fft.rfft(stereo[:, channel], size) * np.fft.rfft(impulse, size),
                                  size)[: stereo.shape[0]]
        result[:, channel] = stereo[:, channel] * (1 - wet) + wet_signal * wet * 2.0
    return result


def render(notes: Iterable[Note], length: float, seed: int, wet: float = 0.3) -> FloatArray:
    total = int(length * SAMPLE_RATE)
    mix: FloatArray = np.zeros((total, 2))
    for note in notes:
        tone, pan = instrument(note)
        start = int(note.start * SAMPLE_RATE)
        tone = tone[: max(0, total - start)]
        left, right = math.cos((pan + 1) * math.pi / 4), math.sin((pan + 1) * math.pi / 4)
        mix[start : start + len(tone), 0] += tone * left
        mix[start : start + len(tone), 1] += tone * right
    mix = reverb(mix, 2.4, wet, seed)
    fade = int(0.05 * SAMPLE_RATE)
    mix[-fade:] *= np.linspace(1, 0, fade)[:, None]
    return mix / np.abs(mix).max() * 0.85
