"""The player's one window: a stack of screens driven by the player's events.

    Player ──events──▶ KioskWindow.on_player_event ──▶ screens (arrive/leave/reset)
      ▲                                                │
      └── touch, open_section, next_exhibit, … ◀──────┘ (buttons, swipes, keys, views)

Moving between screens cross-fades from a grabbed frame of the old one (never a black
gap), and each screen's first paint is logged as `screen_shown` with the time since the
visitor's input.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QImage, QKeyEvent, QPainter, QResizeEvent
from PySide6.QtWidgets import QApplication, QLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.bundle.playable import PlayableBundle
from kiosk.logs import event as log_event
from kiosk.play.navigation import Screen as Place
from kiosk.play.player import (
    AttractSlide,
    Cause,
    Countdown,
    Moved,
    Player,
    PlayerEvent,
    SessionChanged,
    SettingsChanged,
    TourChanged,
)
from kiosk.ui.a11y.focus import FocusIndicator, move_focus
from kiosk.ui.a11y.menu import AccessMenu
from kiosk.ui.exhibits import import_ahead, view_modules
from kiosk.ui.i18n import is_rtl, use_bundle
from kiosk.ui.presence import PresenceWatcher
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.base import Screen, Stage
from kiosk.ui.screens.exhibit import ExhibitScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.search import SearchScreen
from kiosk.ui.screens.section import SectionScreen
from kiosk.ui.screens.still_there import StillThereOverlay
from kiosk.ui.theme import Theme
from kiosk.ui.ticker import Ticker
from kiosk.ui.transitions import CrossFade

log = logging.getLogger("kiosk.ui")

TRANSITION_MS = 260
RECENT_INPUT_S = 5.0
PREPARE_FALLBACK_MS = 250
WARM_STEP_MS = 10
# The outgoing frame is copied into a buffer kept between moves: a new 8 MB image each move costs
# its page faults (about 5 ms of a 1920x1080 move's 6), a kept one only the copy (1 ms). It goes
# once the visitor has not moved for this long, so an idle kiosk does not hold it.
FRAME_KEPT_MS = 10_000


class _PaintProbe(QObject):
    """Calls back once, just after `widget` is next painted and flushed to the screen."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback = callback
        self._widget = widget
        widget.installEventFilter(self)
        widget.update()

    def cancel(self) -> None:
        """The screen was left before it was painted: it was never shown."""
        self._widget.removeEventFilter(self)
        self.deleteLater()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._fire)
        return False

    def _fire(self) -> None:
        self.deleteLater()
        self._callback()


_SCREENS: dict[Place, Callable[[Stage], Screen]] = {
    Place.ATTRACT: AttractScreen,
    Place.HOME: HomeScreen,
    Place.SECTION: SectionScreen,
    Place.EXHIBIT: ExhibitScreen,
    Place.SEARCH: SearchScreen,
}


