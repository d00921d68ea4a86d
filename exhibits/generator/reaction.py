"""Reaction-diffusion (Gray-Scott): two virtual chemicals that grow corals, mazes and spots."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from generator.colour import FloatArray, Rng, normalise, palette, smoothstep, upscale
from generator.common import HD
from generator.fields import gradient, hillshade, spectral_noise


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
