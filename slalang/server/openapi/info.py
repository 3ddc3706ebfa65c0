"""The read-only routes: the index (``GET /``), the served policy (its compiled form) and health."""

from __future__ import annotations

from typing import Any

from ..settings import Limits
from .parts import UTC_PATTERN, PolicyNames, embed, ref, schema_file


def add_components(components: dict[str, Any], limits: Limits, names: PolicyNames) -> None:
    utc = {"type": "string", "pattern": UTC_PATTERN, "description": "An instant in UTC, to the second."}
    components["CompiledPolicy"] = embed(schema_file("compiled-policy.schema.json"), "Compiled_", components)
    components["ReloadError"] = {
        "type": "object",
        "required": ["at", "message", "findings"],
        "additionalProperties": False,
        "properties": {"at": utc, "message": {"type": "string"}, "findings": {"type": "array", "items": ref("Problem")}},
    }
    components["PolicyInfo"] = {
        "type": "object",
        "required": ["version_hash", "loaded_at", "source", "files", "watching", "last_reload_error", "model"],
        "additionalProperties": False,
        "properties": {
            "version_hash": {"type": "string"},
            "loaded_at": utc,
            "source": {"type": "string", "description": "The POLICY path the server was started with."},
            "files": {"type": "array", "items": {"type": "string"}},
            "watching": {"type": "boolean"},
            "last_reload_error": {"oneOf": [{"type": "null"}, ref("ReloadError")],
                                  "description": "Why the files on disk were refused (the last good policy serves); "
                                                 "null when they compile."},
            "model": ref("CompiledPolicy"),
        },
    }
    components["Health"] = {
        "type": "object",
        "required": ["status", "version_hash", "reload_failing"],
        "additionalProperties": False,
        "properties": {"status": {"const": "ok"}, "version_hash": {"type": "string"},
                       "reload_failing": {"type": "boolean"}},
    }
    components["Index"] = {
        "type": "object",
        "required": ["service", "version", "policy", "version_hash", "openapi", "endpoints"],
        "additionalProperties": False,
        "properties": {
            "service": {"const": "slalang"}, "version": {"type": "string"}, "policy": {"type": "string"},
            "version_hash": {"type": "string"}, "openapi": {"const": "/openapi.json"},
            "endpoints": {"type": "array", "items": {
                "type": "object", "required": ["method", "path", "summary"], "additionalProperties": False,
                "properties": {"method": {"type": "string"}, "path": {"type": "string"},
                               "summary": {"type": ["string", "null"]}},
            }},
        },
    }
