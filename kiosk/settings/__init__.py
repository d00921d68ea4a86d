"""Device settings: declared once (model.py); loading that never stops the kiosk (files.py)."""
