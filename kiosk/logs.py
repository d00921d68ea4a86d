"""The kiosk's log: a rotating file in the user log folder, and stderr.

Each area logs under its own name (`kiosk.app`, `kiosk.ui`, `kiosk.play`, `kiosk.qt`,
`kiosk.bundle`, ...). Structured events carry a name and fields, so a machine can read
them back: with `--log-format json` every record is one JSON object per line, on stderr
and in the file; with `text` the fields follow the message as `key=value`.

    from kiosk.logs import event
    event(log, "screen_shown", ref="art/dawn", input_to_paint_ms=42.5)
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from kiosk import paths

LOG_FILE = "kiosk.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 5
LogFormat = Literal["text", "json"]
_OURS = "_kiosk_handler"
_raise_exceptions: bool | None = None


def event(logger: logging.Logger, name: str, message: str | None = None, *,
          level: int = logging.INFO, **fields: Any) -> None:
    """Log the structured event `name` with its fields."""
    logger.log(level, message or name, extra={"event": name, "fields": fields})


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    fields = getattr(record, "fields", None)
    return dict(fields) if isinstance(fields, dict) else {}


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, event and its fields."""

    def format(self, record: logging.LogRecord) -> str:
        document: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        name = getattr(record, "event", None)
        if name:
            document["event"] = name
            for key, value in _fields(record).items():
                document.setdefault(key, value)
        if record.exc_info:
            document["exception"] = self.formatException(record.exc_info)
        return json.dumps(document, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s: %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        text = super().formatMessage(record)
        fields = _fields(record)
        if fields:
            text += " " + " ".join(f"{key}={value}" for key, value in fields.items())
        return text


class _Degrading:
    """A handler whose failures (a full disk, a vanished folder, a closed stderr) cost only its own output.

    logging's own `handleError` prints a traceback to stderr, and `close` lets a failing last flush
    escape, which turned a successful command into a failure exit. Here a failure is counted and
    said once on stderr, the record is dropped, and the kiosk goes on.
    """

    failures = 0

    def _failed(self, error: BaseException | None) -> None:
        self.failures += 1
        filename = getattr(self, "baseFilename", None)  # a file handler's; stderr itself says nothing
        if self.failures == 1 and filename is not None:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                sys.stderr.write(f"kiosk: cannot write the log file {filename} ({error}); "
                                 "going on without it\n")

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        self._failed(sys.exc_info()[1])

    def flush(self) -> None:
        try:
            super().flush()  # type: ignore[misc]
        except (OSError, ValueError) as error:
            self._failed(error)

    def close(self) -> None:
        try:
            super().close()  # type: ignore[misc]
        except (OSError, ValueError) as error:
            self._failed(error)


class QuietStreamHandler(_Degrading, logging.StreamHandler):  # type: ignore[type-arg]
    """stderr (or the stream given), dropping records it cannot write."""


_file_handler: type[logging.Handler] | None = None


def _file_handler_class() -> type[logging.Handler]:
    """`QuietFileHandler`, made when first needed: logging.handlers (with socket and pickle) costs
    the kiosk's first frame about 10 ms, and the file opens after it (`setup(defer_file=True)`)."""
    global _file_handler
    if _file_handler is None:
        import logging.handlers

        class QuietFileHandler(_Degrading, logging.handlers.RotatingFileHandler):
            """The rotating log file, dropping records it cannot write."""

        _file_handler = QuietFileHandler
    return _file_handler


def __getattr__(name: str) -> Any:
    if name == "QuietFileHandler":
        return _file_handler_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _Held(logging.Handler):
    """Keeps the records meant for the log file until it opens (`open_file`), so none is lost;
    past `LIMIT` records the oldest go (a start logs a few dozen)."""

    LIMIT = 5000

    def __init__(self, log_format: LogFormat) -> None:
        super().__init__()
        self.log_format = log_format
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) >= self.LIMIT:
            del self.records[0]
        self.records.append(record)


def log_file() -> Path:
    return paths.log_dir() / LOG_FILE


_previous_level: tuple[int, int] | None = None


def _open_file(formatter: logging.Formatter) -> tuple[logging.Handler | None, OSError | None]:
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = _file_handler_class()(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")  # type: ignore[call-arg, arg-type]  # the class is made late
    except OSError as error:
        return None, error
    handler.setFormatter(formatter)
    setattr(handler, _OURS, True)
    return handler, None


def open_file() -> Path | None:
    """Open the log file that `setup(defer_file=True)` left for later, and write into it the
    records held meanwhile; the file, or None if it cannot be written (said on the log) or was
    not asked for."""
    root = logging.getLogger()
    held = next((handler for handler in root.handlers if isinstance(handler, _Held)), None)
    if held is None:
        return None
    handler, problem = _open_file(_formatter(held.log_format))
    root.removeHandler(held)
    if handler is not None:
        for record in held.records:
            if record.levelno >= handler.level:
                handler.handle(record)
        root.addHandler(handler)
    held.records.clear()
    held.close()
    if problem is not None:
        logging.getLogger("kiosk.app").warning("cannot write the log file: %s", problem)
        return None
    return log_file()


def _formatter(log_format: LogFormat) -> logging.Formatter:
    return JsonFormatter() if log_format == "json" else TextFormatter()


def setup(log_format: LogFormat = "text", *, level: int = logging.INFO, to_file: bool = True,
          stream: Any = None, defer_file: bool = False) -> Path | None:
    """Send every record to stderr and to the rotating log file; returns the file, if any.

    Calling it again replaces what an earlier call installed. A log folder that cannot be
    written is reported on stderr and the kiosk goes on without the file. `defer_file`: the
    file opens at `open_file()` (or `teardown()`), with every record logged until then; the
    kiosk opens it once its first frame is on the screen.
    """
    teardown()
    formatter = _formatter(log_format)
    stderr = QuietStreamHandler(stream or sys.stderr)
    stderr.setFormatter(formatter)
    handlers: list[logging.Handler] = [stderr]
    path: Path | None = None
    problem = None
    if to_file and defer_file:
        handlers.append(_Held(log_format))
        path = log_file()
    elif to_file:
        file_handler, problem = _open_file(formatter)
        if file_handler is not None:
            handlers.append(file_handler)
            path = log_file()
    root = logging.getLogger()
    global _previous_level
    _previous_level = (root.level, logging.getLogger("kiosk").level)
    for handler in handlers:
        setattr(handler, _OURS, True)
        root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("kiosk").setLevel(level)
    logging.captureWarnings(True)
    # Handlers not ours (pytest's, a library's) must not spill tracebacks from a full disk either.
    global _raise_exceptions
    if _raise_exceptions is None:
        _raise_exceptions = logging.raiseExceptions
    logging.raiseExceptions = False
    if problem is not None:
        logging.getLogger("kiosk.app").warning("cannot write the log file: %s", problem)
    return path


def teardown() -> None:
    """Remove and close the handlers `setup` installed, and restore the level it changed; a
    log file still deferred opens first and gets what was held for it."""
    global _previous_level
    root = logging.getLogger()
    open_file()
    if _previous_level is not None:
        root.setLevel(_previous_level[0])
        logging.getLogger("kiosk").setLevel(_previous_level[1])
        _previous_level = None
    for handler in list(root.handlers):
        if getattr(handler, _OURS, False):
            root.removeHandler(handler)
            handler.close()
    logging.captureWarnings(False)
    global _raise_exceptions
    if _raise_exceptions is not None:
        logging.raiseExceptions, _raise_exceptions = _raise_exceptions, None
