"""Voronoi mosaics: tesserae of a warped diagram, coloured by territory."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from generator.colour import FloatArray, IntArray, Rng, normalise, palette, rgb, smoothstep, vignette
from generator.common import HD
from generator.fields import spectral_noise


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
