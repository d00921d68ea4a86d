"""Bringing content in from elsewhere: `kiosk import-iiif` turns IIIF Presentation manifests and
collections into a bundle folder. Qt-free; the command line prints what these modules return."""

from __future__ import annotations


class IIIFError(Exception):
    """An import that cannot go on: `message` says what is wrong (naming the URL or file at
    fault) and `hint` what to do about it; the command line prints both, never a traceback."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(f"{message} ({hint})" if hint else message)
        self.message = message
        self.hint = hint
