"""Tickets built for an SLA directly, so that most SLAs need no solver call to be decided.

Asking the solver whether SLA ``i`` governs some ticket costs a call whose price grows
with the whole policy set, once per SLA: quadratic over a large set. Yet most SLAs do
govern, and one concrete ticket proves it: the SLA's ``when`` holds on it and no earlier
SLA's does, both checked with the evaluator's ``holds``.

The ticket is built from one of the SLA's cubes (see ``cubes``). Only the earlier SLAs
whose box meets the cube can take its tickets (the box index finds them without looking
at the others). Path by path, the ticket takes a code the cube allows and as many of those
earlier SLAs as possible do not (the lowest such code, so "missing" when it can), and its
lists hold exactly the members the cube requires. Then the earlier SLAs whose box holds
the ticket are evaluated on it. When no cube gives such a ticket nothing is concluded and
the caller asks the solver: "does not govern" is only ever the solver's answer.
"""

from __future__ import annotations

import copy as copying
from typing import Any

from ...conditions import holds
from ...model import Condition, PolicySet
from .cubes import Cube, Cubes
from .domain import ROOTS, Domains, Path, literal_key
from .index import BitSet, BoxIndex, below, members
from .witness import Attrs


class TicketBuilder:
    def __init__(self, policy: PolicySet, domains: Domains, cubes: Cubes, index: BoxIndex) -> None:
        self.policy = policy
        self.domains = domains
        self.cubes = cubes
        self.index = index

    def governed_by(self, sla: int) -> Attrs | None:
        """A ticket SLA number ``sla`` governs, or None when none was found this way."""
        for cube in self.cubes.of(self.policy.slas[sla].when) or ():
            codes = self._codes(cube, self.index.overlapping(cube.masks) & below(sla))
            attrs = self._attrs(codes, cube)
            if attrs is not None and self._governs(sla, codes, attrs):
                return attrs
        return None

    def holding(self, condition: Condition | None) -> Attrs | None:
        """A ticket the condition holds on, or None when none was found this way."""
        for cube in self.cubes.of(condition) or ():
            codes = self._codes(cube, 0)
            attrs = self._attrs(codes, cube)
            if attrs is not None and holds(condition, attrs, self.policy):
                return attrs
        return None

    def _codes(self, cube: Cube, rivals: BitSet) -> dict[Path, int]:
        """A code per path inside the cube, each ruling out as many rival boxes as it can.

        Path by path (the cube's, then the paths the rivals' boxes restrict, in the order the
        rivals first mention them), the lowest code the cube allows that no rival still
        standing allows, else the lowest the cube allows; a rival whose box does not allow
        the chosen code is out. A rival that does not restrict a path allows every code of
        it, so only the standing rivals restricting a path are looked at, through the
        index's groups (``rivals`` and those standing are bit sets of SLA numbers).
        """
        index = self.index
        standing = rivals
        codes: dict[Path, int] = {}
        for path in self._paths(cube, rivals):
            allowed = cube.masks.get(path, (1 << self.domains.domains[path].size) - 1)
            here = standing & index.restricting(path)
            code = self._free_code(path, allowed, here) if here else _lowest(allowed)
            codes[path] = code
            if here:
                standing &= index.allowing(path, 1 << code)
        return codes

    def _free_code(self, path: Path, allowed: int, here: BitSet) -> int:
        """The lowest code in ``allowed`` that none of the SLAs ``here`` (which restrict ``path``)
        allows, else the lowest in ``allowed``: the first few codes are tried one at a time
        (usually the first is free), then the union of their masks decides."""
        index = self.index
        rest = allowed
        for _ in range(_CODES_TRIED):
            if not rest:
                return _lowest(allowed)
            bit = rest & -rest
            if not here & index.allowing(path, bit):
                return bit.bit_length() - 1
            rest ^= bit
        return _lowest(allowed & ~index.masks_of(path, here) or allowed)

    def _paths(self, cube: Cube, rivals: BitSet) -> list[Path]:
        """The cube's paths, then those the rivals' boxes restrict, ordered by the first rival
        (in SLA order) that restricts each, and within one rival's box in its own order."""
        index = self.index
        firsts = []
        for path in index.paths:
            if path in cube.masks:
                continue
            restricting = rivals & index.restricting(path)
            if restricting:
                first = (restricting & -restricting).bit_length() - 1
                firsts.append((first, index.position(first, path), path))
        firsts.sort()
        return [*cube.masks, *(path for _, _, path in firsts)]

    def _attrs(self, codes: dict[Path, int], cube: Cube) -> Attrs | None:
        """The ticket with each path's class sample (updating ``codes`` for parents it had to create);
        None when a path would sit under a parent that is not a mapping."""
        attrs: Attrs = {root: {} for root in ROOTS}
        for path in sorted(codes, key=len):
            code = codes[path]
            if code == 0:
                continue
            container = self._container(attrs, path, codes)
            if container is None:
                return None
            container[path[-1]] = self._sample(path, code, cube)
        return attrs

    def _container(self, attrs: Attrs, path: Path, codes: dict[Path, int]) -> dict[str, Any] | None:
        target: Any = attrs[path[0]]
        for length in range(2, len(path)):
            parent = path[:length]
            if parent[-1] not in target:
                mapping = self.domains.domains[parent].code_of_kind("mapping")
                if codes.get(parent, 0) != 0 or mapping is None:
                    return None
                target[parent[-1]] = {}
                codes[parent] = mapping
            target = target[parent[-1]]
            if not isinstance(target, dict):
                return None
        return target

    def _sample(self, path: Path, code: int, cube: Cube) -> Any:
        domain = self.domains.domains[path]
        value = domain.classes[code]
        if value.kind == "list":
            return [m for m in domain.members if cube.members.get((path, literal_key(m)), False)]
        return copying.deepcopy(value.sample)

    def _governs(self, sla: int, codes: dict[Path, int], attrs: Attrs) -> bool:
        slas = self.policy.slas
        if not holds(slas[sla].when, attrs, self.policy):
            return False
        earlier = self.index.matching_point(codes) & below(sla)
        return not any(holds(slas[j].when, attrs, self.policy) for j in members(earlier))


_CODES_TRIED = 4
"""Codes tried one by one before the masks of the rivals on a path are joined."""


def _lowest(mask: int) -> int:
    return (mask & -mask).bit_length() - 1
