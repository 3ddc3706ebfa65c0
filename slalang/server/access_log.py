"""Logs: one JSON object per line for machines, a readable line for a person at a terminal.

The server logs through two loggers: ``slalang.server.access`` (one line per request:
method, path, status, duration_ms, bytes, client) and ``slalang.server`` (start, reloads,
unexpected errors). ``configure_logging`` attaches a handler to them and to uvicorn's
loggers, with ``JsonFormatter`` when standard error goes to a pipe or a file (a log
collector) and ``TextFormatter`` when it is a terminal; the app itself configures nothing,
so embedding it is free.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import math
import sys
from typing import IO, Any

import orjson

ACCESS_LOGGER = "slalang.server.access"
SERVER_LOGGER = "slalang.server"


def utc_milliseconds(epoch_s: float) -> str:
    """``2026-12-07T01:36:05.064Z``: UTC, to the millisecond (cut, not rounded), as
    ``datetime.fromtimestamp(epoch_s, UTC).isoformat(timespec="milliseconds")`` writes it."""
    fraction, whole = math.modf(epoch_s)
    second, microsecond = divmod(round(fraction * 1_000_000), 1_000_000)  # datetime's own rounding
    return _utc_second(int(whole) + second) + f".{microsecond // 1000:03d}Z"


@functools.lru_cache(maxsize=4)
def _utc_second(second: int) -> str:
    return dt.datetime.fromtimestamp(second, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")


class JsonFormatter(logging.Formatter):
    """``{"ts", "level", "logger", "event", ...fields}``; ``fields`` come from ``extra={"fields": {...}}``."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": utc_milliseconds(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line.update(fields)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(line, default=str).decode()


class TextFormatter(logging.Formatter):
    """``21:45:03  POST /v1/evaluate 200 12.3 ms 1.2 kB  127.0.0.1:50312`` for a request,
    ``21:45:01  serving  policy=policies/acme.sla ...`` for the rest; local time of day, the
    level when it is not info, the remaining fields as ``key=value``."""

    def format(self, record: logging.LogRecord) -> str:
        when = dt.datetime.fromtimestamp(record.created).strftime("%H:%M:%S")
        level = "" if record.levelno == logging.INFO else f"{record.levelname.lower()}  "
        fields = dict(getattr(record, "fields", None) or {})
        if {"method", "path", "status"} <= fields.keys():
            text = f"{fields.pop('method')} {fields.pop('path')} {fields.pop('status')}"
            if "duration_ms" in fields:
                text += f" {fields.pop('duration_ms'):g} ms"
            if "bytes" in fields:
                text += f" {_size(fields.pop('bytes'))}"
            client = fields.pop("client", None)
            text += f"  {client}" if client else ""
        else:
            text = record.getMessage()
        rest = "  ".join(f"{key}={_value(value)}" for key, value in fields.items())
        line = f"{when}  {level}{text}" + (f"  {rest}" if rest else "")
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def _size(count: Any) -> str:
    if not isinstance(count, int):
        return f"{count} B"
    return f"{count} B" if count < 1000 else f"{count / 1000:.1f} kB" if count < 1_000_000 else f"{count / 1e6:.1f} MB"


def _value(value: Any) -> str:
    text = value if isinstance(value, str) else orjson.dumps(value, default=str).decode()
    return text if text and " " not in text else orjson.dumps(text).decode()


LOG_FORMATS = ("auto", "json", "text")


def configure_logging(
    stream: IO[str] | None = None, level: int = logging.INFO, log_format: str = "auto"
) -> logging.Handler:
    """Send the server's and uvicorn's logs to ``stream`` (standard error): readable lines
    on a terminal, JSON lines otherwise (``log_format`` "auto"), or as ``log_format`` says."""
    stream = stream or sys.stderr
    if log_format not in LOG_FORMATS:
        raise ValueError(f"log format must be one of {', '.join(LOG_FORMATS)}, not {log_format!r}")
    isatty = getattr(stream, "isatty", None)
    text = log_format == "text" or (log_format == "auto" and bool(isatty and isatty()))
    handler = logging.StreamHandler(stream)
    handler.setFormatter(TextFormatter() if text else JsonFormatter())
    for name in (SERVER_LOGGER, "uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler] if name != "uvicorn.error" else []
        logger.setLevel(level)
        logger.propagate = name == "uvicorn.error"  # uvicorn.error reaches the handler through "uvicorn"
    logging.getLogger("uvicorn.access").disabled = True  # the app writes its own access lines
    return handler
