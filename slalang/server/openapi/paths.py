"""The routes of the document: what each takes and answers."""

from __future__ import annotations

from typing import Any

from ...simulation import MAX_SEED
from .credits import paths as credit_paths
from .errors import REASONS, error_responses
from .evaluate import EXAMPLE_TICKET
from .parts import NAME_PATTERN, json_body, ref
from .simulate import EXAMPLE_SCENARIO

_BODY_ERRORS = (400, 408, 413, 415, 500, 503)


def paths() -> dict[str, Any]:
    return {
        "/v1/evaluate": {"post": _evaluate()},
        "/v1/due": {"post": _due()},
        "/v1/check": {"post": _check()},
        "/v1/simulate": {"post": _simulate()},
        **credit_paths(),
        **_read_only(),
    }


def _evaluate() -> dict[str, Any]:
    return {
        "operationId": "evaluate",
        "summary": "Evaluate tickets (the results `slalang eval` writes, in the same order)",
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": ref("EvaluateRequest"),
            "examples": {
                "one": {"value": {"ticket": EXAMPLE_TICKET, "now": "2026-11-21T12:00:00Z"}},
                "many": {"value": {"tickets": [EXAMPLE_TICKET, {"id": "T-2"}], "now": "2026-11-21T12:00:00Z"}},
            },
        }}},
        "responses": {
            "200": json_body(ref("EvaluateResponse"), "One result per ticket, in order (a bad ticket of a batch "
                                                      "gets its error entry)."),
            **error_responses(*_BODY_ERRORS),
            "422": {"description": REASONS[422] + " A single `ticket` that cannot be evaluated answers 422 with the "
                                                  "200 body, its one result the error entry.",
                    "content": {"application/json": {"schema": {"anyOf": [ref("Error"), ref("EvaluateResponse")]}}}},
        },
    }


def _due() -> dict[str, Any]:
    return {
        "operationId": "due",
        "summary": "What is due next: one row per ticket with a clock not stopped, closest to breaching first",
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": ref("DueRequest"),
            "example": {"tickets": [EXAMPLE_TICKET], "now": "2026-11-21T12:00:00Z", "within": "4h", "limit": 50},
        }}},
        "responses": {
            "200": json_body(ref("DueResponse"), "The rows in queue order (bad tickets are listed in `failures`)."),
            **error_responses(*_BODY_ERRORS, 422),
        },
    }


def _check() -> dict[str, Any]:
    return {
        "operationId": "check",
        "summary": "Check policy text: syntax, compile errors and the analysis rules",
        "parameters": [{"name": "name", "in": "query", "required": False,
                        "description": "File name for findings when the body is text/plain (default policy.sla).",
                        "schema": {"type": "string", "pattern": NAME_PATTERN}}],
        "requestBody": {"required": True, "content": {
            "application/json": {"schema": ref("CheckRequest"),
                                 "example": {"text": "priorities high > low\n", "name": "policy.sla"}},
            "text/plain": {"schema": {"type": "string"}, "example": "priorities high > low\n"},
        }},
        "responses": {"200": json_body(ref("CheckResponse"), "Every finding (an empty list: none)."),
                      **error_responses(*_BODY_ERRORS, 422)},
    }


def _simulate() -> dict[str, Any]:
    return {
        "operationId": "simulate",
        "summary": "Simulate a scenario against the served policy",
        "description": "The scenario as JSON or YAML (also read as text/yaml, text/plain, or without a Content-Type). "
                       "YAML anchors, aliases and type tags, and `from` files, are not allowed; names must be the "
                       "served policy's. A scenario must also hold together with the policy in ways a schema "
                       "cannot say (each metric's work has a team or a `via` chain, each team a head-count, "
                       "scripted arrivals inside the scenario, durations above zero): otherwise a 422 "
                       "`invalid_scenario` lists every problem.",
        "parameters": [{"name": "seed", "in": "query", "required": False,
                        "description": "Random seed (default: the scenario's `seed`, else 0).",
                        "schema": {"type": "integer", "minimum": 0, "maximum": MAX_SEED}}],
        "requestBody": {"required": True, "content": {
            "application/json": {"schema": ref("Scenario"), "example": EXAMPLE_SCENARIO},
            "application/yaml": {"schema": ref("Scenario"), "example": EXAMPLE_SCENARIO},
        }},
        "responses": {"200": json_body(ref("SimulationResult"), "Attainment per SLA metric and figures per team."),
                      **error_responses(*_BODY_ERRORS, 422)},
    }


def _read_only() -> dict[str, Any]:
    def get(operation: str, summary: str, ok: dict[str, Any]) -> dict[str, Any]:
        return {"get": {"operationId": operation, "summary": summary,
                        "responses": {"200": ok, **error_responses(500, 503)}}}

    return {
        "/v1/policy": get("policy", "The served policy: compiled form, version hash, load time, last reload error",
                          json_body(ref("PolicyInfo"), "The served policy.")),
        "/": get("index", "What this server answers: its routes and this document (a page for a browser)", {
            "description": "The routes and where the OpenAPI document is; HTML when text/html is asked for.",
            "content": {"application/json": {"schema": ref("Index")}, "text/html": {"schema": {"type": "string"}}},
        }),
        "/healthz": get("health", "Liveness: the server answers and has a policy",
                        json_body(ref("Health"), "Serving.")),
        "/openapi.json": get("openapi", "This document", json_body({"type": "object"}, "The OpenAPI 3.1 document.")),
        "/metrics": get("metrics", "Prometheus metrics (text exposition format)",
                        {"description": "Metrics.", "content": {"text/plain": {"schema": {"type": "string"}}}}),
    }
