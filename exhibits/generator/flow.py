"""Flow fields: thousands of particles drifting through a smooth angle field."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from generator.colour import FloatArray, Rng, ground, normalise, palette
from generator.common import HD
from generator.fields import Canvas, gradient, spectral_noise


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
