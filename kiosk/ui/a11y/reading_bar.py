"""The strip along the bottom of the window while the screen is read aloud.

It says that the kiosk is reading, shows what is being said (the recording's captions, or the
passage the voice is saying) in the captions' large type, and offers a big Stop. When the
voice fails part-way it stays, calmly saying that there is no voice, until closed or the
visitor moves on. It lies over the exhibit inside the window, never a separate window.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui.a11y.readaloud import ReadAloud
from kiosk.ui.exhibits.captions import CaptionBox
from kiosk.ui.i18n import is_rtl, say
from kiosk.ui.screens.base import Stage, label
from kiosk.ui.widgets import Icon, IconButton

CAPTION_PX = 34


class ReadingBar(QWidget):
    """The reader's strip: what it is doing, the caption, and Stop (or Close, after a failure)."""

    def __init__(self, stage: Stage, reader: ReadAloud, parent: QWidget) -> None:
        super().__init__(parent)
        self.stage = stage
        self.reader = reader
        self.failed = False
        self.setObjectName("ReadingBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.heading = label("accent", self)
        self.caption_box = CaptionBox(self)
        self.message = label("body", self)
        self.stop_button = IconButton(Icon.CLOSE, "", self)
        self.stop_button.clicked.connect(self._stop_pressed)
        column = QVBoxLayout()
        column.addWidget(self.heading)
        column.addWidget(self.caption_box)
        column.addWidget(self.message)
        row = QHBoxLayout(self)
        row.addLayout(column, 1)
        row.addWidget(self.stop_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self._row, self._column = row, column
        reader.reading_changed.connect(self._on_reading)
        reader.cues_changed.connect(self._on_cues)
        reader.failed.connect(self._on_failed)
        parent.installEventFilter(self)
        self.restyle()
        self.retranslate()
        self.hide()

    # -- what the reader does ------------------------------------------------------------------

    def _on_reading(self, reading: bool) -> None:
        if reading:
            self.failed = False
            self._update_parts()
            self.place()
            self.show()
            self.raise_()
        elif not self.failed:
            self.hide()

    def _on_cues(self) -> None:
        self.caption_box.setVisible(self.stage.player.settings.captions and not self.failed)
        self.caption_box.show_cues(self.reader.cues)

    def show_no_voice(self) -> None:
        """The calm sentence that there is no voice, where the reading would have been."""
        self._on_failed()

    def _on_failed(self) -> None:
        self.failed = True
        self._update_parts()
        self.place()
        self.show()
        self.raise_()

    def _stop_pressed(self) -> None:
        self.failed = False
        self.reader.stop()
        self.hide()

    def dismiss(self) -> None:
        """The visitor moved on, or the visit ended: nothing of the reading stays."""
        self.failed = False
        self.hide()

    def _update_parts(self) -> None:
        self.message.setVisible(self.failed)
        self.caption_box.setVisible(not self.failed and self.stage.player.settings.captions)
        self.retranslate()

    # -- look and place ------------------------------------------------------------------------

    def retranslate(self) -> None:
        language = self.reader.language or self.stage.language
        self.heading.setText(say("reading_aloud", language))
        self.message.setText(say("no_voice", language))
        if self.failed:
            self.stop_button.setText(say("close", language))
            self.stop_button.setAccessibleDescription(say("close_desc", language))
        else:
            self.stop_button.setText(say("stop_reading", language))
            self.stop_button.setAccessibleDescription(say("stop_reading_desc", language))
        self.setAccessibleName(say("reading_aloud", language))
        self.caption_box.setAccessibleName(say("captions", language))
        track = self.reader.track
        rtl = track.rtl if track is not None else is_rtl(language)
        self.caption_box.show_track(track.shown if track is not None else (), rtl=rtl, font=self._caption_font())
        self.caption_box.show_cues(self.reader.cues)
        self.caption_box.setVisible(not self.failed and self.stage.player.settings.captions)

    def _caption_font(self) -> QFont:
        theme = self.stage.theme
        return theme.font(theme.text_px(CAPTION_PX), QFont.Weight.Medium)

    def restyle(self) -> None:
        theme = self.stage.theme
        self.stop_button.set_theme(theme)
        self.caption_box.set_caption_font(self._caption_font())
        pad = theme.px(28)
        self._row.setContentsMargins(pad, theme.px(16), pad, theme.px(16))
        self._row.setSpacing(theme.px(24))
        self._column.setSpacing(theme.px(8))
        self.setStyleSheet(
            f"#ReadingBar {{ background: {theme.background.name()}; border: {theme.px(3)}px solid"
            f" {theme.accent.name()}; border-radius: {theme.px(24)}px; }}")
        self.place()

    def place(self) -> None:
        """Along the bottom of the window, inside its margins, as tall as it needs."""
        window = self.parentWidget()
        if window is None:
            return
        theme = self.stage.theme
        margin = theme.px(40)
        width = max(0, window.width() - 2 * margin)
        self._row.activate()
        height = self._row.totalHeightForWidth(width) if self._row.hasHeightForWidth() else self.sizeHint().height()
        height = max(height, self.sizeHint().height())
        self.setGeometry(margin, window.height() - height - margin, width, height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.place()
        return False
