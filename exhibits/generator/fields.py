"""Noise, height fields and the additive canvas that particles draw on."""

from __future__ import annotations

import math

import numpy as np

from generator.colour import FloatArray, Rng


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
