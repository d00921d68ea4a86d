"""Exhibit Kiosk: plays museum exhibitions from exhibit bundles, unattended, full screen."""

__version__ = "0.1.0"
APP_NAME = "kiosk"
