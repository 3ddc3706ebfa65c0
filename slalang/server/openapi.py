"""The OpenAPI 3.1 document of the server (``GET /openapi.json``), written by hand.

Request and response schemas say exactly what the routes take and give; the scenario and
compiled-policy schemas are the ones the library validates against (``slalang/schemas``),
their ``$defs`` moved under ``components/schemas`` with a prefix. Limits that are server
options (``--max-tickets``) appear in the document the server serves.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from importlib import resources
from typing import Any

import orjson

from .. import __version__
from .errors import ERROR_CODES
from .settings import Limits

RFC3339_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$"
UTC_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"
NAME_PATTERN = r"^[^\u0000-\u001f\u007f]{1,200}$"
MAX_SEED = 2**63 - 1


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _embed(schema: dict[str, Any], prefix: str, components: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with its ``$defs`` moved to ``components`` as ``{prefix}{name}``; returns the root."""
    schema = copy.deepcopy(schema)
    defs = schema.pop("$defs", {})
    schema.pop("$schema", None)
    schema.pop("$id", None)

    def rewrite(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: (f"#/components/schemas/{prefix}{v[len('#/$defs/'):]}" if k == "$ref" and isinstance(v, str)
                        and v.startswith("#/$defs/") else rewrite(v)) for k, v in node.items()}
        if isinstance(node, list):
            return [rewrite(v) for v in node]
        return node

    for name, sub in defs.items():
        components[f"{prefix}{name}"] = rewrite(sub)
    return rewrite(schema)


def _schema_file(name: str) -> dict[str, Any]:
    return json.loads(resources.files("slalang.schemas").joinpath(name).read_text("utf-8"))


def _json(schema: dict[str, Any], description: str, example: Any = None) -> dict[str, Any]:
    media: dict[str, Any] = {"schema": schema}
    if example is not None:
        media["example"] = example
    return {"description": description, "content": {"application/json": media}}


def _errors(*statuses: int) -> dict[str, Any]:
    reasons = {
        400: "The body is not valid JSON / YAML / UTF-8 (`where`: line and column), or the client went away.",
        408: "The body did not arrive within the server's body timeout; the connection is closed.",
        413: "The body is larger than `--max-body`, or has more tickets than `--max-tickets`; the connection is closed for a body too large.",
        415: "The Content-Type is not one the route reads.",
        422: "The body is well-formed but not what the route takes (`where`: the member or path at fault).",
        500: "An unexpected server error (logged). Not expected for any input.",
        503: "Too many requests in progress; retry after the `Retry-After` seconds.",
    }
    return {str(s): {"description": reasons[s], "content": {"application/json": {"schema": _ref("Error")}}} for s in statuses}


EXAMPLE_TICKET = {
    "id": "T-1001",
    "created_at": "2026-11-20T16:55:00+01:00",
    "ticket": {"priority": "urgent", "status": "new", "type": "incident"},
    "customer": {"plan": "enterprise", "tags": ["vip"], "arr": 250000},
    "events": [
        {"at": "2026-11-20T17:02:00+01:00", "type": "agent_reply"},
        {"at": "2026-11-21T11:00:00+01:00", "type": "status", "status": "solved"},
    ],
}

EXAMPLE_SCENARIO = {
    "start": "2026-01-05T00:00:00+01:00",
    "duration": "7d",
    "seed": 7,
    "arrivals": [{"ticket": {"priority": "normal"}, "customer": {"plan": "pro"}, "rate": "20/day"}],
    "work": {"first_response": {"team": "tier1", "time": {"dist": "exponential", "mean": "8m"}},
             "resolution": {"team": "tier1", "time": {"dist": "lognormal", "mean": "20m", "sd": "15m"}}},
}


