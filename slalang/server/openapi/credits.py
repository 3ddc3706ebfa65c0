"""``POST /v1/credits`` and ``POST /v1/availability``: the requests and credits.md's rows, and
a simulation's credits (``SimulatedCredit``)."""

from __future__ import annotations

from typing import Any

from ..settings import Limits
from .errors import error_responses
from .evaluate import EXAMPLE_TICKET
from .parts import PolicyNames, json_body, ref

EXAMPLE_OUTAGE = {"service": "public_api", "id": "INC-1", "start": "2026-11-03T10:00:00Z", "end": "2026-11-03T10:45:00Z"}
EXAMPLE_CREDIT_ROW = {"credit": "enterprise_terms", "account": "acme", "period": "2026-11", "runs": 13, "met": 12,
                      "breached": 1, "attainment": 0.9231, "credit_pct": 5.0, "tier": "below 95%", "reason": None}
EXAMPLE_AVAILABILITY_ROW = {"service": "public_api", "period": "2026-11", "open_s": 2592000, "down_s": 4200,
                            "uptime": 0.99838, "objective": 0.999, "met": False, "credit_pct": 10.0}


def _instant(description: str) -> dict[str, Any]:
    return {"anyOf": [{"type": "null"}, ref("Ticket_instant")], "description": description}


def add_components(components: dict[str, Any], limits: Limits, names: PolicyNames) -> None:
    components.update(_schemas(limits))


def _schemas(limits: Limits) -> dict[str, Any]:
    integer = {"type": "integer", "minimum": 0}
    errors = {"type": "array", "items": ref("TicketFailure"),
              "description": "Present only when some items were bad input: each left out, with its reason and its "
                             "1-based position (`line`) in the list."}
    return {
        "CreditsRequest": {
            "type": "object",
            "required": ["tickets"],
            "additionalProperties": False,
            "properties": {
                "tickets": {"type": "array", "items": ref("TicketInput"), "maxItems": limits.max_tickets},
                "now": _instant("Evaluate as of this instant (RFC 3339 with an offset, years 1900-2999); default: "
                                "the time of the request."),
            },
        },
        "CreditRow": {
            "type": "object",
            "description": "One credit declaration, account and period (credits.md).",
            "required": list(EXAMPLE_CREDIT_ROW),
            "additionalProperties": False,
            "properties": {
                "credit": {"type": "string"},
                "account": {"type": ["string", "number", "boolean", "null"],
                            "description": "The `per` field's value; a list or object is its canonical JSON text."},
                "period": {"type": "string", "description": "2026-W48, 2026-11, 2026-Q4 or 2026."},
                "runs": integer, "met": integer, "breached": integer,
                "attainment": {"type": ["number", "null"], "description": "met / runs, to 4 decimals (half to even)."},
                "credit_pct": {"type": "number"},
                "tier": {"type": ["string", "null"], "description": "The `below` line that applied, before any cap."},
                "reason": {"type": ["string", "null"], "description": "Why no credit although the row exists."},
            },
            "example": EXAMPLE_CREDIT_ROW,
        },
        "CreditsResponse": {
            "type": "object",
            "required": ["rows"],
            "additionalProperties": False,
            "properties": {"rows": {"type": "array", "items": ref("CreditRow")}, "errors": errors},
        },
        "OutageInput": {
            "description": "An outage: `{\"service\", \"start\", \"end\" (null: still down), \"id\"}`. Any JSON value "
                           "is taken: one that is not a valid outage is left out and listed in `errors`.",
            "example": EXAMPLE_OUTAGE,
        },
        "AvailabilityRequest": {
            "type": "object",
            "required": ["outages"],
            "additionalProperties": False,
            "properties": {
                "outages": {"type": "array", "items": ref("OutageInput"), "maxItems": limits.max_tickets},
                "now": _instant("As of this instant; default: the time of the request."),
                "since": _instant("Report from the period holding this instant (not after `now`: a 422); default: "
                                  "the one holding the earliest outage."),
            },
        },
        "AvailabilityRow": {
            "type": "object",
            "description": "One availability declaration and period (credits.md).",
            "required": list(EXAMPLE_AVAILABILITY_ROW),
            "additionalProperties": False,
            "properties": {
                "service": {"type": "string"}, "period": {"type": "string"},
                "open_s": integer, "down_s": integer,
                "uptime": {"type": ["number", "null"], "description": "1 - down_s / open_s, to 6 decimals."},
                "objective": {"type": "number"}, "met": {"type": ["boolean", "null"]}, "credit_pct": {"type": "number"},
            },
            "example": EXAMPLE_AVAILABILITY_ROW,
        },
        "SimulatedCredit": {
            "type": "object",
            "description": "With the scenario's `accounts`: a credit declaration's mean credit over simulated "
                           "account-periods.",
            "required": ["account_periods", "credited", "mean_credit_pct"],
            "additionalProperties": False,
            "properties": {"account_periods": integer, "credited": integer,
                           "mean_credit_pct": {"type": ["number", "null"]}},
        },
        "AvailabilityResponse": {
            "type": "object",
            "required": ["rows"],
            "additionalProperties": False,
            "properties": {
                "rows": {"type": "array", "items": ref("AvailabilityRow")},
                "errors": errors,
                "ignored_services": {"type": "array", "items": {"type": "string"},
                                     "description": "Present only when outages named services no availability declares."},
            },
        },
    }


def paths() -> dict[str, Any]:
    statuses = (400, 408, 413, 415, 422, 500, 503)
    return {
        "/v1/credits": {"post": {
            "operationId": "credits",
            "summary": "Service credits per credit declaration, account and period (the rows `slalang credits` writes)",
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": ref("CreditsRequest"),
                "example": {"tickets": [EXAMPLE_TICKET], "now": "2026-12-01T00:00:00Z"},
            }}},
            "responses": {"200": json_body(ref("CreditsResponse"), "One row per declaration, account and period, in order."),
                          **error_responses(*statuses)},
        }},
        "/v1/availability": {"post": {
            "operationId": "availability",
            "summary": "Uptime per availability declaration and period (the rows `slalang availability` writes)",
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": ref("AvailabilityRequest"),
                "example": {"outages": [EXAMPLE_OUTAGE], "now": "2026-12-15T00:00:00Z"},
            }}},
            "responses": {"200": json_body(ref("AvailabilityResponse"), "One row per declaration and period, in order."),
                          **error_responses(*statuses)},
        }},
    }
