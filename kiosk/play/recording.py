"""Feeding the player's events to the visitor analytics recorder.

The player says what happens (a visit starts, the screen changes, the tour moves on, the
visitor changes a setting, the visit ends); the recorder stores it off the GUI thread.
This adapter is the one place that maps one onto the other.
"""

from __future__ import annotations

from kiosk.analytics.recorder import Recorder
from kiosk.play.navigation import Screen
from kiosk.play.player import (
    Cause,
    IdleMode,
    MediaProgress,
    Moved,
    Player,
    PlayerEvent,
    SessionChanged,
    SettingsChanged,
    TourChanged,
)
from kiosk.play.session import SessionEvent

RECORDED_SETTINGS = ("language", "text_scale", "high_contrast", "captions", "volume")


class VisitRecording:
    """Subscribe it to a Player: `player.subscribe(VisitRecording(player, recorder))`."""

    def __init__(self, player: Player, recorder: Recorder) -> None:
        self.player = player
        self.recorder = recorder
        self._settings = player.settings

    def __call__(self, event: PlayerEvent) -> None:
        manifest = self.player.manifest
        if isinstance(event, SessionChanged):
            if event.event is SessionEvent.STARTED:
                self.recorder.session_started(self.player.settings.language)
                # A touch during the tour hands its screen to the visitor: their first view.
                # From the attract loop the touch moves home next, which is recorded then.
                location = self.player.location
                if location.screen is not Screen.ATTRACT:
                    self.recorder.screen_shown(location.screen.value, location.ref(manifest))
            elif event.event is SessionEvent.ENDED:
                if event.cause is Cause.ADMIN:
                    self.recorder.session_ended("admin")
                else:
                    # The idle timeout ended it: into the attract loop, or into the tour.
                    timings = self.player.config.timings
                    touring = self.player.config.idle_mode is IdleMode.TOUR
                    self.recorder.session_ended("tour" if touring else "reset",
                                                idle=timings.idle_timeout + timings.still_there)
        elif isinstance(event, Moved):
            screen, ref = event.location.screen.value, event.location.ref(manifest)
            if event.step is not None or event.cause is Cause.TOUR:  # the tour's first step too
                self.recorder.tour_shown(screen, ref)
            elif event.cause is Cause.VISITOR:
                self.recorder.screen_shown(screen, ref)
        elif isinstance(event, MediaProgress):
            self.recorder.media_progress(event.ref, event.played)
        elif isinstance(event, TourChanged) and not event.running:
            self.recorder.tour_stopped()
        elif isinstance(event, SettingsChanged):
            if not event.reset:
                for name in RECORDED_SETTINGS:
                    value = getattr(event.settings, name)
                    if value != getattr(self._settings, name):
                        self.recorder.setting_changed(name, value)
            self._settings = event.settings
