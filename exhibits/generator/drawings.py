"""Single works: a search space, harmonographs, ripples, a wall of marks, a ledger, the logo and a diagram."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence

import numpy as np

from generator.colour import FloatArray, ground, normalise, palette, rgb, smoothstep
from generator.common import HD, THEME_ACCENT, THEME_BACKGROUND, THEME_FOREGROUND
from generator.fields import Canvas, contour_alpha, gradient, hillshade, sample_bilinear, spectral_noise


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
