"""The kiosk and its service manager, on Qt's side (the check that Qt can show a window is
kiosk.ui.launch.platform_advice):
READY=1 at the first frame, and WATCHDOG=1 from a GUI-thread timer, so a frozen interface
stops the pings and systemd restarts the kiosk."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer

from kiosk.system import notify

log = logging.getLogger("kiosk.app")


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