def _schemas(limits: Limits) -> dict[str, Any]:
    components: dict[str, Any] = {}
    scenario = _embed(_schema_file("scenario.schema.json"), "Scenario_", components)
    # Over HTTP a distribution may not read a file on the server.
    components["Scenario_distribution"] = {
        **components["Scenario_distribution"],
        "not": {"required": ["from"]},
        "description": "As in a scenario file, except that `from` (reading a tickets file on the server) is not "
                       "allowed over HTTP: give `values` instead.",
    }
    components["Scenario"] = scenario
    components["CompiledPolicy"] = _embed(_schema_file("compiled-policy.schema.json"), "Compiled_", components)
    nullable_int = {"type": ["integer", "null"]}
    nullable_number = {"type": ["number", "null"]}
    utc = {"type": "string", "pattern": UTC_PATTERN, "description": "An instant in UTC, to the second."}
    components.update({
        "Error": {
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
                    "details": {"type": "array", "items": _ref("Problem"),
                                "description": "Every problem found (scenario validation), located."},
                },
            }},
        },
        "Problem": {
            "type": "object",
            "description": "A located problem, as a finding; line and column are null for a JSON body.",
            "required": ["rule", "severity", "file", "line", "column", "end_line", "end_column", "message", "hint", "witness"],
            "additionalProperties": False,
            "properties": {
                "rule": {"type": "string"}, "severity": {"type": "string", "enum": ["error", "warning", "info"]},
                "file": {"type": "string"}, "line": nullable_int, "column": nullable_int,
                "end_line": nullable_int, "end_column": nullable_int, "message": {"type": "string"},
                "hint": {"type": ["string", "null"]}, "witness": {"type": ["object", "null"]},
            },
        },
        "Ticket": {
            "type": "object",
            "description": "A ticket as evaluation.md describes it. Timestamps are RFC 3339 with an offset.",
            "required": ["id", "created_at"],
            "properties": {
                "id": {"type": ["string", "number"]},
                "created_at": {"type": "string", "pattern": RFC3339_PATTERN},
                "ticket": {"type": "object", "description": "Ticket attributes: priority, status, type, ..."},
                "customer": {"type": "object", "description": "Customer attributes: plan, tags, arr, ..."},
                "events": {"type": "array", "items": _ref("Event")},
            },
            "example": EXAMPLE_TICKET,
        },
        "Event": {
            "type": "object",
            "required": ["at", "type"],
            "properties": {
                "at": {"type": "string", "pattern": RFC3339_PATTERN},
                "type": {"type": "string", "enum": ["agent_reply", "customer_reply", "status", "field"]},
                "status": {"type": "string", "description": "For `status` events: the new ticket.status."},
                "field": {"type": "string", "description": "For `field` events: `priority`, `ticket.x` or `customer.x`."},
                "value": {"description": "For `field` events: the new value."},
            },
        },
        "TicketInput": {
            "description": "A ticket, shaped as #/components/schemas/Ticket. Any JSON value is taken: one that is not "
                           "a valid ticket gets an error result (`TicketFailure`) in its place, as with `slalang eval`.",
            "example": EXAMPLE_TICKET,
        },
        "EvaluateRequest": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "tickets": {"type": "array", "items": _ref("TicketInput"), "maxItems": limits.max_tickets},
                "ticket": _ref("TicketInput"),
                "now": {"type": ["string", "null"], "pattern": RFC3339_PATTERN,
                        "description": "Evaluate as of this instant (RFC 3339 with an offset, years 1900-2999); "
                                       "default: the time of the request."},
            },
            "oneOf": [{"required": ["tickets"]}, {"required": ["ticket"]}],
        },
        "Run": {
            "type": "object",
            "required": ["status", "start", "deadline", "stop", "target_s", "counted_s", "paused_s"],
            "additionalProperties": False,
            "properties": {
                "status": {"type": "string", "enum": ["met", "breached", "running", "paused"]},
                "start": utc, "deadline": {"type": ["string", "null"], "pattern": UTC_PATTERN},
                "stop": {"type": ["string", "null"], "pattern": UTC_PATTERN},
                "target_s": {"type": "integer"}, "counted_s": {"type": "integer"}, "paused_s": {"type": "integer"},
            },
        },
        "Cycles": {
            "type": "object",
            "required": ["status", "cycles"],
            "additionalProperties": False,
            "properties": {
                "status": {"type": "string", "enum": ["met", "breached", "running", "paused", "none"]},
                "cycles": {"type": "array", "items": _ref("Run")},
            },
        },
        "Escalation": {
            "type": "object",
            "required": ["metric", "at", "actions"],
            "additionalProperties": False,
            "properties": {
                "metric": {"type": "string", "enum": ["first_response", "next_response", "resolution"]},
                "at": utc,
                "actions": {"type": "array", "items": {"type": "string"}},
            },
        },
        "TicketResult": {
            "type": "object",
            "description": "A ticket evaluated: exactly the object `slalang eval` writes for it.",
            "required": ["id", "sla", "metrics", "escalations"],
            "additionalProperties": False,
            "properties": {
                "id": {"type": ["string", "number"]},
                "sla": {"type": ["string", "null"]},
                "metrics": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {"first_response": _ref("Run"), "next_response": _ref("Cycles"), "resolution": _ref("Run")},
                },
                "escalations": {"type": "array", "items": _ref("Escalation")},
            },
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
                "results": {"type": "array", "items": {"oneOf": [_ref("TicketResult"), _ref("TicketFailure")]},
                            "description": "One result per ticket, in the order given."},
                "now": {**utc, "description": "The instant the tickets were evaluated as of."},
                "version_hash": {"type": "string", "description": "The policy version that evaluated them."},
            },
        },
        "CheckRequest": {
            "type": "object",
            "required": ["text"],
            "additionalProperties": False,
            "properties": {
                "text": {"type": "string", "description": "Policy text; it may not `import` files."},
                "name": {"type": "string", "pattern": NAME_PATTERN, "default": "policy.sla",
                         "description": "The file name findings are located in."},
            },
        },
        "Finding": {
            "type": "object",
            "description": "A finding, as analysis.md's `--format json` gives it.",
            "required": ["rule", "severity", "file", "line", "column", "end_line", "end_column", "message", "hint", "witness"],
            "additionalProperties": False,
            "properties": {
                "rule": {"type": "string"}, "severity": {"type": "string", "enum": ["error", "warning", "info"]},
                "file": {"type": "string"}, "line": {"type": "integer"}, "column": {"type": "integer"},
                "end_line": {"type": "integer"}, "end_column": {"type": "integer"}, "message": {"type": "string"},
                "hint": {"type": ["string", "null"]}, "witness": {"type": ["object", "null"]},
            },
        },
        "CheckResponse": {
            "type": "object",
            "required": ["findings"],
            "additionalProperties": False,
            "properties": {"findings": {"type": "array", "items": _ref("Finding")}},
        },
        "SimulatedMetric": {
            "type": "object",
            "required": ["tickets", "met", "attainment", "goal", "p50_s", "p90_s", "p99_s", "breaches"],
            "additionalProperties": False,
            "properties": {
                "tickets": {"type": "integer"}, "met": {"type": "integer"}, "attainment": nullable_number,
                "goal": {"type": "number"}, "p50_s": nullable_number, "p90_s": nullable_number, "p99_s": nullable_number,
                "breaches": {"type": "integer"}, "abandoned": {"type": "integer"},
                "erlang_c": {"type": "object", "required": ["attainment"], "additionalProperties": False,
                             "properties": {"attainment": nullable_number}},
            },
        },
        "ErlangFigures": {
            "type": "object",
            "required": ["model", "load_erlangs", "p_wait", "mean_wait_s"],
            "additionalProperties": False,
            "properties": {
                "model": {"type": "string", "enum": ["erlang_c", "erlang_a"]}, "load_erlangs": nullable_number,
                "p_wait": nullable_number, "mean_wait_s": nullable_number, "p_abandon": nullable_number,
            },
        },
        "SimulatedTeam": {
            "type": "object",
            "required": ["agents", "utilisation", "pieces", "p_wait", "mean_wait_s", "p90_wait_s"],
            "additionalProperties": False,
            "properties": {
                "agents": {"type": "integer"}, "utilisation": nullable_number, "pieces": {"type": "integer"},
                "p_wait": nullable_number, "mean_wait_s": nullable_number, "p90_wait_s": nullable_number,
                "abandoned": {"type": "integer"}, "erlang_c": _ref("ErlangFigures"), "erlang_a": _ref("ErlangFigures"),
            },
        },
        "SimulationResult": {
            "type": "object",
            "description": "`slalang simulate --format json`'s object. Figures that are not finite are null.",
            "required": ["slas", "teams"],
            "additionalProperties": False,
            "properties": {
                "slas": {"type": "object", "additionalProperties": {
                    "type": "object", "additionalProperties": _ref("SimulatedMetric")}},
                "teams": {"type": "object", "additionalProperties": _ref("SimulatedTeam")},
            },
        },
        "ReloadError": {
            "type": "object",
            "required": ["at", "message", "findings"],
            "additionalProperties": False,
            "properties": {"at": utc, "message": {"type": "string"}, "findings": {"type": "array", "items": _ref("Problem")}},
        },
        "PolicyInfo": {
            "type": "object",
            "required": ["version_hash", "loaded_at", "source", "files", "watching", "last_reload_error", "model"],
            "additionalProperties": False,
            "properties": {
                "version_hash": {"type": "string"},
                "loaded_at": utc,
                "source": {"type": "string", "description": "The POLICY path the server was started with."},
                "files": {"type": "array", "items": {"type": "string"}},
                "watching": {"type": "boolean"},
                "last_reload_error": {"oneOf": [{"type": "null"}, _ref("ReloadError")],
                                      "description": "Why the files on disk were refused (the last good policy serves); "
                                                     "null when they compile."},
                "model": _ref("CompiledPolicy"),
            },
        },
        "Health": {
            "type": "object",
            "required": ["status", "version_hash", "reload_failing"],
            "additionalProperties": False,
            "properties": {"status": {"const": "ok"}, "version_hash": {"type": "string"},
                           "reload_failing": {"type": "boolean"}},
        },
    })
    return components


