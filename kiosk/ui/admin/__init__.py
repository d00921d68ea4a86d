"""The curator's and technician's way into a running kiosk: a hidden gesture (or keys), a PIN
pad, and the admin panel, all inside the kiosk window. `AdminDesk` (desk.py) ties them together.
"""

from kiosk.ui.admin.desk import EXIT_TO_DESKTOP, AdminDesk

__all__ = ["EXIT_TO_DESKTOP", "AdminDesk"]
