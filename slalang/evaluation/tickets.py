"""Tickets: the validated, time-ordered form of evaluation.md's ticket objects.

``TicketValidator(policy).validate(raw)`` turns a decoded JSON object into a ``Ticket``
or raises ``TicketError`` with a reason a user can act on. Validation does not depend on
``now``: the same file gives the same errors whenever it is evaluated.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

import orjson

from ..model import PolicySet
from .instants import InstantError, TimestampParser

EVENT_TYPES: tuple[str, ...] = ("agent_reply", "customer_reply", "status", "field")
AGENT_REPLY, CUSTOMER_REPLY, STATUS, FIELD = EVENT_TYPES
STATUS_PATH: tuple[str, str] = ("ticket", "status")
PRIORITY_PATH: tuple[str, str] = ("ticket", "priority")
_ROOTS = ("ticket", "customer")


class TicketError(ValueError):
    """Bad input for one ticket; ``ticket_id`` is None when the id is unknown."""

    def __init__(self, reason: str, ticket_id: Any = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.ticket_id = ticket_id


class Event(NamedTuple):
    """One event, in application order. ``path``/``value`` are set for ``status`` and ``field``."""

    at_s: int
    kind: str
    path: tuple[str, ...] | None
    value: Any
    index: int  # type: ignore[assignment]  # position in the ticket's ``events`` list, 0-based; hides tuple.index, which nothing calls


class Ticket(NamedTuple):
    """A validated ticket. ``ticket``/``customer`` are the attributes at ``created_at``."""

    id: Any
    created_s: int
    ticket: Mapping[str, Any]
    customer: Mapping[str, Any]
    events: tuple[Event, ...]  # sorted by time; equal times keep file order
    has_field_events: bool = False  # set by the validator: whether any event is a field event

    def events_until(self, now_s: int) -> tuple[Event, ...]:
        """The events known at ``now_s`` (events after it are ignored)."""
        events = self.events
        if not events or events[-1].at_s <= now_s:
            return events
        count = 0
        for event in events:
            if event.at_s > now_s:
                break
            count += 1
        return events[:count]


def field_path(name: Any) -> tuple[str, ...]:
    """``priority`` and ``ticket.priority`` -> ("ticket", "priority"); ``customer.plan`` -> ("customer", "plan")."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError("needs a non-empty string \"field\" such as \"priority\" or \"customer.plan\"")
    parts = tuple(name.strip().split("."))
    if any(not p for p in parts):
        raise ValueError(f"field {show_value(name)} has an empty part")
    if parts[0] in _ROOTS:
        if len(parts) == 1:
            raise ValueError(f"field {show_value(name)} names no attribute (write e.g. \"{parts[0]}.plan\")")
        return parts
    return ("ticket",) + parts


