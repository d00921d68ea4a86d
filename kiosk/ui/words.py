"""Kept so code written against the first stop-gap dict still imports: the words now live in
the catalogues of assets/i18n, read by kiosk.ui.i18n. New code imports from there."""

from kiosk.ui.i18n import RTL_LANGUAGES, base_language, is_rtl, native_name, say

__all__ = ["RTL_LANGUAGES", "base_language", "is_rtl", "native_name", "say"]
