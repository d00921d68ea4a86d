"""What the player tells the analytics: cheap calls from the GUI thread, never a wait.

    recorder = Recorder.from_settings(settings)
    recorder.session_started("en")                   # a visitor woke the kiosk
    recorder.screen_shown("home")                    # each screen of the visit ...
    recorder.screen_shown("exhibit", "art/dawn")     # ... ends the one before (its dwell)
    recorder.media_progress("music/canon", 0.4)      # while audio or video plays
    recorder.setting_changed("language", "fr")       # language, text_scale, high_contrast, captions, volume
    recorder.session_ended("reset", idle=100)        # the idle seconds before the reset are not the visit's
    recorder.tour_shown("exhibit", "art/dawn")       # each step of the tour; tour_stopped() ends the last
    recorder.close()                                 # at exit: ends the visit, commits, stops the thread

Each call validates its arguments, stamps the time and puts a small record on the writer's
queue. Screens, media and choices outside a visit are not recorded (the attract loop, the
tour and the archive viewer are not visitors). Arguments that do not fit are logged and
dropped: the analytics never raise into the player. Call from one thread only.
"""

from __future__ import annotations

import itertools
import logging
import math
import queue
import re
import socket
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.analytics import ops, schema
from kiosk.analytics.clock import RecorderClock, SystemClock
from kiosk.analytics.writer import Writer
from kiosk.declare.rules import LANGUAGE
from kiosk.settings.model import Settings

log = logging.getLogger("kiosk.analytics")

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_CODE = re.compile(r"[A-Za-z0-9.-]{1,35}")
MEDIA_STEP = 0.01
"""Media progress is written when it has grown by this share, and at the end of the play."""


def _is_language(text: str) -> bool:
    """A language tag of at most three subtags: the event log keeps no longer text in its place."""
    return LANGUAGE.matches(text) and text.count("-") <= 3


def resolve_kiosk_id(setting: str) -> str:
    """The `kiosk_id` setting, or the host name made to fit the same pattern."""
    name = setting or re.sub(r"[^A-Za-z0-9._-]+", "-", socket.gethostname()).strip("-")
    return name[:64] or "kiosk"


def place_of(screen: str, ref: str | None) -> ops.Place | None:
    """(screen, section, exhibit) for a screen and its 'section' or 'section/exhibit' ref."""
    section, _, exhibit = (ref or "").partition("/")
    if screen in ("home", "search") and not ref:
        return (screen, "", "")
    if screen == "section" and _SLUG.fullmatch(section) and not exhibit:
        return (screen, section, "")
    if screen == "exhibit" and _SLUG.fullmatch(section) and _SLUG.fullmatch(exhibit):
        return (screen, section, exhibit)
    return None


def choice_text(value: object) -> str | None:
    """A setting's value as the short code the database keeps ('on', '1.25', 'fr')."""
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, int | float):
        return number if math.isfinite(value) and _CODE.fullmatch(number := f"{value:g}") else None
    if isinstance(value, str) and _CODE.fullmatch(value):
        return value
    return None


@dataclass
class _Open:
    token: int
    since: float
    place: ops.Place | None = None


@dataclass
class _Session:
    token: int
    since: float
    day: int
    sections: set[str] = field(default_factory=set)


@dataclass
class _Media:
    token: int
    ref: str
    played: float = 0.0
    written: float = 0.0


