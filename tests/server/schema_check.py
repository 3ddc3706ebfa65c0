"""Validate JSON against a schema of the server's OpenAPI document."""

from __future__ import annotations

from typing import Any

import jsonschema


def validate_against(document: dict[str, Any], component: str, instance: Any) -> None:
    schema = {"$ref": f"#/components/schemas/{component}", "components": document["components"]}
    jsonschema.Draft202012Validator(schema).validate(instance)
