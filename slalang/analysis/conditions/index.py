"""Which SLAs can match the same tickets, found through an index instead of all pairs.

Comparing every SLA's box (see ``boxes``) with every earlier one is quadratic. The index
groups the SLAs, per field path, by the code mask their box gives that path; an SLA whose
box does not restrict a path allows every code there. Sets of SLAs are Python integers
used as bit sets (bit ``i`` is SLA ``i``), so "the SLAs whose box allows one of these codes
on this path" is the union of a few groups (one per distinct mask, typically one per
literal), and "the SLAs whose box meets this box" is the intersection of that over the
box's paths. Answers per (path, mask) are cached: SLAs built on the same segments ask the
same questions.

The answers are exactly those of ``boxes.may_overlap`` (so just as over-approximate:
the solver, or the evaluator on a concrete ticket, decides the SLAs found).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import numpy as np

from .boxes import Box
from .domain import Path

BitSet = int


class BoxIndex:
    def __init__(self, boxes: Sequence[Box | None]) -> None:
        self.boxes = list(boxes)
        self.everyone: BitSet = 0  # the SLAs whose box is not empty (None)
        self._groups: dict[Path, dict[int, BitSet]] = {}  # path -> mask -> SLAs with that mask
        for index, box in enumerate(self.boxes):
            if box is None:
                continue
            bit = 1 << index
            self.everyone |= bit
            for path, mask in box.items():
                groups = self._groups.setdefault(path, {})
                groups[mask] = groups.get(mask, 0) | bit
        self._unrestricted: dict[Path, BitSet] = {}
        self._restricting: dict[Path, BitSet] = {}
        for path, groups in self._groups.items():
            restricting = 0
            for members in groups.values():
                restricting |= members
            self._restricting[path] = restricting
            self._unrestricted[path] = self.everyone & ~restricting
        self._positions: list[dict[Path, int]] = [
            {} if box is None else {path: position for position, path in enumerate(box)} for box in self.boxes
        ]
        self._allowing: dict[tuple[Path, int], BitSet] = {}

    @property
    def paths(self) -> Iterator[Path]:
        """The paths some SLA's box restricts."""
        return iter(self._groups)

    def restricting(self, path: Path) -> BitSet:
        """The SLAs whose box restricts ``path`` (allows only some of its codes)."""
        return self._restricting.get(path, 0)

    def position(self, index: int, path: Path) -> int:
        """Where ``path`` comes in SLA ``index``'s box (which restricts it)."""
        return self._positions[index][path]

    def masks_of(self, path: Path, slas: BitSet) -> int:
        """The union of the masks that the boxes of ``slas`` (each restricting ``path``) give it."""
        union = 0
        groups = self._groups[path]
        if len(groups) <= slas.bit_count():
            for mask, group in groups.items():
                if group & slas:
                    union |= mask
        else:
            for index in members(slas):
                union |= self.boxes[index][path]  # type: ignore[index]
        return union

    def allowing(self, path: Path, mask: int) -> BitSet:
        """The SLAs whose box allows at least one of the codes in ``mask`` on ``path``."""
        key = (path, mask)
        found = self._allowing.get(key)
        if found is None:
            groups = self._groups.get(path)
            if groups is None:
                return self.everyone
            found = self._unrestricted[path]
            for group_mask, members in groups.items():
                if group_mask & mask:
                    found |= members
            self._allowing[key] = found
        return found

    def overlapping(self, box: Box | None, ignore: Path | None = None) -> BitSet:
        """The SLAs whose box meets ``box`` (optionally not comparing one path): ``may_overlap``."""
        if box is None:
            return 0
        found = self.everyone
        for path, mask in box.items():
            if path != ignore:
                found &= self.allowing(path, mask)
        return found

    def matching_point(self, codes: Mapping[Path, int]) -> BitSet:
        """The SLAs whose box holds a ticket with these codes (a path not given: code 0, missing)."""
        found = self.everyone
        for path in self._groups:
            found &= self.allowing(path, 1 << codes.get(path, 0))
        return found


def below(index: int) -> BitSet:
    """The SLAs before SLA ``index``."""
    return (1 << index) - 1


def members(bits: BitSet) -> list[int]:
    """The SLA indices in a bit set, ascending."""
    return member_array(bits).tolist() if bits else []


def member_array(bits: BitSet) -> np.ndarray:
    """The SLA indices in a bit set, ascending, as an int64 array (for indexing arrays by SLA)."""
    if not bits:
        return np.zeros(0, dtype=np.int64)
    raw = np.frombuffer(bits.to_bytes((bits.bit_length() + 7) // 8, "little"), dtype=np.uint8)
    return np.flatnonzero(np.unpackbits(raw, bitorder="little")).astype(np.int64, copy=False)
