"""Kept so code written against the first stop-gap dict still imports: the words now live in
the catalogues of assets/i18n, read by kiosk.ui.i18n. New code uses `kiosk.ui.i18n.say`."""

from kiosk.ui.i18n import say as tr

__all__ = ["tr"]
