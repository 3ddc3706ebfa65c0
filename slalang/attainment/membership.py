"""Which breakdown groups a ticket falls in: its segments and priority at creation.

Breakdowns use the attributes a ticket was created with (before any ``field`` event), so a
ticket counts in the segments and priority it arrived with, whatever happened later.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..conditions import holds
from ..model import PolicySet, SegmentRef

NO_PRIORITY = "(none)"
NO_SEGMENT = "(no segment)"


@dataclass(frozen=True)
class Membership:
    """The groups one ticket is counted in."""

    segments: tuple[str, ...]  # in declaration order; (NO_SEGMENT,) when in none
    priority: str  # NO_PRIORITY when the ticket has none

    @classmethod
    def of(cls, ticket: Mapping[str, Any], model: PolicySet) -> Membership:
        attrs = creation_attributes(ticket)
        segments = tuple(name for name in model.segments if holds(SegmentRef(name), attrs, model))
        priority = attrs["ticket"].get("priority")
        return cls(segments or (NO_SEGMENT,), priority if isinstance(priority, str) else NO_PRIORITY)


def creation_attributes(ticket: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """``{"ticket": {...}, "customer": {...}}`` as the ticket was created (non-objects read as empty)."""
    fields = ticket.get("ticket")
    customer = ticket.get("customer")
    return {
        "ticket": dict(fields) if isinstance(fields, Mapping) else {},
        "customer": dict(customer) if isinstance(customer, Mapping) else {},
    }


class TicketLookup:
    """Finds the input ticket of each result while reading the tickets only as far as needed.

    Results usually come in ticket order, so the next ticket is the one asked for and nothing
    is held; tickets skipped on the way (other order, or inputs without a result) are kept
    by id until asked for. An item may be a ticket object or a ``(line, ticket)`` pair as
    ``read_tickets`` yields them; anything that is not an object with an ``id`` is passed over.
    """

    def __init__(self, tickets: Iterable[Any]):
        self._source: Iterator[Any] = iter(tickets)
        self._pending: dict[str, list[Mapping[str, Any]]] = {}

    def find(self, ticket_id: Any) -> Mapping[str, Any] | None:
        key = _key(ticket_id)
        waiting = self._pending.get(key)
        if waiting:
            ticket = waiting.pop(0)
            if not waiting:
                del self._pending[key]
            return ticket
        for entry in self._source:
            item = entry[1] if isinstance(entry, tuple) and len(entry) == 2 else entry
            if not isinstance(item, Mapping) or "id" not in item:
                continue
            if _key(item["id"]) == key:
                return item
            self._pending.setdefault(_key(item["id"]), []).append(item)
        return None


def _key(ticket_id: Any) -> str:
    return ticket_id if isinstance(ticket_id, str) else repr(ticket_id)
