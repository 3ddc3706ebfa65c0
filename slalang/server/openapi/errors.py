"""The error shape every route answers with, and the responses that carry it."""

from __future__ import annotations

from typing import Any

from ..errors import ERROR_CODES
from ..settings import Limits
from .parts import PolicyNames, finding_schema, ref

REASONS = {
    400: "The body is not valid JSON / YAML / UTF-8 (`where`: line and column), or the client went away.",
    408: "The body did not arrive within the server's body timeout; the connection is closed.",
    413: "The body is larger than `--max-body`, or has more tickets than `--max-tickets`; the connection is closed "
         "for a body too large.",
    415: "The Content-Type is not one the route reads.",
    422: "The body is well-formed but not what the route takes (`where`: the member or path at fault).",
    500: "An unexpected server error (logged). Not expected for any input.",
    503: "Too many requests in progress; retry after the `Retry-After` seconds.",
}


def error_responses(*statuses: int) -> dict[str, Any]:
    return {str(s): {"description": REASONS[s], "content": {"application/json": {"schema": ref("Error")}}}
            for s in statuses}


def add_components(components: dict[str, Any], limits: Limits, names: PolicyNames) -> None:
    components["Error"] = {
        "type": "object",
        "required": ["error"],
        "additionalProperties": False,
        "properties": {"error": {
            "type": "object",
            "required": ["code", "message", "where"],
            "additionalProperties": False,
            "properties": {
                "code": {"type": "string", "enum": list(ERROR_CODES),
                         "description": "; ".join(f"`{k}`: {v}" for k, v in ERROR_CODES.items())},
                "message": {"type": "string", "description": "What is wrong, with the numbers in it."},
                "where": {"type": ["string", "null"], "description":
                          "The place in the request: `body line L, column C`, a member (`tickets`, `now`), "
                          "a scenario path (`arrivals[2].rate`), `query NAME`, `header NAME`; null if none applies."},
                "details": {"type": "array", "items": ref("Problem"),
                            "description": "Every problem found (scenario validation), located."},
            },
        }},
    }
    components["Problem"] = finding_schema(
        "A located problem, as a finding; line and column are null for a JSON body.", located=False)
