"""Recorded narration of the sample's text exhibits, read by espeak-ng, with exact captions.

An exhibition about machines that create is narrated by a machine, honestly: espeak-ng reads
each page in English and French. It says exactly what the kiosk's own Read aloud would say
(the kiosk's `passages_for`: the title, then the body as sentences), one sentence at a time,
so that each caption starts and ends with the sound of its sentence. The sentences are joined
with a short pause and encoded to Opus at a speech bitrate; espeak-ng and ffmpeg (bit-exact)
give the same bytes on every run.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from generator import texts as texts_module
from generator.common import BITEXACT, NARRATION_LANGUAGES, Output, narration_path, run_ffmpeg, save_text
from generator.cues import Span, webvtt
from kiosk.bundle.declare import Text
from kiosk.bundle.model import TextExhibit
from kiosk.play.readaloud import passages_for

VOICES = {"en": "en-gb", "fr": "fr-fr"}
WORDS_PER_MINUTE = 160
PAUSE_S = 0.45
BITRATE = "6k"


def _speak(sentence: str, voice: str, work: Path) -> tuple[bytes, int]:
    """16-bit mono samples of espeak-ng saying `sentence`, and their rate."""
    target = work / "sentence.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(WORDS_PER_MINUTE), "-w", str(target), sentence],  # noqa: S603,S607
                   check=True)
    with wave.open(str(target), "rb") as sound:
        if sound.getsampwidth() != 2 or sound.getnchannels() != 1:
            raise RuntimeError(f"espeak-ng wrote {sound.getnchannels()} channel(s) of {sound.getsampwidth()} bytes")
        return sound.readframes(sound.getnframes()), sound.getframerate()


def _caption_text(sentence: str) -> str:
    return sentence.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def narrate(out: Output, rel: str, captions_rel: str, sentences: list[str], voice: str) -> list[str]:
    """Write the narration of `sentences` to `rel` (Ogg/Opus) and its captions to `captions_rel`."""
    pcm = bytearray()
    spans: list[Span] = []
    rate = 0
    with tempfile.TemporaryDirectory() as work:
        for sentence in sentences:
            samples, rate = _speak(sentence, voice, Path(work))
            start = len(pcm) / 2 / rate
            pcm += samples
            spans.append((round(start, 3), round(len(pcm) / 2 / rate, 3)))
            pcm += bytes(2 * round(rate * PAUSE_S))
    run_ffmpeg(["-f", "s16le", "-ar", str(rate), "-ac", "1", "-i", "-", "-c:a", "libopus", "-b:a", BITRATE,
                "-application", "voip", *BITEXACT, "-map_metadata", "-1", str(out.path(rel))], bytes(pcm))
    save_text(out, captions_rel, webvtt(spans, [_caption_text(sentence) for sentence in sentences]))
    return [rel, captions_rel]


def _sentences(words: Mapping[str, Any]) -> list[str]:
    page = TextExhibit(id="page", type="text", title=Text({"": words["title"]}), body=Text({"": words["body"]}))
    return list(passages_for(page, ""))


def task_narration(out: Output) -> list[str]:
    """The narration of every text exhibit in each narrated language."""
    from generator.manifest import load_layout

    if shutil.which("espeak-ng") is None:
        raise FileNotFoundError("the espeak-ng command is needed (e.g. apt-get install espeak-ng)")
    layout = load_layout()
    trees = texts_module.load(tuple(layout["languages"]))
    written: list[str] = []
    for section in layout["sections"]:
        for exhibit in section["exhibits"]:
            if exhibit["type"] != "text":
                continue
            where = f"{section['id']}/{exhibit['id']}"
            for code in NARRATION_LANGUAGES:
                words = trees[code]["sections"][section["id"]]["exhibits"][exhibit["id"]]
                written += narrate(out, narration_path(where, code, "ogg"), narration_path(where, code, "vtt"),
                                   _sentences(words), VOICES[code])
    return written
