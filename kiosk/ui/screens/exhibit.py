"""An exhibit on screen, with where-you-are, back and home, and its neighbours ready.

The screen hosts one ExhibitView per exhibit (made by `kiosk.ui.exhibits.create_view`),
keeps the previous and next exhibits' views built so their pictures decode ahead of a
swipe, and relays what views report (media playing, media ended, a touch, a related
exhibit chosen) to the player.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from kiosk.bundle.model import Exhibit
from kiosk.play.player import Cause, Moved
from kiosk.ui import bidi
from kiosk.ui.exhibits import create_view, prefetch_view_media
from kiosk.ui.exhibits.base import ExhibitContext, ExhibitView
from kiosk.ui.gestures import SwipeDetector
from kiosk.ui.i18n import say
from kiosk.ui.imaging import shared_decoder
from kiosk.ui.screens.base import Screen, Stage
from kiosk.ui.widgets import Header, Icon, IconButton

log = logging.getLogger("kiosk.ui")

Key = tuple[int, int]
# While sound or video plays, the picture cache is capped at about three screens' worth (the
# views next door hold their own pictures): the decoder's buffers need the room more.
PLAYING_CACHE_BYTES = 24 * 1024 * 1024
# The neighbours' views are built once the new exhibit has painted (building one takes 5-25 ms
# of the GUI thread, which would otherwise delay the tapped exhibit's first frame); if no paint
# comes (a window not on screen), after this long.
PRELOAD_FALLBACK_MS = 250
# While a section shows, its exhibits' views are built ahead of a tap, one per turn of the
# event loop with this gap between (input and paints go first), up to this many. A view
# is widgets only until it is shown (pictures decode when shown), 0.1-0.3 MB each; a tap
# on a built one shows it in the next frame instead of building it first (10-25 ms).
READY_GAP_MS = 15
READY_MAX = 12


class FallbackView(ExhibitView):
    """What shows if an exhibit's view cannot even be built: its title, calmly."""

    def __init__(self, exhibit: Exhibit, context: ExhibitContext, parent: QWidget | None = None) -> None:
        super().__init__(exhibit, context, parent)
        self.title = QLabel(self)
        self.message = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget, role in ((self.title, "title"), (self.message, "muted")):
            widget.setProperty("role", role)
            widget.setWordWrap(True)
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(widget)
        layout.addStretch(1)
        self.set_context(context)

    def set_context(self, context: ExhibitContext) -> None:
        super().set_context(context)
        self.title.setText(context.text(self.exhibit.title))
        self.message.setText(say("cannot_show", context.language))


def build_view(exhibit: Exhibit, context: ExhibitContext, parent: QWidget | None) -> ExhibitView:
    """The exhibit's view; a calm fallback (and a log entry) if building it fails."""
    try:
        return create_view(exhibit, context, parent)
    except Exception:
        log.exception("the view of exhibit '%s' could not be built", exhibit.id)
        return FallbackView(exhibit, context, parent)


def _reset_and_activate(view: ExhibitView) -> None:
    view.reset_view()
    view.activate()


