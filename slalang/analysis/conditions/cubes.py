"""Conditions as exact unions of cubes, so that tickets can be built without the solver.

A cube gives, per field path, the set of value-class codes (a bit mask, as in ``boxes``) a
ticket may have there, and, per list member tested by ``contains``, whether the list must
hold it. A path or member the cube does not name is unrestricted. Unlike a box (a single
over-approximating cube), the cubes of a condition cover exactly the tickets it holds on,
in disjunctive normal form. Expanding can blow up (``a or b`` and ``c or d`` and ...), so it
stops at ``MAX_CUBES``: such a condition has no cubes (None) and the solver decides.

Cubes only propose tickets; whatever a ticket built from them is used for is checked on
that ticket with the evaluator's ``holds``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...model import (
    All,
    Any_,
    Condition,
    Const,
    FieldContains,
    Not,
    PolicySet,
    SegmentRef,
)
from .domain import ConditionKeys, Domains, Path, atom_path, literal_key

MAX_CUBES = 16
"""More cubes than this for one condition (or part of it) and it is left to the solver."""

MemberKey = tuple[Path, tuple[str, Any]]


@dataclass(frozen=True)
class Cube:
    masks: dict[Path, int]  # every mask non-empty
    members: dict[MemberKey, bool]  # list members the list must hold (True) or must not


TOP = Cube({}, {})


class Cubes:
    def __init__(self, policy: PolicySet, domains: Domains, keys: ConditionKeys | None = None) -> None:
        self.policy = policy
        self.domains = domains
        self.key = keys or ConditionKeys()
        self._cache: dict[tuple[int, bool], list[Cube] | None] = {}

    def of(self, condition: Condition | None, positive: bool = True) -> list[Cube] | None:
        """The cubes of the condition (``positive``) or of its negation; None when too many."""
        if condition is None:
            return [TOP] if positive else []
        key = (self.key(condition), positive)
        if key not in self._cache:
            self._cache[key] = self._compute(condition, positive)
        return self._cache[key]

    def full(self, path: Path) -> int:
        return (1 << self.domains.domains[path].size) - 1

    def _compute(self, c: Condition, positive: bool) -> list[Cube] | None:
        if isinstance(c, Const):
            return [TOP] if c.value == positive else []
        if isinstance(c, Not):
            return self.of(c.item, not positive)
        if isinstance(c, SegmentRef):
            return self.of(self.policy.segments[c.name].when, positive)
        if isinstance(c, (All, Any_)):
            parts = [part for item in c.items if (part := self.of(item, positive)) is not None]
            if len(parts) < len(c.items):
                return None
            if isinstance(c, All) == positive:
                return _product(parts)
            union = [cube for part in parts for cube in part]
            return union if len(union) <= MAX_CUBES else None
        path = atom_path(c)
        domain = self.domains.domains[path]
        if isinstance(c, FieldContains):
            list_code = domain.code_of_kind("list")
            assert list_code is not None  # a field that `contains` tests has the list class
            list_bit = 1 << list_code
            held = (path, literal_key(c.value))
            if positive:
                return [Cube({path: list_bit}, {held: True})]
            others = self.full(path) & ~list_bit
            absent = Cube({path: list_bit}, {held: False})
            return [Cube({path: others}, {}), absent] if others else [absent]
        mask = 0
        for code in self.domains.truth_codes(c):
            mask |= 1 << code
        if not positive:
            mask = self.full(path) & ~mask  # the list code included: a list fails every comparison
        return [Cube({path: mask}, {})] if mask else []


def _product(parts: list[list[Cube]]) -> list[Cube] | None:
    """The cubes of a conjunction: every non-empty intersection of one cube per part."""
    result = [TOP]
    for part in parts:
        result = [joined for a in result for b in part if (joined := _intersect(a, b)) is not None]
        if len(result) > MAX_CUBES:
            return None
    return result


def _intersect(a: Cube, b: Cube) -> Cube | None:
    masks = dict(a.masks)
    for path, mask in b.masks.items():
        merged = masks.get(path, mask) & mask
        if not merged:
            return None
        masks[path] = merged
    members = dict(a.members)
    for key, held in b.members.items():
        if members.get(key, held) != held:
            return None
        members[key] = held
    return Cube(masks, members)
