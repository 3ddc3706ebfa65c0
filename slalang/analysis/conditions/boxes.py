"""Cheap over-approximations of conditions, to skip solver calls that cannot succeed.

A box maps a field path to the set of value-class codes (a bit mask) a ticket satisfying
the condition may have there; a path not in the box is unrestricted, and None means the
condition is unsatisfiable. Boxes only ever over-approximate: two conditions whose boxes
are disjoint on some path cannot both hold, so the solver need not be asked. When boxes
intersect, nothing is concluded and the solver decides.
"""

from __future__ import annotations

from ...model import All, Any_, Condition, Const, FieldContains, Not, PolicySet, SegmentRef
from .domain import ConditionKeys, Domains, Path, atom_path

Box = dict[Path, int]


class Boxes:
    def __init__(self, policy: PolicySet, domains: Domains, keys: ConditionKeys | None = None) -> None:
        self.policy = policy
        self.domains = domains
        self.key = keys or ConditionKeys()
        self._cache: dict[tuple[int, bool], Box | None] = {}

    def of(self, condition: Condition | None, positive: bool = True) -> Box | None:
        """The box of the condition (``positive``) or of its negation."""
        if condition is None:
            return {} if positive else None
        key = (self.key(condition), positive)
        if key not in self._cache:
            self._cache[key] = self._compute(condition, positive)
        return self._cache[key]

    def _full(self, path: Path) -> int:
        return (1 << self.domains.domains[path].size) - 1

    def _compute(self, c: Condition, positive: bool) -> Box | None:
        if isinstance(c, Const):
            return {} if c.value == positive else None
        if isinstance(c, Not):
            return self.of(c.item, not positive)
        if isinstance(c, SegmentRef):
            return self.of(self.policy.segments[c.name].when, positive)
        if isinstance(c, (All, Any_)):
            conjunction = isinstance(c, All) == positive
            parts = [self.of(item, positive) for item in c.items]
            return intersect_all(parts) if conjunction else union_all(parts)
        path = atom_path(c)
        domain = self.domains.domains[path]
        if isinstance(c, FieldContains):
            list_code = domain.code_of_kind("list")
            return {path: 1 << list_code} if positive and list_code is not None else {}
        mask = 0
        for code in self.domains.truth_codes(c):
            mask |= 1 << code
        if not positive:
            mask = self._full(path) & ~mask
            list_code = domain.code_of_kind("list")
            if list_code is not None:
                mask |= 1 << list_code  # a list fails every comparison
        return {path: mask} if mask else None


def intersect_all(boxes: list[Box | None]) -> Box | None:
    result: Box = {}
    for box in boxes:
        if box is None:
            return None
        for path, mask in box.items():
            merged = result.get(path, mask) & mask
            if not merged:
                return None
            result[path] = merged
    return result


def union_all(boxes: list[Box | None]) -> Box | None:
    present = [b for b in boxes if b is not None]
    if not present:
        return None
    shared = set(present[0])
    for box in present[1:]:
        shared &= set(box)
    result: Box = {}
    for path in shared:
        mask = 0
        for box in present:
            mask |= box[path]
        result[path] = mask
    return result


def may_overlap(a: Box | None, b: Box | None, ignore: Path | None = None) -> bool:
    """False when no ticket can be in both boxes (optionally not comparing one path)."""
    if a is None or b is None:
        return False
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    for path, mask in small.items():
        if path != ignore and path in large and not (mask & large[path]):
            return False
    return True
