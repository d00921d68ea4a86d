"""The accessibility menu's panel: a shade over the screen and, on it, a sheet of the
visit's settings and Read aloud, or the transcript of the sound or film on show.

It is laid inside the window (never a separate dialog), as wide as its words need at the
visitor's text size and never wider than the window; what does not fit scrolls. A touch on
the shade closes it without touching what lies beneath; Escape goes back a page, then closes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from kiosk.bundle.model import Exhibit
from kiosk.play.player import TEXT_SCALES
from kiosk.play.readaloud import can_read_aloud
from kiosk.ui import bidi, fonts
from kiosk.ui.a11y.focus import move_focus
from kiosk.ui.a11y.readaloud import Outcome, ReadAloud
from kiosk.ui.a11y.reading_bar import ReadingBar
from kiosk.ui.a11y.transcript import Transcript, TranscriptText, transcript_for
from kiosk.ui.i18n import native_name, say
from kiosk.ui.screens.base import Stage, label
from kiosk.ui.widgets import Icon, IconButton, scrolling_page

VOLUME_STEP = 10
SHADE = QColor(0, 0, 0, 150)


class Choice(IconButton):
    """A touch button whose spoken name says more than its label ("Text size 125 %" for "125 %")."""

    def set_words(self, text: str, name: str, description: str) -> None:
        self.setText(text)
        self.setAccessibleName(name)
        self.setAccessibleDescription(description)


class AccessPanel(QWidget):
    """The menu's panel: a shade over the screen and a sheet of settings, or the transcript."""

    def __init__(self, stage: Stage, parent: QWidget) -> None:
        super().__init__(parent)
        self.stage = stage
        self.exhibit: Exhibit | None = None
        self.transcript: Transcript | None = None
        self.on_close: Callable[[], None] | None = None
        self.setAccessibleName("accessibility menu")
        self.sheet = QWidget(self)
        self.sheet.setObjectName("AccessSheet")
        self.sheet.setProperty("screen", True)
        self.sheet.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.reader = ReadAloud(stage, self)
        self.reader.reading_changed.connect(lambda _reading: self.sync())
        self.reader.decided.connect(self._decided)
        self.reading_bar = ReadingBar(stage, self.reader, parent)
        self._build_top()
        self._build_settings()
        self._build_transcript_page()
        self.pages = QStackedLayout()
        self.pages.addWidget(self.scroll_area)
        self.pages.addWidget(self.transcript_page)
        column = QVBoxLayout(self.sheet)
        column.addLayout(self.top)
        column.addLayout(self.pages, 1)
        self._column = column
        parent.installEventFilter(self)
        self.setGeometry(parent.rect())
        self.hide()

    # -- building --------------------------------------------------------------------------

    def _build_top(self) -> None:
        self.back_button = IconButton(Icon.BACK, "", self.sheet)
        self.back_button.clicked.connect(self.show_settings)
        self.title = label("heading", self.sheet)
        self.close_button = IconButton(Icon.CLOSE, "", self.sheet)
        self.close_button.clicked.connect(self.close_menu)
        retained = self.back_button.sizePolicy()
        retained.setRetainSizeWhenHidden(False)
        self.back_button.setSizePolicy(retained)
        self.top = QHBoxLayout()
        self.top.addWidget(self.back_button)
        self.top.addWidget(self.title, 1)
        self.top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)

    def _build_settings(self) -> None:
        self.content = QWidget()
        self.grid = QGridLayout(self.content)
        self.row_labels: dict[str, QLabel] = {}
        self._build_choices()
        self._build_volume()
        self._build_languages()
        self.read_transcript = Choice(Icon.NONE, "", self.content)
        self.read_transcript.clicked.connect(self.show_transcript)
        self.read_aloud = Choice(Icon.NONE, "", self.content)
        self.read_aloud.clicked.connect(self._read_aloud_pressed)
        self.no_voice = label("muted", self.content)
        self.no_voice.hide()
        self.no_voice.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        reading = QHBoxLayout()  # the sentence that there is no voice, beside the button that asked
        reading.addWidget(self.read_aloud)
        reading.addWidget(self.no_voice, 100)
        reading.addStretch(1)  # keeps the button on the reading side while the sentence is hidden
        self._reading_row = reading
        rows = len(self.row_labels)
        self.grid.addLayout(reading, rows, 0, 1, 2)
        self.grid.addWidget(self.read_transcript, rows + 1, 0, 1, 2, Qt.AlignmentFlag.AlignLeading)
        self.grid.setColumnStretch(1, 1)
        self.grid.setRowStretch(rows + 2, 1)
        self.scroll_area = scrolling_page(self.content, self.sheet)

    def _add_row(self, key: str, controls: QHBoxLayout | QGridLayout) -> None:
        """A setting's name on the reading side, its controls beside it."""
        number = len(self.row_labels)
        text = label("body", self.content)
        text.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.row_labels[key] = text
        self.grid.addWidget(text, number, 0)
        self.grid.addLayout(controls, number, 1)

    def _build_choices(self) -> None:
        player = self.stage.player
        self.size_group = QButtonGroup(self)
        self.size_buttons: dict[float, Choice] = {}
        sizes = QHBoxLayout()
        for scale in TEXT_SCALES:
            button = Choice(Icon.NONE, "", self.content)
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, s=scale: player.change_settings(text_scale=s))
            self.size_group.addButton(button)
            self.size_buttons[scale] = button
            sizes.addWidget(button)
        sizes.addStretch(1)
        self._add_row("text_size", sizes)
        self.contrast = Choice(Icon.NONE, "", self.content)
        self.contrast.clicked.connect(lambda checked: player.change_settings(high_contrast=checked))
        self.captions = Choice(Icon.NONE, "", self.content)
        self.captions.clicked.connect(lambda checked: player.change_settings(captions=checked))
        for key, toggle in (("high_contrast", self.contrast), ("captions", self.captions)):
            toggle.setCheckable(True)
            box = QHBoxLayout()
            box.addWidget(toggle)
            box.addStretch(1)
            self._add_row(key, box)

    def _build_volume(self) -> None:
        self.quieter = Choice(Icon.NONE, "−", self.content)
        self.louder = Choice(Icon.NONE, "+", self.content)
        self.volume = QSlider(Qt.Orientation.Horizontal, self.content)
        self.volume.setRange(0, 100)
        self.volume.setSingleStep(VOLUME_STEP)
        self.volume.setPageStep(VOLUME_STEP)
        self.volume.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.volume.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.volume_level = label("body", self.content, wrap=False)
        self.quieter.clicked.connect(lambda: self._set_volume(self.volume.value() - VOLUME_STEP))
        self.louder.clicked.connect(lambda: self._set_volume(self.volume.value() + VOLUME_STEP))
        self.volume.valueChanged.connect(self._volume_moved)
        self.volume.sliderReleased.connect(lambda: self._set_volume(self.volume.value()))
        volume = QHBoxLayout()
        volume.addWidget(self.quieter)
        volume.addWidget(self.volume, 1)
        volume.addWidget(self.louder)
        volume.addWidget(self.volume_level)
        self._add_row("volume", volume)

    def _build_languages(self) -> None:
        self.language_buttons: dict[str, Choice] = {}
        languages = self.stage.bundle.manifest.languages
        if len(languages) < 2:
            return
        grid = QGridLayout()
        columns = 3 if len(languages) > 4 else len(languages)
        for index, code in enumerate(languages):
            button = Choice(Icon.NONE, native_name(code), self.content)
            button.setCheckable(True)
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)  # even columns
            button.clicked.connect(lambda _=False, c=code: self._choose_language(c))
            grid.addWidget(button, index // columns, index % columns)
            self.language_buttons[code] = button
        grid.setColumnStretch(columns, 1)
        self._add_row("language", grid)

    def _build_transcript_page(self) -> None:
        page = QWidget(self.sheet)
        self.transcript_page = page
        self.transcript_title = label("body", page)
        self.transcript_source = label("muted", page)
        self.transcript_text = TranscriptText(page)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.transcript_title)
        column.addWidget(self.transcript_source)
        column.addWidget(self.transcript_text, 1)
        self._transcript_column = column

    # -- the visitor's changes -------------------------------------------------------------

    def _volume_moved(self, value: int) -> None:
        self.volume_level.setText(say("percent", self.stage.language, n=value))
        if not self.volume.isSliderDown():
            self._set_volume(value)

    def _set_volume(self, value: int) -> None:
        value = max(0, min(100, round(value / VOLUME_STEP) * VOLUME_STEP))
        self.stage.player.change_settings(volume=value / 100)
        self.sync()

    def _choose_language(self, code: str) -> None:
        self.stage.player.set_language(code)
        self.sync()

    def _read_aloud_pressed(self) -> None:
        """Read the exhibit aloud, or stop; with no voice for the language, say so here."""
        if self.reader.reading:
            self.stop_reading()
            return
        self.no_voice.hide()
        outcome = self.reader.start(self.exhibit)
        self.sync()
        if outcome is Outcome.RECORDING:
            self.close_menu()

    def _decided(self, outcome: str) -> None:
        """The machine answered whether it has a voice: read (the menu makes way), or say why not."""
        if outcome == Outcome.VOICE:
            self.close_menu()
        elif not self.is_open:
            self.reading_bar.show_no_voice()
        else:
            self.no_voice.setText(say("no_voice", self.stage.language))
            self.no_voice.show()
            self.place_sheet()
            self.scroll_area.ensureWidgetVisible(self.no_voice)
        self.sync()

    def stop_reading(self) -> None:
        """Silence: the visitor pressed again, moved on, changed language, or the visit ended."""
        self.reader.stop()
        self.reading_bar.dismiss()
        self.no_voice.hide()
        self.sync()

    # -- opening and closing ---------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.isVisible()

    def _cover_window(self) -> None:
        window = self.parentWidget()
        if window is not None:
            self.setGeometry(window.rect())

    def open_menu(self) -> None:
        self.show_settings()
        self._cover_window()
        self.show()
        self.raise_()
        self.place_sheet()
        checked = self.size_group.checkedButton()
        (checked or self.close_button).setFocus(Qt.FocusReason.PopupFocusReason)

    def close_menu(self) -> None:
        if self.isVisible():
            self.hide()
            if self.on_close is not None:
                self.on_close()

    def reset(self) -> None:
        """The visit ended: silent, closed, on its first page, scrolled to the top."""
        self.stop_reading()
        self.hide()
        self.show_settings()
        self.scroll_area.verticalScrollBar().setValue(0)

    def show_settings(self) -> None:
        self.pages.setCurrentWidget(self.scroll_area)
        self.back_button.hide()
        self.retranslate()
        self.place_sheet()

    def show_transcript(self) -> None:
        if self.transcript is None:
            return
        self.transcript_text.show_transcript(self.transcript, self.stage.theme, self.stage.language)
        self.pages.setCurrentWidget(self.transcript_page)
        self.back_button.show()
        self.retranslate()
        self.place_sheet()
        self.transcript_text.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def showing_transcript(self) -> bool:
        return self.pages.currentWidget() is self.transcript_page

    def set_exhibit(self, exhibit: Exhibit | None) -> None:
        """The exhibit on screen (None elsewhere): whether, and which, transcript is offered."""
        changed = exhibit is not self.exhibit
        self.exhibit = exhibit
        if changed:
            self.stop_reading()
        self.read_aloud.setVisible(can_read_aloud(exhibit))
        self.transcript = transcript_for(exhibit, self.stage.bundle, self.stage.language)
        if changed and self.showing_transcript:
            self.show_settings()
        self.read_transcript.setVisible(self.transcript is not None)

    # -- look and words --------------------------------------------------------------------

    def sync(self) -> None:
        """The controls show the visit's settings."""
        settings = self.stage.player.settings
        language = settings.language
        for scale, button in self.size_buttons.items():
            button.setChecked(abs(scale - settings.text_scale) < 0.01)
        for toggle, on in ((self.contrast, settings.high_contrast), (self.captions, settings.captions)):
            toggle.setChecked(on)
            toggle.setText(say("on" if on else "off", language))
        self.contrast.setAccessibleName(say("high_contrast", language))
        self.captions.setAccessibleName(say("captions", language))
        level = round(settings.volume * 100)
        self.volume.blockSignals(True)
        self.volume.setValue(level)
        self.volume.blockSignals(False)
        self.volume_level.setText(say("percent", language, n=level))
        self.quieter.setEnabled(level > 0)
        self.louder.setEnabled(level < 100)
        for code, button in self.language_buttons.items():
            button.setChecked(code == language)
        self.reader.set_volume(settings.volume)
        reading = self.reader.reading
        self.read_aloud.setCheckable(True)
        self.read_aloud.setChecked(reading)
        self.read_aloud.set_words(say("stop_reading" if reading else "read_aloud", language),
                                  say("stop_reading" if reading else "read_aloud", language),
                                  say("stop_reading_desc" if reading else "read_aloud_desc", language))

    def retranslate(self) -> None:
        language = self.stage.language
        self.title.setText(say("transcript" if self.showing_transcript else "accessibility", language))
        self.back_button.setText(say("back", language))
        self.back_button.setAccessibleDescription(say("menu_back_desc", language))
        self.close_button.setText(say("close", language))
        self.close_button.setAccessibleDescription(say("close_desc", language))
        self.sheet.setAccessibleName(say("accessibility", language))
        self.setAccessibleName(say("accessibility", language))
        self.setAccessibleDescription(say("accessibility_desc", language))
        for key, text in self.row_labels.items():
            text.setText(say(key, language))
        for scale, button in self.size_buttons.items():
            percent = round(scale * 100)
            button.set_words(say("percent", language, n=percent), say("text_size_n", language, n=percent),
                             say("text_size_desc", language))
        self.contrast.setAccessibleDescription(say("high_contrast_desc", language))
        self.captions.setAccessibleDescription(say("captions_desc", language))
        self.quieter.set_words("−", say("quieter", language), say("volume_desc", language))
        self.louder.set_words("+", say("louder", language), say("volume_desc", language))
        self.volume.setAccessibleName(say("volume", language))
        self.volume.setAccessibleDescription(say("volume_desc", language))
        for code, button in self.language_buttons.items():
            button.set_words(native_name(code), native_name(code), say("language_desc", code))
        self.read_transcript.set_words(say("read_transcript", language), say("read_transcript", language),
                                       say("read_transcript_desc", language))
        self.read_aloud.setVisible(can_read_aloud(self.exhibit))
        if self.reader.reading and self.reader.language != language:
            self.stop_reading()
        self.no_voice.setText(say("no_voice", language))
        self.reading_bar.retranslate()
        self.transcript = transcript_for(self.exhibit, self.stage.bundle, language)
        self.read_transcript.setVisible(self.transcript is not None)
        transcript = self.transcript
        self.transcript_title.setText(transcript.title if transcript else "")
        self.transcript_source.setText(say("captions_as_text", language))
        self.transcript_source.setVisible(bool(transcript and transcript.from_captions))
        self.transcript_text.setAccessibleName(say("transcript", language))
        self.transcript_text.setAccessibleDescription(say("transcript_text_desc", language))
        if transcript is not None and self.showing_transcript:
            self.transcript_text.show_transcript(transcript, self.stage.theme, language)
        elif self.showing_transcript:
            self.show_settings()
        self.sync()

    def restyle(self) -> None:
        theme = self.stage.theme
        buttons = [self.back_button, self.close_button, self.contrast, self.captions, self.quieter, self.louder,
                   self.read_transcript, self.read_aloud, *self.size_buttons.values(),
                   *self.language_buttons.values()]
        for button in buttons:
            button.set_theme(theme)
        for code, button in self.language_buttons.items():
            # Each name in its own language's forms: 日本語 in Japanese ones on a Chinese visit.
            button.setFont(fonts.for_language(button.font(), code))
        for scale, button in self.size_buttons.items():
            button.setFont(theme.font(round(theme.small_px * (1 + (scale - 1) * 0.6)), QFont.Weight.DemiBold))
        for button in (self.quieter, self.louder):
            button.setFont(theme.font(theme.heading_px, QFont.Weight.DemiBold))
        pad = theme.px(40)
        self._column.setContentsMargins(pad, theme.px(28), pad, theme.px(28))
        self._column.setSpacing(theme.px(20))
        self.top.setSpacing(theme.px(20))
        self.grid.setHorizontalSpacing(theme.px(32))
        self.grid.setVerticalSpacing(theme.px(20))
        self.grid.setContentsMargins(0, 0, theme.px(16), 0)
        self._reading_row.setSpacing(theme.px(24))
        self._transcript_column.setSpacing(theme.px(12))
        self.volume.setFixedHeight(theme.target_px)
        self.volume.setMinimumWidth(theme.px(260))
        self.volume_level.setMinimumWidth(self.volume_level.fontMetrics().horizontalAdvance("100 %") + theme.px(8))
        self.transcript_title.setFont(theme.font(theme.heading_px, QFont.Weight.DemiBold))
        self.sheet.setStyleSheet(self._css())
        # Louder runs the reading way: in Arabic the filled part grows from the right.
        bidi.style_slider(self.volume, filled=f"background: {theme.accent.name()}; border-radius: {theme.px(6)}px;",
                          empty="background: transparent;")
        self.reading_bar.restyle()
        self.place_sheet()
        self.update()

    def _css(self) -> str:
        theme = self.stage.theme
        groove, handle = theme.px(12), theme.px(52)
        return (
            f"#AccessSheet {{ background: {theme.background.name()}; border: {theme.px(3)}px solid"
            f" {theme.muted.name()}; border-radius: {theme.px(28)}px; }}"
            f"QSlider::groove:horizontal {{ height: {groove}px; background: {theme.surface.name()};"
            f" border-radius: {groove // 2}px; }}"
            f"QSlider::sub-page:horizontal {{ background: {theme.accent.name()}; border-radius: {groove // 2}px; }}"
            f"QSlider::handle:horizontal {{ width: {handle}px; height: {handle}px;"
            f" margin: -{(handle - groove) // 2}px 0; border-radius: {handle // 2}px;"
            f" background: {theme.foreground.name()}; }}"
            f"QSlider::handle:horizontal:pressed {{ background: {theme.accent.name()}; }}"
            f"QTextBrowser {{ color: {theme.foreground.name()}; background: transparent; }}"
        )

    def place_sheet(self) -> None:
        """Centre the sheet, as wide as its content needs (wider for a transcript), never off the window."""
        theme = self.stage.theme
        margin = theme.px(40)
        room = self.rect().adjusted(margin, margin, -margin, -margin)
        if room.width() <= 0 or room.height() <= 0:
            return
        self.content.ensurePolished()
        self._column.activate()
        self.grid.activate()
        margins = self._column.contentsMargins()
        chrome_w = margins.left() + margins.right() + theme.px(24)
        chrome_h = margins.top() + margins.bottom() + self.top.sizeHint().height() + self._column.spacing()
        if self.showing_transcript:
            width = min(room.width(), max(theme.px(1200), round(theme.px(1000) * theme.text_scale)))
            height = room.height()
        else:
            hint = self.content.sizeHint()
            width = min(room.width(), max(theme.px(900), hint.width() + chrome_w))
            needed = self.grid.heightForWidth(width - chrome_w) if self.grid.hasHeightForWidth() else hint.height()
            height = min(room.height(), max(needed, hint.height()) + chrome_h)
        sheet = QRect(0, 0, width, height)
        sheet.moveCenter(room.center())
        self.sheet.setGeometry(sheet)

    # -- input -----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._cover_window()
            self.place_sheet()
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        """A touch on the shade, outside the sheet, closes the menu (and touches nothing beneath)."""
        if not self.sheet.geometry().contains(event.position().toPoint()):
            self.close_menu()
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Escape closes; arrows move between the controls; no key reaches the screen beneath."""
        key = event.key()
        if key in (Qt.Key.Key_Escape, Qt.Key.Key_Backspace):
            if self.showing_transcript:
                self.show_settings()
            else:
                self.close_menu()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            move_focus(self.sheet, key == Qt.Key.Key_Down)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
            move_focus(self.sheet, (key == Qt.Key.Key_Right) != rtl)
        event.accept()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        QPainter(self).fillRect(self.rect(), SHADE)
