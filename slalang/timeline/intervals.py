"""Sorted open intervals in UTC and counted-time arithmetic over them by binary search.

An ``OpenIntervals`` is an immutable snapshot: merged, disjoint, non-touching half-open
intervals ``[starts[i], ends[i])`` known to be complete inside ``[cover_start, cover_end)``,
plus ``before[i]``, the open seconds of all intervals before interval ``i`` (``before`` has
one extra element, the total). ``open_before(t)`` — the open seconds in
``[cover_start, t)`` — is then one ``searchsorted`` and a subtraction, and so is its
inverse, which is what a deadline is.

A deadline exists only if counting never crosses a closed stretch longer than
``HORIZON_S``: a calendar closed for ten years is treated as closed for good, so a search
always ends. ``long_gaps`` holds the indices i whose gap ``[ends[i], starts[i + 1])`` is
longer than that (almost always none).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

import numpy as np

_INT64 = np.int64

HORIZON_S = 10 * 366 * 86400
"""Counting gives up across a closed stretch longer than this (about ten years)."""

FOUND, NEVER, UNKNOWN = 0, 1, 2  # per-element status of ``deadlines_many``


@dataclass(frozen=True, eq=False)
class OpenIntervals:
    starts: np.ndarray  # int64, sorted
    ends: np.ndarray  # int64, ends[i] < starts[i + 1]
    before: np.ndarray  # int64, len(starts) + 1, prefix sums of open seconds
    long_gaps: np.ndarray  # int64 indices i with starts[i + 1] - ends[i] > HORIZON_S
    ends_before: np.ndarray  # int64, len(starts) + 1: ends[i - 1], and cover_start - 1 first
    cover_start: int
    cover_end: int
    # The same numbers as Python lists: ``bisect`` on a list beats a numpy call per scalar.
    starts_list: list[int]
    ends_list: list[int]
    before_list: list[int]
    long_gaps_list: list[int]

    @staticmethod
    def build(
        starts: np.ndarray, ends: np.ndarray, cover_start: int, cover_end: int
    ) -> OpenIntervals:
        """From merged intervals; the arrays are made read-only."""
        starts = np.ascontiguousarray(starts, dtype=_INT64)
        ends = np.ascontiguousarray(ends, dtype=_INT64)
        before = np.zeros(len(starts) + 1, dtype=_INT64)
        np.cumsum(ends - starts, out=before[1:])
        long_gaps = np.flatnonzero(starts[1:] - ends[:-1] > HORIZON_S).astype(_INT64)
        ends_before = np.concatenate(([cover_start - 1], ends)).astype(_INT64)
        for array in (starts, ends, before, long_gaps, ends_before):
            array.setflags(write=False)
        return OpenIntervals(
            starts,
            ends,
            before,
            long_gaps,
            ends_before,
            cover_start,
            cover_end,
            starts.tolist(),
            ends.tolist(),
            before.tolist(),
            long_gaps.tolist(),
        )

    @property
    def total_open_s(self) -> int:
        return self.before_list[-1]

    def covers(self, low: int, high: int) -> bool:
        """Whether ``[low, high]`` lies strictly inside the cover (no edge of it is an edge)."""
        return self.cover_start < low and high < self.cover_end

    def closed_tail_s(self, instant: int) -> int:
        """Closed seconds known here from max(instant, last closing) to ``cover_end``."""
        return self.cover_end - max(instant, self._last_end())

    # --- scalar -----------------------------------------------------------------------

    def is_open(self, instant: int) -> bool:
        index = bisect_right(self.starts_list, instant) - 1
        return index >= 0 and instant < self.ends_list[index]

    def open_before(self, instant: int) -> int:
        """Open seconds in ``[cover_start, instant)``."""
        count = bisect_right(self.starts_list, instant)
        if count == 0:
            return 0
        return self.before_list[count] - max(0, self.ends_list[count - 1] - instant)

    def deadline(self, start: int, target_s: int) -> tuple[bool, int | None]:
        """``(known, t)``: t is the earliest instant with ``target_s`` open seconds in
        ``[start, t)`` (``target_s`` > 0, ``start`` covered), None beyond the horizon.

        ``known`` is False when the intervals known here hold too few open seconds and no
        closed stretch beyond the horizon settles it: cover more and ask again.
        """
        goal = self.open_before(start) + target_s
        if goal > self.total_open_s:
            return (self.closed_tail_s(start) > HORIZON_S, None)
        index = bisect_left(self.before_list, goal) - 1
        if self.long_gaps_list or start < self.starts_list[0] - HORIZON_S:
            first = bisect_right(self.ends_list, start)
            gaps = self.long_gaps_list
            if self.starts_list[first] - start > HORIZON_S or (
                bisect_left(gaps, index) > bisect_left(gaps, first)
            ):
                return (True, None)
        return (True, self.starts_list[index] + goal - self.before_list[index])

    def next_start_at_or_after(self, instant: int) -> int | None:
        """The earliest open instant at or after ``instant`` known here, else None."""
        index = bisect_right(self.ends_list, instant)
        if index == len(self.starts_list):
            return None
        return max(instant, self.starts_list[index])

    def clipped(self, low: int, high: int) -> list[tuple[int, int]]:
        """The open intervals intersected with ``[low, high)``."""
        first = bisect_right(self.ends_list, low)
        last = bisect_left(self.starts_list, high)
        return [
            (max(low, self.starts_list[i]), min(high, self.ends_list[i]))
            for i in range(first, last)
        ]

    def edges(self, low: int, high: int) -> list[int]:
        """Every opening and closing instant in ``[low, high]``, sorted."""
        starts, ends = self.starts_list, self.ends_list
        found = starts[bisect_left(starts, low) : bisect_right(starts, high)]
        found += ends[bisect_left(ends, low) : bisect_right(ends, high)]
        return sorted(found)

    # --- vectorised -------------------------------------------------------------------

    def open_before_many(self, instants: np.ndarray) -> np.ndarray:
        """Vectorised ``open_before`` (instants inside the cover)."""
        count = np.searchsorted(self.starts, instants, side="right")
        tail = self.ends_before[count] - instants  # open seconds of the last interval after t
        np.maximum(tail, 0, out=tail)
        return self.before[count] - tail

    def deadlines_many(
        self, starts: np.ndarray, targets_s: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Vectorised ``deadline`` for ``targets_s`` > 0: ``(deadline, status)``.

        ``status`` is None when every deadline was found here (the common case); otherwise
        an int8 array of ``FOUND``, ``NEVER`` (beyond the horizon) and ``UNKNOWN`` (cover
        more and ask again), and ``deadline`` is meaningful only where ``FOUND``.
        """
        count = len(self.starts)
        if count == 0:
            status = np.full(len(starts), UNKNOWN, dtype=np.int8)
            status[self.cover_end - np.maximum(starts, self.cover_start) > HORIZON_S] = NEVER
            return np.zeros(len(starts), dtype=_INT64), status
        goal = self.open_before_many(starts)
        goal += targets_s
        index = np.searchsorted(self.before, goal, side="left")
        index -= 1  # the interval where the count reaches the goal
        enough = index < count
        all_enough = bool(enough.all())
        if not all_enough:
            np.minimum(index, count - 1, out=index)
        deadline = self.starts[index] + (goal - self.before[index])
        too_far = self._crossing_long_gap_many(starts, index)
        if all_enough and too_far is None:
            return deadline, None
        status = np.full(len(starts), FOUND, dtype=np.int8)
        if not all_enough:
            beyond = self.cover_end - np.maximum(starts, self._last_end()) > HORIZON_S
            status[~enough] = np.where(beyond[~enough], NEVER, UNKNOWN)
        if too_far is not None:
            status[enough & too_far] = NEVER
        return deadline, status

    def _crossing_long_gap_many(self, starts: np.ndarray, index: np.ndarray) -> np.ndarray | None:
        """Whether counting from ``starts`` to interval ``index`` crosses a closed stretch
        beyond the horizon; None when no start can (no long gap, no far first opening)."""
        count = len(self.starts)
        if len(self.long_gaps) == 0 and int(starts.min()) >= int(self.starts[0]) - HORIZON_S:
            return None
        first = np.minimum(np.searchsorted(self.ends, starts, side="right"), count - 1)
        too_far = self.starts[first] - starts > HORIZON_S
        too_far |= np.searchsorted(self.long_gaps, index, "left") > np.searchsorted(
            self.long_gaps, first, "left"
        )
        return too_far

    def _last_end(self) -> int:
        return int(self.ends[-1]) if len(self.ends) else self.cover_start
