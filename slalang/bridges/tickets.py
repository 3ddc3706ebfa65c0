"""Building slalang tickets (evaluation.md's input) from a helpdesk's records.

A ``TicketBuilder`` collects a ticket's initial attributes and its events with their
instants; ``to_json`` orders the events by instant (keeping the order they were added on a
tie, which is the helpdesk's order) and writes the ticket. Each adapter converts one
record at a time: a record that cannot be converted becomes a located ``Problem`` and the
others go on (``TicketsResult``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..evaluation.instants import InstantError, parse_rfc3339
from .pages import Record
from .problems import Problem

_COMPACT_OFFSET = re.compile(r"([+-])(\d{2})(\d{2})\Z")
CLOCK_SKEW_S = 60
"""An event stamped up to this long before its ticket's creation is read as at creation."""


class RecordError(Exception):
    """A record that cannot become a ticket: the reason, and the pointer below the record
    (below ``record`` when the fault is in another record, such as one of its audits)."""

    def __init__(self, reason: str, *at: Any, hint: str | None = None, record: Record | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.at = at
        self.hint = hint
        self.record = record

    def problem(self, default: Record) -> Problem:
        return (self.record or default).problem(self.reason, self.hint, *self.at)


def instant(value: Any, *at: Any) -> tuple[str, int]:
    """An RFC 3339 timestamp (Jira's ``-0600`` offsets get their colon) and its epoch second."""
    if not isinstance(value, str):
        raise RecordError(f"expected a timestamp, got {value!r}", *at)
    text = value.strip()
    text = _COMPACT_OFFSET.sub(lambda m: f"{m[1]}{m[2]}:{m[3]}", text)
    try:
        return text, parse_rfc3339(text)
    except InstantError as exc:
        raise RecordError(str(exc), *at) from None


_FRACTION = re.compile(r"T\d{2}:\d{2}:\d{2}(\.\d+)")


def _fraction(text: str) -> float:
    """The fraction of a second in a timestamp (``.366``), to order events within a second."""
    match = _FRACTION.search(text)
    return float(match[1]) if match else 0.0


@dataclass
class TicketBuilder:
    ticket_id: Any
    created_at: str
    created_s: int
    ticket: dict[str, Any] = field(default_factory=dict)
    customer: dict[str, Any] = field(default_factory=dict)
    _events: list[tuple[int, float, int, dict[str, Any]]] = field(default_factory=list)

    def initial(self, path: tuple[str, ...], value: Any) -> None:
        """Set an attribute as it was at creation (``("ticket", "status")``)."""
        if value is None:
            return
        target = self.customer if path[0] == "customer" else self.ticket
        for part in path[1:-1]:
            target = target.setdefault(part, {})
        target[path[-1]] = value

    def event(self, at: str, at_s: int, event: dict[str, Any], *where: Any, record: Record | None = None) -> None:
        if at_s < self.created_s:
            if at_s < self.created_s - CLOCK_SKEW_S:
                raise RecordError(f"an event at {at} comes before the ticket was created ({self.created_at})", *where, record=record)
            at, at_s = self.created_at, self.created_s  # stamped a moment before creation: read as at creation
        self._events.append((at_s, _fraction(at), len(self._events), {"at": at, **event}))

    def change(self, at: str, at_s: int, path: tuple[str, ...], value: Any, *where: Any, record: Record | None = None) -> None:
        """A status event for ``ticket.status``, else a field event."""
        if path == ("ticket", "status"):
            self.event(at, at_s, {"type": "status", "status": value}, *where, record=record)
        else:
            name = ".".join(path[1:]) if path[0] == "ticket" else ".".join(path)
            self.event(at, at_s, {"type": "field", "field": name, "value": value}, *where, record=record)

    def to_json(self) -> dict[str, Any]:
        events = [event for *_, event in sorted(self._events, key=lambda item: item[:3])]
        return {"id": self.ticket_id, "created_at": self.created_at, "ticket": self.ticket, "customer": self.customer, "events": events}


@dataclass
class TicketsResult:
    tickets: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
