"""The curator's and technician's way into a running kiosk: a hidden gesture (or keys), a PIN
pad, and the admin panel, all inside the kiosk window. `AdminDesk` (desk.py) ties them together.

This package imports none of its modules (import `kiosk.ui.admin.desk`), so that they can
import each other by `from kiosk.ui.admin import ...` without a cycle.
"""
