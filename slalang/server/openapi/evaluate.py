"""``POST /v1/evaluate``: the ticket (from ``slalang/schemas/ticket.schema.json``), the request
and the results."""

from __future__ import annotations

from typing import Any

from ..settings import Limits
from .parts import UTC_PATTERN, PolicyNames, embed, ref, schema_file

EXAMPLE_TICKET: dict[str, Any] = schema_file("ticket.schema.json")["examples"][0]


def add_components(components: dict[str, Any], limits: Limits, names: PolicyNames) -> None:
    components["Ticket"] = embed(schema_file("ticket.schema.json"), "Ticket_", components)
    _narrow(components, names)
    components["TicketInput"] = {
        "description": "A ticket, shaped as #/components/schemas/Ticket. Any JSON value is taken: one that is not "
                       "a valid ticket gets an error result (`TicketFailure`) in its place, as with `slalang eval`.",
        "example": EXAMPLE_TICKET,
    }
    components["EvaluateRequest"] = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "tickets": {"type": "array", "items": ref("TicketInput"), "maxItems": limits.max_tickets},
            "ticket": {**ref("Ticket"), "description": "One ticket; one that cannot be evaluated is a 422."},
            "now": {"anyOf": [{"type": "null"}, ref("Ticket_instant")],
                    "description": "Evaluate as of this instant (RFC 3339 with an offset, years 1900-2999, as a "
                                   "ticket's timestamps); default: the time of the request."},
        },
        "oneOf": [{"required": ["tickets"]}, {"required": ["ticket"]}],
    }
    components.update(_results())


def _narrow(components: dict[str, Any], names: PolicyNames) -> None:
    """A priority must be one the served policy declares (when it declares any), at creation
    and in a field event; an event may still not come before ``created_at`` (no schema says that)."""
    if not names.priorities:
        return
    priority = {"enum": [*names.priorities, None], "description": "One of the served policy's priorities."}
    ticket = components["Ticket"]
    ticket["properties"]["ticket"] = {**ticket["properties"]["ticket"], "properties": {"priority": priority}}
    event = components["Ticket_event"]
    event["allOf"] = [*event["allOf"], {
        "if": {"properties": {"type": {"const": "field"}, "field": {"enum": ["priority", "ticket.priority"]}},
               "required": ["field"]},
        "then": {"properties": {"value": priority}},
    }]


def _results() -> dict[str, Any]:
    utc = {"type": "string", "pattern": UTC_PATTERN, "description": "An instant in UTC, to the second."}
    own = {
        "calendar": {"type": "string", "description": "A metric's or measure's own calendar, as chosen for the ticket."},
        "zone": {"type": "string", "description": "The IANA zone that calendar was read in."},
    }
    return {
        "Run": {
            "type": "object",
            "required": ["status", "start", "deadline", "stop", "target_s", "counted_s", "paused_s"],
            "additionalProperties": False,
            "properties": {
                "status": {"type": "string", "enum": ["met", "breached", "running", "paused"]},
                "start": utc, "deadline": {"type": ["string", "null"], "pattern": UTC_PATTERN},
                "stop": {"type": ["string", "null"], "pattern": UTC_PATTERN},
                "target_s": {"type": "integer"}, "counted_s": {"type": "integer"}, "paused_s": {"type": "integer"},
                "remaining_s": {"type": "integer", "minimum": 0,
                                "description": "Counted seconds left before the deadline (0 once breached); only on a "
                                               "run that has not stopped."},
                **own,
            },
        },
        "NotStarted": {
            "type": "object",
            "description": "A single-run measure whose start trigger never fired.",
            "required": ["status"],
            "additionalProperties": False,
            "properties": {"status": {"const": "none"}, **own},
        },
        "Cycles": {
            "type": "object",
            "required": ["status", "cycles"],
            "additionalProperties": False,
            "properties": {
                "status": {"type": "string", "enum": ["met", "breached", "running", "paused", "none"]},
                "cycles": {"type": "array", "items": ref("Run")},
                **own,
            },
        },
        "Escalation": {
            "type": "object",
            "description": "A step that fired (in `escalations`), or that would fire at `at` if no further event "
                           "happened (in `planned`).",
            "required": ["metric", "at", "actions"],
            "additionalProperties": False,
            "properties": {
                "metric": {"type": "string", "description": "A built-in metric or a measure, by name."},
                "at": utc,
                "actions": {"type": "array", "items": {"type": "string"}},
            },
        },
        "TicketResult": {
            "type": "object",
            "description": "A ticket evaluated: exactly the object `slalang eval` writes for it. A governed "
                           "ticket (`sla` not null) also has `calendar` and `zone`: the SLA's calendar as chosen "
                           "for it and the IANA zone it was read in.",
            "required": ["id", "sla", "metrics", "escalations"],
            "additionalProperties": False,
            "properties": {
                "id": {"type": ["string", "number"]},
                "sla": {"type": ["string", "null"]},
                "calendar": {"type": "string"},
                "zone": {"type": "string"},
                "metrics": {
                    "type": "object",
                    "description": "The built-in metrics, then the SLA's measures by name, in declaration order.",
                    "additionalProperties": {"oneOf": [ref("Run"), ref("Cycles"), ref("NotStarted")]},
                    "properties": {"first_response": ref("Run"), "next_response": ref("Cycles"),
                                   "resolution": ref("Run")},
                },
                "escalations": {"type": "array", "items": ref("Escalation")},
                "planned": {"type": "array", "items": ref("Escalation"),
                            "description": "The steps not fired yet of the clocks not stopped, at the instant each "
                                           "would fire if no further event happened, in the order of `escalations`."},
                "next_at": {"type": ["string", "null"], "pattern": UTC_PATTERN,
                            "description": "The earliest instant after `now` at which the result changes without a "
                                           "new event (the next planned step or deadline of a clock not stopped)."},
            },
            "if": {"properties": {"sla": {"type": "string"}}, "required": ["sla"]},
            "then": {"required": ["planned", "next_at"]},
            "else": {"not": {"anyOf": [{"required": ["planned"]}, {"required": ["next_at"]}]}},
        },
        "TicketFailure": {
            "type": "object",
            "description": "A ticket that is bad input: the reason, and its 1-based position in `tickets`.",
            "required": ["id", "error", "line"],
            "additionalProperties": False,
            "properties": {
                "id": {"type": ["string", "number", "null"]},
                "error": {"type": "string"},
                "line": {"type": ["integer", "null"]},
            },
        },
        "EvaluateResponse": {
            "type": "object",
            "required": ["results", "now", "version_hash"],
            "additionalProperties": False,
            "properties": {
                "results": {"type": "array", "items": {"oneOf": [ref("TicketResult"), ref("TicketFailure")]},
                            "description": "One result per ticket, in the order given."},
                "now": {**utc, "description": "The instant the tickets were evaluated as of."},
                "version_hash": {"type": "string", "description": "The policy version that evaluated them."},
            },
        },
    }
