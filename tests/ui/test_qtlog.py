"""Qt's own messages go into the kiosk's log."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import qWarning

from kiosk.ui import qtlog


def test_qt_warnings_become_log_records(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="kiosk.qt")
    with qtlog.routed():
        qWarning("a Qt complaint")
        qWarning("This plugin does not support propagateSizeHints()")
    records = [r for r in caplog.records if r.name == "kiosk.qt"]
    assert [(r.levelno, r.getMessage()) for r in records] == [
        (logging.WARNING, "a Qt complaint"),
        (logging.DEBUG, "This plugin does not support propagateSizeHints()"),
    ]
    assert records[0].fields["category"] == "default"


def test_software_conversion_of_video_frames_is_not_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="kiosk.qt")
    message = "QRhi* {anonymous}::ThreadLocalRhiHolder::ensureRhi(QRhi*) : No RHI backend. Using CPU conversion."
    with qtlog.routed():
        qWarning(message)
    assert [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "kiosk.qt"] == [(logging.DEBUG, message)]
