"""`kiosk new DIR`: a small, valid bundle to start from, its manifest commented key by key.

The picture is drawn here, in pure Python (zlib and struct make a PNG), so that starting a
bundle needs nothing but the kiosk itself.
"""

from __future__ import annotations

import logging
import math
import struct
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml

from kiosk.bundle.loader import slug_suggestion
from kiosk.declare.rules import LANGUAGE
from kiosk.store.errors import StoreError

log = logging.getLogger("kiosk.store")

IMAGE = "media/first-light.png"
DEFAULT_ID = "my-exhibition"
DEFAULT_LANGUAGES = ("en", "fr")
# The language of the template's words in a bundle none of whose languages they are written in.
FALLBACK = "en"

MANIFEST = """\
# exhibition.yaml: the manifest of an exhibit bundle, format 1.
# Every key is explained in exhibits/FORMAT.md. Check your work as you go with
#     kiosk validate --strict {folder}
# and, when it is ready, make the zip kiosks install with
#     kiosk pack {folder} -o {id}.zip
#
# A text is either one string, shown in every language, or a map from each language
# code in 'languages' to its text (as 'title' below). kiosk validate names every text
# that still lacks one of the languages.

# The format version. This kiosk reads format 1.
format: 1
# The bundle's id: lowercase letters, digits and hyphens. Kiosks keep its versions under it.
id: {id}
# The bundle's own version. Raise it for every edition you publish ("2", "2026.11", ...).
version: "1"
# The exhibition's title, on the home screen.
title:{title}
# A line under the title.
subtitle:{subtitle}
# A paragraph on the home screen.
description:{description}
# Languages visitors can choose, as BCP 47 codes (en, fr, ar, zh, ru, es, pt-BR, ...).
# The first one is the default: the kiosk starts in it and returns to it after each visitor.
languages: [{languages}]

# Colours, typeface and logo of the whole exhibition.
theme:
  # Colour of the ground behind everything, as #RRGGBB.
  background: "#15171C"
  # Colour of text on the background; keep a contrast of at least 4.5:1.
  foreground: "#F3F1EC"
  # Colour of highlights: the selected item, progress, links. Use it sparingly.
  accent: "#E2B04A"
  # Optional: font: media/fonts/YourFamily.ttf   (one .ttf or .otf for all text)
  # Optional: logo: media/logo.png               (shown beside the title)

# The loop shown while nobody is at the kiosk.
attract:
  # Exhibits the loop shows, as 'section-id/exhibit-id'. Leave it empty for the section covers.
  exhibits: [welcome/first-light]
  # Seconds each item stays on screen.
  dwell: 8

# The exhibition's parts: each is a tile on the home screen.
sections:
  # Unique in the bundle; exhibits are referred to as 'section-id/exhibit-id'.
  - id: welcome
    # Shown on the section's tile and at the top of its screens.
    title:{section_title}
    # One or two sentences under the title.
    summary:{section_summary}
    # The picture on the section's tile.
    cover: {image}
    # What the cover shows, for people who cannot see it (every picture has one).
    alt:{section_alt}
    # The section's exhibits, in order. Types: text, image, gallery, audio, video, article;
    # FORMAT.md has an example of each (audio needs captions or a transcript, video captions).
    exhibits:
      # Unique within its section.
      - id: first-light
        # What kind of exhibit this is: one picture, shown large, that visitors can zoom into.
        type: image
        # Shown above the exhibit and on its tile.
        title:{image_title}
        # The picture: a path inside the bundle (.jpg, .png, .webp or .svg).
        file: {image}
        # Shown beneath the picture, never over it.
        caption:{image_caption}
        # What the picture shows, for people who cannot see it.
        alt:{image_alt}
        # Who made it, in the form 'Photo: NAME / AGENCY'.
        credit: "Image: kiosk new"
        # Optional: duration: 12   (seconds the tour stays on it)
      # A second exhibit: a page of text.
      - id: about
        # A page of text, written in Markdown.
        type: text
        # Shown above the text and on its tile.
        title:{text_title}
        # The text, in Markdown: ## headings, *emphasis*, lists. The kiosk shows the title
        # above it, so begin with the text itself, not with the title again.
        body:{text_body}
"""

