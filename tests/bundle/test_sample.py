"""The sample bundle `exhibits/ai-and-ip` is what its generator writes, in six complete languages.

Its manifest and captions are written from `exhibits/generator/` (structure and one texts
file per language); these tests run that part of the generator (PyYAML only, about a
second) and compare, so the committed bundle cannot drift from its sources.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from tests.conftest import REPO, SAMPLE

FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
GENERATOR = REPO / "exhibits" / "generate_ai_and_ip.py"
LANGUAGES = ["en", "fr", "ar", "es", "zh", "ru"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    result = subprocess.run([sys.executable, str(GENERATOR), "--only", "texts", "--out", str(out)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def sample() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.load((SAMPLE / "exhibition.yaml").read_text(encoding="utf-8"), Loader=FastLoader)
    return loaded


@pytest.fixture
def texts_module(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The generator's texts loader, imported from exhibits/ and forgotten afterwards."""
    monkeypatch.syspath_prepend(str(REPO / "exhibits"))
    import generator.texts

    yield generator.texts
    for name in [name for name in sys.modules if name == "generator" or name.startswith("generator.")]:
        del sys.modules[name]


def test_the_committed_manifest_and_captions_are_the_generated_ones(generated: Path) -> None:
    written = sorted(p.relative_to(generated).as_posix() for p in generated.rglob("*") if p.is_file())
    assert "exhibition.yaml" in written
    assert len([p for p in written if p.endswith(".vtt")]) == 4 * len(LANGUAGES)
    for rel in written:
        assert (SAMPLE / rel).read_bytes() == (generated / rel).read_bytes(), \
            f"{rel} differs: run python exhibits/generate_ai_and_ip.py --only texts"


def test_the_sample_offers_six_languages_with_every_text_in_each(sample: dict[str, Any]) -> None:
    manifest = sample
    assert manifest["languages"] == LANGUAGES
    maps: list[dict[str, str]] = []

    narrated: list[dict[str, str]] = []

    def collect(node: object) -> None:
        if isinstance(node, dict):
            if set(node) & {"en", "zh"}:
                maps.append(node)
                return
            for key, value in node.items():
                if key in ("narration", "narration_captions"):
                    narrated.append(value)  # recorded in English and French; a voice reads the others
                else:
                    collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(manifest)
    assert len(maps) > 100  # the walk found the texts (130 when written: 126 texts, 4 caption maps)
    assert all(list(m) == LANGUAGES and all(str(v).strip() for v in m.values()) for m in maps)
    texts = [e for s in manifest["sections"] for e in s["exhibits"] if e["type"] == "text"]
    assert len(narrated) == 2 * len(texts) > 0
    assert all(list(m) == ["en", "fr"] and all((SAMPLE / path).is_file() for path in m.values()) for m in narrated)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_films_transcript_lists_its_captions_word_for_word(sample: dict[str, Any], language: str) -> None:
    """The transcript is the captions' text for people who read rather than watch: they must agree."""
    films = [e for s in sample["sections"] for e in s["exhibits"] if e["type"] == "video"]
    assert len(films) == 2
    for film in films:
        transcript = " ".join(film["transcript"][language].split())
        cues = (SAMPLE / film["captions"][language]).read_text(encoding="utf-8").split("\n\n")[1:]
        for cue in cues:
            words = [line for line in cue.splitlines()[2:] if not re.fullmatch(r"\[.*\]", line)]
            assert words, cue
            assert f"- {' '.join(words)}" in transcript, (film["id"], language, words)


def test_a_text_missing_in_one_language_stops_the_generator(
    texts_module: ModuleType, tmp_path: Path
) -> None:
    source = REPO / "exhibits" / "generator" / "texts"
    for code in ("en", "ru"):
        (tmp_path / f"{code}.yaml").write_text((source / f"{code}.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    russian = (tmp_path / "ru.yaml").read_text(encoding="utf-8")
    russian = russian.replace("    title: Искусство\n", "    titel: Искусство\n", 1)
    russian = russian.replace("title: Кто автор?", "title: ''", 1)
    (tmp_path / "ru.yaml").write_text(russian, encoding="utf-8")
    with pytest.raises(texts_module.TextsError) as error:
        texts_module.load(("en", "ru"), tmp_path)
    assert str(error.value).splitlines() == [
        "ru.yaml: missing sections.art.title",
        "ru.yaml: sections.art.titel is not in en.yaml",
        "ru.yaml: sections.art.exhibits.authorship.title is empty",
    ]


def test_every_picture_reaches_the_player_with_alt_text_in_every_language(tmp_path: Path) -> None:
    """What the UI names pictures with: `alt` on the sections and exhibits of the PlayableBundle's manifest."""
    from kiosk.bundle.accessibility import pictures
    from kiosk.bundle.playable import load_playable

    manifest = load_playable(SAMPLE, tmp_path).manifest
    shown = [p for p in pictures(manifest) if p.file is not None]
    assert len(shown) == 29  # 7 covers, 2 audio covers, 2 posters, 3 article pictures, 15 images
    for picture in shown:
        assert picture.alt is not None, picture.owner
        assert sorted(picture.alt.languages) == sorted(LANGUAGES), picture.owner
    assert manifest.sections[0].alt is not None
    assert manifest.sections[0].alt.get("zh").startswith("近乎黑色的底上")
    assert manifest.sections[3].exhibits[1].alt is not None  # music/markov-nocturne: its cover
