"""The kiosk and its service manager, on Qt's side: the checks before QApplication exists,
READY=1 at the first frame, and WATCHDOG=1 from a GUI-thread timer, so a frozen interface
stops the pings and systemd restarts the kiosk."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from kiosk.system import notify, platformcheck

log = logging.getLogger("kiosk.app")


def platform_advice() -> str | None:
    """What to do when Qt could not show a window here, or None when it can (or is running)."""
    if QApplication.instance() is not None or platformcheck.chosen_platform() == "offscreen":
        return None
    problem = platformcheck.check_platform()
    return problem.advice() if problem is not None else None


class ServiceLink(QObject):
    """Tells the service manager (where there is one) that the kiosk is up, alive, stopping."""

    def __init__(self, notifier: notify.Notifier | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.notifier = notifier or notify.Notifier()
        self.ready_sent = False
        self.timer = QTimer(self)
        interval = notify.watchdog_interval_seconds()
        if self.notifier.enabled and interval:
            self.timer.setInterval(max(1, round(interval * 1000)))
            self.timer.timeout.connect(self.notifier.watchdog)
            self.timer.start()
            log.info("watchdog: pinging the service manager every %.1f s", interval)

    def ready(self, status: str = "") -> None:
        if not self.ready_sent:
            self.ready_sent = True
            self.notifier.ready(status)

    def stopping(self) -> None:
        self.timer.stop()
        self.notifier.stopping()
        self.notifier.close()
