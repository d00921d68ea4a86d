"""A sea chart of an island that does not exist, made large for deep zoom."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from generator.colour import palette, rgb
from generator.fields import contour_alpha, gradient, hillshade, spectral_noise


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