def build_openapi(limits: Limits) -> dict[str, Any]:
    yaml_scenario = {"schema": _ref("Scenario"), "example": EXAMPLE_SCENARIO}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "slalang server",
            "version": __version__,
            "description": "Evaluate tickets against the served SLA policy, check policy text, simulate scenarios. "
                           "Every error is `{\"error\": {\"code\", \"message\", \"where\"}}` with a 4xx status. "
                           f"Limits of this server: bodies up to {limits.max_body_bytes} bytes, "
                           f"{limits.max_tickets} tickets per request, {limits.body_timeout_s:g} s to send a body, "
                           f"{limits.max_sim_tickets} expected arrivals and {limits.max_sim_duration_s} s per simulation.",
        },
        "servers": [{"url": "/"}],
        "paths": {
            "/v1/evaluate": {"post": {
                "operationId": "evaluate",
                "summary": "Evaluate tickets (the results `slalang eval` writes, in the same order)",
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": _ref("EvaluateRequest"),
                    "examples": {
                        "one": {"value": {"ticket": EXAMPLE_TICKET, "now": "2026-11-21T12:00:00Z"}},
                        "many": {"value": {"tickets": [EXAMPLE_TICKET, {"id": "T-2"}], "now": "2026-11-21T12:00:00Z"}},
                    },
                }}},
                "responses": {"200": _json(_ref("EvaluateResponse"), "One result per ticket, in order."),
                              **_errors(400, 408, 413, 415, 422, 500, 503)},
            }},
            "/v1/check": {"post": {
                "operationId": "check",
                "summary": "Check policy text: syntax, compile errors and the analysis rules",
                "parameters": [{"name": "name", "in": "query", "required": False,
                                "description": "File name for findings when the body is text/plain (default policy.sla).",
                                "schema": {"type": "string", "pattern": NAME_PATTERN}}],
                "requestBody": {"required": True, "content": {
                    "application/json": {"schema": _ref("CheckRequest"),
                                         "example": {"text": "priorities high > low\n", "name": "policy.sla"}},
                    "text/plain": {"schema": {"type": "string"}, "example": "priorities high > low\n"},
                }},
                "responses": {"200": _json(_ref("CheckResponse"), "Every finding (an empty list: none)."),
                              **_errors(400, 408, 413, 415, 422, 500, 503)},
            }},
            "/v1/simulate": {"post": {
                "operationId": "simulate",
                "summary": "Simulate a scenario against the served policy",
                "description": "The scenario as JSON or YAML (also read as text/yaml, text/plain, or without a "
                               "Content-Type). YAML anchors and aliases, and `from` files, are not allowed.",
                "parameters": [{"name": "seed", "in": "query", "required": False,
                                "description": "Random seed (default: the scenario's `seed`, else 0).",
                                "schema": {"type": "integer", "minimum": 0, "maximum": MAX_SEED}}],
                "requestBody": {"required": True, "content": {
                    "application/json": {"schema": _ref("Scenario"), "example": EXAMPLE_SCENARIO},
                    "application/yaml": yaml_scenario,
                }},
                "responses": {"200": _json(_ref("SimulationResult"), "Attainment per SLA metric and figures per team."),
                              **_errors(400, 408, 413, 415, 422, 500, 503)},
            }},
            "/v1/policy": {"get": {
                "operationId": "policy",
                "summary": "The served policy: compiled form, version hash, load time, last reload error",
                "responses": {"200": _json(_ref("PolicyInfo"), "The served policy."), **_errors(500, 503)},
            }},
            "/healthz": {"get": {
                "operationId": "health",
                "summary": "Liveness: the server answers and has a policy",
                "responses": {"200": _json(_ref("Health"), "Serving."), **_errors(500, 503)},
            }},
            "/openapi.json": {"get": {
                "operationId": "openapi",
                "summary": "This document",
                "responses": {"200": _json({"type": "object"}, "The OpenAPI 3.1 document."), **_errors(500, 503)},
            }},
            "/metrics": {"get": {
                "operationId": "metrics",
                "summary": "Prometheus metrics (text exposition format)",
                "responses": {"200": {"description": "Metrics.", "content": {"text/plain": {"schema": {"type": "string"}}}},
                              **_errors(500, 503)},
            }},
        },
        "components": {"schemas": _schemas(limits)},
    }


@lru_cache(maxsize=8)
def openapi_bytes_for(limits: Limits) -> bytes:
    return orjson.dumps(build_openapi(limits))
