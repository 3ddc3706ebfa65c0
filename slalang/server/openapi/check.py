"""``POST /v1/check``: policy text in, findings out."""

from __future__ import annotations

from typing import Any

from ..settings import Limits
from .parts import NAME_PATTERN, PolicyNames, ref


def add_components(components: dict[str, Any], limits: Limits, names: PolicyNames) -> None:
    components["CheckRequest"] = {
        "type": "object",
        "required": ["text"],
        "additionalProperties": False,
        "properties": {
            "text": {"type": "string", "description": "Policy text; it may not `import` files."},
            "name": {"type": "string", "pattern": NAME_PATTERN, "default": "policy.sla",
                     "description": "The file name findings are located in."},
        },
    }
    components["Finding"] = {
        "type": "object",
        "description": "A finding, as analysis.md's `--format json` gives it.",
        "required": ["rule", "severity", "file", "line", "column", "end_line", "end_column", "message", "hint",
                     "witness"],
        "additionalProperties": False,
        "properties": {
            "rule": {"type": "string"}, "severity": {"type": "string", "enum": ["error", "warning", "info"]},
            "file": {"type": "string"}, "line": {"type": "integer"}, "column": {"type": "integer"},
            "end_line": {"type": "integer"}, "end_column": {"type": "integer"}, "message": {"type": "string"},
            "hint": {"type": ["string", "null"]}, "witness": {"type": ["object", "null"]},
        },
    }
    components["CheckResponse"] = {
        "type": "object",
        "required": ["findings"],
        "additionalProperties": False,
        "properties": {"findings": {"type": "array", "items": ref("Finding")}},
    }