class ExhibitScreen(Screen):
    def __init__(self, stage: Stage, parent: QWidget | None = None) -> None:
        super().__init__(stage, parent)
        self.setAccessibleName("exhibit")
        self.key: Key | None = None
        self.views: dict[Key, ExhibitView] = {}
        self.preload = True
        self.header = Header(self)
        self.header.back.clicked.connect(self.stage.player.back)
        self.header.home.clicked.connect(self.stage.player.home)
        self.previous = IconButton(Icon.BACK, "", self, round_=True)
        self.next = IconButton(Icon.NEXT, "", self, round_=True)
        self.previous.clicked.connect(self.stage.player.previous_exhibit)
        self.next.clicked.connect(self.stage.player.next_exhibit)
        for button in (self.previous, self.next):
            button.quiet = True
            policy = button.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            button.setSizePolicy(policy)
        self.stack = QStackedWidget(self)
        self.swipes = SwipeDetector(self.stack)
        self.swipes.swiped.connect(self._swiped)
        self.body = QHBoxLayout()
        self.body.addWidget(self.previous, 0, Qt.AlignmentFlag.AlignVCenter)
        self.body.addWidget(self.stack, 1)
        self.body.addWidget(self.next, 0, Qt.AlignmentFlag.AlignVCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addLayout(self.body, 1)
        self._preloader = QTimer(self)
        self._preloader.setSingleShot(True)
        self._preloader.setInterval(0)
        self._preloader.timeout.connect(self._preload_neighbours)
        self._preload_after_paint = False
        self._ready: list[Key] = []  # views still to build ahead of a tap, next first
        self._unplaced: list[Key] = []  # views built ahead, still to style and lay out
        self._readier = QTimer(self)
        self._readier.setSingleShot(True)
        self._readier.setInterval(READY_GAP_MS)
        self._readier.timeout.connect(self._ready_next)
        self.restyle()
        self.retranslate()

    # -- what is on show -----------------------------------------------------------------

    @property
    def view(self) -> ExhibitView | None:
        return self.views.get(self.key) if self.key is not None else None

    def context(self) -> ExhibitContext:
        settings = self.stage.player.settings
        return ExhibitContext(self.stage.bundle, settings.language, captions=settings.captions,
                              text_scale=settings.text_scale, high_contrast=settings.high_contrast,
                              volume=settings.volume)

    def _view_for(self, key: Key) -> ExhibitView:
        view = self.views.get(key)
        if view is None:
            exhibit = self.stage.bundle.manifest.sections[key[0]].exhibits[key[1]]
            view = build_view(exhibit, self.context(), self.stack)
            view.finished.connect(lambda v=view: self._finished(v))
            view.interacted.connect(self.stage.player.touch)
            view.playing_changed.connect(lambda playing, v=view: self._playing(v, playing))
            view.played.connect(lambda share, v=view: self._played(v, share))
            view.open_ref.connect(self._open_ref)
            self.stack.addWidget(view)
            self.views[key] = view
        return view

    def arrive(self, move: Moved) -> None:
        location = move.location
        if location.section is None or location.exhibit is None:
            return
        key = (location.section, location.exhibit)
        old = self.view
        view = self._view_for(key)
        if old is not None and old is not view:
            self._deactivate(old)
        self.key = key
        self.stack.setCurrentWidget(view)
        self._update_header()
        if old is not view:
            view = self._safely(key, _reset_and_activate)
        if move.cause in (Cause.TOUR, Cause.START) and self.stage.player.touring:
            dwell = move.step.image_dwell if move.step is not None else None
            if dwell is not None:
                view = self._safely(key, lambda v: v.set_tour_dwell(dwell))
            view = self._safely(key, lambda v: v.start_tour())
            waits = False
            try:
                waits = bool(view.waits_for_end())
            except Exception:
                log.exception("exhibit view %s failed", key)
            self.stage.player.view_reports(waits)
        if self.preload:
            self._preload_after_paint = True
            self._preloader.start(PRELOAD_FALLBACK_MS)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if self._preload_after_paint:  # this frame is on its way to the screen: the neighbours next
            self._preload_after_paint = False
            self._preloader.stop()
            QTimer.singleShot(0, self, self._preload_now)

    def _preload_now(self) -> None:
        if self.key is not None:
            self._preloader.start(0)

    def _safely(self, key: Key, action: Callable[[ExhibitView], object]) -> ExhibitView:
        """Run `action` on the view of `key`; if it raises, a calm fallback takes the view's place."""
        view = self.views[key]
        try:
            action(view)
        except Exception:
            log.exception("the view of exhibit %s failed; showing its title instead", key)
            fallback = FallbackView(view.exhibit, self.context(), self.stack)
            self.stack.addWidget(fallback)
            if self.stack.currentWidget() is view:
                self.stack.setCurrentWidget(fallback)
            self.stack.removeWidget(view)
            view.hide()
            view.deleteLater()
            self.views[key] = fallback
            view = fallback
        return view

    def first_focus(self) -> QWidget | None:
        return self.view

    def leave(self) -> None:
        self._preloader.stop()
        self._preload_after_paint = False
        if self.view is not None:
            self._deactivate(self.view)
        self.key = None

    def reset(self) -> None:
        """Every view goes: media stopped, buffers freed, zoom and scroll forgotten."""
        self.leave()
        self._ready.clear()
        self._unplaced.clear()
        self._readier.stop()
        for view in self.views.values():
            self.stack.removeWidget(view)
            view.hide()
            view.deleteLater()
        self.views.clear()

    def _deactivate(self, view: ExhibitView) -> None:
        view.deactivate()
        self.stage.player.media_playing(False)
        shared_decoder().cache.cap(None)

    def _preload_neighbours(self) -> None:
        """Build the next and previous views (their pictures decode now), drop the rest."""
        if self.key is None:
            return
        section, index = self.key
        count = len(self.stage.bundle.manifest.sections[section].exhibits)
        wanted = {(section, i) for i in (index - 1, index, index + 1) if 0 <= i < count}
        self._drop_views_but(wanted)
        missing = sorted(wanted - set(self.views), key=lambda k: abs(k[1] - index))
        if missing:
            self._prepare(missing[0])
            if len(missing) > 1:
                self._preloader.start()  # the other neighbour on the next turn of the loop

    def _drop_views_but(self, wanted: set[Key]) -> None:
        for key in list(self.views):
            if key not in wanted:
                view = self.views.pop(key)
                view.deactivate()
                self.stack.removeWidget(view)
                view.hide()
                view.deleteLater()

    def prepare_first(self, section: int) -> None:
        """While a section's screen shows, get its exhibits ready for a tap: the first now
        (its pictures decoding too: the likely tap), the others one per turn of the event
        loop (widgets only). Views of other sections go."""
        if self.key is not None:
            return
        self._drop_views_but({key for key in self.views if key[0] == section})
        count = len(self.stage.bundle.manifest.sections[section].exhibits)
        if count and (section, 0) not in self.views:
            self._prepare((section, 0))
        self._ready = [(section, index) for index in range(1, min(count, READY_MAX))
                       if (section, index) not in self.views]
        self._readier.start()

    def prepare_pressed(self, section: int, index: int) -> None:
        """A finger rests on the tile of exhibit (section, index): have its view built and
        its pictures decoding before the release opens it."""
        key = (section, index)
        if self.key is not None:
            return
        if key in self.views:
            self._prefetch(key)
            return
        self._drop_views_but({k for k in self.views if k[0] == section})
        self._prepare(key)

    def _ready_next(self) -> None:
        """One step ahead of a tap per turn of the loop: lay out a view built before, or
        build the next one while its section is still what shows. (Building and laying out
        a view in one turn took up to 45 ms: a stall a tour or a finger would feel.)"""
        while self._unplaced:
            view = self.views.get(self._unplaced.pop(0))
            if view is not None and not view.isVisible():
                self._get_ready(view)
                self._readier.start()
                return
        location = self.stage.player.location
        while self._ready and self.key is None and location.section == self._ready[0][0]:
            key = self._ready.pop(0)
            if key not in self.views:
                self._view_for(key)
                self._unplaced.append(key)
                break
        if self._unplaced or (self._ready and self.key is None):
            self._readier.start()

    def _view_area(self) -> QSize:
        """The size views have on screen, also while this screen waits hidden: the window's
        stack sizes only the screen it shows, so a screen in waiting is first given the size it
        will have (else views would be laid out, and pictures decoded, at Qt's default size)."""
        holder = self.parentWidget()
        if not self.isVisible() and holder is not None and self.size() != holder.size():
            self.resize(holder.size())
        own = self.layout()
        if own is not None:
            own.activate()
        return self.stack.size()

    def _get_ready(self, view: ExhibitView) -> None:
        """Style and lay out a view built ahead, as showing it would: then showing it only paints."""
        area = self._view_area()
        view.ensurePolished()
        view.setGeometry(QRect(QPoint(0, 0), area))
        layout = view.layout()
        if layout is not None:
            layout.activate()

    def _prepare(self, key: Key) -> None:
        """Build a neighbour's view and start decoding its pictures; it is laid out on a
        later turn of the loop."""
        self._view_for(key)
        self._unplaced.append(key)
        self._readier.start()
        self._prefetch(key)

    def _prefetch(self, key: Key) -> None:
        """Start decoding the first pictures of exhibit `key` into the shared cache. Only the
        screen asks, for the views a visitor is likely to see next: views do not ask for
        themselves, so the views built ahead of a tap stay widgets only."""
        exhibit = self.stage.bundle.manifest.sections[key[0]].exhibits[key[1]]
        try:
            prefetch_view_media(exhibit, self.context(), self._view_area())
        except Exception:
            log.exception("prefetching the pictures of exhibit %s failed", key)

    # -- what views say ----------------------------------------------------------------------

    def _finished(self, view: ExhibitView) -> None:
        if view is self.view and self.isVisible():
            self.stage.player.media_finished()

    def _playing(self, view: ExhibitView, playing: bool) -> None:
        if view is self.view:
            self.stage.player.media_playing(playing)
            # The decoder's buffers need the room more than pictures off screen do.
            shared_decoder().cache.cap(PLAYING_CACHE_BYTES if playing else None)

    def _played(self, view: ExhibitView, share: float) -> None:
        if view is self.view:
            self.stage.player.media_progress(share)

    def _open_ref(self, ref: str) -> None:
        try:
            self.stage.player.open_ref(ref)
        except LookupError:
            log.warning("exhibit link to '%s' leads nowhere", ref)

    def _swiped(self, step: int) -> None:
        view = self.view
        if view is None or view.wants_swipe(step):
            return
        if step > 0:
            self.stage.player.next_exhibit()
        else:
            self.stage.player.previous_exhibit()

    # -- look and words ----------------------------------------------------------------------

    def _update_header(self) -> None:
        if self.key is None:
            return
        section_index, index = self.key
        section = self.stage.bundle.manifest.sections[section_index]
        count = len(section.exhibits)
        position = self.stage.say("n_of_m", n=index + 1, m=count)
        self.header.set_where(bidi.join((self.stage.text(section.title), position), "  ·  "))
        self.previous.setVisible(index > 0)
        self.next.setVisible(index + 1 < count)

    def restyle(self) -> None:
        theme = self.stage.theme
        self.header.restyle(theme)
        self.previous.set_theme(theme)
        self.next.set_theme(theme)
        side = theme.px(20)
        self.body.setContentsMargins(side, 0, side, side)
        self.body.setSpacing(theme.px(12))

    def retranslate(self) -> None:
        stage = self.stage
        self.header.retranslate(stage.language)
        self.previous.setAccessibleName(stage.say("previous"))
        self.next.setAccessibleName(stage.say("next"))
        self.previous.setAccessibleDescription(say("previous_desc", stage.language))
        self.next.setAccessibleDescription(say("next_desc", stage.language))
        context = self.context()
        for view in self.views.values():
            view.set_context(context)
        self._update_header()
