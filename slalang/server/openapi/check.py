"""``POST /v1/check``: policy text in, findings out."""

from __future__ import annotations

from typing import Any

from ..settings import Limits
from .parts import NAME_PATTERN, PolicyNames, finding_schema, ref


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
    components["Finding"] = finding_schema("A finding, as analysis.md's `--format json` gives it.", located=True)
    components["CheckResponse"] = {
        "type": "object",
        "required": ["findings"],
        "additionalProperties": False,
        "properties": {"findings": {"type": "array", "items": ref("Finding")}},
    }
