"""The import's progress: a bar redrawn in place on a terminal, plain lines elsewhere."""

from __future__ import annotations

import io

from kiosk.commands.importing import ProgressLine
from kiosk.importers.fetch import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_one_bar_redrawn_in_place() -> None:
    stream = Terminal()
    line = ProgressLine(stream)
    line(Progress(done=0, total=4, received=0))
    line(Progress(done=4, total=4, received=2_500_000))
    line.finish()
    assert stream.getvalue() == ("\r[------------------------------] 0/4 files, 0 B  "
                                 "\r[##############################] 4/4 files, 2.5 MB  \n")


def test_a_log_gets_a_line_per_finished_file() -> None:
    stream = io.StringIO()
    line = ProgressLine(stream)
    for progress in (Progress(0, 2, 0), Progress(0, 2, 500), Progress(1, 2, 1500), Progress(2, 2, 3000)):
        line(progress)
    line.finish()
    assert stream.getvalue() == ("fetched 0 of 2 files (0 B)\nfetched 1 of 2 files (1.5 kB)\n"
                                 "fetched 2 of 2 files (3.0 kB)\n")


def test_the_manifests_bar_ends_before_the_files_bar_begins() -> None:
    stream = Terminal()
    line = ProgressLine(stream)
    line(Progress(done=2, total=2, what="manifests"))
    line(Progress(done=1, total=1, received=10))
    line.finish()
    assert stream.getvalue() == ("\r[##############################] 2/2 manifests  \n"
                                 "\r[##############################] 1/1 files, 10 B  \n")
