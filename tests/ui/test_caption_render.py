"""Captions drawn as rich text: emphasis kept, speakers named, tags never shown, cue settings
placing the box inside the caption area, documents kept between paints, and the transcript
made of plain words."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QTextDocument
from PySide6.QtMultimedia import QVideoSink

from kiosk.bundle.cuetext import parse_cue_text
from kiosk.bundle.webvtt import Cue, CueSettings
from kiosk.ui.a11y import transcript as transcript_module
from kiosk.ui.exhibits import cue_render
from kiosk.ui.exhibits.captions import CaptionBox, CaptionTrack, paint_caption
from kiosk.ui.exhibits.cue_render import CaptionPainter, ShownCue, cue_document
from kiosk.ui.exhibits.video import VideoSurface

pytest_plugins = [f"{__package__}.conftest_exhibits"]

AREA = QRectF(40, 40, 1200, 640)
RICH = (Cue(0.0, 0.5, "<v Narrator>First <i>words</i>"), Cue(0.5, 1.2, "<v Narrator>More &amp; more"))


def font(px: int = 36) -> QFont:
    chosen = QFont()
    chosen.setPixelSize(px)
    return chosen


def shown(text: str, speaker: str | None = None, **settings: Any) -> ShownCue:
    return ShownCue(Cue(0.0, 1.0, text, settings=CueSettings(**settings)), parse_cue_text(text), speaker)


def fragments(document: QTextDocument) -> list[tuple[str, QFont, bool]]:
    """(text, font, underlined) of every run of one format."""
    found = []
    block = document.firstBlock()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            form = fragment.charFormat()
            found.append((fragment.text(), form.font(), form.fontUnderline()))
            iterator += 1
        block = block.next()
    return found


def painter_for(cue_font: QFont | None = None, *, rtl: bool = False, honour: str = "all") -> CaptionPainter:
    captions = CaptionPainter(honour)
    captions.configure(cue_font or font(), rtl=rtl)
    return captions


def test_emphasis_is_kept_and_the_speaker_is_named_in_bold(qapp) -> None:
    document = cue_document(shown("<v Narrator>Look <i>there</i>, <b>now</b> and <u>here</u></v>"), font(), rtl=False)
    runs = {text: (run_font, underlined) for text, run_font, underlined in fragments(document)}
    assert document.toPlainText() == "Narrator: Look there, now and here"
    assert runs["Narrator: "][0].bold()
    assert runs["there"][0].italic()
    assert not runs["there"][0].bold()
    assert runs["now"][0].bold()
    assert not runs["now"][0].italic()
    assert runs["here"][1], "underlined"
    assert not runs["Look "][0].bold()
    assert not runs["Look "][0].italic()
    assert not runs["Look "][1]


@pytest.mark.parametrize(("text", "speaker", "words"), [
    ("<v Narrator>Still speaking", "Narrator", "Still speaking"),
    ("<v Curator>My turn", "Narrator", "Curator: My turn"),
    ("<v Ann>Hi</v>\n<v Bob>Hello", None, "Ann: Hi\u2028Bob: Hello"),
    ("&lt;b&gt;not bold&lt;/b&gt; &amp; <unknown>kept</unknown>", None, "<b>not bold</b> & kept"),
    ("<c.loud>plain</c> <ruby>漢<rt>kan</rt></ruby>", None, "plain 漢(kan)"),
    ("<lang ar>مرحبا</lang> and <lang en>hi</lang> <lang>x</lang>", None,
     "\u2067مرحبا\u2069 and \u2066hi\u2069 \u2068x\u2069"),
])
def test_the_document_reads_as_the_visitor_should_see_it(qapp, text: str, speaker: str | None, words: str) -> None:
    document = cue_document(shown(text, speaker), font(), rtl=False)
    assert document.toPlainText() == words.replace("\u2028", "\n")
    assert all(not run_font.bold() for run, run_font, _ in fragments(document) if "not bold" in run)


def test_ruby_text_is_smaller_than_its_base(qapp) -> None:
    document = cue_document(shown("<ruby>漢<rt>kan</rt></ruby>"), font(40), rtl=False)
    sizes = {text: run_font.pixelSize() for text, run_font, _ in fragments(document)}
    assert sizes["漢"] == 40
    assert sizes["(kan)"] == 26


@pytest.mark.parametrize(("text", "rtl_track", "direction"), [
    ("Hello", False, Qt.LayoutDirection.LeftToRight),
    ("مرحبا بكم", False, Qt.LayoutDirection.RightToLeft),
    ("WIPO مرحبا", True, Qt.LayoutDirection.RightToLeft),
    ("<v الراوي>مرحبا", False, Qt.LayoutDirection.RightToLeft),
])
def test_a_cue_runs_in_the_direction_of_its_words_or_its_track(qapp, text: str, rtl_track: bool,
                                                               direction: Qt.LayoutDirection) -> None:
    document = painter_for(rtl=rtl_track).document(shown(text))
    assert document.firstBlock().blockFormat().layoutDirection() == direction


def test_the_default_box_looks_as_it_did_before_cues_had_markup(qapp) -> None:
    """Centred, low, hugging the words, padded as the plain-text drawing was."""
    image = QImage(800, 450, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    area = QRectF(0, 0, 800, 450)
    box = paint_caption(painter, area, "Who owns the tune?", font(), rtl=False)
    painter.end()
    metrics = QFontMetricsF(font())
    words = metrics.boundingRect("Who owns the tune?")
    pad_x, pad_y = metrics.height() * 0.55, metrics.height() * 0.25
    assert box.width() == pytest.approx(words.width() + 4 + 2 * pad_x, abs=2)
    assert box.height() == pytest.approx(metrics.height() + 2 * pad_y, abs=2)
    assert box.center().x() == pytest.approx(400, abs=1)
    assert box.bottom() == pytest.approx(450)


def box_of(text: str, *, rtl: bool = False, **settings: Any) -> QRectF:
    boxes = painter_for(rtl=rtl).place(AREA, (shown(text, **settings),))
    assert len(boxes) == 1
    return boxes[0].box


def test_settings_move_the_box_within_the_area(qapp) -> None:
    default = box_of("Words")
    assert default.center().x() == pytest.approx(AREA.center().x(), abs=1)
    assert default.bottom() == pytest.approx(AREA.bottom())
    start = box_of("Words", align="start")
    assert start.left() == pytest.approx(AREA.left(), abs=1)
    assert start.bottom() == default.bottom()
    assert box_of("Words", align="end").right() == pytest.approx(AREA.right(), abs=1)
    assert box_of("كلمات", align="start").right() == pytest.approx(AREA.right(), abs=1)
    assert box_of("Words", align="left", rtl=True).left() == pytest.approx(AREA.left(), abs=1)
    high = box_of("Words", line=10.0, snap_to_lines=False, align="start")
    assert high.top() == pytest.approx(AREA.top() + AREA.height() * 0.1, abs=1)
    assert high.left() == pytest.approx(AREA.left(), abs=1)
    centred_at_half = box_of("Words", line=50.0, snap_to_lines=False, line_align="center")
    assert centred_at_half.center().y() == pytest.approx(AREA.center().y(), abs=1)
    assert box_of("Words", line=0.0).top() == pytest.approx(AREA.top())
    line_step = QFontMetricsF(font()).lineSpacing()
    assert box_of("Words", line=2.0).top() == pytest.approx(AREA.top() + 2 * line_step)
    assert box_of("Words", line=-1.0).bottom() == pytest.approx(AREA.bottom())
    at_80 = box_of("Words", position=80.0, position_align="line-left", align="start")
    assert at_80.left() == pytest.approx(AREA.left() + AREA.width() * 0.8 - 2, abs=1)
    assert box_of("Words", position=30.0).center().x() == pytest.approx(AREA.left() + AREA.width() * 0.3, abs=1)


@pytest.mark.parametrize("settings", [
    {"line": 100.0, "snap_to_lines": False}, {"line": -30.0, "snap_to_lines": False}, {"line": 400.0},
    {"line": -400.0}, {"position": 100.0, "position_align": "line-left"}, {"position": 0.0, "align": "end"},
    {"position": 100.0, "size": 10.0}, {"size": 0.0},
])
def test_a_box_never_leaves_the_area(qapp, settings: dict[str, Any]) -> None:
    box = box_of("A sentence long enough to wrap onto a second line when squeezed", **settings)
    assert AREA.contains(box)


def test_size_narrows_the_lines(qapp) -> None:
    text = "A sentence long enough to wrap onto more lines when the box is narrower"
    assert box_of(text, size=40.0).height() > box_of(text).height()
    assert box_of(text, size=40.0).width() <= AREA.width() * 0.4 + 1


def test_overlapping_cues_stack_in_one_box_or_move_apart(qapp) -> None:
    captions = painter_for()
    one = captions.place(AREA, (shown("First"),))[0].box
    both = captions.place(AREA, (shown("First"), shown("Second")))
    assert len(both) == 1, "cues with the same settings share a box"
    assert both[0].box.height() > one.height() * 1.5
    apart = captions.place(AREA, (shown("Bottom centre"), shown("Bottom left, long enough to reach the middle",
                                                                align="start")))
    assert len(apart) == 2
    assert not apart[0].box.intersects(apart[1].box)
    assert apart[1].box.bottom() < apart[0].box.top(), "the later box moves up, off the first"


def test_documents_are_built_once_per_cue_not_per_paint(qapp, monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str] = []
    real = cue_render.cue_document

    def counting(cue: ShownCue, *args: object, **kwargs: object) -> QTextDocument:
        built.append(cue.cue.text)
        return real(cue, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cue_render, "cue_document", counting)
    captions = painter_for()
    first, second = shown("<i>One</i>"), shown("Two")
    image = QImage(1280, 720, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    for _ in range(5):
        captions.paint(painter, AREA, (first,))
    captions.paint(painter, AREA, (first, second))
    painter.end()
    assert built == ["<i>One</i>", "Two"]
    captions.configure(font(48), rtl=False)
    assert captions.document(first) is not captions.document(second)
    assert built == ["<i>One</i>", "Two", "<i>One</i>", "Two"], "a new font builds afresh"


def ink_columns(image: QImage, box: QRectF) -> list[int]:
    """The x of every column inside `box` with a light (caption ink) pixel."""
    columns = []
    for x in range(int(box.left()), int(box.right())):
        if any(image.pixelColor(x, y).lightness() > 200 for y in range(int(box.top()), int(box.bottom()))):
            columns.append(x)
    return columns


def test_the_video_surface_draws_the_cues_where_their_settings_say(qtbot) -> None:
    sink = QVideoSink()
    surface = VideoSurface(None, sink)
    qtbot.addWidget(surface)
    surface.resize(960, 540)
    surface.caption_font = font(30)
    surface.set_caption((shown("<v Narrator>Hello <i>there</i>"), shown("مرحبا", line=10.0, snap_to_lines=False,
                                                                            align="start")))
    assert surface.caption == "Narrator: Hello there\nمرحبا"
    image = surface.grab().toImage()
    low, high = surface.caption_boxes
    area = surface.caption_area()
    assert low.bottom() == pytest.approx(area.bottom())
    assert low.center().x() == pytest.approx(480, abs=1)
    assert high.right() == pytest.approx(area.right(), abs=1), "Arabic 'start' is the right-hand side"
    assert high.top() == pytest.approx(area.top() + area.height() * 0.1, abs=1)
    for box in (low, high):
        assert image.pixelColor(round(box.left()) + 3, round(box.center().y())).lightness() < 40
        columns = ink_columns(image, box)
        assert columns, "words are drawn in the box"
        assert min(columns) > box.left()
        assert max(columns) < box.right()
    between = QRectF(0, high.bottom() + 1, 960, low.top() - high.bottom() - 2)
    assert not ink_columns(image, between), "nothing drawn between the boxes"


def test_the_sound_caption_box_honours_alignment_and_fits_rich_cues(qtbot) -> None:
    box = CaptionBox()
    qtbot.addWidget(box)
    box.set_caption_font(font())
    box.resize(900, box.height())
    box.show()
    two_lines = box.height()
    long = "<v Narrator>" + " ".join(["<b>many</b> <i>words</i>"] * 12)
    box.set_cues((shown("short"), shown(long)))
    assert box.height() > two_lines, "room for the longest cue, names and bold words included"
    box.show_cues((shown("To the end", align="end"),))
    assert box.text == "To the end"
    drawn = box.painter.place(QRectF(box.rect()), box.showing, anchor_bottom=False, max_width_fraction=1.0)
    assert drawn[0].box.right() == pytest.approx(box.width(), abs=1)
    assert drawn[0].box.top() == 0
    box.show_cues((shown("At the top", line=90.0, snap_to_lines=False, position=10.0),))
    centred = box.painter.place(QRectF(box.rect()), box.showing, anchor_bottom=False, max_width_fraction=1.0)
    assert centred[0].box.top() == 0, "only alignment applies in the sound's own caption box"
    assert centred[0].box.center().x() == pytest.approx(450, abs=1)


def test_a_track_names_a_speaker_only_when_the_voice_changes() -> None:
    cues = tuple(Cue(start, start + 1, text) for start, text in enumerate((
        "<v Narrator>One", "<v Narrator>Two", "[music]", "<v Curator>Three", "<v Narrator>Four")))
    track = CaptionTrack("en", Path("x.vtt"), cues)
    assert [cue.readable for cue in track.shown] == [
        "Narrator: One", "Two", "[music]", "Curator: Three", "Narrator: Four"]
    assert track.text_at(3.5) == "Curator: Three"
    assert track.shown_at(3.5) == (track.shown[3],)
    assert track.shown_at(9.0) == ()


def test_the_transcript_from_captions_has_words_and_speakers_never_tags(
        monkeypatch: pytest.MonkeyPatch, tiny_bundle) -> None:
    cues = (Cue(0, 1, "<v Narrator>Who owns <i>this</i>?"), Cue(1, 2, "<v Narrator>Nobody &amp; everybody."),
            Cue(2, 3, "<v.loud Curator><b>We</b> do.</v>\n<c.note>[laughter]</c>"))
    track = CaptionTrack("en", Path("x.vtt"), cues)
    monkeypatch.setattr(transcript_module, "load_captions", lambda *_args: track)
    found = tiny_bundle.manifest.find("music/canon")
    assert found is not None
    sound = found[1]
    made = transcript_module.transcript_for(dataclasses.replace(sound, transcript=None), tiny_bundle, "en")
    assert made is not None
    assert made.from_captions
    assert "<" not in made.markdown
    assert made.markdown.split("\n\n") == [
        r"**Narrator:** Who owns this?", r"Nobody & everybody\.", r"**Curator:** We do\. \[laughter\]"]


@pytest.mark.parametrize(("exhibit", "shows"), [
    ("sound/tone", lambda view: view.caption_box.text),
    ("sound/clip", lambda view: view.surface.caption),
])
def test_a_playing_view_shows_the_cues_with_their_speaker(show_view, exhibit: str, shows: Any) -> None:
    view = show_view(exhibit)
    view.track = CaptionTrack("en", Path("rich.vtt"), RICH)
    if exhibit == "sound/tone":
        view.caption_box.show_track(view.track.shown, rtl=False, font=font())
    view.transport.seek_requested.emit(200)
    assert shows(view) == "Narrator: First words"
    view.transport.seek_requested.emit(800)
    assert shows(view) == "More & more", "the same speaker is not named again"
    view.transport.captions_toggled.emit(False)
    assert shows(view) == ""
