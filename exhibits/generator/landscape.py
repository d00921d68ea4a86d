"""Procedural worlds: a game-style voxel-space view over a diamond-square terrain."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from generator.colour import FloatArray, downsample, palette, rgb
from generator.common import HD
from generator.fields import diamond_square, gradient, hillshade, sample_bilinear


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
