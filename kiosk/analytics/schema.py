"""The analytics database: its tables, their migrations, and opening it safely.

One SQLite file, `events.db` in the user data folder, in WAL mode so `kiosk stats` can read
while the kiosk writes. The schema's version is `PRAGMA user_version`; `MIGRATIONS[n]` takes
a database from version n to n + 1, in one transaction.

No column can hold words a visitor typed: every text column is an identifier checked by the
database itself (a slug, a language code, a random hex id, the kiosk's id) or one of a fixed
list of words. Times are seconds since 1970 UTC; `utc_offset` is the kiosk's offset from UTC
when a visit or tour step began, so hours and days are the kiosk's own.

A file that is not a database, or fails SQLite's quick check, is moved aside as
`events.db.corrupt-TIMESTAMP` (with its `-wal`) and a new one is started.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from pathlib import Path

from kiosk import paths

log = logging.getLogger("kiosk.analytics")

DATABASE = "events.db"
SCREENS = ("home", "section", "exhibit", "search")
END_REASONS = ("reset", "tour", "admin", "shutdown", "interrupted")
CHOICES = ("language", "text_scale", "high_contrast", "captions", "volume")
META_KEYS = ("exported_through",)

_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26


def _slug(column: str) -> str:
    return f"({column} = '' OR (length({column}) <= 64 AND {column} NOT GLOB '*[^a-z0-9-]*'))"


def _words(column: str, words: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(word) for word in words)})"


_KIOSK_ID = "length(kiosk_id) BETWEEN 1 AND 64 AND kiosk_id NOT GLOB '*[^A-Za-z0-9._-]*'"
_CODE = "length({0}) BETWEEN 1 AND 35 AND {0} NOT GLOB '*[^A-Za-z0-9.-]*'"

_VERSION_1 = (
    f"""CREATE TABLE places (
        id INTEGER PRIMARY KEY,
        screen TEXT NOT NULL CHECK ({_words('screen', SCREENS)}),
        section TEXT NOT NULL DEFAULT '' CHECK {_slug('section')},
        exhibit TEXT NOT NULL DEFAULT '' CHECK {_slug('exhibit')},
        CHECK ((screen IN ('home', 'search') AND section = '' AND exhibit = '')
               OR (screen = 'section' AND section <> '' AND exhibit = '')
               OR (screen = 'exhibit' AND section <> '' AND exhibit <> '')),
        UNIQUE (screen, section, exhibit))""",
    f"""CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE CHECK (length(uid) = 32 AND uid NOT GLOB '*[^0-9a-f]*'),
        kiosk_id TEXT NOT NULL CHECK ({_KIOSK_ID}),
        started REAL NOT NULL,
        utc_offset INTEGER NOT NULL,
        seconds REAL CHECK (seconds >= 0),
        language TEXT NOT NULL CHECK ({_CODE.format('language')}),
        end_reason TEXT CHECK ({_words('end_reason', END_REASONS)}))""",
    "CREATE INDEX sessions_local_start ON sessions (started + utc_offset)",
    # `day` (the local day its visit began, as days since 1970) and `entered` (the visit's
    # first screen in this section) repeat what the sessions table knows, so the figures of a
    # year are one pass over the covering index `views_by_place`, with no join and no DISTINCT.
    """CREATE TABLE views (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions (id),
        day INTEGER NOT NULL,
        shown REAL NOT NULL,
        place_id INTEGER NOT NULL REFERENCES places (id),
        dwell REAL CHECK (dwell >= 0),
        entered INTEGER NOT NULL DEFAULT 0 CHECK (entered IN (0, 1)))""",
    "CREATE INDEX views_by_session ON views (session_id)",
    "CREATE INDEX views_by_place ON views (place_id, day, dwell, entered)",
    """CREATE TABLE media_plays (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions (id),
        started REAL NOT NULL,
        place_id INTEGER NOT NULL REFERENCES places (id),
        duration REAL CHECK (duration > 0),
        played REAL NOT NULL DEFAULT 0 CHECK (played BETWEEN 0 AND 1))""",
    "CREATE INDEX media_by_session ON media_plays (session_id)",
    f"""CREATE TABLE choices (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions (id),
        at REAL NOT NULL,
        setting TEXT NOT NULL CHECK ({_words('setting', CHOICES)}),
        value TEXT NOT NULL CHECK ({_CODE.format('value')}))""",
    "CREATE INDEX choices_by_session ON choices (session_id)",
    f"""CREATE TABLE tour_plays (
        id INTEGER PRIMARY KEY,
        kiosk_id TEXT NOT NULL CHECK ({_KIOSK_ID}),
        shown REAL NOT NULL,
        utc_offset INTEGER NOT NULL,
        place_id INTEGER NOT NULL REFERENCES places (id),
        seconds REAL CHECK (seconds >= 0))""",
    "CREATE INDEX tour_local_start ON tour_plays (shown + utc_offset)",
    f"""CREATE TABLE meta (
        key TEXT PRIMARY KEY CHECK ({_words('key', META_KEYS)}),
        value TEXT NOT NULL CHECK (length(value) <= 32 AND value NOT GLOB '*[^0-9-]*'))""",
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (_VERSION_1,)
SCHEMA_VERSION = len(MIGRATIONS)


class NewerDatabaseError(Exception):
    """The database was written by a newer kiosk, whose schema this one does not know."""


class DamagedDatabaseError(Exception):
    """SQLite's quick check found the file damaged."""


