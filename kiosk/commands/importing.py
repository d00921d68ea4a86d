"""`kiosk import-iiif SOURCE -o DIR`: a bundle from IIIF manifests and collections.

The importer (kiosk.importers) does the work and reports progress through a callback; this
module draws it: a bar redrawn in place on a terminal, or a plain line per finished file when
stderr is a log or a pipe.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from typing import TextIO

from kiosk.commands.common import fail, human_size, logged
from kiosk.importers.fetch import Progress

BAR_WIDTH = 30


class ProgressLine:
    """Shows an import's progress on `stream`: a bar on a terminal, else a line per file."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.lock = threading.Lock()
        self.shown = -1
        self.last = 0.0
        self.drawn = False
        self.what = "files"

    def __call__(self, progress: Progress) -> None:
        with self.lock:
            if progress.what != self.what:
                self.finish()
                self.what, self.shown, self.last = progress.what, -1, 0.0
            if not self.tty:
                if progress.done != self.shown and progress.total:
                    self.shown = progress.done
                    size = f" ({human_size(progress.received)})" if progress.what == "files" else ""
                    print(f"fetched {progress.done} of {progress.total} {progress.what}{size}", file=self.stream)
                return
            now = time.monotonic()
            if now - self.last < 0.1 and progress.done != progress.total:
                return
            self.last = now
            filled = BAR_WIDTH * progress.done // max(progress.total, 1)
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            size = f", {human_size(progress.received)}" if progress.what == "files" else ""
            self.stream.write(f"\r[{bar}] {progress.done}/{progress.total} {progress.what}{size}  ")
            self.stream.flush()
            self.drawn = True

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False


def cmd_import_iiif(args: argparse.Namespace) -> int:
    from kiosk.importers import IIIFError, fetch
    from kiosk.importers.bundle import Options, import_iiif, partial_folder

    limits = fetch.Limits(max_json=fetch.MAX_JSON_BYTES, max_file=args.max_file_size, jobs=args.jobs,
                          timeout=args.timeout, retries=args.retries, retry_delay=fetch.RETRY_DELAY)
    options = Options(args.source, args.output, max_size=args.max_size, language=args.lang, limits=limits)
    line = ProgressLine(sys.stderr)
    with logged(args):
        try:
            imported = import_iiif(options, line)
        except fetch.FetchFailed as error:
            line.finish()
            for failure in error.failures:
                fail(failure.message, failure.hint)
            print(f"kiosk: {len(error.failures)} file{'s' * (len(error.failures) != 1)} could not be fetched; what "
                  f"arrived is kept in {partial_folder(args.output)}: run the same command again to go on",
                  file=sys.stderr)
            return 1
        except IIIFError as error:
            line.finish()
            return fail(error.message, error.hint)
        except OSError as error:
            line.finish()
            return fail(f"cannot write {args.output}: {error.strerror or error}")
        except KeyboardInterrupt:
            line.finish()
            print(f"kiosk: stopped; run the same command again to go on from {partial_folder(args.output)}",
                  file=sys.stderr)
            return 130
    line.finish()
    for note in imported.notes:
        print(f"kiosk: note: {note}", file=sys.stderr)
    report = imported.validation.report
    errors, warnings = len(report.errors), len(report.warnings)
    print(f"wrote {imported.output}: {imported.sections} section{'s' * (imported.sections != 1)}, "
          f"{imported.exhibits} exhibit{'s' * (imported.exhibits != 1)}, {imported.files} "
          f"file{'s' * (imported.files != 1)} ({human_size(imported.size)}), in {', '.join(imported.languages)}")
    verdict = "valid" if errors == 0 else "invalid"
    print(f"{imported.output}: {verdict}, {errors} error{'s' * (errors != 1)}, {warnings} "
          f"warning{'s' * (warnings != 1)}; 'kiosk validate {imported.output}' lists them, and "
          f"'kiosk preview {imported.output} -o previews' shows every screen")
    return 0 if errors == 0 else 1
