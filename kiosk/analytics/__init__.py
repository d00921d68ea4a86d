"""Anonymous visitor analytics: what visitors looked at, and proof that the tour played.

The player calls a `Recorder` (cheap, from the GUI thread); a writer thread keeps the record
in SQLite (`schema`, `writer`); `queries` computes the figures, `commands` prints them
(`kiosk stats`), `export` writes CSV. No Qt here: the report's charts live in `kiosk.ui`.
"""

from kiosk.analytics.recorder import Recorder

__all__ = ["Recorder"]