def database_path() -> Path:
    return paths.data_dir() / "analytics" / DATABASE


def is_damage(error: BaseException) -> bool:
    """Whether an error means the file itself is broken (rather than full, locked or gone)."""
    if isinstance(error, DamagedDatabaseError):
        return True
    code = getattr(error, "sqlite_errorcode", None)
    return isinstance(error, sqlite3.DatabaseError) and code is not None and code & 0xFF in (
        _SQLITE_CORRUPT, _SQLITE_NOTADB)


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), WAL, schema up to date."""
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        # NORMAL: a commit survives the process being killed; a power cut may lose the last
        # few commits, never the file. FULL would fsync an SD card every second.
        connection.execute("PRAGMA synchronous = NORMAL")
        migrate(connection)
    except BaseException:
        connection.close()
        raise
    return connection


def migrate(connection: sqlite3.Connection) -> int:
    """Bring the schema up to `SCHEMA_VERSION`; returns the version the file had."""
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise NewerDatabaseError(f"schema version {version}; this kiosk knows up to {SCHEMA_VERSION}")
    for target in range(version + 1, SCHEMA_VERSION + 1):
        connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in MIGRATIONS[target - 1]:
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {target}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        log.info("analytics database at schema version %d", target)
    return version


def _open_checked(path: Path) -> sqlite3.Connection:
    connection = connect(path)
    try:
        verdict = connection.execute("PRAGMA quick_check(1)").fetchone()[0]
    except BaseException:
        connection.close()
        raise
    if verdict != "ok":
        connection.close()
        raise DamagedDatabaseError(verdict)
    return connection


def open_for_writing(path: Path) -> sqlite3.Connection:
    """Open (or create) the database the kiosk records into.

    A damaged file, or one from a newer kiosk, is moved aside and a new one started: the
    kiosk keeps recording, and the old file is kept for whoever wants to rescue it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _open_checked(path)
    except NewerDatabaseError as error:
        moved = move_aside(path, "newer")
        log.warning("analytics database %s has %s; moved it to %s and started a new one",
                    path, error, moved.name)
    except (sqlite3.DatabaseError, DamagedDatabaseError) as error:
        if not is_damage(error):
            raise
        moved = move_aside(path, "corrupt")
        log.error("analytics database %s is damaged (%s); moved it to %s and started a new one",
                  path, error, moved.name)
    return _open_checked(path)


def move_aside(path: Path, why: str) -> Path:
    """Rename the database (and its write-ahead log) to `NAME.WHY-TIMESTAMP`; drop its -shm."""
    target = paths.set_aside(path, why)
    path.replace(target)
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        wal.replace(target.with_name(target.name + "-wal"))
    with contextlib.suppress(FileNotFoundError):
        path.with_name(path.name + "-shm").unlink()
    return target
