"""Encoding pictures, sound and film with ffmpeg, deterministically (bit-exact flags)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from generator.colour import FloatArray
from generator.common import BITEXACT, SAMPLE_RATE, VIDEO_FPS, VIDEO_SIZE, Output, ffmpeg_command, run_ffmpeg


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
