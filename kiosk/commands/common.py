"""What the commands share: an error line on stderr, sizes for people, and the kiosk's log
around the commands that change the store, so that each of them leaves a line in the log file.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.store import RefusedError


@contextlib.contextmanager
def logged(args: argparse.Namespace) -> Iterator[None]:
    """Store commands print their own results; their log lines go to the kiosk's log file
    (and to stderr with --verbose), so that every install, refused or not, leaves a line there."""
    from kiosk import logs

    logs.setup(stream=sys.stderr if args.verbose else io.StringIO())
    try:
        yield
    finally:
        logs.teardown()


def fail(message: str, hint: str = "") -> int:
    print(f"kiosk: error: {message}" + (f" ({hint})" if hint else ""), file=sys.stderr)
    return 1


BAR_WIDTH = 30


def bar(done: int, total: int, empty: str = ".") -> str:
    """A terminal progress bar, `[#####.....]`, filled in proportion to `done` of `total`."""
    filled = BAR_WIDTH * done // max(total, 1)
    return f"[{'#' * filled}{empty * (BAR_WIDTH - filled)}]"


def human_size(size: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "B" else f"{size:,.1f} {unit}"
        size /= 1000  # type: ignore[assignment]
    return f"{size} B"


def refused(error: RefusedError, verdict: str, nothing_done: str) -> int:
    """A bundle the store would not take: every finding, then one line of verdict on stderr."""
    print("\n".join(error.lines()))
    errors = len(error.report.errors)
    print(f"{error.display}: {verdict}, {errors} error{'s' * (errors != 1)}; {nothing_done}", file=sys.stderr)
    return 1
