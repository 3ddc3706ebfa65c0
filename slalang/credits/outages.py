"""Outages: the second kind of input (credits.md), read and checked one line at a time.

An outage is ``{"service": NAME, "start": RFC 3339, "end": RFC 3339 | null, "id": ...}``:
``end`` null means still down; ``id`` (a string or a number) is optional; other members are
ignored. Files are read as tickets are (JSON Lines, a JSON list, or pretty-printed objects;
``-`` for standard input), streamed. A bad line becomes an ``OutageFailure`` with its line
number and the reason, and the other lines still count.

Where credits.md is silent: ``end`` must be present (``null`` for an outage still going
on), so that a misspelt member is not read as an outage that never ended.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from ..evaluation.instants import InstantError, TimestampParser, format_utc
from ..evaluation.ticket_files import InputError, read_tickets
from ..evaluation.tickets import json_kind

Source = str | os.PathLike | IO[bytes]
MAX_OUTAGE_BYTES = 1 << 20
"""An outage is a few members; a larger item is reported as a bad line, unread."""


@dataclass(frozen=True, slots=True)
class Outage:
    service: str
    start_s: int
    end_s: int | None  # None: still down
    id: str | int | float | None = None
    line: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"service": self.service, "start": format_utc(self.start_s),
                "end": None if self.end_s is None else format_utc(self.end_s), "id": self.id}


@dataclass(frozen=True, slots=True)
class OutageFailure:
    """A line that is not an outage: its 1-based line (or position) and why."""

    line: int | None
    error: str
    id: Any = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "error": self.error, "line": self.line}


class OutageError(ValueError):
    pass


class OutageReader:
    """Checks decoded outage objects (one parser memo per reader)."""

    def __init__(self) -> None:
        self._instants = TimestampParser()

    def read(self, raw: Any, line: int | None = None) -> Outage | OutageFailure:
        if isinstance(raw, InputError):
            reason = raw.reason
            if reason.startswith("ticket is larger"):
                reason = f"the outage is larger than {MAX_OUTAGE_BYTES} bytes"
            return OutageFailure(raw.line, reason)
        outage_id = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(outage_id, (str, int, float)) or isinstance(outage_id, bool):
            outage_id = None
        try:
            return self._outage(raw, line)
        except OutageError as exc:
            return OutageFailure(line, str(exc), outage_id)

    def _outage(self, raw: Any, line: int | None) -> Outage:
        if not isinstance(raw, dict):
            raise OutageError(f"an outage must be a JSON object, got {json_kind(raw)}")
        service = raw.get("service")
        if not isinstance(service, str) or not service.strip():
            got = "nothing" if "service" not in raw else json_kind(service)
            raise OutageError(f'"service" must name an availability declaration (a non-empty string), got {got}')
        outage_id = raw.get("id")
        if outage_id is not None and (isinstance(outage_id, bool) or not isinstance(outage_id, (str, int, float))):
            raise OutageError(f'"id" must be a string or a number, got {json_kind(outage_id)}')
        if "start" not in raw:
            raise OutageError('missing "start" (when the outage began, RFC 3339 with an offset)')
        start_s = self._instant(raw["start"], "start")
        if "end" not in raw:
            raise OutageError('missing "end" (when the outage ended; null while it is still going on)')
        end = raw["end"]
        end_s = None if end is None else self._instant(end, "end")
        if end_s is not None and end_s < start_s:
            raise OutageError(f'"end" {end} is before "start" {raw["start"]}')
        return Outage(service, start_s, end_s, outage_id, line)

    def _instant(self, value: Any, member: str) -> int:
        try:
            return self._instants.parse(value)
        except InstantError as exc:
            raise OutageError(f'"{member}": {exc}') from None


def read_outages(source: Source) -> Iterator[Outage | OutageFailure]:
    """Every outage of a file (or ``-`` stream), in file order, bad lines as failures."""
    reader = OutageReader()
    for line, raw in read_tickets(source, max_item_bytes=MAX_OUTAGE_BYTES):
        yield reader.read(raw, line)
