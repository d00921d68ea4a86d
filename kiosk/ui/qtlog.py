"""Qt's own messages (qDebug, qWarning, ...) go into the kiosk's log instead of stderr.

Messages known to be harmless on a kiosk are lowered to debug, so the log's warnings
stay worth reading (qutebrowser keeps a similar list).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("kiosk.qt")

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
HARMLESS_CATEGORIES = ("qt.multimedia.symbolsresolver", "qt.qpa.xcb.xcberror", "qt.qpa.fonts")
HARMLESS_MESSAGES = (
    "This plugin does not support propagateSizeHints()",
    "This plugin does not support raise()",
    "This plugin does not support grabbing the keyboard",
    "QDBusConnection: session D-Bus connection created before QCoreApplication",
)
# Found anywhere in the message (Qt prefixes some with its function's signature, which varies).
HARMLESS_PARTS = (
    "No RHI backend. Using CPU conversion.",  # video frames converted in software, as asked (launch.prefer_raster)
)

Handler = Callable[[QtMsgType, QMessageLogContext, str], None]


def qt_message_handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    level = _LEVELS.get(mode, logging.WARNING)
    category = context.category or "default"
    if level >= logging.WARNING and (
        category.startswith(HARMLESS_CATEGORIES) or message.startswith(HARMLESS_MESSAGES)
        or any(part in message for part in HARMLESS_PARTS)
    ):
        level = logging.DEBUG
    if not log.isEnabledFor(level):
        return
    where = f"{context.file}:{context.line}" if context.file else ""
    log.log(level, "%s", message, extra={"event": "qt_message",
                                         "fields": {"category": category, "where": where}})


def install() -> Handler | None:
    """Route Qt's messages into logging; returns the handler it replaced."""
    return qInstallMessageHandler(qt_message_handler)


@contextmanager
def routed() -> Iterator[None]:
    """Qt's messages go to logging inside the block; the previous handler returns after."""
    previous = install()
    try:
        yield
    finally:
        qInstallMessageHandler(previous)
