"""The thread that owns the analytics database: batches records, commits, prunes, exports.

Records arrive on a queue from the recorder (the GUI thread never touches SQLite). They go
into one open transaction, committed `commit_interval` seconds after the first of them
arrived, so a killed process loses at most that much. Once a day it deletes what is older
than the retention period; each hour it checks whether yesterday's CSV is due.

Nothing here may stop the kiosk: a full disk or a locked file costs the batch and a log
line; a damaged file is moved aside and a new one started.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import sqlite3
import time
from concurrent.futures import Future, wait
from pathlib import Path

from kiosk.analytics import export, ops, schema
from kiosk.analytics.clock import RecorderClock
from kiosk.background import WorkPool

log = logging.getLogger("kiosk.analytics")

DAY = 86400.0
UPKEEP_EVERY = 3600.0
IDLE_WAKE = 60.0


class Writer:
    """The writer's loop, one long job on a `WorkPool` of its own: ops are applied in the order
    they were queued, on one thread, which ends when the loop does (`Stop`, then `join`)."""

    def __init__(self, path: Path, clock: RecorderClock, *, kiosk_id: str, retention_days: int,
                 export_folder: Path | None = None, commit_interval: float = 0.5,
                 max_queue: int = 100_000) -> None:
        self.name = "kiosk-analytics"
        self._pool = WorkPool(self.name)
        self._loop: Future[None] | None = None
        self.path = path
        self.clock = clock
        self.kiosk_id = kiosk_id
        self.retention_days = retention_days
        self.export_folder = export_folder
        self.commit_interval = commit_interval
        self.queue: queue.Queue[ops.Op] = queue.Queue(max_queue)
        self._db: sqlite3.Connection | None = None
        self._in_batch = False
        self._rows: dict[int, int] = {}
        self._batch_tokens: list[int] = []
        self._places: dict[ops.Place, int] = {}
        self._next_prune = 0.0
        self._next_export = 0.0
        self._failures = 0
        self._reopen_at = 0.0

    # -- the loop -------------------------------------------------------------------------

    def start(self) -> None:
        if self._loop is None:
            self._loop = self._pool.submit(self._run_then_end)

    def is_alive(self) -> bool:
        return self._loop is not None and not self._loop.done()

    def join(self, timeout: float | None = None) -> None:
        """Wait up to `timeout` seconds for the loop (and its thread) to end."""
        if self._loop is not None:
            wait([self._loop], timeout)
        if not self.is_alive():
            self._pool.shutdown(timeout=timeout)

    def _run_then_end(self) -> None:
        try:
            self.run()
        finally:
            self._pool.shutdown(timeout=0)  # from inside: the thread ends once this job returns

    def run(self) -> None:
        self._open()
        deadline: float | None = None
        while True:
            wait = IDLE_WAKE if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                op: ops.Op | None = self.queue.get(timeout=wait)
            except queue.Empty:
                op = None
            try:
                if isinstance(op, ops.Stop):
                    self._commit()
                    break
                if isinstance(op, ops.Flush):
                    self._commit()
                    deadline = None
                    self._upkeep()
                    op.done.set()
                    continue
                if op is not None:
                    self._apply(op)
                    if deadline is None:
                        deadline = time.monotonic() + self.commit_interval
                if deadline is not None and time.monotonic() >= deadline:
                    self._commit()
                    deadline = None
                if deadline is None:
                    self._upkeep()
            except Exception:
                log.exception("analytics writer: unexpected error; the current batch is lost")
                self._rollback()
                deadline = None
        if self._db is not None:
            self._db.close()

    # -- the database ---------------------------------------------------------------------

    def _open(self) -> None:
        """Open the file and close the visits a crash or power cut left open."""
        db: sqlite3.Connection | None = None
        try:
            db = schema.open_for_writing(self.path)
            with _Transaction(db):
                closed = db.execute("UPDATE sessions SET end_reason = 'interrupted' WHERE end_reason IS NULL")
        except (OSError, sqlite3.Error, schema.NewerDatabaseError) as error:
            if db is not None:
                db.close()
            self._reopen_at = time.monotonic() + UPKEEP_EVERY
            log.error("analytics: cannot open %s (%s); visits are not recorded", self.path, error)
            return
        self._db = db
        if closed.rowcount:
            log.info("analytics: %d visit(s) were cut short by the last stop", closed.rowcount)

    def _failed(self, error: sqlite3.Error) -> None:
        if schema.is_damage(error) and self._db is not None:
            self._db.close()
            self._db = None
            self._reset_batch()
            moved = schema.move_aside(self.path, "corrupt")
            log.error("analytics database %s is damaged (%s); moved it to %s and started a new one",
                      self.path, error, moved.name)
            self._open()
            return
        self._failures += 1
        if self._failures in (1, 10, 100) or self._failures % 1000 == 0:
            log.warning("analytics: cannot write (%s); %d failed batch(es) so far", error, self._failures)
        self._rollback()

    def _rollback(self) -> None:
        if self._db is not None and self._in_batch:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
        self._reset_batch()

    def _reset_batch(self) -> None:
        self._in_batch = False
        for token in self._batch_tokens:
            self._rows.pop(token, None)
        self._batch_tokens.clear()
        self._places.clear()

    def _commit(self) -> None:
        if self._db is None or not self._in_batch:
            return
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            self._failed(error)
            return
        self._in_batch = False
        self._batch_tokens.clear()

    def _apply(self, op: ops.Op) -> None:
        if self._db is None:
            return
        try:
            if not self._in_batch:
                self._db.execute("BEGIN")
                self._in_batch = True
            self._write(self._db, op)
        except sqlite3.IntegrityError as error:
            log.warning("analytics: a record was refused (%s): %r", error, op)
        except sqlite3.Error as error:
            self._failed(error)

    def _place(self, db: sqlite3.Connection, place: ops.Place) -> int:
        known = self._places.get(place)
        if known is not None:
            return known
        db.execute("INSERT OR IGNORE INTO places (screen, section, exhibit) VALUES (?, ?, ?)", place)
        row = db.execute("SELECT id FROM places WHERE screen = ? AND section = ? AND exhibit = ?",
                         place).fetchone()
        self._places[place] = int(row[0])
        return int(row[0])

    def _opened(self, token: int, rowid: int | None) -> None:
        if rowid is not None:
            self._rows[token] = rowid
            self._batch_tokens.append(token)

    def _write(self, db: sqlite3.Connection, op: ops.Op) -> None:
        rows = self._rows
        match op:
            case ops.StartSession():
                cursor = db.execute("INSERT INTO sessions (uid, kiosk_id, started, utc_offset, language) "
                                    "VALUES (?, ?, ?, ?, ?)",
                                    (op.uid, op.kiosk_id, op.started, op.utc_offset, op.language))
                self._opened(op.token, cursor.lastrowid)
            case ops.EndSession() if op.token in rows:
                db.execute("UPDATE sessions SET seconds = ?, end_reason = ? WHERE id = ?",
                           (op.seconds, op.reason, rows.pop(op.token)))
            case ops.SetLanguage() if op.session in rows:
                db.execute("UPDATE sessions SET language = ? WHERE id = ?", (op.language, rows[op.session]))
            case ops.ShowView() if op.session in rows:
                cursor = db.execute(
                    "INSERT INTO views (session_id, day, shown, place_id, entered) VALUES (?, ?, ?, ?, ?)",
                    (rows[op.session], op.day, op.shown, self._place(db, op.place), int(op.entered)))
                self._opened(op.token, cursor.lastrowid)
            case ops.EndView() if op.token in rows:
                db.execute("UPDATE views SET dwell = ? WHERE id = ?", (op.dwell, rows.pop(op.token)))
            case ops.StartMedia() if op.session in rows:
                cursor = db.execute(
                    "INSERT INTO media_plays (session_id, started, place_id, duration) VALUES (?, ?, ?, ?)",
                    (rows[op.session], op.started, self._place(db, op.place), op.duration))
                self._opened(op.token, cursor.lastrowid)
            case ops.MediaPlayed() if op.token in rows:
                db.execute("UPDATE media_plays SET played = ? WHERE id = ?", (op.played, rows[op.token]))
            case ops.Choose() if op.session in rows:
                db.execute("INSERT INTO choices (session_id, at, setting, value) VALUES (?, ?, ?, ?)",
                           (rows[op.session], op.at, op.setting, op.value))
            case ops.ShowTour():
                cursor = db.execute(
                    "INSERT INTO tour_plays (kiosk_id, shown, utc_offset, place_id) VALUES (?, ?, ?, ?)",
                    (op.kiosk_id, op.shown, op.utc_offset, self._place(db, op.place)))
                self._opened(op.token, cursor.lastrowid)
            case ops.DiscardSession() if op.token in rows:
                session = rows.pop(op.token)
                for table in ("views", "media_plays", "choices"):
                    db.execute(f"DELETE FROM {table} WHERE session_id = ?", (session,))  # noqa: S608 (our names)
                db.execute("DELETE FROM sessions WHERE id = ?", (session,))
            case ops.EndTour() if op.token in rows:
                db.execute("UPDATE tour_plays SET seconds = ? WHERE id = ?", (op.seconds, rows.pop(op.token)))
            case _:
                log.debug("analytics: nothing to do for %r", op)

    # -- upkeep -----------------------------------------------------------------------------

    def _upkeep(self) -> None:
        if self._db is None:
            if time.monotonic() >= self._reopen_at:
                self._open()
            return
        now = self.clock.wall()
        try:
            if now >= self._next_prune:
                self._next_prune = now + DAY
                with _Transaction(self._db) as db:
                    prune(db, now - self.retention_days * DAY)
            if self.export_folder is not None and now >= self._next_export:
                self._next_export = now + UPKEEP_EVERY
                today = export.local_day(now, self.clock.utc_offset(now))
                export.export_due_days(self._db, self.export_folder, self.kiosk_id, today)
        except sqlite3.Error as error:
            self._failed(error)


class _Transaction:
    """`with` block: BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")


def prune(db: sqlite3.Connection, cutoff: float) -> int:
    """Delete visits begun and tour steps shown before `cutoff`; returns the visits deleted."""
    old = "SELECT id FROM sessions WHERE started < ?"
    for table in ("views", "media_plays", "choices"):
        db.execute(f"DELETE FROM {table} WHERE session_id IN ({old})", (cutoff,))  # noqa: S608 (fixed names)
    deleted = db.execute("DELETE FROM sessions WHERE started < ?", (cutoff,)).rowcount
    tours = db.execute("DELETE FROM tour_plays WHERE shown < ?", (cutoff,)).rowcount
    if deleted or tours:
        log.info("analytics: pruned %d visit(s) and %d tour step(s) older than the retention period",
                 deleted, tours)
    return deleted
