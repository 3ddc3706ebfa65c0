"""``POST /v1/due``: the request (``/v1/evaluate``'s, with ``within`` and ``limit``) and the rows."""

from __future__ import annotations

from typing import Any

from ..settings import Limits
from .parts import UTC_PATTERN, PolicyNames, ref

DURATION_PATTERN = r"^(?=[0-9])(?:[0-9]+w)?(?:[0-9]+d)?(?:[0-9]+h)?(?:[0-9]+m)?(?:[0-9]+s)?$"


def add_components(components: dict[str, Any], limits: Limits, names: PolicyNames) -> None:
    request = components["EvaluateRequest"]
    components["DueRequest"] = {
        **request,
        "properties": {
            **request["properties"],
            "within": {"type": "string", "pattern": DURATION_PATTERN,
                       "description": "Only the rows whose deadline is at most this much wall-clock time after `now` "
                                      "(breached ones included), written as in the language: `4h`, `1d12h`."},
            "limit": {"type": "integer", "minimum": 1, "description": "At most this many rows, the first in queue order."},
        },
    }
    components["DueRow"] = {
        "type": "object",
        "description": "A ticket with a clock not stopped: the clock with the earliest deadline.",
        "required": ["id", "sla", "metric", "deadline", "remaining_s", "next_step"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": ["string", "number"]},
            "sla": {"type": "string"},
            "metric": {"type": "string", "description": "The clock (a metric or measure; a cycle is named by its metric)."},
            "deadline": {"type": ["string", "null"], "pattern": UTC_PATTERN},
            "remaining_s": {"type": "integer", "minimum": 0, "description": "Counted seconds left (0 once breached)."},
            "next_step": {"anyOf": [{"type": "null"}, ref("Escalation")],
                          "description": "The ticket's first planned step."},
        },
    }
    components["DueResponse"] = {
        "type": "object",
        "required": ["rows"],
        "additionalProperties": False,
        "properties": {
            "rows": {"type": "array", "items": ref("DueRow"),
                     "description": "By the wall-clock instant of each ticket's earliest deadline (breached first, "
                                    "longest overdue first); ties keep the order given."},
            "failures": {"type": "array", "items": ref("TicketFailure"),
                         "description": "Present when some tickets are bad input: their error entries (they have no row)."},
        },
    }
