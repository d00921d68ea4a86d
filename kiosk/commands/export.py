"""`kiosk export-web BUNDLE -o SITE`: the exhibition as a static, offline, accessible website.

The export (kiosk.export) is Qt-free; this command hands it the kiosk's words and a picture
decoder from kiosk.ui.web_export, imported only when it runs. A progress bar is drawn on
stderr when stderr is a terminal; warnings (the bundle's, the theme's contrast, pictures that
cannot be decoded, files left out because they are broken) are printed after it, then what was
written: the pages and files, the HTML, CSS and JavaScript in all and per language (the issue's
budget), and the media.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from kiosk.commands.common import bar, fail, human_size


class ProgressBar:
    """One line on a terminal, redrawn in place; nothing at all when the stream is not a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.active = stream.isatty()
        self.drawn = False

    def __call__(self, done: int, total: int, what: str) -> None:
        if not self.active or total <= 0:
            return
        label = what if len(what) <= 40 else "…" + what[-39:]
        self.stream.write(f"\r\x1b[K{bar(done, total)} {done}/{total} {label}")
        self.stream.flush()
        self.drawn = True

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def cmd_export_web(args: argparse.Namespace) -> int:
    from kiosk.export.site import ExportError, export_site
    from kiosk.ui.web_export import KioskWords, QtPictures

    shown = ProgressBar(sys.stderr)
    try:
        result = export_site(args.bundle, args.output, words=KioskWords, pictures=QtPictures(),
                             languages=args.languages or None, base_url=args.base_url, progress=shown)
    except ExportError as error:
        shown.finish()
        for line in error.lines:
            print(line)
        return fail(error.message, error.hint)
    shown.finish()
    for line in [*result.left_out, *result.findings]:
        print(line, file=sys.stderr)
    for warning in result.warnings:
        print(f"kiosk: warning: {warning}", file=sys.stderr)
    print(f"wrote {result.output}: {result.pages} pages, {result.files} files")
    if result.left_out:
        count = len(result.left_out)
        print(f"{count} broken file{'s' if count != 1 else ''} left out, as the kiosk plays without "
              f"{'them' if count != 1 else 'it'} (the warnings above say where)")
    languages = ", ".join(f"{code} {human_size(size)}" for code, size in result.by_language.items())
    print(f"HTML, CSS and JavaScript beyond the media: {human_size(result.text_bytes)} "
          f"({languages}; shared by all {human_size(result.shared_bytes)}); "
          f"compressed, as a zip holds them or a web server sends them: {human_size(result.compressed_bytes)}")
    fonts = f" (of which the bundle's fonts {human_size(result.font_bytes)})" if result.font_bytes else ""
    print(f"media: {human_size(result.media_bytes)}{fonts}")
    return 0
