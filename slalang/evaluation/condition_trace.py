"""Why a condition holds or not: a tree of (text, result, value seen) for explanations.

``explain_condition(cond, attrs, policy)`` mirrors ``conditions.holds`` node by node; each
node's ``result`` equals ``holds(node, attrs, policy)`` (a test pins it), and leaves carry
the value they looked at (``missing`` when the field is absent).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from ..conditions import MISSING, holds, lookup
from ..model import (
    All,
    Any_,
    Condition,
    Const,
    FieldCmp,
    FieldContains,
    FieldIn,
    Not,
    PolicySet,
    PriorityCmp,
    Scalar,
    SegmentRef,
)
from .tickets import show_json


@dataclass(frozen=True, slots=True)
class ConditionTrace:
    """One node: its text, whether it held, the value it read (leaves) and its parts."""

    text: str
    result: bool
    seen: str | None = None  # the value read, as JSON text, or "missing"; None for inner nodes
    children: tuple[ConditionTrace, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "result": self.result,
            "seen": self.seen,
            "children": [c.to_json() for c in self.children],
        }


def render_literal(value: Scalar) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return repr(value)
    return orjson.dumps(value).decode()


def render_path(path: tuple[str, ...]) -> str:
    return ".".join(path)


def render_condition(c: Condition) -> str:
    """A model condition written in the language's syntax (parenthesised where needed)."""
    if isinstance(c, Const):
        return "true" if c.value else "false"
    if isinstance(c, All):
        return " and ".join(_wrapped(i, Any_) for i in c.items)
    if isinstance(c, Any_):
        return " or ".join(render_condition(i) for i in c.items)
    if isinstance(c, Not):
        inner = render_condition(c.item)
        return f"not ({inner})" if isinstance(c.item, (All, Any_)) else f"not {inner}"
    if isinstance(c, SegmentRef):
        return f"segment {c.name}"
    if isinstance(c, PriorityCmp):
        return f"priority {c.priority}" if c.op == "==" else f"priority {c.op} {c.priority}"
    if isinstance(c, FieldCmp):
        return f"{render_path(c.path)} {c.op} {render_literal(c.value)}"
    if isinstance(c, FieldIn):
        values = ", ".join(render_literal(v) for v in c.values)
        return f"{render_path(c.path)} {'not in' if c.negated else 'in'} [{values}]"
    if isinstance(c, FieldContains):
        return f"{render_path(c.path)} contains {render_literal(c.value)}"
    raise TypeError(f"not a condition: {c!r}")


def _wrapped(c: Condition, looser: type) -> str:
    text = render_condition(c)
    return f"({text})" if isinstance(c, looser) else text


def _seen(attrs: Mapping[str, Any], path: tuple[str, ...]) -> str:
    value = lookup(attrs, path)
    if value is MISSING:
        return "missing"
    return show_json(value)


def explain_condition(c: Condition | None, attrs: Mapping[str, Any], policy: PolicySet) -> ConditionTrace:
    """The trace of ``c`` on ``attrs``; None (no ``when``) holds for every ticket."""
    if c is None:
        return ConditionTrace("(no condition: applies to every ticket)", True)
    if isinstance(c, (All, Any_)):
        children = tuple(explain_condition(i, attrs, policy) for i in c.items)
        result = all(ch.result for ch in children) if isinstance(c, All) else any(ch.result for ch in children)
        return ConditionTrace(render_condition(c), result, None, children)
    if isinstance(c, Not):
        child = explain_condition(c.item, attrs, policy)
        return ConditionTrace(render_condition(c), not child.result, None, (child,))
    if isinstance(c, SegmentRef):
        child = explain_condition(policy.segments[c.name].when, attrs, policy)
        return ConditionTrace(render_condition(c), child.result, None, (child,))
    if isinstance(c, PriorityCmp):
        return ConditionTrace(render_condition(c), holds(c, attrs, policy), _seen(attrs, ("ticket", "priority")))
    if isinstance(c, (FieldCmp, FieldIn, FieldContains)):
        return ConditionTrace(render_condition(c), holds(c, attrs, policy), _seen(attrs, c.path))
    return ConditionTrace(render_condition(c), holds(c, attrs, policy))
