from __future__ import annotations

import pytest

from kiosk.play.session import Phase, Session, SessionEvent, SessionTimings


@pytest.fixture
def session() -> Session:
    return Session(SessionTimings(idle_timeout=90, still_there=10))


def test_a_touch_starts_a_visit(session: Session) -> None:
    assert session.phase is Phase.IDLE
    assert session.deadline() is None
    assert session.touch(5) is SessionEvent.STARTED
    assert session.phase is Phase.VISIT
    assert session.deadline() == 95


def test_idle_visitor_is_asked_then_reset(session: Session) -> None:
    session.touch(0)
    assert session.tick(89.9) is None
    assert session.tick(90) is SessionEvent.STILL_THERE
    assert session.seconds_left(90) == 10
    assert session.seconds_left(90.5) == 10
    assert session.seconds_left(91) == 9
    assert session.seconds_left(99.99) == 1
    assert session.tick(99.9) is None
    assert session.tick(100) is SessionEvent.ENDED
    assert session.phase is Phase.IDLE


def test_a_touch_answers_still_there(session: Session) -> None:
    session.touch(0)
    session.tick(90)
    assert session.touch(95) is SessionEvent.RESUMED
    assert session.phase is Phase.VISIT
    assert session.deadline() == 185


def test_idle_time_pauses_while_media_plays(session: Session) -> None:
    session.touch(0)
    session.set_media_playing(True, 30)
    assert session.deadline() is None
    assert session.tick(1000) is None
    session.set_media_playing(False, 600)
    assert session.deadline() == 690, "idle time counts from the end of the media"


def test_without_a_countdown_the_session_ends_at_the_timeout() -> None:
    session = Session(SessionTimings(idle_timeout=5, still_there=0))
    session.touch(0)
    assert session.tick(5) is SessionEvent.ENDED


def test_negative_timings_are_refused() -> None:
    with pytest.raises(ValueError, match="cannot be negative"):
        SessionTimings(idle_timeout=-1)
