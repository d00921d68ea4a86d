"""The words of the sound or film on screen, as text to read at the visitor's own pace.

An audio or video exhibit's transcript if it has one in (or falling back from) the visit's
language, else the text of its captions, cue after cue: plain words, never the file's tags,
with a new speaker's name in bold. Other exhibits have none, and the menu offers no
transcript for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFrame, QTextBrowser, QWidget

from kiosk.bundle.cuetext import spoken_runs
from kiosk.bundle.model import TIMED, Exhibit
from kiosk.bundle.playable import PlayableBundle
from kiosk.ui.exhibits.captions import load_captions
from kiosk.ui.exhibits.markdown import TextLook, render_markdown
from kiosk.ui.exhibits.style import Colors, Metrics
from kiosk.ui.exhibits.text import enable_kinetic_scrolling
from kiosk.ui.i18n import is_rtl
from kiosk.ui.theme import Theme

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


@dataclass(frozen=True)
class Transcript:
    """What the menu shows: `markdown` to render, and whether it was made from captions."""

    title: str
    markdown: str
    from_captions: bool


def _escaped(text: str) -> str:
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def transcript_for(exhibit: Exhibit | None, bundle: PlayableBundle, language: str) -> Transcript | None:
    """The transcript of `exhibit` in `language`, from its captions if it has no transcript; None if neither."""
    if not isinstance(exhibit, TIMED):
        return None
    languages = bundle.manifest.languages
    title = exhibit.title.get(language, languages)
    if exhibit.transcript is not None:
        text = exhibit.transcript.get(language, languages)
        if text.strip():
            return Transcript(title, text, from_captions=False)
    track = load_captions(bundle, exhibit.captions, language)
    if track is None:
        return None
    paragraphs: list[str] = []
    for shown in track.shown:
        text = _cue_markdown(spoken_runs(shown.nodes, shown.speaker))
        if text and (not paragraphs or paragraphs[-1] != text):
            paragraphs.append(text)
    if not paragraphs:
        return None
    return Transcript(title, "\n\n".join(paragraphs), from_captions=True)


def _cue_markdown(runs: tuple[tuple[str, str], ...]) -> str:
    """A cue's words for the transcript: markup gone, a new speaker's name in bold before them."""
    parts: list[str] = []
    for name, words in runs:
        text = _escaped(" ".join(words.split()))
        if name:
            parts.append(f"**{_escaped(name)}:** {text}".rstrip())
        elif text:
            parts.append(text)
    return " ".join(parts)


def theme_colors(theme: Theme) -> Colors:
    """The player's theme as the exhibit views' colour set, for their Markdown renderer."""
    return Colors(ground=theme.background, text=theme.foreground, muted=theme.muted, accent=theme.accent,
                  on_accent=theme.on_accent, surface=theme.surface, pressed=theme.pressed)


class TranscriptText(QTextBrowser):
    """A transcript in the player's type and colours, scrolled by dragging, the wheel or keys."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setOpenLinks(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setAutoFillBackground(False)
        self.scroller = enable_kinetic_scrolling(self)

    def show_transcript(self, transcript: Transcript, theme: Theme, language: str) -> None:
        metrics = Metrics(theme.scale, theme.text_scale)
        look = TextLook(metrics, theme_colors(theme), theme.font(theme.body_px), 30, is_rtl(language))
        render_markdown(self.document(), transcript.markdown, look)
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.verticalScrollBar().setValue(0)