class Recorder:
    def __init__(self, path: Path | None = None, *, kiosk_id: str = "", clock: RecorderClock | None = None,
                 retention_days: int = 365, export_folder: Path | None = None, enabled: bool = True,
                 commit_interval: float = 0.5) -> None:
        self.kiosk_id = resolve_kiosk_id(kiosk_id)
        self.clock = clock or SystemClock()
        self.path = path or schema.database_path()
        self._tokens = itertools.count(1)
        self._session: _Session | None = None
        self._view: _Open | None = None
        self._media: _Media | None = None
        self._tour: _Open | None = None
        self.dropped = 0
        self._writer: Writer | None = None
        if enabled:
            self._writer = Writer(self.path, self.clock, kiosk_id=self.kiosk_id,
                                  retention_days=retention_days, export_folder=export_folder,
                                  commit_interval=commit_interval)
            self._writer.start()

    @classmethod
    def from_settings(cls, settings: Settings, *, clock: RecorderClock | None = None,
                      path: Path | None = None) -> Recorder:
        folder = settings.analytics.export_folder
        return cls(path, kiosk_id=settings.kiosk_id, clock=clock,
                   retention_days=settings.analytics.retention_days,
                   export_folder=Path(folder).expanduser() if folder else None,
                   enabled=settings.analytics.enabled)

    @property
    def enabled(self) -> bool:
        return self._writer is not None

    @property
    def in_session(self) -> bool:
        return self._session is not None

    @property
    def session_seconds(self) -> float | None:
        """How long the open visit has lasted; None if there is none."""
        return None if self._session is None else self.clock.monotonic() - self._session.since

    # -- a visit ------------------------------------------------------------------------

    def session_started(self, language: str) -> None:
        """A visitor woke the kiosk. Call before the visit's first `screen_shown`."""
        if not self.enabled:
            return
        if not _is_language(language):
            log.warning("analytics: %r is not a language code; the visit is not recorded", language)
            return
        if self._session is not None:
            log.warning("analytics: a visit began while another was open; closing that one")
            self.session_ended("interrupted")
        wall = self.clock.wall()
        token = next(self._tokens)
        offset = self.clock.utc_offset(wall)
        self._session = _Session(token, self.clock.monotonic(), int((wall + offset) // 86400))
        self._send(ops.StartSession(token, uuid.uuid4().hex, self.kiosk_id, wall, offset, language))

    def screen_shown(self, screen: str, ref: str | None = None) -> None:
        """A screen of the visit appeared: 'home', 'search', 'section' + 'art', 'exhibit' + 'art/dawn'.

        It ends the screen before (its dwell) and any media playing. The same screen again is
        the same view.
        """
        if self._session is None:
            return
        place = place_of(str(screen), ref)
        if place is None:
            log.warning("analytics: ignored the screen %r %r", screen, ref)
            return
        if self._view is not None and self._view.place == place:
            return
        now = self.clock.monotonic()
        self._end_view(now)
        token = next(self._tokens)
        self._view = _Open(token, now, place)
        section = place[1]
        entered = bool(section) and section not in self._session.sections
        self._session.sections.add(section)
        self._send(ops.ShowView(token, self._session.token, self._session.day, self.clock.wall(), place,
                                entered))

    def media_started(self, ref: str, duration: float | None = None) -> None:
        """Audio or video of the exhibit `ref` began to play; `duration` in seconds, if known."""
        if self._session is None:
            return
        place = place_of("exhibit", ref)
        if place is None:
            log.warning("analytics: ignored media of %r", ref)
            return
        self._end_media()
        if duration is not None and not (math.isfinite(duration) and duration > 0):
            duration = None
        token = next(self._tokens)
        self._media = _Media(token, ref)
        self._send(ops.StartMedia(token, self._session.token, self.clock.wall(), place, duration))

    def media_progress(self, ref: str, played_fraction: float) -> None:
        """The share of `ref`'s media played so far (0 to 1). Starts a play if none of `ref` is open."""
        if self._session is None or not math.isfinite(played_fraction):
            return
        if self._media is None or self._media.ref != ref:
            self.media_started(ref)
            if self._media is None:
                return
        played = min(1.0, max(0.0, played_fraction))
        media = self._media
        if played > media.played:
            media.played = played
            if played - media.written >= MEDIA_STEP or played == 1.0:
                media.written = played
                self._send(ops.MediaPlayed(media.token, played))

    def setting_changed(self, name: str, value: object) -> None:
        """The visitor changed the language or an accessibility setting."""
        if self._session is None:
            return
        text = choice_text(value)
        language_wrong = name == "language" and not _is_language(text or "")
        if name not in schema.CHOICES or text is None or language_wrong:
            log.warning("analytics: ignored the choice %r = %r", name, value)
            return
        self._send(ops.Choose(self._session.token, self.clock.wall(), name, text))
        if name == "language":
            self._send(ops.SetLanguage(self._session.token, text))

    def session_ended(self, reason: str, idle: float = 0.0) -> None:
        """The visit is over: 'reset' (idle timeout), 'tour', 'admin' or 'shutdown'.

        `idle`: seconds at the end nobody was there (the idle timeout and the countdown);
        the visit and its last screen end that much earlier.
        """
        if self._session is None:
            return
        if reason not in schema.END_REASONS:
            log.warning("analytics: unknown end reason %r; recorded as 'reset'", reason)
            reason = "reset"
        now = self.clock.monotonic()
        floor = self._view.since if self._view is not None else self._session.since
        end = max(floor, now - max(0.0, idle if math.isfinite(idle) else 0.0))
        self._end_view(end)
        self._send(ops.EndSession(self._session.token, end - self._session.since, reason))
        self._session = None

    def session_discarded(self) -> None:
        """The open visit was not a visitor's (the technician's hidden gesture woke the kiosk):
        it and everything recorded in it are forgotten, as if it had never begun."""
        if self._session is None:
            return
        self._send(ops.DiscardSession(self._session.token))
        self._session = self._view = self._media = None

    # -- the tour ---------------------------------------------------------------------------

    def tour_shown(self, screen: str, ref: str | None = None) -> None:
        """A step of the tour appeared (proof of play); it ends the step before."""
        if not self.enabled:
            return
        place = place_of(str(screen), ref)
        if place is None:
            log.warning("analytics: ignored the tour step %r %r", screen, ref)
            return
        self.tour_stopped()
        wall = self.clock.wall()
        token = next(self._tokens)
        self._tour = _Open(token, self.clock.monotonic(), place)
        self._send(ops.ShowTour(token, self.kiosk_id, wall, self.clock.utc_offset(wall), place))

    def tour_stopped(self) -> None:
        """The tour stopped (a visitor touched, or the kiosk closes): its last step ends now."""
        if self._tour is not None:
            self._send(ops.EndTour(self._tour.token, self.clock.monotonic() - self._tour.since))
            self._tour = None

    # -- the owner ----------------------------------------------------------------------------

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything recorded so far is committed. Not for the GUI thread."""
        if self._writer is None or not self._writer.is_alive():
            return False
        flush = ops.Flush()
        try:
            self._writer.queue.put(flush, timeout=timeout)
        except queue.Full:
            return False
        return flush.done.wait(timeout)

    def close(self, timeout: float = 5.0) -> None:
        """End an open visit and tour step, commit, and stop the writer."""
        self.session_ended("shutdown")
        self.tour_stopped()
        if self._writer is not None and self._writer.is_alive():
            try:
                self._writer.queue.put(ops.Stop(), timeout=timeout)
            except queue.Full:
                log.warning("analytics: the writer is stuck; the last records are lost")
            self._writer.join(timeout)
        self._writer = None

    # -- inside --------------------------------------------------------------------------------

    def _end_view(self, end: float) -> None:
        self._end_media()
        if self._view is not None:
            self._send(ops.EndView(self._view.token, max(0.0, end - self._view.since)))
            self._view = None

    def _end_media(self) -> None:
        media, self._media = self._media, None
        if media is not None and media.played > media.written:
            self._send(ops.MediaPlayed(media.token, media.played))

    def _send(self, op: ops.Op) -> None:
        if self._writer is None:
            return
        try:
            self._writer.queue.put_nowait(op)
        except queue.Full:
            self.dropped += 1
            if self.dropped in (1, 100) or self.dropped % 10_000 == 0:
                log.warning("analytics: the writer is behind; %d record(s) dropped", self.dropped)