# The template's own words, in the languages it has them in. A bundle language they lack is
# left out of each text rather than filled with words in another language: kiosk validate then
# names every text to write in it.
SUN_ALT = {
    "en": "An orange sun rising over a dark blue horizon.",
    "fr": "Un soleil orange se levant sur un horizon bleu sombre.",
    "es": "Un sol naranja que sale sobre un horizonte azul oscuro.",
    "de": "Eine orange Sonne geht über einem dunkelblauen Horizont auf.",
}
WORDS: dict[str, dict[str, str]] = {
    "title": {"en": "My exhibition", "fr": "Mon exposition", "es": "Mi exposición", "de": "Meine Ausstellung"},
    "subtitle": {
        "en": "A first exhibition, ready to change",
        "fr": "Une première exposition, prête à changer",
        "es": "Una primera exposición, lista para cambiar",
        "de": "Eine erste Ausstellung, bereit zum Ändern",
    },
    "description": {
        "en": "Replace this text, the picture and the sections with your own.",
        "fr": "Remplacez ce texte, l'image et les sections par les vôtres.",
        "es": "Sustituya este texto, la imagen y las secciones por los suyos.",
        "de": "Ersetzen Sie diesen Text, das Bild und die Bereiche durch Ihre eigenen.",
    },
    "section_title": {"en": "Welcome", "fr": "Bienvenue", "es": "Bienvenida", "de": "Willkommen"},
    "section_summary": {
        "en": "Where the exhibition begins.",
        "fr": "Là où commence l'exposition.",
        "es": "Donde comienza la exposición.",
        "de": "Wo die Ausstellung beginnt.",
    },
    "section_alt": SUN_ALT,
    "image_title": {"en": "First light", "fr": "Première lumière", "es": "Primera luz", "de": "Erstes Licht"},
    "image_caption": {
        "en": "A sun drawn by a few lines of code.",
        "fr": "Un soleil dessiné par quelques lignes de code.",
        "es": "Un sol dibujado con unas pocas líneas de código.",
        "de": "Eine Sonne, gezeichnet von ein paar Zeilen Code.",
    },
    "image_alt": SUN_ALT,
    "text_title": {
        "en": "About this exhibition",
        "fr": "À propos de cette exposition",
        "es": "Sobre esta exposición",
        "de": "Über diese Ausstellung",
    },
    "text_body": {
        "en": "Write here what visitors should know before they begin.\n\n## Parts of a longer text\n\n"
              "Give them headings like this one, *emphasis* and lists.\n",
        "fr": "Écrivez ici ce que les visiteurs doivent savoir avant de commencer.\n\n"
              "## Les parties d'un texte plus long\n\nDonnez-leur des titres comme celui-ci, de "
              "l'*emphase* et des listes.\n",
        "es": "Escriba aquí lo que los visitantes deben saber antes de empezar.\n\n"
              "## Las partes de un texto más largo\n\nDeles títulos como este, *énfasis* y listas.\n",
        "de": "Schreiben Sie hier, was Besucher wissen sollten, bevor sie beginnen.\n\n"
              "## Teile eines längeren Textes\n\nGeben Sie ihnen Überschriften wie diese, "
              "*Betonung* und Listen.\n",
    },
}
# How deep each text's language codes stand in MANIFEST.
INDENT = {"title": 2, "subtitle": 2, "description": 2, "section_title": 6, "section_summary": 6,
          "section_alt": 6, "image_title": 10, "image_caption": 10, "image_alt": 10, "text_title": 10,
          "text_body": 10}


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int, rows: list[bytes]) -> bytes:
    """An 8-bit RGB PNG of `rows` (each `width` * 3 bytes)."""
    raw = b"".join(b"\x00" + row for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(raw, 9))
            + _chunk(b"IEND", b""))


