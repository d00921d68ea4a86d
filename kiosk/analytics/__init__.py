"""Anonymous visitor analytics: what visitors looked at, and proof that the tour played.

The player calls a `Recorder` (recorder.py; cheap, from the GUI thread); a writer thread keeps
the record in SQLite (`schema`, `writer`); `queries` computes the figures, `figures` renders
them as a table, rows or a document (`kiosk stats` prints them), `export` writes CSV. No Qt
here: the report's charts live in `kiosk.ui`. This package imports none of its modules, so
that they can import each other by `from kiosk.analytics import ...` without a cycle.
"""
