"""The media tasks: one per group of pictures, sounds and films, so that --only and --jobs can pick them.

Each task writes its files under the bundle folder and returns their bundle-relative paths.
Everything comes from fixed seeds, so a second run writes the same bytes.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from generator.chart import imagined_coast
from generator.common import HD, Output, save_text
from generator.cues import TIMINGS
from generator.drawings import harmonograph, ledger, logo, marks, ripples, search_space, sessions_diagram
from generator.encode import encode_audio, save_image
from generator.films import growth_video, murmuration_video
from generator.flow import FLOW_STUDIES, FlowStyle, flow_field
from generator.landscape import WORLDS, WorldStyle, landscape
from generator.mosaic import JURISDICTIONS, MosaicStyle, voronoi_mosaic
from generator.music import compose_canon, compose_nocturne, piano_roll
from generator.reaction import morphogenesis
from generator.synth import render


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
    _check_length("markov-nocturne", nocturne.length)
    written.append(save_image(out, "media/music/markov-nocturne-score.png", piano_roll(nocturne)))
    canon = compose_canon()
    written.append(encode_audio(out, "media/music/canon-for-two-machines.mp3",
                                render(canon.notes, canon.length, seed=961, wet=0.35)))
    _check_length("canon-for-two-machines", canon.length)
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
    written.append(save_image(out, "media/technology/search-space.jpg", search_space(42)))
    written.append(save_image(out, "covers/technology.jpg",
                              search_space(43, particles=1200), quality=4))
    return written


def task_entertainment(out: Output) -> list[str]:
    with tempfile.TemporaryDirectory() as work:
        written = murmuration_video(out, "media/entertainment/murmuration.mp4",
                                    "media/entertainment/murmuration-poster.jpg", Path(work))
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




def _check_length(exhibit: str, seconds: float) -> None:
    """The captions' times (in `cues.py`) must end with the music they caption."""
    end = TIMINGS[exhibit][-1][1]
    if abs(end - seconds) > 1e-9:
        raise ValueError(f"the captions of '{exhibit}' end at {end:.3f} s but the music lasts {seconds:.3f} s")
