"""What a model condition means: whether it holds on a ticket's current attributes.

The one definition, beside the model: the compiler (value kinds), evaluation (the SLA
choice and pause rules), analysis (witnesses are checked with ``holds``) and simulation
all use it.

``attrs`` is ``{"ticket": {...}, "customer": {...}}``. Language.md's rules: a missing field
makes any comparison on it false (and ``not`` of it true); values of different types never
compare equal or ordered (a string is never a number, a bool is never a number).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .model import (
    All,
    Any_,
    Calendar,
    CalendarByField,
    CalendarChoice,
    Condition,
    Const,
    FieldCmp,
    FieldContains,
    FieldIn,
    Not,
    PolicySet,
    PriorityCmp,
    SegmentRef,
    Sla,
)
from .zones import is_zone

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


def governing_sla(policy: PolicySet, attrs: Mapping[str, Any]) -> Sla | None:
    """The first SLA, in policy-set order, whose ``when`` holds; None when none does."""
    for sla in policy.slas:
        if holds(sla.when, attrs, policy):
            return sla
    return None


def chosen_calendar(policy: PolicySet, choice: CalendarChoice, attrs: Mapping[str, Any]) -> Calendar:
    """The calendar a choice picks for a ticket with these attributes (language.md, "Choosing
    the calendar from the ticket"): the arm whose value equals the field (``==`` as in
    conditions: a missing field, or a number against a string, takes ``else``), read in the
    zone its ``in`` names (a missing field, or one that names no IANA zone, keeps the
    calendar's own zone)."""
    if isinstance(choice, CalendarByField):
        value = lookup(attrs, choice.path)
        zoned = next((arm.calendar for arm in choice.arms if compare(value, "==", arm.value)), choice.otherwise)
    else:
        zoned = choice
    zone = zoned.zone
    if zoned.zone_path is not None:
        named = lookup(attrs, zoned.zone_path)
        zone = named if is_zone(named) else None
    return policy.calendar_in(zoned.name, zone)


# --- compiled conditions (the evaluator's hot path) -----------------------------------------
# ``compile_condition`` turns a condition into a closure with exactly ``holds``'s semantics
# (a property test pins the equivalence); ``condition_paths`` lists the attributes a
# condition reads, so that callers can memoise decisions on those values alone.

Predicate = Callable[[Mapping[str, Any]], bool]


def _fast_kind(value: Any) -> str | None:
    t = type(value)
    if t is str:
        return "string"
    if t is bool:
        return "bool"
    if t is int or t is float:
        return "number"
    return kind_of(value)


def path_getter(path: tuple[str, ...]) -> Callable[[Mapping[str, Any]], Any]:
    """A fast ``lookup(attrs, path)``."""
    if len(path) == 2:
        head, leaf = path

        def get2(attrs: Mapping[str, Any]) -> Any:
            inner = attrs.get(head) if type(attrs) is dict else None
            if type(inner) is dict:
                value = inner.get(leaf, MISSING)
                return MISSING if value is None else value
            return lookup(attrs, path)

        return get2
    return lambda attrs: lookup(attrs, path)


def _comparer(op: str, right: Any) -> Callable[[Any], bool]:
    """``value OP right`` for values of the literal's kind (the caller checked the kind)."""
    kind = kind_of(right)
    if kind == "bool" and op not in ("==", "!="):
        return lambda value: False
    return {
        "==": lambda value: value == right,
        "!=": lambda value: value != right,
        "<": lambda value: value < right,
        "<=": lambda value: value <= right,
        ">": lambda value: value > right,
        ">=": lambda value: value >= right,
    }[op]


def compile_condition(condition: Condition | None, policy: PolicySet) -> Predicate:
    """A fast predicate equivalent to ``holds(condition, attrs, policy)``."""
    segments: dict[str, Predicate] = {}

    def build(c: Condition) -> Predicate:
        if isinstance(c, Const):
            value = c.value
            return lambda attrs: value
        if isinstance(c, All):
            parts = tuple(build(i) for i in c.items)
            return lambda attrs: all(p(attrs) for p in parts)
        if isinstance(c, Any_):
            parts = tuple(build(i) for i in c.items)
            return lambda attrs: any(p(attrs) for p in parts)
        if isinstance(c, Not):
            inner = build(c.item)
            return lambda attrs: not inner(attrs)
        if isinstance(c, SegmentRef):
            if c.name not in segments:
                segments[c.name] = lambda attrs: False  # placeholder while compiling a cycle
                segments[c.name] = build(policy.segments[c.name].when)
            name = c.name
            return lambda attrs: segments[name](attrs)
        if isinstance(c, PriorityCmp):
            get = path_getter(("ticket", "priority"))
            ranks = {p: -i for i, p in enumerate(policy.priorities)}
            test = _comparer(c.op, ranks[c.priority]) if c.priority in ranks else (lambda value: False)

            def priority(attrs: Mapping[str, Any]) -> bool:
                value = get(attrs)
                rank = ranks.get(value) if type(value) is str else None
                return rank is not None and test(rank)

            return priority
        if isinstance(c, FieldCmp):
            get = path_getter(c.path)
            kind = kind_of(c.value)
            test = _comparer(c.op, c.value)

            def field_cmp(attrs: Mapping[str, Any]) -> bool:
                value = get(attrs)
                return value is not MISSING and kind is not None and _fast_kind(value) == kind and test(value)

            return field_cmp
        if isinstance(c, FieldIn):
            get = path_getter(c.path)
            options = tuple((kind_of(v), v) for v in c.values)
            negated = c.negated

            def field_in(attrs: Mapping[str, Any]) -> bool:
                value = get(attrs)
                if value is MISSING:
                    return False
                kind = _fast_kind(value)
                if kind is None:
                    return False
                found = any(k == kind and value == v for k, v in options)
                return not found if negated else found

            return field_in
        if isinstance(c, FieldContains):
            get = path_getter(c.path)
            wanted = c.value

            def contains(attrs: Mapping[str, Any]) -> bool:
                value = get(attrs)
                if not isinstance(value, (list, tuple)):
                    return False
                return any(compare(item, "==", wanted) for item in value)

            return contains
        raise TypeError(f"not a condition: {c!r}")

    if condition is None:
        return lambda attrs: True
    return build(condition)


def condition_paths(condition: Condition | None, policy: PolicySet) -> tuple[tuple[str, ...], ...]:
    """Every attribute path ``condition`` reads (through segments), sorted, without repeats."""
    found: set[tuple[str, ...]] = set()
    seen_segments: set[str] = set()

    def walk(c: Condition) -> None:
        if isinstance(c, (All, Any_)):
            for i in c.items:
                walk(i)
        elif isinstance(c, Not):
            walk(c.item)
        elif isinstance(c, SegmentRef):
            if c.name not in seen_segments:
                seen_segments.add(c.name)
                walk(policy.segments[c.name].when)
        elif isinstance(c, PriorityCmp):
            found.add(("ticket", "priority"))
        elif isinstance(c, (FieldCmp, FieldIn, FieldContains)):
            found.add(c.path)

    if condition is not None:
        walk(condition)
    return tuple(sorted(found))