class KioskWindow(QWidget):
    """Signals: screen_shown(dict) with the fields of the log event; first_painted()."""

    screen_shown = Signal(dict)
    first_painted = Signal()

    def __init__(self, bundle: PlayableBundle, player: Player, *, windowed: bool = False,
                 transition_ms: int = TRANSITION_MS, size: QSize | None = None) -> None:
        """`size`: the size the window will have, so that it is styled once, for that size."""
        super().__init__()
        self.setObjectName("KioskWindow")
        self.setWindowTitle(bundle.manifest.title.get(player.settings.language, bundle.manifest.languages))
        if size is not None:
            self.resize(size)
        self.player = player
        self.locked = not windowed
        self.stage = Stage(bundle, player, Theme.create(bundle, self.size(), language=player.settings.language),
                           windowed)
        self.stage.prepare_exhibit = self._prepare_pressed
        use_bundle(bundle.manifest.interface.values if bundle.manifest.interface else None, bundle.manifest.languages)
        self.stack = QStackedWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # The window's size is the screen's; the layout must not push size hints to it.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.addWidget(self.stack)
        # Screens are built when first needed, or just after the first frame (`_warm_up`), so
        # the first frame comes as early as it can.
        self.screens: dict[Place, Screen] = {}
        self.fade = CrossFade(self.stack, transition_ms)
        self.still_there = StillThereOverlay(self.stage, self)
        self.presence = PresenceWatcher(self, player)
        self.ticker = Ticker(player, self)
        self._painted_once = False
        self._moved_at = 0.0
        self._probe: _PaintProbe | None = None
        self._frame_buffer: QImage | None = None
        self._frame_kept = QTimer(self)
        self._frame_kept.setSingleShot(True)
        self._frame_kept.setInterval(FRAME_KEPT_MS)
        self._frame_kept.timeout.connect(self._drop_frame_buffer)
        _PaintProbe(self, self._first_paint)
        player.subscribe(self.on_player_event)
        self._apply_settings()
        # The accessibility menu hears each event after the window has acted on it.
        self.access = AccessMenu(self.stage, self, lambda: self.current)
        player.subscribe(self.access.on_player_event)
        self.focus_ring = FocusIndicator(self, lambda: self.stage.theme)

    # -- reading ---------------------------------------------------------------------------

    def screen_for(self, place: Place) -> Screen:
        """The screen for `place`, built on first use."""
        screen = self.screens.get(place)
        if screen is None:
            screen = _SCREENS[place](self.stage)
            self.screens[place] = screen
            screen.setFont(self.font())  # before the style sheet styles it (see _restyle)
            self.stack.addWidget(screen)
            screen.restyle()
            screen.retranslate()
        return screen

    @property
    def attract(self) -> AttractScreen:
        return self.screen_for(Place.ATTRACT)  # type: ignore[return-value]

    @property
    def home(self) -> HomeScreen:
        return self.screen_for(Place.HOME)  # type: ignore[return-value]

    @property
    def section(self) -> SectionScreen:
        return self.screen_for(Place.SECTION)  # type: ignore[return-value]

    @property
    def exhibit(self) -> ExhibitScreen:
        return self.screen_for(Place.EXHIBIT)  # type: ignore[return-value]

    @property
    def search(self) -> SearchScreen:
        return self.screen_for(Place.SEARCH)  # type: ignore[return-value]

    @property
    def current(self) -> Screen | None:
        return self.stack.currentWidget()  # type: ignore[return-value]

    # -- the player's events -------------------------------------------------------------

    def on_player_event(self, event: PlayerEvent) -> None:
        if isinstance(event, Moved):
            self._move(event)
        elif isinstance(event, AttractSlide):
            self.attract.show_slide(event.item)
        elif isinstance(event, Countdown):
            self.still_there.show_countdown(event.seconds_left)
        elif isinstance(event, SettingsChanged):
            if event.reset:
                for screen in self.screens.values():
                    screen.reset()
            self._apply_settings()
        elif isinstance(event, SessionChanged):
            log_event(log, "session", f"session {event.event.value}", change=event.event.value)
        elif isinstance(event, TourChanged):
            log_event(log, "tour", "tour running" if event.running else "tour handed to the visitor",
                      running=event.running)

    def _move(self, move: Moved) -> None:
        self._moved_at = time.perf_counter()
        current = self.current
        target = self.screen_for(move.location.screen)
        frame = None
        if self.isVisible() and self.fade.duration_ms > 0 and move.location != move.previous:
            frame = self._frame_on_screen()
        if current is not None and current is not target:
            current.leave()
        target.arrive(move)
        self.stack.setCurrentWidget(target)
        if frame is not None:
            self.fade.start(frame, move.direction)
        else:
            self.fade.stop()
        if move.cause is Cause.RESET or move.location.screen is Place.ATTRACT:
            self.still_there.show_countdown(None)
        if self.stage.windowed:
            self._place_focus(target, same_screen=current is target)
        if move.location.screen is Place.SECTION and move.location.section is not None:
            # The section's first exhibit is built once the section's first frame is on screen
            # (`_shown`): before it, it would delay that frame by its 20-60 ms. This timer only
            # covers a window that never paints.
            section = move.location.section
            QTimer.singleShot(PREPARE_FALLBACK_MS, self, lambda: self._prepare_first(section))
        ref = move.location.ref(self.stage.bundle.manifest)
        input_at = self.presence.last_input_at
        visitor = move.cause is Cause.VISITOR and time.perf_counter() - input_at < RECENT_INPUT_S
        moved_at = self._moved_at
        if self._probe is not None:
            self._probe.cancel()
        since = input_at if visitor else None
        self._probe = _PaintProbe(target, lambda: self._shown(move, ref, since, moved_at))

    def _prepare_first(self, section: int) -> None:
        location = self.player.location
        if location.screen is Place.SECTION and location.section == section:
            self.exhibit.prepare_first(section)

    def _prepare_pressed(self, section: int, index: int) -> None:
        if self.player.location.screen is Place.SECTION:
            self.exhibit.prepare_pressed(section, index)

    def _frame_on_screen(self) -> QImage:
        """What the stack shows now: a copy of the backing store (a few ms), else a render."""
        store = self.backingStore()
        device = store.paintDevice() if store is not None else None
        if isinstance(device, QImage) and not device.isNull():
            ratio = device.devicePixelRatio()
            area = self.stack.geometry()
            return self._kept_copy(device, QRect(round(area.x() * ratio), round(area.y() * ratio),
                                                 round(area.width() * ratio), round(area.height() * ratio)))
        return self.stack.grab().toImage()

    def _kept_copy(self, device: QImage, source: QRect) -> QImage:
        """The `source` part of `device`, copied into the kept frame buffer."""
        frame = self._frame_buffer
        if frame is None or frame.size() != source.size() or frame.format() != device.format():
            frame = self._frame_buffer = QImage(source.size(), device.format())
        frame.setDevicePixelRatio(device.devicePixelRatio())
        painter = QPainter(frame)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        painter.drawImage(QPointF(0, 0), device, QRectF(source))
        painter.end()
        self._frame_kept.start()
        return frame

    def _drop_frame_buffer(self) -> None:
        self._frame_buffer = None  # (a fade still showing it keeps its own reference)

    def _place_focus(self, target: Screen, *, same_screen: bool = False) -> None:
        """Keyboard focus goes to a new screen's first place; on the same screen (the next
        exhibit) it stays where it is, if that is still shown."""
        focused = self.focusWidget()
        if same_screen and focused is not None and target.isAncestorOf(focused) and focused.isVisibleTo(target):
            return
        first = target.first_focus()
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _shown(self, move: Moved, ref: str | None, input_at: float | None, moved_at: float) -> None:
        self._probe = None
        now = time.perf_counter()
        fields: dict[str, Any] = {
            "screen": move.location.screen.value,
            "ref": ref,
            "cause": move.cause.value,
            "language": self.stage.language,
            "input_to_paint_ms": round((now - input_at) * 1000, 1) if input_at is not None else None,
            "paint_ms": round((now - moved_at) * 1000, 1),
        }
        log_event(log, "screen_shown", f"{move.location.screen.value} {ref or ''}".strip(), **fields)
        self.screen_shown.emit(fields)
        if move.location.screen is Place.SECTION and move.location.section is not None:
            section = move.location.section
            QTimer.singleShot(0, self, lambda: self._prepare_first(section))

    def _first_paint(self) -> None:
        if not self._painted_once:
            self._painted_once = True
            self.first_painted.emit()
            QTimer.singleShot(0, self, self._warm_up)

    def _warm_up(self, places: tuple[Place, ...] = (Place.HOME, Place.SECTION, Place.EXHIBIT)) -> None:
        """Build the screens a visitor reaches next, one per turn of the event loop; then import
        the exhibit views' modules."""
        if places:
            self.screen_for(places[0])
            QTimer.singleShot(0, self, lambda: self._warm_up(places[1:]))
        else:
            self._import_views(view_modules())

    def _import_views(self, modules: list[str]) -> None:
        """One module per timer turn (a zero delay would run them all in one turn)."""
        if modules:
            import_ahead(modules[0])
            QTimer.singleShot(WARM_STEP_MS, self, lambda: self._import_views(modules[1:]))

    # -- look ----------------------------------------------------------------------------

    def _apply_settings(self) -> None:
        settings = self.player.settings
        theme = Theme.create(self.stage.bundle, self.size(), family=self.stage.theme.family,
                             text_scale=settings.text_scale, high_contrast=settings.high_contrast,
                             language=settings.language)
        # The style sheet is set again only when the look changed: a volume or captions change is instant.
        restyle = theme != self.stage.theme or not self.styleSheet()
        self.stage.theme = theme
        rtl = is_rtl(settings.language)
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
        if restyle:
            self._restyle()
        for screen in self.screens.values():
            screen.retranslate()

    def _restyle(self) -> None:
        theme = self.stage.theme
        # A widget the style sheet styles keeps the font it had when it was styled, whatever its
        # parent's font becomes later; the sheet goes while the font changes, then comes back.
        self.setStyleSheet("")
        font = theme.font(theme.body_px)
        self.setFont(font)
        for screen in self.screens.values():
            screen.setFont(font)  # each screen's font is its own (screen_for), so it is passed on
        self.setStyleSheet(theme.stylesheet())
        for screen in self.screens.values():
            screen.restyle()
        self.still_there.update()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        theme = self.stage.theme.resized(self.size())
        if theme != self.stage.theme:
            self.stage.theme = theme
            self._restyle()
        if self.still_there.isVisible():
            self.still_there.setGeometry(self.rect())

    # -- keys (the archive viewer's, and a keyboard plugged into a kiosk) --------------------

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802 (Qt's name)
        """Tab and Shift+Tab, in reading order, within the accessibility menu while it is open."""
        focused = QApplication.focusWidget()
        if focused is not None and not focused.isVisible():
            # Qt moving the focus off a screen being hidden: the window holds it until the new
            # screen places it (`_place_focus`), rather than it landing on the first button.
            self.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        scope = self.access.panel.sheet if self.access.is_open else self.current
        return scope is not None and move_focus(scope, next)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if not self.handle_key(event.key(), event.modifiers()):
            super().keyPressEvent(event)

    def handle_key(self, key: int, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> bool:
        player = self.player
        place = player.location.screen
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        control = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            forward = (key == Qt.Key.Key_Right) != rtl
            if place is Place.EXHIBIT:
                if forward:
                    player.next_exhibit()
                else:
                    player.previous_exhibit()
            else:
                self.focusNextPrevChild(key == Qt.Key.Key_Right)
            return True
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.focusNextPrevChild(key == Qt.Key.Key_Down)
            return True
        if key == Qt.Key.Key_Backspace or (key == Qt.Key.Key_Escape and self.stage.windowed):
            player.back()
            return True
        if key == Qt.Key.Key_Home:
            player.home()
            return True
        if key == Qt.Key.Key_Space and place is Place.EXHIBIT and self.exhibit.view is not None:
            return self.exhibit.view.toggle_playback()  # Space with no control focused: play or pause
        if self.stage.windowed and (key == Qt.Key.Key_Slash or (control and key == Qt.Key.Key_F)):
            player.open_search()
            return True
        return False

    # -- staying put ---------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.locked:
            log.info("a request to close the kiosk was ignored")
            event.ignore()
            return
        self.shutdown()
        super().closeEvent(event)

    def recover(self) -> None:
        """After an unexpected error: clear overlays and go home, keeping the visit."""
        self.fade.stop()
        self.still_there.show_countdown(None)
        self.access.close()
        self.player.recover()

    def shutdown(self) -> None:
        self.ticker.stop()
        if Place.EXHIBIT in self.screens:
            self.exhibit.reset()
