"""Colours and ramps, and the quiet grounds the works sit on."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.floating[Any]]
IntArray = npt.NDArray[np.integer[Any]]
Rng = np.random.Generator


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