def sunrise(width: int = 960, height: int = 540) -> bytes:
    """A sun rising over a dark horizon: the starter bundle's picture."""
    horizon = int(height * 0.68)
    sun_x, sun_y, radius = width // 2, horizon, height // 5
    rows: list[bytes] = []
    for y in range(height):
        if y < horizon:
            t = y / horizon
            sky = (int(21 + 180 * t**3), int(23 + 80 * t**2), int(60 + 40 * t))
        else:
            t = (y - horizon) / (height - horizon)
            sky = (int(18 - 8 * t), int(20 - 8 * t), int(34 - 14 * t))
        row = bytearray(bytes(sky) * width)
        dy = y - sun_y
        if y < horizon and abs(dy) < radius:
            half = int(math.sqrt(radius * radius - dy * dy))
            left, right = max(0, sun_x - half), min(width, sun_x + half)
            row[left * 3:right * 3] = bytes((242, 176, 74)) * (right - left)
        rows.append(bytes(row))
    return png(width, height, rows)


def new_bundle(folder: Path, *, bundle_id: str | None = None, title: str | None = None,
               languages: Sequence[str] = ()) -> str:
    """Write the starter bundle into `folder` (absent or empty); returns its id.

    `title` is the curator's, so it goes in the first of `languages` only: written in one
    language, it is not the title in the others, and kiosk validate says which still lack it.
    """
    codes = _checked_languages(languages or DEFAULT_LANGUAGES)
    if folder.exists() and not folder.is_dir():
        raise StoreError(f"{folder} exists and is not a folder", "choose a new folder name")
    if folder.is_dir() and any(folder.iterdir()):
        raise StoreError(f"{folder} is not empty", "kiosk new writes only into a new or empty folder, "
                         "so that nothing of yours is overwritten")
    chosen = bundle_id or slug_suggestion(folder.resolve().name) or DEFAULT_ID
    if not chosen[0].isalnum():
        chosen = DEFAULT_ID
    words = dict(WORDS)
    if title is not None and title.strip():
        words["title"] = {codes[0]: title}
    texts = {name: _text(value, codes, INDENT[name]) for name, value in words.items()}
    text = MANIFEST.format(id=chosen, image=IMAGE, folder=_shell_word(folder), languages=", ".join(codes),
                           **texts)
    (folder / "media").mkdir(parents=True, exist_ok=True)
    (folder / IMAGE).write_bytes(sunrise())
    (folder / "exhibition.yaml").write_text(text, encoding="utf-8")
    log.info("wrote a new bundle '%s' in %s", chosen, folder)
    return chosen


def _checked_languages(languages: Sequence[str]) -> tuple[str, ...]:
    seen: list[str] = []
    for code in languages:
        if not LANGUAGE.matches(code):
            raise StoreError(f"'{code}' is not {LANGUAGE.what}", LANGUAGE.hint)
        if code in seen:
            raise StoreError(f"the language '{code}' is given twice", "give each language once")
        seen.append(code)
    return tuple(seen)


def _text(words: Mapping[str, str], languages: Sequence[str], indent: int) -> str:
    """What follows a text's key: a map of the bundle's languages the words are in, or, when
    they are in none of them, the words once (for every language, until they are replaced)."""
    present = [code for code in languages if code in words]
    if not present:
        return " " + _value(words[FALLBACK], indent)
    pad = " " * indent
    return "".join(f"\n{pad}{code}: {_value(words[code], indent + 2)}" for code in present)


def _value(text: str, indent: int) -> str:
    """`text` as a YAML value: a literal block for several lines, else plain when YAML reads it
    back unchanged, else double-quoted."""
    if "\n" in text.rstrip("\n"):
        pad = " " * indent
        return "|\n" + "\n".join(f"{pad}{line}" if line else "" for line in text.rstrip("\n").split("\n"))
    try:
        plain = yaml.safe_load(f"value: {text}") == {"value": text}
    except yaml.YAMLError:
        plain = False
    return text if plain else _yaml_string(text)


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _shell_word(path: Path) -> str:
    text = str(path)
    return text if all(c.isalnum() or c in "-_./" for c in text) else "'" + text.replace("'", "'\\''") + "'"
