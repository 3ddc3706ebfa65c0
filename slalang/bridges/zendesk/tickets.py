"""``slalang tickets zendesk``: Zendesk tickets and their audits -> slalang tickets.

A ticket's attributes at creation come from the ``Create`` events of its first audit; the
later audits give the events: a ``Change`` of status is a ``status`` event, a change of
priority, type, group, brand, form, assignee, organization, tags or a custom field a
``field`` event, and a schedule change (``schedule_id``) sets ``ticket.schedule_id``. A
public comment is a reply: with ``--users`` an end user's is a ``customer_reply`` and an
agent's or admin's an ``agent_reply`` (a CC'd end user does not answer for the agents);
without it the requester's are customer replies and everyone else's agent replies. The
comment that opens the ticket is its description, not a reply, and private notes are not
replies. Fields are named as the SLA filters name them (``ticket.group_id``,
``customer.organization_id``, ``ticket.tags``, ``ticket.custom_fields_N``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..pages import Document, Record, records
from ..problems import json_kind
from ..ticket_map import TicketMap
from ..tickets import CLOCK_SKEW_S, RecordError, TicketBuilder, TicketsResult, instant
from .filters import FIELD_PATHS, ID_FIELDS, TAGS_PATH

NO_USERS_NOTE = (
    "without --users, the requester's public comments are read as customer replies and everyone else's as agent "
    "replies; pass GET /api/v2/users with --users to tell end users from agents"
)
END_USER = "end-user"
REPLY_EVENTS = frozenset({"Comment", "VoiceComment"})
SCHEDULE_FIELDS = frozenset({"schedule_id", "schedule"})

# field_name in audits -> slalang path; custom fields are their numeric id
_PATHS: dict[str, tuple[str, ...]] = {
    "status": ("ticket", "status"),
    "priority": ("ticket", "priority"),
    "tags": tuple(TAGS_PATH.split(".")),
    "current_tags": tuple(TAGS_PATH.split(".")),
    **{field: tuple(path.split(".")) for field, path in FIELD_PATHS.items()},
}


def zendesk_tickets(
    tickets: Iterable[Document], audits: Iterable[Document], users: Iterable[Document] | None = None, mapping: TicketMap | None = None
) -> TicketsResult:
    mapping = mapping or TicketMap()
    result = TicketsResult()
    roles = None
    if users is not None:
        roles = {str(r.value.get("id")): r.value.get("role") for r in records(users, "users", "user") if isinstance(r.value, dict)}
    else:
        result.notes.append(NO_USERS_NOTE)
    by_ticket: dict[str, list[Record]] = {}
    for record in records(audits, "audits", "audit"):
        owner = record.value.get("ticket_id") if isinstance(record.value, dict) else None
        by_ticket.setdefault(str(owner), []).append(record)
    for record in records(tickets, "tickets", "ticket"):
        try:
            result.tickets.append(_ticket(record, by_ticket.get(str(_id(record))), roles, mapping))
        except RecordError as exc:
            result.problems.append(exc.problem(record))
    return result


def _id(record: Record) -> Any:
    return record.value.get("id") if isinstance(record.value, dict) else None


def _ticket(record: Record, audits: list[Record] | None, roles: dict[str, Any] | None, mapping: TicketMap) -> dict[str, Any]:
    ticket = record.value
    if not isinstance(ticket, dict):
        raise RecordError(f"a ticket must be an object, got {json_kind(ticket)}")
    ticket_id = ticket.get("id")
    if ticket_id is None or isinstance(ticket_id, (bool, dict, list)):
        raise RecordError("the ticket has no `id`", "id")
    created_at, created_s = instant(ticket.get("created_at"), "created_at")
    if not audits:
        raise RecordError(
            f"no audits for ticket {ticket_id}: its history (replies, status changes) is unknown",
            hint="pass the pages of GET /api/v2/tickets/{id}/audits for every ticket with --audits",
        )
    builder = TicketBuilder(ticket_id, created_at, created_s)
    ordered = sorted(audits, key=lambda r: _audit_key(r))
    requester = ticket.get("requester_id")
    first = ordered[0]
    for audit_record in ordered:
        audit = audit_record.value
        if not isinstance(audit, dict):
            raise _at(audit_record, f"an audit must be an object, got {json_kind(audit)}")
        at, at_s = _audit_instant(audit_record)
        if at_s < created_s - CLOCK_SKEW_S:
            raise _at(audit_record, f"the audit at {at} comes before the ticket was created ({created_at})", "created_at")
        events = audit.get("events")
        if not isinstance(events, list):
            raise _at(audit_record, f"`events` must be a list, got {json_kind(events)}", "events")
        for index, event in enumerate(events):
            if not isinstance(event, dict):
                continue
            kind = event.get("type")
            where = (audit_record, "events", index)
            name = event.get("field_name")
            if kind == "Create" and audit_record is first:
                path = _path(name, mapping)
                if path is not None and isinstance(name, str):
                    builder.initial(path, _value(name, path, event.get("value"), mapping))
            elif kind in ("Change", "Create"):
                path = _path(name, mapping)
                if path is not None and isinstance(name, str):
                    _change(builder, at, at_s, path, _value(name, path, event.get("value"), mapping), where)
            elif kind == "ScheduleAssignment" or kind == "ScheduleChange":
                path = mapping.path("schedule_id", ("ticket", "schedule_id")) or ("ticket", "schedule_id")
                _change(builder, at, at_s, path, _typed_id(event.get("new_schedule_id", event.get("value"))), where)
            elif kind in REPLY_EVENTS and event.get("public") is True and audit_record is not first:
                author = event.get("author_id", audit.get("author_id"))
                reply = _reply_type(author, requester, roles)
                if reply is not None:
                    builder.event(at, at_s, {"type": reply}, *where[1:], record=audit_record)
    return builder.to_json()


def _change(builder: TicketBuilder, at: str, at_s: int, path: tuple[str, ...], value: Any, where: tuple[Any, ...]) -> None:
    record, *rest = where
    builder.change(at, at_s, path, value, *rest, record=record)


def _at(audit: Record, reason: str, *at: Any) -> RecordError:
    """An error about an audit, pointed at the audit in the audits file."""
    return RecordError(f"ticket {audit.value.get('ticket_id') if isinstance(audit.value, dict) else '?'}: {reason}", *at, record=audit)


def _audit_key(record: Record) -> tuple[Any, ...]:
    audit = record.value if isinstance(record.value, dict) else {}
    try:
        _, at_s = instant(audit.get("created_at"))
    except RecordError:
        at_s = 0
    audit_id = audit.get("id")
    return (at_s, audit_id if isinstance(audit_id, int) else 0)


def _audit_instant(record: Record) -> tuple[str, int]:
    try:
        return instant(record.value.get("created_at"))
    except RecordError as exc:
        raise _at(record, f"created_at: {exc.reason}", "created_at") from None


def _path(field_name: Any, mapping: TicketMap) -> tuple[str, ...] | None:
    if not isinstance(field_name, str):
        return None
    if field_name in SCHEDULE_FIELDS:
        return mapping.path(field_name, ("ticket", "schedule_id"))
    default = _PATHS.get(field_name)
    if default is None and field_name.isdigit():
        default = ("ticket", f"custom_fields_{field_name}")
    return mapping.path(field_name, default)


def _value(field_name: str, path: tuple[str, ...], value: Any, mapping: TicketMap) -> Any:
    """A Zendesk field's value as a ticket holds it: statuses and priorities renamed by the
    map, tags as a list, ids as numbers (audits write them as digit strings)."""
    if field_name == "status":
        return mapping.status(value)
    if field_name == "priority":
        return mapping.priority(value) if value not in ("", "-") else None
    if field_name in ("tags", "current_tags"):
        if isinstance(value, str):
            return value.split()
        return list(value) if isinstance(value, list) else []
    if field_name in ID_FIELDS or field_name in SCHEDULE_FIELDS:
        return _typed_id(value)
    return value


def _typed_id(value: Any) -> Any:
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return value


def _reply_type(author: Any, requester: Any, roles: dict[str, Any] | None) -> str | None:
    if roles is not None:
        role = roles.get(str(author))
        if role is None:
            return "customer_reply" if str(author) == str(requester) else None
        return "customer_reply" if role == END_USER else "agent_reply"
    return "customer_reply" if str(author) == str(requester) else "agent_reply"
