#!/usr/bin/env python3
"""Generate every media file of the sample bundle ``exhibits/ai-and-ip``.

The bundle reproduces the structure of WIPO's online exhibition on artificial
intelligence and intellectual property (September 2020 to March 2021). Its
subject is machines that create, so its media are honestly machine-made:
generative artworks (flow fields, reaction-diffusion, Voronoi mosaics, fractal
landscapes), algorithmic music (Markov-chain melodies over synthesised
chords) and two short animations with soundtracks.

Everything comes from fixed seeds, so a second run produces the same pictures
and sounds.  The manifest (``exhibition.yaml``) and its texts are written by
hand; the WebVTT captions are generated here because their cue times follow
the structure of the generated music and animations.  If you rename an output
here, rename it in the manifest too: the strict validator rejects files that
nothing references.

Usage::

    python exhibits/generate_ai_and_ip.py                  # everything
    python exhibits/generate_ai_and_ip.py --only art music # some parts
    python exhibits/generate_ai_and_ip.py --jobs 1         # no worker processes

Needs numpy and the ``ffmpeg`` command (with libx264, libopus, libmp3lame and
libwebp, as in Debian's and Homebrew's builds).
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.floating[Any]]
IntArray = npt.NDArray[np.integer[Any]]
Rng = np.random.Generator

BUNDLE = Path(__file__).resolve().parent / "ai-and-ip"
LANGUAGES = ("en", "fr", "ar", "es")
HD = (1920, 1080)
VIDEO_SIZE = (1280, 720)
VIDEO_FPS = 25
SAMPLE_RATE = 48_000
BITEXACT = ["-fflags", "+bitexact", "-flags", "+bitexact"]

# The exhibition's theme colours (mirrored in exhibition.yaml).
THEME_BACKGROUND = "#121820"
THEME_FOREGROUND = "#ECE7DD"
THEME_ACCENT = "#D9A441"


# --------------------------------------------------------------------------
# Output helpers
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Output:
    """Where a task writes; every writer returns the bundle-relative path."""

    root: Path

    def path(self, rel: str) -> Path:
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        return target


def ffmpeg_command(args: Sequence[str]) -> list[str]:
    executable = shutil.which("ffmpeg")
    if executable is None:
        raise FileNotFoundError("the ffmpeg command is needed (e.g. apt-get install ffmpeg)")
    return [executable, "-hide_banner", "-loglevel", "error", "-y", *args]


def run_ffmpeg(args: Sequence[str], stdin: bytes | None = None) -> None:
    # The arguments are built by this script from its own constants, never from outside input.
    subprocess.run(ffmpeg_command(args), input=stdin, check=True)  # noqa: S603


def to_bytes(image: npt.NDArray[Any]) -> bytes:
    """8-bit RGB(A) bytes of a float image in [0, 1] (uint8 images pass through)."""
    if image.dtype == np.uint8:
        return image.tobytes()
    return (np.clip(image, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8).tobytes()


def save_image(out: Output, rel: str, image: npt.NDArray[Any], *, quality: int = 3) -> str:
    """Encode an H×W×3 (or ×4 for PNG) float image in [0, 1] with ffmpeg.

    ``quality`` is ffmpeg's JPEG qscale (2 = finest, 3 ≈ libjpeg quality 85-90)
    or libwebp's 0-100 quality, depending on the suffix.
    """
    height, width, channels = image.shape
    pixel_format = {3: "rgb24", 4: "rgba"}[channels]
    suffix = Path(rel).suffix
    if suffix in (".jpg", ".jpeg"):
        codec = ["-c:v", "mjpeg", "-q:v", str(quality), "-pix_fmt", "yuvj444p"]
    elif suffix == ".png":
        codec = ["-c:v", "png", "-pred", "mixed"]
    elif suffix == ".webp":
        codec = ["-c:v", "libwebp", "-quality", str(quality), "-compression_level", "6"]
    else:
        raise ValueError(f"unsupported image type: {rel}")
    run_ffmpeg(
        [
            "-f", "rawvideo", "-pix_fmt", pixel_format, "-s", f"{width}x{height}",
            "-i", "-", "-frames:v", "1", *codec, *BITEXACT, str(out.path(rel)),
        ],
        to_bytes(image),
    )
    return rel


def save_text(out: Output, rel: str, text: str) -> str:
    out.path(rel).write_text(text, encoding="utf-8")
    return rel


# --------------------------------------------------------------------------
# Colour
# --------------------------------------------------------------------------


def rgb(hex_colour: str) -> FloatArray:
    value = hex_colour.lstrip("#")
    return np.array([int(value[i : i + 2], 16) / 255.0 for i in (0, 2, 4)])


def palette(stops: Sequence[str], t: FloatArray) -> FloatArray:
    """Piecewise-linear colour ramp through ``stops`` for t in [0, 1]."""
    dtype = np.result_type(np.asarray(t).dtype, np.float32)
    colours = np.stack([rgb(stop) for stop in stops]).astype(dtype)
    position = np.clip(t, 0.0, 1.0) * (len(stops) - 1)
    low = np.minimum(position.astype(np.int64), len(stops) - 2)
    frac = (position - low)[..., None]
    return colours[low] * (1.0 - frac) + colours[low + 1] * frac


def smoothstep(edge0: float, edge1: float, x: FloatArray) -> FloatArray:
    t = np.clip((x - edge0) / (edge1 - edge0), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def normalise(values: FloatArray, low_pct: float = 0.5, high_pct: float = 99.5) -> FloatArray:
    low, high = np.percentile(values, [low_pct, high_pct])
    return np.clip((values - low) / (high - low + 1e-12), 0.0, 1.0)


def vignette(width: int, height: int, strength: float = 0.35) -> FloatArray:
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    r = np.hypot((x - width / 2) / (width / 2), (y - height / 2) / (height / 2))
    return 1.0 - strength * smoothstep(0.4, 1.5, r)


def ground(width: int, height: int, top: str, bottom: str, strength: float = 0.35) -> FloatArray:
    """A quiet vertical gradient with a vignette: the paper the works sit on."""
    t = np.linspace(0.0, 1.0, height)[:, None] * np.ones((1, width))
    return palette([top, bottom], t) * vignette(width, height, strength)[..., None]


def downsample(image: FloatArray, factor: int) -> FloatArray:
    height, width = image.shape[0] // factor, image.shape[1] // factor
    blocks = image[: height * factor, : width * factor].reshape(
        height, factor, width, factor, *image.shape[2:]
    )
    return blocks.mean(axis=(1, 3))


def upscale(field: FloatArray, factor: int) -> FloatArray:
    """Bilinear upscaling of a 2-D field by an integer factor (edges clamped)."""
    height, width = field.shape
    ys = (np.arange(height * factor) + 0.5) / factor - 0.5
    xs = (np.arange(width * factor) + 0.5) / factor - 0.5
    y0 = np.clip(np.floor(ys).astype(np.int64), 0, height - 1)
    x0 = np.clip(np.floor(xs).astype(np.int64), 0, width - 1)
    y1 = np.minimum(y0 + 1, height - 1)
    x1 = np.minimum(x0 + 1, width - 1)
    fy = np.clip(ys - y0, 0.0, 1.0)[:, None]
    fx = np.clip(xs - x0, 0.0, 1.0)[None, :]
    top = field[y0][:, x0] * (1 - fx) + field[y0][:, x1] * fx
    bottom = field[y1][:, x0] * (1 - fx) + field[y1][:, x1] * fx
    return top * (1 - fy) + bottom * fy


# --------------------------------------------------------------------------
# Noise and fields
# --------------------------------------------------------------------------


def spectral_noise(
    rng: Rng, shape: tuple[int, int], *, scale: float = 0.0, beta: float = 0.0
) -> FloatArray:
    """Periodic, zero-mean, unit-variance noise shaped in the Fourier domain.

    ``beta`` is the slope of the power spectrum (power ∝ 1/f**beta, so 3-4 gives
    fractal terrain); ``scale`` adds a Gaussian low-pass so that features are
    roughly ``scale`` pixels across.
    """
    height, width = shape
    white = rng.standard_normal(shape, dtype=np.float32)
    spectrum = np.fft.rfft2(white)
    fy = np.fft.fftfreq(height).astype(np.float32)[:, None]
    fx = np.fft.rfftfreq(width).astype(np.float32)[None, :]
    freq = np.sqrt(fx * fx + fy * fy)
    freq[0, 0] = 1.0
    gain = np.ones_like(freq)
    if beta:
        gain = freq ** np.float32(-beta / 2)
    if scale:
        gain = gain * np.exp(-0.5 * (freq * np.float32(scale)) ** 2)
    gain[0, 0] = 0.0
    spectrum *= gain
    field = np.fft.irfft2(spectrum, s=shape).astype(np.float32)
    field -= field.mean()
    field /= field.std() + np.float32(1e-12)
    return field


def diamond_square(rng: Rng, levels: int, roughness: float = 0.55) -> FloatArray:
    """Classic diamond-square fractal heightmap of side 2**levels + 1, vectorised per level."""
    size = 2**levels + 1
    height = np.zeros((size, size))
    height[:: size - 1, :: size - 1] = rng.normal(size=(2, 2))
    step, amplitude = size - 1, 1.0
    while step > 1:
        half = step // 2
        corners = (
            height[0:-1:step, 0:-1:step] + height[0:-1:step, step::step]
            + height[step::step, 0:-1:step] + height[step::step, step::step]
        )
        centres = corners / 4 + rng.normal(scale=amplitude, size=corners.shape)
        height[half::step, half::step] = centres
        # Edge midpoints on horizontal edges: left/right corners, centres above/below.
        total = height[0::step, 0:-1:step] + height[0::step, step::step]
        count = np.full(total.shape, 2.0)
        total[1:] += centres
        count[1:] += 1
        total[:-1] += centres
        count[:-1] += 1
        height[0::step, half::step] = total / count + rng.normal(scale=amplitude, size=total.shape)
        # Edge midpoints on vertical edges: corners above/below, centres left/right.
        total = height[0:-1:step, 0::step] + height[step::step, 0::step]
        count = np.full(total.shape, 2.0)
        total[:, 1:] += centres
        count[:, 1:] += 1
        total[:, :-1] += centres
        count[:, :-1] += 1
        height[half::step, 0::step] = total / count + rng.normal(scale=amplitude, size=total.shape)
        step, amplitude = half, amplitude * 2.0**-roughness
    return (height - height.min()) / (height.max() - height.min())


def gradient(field: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Finite-difference slopes of a 2-D field: (d/dy, d/dx), per pixel."""
    grad_y, grad_x = np.gradient(field)
    return np.asarray(grad_y), np.asarray(grad_x)


