"""Structured logs: one JSON object per line.

The server logs through two loggers: ``slalang.server.access`` (one line per request:
method, path, status, duration_ms, bytes, client) and ``slalang.server`` (start, reloads,
unexpected errors). ``configure_logging`` attaches a ``JsonFormatter`` handler to them and
to uvicorn's loggers; the app itself configures nothing, so embedding it is free.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from typing import IO, Any

import orjson

ACCESS_LOGGER = "slalang.server.access"
SERVER_LOGGER = "slalang.server"


class JsonFormatter(logging.Formatter):
    """``{"ts", "level", "logger", "event", ...fields}``; ``fields`` come from ``extra={"fields": {...}}``."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
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


def configure_logging(stream: IO[str] | None = None, level: int = logging.INFO) -> logging.Handler:
    """Send the server's and uvicorn's logs to ``stream`` (standard error) as JSON lines."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    for name in (SERVER_LOGGER, "uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler] if name != "uvicorn.error" else []
        logger.setLevel(level)
        logger.propagate = name == "uvicorn.error"  # uvicorn.error reaches the handler through "uvicorn"
    logging.getLogger("uvicorn.access").disabled = True  # the app writes its own access lines
    return handler
