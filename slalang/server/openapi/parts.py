"""What every part of the document uses: references, schema files, patterns, policy names."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ...model import PolicySet

UTC_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"
NAME_PATTERN = r"^[^\u0000-\u001f\u007f]{1,200}$"

_YEAR = "(?:19[0-9]{2}|2[0-9]{3})"
_LEAP_YEAR = "(?:(?:19|2[0-9])(?:0[48]|[2468][048]|[13579][26])|2000|2400|2800)"
_DATE = (f"(?:{_YEAR}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
         f"|02-(?:0[1-9]|1[0-9]|2[0-8]))|{_LEAP_YEAR}-02-29)")
_OFFSET = "(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"


def instant_pattern(seconds_optional: bool = False) -> str:
    """RFC 3339 with an offset, on a real calendar date in the years 1900-2999: what the
    evaluator (and a scenario's ``start``, which may leave out the seconds) accepts."""
    seconds = "(?::[0-5][0-9](?:\\.[0-9]+)?)?" if seconds_optional else ":[0-5][0-9](?:\\.[0-9]+)?"
    return f"^{_DATE}[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9]{seconds}{_OFFSET}$"


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def json_body(schema: dict[str, Any], description: str, example: Any = None) -> dict[str, Any]:
    media: dict[str, Any] = {"schema": schema}
    if example is not None:
        media["example"] = example
    return {"description": description, "content": {"application/json": media}}


def schema_file(name: str) -> dict[str, Any]:
    """A JSON Schema shipped in ``slalang/schemas``."""
    return json.loads(resources.files("slalang.schemas").joinpath(name).read_text("utf-8"))


def embed(schema: dict[str, Any], prefix: str, components: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with its ``$defs`` moved to ``components`` as ``{prefix}{name}``; returns the root."""
    schema = copy.deepcopy(schema)
    defs = schema.pop("$defs", {})
    for key in ("$schema", "$id"):
        schema.pop(key, None)

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


@dataclass(frozen=True)
class PolicyNames:
    """The names a request may use with the served policy; None: not known, any name."""

    teams: tuple[str, ...] | None = None
    calendars: tuple[str, ...] | None = None
    priorities: tuple[str, ...] | None = None
    olas: tuple[str, ...] | None = None
    work_keys: tuple[str, ...] | None = None  # first_response, resolution, and SLA.metric of each SLA

    @classmethod
    def of(cls, model: PolicySet) -> PolicyNames:
        simulated = ("first_response", "resolution")  # next_response cannot be simulated
        work = list(simulated)
        for sla in model.slas:
            work.extend(f"{sla.name}.{m.kind}" for m in sla.metrics if m.kind in simulated)
        return cls(tuple(model.teams), tuple(model.calendars), tuple(model.priorities), tuple(model.olas), tuple(work))


def one_of_names(names: tuple[str, ...] | None, what: str) -> dict[str, Any]:
    """A schema for one of the served policy's names (any text when they are not known)."""
    if names is None:
        return {"type": "string"}
    if not names:
        return {"not": {}, "description": f"The served policy declares no {what}."}
    return {"type": "string", "enum": list(names), "description": f"One of the served policy's {what}."}


def finding_schema(description: str, located: bool) -> dict[str, Any]:
    """A finding as analysis.md's `--format json` writes it; when not ``located`` (a problem in a
    JSON body), its line and column may be null."""
    position: dict[str, Any] = {"type": "integer"} if located else {"type": ["integer", "null"]}
    return {
        "type": "object",
        "description": description,
        "required": ["rule", "severity", "file", "line", "column", "end_line", "end_column", "message", "hint",
                     "witness"],
        "additionalProperties": False,
        "properties": {
            "rule": {"type": "string"}, "severity": {"type": "string", "enum": ["error", "warning", "info"]},
            "file": {"type": "string"}, "line": position, "column": position,
            "end_line": position, "end_column": position, "message": {"type": "string"},
            "hint": {"type": ["string", "null"]}, "witness": {"type": ["object", "null"]},
        },
    }