class TicketValidator:
    """Validates raw tickets against one policy set (declared priorities). One per run."""

    __slots__ = ("_priorities", "_declared", "_timestamps")

    def __init__(self, policy: PolicySet, timestamps: TimestampParser | None = None) -> None:
        self._priorities = frozenset(policy.priorities)
        self._declared = " > ".join(policy.priorities)
        self._timestamps = timestamps or TimestampParser()

    def validate(self, raw: Any) -> Ticket:
        if type(raw) is not dict:
            if not isinstance(raw, dict):
                raise TicketError(f"a ticket must be a JSON object, got {json_kind(raw)}")
        ticket_id = raw.get("id")
        if ticket_id is None or ticket_id == "":
            raise TicketError('missing "id"')
        if type(ticket_id) is not str and (isinstance(ticket_id, bool) or not isinstance(ticket_id, (str, int, float))):
            raise TicketError(f'"id" must be a string or a number, got {json_kind(ticket_id)}')
        parse = self._timestamps.parse
        created = raw.get("created_at")
        if created is None:
            raise TicketError('missing "created_at"', ticket_id)
        try:
            created_s = parse(created)
        except InstantError as exc:
            raise TicketError(f"created_at: {exc}", ticket_id) from None
        ticket = raw.get("ticket")
        if type(ticket) is not dict:
            ticket = _object(raw, "ticket", ticket_id)
        customer = raw.get("customer")
        if type(customer) is not dict:
            customer = _object(raw, "customer", ticket_id)
        priority = ticket.get("priority")
        if priority is not None and (type(priority) is not str or priority not in self._priorities):
            self._check_priority(priority, "ticket.priority", ticket_id)
        events = raw.get("events")
        if not events:
            if events is not None and not isinstance(events, list):
                raise TicketError(f'"events" must be a list, got {json_kind(events)}', ticket_id)
            return Ticket(ticket_id, created_s, ticket, customer, ())
        if type(events) is not list:
            raise TicketError(f'"events" must be a list, got {json_kind(events)}', ticket_id)
        parsed: list[Event] = []
        ordered = True
        has_field = False
        last = created_s
        new_event = tuple.__new__
        for index, event in enumerate(events):
            if type(event) is dict:
                kind = event.get("type")
                at = event.get("at")
                if at is not None and (kind == AGENT_REPLY or kind == CUSTOMER_REPLY or kind == STATUS):
                    # the common, valid cases; anything unusual takes the checked path below
                    try:
                        at_s = parse(at)
                    except InstantError:
                        at_s = None
                    if at_s is not None and at_s >= created_s:
                        if kind == STATUS:
                            status = event.get("status")
                            if type(status) is str:
                                item = new_event(Event, (at_s, kind, STATUS_PATH, status, index))
                            else:
                                item = None
                        else:
                            item = new_event(Event, (at_s, kind, None, None, index))
                        if item is not None:
                            if at_s < last:
                                ordered = False
                            last = at_s
                            parsed.append(item)
                            continue
            item = self._event(event, index, created_s, ticket_id)
            if item.kind == FIELD:
                has_field = True
            if item.at_s < last:
                ordered = False
            last = item.at_s
            parsed.append(item)
        if not ordered:
            parsed.sort(key=_event_order)  # stable: equal times keep file order
        return Ticket(ticket_id, created_s, ticket, customer, tuple(parsed), has_field)

    def _event(self, event: Any, index: int, created_s: int, ticket_id: Any) -> Event:
        if not isinstance(event, dict):
            raise TicketError(f"event {index + 1}: an event must be a JSON object, got {json_kind(event)}", ticket_id)
        kind = event.get("type")
        if kind not in EVENT_TYPES:
            if kind is None:
                raise TicketError(f'event {index + 1}: missing "type" (one of {", ".join(EVENT_TYPES)})', ticket_id)
            raise TicketError(
                f"event {index + 1}: unknown event type {show_value(kind)} (expected one of {', '.join(EVENT_TYPES)})",
                ticket_id,
            )
        at = event.get("at")
        if at is None:
            raise TicketError(f'event {index + 1}: missing "at"', ticket_id)
        try:
            at_s = self._timestamps.parse(at)
        except InstantError as exc:
            raise TicketError(f"event {index + 1}: {exc}", ticket_id) from None
        if at_s < created_s:
            raise TicketError(f"event {index + 1} at {at} is before created_at", ticket_id)
        if kind == STATUS:
            status = event.get("status")
            if type(status) is not str and not isinstance(status, str):
                raise TicketError(f'event {index + 1}: a status event needs a string "status"', ticket_id)
            return Event(at_s, kind, STATUS_PATH, status, index)
        if kind == FIELD:
            return self._field_event(event, at_s, index, ticket_id)
        return Event(at_s, kind, None, None, index)

    def _field_event(self, event: dict, at_s: int, index: int, ticket_id: Any) -> Event:
        where = f"event {index + 1}"
        try:
            path = field_path(event.get("field"))
        except ValueError as exc:
            raise TicketError(f"{where}: a field event {exc}", ticket_id) from None
        if "value" not in event:
            raise TicketError(f'{where}: a field event needs a "value"', ticket_id)
        value = event["value"]
        if path == STATUS_PATH:
            if not isinstance(value, str):
                raise TicketError(f"{where}: ticket.status must be a string", ticket_id)
            path = STATUS_PATH
        if path == PRIORITY_PATH:
            self._check_priority(value, f"{where}: priority", ticket_id)
        return Event(at_s, FIELD, path, value, index)

    def _check_priority(self, value: Any, where: str, ticket_id: Any) -> None:
        # No `priorities` line means no priority is declared and none is checked.
        if value is None or not self._priorities or (isinstance(value, str) and value in self._priorities):
            return
        raise TicketError(f"{where} {show_value(value)} is not a declared priority (declared: {self._declared})", ticket_id)


def _event_order(event: Event) -> int:
    return event.at_s


def _object(raw: dict, key: str, ticket_id: Any) -> dict:
    value = raw.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise TicketError(f'"{key}" must be a JSON object, got {json_kind(value)}', ticket_id)
    return value


def show_value(value: Any, limit: int = 60) -> str:
    """A value from a ticket as a message shows it, in bounded time and length: text quoted
    (cut to ``limit`` characters), a number, or the kind of a list or an object (a value
    nested a thousand deep must not cost a RecursionError, nor a long one a long message)."""
    if isinstance(value, str):
        shown = repr(value if len(value) <= limit else value[:limit])
        return shown if len(value) <= limit else shown[:-1] + "..." + shown[-1]
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int) and -(10**18) < value < 10**18:
        return repr(value)
    if isinstance(value, float):
        return repr(value)
    return json_kind(value)


def show_json(value: Any, limit: int = 200) -> str:
    """A value from a ticket as JSON text for a trace, cut to ``limit`` characters; a value
    that JSON cannot write (or that nests deeper than it writes) is shown as ``show_value`` does."""
    try:
        text = orjson.dumps(value).decode()
    except TypeError:  # orjson stops at 254 levels, and at what is not JSON
        return show_value(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def json_kind(value: Any) -> str:
    """How a JSON value reads in a message: "a string", "a list", "null", ..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
