"""The two short animations: a growing reaction-diffusion pattern, and a murmuration of boids."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from generator.colour import FloatArray, Rng, palette, rgb, upscale, vignette
from generator.common import SAMPLE_RATE, VIDEO_FPS, VIDEO_SIZE, Output
from generator.cues import GROWTH_SECONDS, MURMURATION_SECONDS
from generator.encode import VideoWriter, save_image, write_wav
from generator.fields import Canvas, gradient, hillshade
from generator.music import Note, midi
from generator.reaction import CORAL, GrayScott
from generator.synth import render


def growth_soundtrack(seconds: float) -> FloatArray:
    rng = np.random.default_rng(16)
    notes = [Note(0.0, seconds, midi(n), 0.3, "pad") for n in ("D3", "A3", "E4")]
    pentatonic = [midi(n) for n in ("D5", "E5", "F#5", "A5", "B5", "D6")]
    for k in range(18):
        start = 0.6 + k * 0.8 + rng.uniform(0, 0.3)
        if start < seconds - 2:
            notes.append(Note(start, 0.4, int(rng.choice(pentatonic)), 0.12 + 0.02 * (k % 3),
                              "bell"))
    audio = render(notes, seconds, seed=161, wet=0.45)
    fade = np.minimum(1.0, (seconds - np.arange(audio.shape[0]) / SAMPLE_RATE) / 1.5)
    return audio * np.clip(fade, 0, 1)[:, None]


def growth_video(out: Output, rel: str, poster_rel: str, work: Path) -> list[str]:
    """Reaction-diffusion growing from a few drops, 16 seconds with a soundtrack."""
    rng = np.random.default_rng(31)
    width, height = VIDEO_SIZE
    factor = 4
    grid_h, grid_w = height // factor, width // factor
    y, _ = np.mgrid[0:grid_h, 0:grid_w]
    feed = np.float32(CORAL.feed) + np.float32(0.006) * (y / grid_h - 0.5)
    model = GrayScott(grid_h, grid_w, feed, CORAL.kill)
    model.seed(rng, 7, 3)
    model.v[1:-1, 1:-1] *= (model.v[1:-1, 1:-1] > 0.1)
    audio_path = work / "growth.wav"
    write_wav(audio_path, growth_soundtrack(GROWTH_SECONDS))
    writer = VideoWriter(out.path(rel), audio_path)
    frames = int(GROWTH_SECONDS * VIDEO_FPS)
    colours = ("#0B1D2A", "#1E5566", "#6FA7A0", "#E8D8B0", "#D9A441")
    poster_frame = int(frames * 0.72)
    for frame in range(frames):
        model.step(26)
        pattern = upscale(model.pattern, factor)
        t = np.clip(pattern / 0.42, 0, 1)
        grad_y, grad_x = gradient(t)
        image = palette(colours, t) * (0.6 + 0.55 * hillshade(grad_y, grad_x, 5.0)[..., None])
        fade = min(1.0, frame / 12, (frames - 1 - frame) / 12)
        image = image * fade
        writer.write(image)
        if frame == poster_frame:
            save_image(out, poster_rel, image)
    writer.close()
    return [rel, poster_rel]



def wind(seconds: float, seed: int) -> FloatArray:
    """Band-limited noise with slow gusts."""
    rng = np.random.default_rng(seed)
    samples = int(seconds * SAMPLE_RATE)
    stereo = np.empty((samples, 2))
    freqs = np.fft.rfftfreq(samples, 1 / SAMPLE_RATE)
    shape = np.exp(-0.5 * ((freqs - 380) / 260) ** 2)
    t = np.arange(samples) / SAMPLE_RATE
    gust = 0.55 + 0.45 * np.sin(2 * np.pi * t / 7.0) * np.sin(2 * np.pi * t / 3.1 + 1.0)
    for channel in range(2):
        noise = np.fft.irfft(np.fft.rfft(rng.standard_normal(samples)) * shape, samples)
        stereo[:, channel] = noise / np.abs(noise).max() * gust
    return stereo


def murmuration_soundtrack(seconds: float) -> FloatArray:
    rng = np.random.default_rng(17)
    scale = [midi(n) for n in ("G3", "A3", "B3", "D4", "E4", "G4", "A4", "B4", "D5")]
    notes: list[Note] = [Note(0.0, seconds, midi("G2"), 0.25, "pad"),
                         Note(0.0, seconds, midi("D3"), 0.2, "pad")]
    degree = 4
    time_point = 0.8
    while time_point < seconds - 2.0:
        degree = int(np.clip(degree + rng.choice([-2, -1, 1, 2]), 0, len(scale) - 1))
        notes.append(Note(time_point, 0.5, scale[degree], 0.35, "marimba"))
        time_point += float(rng.choice([0.5, 0.75, 1.0]))
    music = render(notes, seconds, seed=171, wet=0.4)
    mix = music + 0.25 * wind(seconds, 172)
    fade = np.minimum(1.0, (seconds - np.arange(mix.shape[0]) / SAMPLE_RATE) / 1.5)
    fade = np.minimum(fade, np.arange(mix.shape[0]) / SAMPLE_RATE / 0.8)
    return mix / np.abs(mix).max() * 0.85 * np.clip(fade, 0, 1)[:, None]


def ridge_line(rng: Rng, width: int, base: float, roughness: float) -> FloatArray:
    """A 1-D midpoint-displacement skyline."""
    levels = int(np.ceil(np.log2(width))) + 1
    points = np.array([base, base])
    amplitude = 60.0
    for _ in range(levels):
        mids = (points[:-1] + points[1:]) / 2 + rng.normal(0, amplitude, len(points) - 1)
        merged = np.empty(len(points) * 2 - 1)
        merged[0::2], merged[1::2] = points, mids
        points = merged
        amplitude *= roughness
    return np.interp(np.linspace(0, len(points) - 1, width), np.arange(len(points)), points)


class Flock:
    """Boids (Reynolds, 1987): each bird steers by what its neighbours do.

    Cohesion (move toward neighbours), separation (avoid crowding) and
    alignment (match their heading), plus a slowly wandering point of
    attraction that keeps the flock in the frame.  Fully vectorised: all
    pairwise distances every step.
    """

    def __init__(self, rng: Rng, birds: int, centre: Sequence[float]) -> None:
        self.rng = rng
        self.position = rng.normal(0, 1, (birds, 3)) * [160, 60, 80] + np.asarray(centre)
        self.velocity = rng.normal(0, 1, (birds, 3)) * 0.8 + [3.5, -0.5, 0]
        self.clock = 0

    def step(self, target: FloatArray, course: FloatArray) -> None:
        """Advance one frame; the flock follows ``course`` (a direction) near ``target``."""
        position, velocity = self.position, self.velocity
        offset = position[None, :, :] - position[:, None, :]
        distance = np.sqrt((offset**2).sum(axis=2)) + np.eye(len(position)) * 1e6
        # Starlings watch their seven nearest neighbours, however far they are.
        nearest = np.argpartition(distance, 7, axis=1)[:, :7]
        cohesion = position[nearest].mean(axis=1) - position
        alignment = velocity[nearest].mean(axis=1) - velocity
        close = distance < 26.0
        separation = -(close[..., None] * offset / distance[..., None] ** 2).sum(axis=1)
        # Steer the flock as a whole (not each bird) so it sweeps and turns without balling up.
        heading = course / (np.linalg.norm(course) + 1e-9) + 0.004 * (target - position.mean(axis=0))
        heading /= np.linalg.norm(heading) + 1e-9
        stray = target - position
        acceleration = (0.01 * cohesion + 0.12 * alignment + 3.0 * separation + 0.14 * heading
                        + 0.0004 * stray + self.rng.normal(0, 0.08, velocity.shape))
        # A travelling wave of turns ripples through the flock, as through real murmurations.
        self.clock += 1
        wave = np.sin(position[:, 0] / 70.0 + position[:, 2] / 90.0 - self.clock * 0.12)
        acceleration[:, 1] += 0.35 * wave
        acceleration[:, 2] += 0.25 * np.cos(position[:, 1] / 60.0 - self.clock * 0.09)
        velocity = velocity + acceleration
        speed = np.linalg.norm(velocity, axis=1, keepdims=True)
        self.velocity = velocity / speed * np.clip(speed, 3.0, 6.5)
        self.position = position + self.velocity

    def draw(self, canvas: Canvas) -> None:
        """Each bird is a short dark dash along its heading, larger when nearer."""
        depth = np.clip(1 + self.position[:, 2] / 400, 0.6, 1.5)
        heading = self.velocity[:, :2] / (np.linalg.norm(self.velocity[:, :2], axis=1,
                                                          keepdims=True) + 1e-9)
        black = np.zeros((len(depth), 3))
        for along in (-1.6, -0.8, 0.0, 0.8, 1.6):
            for across in (-0.5, 0.5):
                canvas.deposit(
                    self.position[:, 0] + (heading[:, 0] * along - heading[:, 1] * across) * depth,
                    self.position[:, 1] + (heading[:, 1] * along + heading[:, 0] * across) * depth,
                    0.35 * depth, black)


def flock_course(t: float, width: int, height: int) -> tuple[FloatArray, FloatArray]:
    """Where the flock should be at time ``t`` (seconds) and which way it should fly."""

    def point(time_s: float) -> FloatArray:
        return np.array([
            width * (0.5 + 0.32 * math.sin(time_s * 0.38 - 1.2)),
            height * (0.4 + 0.15 * math.sin(time_s * 0.9 + 0.5)),
            140 * math.sin(time_s * 0.6),
        ])

    return point(t), point(t + 0.1) - point(t)


def murmuration_video(out: Output, rel: str, poster_rel: str, work: Path) -> list[str]:
    """Six hundred boids over a dusk sky, 16 seconds with wind and plucked notes."""
    rng = np.random.default_rng(600)
    width, height = VIDEO_SIZE
    flock = Flock(rng, 600, (width * 0.3, height * 0.35, 0.0))
    sky_t = np.linspace(0, 1, height)[:, None]
    sky = palette(("#23324D", "#5B5E7E", "#B0727A", "#E9A46A", "#F6D59A"), sky_t ** 1.3)
    background = np.broadcast_to(sky, (height, width, 3)).copy()
    rows = np.arange(height)[:, None]
    hills = ridge_line(rng, width, height * 0.86, 0.55)
    background[rows > hills[None, :]] = rgb("#1A1A24")
    near_hills = ridge_line(rng, width, height * 0.93, 0.5)
    background[rows > near_hills[None, :]] = rgb("#0E0E15")
    background *= vignette(width, height, 0.3)[..., None]

    audio_path = work / "murmuration.wav"
    write_wav(audio_path, murmuration_soundtrack(MURMURATION_SECONDS))
    writer = VideoWriter(out.path(rel), audio_path)
    frames = int(MURMURATION_SECONDS * VIDEO_FPS)
    trail = np.zeros(height * width)
    poster: FloatArray | None = None
    poster_offset = math.inf
    for frame in range(-40, frames):  # 40 frames to organise before the film starts
        flock.step(*flock_course(frame / VIDEO_FPS, width, height))
        if frame < 0:
            continue
        canvas = Canvas(width, height)
        canvas.ink = trail * 0.5
        flock.draw(canvas)
        trail = canvas.ink
        image = canvas.render(background, 1.6)
        fade = min(1.0, frame / 15, (frames - 1 - frame) / 15)
        writer.write(image * fade)
        # The poster is the frame in which the flock is closest to the centre.
        offset = float(np.hypot(*(flock.position[:, :2].mean(axis=0) - (width / 2, height * 0.4))))
        if fade == 1.0 and offset < poster_offset:
            poster, poster_offset = image, offset
    writer.close()
    assert poster is not None
    save_image(out, poster_rel, poster)
    return [rel, poster_rel]
