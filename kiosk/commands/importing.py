"""`kiosk import-iiif SOURCE -o DIR`: a bundle from IIIF manifests and collections.

The importer (kiosk.importers) does the work and reports progress through a callback; this
module draws it: a bar redrawn in place on a terminal, or a plain line per finished file when
stderr is a log or a pipe. The parser's arguments are declared here too; `kiosk.cli` imports this
module to build its parser, so it imports the importer itself only when the command runs.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from kiosk.commands.common import bar, fail, human_size, logged

if TYPE_CHECKING:
    from kiosk.importers.fetch import Progress



def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number")
    return int(text)


def _jobs(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 32:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of files from 1 to 32")
    return int(text)


def _pixels(text: str) -> int:
    if not text.isdigit() or not 64 <= int(text) <= 65500:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of pixels from 64 to 65500")
    return int(text)


def add_import_parser(commands: Any, *, sizes: Callable[[str], int], seconds: Callable[[str], float],
                      default_size: int) -> None:
    """`kiosk import-iiif`'s arguments; `sizes` and `seconds` are the command line's own parsers of
    '500M' and of a number of seconds, passed in so that this module need not import it."""
    iiif = commands.add_parser("import-iiif", help="make a bundle from IIIF manifests or a collection")
    iiif.add_argument("source", metavar="SOURCE", help="an http(s) address or a JSON file of a IIIF Presentation "
                      "3.0 manifest or collection, or a 2.1 manifest")
    iiif.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="the new bundle folder")
    iiif.add_argument("--max-size", type=_pixels, default=8000, metavar="PIXELS",
                      help="the long side of pictures fetched through an image service (default: 8000)")
    iiif.add_argument("--max-file-size", type=sizes, default=default_size, metavar="SIZE",
                      help="the largest media file to download, as 500M or 12G (default: 8G)")
    iiif.add_argument("--lang", metavar="CODE", help="the bundle's first language, which IIIF's 'none' texts "
                      "take (default: the language most of its labels are in)")
    iiif.add_argument("--jobs", type=_jobs, default=4, metavar="N", help="files fetched at once (default: 4)")
    iiif.add_argument("--timeout", type=seconds, default=30.0, metavar="SECONDS",
                      help="seconds without a byte before a download counts as stalled (default: 30)")
    iiif.add_argument("--retries", type=_count, default=3, metavar="N", help="tries after a failed download (default: 3)")
    iiif.add_argument("--verbose", "-v", action="store_true", help="also show the log on stderr")


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
            size = f", {human_size(progress.received)}" if progress.what == "files" else ""
            self.stream.write(f"\r{bar(progress.done, progress.total, '-')} {progress.done}/{progress.total} "
                              f"{progress.what}{size}  ")
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