def sample_bilinear(field: FloatArray, x: FloatArray, y: FloatArray) -> FloatArray:
    """Sample a 2-D (or H×W×C) field at float pixel coordinates, clamped at the edges."""
    height, width = field.shape[:2]
    x = np.clip(x, 0.0, width - 1.001)
    y = np.clip(y, 0.0, height - 1.001)
    x0 = x.astype(np.int64)
    y0 = y.astype(np.int64)
    fx = x - x0
    fy = y - y0
    if field.ndim == 3:
        fx = fx[..., None]
        fy = fy[..., None]
    top = field[y0, x0] * (1 - fx) + field[y0, x0 + 1] * fx
    bottom = field[y0 + 1, x0] * (1 - fx) + field[y0 + 1, x0 + 1] * fx
    return top * (1 - fy) + bottom * fy


class Canvas:
    """An additive buffer that deposits weighted, coloured points with bilinear splats.

    Thousands of particles stepping under a pixel apart draw smooth strokes;
    ``render`` turns the accumulated ink into an image over a ground.
    """

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.ink = np.zeros(width * height)
        self.colour = np.zeros((3, width * height))

    def deposit(self, x: FloatArray, y: FloatArray, weight: FloatArray, colour: FloatArray) -> None:
        x0 = np.floor(x)
        y0 = np.floor(y)
        fx = x - x0
        fy = y - y0
        indices, weights, colours = [], [], []
        for dx, dy, w in ((0, 0, (1 - fx) * (1 - fy)), (1, 0, fx * (1 - fy)),
                          (0, 1, (1 - fx) * fy), (1, 1, fx * fy)):
            px = x0.astype(np.int64) + dx
            py = y0.astype(np.int64) + dy
            inside = (px >= 0) & (px < self.width) & (py >= 0) & (py < self.height)
            indices.append((py * self.width + px)[inside])
            weights.append((w * weight)[inside])
            colours.append(colour[inside])
        index = np.concatenate(indices)
        wgt = np.concatenate(weights)
        col = np.concatenate(colours)
        size = self.width * self.height
        self.ink += np.bincount(index, wgt, minlength=size)
        for channel in range(3):
            self.colour[channel] += np.bincount(index, wgt * col[:, channel], minlength=size)

    def render(self, background: FloatArray, density: float) -> FloatArray:
        alpha = 1.0 - np.exp(-density * self.ink)
        mean = self.colour / np.maximum(self.ink, 1e-9)
        ink = mean.T.reshape(self.height, self.width, 3)
        alpha_image = alpha.reshape(self.height, self.width, 1)
        return background * (1.0 - alpha_image) + ink * alpha_image


def contour_alpha(values: FloatArray, interval: float, width_px: float,
                  grad_y: FloatArray, grad_x: FloatArray) -> FloatArray:
    """Anti-aliased iso-lines of ``values`` every ``interval``, ``width_px`` wide."""
    steepness = np.sqrt(grad_x * grad_x + grad_y * grad_y) + np.float32(1e-6)
    phase = values / np.float32(interval)
    distance = np.abs(phase - np.round(phase)) * np.float32(interval) / steepness
    return np.clip(np.float32(0.5 * width_px + 0.5) - distance, 0.0, 1.0)


def hillshade(grad_y: FloatArray, grad_x: FloatArray, relief: float,
              azimuth_deg: float = 315.0, altitude_deg: float = 45.0) -> FloatArray:
    azimuth = math.radians(azimuth_deg)
    altitude = math.radians(altitude_deg)
    nx = -grad_x * np.float32(relief)
    ny = -grad_y * np.float32(relief)
    norm = np.sqrt(nx * nx + ny * ny + 1.0)
    lx = math.cos(altitude) * math.sin(azimuth)
    ly = -math.cos(altitude) * math.cos(azimuth)
    lz = math.sin(altitude)
    return np.clip((nx * np.float32(lx) + ny * np.float32(ly) + np.float32(lz)) / norm, 0.0, 1.0)


# --------------------------------------------------------------------------
# Generative artworks
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class FlowStyle:
    seed: int
    colours: tuple[str, ...]
    paper: tuple[str, str]
    particles: int = 7000
    steps: int = 520
    field_scale: float = 260.0
    turns: float = 1.0
    vortices: int = 0
    directions: int = 0  # snap headings to this many directions (0 = free)
    curl: bool = False  # follow the curl of the noise: lines never converge
    density: float = 0.9


def flow_headings(rng: Rng, style: FlowStyle, width: int, height: int) -> FloatArray:
    """The direction of travel at every pixel: noise or its curl, vortices, compass snapping."""
    noise = spectral_noise(rng, (height, width), scale=style.field_scale)
    if style.curl:
        grad_y, grad_x = gradient(noise)
        norm = np.hypot(grad_x, grad_y) + 1e-9
        vx, vy = grad_y / norm, -grad_x / norm
    else:
        angle = noise * np.pi * style.turns
        vx, vy = np.cos(angle), np.sin(angle)
    if style.vortices:
        y, x = np.mgrid[0:height, 0:width].astype(np.float32)
        for _ in range(style.vortices):
            cx, cy = rng.uniform(0.15, 0.85) * width, rng.uniform(0.15, 0.85) * height
            spin = rng.choice([-1.0, 1.0])
            dx, dy = x - cx, y - cy
            r = np.hypot(dx, dy) + 1.0
            pull = 2.5 * np.exp(-((r / (0.22 * height)) ** 2))
            vx += spin * -dy / r * pull
            vy += spin * dx / r * pull
    heading = np.arctan2(vy, vx)
    if style.directions:
        sector = 2 * np.pi / style.directions
        heading = np.round(heading / sector) * sector
    return heading


