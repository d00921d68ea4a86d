"""Outside opening hours: a quiet "closed" slate over the kiosk, and the player suspended.

`opening_hours` (empty: always open) is checked against a clock tests can replace, by one
single-shot timer set to the next opening or closing (and at least once a minute, so a
clock that jumps — a time-zone or daylight-saving change, NTP at boot — is noticed). While
closed, the player is suspended: the visit ends, the tour and the attract loop stop, home
stays beneath the slate playing nothing, and no visit starts. The slate shows the
exhibition's title, "Closed" and the next opening in the kiosk's default language,
dimmed (`closed_display: dim`: dark, low contrast) or plain black (`blank`). At opening
time the slate goes and the player starts afresh, as at launch.

Input while closed is swallowed by the admin gesture's filter (kiosk.ui.admin), which still
lets the hidden gesture and the admin keys through. The archive viewer ignores opening hours.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from kiosk import logs
from kiosk.settings.hours import is_open, next_change
from kiosk.ui import bidi
from kiosk.ui.i18n import say
from kiosk.ui.window import KioskWindow

log = logging.getLogger("kiosk.ui")

MAX_WAIT_S = 60.0
DIM_GROUND = QColor("#0B0C0E")
DIM_TITLE = QColor("#4A4D52")
DIM_CLOSED = QColor("#6A6E74")
DIM_NEXT = QColor("#55595E")

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def closed_word(language: str) -> str:
    return say("closed", language)


def opening_line(opens: dt.datetime | None, now: dt.datetime, language: str) -> str:
    """"Opens today at 09:00", "Opens tomorrow at …", "Opens Monday at …"; empty if it never opens.

    One whole sentence per weekday in the catalogues, so no language has to inflect a day's name.
    """
    if opens is None:
        return ""
    time = opens.strftime("%H:%M")
    days = (opens.date() - now.date()).days
    if days == 0:
        return say("opens_today", language, time=time)
    if days == 1:
        return say("opens_tomorrow", language, time=time)
    return say(f"opens_{WEEKDAYS[opens.weekday()]}", language, time=time)


class ClosedSlate(QWidget):
    """Covers the kiosk window; draws the title, "Closed" and the next opening, or nothing (blank)."""

    draws_focus_ring = True  # it holds the focus so that no control beneath takes keys

    def __init__(self, window: KioskWindow) -> None:
        super().__init__(window)
        self.setObjectName("ClosedSlate")
        self.setAccessibleName("closed")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.window_ = window
        self.display = "dim"
        self.title = ""
        self.closed_text = ""
        self.next_text = ""
        self.hide()
        window.installEventFilter(self)

    def show_closed(self, display: str, title: str, closed_text: str, next_text: str) -> None:
        """Show (or refresh) the slate; it rises above the screens only as it first appears, so an
        admin overlay opened over it stays on top."""
        self.display, self.title, self.closed_text, self.next_text = display, title, closed_text, next_text
        if not self.isVisible():
            self.setGeometry(self.window_.rect())
            self.show()
            self.raise_()
            self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.window_ and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.window_.rect())
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        event.accept()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = bidi.directed(QPainter(self), self)
        if self.display == "blank":
            painter.fillRect(self.rect(), QColor("#000000"))
            return
        painter.fillRect(self.rect(), DIM_GROUND)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        theme = self.window_.stage.theme
        fonts = (theme.font(theme.px(44), QFont.Weight.DemiBold), theme.font(theme.px(96), QFont.Weight.Bold),
                 theme.font(theme.px(36)))
        texts = (self.title, self.closed_text, self.next_text)
        colours = (DIM_TITLE, DIM_CLOSED, DIM_NEXT)
        gaps = (theme.px(40), theme.px(24), 0)
        heights = [QFontMetrics(font).lineSpacing() if text else 0 for font, text in zip(fonts, texts, strict=True)]
        total = sum(heights) + sum(gap for gap, text in zip(gaps, texts, strict=True) if text)
        y = (self.height() - total) / 2
        margin = theme.px(96)
        for font, text, colour, gap, height in zip(fonts, texts, colours, gaps, heights, strict=True):
            if not text:
                continue
            painter.setFont(font)
            painter.setPen(colour)
            elided = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, self.width() - 2 * margin)
            painter.drawText(QRectF(margin, y, self.width() - 2 * margin, height),
                             int(Qt.AlignmentFlag.AlignCenter), elided)
            y += height + gap


class OpeningHours(QObject):
    """Signals: changed(bool) — True when the kiosk has just closed, False when it has opened."""

    changed = Signal(bool)

    def __init__(self, hours: dict[str, list[str]], display: str = "dim", *,
                 now: Callable[[], dt.datetime] = dt.datetime.now, enabled: bool = True,
                 max_wait_s: float = MAX_WAIT_S, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hours = dict(hours)
        self.display = display
        self.now = now
        self.enabled = enabled
        self.max_wait_s = max_wait_s
        self.closed = False
        self.window: KioskWindow | None = None
        self.slate: ClosedSlate | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.check)

    def attach(self, window: KioskWindow) -> None:
        """A new window (at start, or after a bundle switch): it closes at once if it should."""
        self.window = window
        self.slate = ClosedSlate(window)
        self.closed = False
        self.check()

    def update(self, hours: dict[str, list[str]], display: str) -> None:
        """New settings (the admin panel's reload): check again now."""
        self.hours, self.display = dict(hours), display
        self.check(refresh=True)

    def is_closed_at(self, moment: dt.datetime) -> bool:
        if not self.enabled or not self.hours:
            return False
        try:
            return not is_open(self.hours, moment)
        except ValueError as error:  # settings are checked when loaded; this is a last guard
            log.error("opening_hours cannot be read (%s); staying open", error)
            return False

    def check(self, *, refresh: bool = False) -> None:
        """Open or close as the clock says, refresh the slate, and set the timer for the next look."""
        now = self.now()
        closed = self.is_closed_at(now)
        upcoming = next_change(self.hours, now) if self.enabled and self.hours else None
        if closed != self.closed or refresh or closed:
            self._apply(closed, now, upcoming, announce=closed != self.closed)
        self.timer.stop()
        if self.enabled and self.hours:
            wait = self.max_wait_s if upcoming is None else (upcoming - now).total_seconds()
            self.timer.start(round(1000 * max(0.5, min(self.max_wait_s, wait))))

    def _apply(self, closed: bool, now: dt.datetime, upcoming: dt.datetime | None, *, announce: bool) -> None:
        window, slate = self.window, self.slate
        self.closed = closed
        if announce:
            logs.event(log, "opening_hours", "closed: outside opening hours" if closed else "open: opening hours began",
                       closed=closed, display=self.display if closed else None,
                       next_change=upcoming.isoformat(timespec="minutes") if upcoming else None)
        if window is None or slate is None:
            if announce:
                self.changed.emit(closed)
            return
        player = window.player
        if closed:
            language = player.defaults.language
            manifest = window.stage.bundle.manifest
            slate.show_closed(self.display, manifest.title.get(language, manifest.languages), closed_word(language),
                              opening_line(upcoming, now, language))
            player.suspend()
        else:
            slate.hide()
            player.resume()
        if announce:
            self.changed.emit(closed)

    def close(self) -> None:
        self.timer.stop()
