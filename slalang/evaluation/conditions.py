"""Evaluate compiled conditions on a ticket's current attributes.

``attrs`` is ``{"ticket": {...}, "customer": {...}}``. Language.md's rules: a missing field
makes any comparison on it false (and ``not`` of it true); values of different types never
compare equal or ordered (a string is never a number, a bool is never a number).
"""

from __future__ import annotations

from typing import Any, Mapping

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
    SegmentRef,
)

MISSING = object()


def lookup(attrs: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    """The value at ``path`` (``("customer", "arr")``), or MISSING."""
    value: Any = attrs
    for part in path:
        if not isinstance(value, Mapping) or part not in value:
            return MISSING
        value = value[part]
    return value if value is not None else MISSING


def kind_of(value: Any) -> str | None:
    """The comparison kind of a value: "bool", "number", "string", or None (not comparable)."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return None


def compare(left: Any, op: str, right: Any) -> bool:
    """``left OP right`` with language.md's typing: different kinds are never related."""
    kind = kind_of(left)
    if kind is None or kind != kind_of(right):
        return False
    if op == "==":
        return left == right
    if op == "!=":
        return left != right
    if kind == "bool":
        return False  # booleans have no order
    if op == "<":
        return left < right
    if op == "<=":
        return left <= right
    if op == ">":
        return left > right
    if op == ">=":
        return left >= right
    raise ValueError(f"unknown comparison operator {op!r}")


def holds(condition: Condition | None, attrs: Mapping[str, Any], policy: PolicySet) -> bool:
    """Whether ``condition`` holds for a ticket with these attributes (None always holds)."""
    if condition is None:
        return True
    return _holds(condition, attrs, policy)


def _holds(c: Condition, attrs: Mapping[str, Any], policy: PolicySet) -> bool:
    if isinstance(c, All):
        return all(_holds(i, attrs, policy) for i in c.items)
    if isinstance(c, Any_):
        return any(_holds(i, attrs, policy) for i in c.items)
    if isinstance(c, Not):
        return not _holds(c.item, attrs, policy)
    if isinstance(c, Const):
        return c.value
    if isinstance(c, SegmentRef):
        return _holds(policy.segments[c.name].when, attrs, policy)
    if isinstance(c, PriorityCmp):
        value = lookup(attrs, ("ticket", "priority"))
        if not isinstance(value, str) or value not in policy.priorities:
            return False
        # A smaller rank is more important, so "greater" compares reversed ranks.
        return compare(-policy.priority_rank(value), c.op, -policy.priority_rank(c.priority))
    if isinstance(c, FieldCmp):
        value = lookup(attrs, c.path)
        return value is not MISSING and compare(value, c.op, c.value)
    if isinstance(c, FieldIn):
        value = lookup(attrs, c.path)
        if value is MISSING or kind_of(value) is None:
            return False
        found = any(compare(value, "==", v) for v in c.values)
        return not found if c.negated else found
    if isinstance(c, FieldContains):
        value = lookup(attrs, c.path)
        if not isinstance(value, (list, tuple)):
            return False
        return any(compare(item, "==", c.value) for item in value)
    raise TypeError(f"not a condition: {c!r}")


def governing_sla(policy: PolicySet, attrs: Mapping[str, Any]):
    """The first SLA, in policy-set order, whose ``when`` holds; None when none does."""
    for sla in policy.slas:
        if holds(sla.when, attrs, policy):
            return sla
    return None
