"""The transport bar of audio and video exhibits, made for fingers.

A large play/pause button, a seek bar that jumps to where it is touched, elapsed and total
time, and toggles for captions and the transcript. Every target is at least 64 px high at
1920x1080 and shows its pressed state at once.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetricsF, QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QSlider, QStyle, QStyleOptionSlider, QWidget

from kiosk.ui import bidi
from kiosk.ui.exhibits.glyphs import GlyphButton
from kiosk.ui.exhibits.style import CREDIT_PX, TOUCH_PX, Colors, Metrics, css
from kiosk.ui.i18n import say


def format_time(milliseconds: int) -> str:
    """0:07, 12:34 or 1:02:03."""
    seconds = max(0, milliseconds) // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class SeekSlider(QSlider):
    """A slider that jumps to the touched position, then follows the finger."""

    seek_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setRange(0, 0)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.sliderReleased.connect(lambda: self.seek_requested.emit(self.value()))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and self.maximum() > 0:
            option = QStyleOptionSlider()
            self.initStyleOption(option)
            groove = self.style().subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                                 QStyle.SubControl.SC_SliderGroove, self)
            handle = self.style().subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                                 QStyle.SubControl.SC_SliderHandle, self)
            span = max(1, groove.width() - handle.width())
            x = round(event.position().x()) - groove.x() - handle.width() // 2
            value = QStyle.sliderValueFromPosition(self.minimum(), self.maximum(), x, span,
                                                   self.layoutDirection() == Qt.LayoutDirection.RightToLeft)
            self.setValue(value)
            self.seek_requested.emit(value)
        super().mousePressEvent(event)


class TransportBar(QWidget):
    """Play/pause, seek, time and toggles.

    Signals:
      play_pressed(): the visitor wants playback to start or pause.
      seek_requested(int): milliseconds to move to.
      captions_toggled(bool), transcript_toggled(bool): the toggles' new states.
    """

    play_pressed = Signal()
    seek_requested = Signal(int)
    captions_toggled = Signal(bool)
    transcript_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None, *, captions: bool = False,
                 transcript: bool = False) -> None:
        super().__init__(parent)
        self.play_button = GlyphButton("play", self, primary=True)
        self.elapsed = QLabel("0:00", self)
        self.slider = SeekSlider(self)
        self.total = QLabel("0:00", self)
        self.captions_button = GlyphButton("captions", self)
        self.transcript_button = GlyphButton("transcript", self)
        for toggle in (self.captions_button, self.transcript_button):
            toggle.setCheckable(True)
        self.captions_button.setVisible(captions)
        self.transcript_button.setVisible(transcript)
        self.elapsed.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignTrailing)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self._row = row
        row.addWidget(self.play_button)
        row.addWidget(self.elapsed)
        row.addWidget(self.slider, 1)
        row.addWidget(self.total)
        row.addWidget(self.captions_button)
        row.addWidget(self.transcript_button)
        self.play_button.clicked.connect(self.play_pressed)
        self.slider.seek_requested.connect(self.seek_requested)
        self.slider.sliderMoved.connect(lambda value: self.elapsed.setText(format_time(value)))
        self.captions_button.toggled.connect(self.captions_toggled)
        self.transcript_button.toggled.connect(self.transcript_toggled)
        # The bar follows the layout direction: in Arabic the seek bar fills from the right and
        # the elapsed time stands on the right, so progress reads the way the visitor reads
        # (issue 7 asks for it). The play and pause glyphs never mirror (glyphs.py).
        self._language = "en"
        self._playing = False
        self._ended = False

    def set_state(self, *, playing: bool, ended: bool = False) -> None:
        self._playing, self._ended = playing, ended
        self.play_button.set_glyph("pause" if playing else "replay" if ended else "play")
        self._name_play_button()

    def set_duration(self, milliseconds: int) -> None:
        self.slider.setRange(0, max(0, milliseconds))
        self.total.setText(format_time(milliseconds))

    def set_position(self, milliseconds: int) -> None:
        if not self.slider.isSliderDown():
            self.slider.setValue(milliseconds)
            self.elapsed.setText(format_time(milliseconds))

    def set_captions_checked(self, checked: bool) -> None:
        self.captions_button.blockSignals(True)
        self.captions_button.setChecked(checked)
        self.captions_button.blockSignals(False)
        self.captions_button.update()

    def retranslate(self, language: str) -> None:
        self._language = language
        self._name_play_button()
        self.captions_button.setAccessibleName(say("captions", language))
        self.transcript_button.setAccessibleName(say("transcript", language))
        self.slider.setAccessibleName(say("position", language))
        self.play_button.setAccessibleDescription(say("play_desc", language))
        self.slider.setAccessibleDescription(say("position_desc", language))
        self.captions_button.setAccessibleDescription(say("captions_toggle_desc", language))
        self.transcript_button.setAccessibleDescription(say("transcript_toggle_desc", language))

    def _name_play_button(self) -> None:
        self.play_button.setAccessibleName(say("pause" if self._playing else "replay" if self._ended else "play",
                                               self._language))

    def restyle(self, metrics: Metrics, colors: Colors, base: QFont) -> None:
        touch = metrics.touch_px(TOUCH_PX)
        self.play_button.set_diameter(metrics.touch_px(TOUCH_PX * 1.5))
        for button in (self.captions_button, self.transcript_button):
            button.set_diameter(touch)
        for button in (self.play_button, self.captions_button, self.transcript_button):
            button.set_colors(colors)
        font = metrics.font(base, CREDIT_PX + 2)
        for label in (self.elapsed, self.total):
            label.setFont(font)
            label.setStyleSheet(f"color: {css(colors.text)};")
            label.setMinimumWidth(round(QFontMetricsF(font).horizontalAdvance("0:00:00")))
        groove = metrics.px(10)
        handle = metrics.px(36)
        self.slider.setFixedHeight(touch)
        round_ = f"border-radius: {groove // 2}px;"
        # The played part runs from the reading side to the handle: from the right in Arabic.
        bidi.style_slider(
            self.slider,
            filled=f"background: {css(colors.accent)}; {round_}",
            empty=f"background: {css(colors.surface)}; {round_}",
            rest=f"QSlider::groove:horizontal {{ height: {groove}px; background: {css(colors.surface)};"
            f" {round_} }}"
            f"QSlider::handle:horizontal {{ width: {handle}px; height: {handle}px;"
            f" margin: -{(handle - groove) // 2}px 0; border-radius: {handle // 2}px;"
            f" background: {css(colors.text)}; }}"
            f"QSlider::handle:horizontal:pressed {{ background: {css(colors.accent)}; }}",
        )
        self._row.setSpacing(metrics.px(20))

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(800, self.play_button.height())