def flow_field(style: FlowStyle, size: tuple[int, int] = HD) -> FloatArray:
    """Streamlines of thousands of particles drifting through a smooth angle field."""
    width, height = size
    rng = np.random.default_rng(style.seed)
    heading = flow_headings(rng, style, width, height)
    hue_field = normalise(spectral_noise(rng, (height, width), scale=width / 3))

    n = style.particles
    x = rng.uniform(-0.05 * width, 1.05 * width, n)
    y = rng.uniform(-0.05 * height, 1.05 * height, n)
    life = rng.integers(style.steps // 4, style.steps, n)
    tone = hue_field[np.clip(y, 0, height - 1).astype(int), np.clip(x, 0, width - 1).astype(int)]
    colour = palette(style.colours, np.clip(tone + rng.normal(0, 0.06, n), 0, 1))
    weight = rng.uniform(0.4, 1.0, n)
    canvas = Canvas(width, height)
    chunk_x: list[FloatArray] = []
    chunk_y: list[FloatArray] = []
    chunk_w: list[FloatArray] = []
    chunk_c: list[FloatArray] = []
    for step in range(style.steps):
        alive = (step < life) & (x >= 0) & (x < width - 1) & (y >= 0) & (y < height - 1)
        ix = np.clip(x, 0, width - 1).astype(np.int64)
        iy = np.clip(y, 0, height - 1).astype(np.int64)
        theta = heading[iy, ix]
        fade = np.sin(np.pi * np.clip(step / life, 0, 1))  # strokes taper at both ends
        chunk_x.append(x[alive])
        chunk_y.append(y[alive])
        chunk_w.append((weight * fade)[alive])
        chunk_c.append(colour[alive])
        x = x + 0.75 * np.cos(theta)
        y = y + 0.75 * np.sin(theta)
        if len(chunk_x) == 40 or step == style.steps - 1:
            canvas.deposit(np.concatenate(chunk_x), np.concatenate(chunk_y),
                           np.concatenate(chunk_w), np.concatenate(chunk_c))
            chunk_x, chunk_y, chunk_w, chunk_c = [], [], [], []
    return canvas.render(ground(width, height, *style.paper), style.density)


FLOW_STUDIES = (
    FlowStyle(seed=101, colours=("#2E5E7E", "#6FA7A0", "#E8D8B0", "#D9A441"),
              paper=("#10151C", "#0B0E13"), curl=True, field_scale=300.0, particles=7500),
    FlowStyle(seed=202, colours=("#7A2E3A", "#C0574B", "#F0B67F", "#F6E7C8"),
              paper=("#17110F", "#0D0A09"), turns=2.4, field_scale=340.0),
    FlowStyle(seed=303, colours=("#1D3B4F", "#3C7A89", "#9FC9B7", "#F2F0E6"),
              paper=("#0E1418", "#0A0D10"), directions=8, field_scale=420.0,
              particles=6000, density=1.1),
    FlowStyle(seed=404, colours=("#3B2C5E", "#7D5BA6", "#D38FB3", "#F5D7A1"),
              paper=("#120F1A", "#09080D"), vortices=4, field_scale=520.0, turns=0.6),
)


@dataclass(frozen=True)
class GrayScottPreset:
    feed: float
    kill: float


CORAL = GrayScottPreset(0.0545, 0.062)
MITOSIS = GrayScottPreset(0.0367, 0.0649)
LABYRINTH = GrayScottPreset(0.029, 0.057)
SPOTS = GrayScottPreset(0.030, 0.062)


class GrayScott:
    """The Gray-Scott reaction-diffusion model on a periodic grid.

    Two virtual chemicals spread at different rates and react; from a few
    seeds they grow corals, mazes and dividing spots.  Feed and kill rates may
    vary across the grid, which lets several patterns meet in one picture.
    """

    def __init__(self, height: int, width: int, feed: FloatArray | float,
                 kill: FloatArray | float) -> None:
        self.u = np.ones((height + 2, width + 2), dtype=np.float32)
        self.v = np.zeros((height + 2, width + 2), dtype=np.float32)
        self.feed = np.asarray(feed, dtype=np.float32)
        self.kill = np.asarray(kill, dtype=np.float32)

    def seed(self, rng: Rng, count: int, radius: int) -> None:
        height, width = self.u.shape[0] - 2, self.u.shape[1] - 2
        for _ in range(count):
            cy, cx = int(rng.integers(radius, height - radius)), int(rng.integers(radius, width - radius))
            self.u[1 + cy - radius : 1 + cy + radius, 1 + cx - radius : 1 + cx + radius] = 0.5
            self.v[1 + cy - radius : 1 + cy + radius, 1 + cx - radius : 1 + cx + radius] = 0.25
        self.v[1:-1, 1:-1] += rng.uniform(0, 0.02, (height, width)).astype(np.float32)

    @staticmethod
    def _wrap(field: FloatArray) -> None:
        field[0, :] = field[-2, :]
        field[-1, :] = field[1, :]
        field[:, 0] = field[:, -2]
        field[:, -1] = field[:, 1]

    @staticmethod
    def _laplacian(field: FloatArray) -> FloatArray:
        neighbours = field[:-2, 1:-1] + field[2:, 1:-1] + field[1:-1, :-2] + field[1:-1, 2:]
        return np.float32(0.25) * neighbours - field[1:-1, 1:-1]

    def step(self, count: int) -> None:
        u, v = self.u, self.v
        for _ in range(count):
            self._wrap(u)
            self._wrap(v)
            uc, vc = u[1:-1, 1:-1], v[1:-1, 1:-1]
            reaction = uc * vc * vc
            du = np.float32(0.8) * self._laplacian(u) - reaction + self.feed * (np.float32(1) - uc)
            dv = np.float32(0.4) * self._laplacian(v) + reaction - (self.feed + self.kill) * vc
            uc += du
            vc += dv

    @property
    def pattern(self) -> FloatArray:
        return self.v[1:-1, 1:-1].copy()


def shade_pattern(field: FloatArray, colours: Sequence[str], relief: float = 6.0) -> FloatArray:
    """Colour a reaction-diffusion field and light it like a glazed relief."""
    t = normalise(field, 1.0, 99.7)
    grad_y, grad_x = gradient(t)
    light = hillshade(grad_y, grad_x, relief, azimuth_deg=300, altitude_deg=50)
    base = palette(colours, t)
    return base * (0.55 + 0.6 * light[..., None])


def morphogenesis(seed: int, colours: Sequence[str], size: tuple[int, int] = HD,
                  steps: int = 5200) -> FloatArray:
    """A Gray-Scott field whose parameters drift across the picture, seen in relief."""
    width, height = size
    factor = 4
    grid_h, grid_w = height // factor, width // factor
    rng = np.random.default_rng(seed)
    mix_a = smoothstep(-0.6, 0.6, spectral_noise(rng, (grid_h, grid_w), scale=grid_w / 2.5))
    mix_b = smoothstep(-0.6, 0.6, spectral_noise(rng, (grid_h, grid_w), scale=grid_w / 3.0))
    presets = (CORAL, MITOSIS, LABYRINTH, SPOTS)
    weights = [(1 - mix_a) * (1 - mix_b), mix_a * (1 - mix_b), (1 - mix_a) * mix_b, mix_a * mix_b]
    feed = sum(w * p.feed for w, p in zip(weights, presets, strict=True))
    kill = sum(w * p.kill for w, p in zip(weights, presets, strict=True))
    model = GrayScott(grid_h, grid_w, np.asarray(feed), np.asarray(kill))
    model.seed(rng, 160, 3)
    model.step(steps)
    return shade_pattern(upscale(model.pattern, factor), colours)


@dataclass(frozen=True)
class MosaicStyle:
    seed: int
    colours: tuple[str, ...]
    cell: float
    warp: float
    grout: str
    regions: float  # size of the colour territories, in pixels
    outer_cell: float = 0.0  # a second, coarser tessellation drawn as borders


def worley(x: FloatArray, y: FloatArray, cell: float, rng: Rng) -> tuple[FloatArray, FloatArray, IntArray]:
    """Distances to the nearest and second-nearest jittered-grid seeds, and the nearest's id."""
    gx, gy = x / cell, y / cell
    ix, iy = np.floor(gx).astype(np.int64), np.floor(gy).astype(np.int64)
    margin = 3
    x_min, y_min = int(ix.min()) - margin, int(iy.min()) - margin
    cols, rows = int(ix.max()) - x_min + 2 * margin, int(iy.max()) - y_min + 2 * margin
    jitter = rng.uniform(0.05, 0.95, (rows, cols, 2))
    first = np.full(x.shape, np.inf)
    second = np.full(x.shape, np.inf)
    nearest = np.zeros(x.shape, dtype=np.int64)
    for dy in range(-2, 3):
        for dx in range(-2, 3):
            cx, cy = ix + dx, iy + dy
            jx = jitter[cy - y_min, cx - x_min, 0]
            jy = jitter[cy - y_min, cx - x_min, 1]
            distance = np.hypot(cx + jx - gx, cy + jy - gy)
            closer = distance < first
            second = np.where(closer, first, np.minimum(second, distance))
            nearest = np.where(closer, (cy - y_min) * cols + (cx - x_min), nearest)
            first = np.where(closer, distance, first)
    return first * cell, second * cell, nearest


def voronoi_mosaic(style: MosaicStyle, size: tuple[int, int] = HD) -> FloatArray:
    """Tesserae of a warped Voronoi diagram, coloured by territory, set in grout."""
    width, height = size
    rng = np.random.default_rng(style.seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    if style.warp:
        warp_scale = max(style.cell * 8, 240.0)
        x = x + style.warp * spectral_noise(rng, (height, width), scale=warp_scale)
        y = y + style.warp * spectral_noise(rng, (height, width), scale=warp_scale)
    first, second, cell_id = worley(x, y, style.cell, rng)
    territory = normalise(spectral_noise(rng, (height, width), scale=style.regions))
    # Colour each tessera by the territory at its pixels' mean (one colour per cell).
    sums = np.bincount(cell_id.ravel(), territory.ravel())
    counts = np.bincount(cell_id.ravel())
    cell_tone = (sums / np.maximum(counts, 1))[cell_id]
    cell_jitter = rng.normal(0, 0.05, counts.size)[cell_id]
    quantised = np.round(np.clip(cell_tone + cell_jitter, 0, 1) * 7) / 7
    base = palette(style.colours, quantised)
    glaze = 0.82 + 0.18 * (1 - smoothstep(0.0, style.cell * 0.9, first))
    sparkle = 1.0 + rng.normal(0, 0.035, counts.size)[cell_id]
    image = base * (glaze * sparkle)[..., None]
    edge = (second - first) / 2
    grout_alpha = 1.0 - smoothstep(0.6, 1.8, edge)
    if style.outer_cell:
        outer_first, outer_second, _ = worley(x, y, style.outer_cell, rng)
        outer_edge = (outer_second - outer_first) / 2
        grout_alpha = np.maximum(grout_alpha, 1.0 - smoothstep(1.6, 3.2, outer_edge))
    grout = rgb(style.grout) * vignette(width, height, 0.2)[..., None]
    return image * (1 - grout_alpha[..., None]) + grout * grout_alpha[..., None]


JURISDICTIONS = (
    MosaicStyle(seed=11, colours=("#23395B", "#406E8E", "#8EA8C3", "#CBD2C6", "#D9A441"),
                cell=26.0, warp=14.0, grout="#0C0F14", regions=700.0),
    MosaicStyle(seed=12, colours=("#3D2B3D", "#7C4D5A", "#C77D61", "#E9C46A", "#EFE3C8"),
                cell=70.0, warp=40.0, grout="#120D0F", regions=900.0),
    MosaicStyle(seed=13, colours=("#1B3A34", "#2F6B5E", "#7FB28F", "#D8E2B8", "#E0A458"),
                cell=18.0, warp=10.0, grout="#0A0F0D", regions=600.0, outer_cell=210.0),
)


def imagined_coast(seed: int, size: tuple[int, int]) -> npt.NDArray[np.uint8]:
    """A chart of an island that does not exist: fractal terrain, contours and soundings.

    Made large, for deep zoom: smooth relief carries crisp one-pixel contour
    lines every few dozen pixels, so every part of it stays sharp when
    magnified yet compresses well.  Rendered in strips to bound memory.
    """
    width, height = size
    rng = np.random.default_rng(seed)
    terrain = spectral_noise(rng, (height, width), beta=3.4, scale=16.0)
    y = np.linspace(-1, 1, height, dtype=np.float32)[:, None]
    x = np.linspace(-1, 1, width, dtype=np.float32)[None, :]
    island = np.exp(-((x + 0.12) ** 2 * 2.2 + (y + 0.05) ** 2 * 3.0)).astype(np.float32)
    islets = np.exp(-((x - 0.72) ** 2 * 14 + (y - 0.45) ** 2 * 18)).astype(np.float32)
    terrain += np.float32(2.4) * island + np.float32(1.4) * islets
    terrain -= np.float32(np.quantile(terrain[::8, ::8], 0.6))
    terrain *= np.float32(1.0 / float(terrain.std()))
    grad_y, grad_x = gradient(terrain)
    steepness = float(np.median(np.hypot(grad_x[::8, ::8], grad_y[::8, ::8])))
    contour = np.float32(12.0 * steepness)  # thin contours a few dozen pixels apart
    relief = 0.35 / steepness
    peak = float(terrain.max())
    paper = rgb("#E6E0D2").astype(np.float32)
    ink = rgb("#3B2E22").astype(np.float32)
    sounding = rgb("#A9CFD6").astype(np.float32)
    chart = np.empty((height, width, 3), dtype=np.uint8)
    strip = 500
    for top in range(0, height, strip):
        rows = slice(top, min(top + strip, height))
        z, gy, gx = terrain[rows], grad_y[rows], grad_x[rows]
        land = z > 0
        land_colour = palette(("#7D8B62", "#A39F72", "#B99D72", "#94775D", "#DAD3C5"),
                              np.clip(z / np.float32(peak * 0.9), 0, 1))
        shade = hillshade(gy, gx, relief)[..., None]
        sea_colour = palette(("#3F7F8C", "#24566B", "#163A50", "#0E2638"),
                             np.clip(-z / np.float32(1.8), 0, 1))
        image = np.where(land[..., None], land_colour * (0.55 + 0.6 * shade), sea_colour)
        lines = (
            (contour_alpha(z, float(contour), 1.1, gy, gx) * land * np.float32(0.55), ink),
            (contour_alpha(z, float(contour) * 5, 1.8, gy, gx) * land * np.float32(0.75), ink),
            (contour_alpha(z, float(contour) * 1.5, 1.0, gy, gx) * ~land * np.float32(0.4),
             sounding),
            (contour_alpha(z, 1e6, 3.0, gy, gx), rgb("#1A1410").astype(np.float32)),
        )
        for alpha, colour in lines:
            image = image * (1 - alpha[..., None]) + colour * alpha[..., None]
        chart[rows] = (np.clip(image, 0, 1) * 255 + 0.5).astype(np.uint8)
    del terrain, grad_x, grad_y

    # A graticule and sounding marks: regular fine detail across the open sea.
    spacing = width // 16
    graticule = (np.float32(0.55) * paper * 255).astype(np.uint8)
    for offset in range(spacing // 2, width, spacing):
        chart[:, offset] = chart[:, offset] // 2 + graticule // 2
    for offset in range(spacing // 2, height, spacing):
        chart[offset, :] = chart[offset, :] // 2 + graticule // 2
    marks = np.argwhere(rng.uniform(0, 1, (height // 40, width // 40)) < 0.12) * 40 + 20
    for row, col in marks:
        if chart[row, col, 2] > chart[row, col, 0] + 20:  # only where the sea is
            chart[row - 3 : row + 4, col] = (sounding * 235).astype(np.uint8)
            chart[row, col - 3 : col + 4] = (sounding * 235).astype(np.uint8)
    border = 60
    chart[:border], chart[-border:] = (paper * 255).astype(np.uint8), (paper * 255).astype(np.uint8)
    chart[:, :border], chart[:, -border:] = (paper * 255).astype(np.uint8), (paper * 255).astype(np.uint8)
    frame_ink = (rgb("#1A1410") * 255).astype(np.uint8)
    chart[border - 6 : border - 2, border - 6 : width - border + 6] = frame_ink
    chart[height - border + 2 : height - border + 6, border - 6 : width - border + 6] = frame_ink
    chart[border - 6 : height - border + 6, border - 6 : border - 2] = frame_ink
    chart[border - 6 : height - border + 6, width - border + 2 : width - border + 6] = frame_ink
    return chart


@dataclass(frozen=True)
class WorldStyle:
    seed: int
    terrain: tuple[str, ...]
    sky: tuple[str, str, str]
    water: str
    sea_fraction: float  # share of the world under water
    roughness: float = 0.85
    yaw_deg: float = 0.0
    sun_azimuth: float = 300.0
    relief: float = 240.0
    camera: tuple[float, float] = (0.5, 0.15)  # position, as fractions of the world's side


def blur(field: FloatArray, passes: int) -> FloatArray:
    for _ in range(passes):
        field = (np.roll(field, 1, 0) + np.roll(field, -1, 0) + 2 * field) / 4
        field = (np.roll(field, 1, 1) + np.roll(field, -1, 1) + 2 * field) / 4
    return field


def landscape(style: WorldStyle, size: tuple[int, int] = HD, supersample: int = 2) -> FloatArray:
    """A game-style voxel-space view over a diamond-square world, with water, haze and sky."""
    width, height = size[0] * supersample, size[1] * supersample
    rng = np.random.default_rng(style.seed)
    world = blur(diamond_square(rng, 11, style.roughness), 3) ** 1.4
    side = world.shape[0]
    sea = float(np.quantile(world, style.sea_fraction))
    terrain_height = np.maximum(world, sea) * style.relief
    grad_y, grad_x = gradient(world * style.relief)
    light = hillshade(grad_y, grad_x, 2.0, azimuth_deg=style.sun_azimuth, altitude_deg=30.0)
    land_t = np.clip((world - sea) / (world.max() - sea), 0, 1) ** 0.8
    texture = palette(style.terrain, land_t) * (0.25 + 0.95 * light[..., None])
    underwater = np.clip((sea - world) / 0.1, 0, 1)[..., None]
    texture = np.where((world < sea)[..., None], rgb(style.water) * (1.1 - 0.5 * underwater),
                       texture)

    horizon_colour, mid_colour, zenith_colour = (rgb(c) for c in style.sky)
    horizon_row = 0.34 * height
    focal = width / 2 / math.tan(math.radians(35))
    yaw = math.radians(style.yaw_deg)
    forward = np.array([math.sin(yaw), math.cos(yaw)])
    right = np.array([math.cos(yaw), -math.sin(yaw)])
    cam = np.array([side * style.camera[0], side * style.camera[1]])
    near = terrain_height[int(cam[1]) : int(cam[1]) + 300, int(cam[0]) - 300 : int(cam[0]) + 300]
    cam_height = max(float(np.quantile(terrain_height, 0.9)), float(near.max())) + 30.0

    depths = np.geomspace(3.0, side * 1.4, 1800)
    columns = (np.arange(width) - width / 2) / focal
    wx = cam[0] + depths[:, None] * (forward[0] + columns[None, :] * right[0])
    wy = cam[1] + depths[:, None] * (forward[1] + columns[None, :] * right[1])
    wx = np.abs(np.mod(wx, 2 * (side - 1)) - (side - 1))  # mirror-tile the world
    wy = np.abs(np.mod(wy, 2 * (side - 1)) - (side - 1))
    sample_height = sample_bilinear(terrain_height, wx, wy)
    sample_colour = sample_bilinear(texture, wx, wy)
    screen_y = horizon_row - (sample_height - cam_height) / depths[:, None] * focal
    haze = (1 - np.exp(-((depths / (side * 0.7)) ** 1.4)))[:, None, None]
    sample_colour = sample_colour * (1 - haze) + horizon_colour * haze

    # Front-to-back: a pixel shows the nearest sample whose top reaches above it.
    reach = np.minimum.accumulate(screen_y, axis=0)
    rows = np.arange(height, dtype=np.float64)
    visible = np.empty((height, width), dtype=np.int64)
    for column in range(width):
        visible[:, column] = np.searchsorted(-reach[:, column], -rows, side="left")
    sky_t = np.clip(rows / horizon_row, 0, 1)[:, None]
    sky = np.where(sky_t < 0.5,
                   zenith_colour * (1 - 2 * sky_t) + mid_colour * (2 * sky_t),
                   mid_colour * (2 - 2 * sky_t) + horizon_colour * (2 * sky_t - 1))
    sky_image = np.broadcast_to(sky[:, None, :], (height, width, 3))
    hit = visible < len(depths)
    image = np.where(
        hit[..., None],
        sample_colour[np.minimum(visible, len(depths) - 1), np.arange(width)[None, :]],
        sky_image,
    )
    return downsample(image, supersample)


WORLDS = (
    WorldStyle(seed=71, terrain=("#C9B38A", "#B08D5B", "#8C6A43", "#6B4E35", "#E8DCC4"),
               sky=("#F1C98B", "#D98B5F", "#3B3552"), water="#2F5D6B", sea_fraction=0.08,
               sun_azimuth=250.0),
    WorldStyle(seed=72, terrain=("#4F6B3A", "#6E8B4E", "#8A8F6A", "#9C9C9C", "#F4F4F0"),
               sky=("#DCE6EA", "#9DB8CC", "#2E4C6D"), water="#2C5C74", sea_fraction=0.3,
               yaw_deg=25.0, relief=300.0),
    WorldStyle(seed=73, terrain=("#C2B280", "#5D8C55", "#3E6E4E", "#8FAE6A", "#EAE2C6"),
               sky=("#FFB38A", "#B5698C", "#1C1F3A"), water="#1F3F5B", sea_fraction=0.55,
               yaw_deg=25.0, sun_azimuth=200.0, camera=(0.22, 0.05)),
)


def search_space(seed: int, size: tuple[int, int] = HD, particles: int = 2600) -> FloatArray:
    """Thousands of searchers walking downhill on a cost landscape until they settle.

    A picture of how machines explore a space of possible designs.
    """
    width, height = size
    rng = np.random.default_rng(seed)
    cost = spectral_noise(rng, (height, width), scale=320.0) + 0.2 * spectral_noise(
        rng, (height, width), scale=120.0)
    grad_y, grad_x = gradient(cost)
    t = normalise(cost)
    image = palette(("#081520", "#0F2A3B", "#1A4756", "#2F6466", "#5E8C80"), t)
    image *= (0.75 + 0.35 * hillshade(grad_y, grad_x, 120.0)[..., None])
    lines = contour_alpha(cost, 0.2, 1.0, grad_y, grad_x) * 0.18
    image = image * (1 - lines[..., None]) + rgb("#CFE3DC") * lines[..., None]

    canvas = Canvas(width, height)
    x = rng.uniform(0, width, particles)
    y = rng.uniform(0, height, particles)
    steps = 420
    trail_colour = palette(("#D9A441", "#F3E6C4"), rng.uniform(0, 1, particles))
    for step in range(steps):
        gx = sample_bilinear(grad_x, x, y)
        gy = sample_bilinear(grad_y, x, y)
        norm = np.hypot(gx, gy) + 1e-9
        weight = np.full(particles, 0.15 + 0.85 * step / steps)
        canvas.deposit(x, y, weight, trail_colour)
        x = np.clip(x - 0.9 * gx / norm, 0, width - 1.001)
        y = np.clip(y - 0.9 * gy / norm, 0, height - 1.001)
    return canvas.render(image, 1.1)


def harmonograph(seed: int, size: tuple[int, int], colours: Sequence[str],
                 paper: tuple[str, str]) -> FloatArray:
    """The trace of a simulated pendulum drawing machine, slowly losing energy."""
    width, height = size
    rng = np.random.default_rng(seed)
    count = 3_000_000
    t = np.linspace(0, 200, count)
    pairs = ((2.0, 3.0), (3.0, 2.0), (3.0, 4.0), (1.0, 3.0), (2.0, 1.0), (4.0, 3.0))
    x_ratios = pairs[int(rng.integers(len(pairs)))]
    y_ratios = pairs[int(rng.integers(len(pairs)))]
    axes = []
    for ratios in (x_ratios, y_ratios):
        trace = np.zeros(count)
        for ratio, amplitude in zip(ratios, (1.0, rng.uniform(0.4, 0.9)), strict=True):
            frequency = ratio * (1 + rng.normal(0, 0.003))
            phase = rng.uniform(0, 2 * np.pi)
            decay = rng.uniform(0.004, 0.01)
            trace += amplitude * np.sin(frequency * t + phase) * np.exp(-decay * t)
        axes.append(trace)
    x, y = axes
    radius = 0.44 * min(width, height) / max(np.abs(x).max(), np.abs(y).max())
    canvas = Canvas(width, height)
    colour = palette(colours, t / t.max())
    canvas.deposit(width / 2 + x * radius, height / 2 + y * radius,
                   np.full(count, 0.3), colour)
    return canvas.render(ground(width, height, *paper), 1.4)


def ripples(seed: int, colours: Sequence[str], size: tuple[int, int] = HD) -> FloatArray:
    """Rings of waves from a few sources crossing one another: ideas spreading outward."""
    width, height = size
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    image = ground(width, height, colours[0], colours[1], 0.4)
    sources = 4
    for index in range(sources):
        cx, cy = rng.uniform(0.1, 0.9) * width, rng.uniform(0.15, 0.85) * height
        wavelength = rng.uniform(48, 80)
        r = np.hypot(x - cx, y - cy)
        phase = r / np.float32(wavelength)
        distance = np.abs(phase - np.round(phase)) * np.float32(wavelength)
        line = np.clip(np.float32(1.6) - distance, 0, 1) * np.exp(-r / np.float32(0.8 * width))
        colour = palette(colours[2:], np.array(index / (sources - 1)))
        alpha = (0.85 * line)[..., None]
        image = image * (1 - alpha) + colour * alpha
    return image


def superformula(theta: FloatArray, m: FloatArray, n1: FloatArray, n2: FloatArray,
                 n3: FloatArray) -> FloatArray:
    part = (np.abs(np.cos(m * theta / 4)) ** n2 + np.abs(np.sin(m * theta / 4)) ** n3)
    return np.asarray(part ** (-1 / n1))


def marks(seed: int, size: tuple[int, int] = HD) -> FloatArray:
    """A wall of machine-drawn emblems; one in the accent colour stands out."""
    width, height = size
    rng = np.random.default_rng(seed)
    columns, rows = 12, 7
    pitch = width / columns
    top = (height - rows * pitch) / 2
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    col = np.clip((x // pitch).astype(np.int64), 0, columns - 1)
    row = np.clip(((y - top) // pitch).astype(np.int64), 0, rows - 1)
    cell = row * columns + col
    count = rows * columns
    m = rng.choice([3, 4, 5, 6, 7, 8], count).astype(np.float64)
    n1 = rng.uniform(0.15, 1.3, count)
    n2 = rng.uniform(0.2, 1.8, count)
    n3 = np.where(rng.uniform(0, 1, count) < 0.5, n2, rng.uniform(0.2, 1.8, count))
    spin = rng.uniform(0, np.pi, count)
    ring = rng.uniform(0, 1, count) < 0.45
    hole = rng.uniform(0, 1, count) < 0.4
    angles = np.linspace(0, 2 * np.pi, 720)[None, :]
    reach = superformula(angles, m[:, None], n1[:, None], n2[:, None], n3[:, None]).max(axis=1)
    dx = x - (col + 0.5) * pitch
    dy = y - (top + (row + 0.5) * pitch)
    radius = np.hypot(dx, dy) / (0.34 * pitch)
    theta = np.arctan2(dy, dx) + spin[cell]
    outline = superformula(theta, m[cell], n1[cell], n2[cell], n3[cell]) / reach[cell]
    edge = 1.0 / (0.34 * pitch)  # one pixel, in units of the emblem's radius
    shape = 1 - smoothstep(-edge, edge, radius - outline)
    shape *= 1 - hole[cell] * (1 - smoothstep(-edge, edge, radius - 0.45 * outline))
    ring_alpha = (1 - smoothstep(0.0, edge, np.abs(radius - 1.3) - 0.035)) * ring[cell]
    ink = np.clip(shape + ring_alpha, 0, 1)
    inside = (y >= top) & (y < top + rows * pitch)
    ink *= inside
    chosen = int(rng.integers(count))
    colour = np.where((cell == chosen)[..., None], rgb(THEME_ACCENT), rgb("#D8D2C4"))
    paper = ground(width, height, "#161B22", "#0D1117", 0.3)
    return paper * (1 - ink[..., None]) + colour * ink[..., None]


def ledger(seed_text: str, size: tuple[int, int] = HD) -> FloatArray:
    """A chain of blocks: each one shows the 256 bits of a SHA-256 digest of the one before."""
    width, height = size
    image = ground(width, height, "#111821", "#0A0F15", 0.3)
    columns, rows = 8, 4
    block = 16 * 10  # 16×16 bits, 10 px each
    gap_x = (width - columns * block) / (columns + 1)
    gap_y = (height - rows * block) / (rows + 1)
    digest = hashlib.sha256(seed_text.encode()).digest()
    link_colour = rgb("#5D6B7A")
    for index in range(columns * rows):
        row, position = divmod(index, columns)
        column = position if row % 2 == 0 else columns - 1 - position  # a snaking chain
        left = int(gap_x + column * (block + gap_x))
        top = int(gap_y + row * (block + gap_y))
        bits = np.unpackbits(np.frombuffer(digest, dtype=np.uint8)).reshape(16, 16)
        tint = palette(("#2E5E7E", "#6FA7A0", "#E8D8B0"), np.array(digest[0] / 255.0))
        if index == columns * rows - 1:
            tint = rgb(THEME_ACCENT)
        cells = np.kron(bits, np.ones((10, 10)))
        inset = np.zeros((10, 10))
        inset[1:-1, 1:-1] = 1
        cells *= np.kron(np.ones((16, 16)), inset)
        region = image[top : top + block, left : left + block]
        region[:] = region * (1 - cells[..., None] * 0.92) + tint * cells[..., None] * 0.92
        frame = np.ones((block + 12, block + 12), dtype=bool)
        frame[3:-3, 3:-3] = False
        image[top - 6 : top + block + 6, left - 6 : left + block + 6][frame] = tint * 0.8
        if index < columns * rows - 1:
            mid_y = top + block // 2
            if position < columns - 1:
                step = 1 if row % 2 == 0 else -1
                start = left + block + 6 if step > 0 else int(left - gap_x) + 6
                image[mid_y - 2 : mid_y + 2, start : start + int(gap_x) - 12] = link_colour
            else:
                mid_x = left + block // 2
                image[top + block + 6 : int(top + block + gap_y) - 6, mid_x - 2 : mid_x + 2] = link_colour
        digest = hashlib.sha256(digest).digest()
    return image


def logo(size: int = 512) -> FloatArray:
    """The exhibition's mark: a ring of rays of machine-chosen lengths around a still centre."""
    rng = np.random.default_rng(2020)
    y, x = np.mgrid[0:size, 0:size].astype(np.float64)
    supersample = 3
    y = (y[:, :, None, None] + (np.arange(supersample)[:, None] + 0.5) / supersample - 0.5)
    x = (x[:, :, None, None] + (np.arange(supersample)[None, :] + 0.5) / supersample - 0.5)
    dx, dy = x - size / 2 + 0.5, y - size / 2 + 0.5
    radius = np.hypot(dx, dy) / (size / 2)
    angle = np.mod(np.arctan2(dy, dx) + np.pi / 2, 2 * np.pi)
    rays = 36
    index = np.floor(angle / (2 * np.pi / rays)).astype(np.int64)
    centre_angle = (index + 0.5) * 2 * np.pi / rays
    lengths = 0.62 + 0.34 * rng.uniform(0, 1, rays) ** 1.5
    across = np.abs(np.sin(angle - centre_angle)) * radius
    ray = (across < 0.022) & (radius > 0.42) & (radius < lengths[index])
    disc = radius < 0.26
    accent = ray & (index % 9 == 0)
    alpha = (ray | disc).mean(axis=(2, 3))
    accent_share = accent.mean(axis=(2, 3)) / np.maximum(alpha, 1e-9)
    colour = (rgb(THEME_FOREGROUND) * (1 - accent_share[..., None])
              + rgb(THEME_ACCENT) * accent_share[..., None])
    disc_share = disc.mean(axis=(2, 3)) / np.maximum(alpha, 1e-9)
    colour = colour * (1 - disc_share[..., None]) + rgb(THEME_ACCENT) * disc_share[..., None]
    return np.concatenate([colour, alpha[..., None]], axis=2)


def sessions_diagram() -> str:
    """A wordless SVG: stakeholders around a shared question, one ring per session."""
    rng = np.random.default_rng(1909)
    width, height, cx, cy = 1600, 1000, 800, 500
    groups = ("#6FA7A0", "#8EA8C3", "#C77D61", "#E8D8B0")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">',
        f'<rect width="{width}" height="{height}" fill="{THEME_BACKGROUND}"/>',
    ]
    rings = (190.0, 300.0, 410.0)
    for ring_index, ring_radius in enumerate(rings):
        parts.append(
            f'<ellipse cx="{cx}" cy="{cy}" rx="{ring_radius * 1.45:.0f}" ry="{ring_radius:.0f}" '
            f'fill="none" stroke="#3A4452" stroke-width="2" '
            f'stroke-dasharray="{4 + 4 * ring_index} 10"/>'
        )
    points: list[tuple[float, float, str]] = []
    for ring_index, ring_radius in enumerate(rings):
        count = 14 + 10 * ring_index
        offsets = rng.uniform(0, 2 * np.pi / count, count)
        for k in range(count):
            theta = 2 * np.pi * k / count + offsets[k]
            group = groups[int(theta / (np.pi / 2)) % 4]
            px = cx + ring_radius * math.cos(theta) * 1.45
            py = cy + ring_radius * math.sin(theta)
            points.append((px, py, group))
    for px, py, group in points:
        parts.append(
            f'<line x1="{px:.1f}" y1="{py:.1f}" x2="{cx}" y2="{cy}" stroke="{group}" '
            f'stroke-opacity="0.18" stroke-width="1.5"/>'
        )
    for px, py, group in points:
        parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="9" fill="{group}"/>')
    parts.append(f'<circle cx="{cx}" cy="{cy}" r="70" fill="{THEME_ACCENT}"/>')
    parts.append(f'<circle cx="{cx}" cy="{cy}" r="40" fill="{THEME_BACKGROUND}"/>')
    parts.append(f'<circle cx="{cx}" cy="{cy}" r="16" fill="{THEME_FOREGROUND}"/>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


# --------------------------------------------------------------------------
# Music
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Note:
    start: float  # seconds
    duration: float  # seconds
    pitch: int  # MIDI note number
    velocity: float  # 0..1
    voice: str


Localised = dict[str, str]
Cue = tuple[float, float, Localised]

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
    length: float  # seconds, including the final ring-out
    cues: list[Cue]


NOCTURNE_CUES: dict[str, Localised] = {
    "intro": {
        "en": "[soft piano chords, slow and quiet]",
        "fr": "[accords de piano doux, lents et calmes]",
        "ar": "[تآلفات بيانو ناعمة، بطيئة وهادئة]",
        "es": "[acordes suaves de piano, lentos y tranquilos]",
    },
    "theme": {
        "en": "[a gentle melody enters, moving mostly in small steps]",
        "fr": "[une mélodie douce entre, surtout par petits intervalles]",
        "ar": "[يدخل لحن رقيق يتحرك غالباً بخطوات صغيرة]",
        "es": "[entra una melodía suave que avanza casi siempre a pasos cortos]",
    },
    "answer": {
        "en": "[the melody wanders, pausing on notes of each chord]",
        "fr": "[la mélodie vagabonde et se pose sur les notes de chaque accord]",
        "ar": "[يتجول اللحن ويتوقف عند نغمات كل تآلف]",
        "es": "[la melodía deambula y se detiene en notas de cada acorde]",
    },
    "rise": {
        "en": "[the melody moves an octave higher; a deep bass note joins each chord]",
        "fr": "[la mélodie monte d'une octave ; une basse profonde rejoint chaque accord]",
        "ar": "[يرتفع اللحن أوكتافاً كاملاً، وتنضم نغمة جهيرة عميقة إلى كل تآلف]",
        "es": "[la melodía sube una octava; un bajo profundo acompaña cada acorde]",
    },
    "close": {
        "en": "[the melody falls silent; slow closing chords]",
        "fr": "[la mélodie se tait ; lents accords de conclusion]",
        "ar": "[يصمت اللحن، وتُعزف تآلفات ختامية بطيئة]",
        "es": "[la melodía calla; lentos acordes finales]",
    },
    "end": {
        "en": "[the last chord rings on and fades to silence]",
        "fr": "[le dernier accord résonne puis s'éteint]",
        "ar": "[يرنّ التآلف الأخير ثم يتلاشى في الصمت]",
        "es": "[el último acorde resuena y se apaga en silencio]",
    },
}


def compose_nocturne() -> Composition:
    """'Markov Nocturne': broken piano chords in A minor, a Markov melody over them."""
    rng = np.random.default_rng(72)
    beat = 60.0 / 72
    bar = 4 * beat
    progression = ("Am", "F", "C", "G", "Am", "F", "Dm", "E",
                   "Am", "F", "C", "G", "Dm", "E", "Am")
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
    cues: list[Cue] = [
        (0.0, 2 * bar, NOCTURNE_CUES["intro"]),
        (2 * bar, 5 * bar, NOCTURNE_CUES["theme"]),
        (5 * bar, 8 * bar, NOCTURNE_CUES["answer"]),
        (8 * bar, 12 * bar, NOCTURNE_CUES["rise"]),
        (12 * bar, 14 * bar, NOCTURNE_CUES["close"]),
        (14 * bar, end, NOCTURNE_CUES["end"]),
    ]
    return Composition(notes, end, cues)


CANON_CUES: dict[str, Localised] = {
    "drone": {
        "en": "[a low, steady hum on two notes]",
        "fr": "[un bourdon grave et continu sur deux notes]",
        "ar": "[طنين منخفض ثابت على نغمتين]",
        "es": "[un zumbido grave y constante sobre dos notas]",
    },
    "first": {
        "en": "[bright bell-like notes play a quick, skipping tune]",
        "fr": "[des notes claires comme des cloches jouent un air vif et sautillant]",
        "ar": "[نغمات صافية تشبه الأجراس تعزف لحناً سريعاً متقافزاً]",
        "es": "[notas brillantes como campanas tocan una melodía rápida y saltarina]",
    },
    "second": {
        "en": "[a softer, lower voice, like a wooden marimba, repeats the tune one bar behind]",
        "fr": "[une voix plus douce et plus grave, comme un marimba en bois, "
              "reprend l'air une mesure plus tard]",
        "ar": "[صوت أنعم وأخفض يشبه الماريمبا الخشبية يكرر اللحن متأخراً بمازورة واحدة]",
        "es": "[una voz más suave y grave, como una marimba de madera, repite la melodía un compás después]",
    },
    "together": {
        "en": "[the two voices overlap and answer each other]",
        "fr": "[les deux voix se chevauchent et se répondent]",
        "ar": "[يتداخل الصوتان ويتجاوبان]",
        "es": "[las dos voces se superponen y se responden]",
    },
    "ending": {
        "en": "[the high voice stops; the low one finishes alone, then one bell note rings]",
        "fr": "[la voix aiguë s'arrête ; la grave termine seule, puis une note de cloche résonne]",
        "ar": "[يتوقف الصوت الحاد، ويُكمل الصوت الخفيض وحده، ثم ترنّ نغمة جرس واحدة]",
        "es": "[la voz aguda se detiene; la grave termina sola y luego suena una campana]",
    },
    "silence": {
        "en": "[the hum fades away]",
        "fr": "[le bourdon s'estompe]",
        "ar": "[يتلاشى الطنين]",
        "es": "[el zumbido se desvanece]",
    },
}


def compose_canon() -> Composition:
    """'Canon for Two Machines': a pentatonic Markov line, imitated one bar later."""
    rng = np.random.default_rng(96)
    beat = 60.0 / 96
    bar = 4 * beat
    bars = 14
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
    cues: list[Cue] = [
        (0.0, bar, CANON_CUES["drone"]),
        (bar, 2 * bar, CANON_CUES["first"]),
        (2 * bar, 5 * bar, CANON_CUES["second"]),
        (5 * bar, 10 * bar, CANON_CUES["together"]),
        (10 * bar, 12.5 * bar, CANON_CUES["ending"]),
        (12.5 * bar, end, CANON_CUES["silence"]),
    ]
    return Composition(notes, end, cues)


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


def encode_audio(out: Output, rel: str, stereo: FloatArray) -> str:
    suffix = Path(rel).suffix
    codec = {
        ".ogg": ["-c:a", "libopus", "-b:a", "64k"],
        ".mp3": ["-c:a", "libmp3lame", "-b:a", "96k"],
    }[suffix]
    run_ffmpeg(
        ["-f", "f32le", "-ar", str(SAMPLE_RATE), "-ac", "2", "-i", "-", *codec, *BITEXACT,
         "-map_metadata", "-1", str(out.path(rel))],
        stereo.astype("<f4").tobytes(),
    )
    return rel


def timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def write_captions(out: Output, stem: str, cues: Sequence[Cue]) -> list[str]:
    """One WebVTT file per language: ``{stem}.{lang}.vtt``."""
    written = []
    for language in LANGUAGES:
        lines = ["WEBVTT", ""]
        for number, (start, end, text) in enumerate(cues, 1):
            lines += [str(number), f"{timestamp(start)} --> {timestamp(end)}", text[language], ""]
        written.append(save_text(out, f"{stem}.{language}.vtt", "\n".join(lines)))
    return written


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
    beat = 60.0 / 72
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


# --------------------------------------------------------------------------
# Video
# --------------------------------------------------------------------------


class VideoWriter:
    """Streams RGB frames into ffmpeg, which muxes them with a WAV soundtrack."""

    def __init__(self, path: Path, audio: Path, size: tuple[int, int] = VIDEO_SIZE,
                 fps: int = VIDEO_FPS) -> None:
        width, height = size
        command = ffmpeg_command([
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}",
            "-r", str(fps), "-i", "-", "-i", str(audio),
            "-c:v", "libx264", "-preset", "slow", "-crf", "24", "-pix_fmt", "yuv420p",
            "-profile:v", "high", "-level", "4.0", "-g", str(fps * 2),
            "-c:a", "aac", "-b:a", "96k", "-shortest", "-movflags", "+faststart",
            "-map_metadata", "-1", *BITEXACT, str(path),
        ])
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE)  # noqa: S603 (own arguments)
        if self.process.stdin is None:
            raise RuntimeError("could not open a pipe to ffmpeg")
        self.stdin = self.process.stdin

    def write(self, frame: FloatArray) -> None:
        self.stdin.write(to_bytes(frame))

    def close(self) -> None:
        self.stdin.close()
        if self.process.wait() != 0:
            raise RuntimeError("ffmpeg failed to encode the video")


def write_wav(path: Path, stereo: FloatArray) -> None:
    run_ffmpeg(["-f", "f32le", "-ar", str(SAMPLE_RATE), "-ac", "2", "-i", "-",
                "-c:a", "pcm_s16le", str(path)], stereo.astype("<f4").tobytes())


GROWTH_SECONDS = 16.0
GROWTH_CUES: list[Cue] = [
    (0.0, 3.5, {
        "en": "[quiet electronic tones]\nA few drops of two virtual chemicals.",
        "fr": "[sons électroniques discrets]\nQuelques gouttes de deux produits chimiques virtuels.",
        "ar": "[نغمات إلكترونية هادئة]\nبضع قطرات من مادتين كيميائيتين افتراضيتين.",
        "es": "[tonos electrónicos suaves]\nUnas gotas de dos sustancias químicas virtuales.",
    }),
    (3.5, 7.5, {
        "en": "Two simple rules say how they spread and how they react.",
        "fr": "Deux règles simples disent comment elles se diffusent et réagissent.",
        "ar": "قاعدتان بسيطتان تحددان كيف تنتشران وكيف تتفاعلان.",
        "es": "Dos reglas sencillas dicen cómo se difunden y cómo reaccionan.",
    }),
    (7.5, 11.5, {
        "en": "Nobody drew this pattern. It grows by itself.",
        "fr": "Personne n'a dessiné ce motif. Il pousse tout seul.",
        "ar": "لم يرسم أحد هذا النمط. إنه ينمو من تلقاء نفسه.",
        "es": "Nadie dibujó este patrón. Crece por sí solo.",
    }),
    (11.5, 15.8, {
        "en": "When a machine finds a new design, who is the inventor?",
        "fr": "Quand une machine trouve une nouvelle solution, qui en est l'inventeur ?",
        "ar": "عندما تتوصل آلة إلى تصميم جديد، فمن هو المخترع؟",
        "es": "Cuando una máquina encuentra un diseño nuevo, ¿quién es el inventor?",
    }),
]


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


MURMURATION_SECONDS = 16.0
MURMURATION_CUES: list[Cue] = [
    (0.0, 4.0, {
        "en": "[wind and soft plucked notes]\nSix hundred virtual birds. Each one follows three rules.",
        "fr": "[vent et notes pincées douces]\nSix cents oiseaux virtuels. Chacun suit trois règles.",
        "ar": "[ريح ونغمات نقر ناعمة]\nستمائة طائر افتراضي، يتبع كل منها ثلاث قواعد.",
        "es": "[viento y suaves notas punteadas]\nSeiscientos pájaros virtuales. Cada uno sigue tres reglas.",
    }),
    (4.0, 8.0, {
        "en": "Stay close to the others. Keep a little space. Fly the way your neighbours fly.",
        "fr": "Rester près des autres. Garder un peu d'espace. Voler comme ses voisins.",
        "ar": "ابقَ قريباً من الآخرين. حافظ على مسافة صغيرة. طِر كما يطير جيرانك.",
        "es": "Quedarse cerca de los demás. Guardar un poco de espacio. Volar como los vecinos.",
    }),
    (8.0, 12.0, {
        "en": "Film and game studios use rules like these to animate flocks, crowds and armies.",
        "fr": "Les studios de cinéma et de jeux vidéo animent ainsi nuées, foules et armées.",
        "ar": "تستخدم استوديوهات السينما والألعاب قواعد كهذه لتحريك الأسراب والحشود والجيوش.",
        "es": "Los estudios de cine y videojuegos animan así bandadas, multitudes y ejércitos.",
    }),
    (12.0, 15.8, {
        "en": "Every frame of this film was computed, not drawn.",
        "fr": "Chaque image de ce film a été calculée, pas dessinée.",
        "ar": "كل لقطة في هذا الفيلم حُسبت ولم تُرسم.",
        "es": "Cada fotograma de esta película se calculó, no se dibujó.",
    }),
]


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


# --------------------------------------------------------------------------
# Tasks: one per group of outputs, so that --only and --jobs can pick them
# --------------------------------------------------------------------------


def task_theme(out: Output) -> list[str]:
    return [save_image(out, "media/logo.png", logo())]


def task_introduction(out: Output) -> list[str]:
    colours = ("#0E1A24", "#1F4E5F", "#6FA7A0", "#E8D8B0", "#D9A441")
    cover = flow_field(FlowStyle(seed=7, colours=("#2E5E7E", "#6FA7A0", "#D9A441"),
                                 paper=("#121820", "#0A0E13"), particles=3500, density=0.7))
    return [
        save_image(out, "media/introduction/morphogenesis.jpg", morphogenesis(1, colours)),
        save_image(out, "covers/introduction.jpg", cover, quality=4),
    ]


def task_ip_policy(out: Output) -> list[str]:
    written = [save_text(out, "media/ip-policy/conversation-sessions.svg", sessions_diagram())]
    for number, style in enumerate(JURISDICTIONS, 1):
        written.append(save_image(out, f"media/ip-policy/jurisdictions-{number}.jpg",
                                  voronoi_mosaic(style)))
    cover = MosaicStyle(seed=19, colours=("#1B2633", "#2B3F55", "#4F6D8A", "#8EA8C3"),
                        cell=48.0, warp=30.0, grout="#0C1016", regions=800.0)
    written.append(save_image(out, "covers/ip-policy.jpg", voronoi_mosaic(cover), quality=4))
    return written


def task_art_flow(out: Output) -> list[str]:
    written = []
    for number, style in enumerate(FLOW_STUDIES, 1):
        written.append(save_image(out, f"media/art/flow-study-{number}.jpg", flow_field(style)))
    colours = ("#1A1320", "#4B2E4F", "#A0566B", "#E9A46A", "#F4E3C3")
    written.append(save_image(out, "covers/art.jpg", morphogenesis(2, colours, steps=4200),
                              quality=4))
    return written


def task_art_coast(out: Output) -> list[str]:
    return [save_image(out, "media/art/imagined-coast.jpg",
                       imagined_coast(1492, (8000, 6000)), quality=5)]


def task_music(out: Output) -> list[str]:
    written = []
    nocturne = compose_nocturne()
    written.append(encode_audio(out, "media/music/markov-nocturne.ogg",
                                render(nocturne.notes, nocturne.length, seed=721)))
    written += write_captions(out, "captions/music/markov-nocturne", nocturne.cues)
    written.append(save_image(out, "media/music/markov-nocturne-score.png", piano_roll(nocturne)))
    canon = compose_canon()
    written.append(encode_audio(out, "media/music/canon-for-two-machines.mp3",
                                render(canon.notes, canon.length, seed=961, wet=0.35)))
    written += write_captions(out, "captions/music/canon-for-two-machines", canon.cues)
    square = (1200, 1200)
    written.append(save_image(out, "media/music/markov-nocturne-cover.jpg", harmonograph(
        5, square, ("#2E5E7E", "#6FA7A0", "#E8D8B0"), ("#10161D", "#0A0E12"))))
    written.append(save_image(out, "media/music/canon-for-two-machines-cover.jpg", harmonograph(
        8, square, ("#7A2E3A", "#E9A46A", "#F6E7C8"), ("#171113", "#0C090A"))))
    written.append(save_image(out, "covers/music.jpg", harmonograph(
        12, HD, ("#3C6E91", "#D9A441", "#F3E6C4"), ("#121820", "#0A0E13")), quality=4))
    return written


def task_technology(out: Output) -> list[str]:
    with tempfile.TemporaryDirectory() as work:
        written = growth_video(out, "media/technology/growing-a-pattern.mp4",
                               "media/technology/growing-a-pattern-poster.jpg", Path(work))
    written += write_captions(out, "captions/technology/growing-a-pattern", GROWTH_CUES)
    written.append(save_image(out, "media/technology/search-space.jpg", search_space(42)))
    written.append(save_image(out, "covers/technology.jpg",
                              search_space(43, particles=1200), quality=4))
    return written


def task_entertainment(out: Output) -> list[str]:
    with tempfile.TemporaryDirectory() as work:
        written = murmuration_video(out, "media/entertainment/murmuration.mp4",
                                    "media/entertainment/murmuration-poster.jpg", Path(work))
    written += write_captions(out, "captions/entertainment/murmuration", MURMURATION_CUES)
    for number, style in enumerate(WORLDS, 1):
        written.append(save_image(out, f"media/entertainment/world-{number}.jpg", landscape(style)))
    cover = WorldStyle(seed=74, terrain=("#2B3533", "#465449", "#6B6A58", "#8F8068", "#CFC4AE"),
                       sky=("#E7A77C", "#7B5E7B", "#1A2034"), water="#1B3345", sea_fraction=0.35,
                       sun_azimuth=230.0)
    written.append(save_image(out, "covers/entertainment.jpg", landscape(cover), quality=4))
    return written


def task_topics(out: Output) -> list[str]:
    ripple_colours = ("#121A24", "#0A0F15", "#6FA7A0", "#8EA8C3", "#E8D8B0", "#D9A441")
    cover_colours = ("#141A22", "#0B0F14", "#3C5A78", "#4F6D8A", "#8EA8C3")
    return [
        save_image(out, "media/topics/marks.jpg", marks(9)),
        save_image(out, "media/topics/ledger.webp", ledger("ai-and-ip"), quality=85),
        save_image(out, "media/topics/ripples.jpg", ripples(5, ripple_colours)),
        save_image(out, "covers/topics.jpg", ripples(6, cover_colours), quality=4),
    ]


TASKS: dict[str, tuple[str, Callable[[Output], list[str]]]] = {
    # task name: (part, function); --only selects parts
    "art-coast": ("art", task_art_coast),
    "technology": ("technology", task_technology),
    "entertainment": ("entertainment", task_entertainment),
    "art-flow": ("art", task_art_flow),
    "music": ("music", task_music),
    "ip-policy": ("ip-policy", task_ip_policy),
    "introduction": ("introduction", task_introduction),
    "topics": ("topics", task_topics),
    "theme": ("theme", task_theme),
}
PARTS = sorted({part for part, _ in TASKS.values()})


def run_task(name: str, root: Path) -> tuple[str, list[str], float]:
    started = time.perf_counter()
    written = TASKS[name][1](Output(root))
    return name, written, time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--only", nargs="+", choices=PARTS, metavar="PART",
                        help=f"generate only these parts: {', '.join(PARTS)}")
    parser.add_argument("--out", type=Path, default=BUNDLE, help="bundle folder (default: %(default)s)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                        help="worker processes (default: %(default)s)")
    args = parser.parse_args(argv)
    if shutil.which("ffmpeg") is None:
        print("error: the ffmpeg command is needed (e.g. apt-get install ffmpeg)", file=sys.stderr)
        return 1
    names = [name for name, (part, _) in TASKS.items() if not args.only or part in args.only]
    root: Path = args.out.resolve()
    started = time.perf_counter()

    def report(name: str, written: list[str], seconds: float) -> None:
        for rel in written:
            size = (root / rel).stat().st_size
            shown = f"{size:,} B" if size < 10_240 else f"{size / 1024:,.0f} KiB"
            print(f"wrote {rel} ({shown})")
        print(f"  [{name}: {seconds:.1f} s]", flush=True)

    if args.jobs <= 1:
        for name in names:
            report(*run_task(name, root))
    else:
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            for result in pool.map(run_task, names, [root] * len(names)):
                report(*result)
    print(f"done in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
