"""Deadlines as functions of the start instant, compared exactly over a year of starts.

For a target T on a calendar C, the deadline ``d(s)`` (the engine's ``advance``) is
piecewise linear in the start s with slope 0 or 1 and upward jumps: it changes slope only
where s crosses an opening or closing edge of C, or where d(s) crosses one, i.e. at
``retreat(e, T)`` (the start from which T open seconds end exactly at edge e). A chain of
steps, each counted on its own calendar from the end of the previous one, is a composition
of such functions: its breakpoints are each step's breakpoints pulled back through the
earlier steps with ``retreat``. A difference of two such functions is linear between the
union of their breakpoints, so its extremes over all integer starts lie at a breakpoint or
one second either side of it. ``Deadlines.extremes`` evaluates exactly those starts with
the timeline engine; nothing is sampled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..model import Calendar
from ..timeline import NO_DEADLINE, timeline_for

Step = tuple[Calendar, int]
"""Count ``target_s`` open seconds on the calendar (target_s > 0)."""

DAY_S = 86400
_MARGIN_S = 8 * DAY_S
_INT64 = np.int64


@dataclass(frozen=True)
class Window:
    """Start instants ``[start_s, end_s)``: a year from the reference date (00:00 UTC)."""

    start_s: int
    end_s: int
    reference_date: dt.date

    @classmethod
    def year_from(cls, reference_date: dt.date) -> Window:
        start = dt.datetime(reference_date.year, reference_date.month, reference_date.day, tzinfo=dt.UTC)
        try:
            end_date = reference_date.replace(year=reference_date.year + 1)
        except ValueError:  # 29 February
            end_date = reference_date.replace(year=reference_date.year + 1, day=28) + dt.timedelta(days=1)
        end = dt.datetime(end_date.year, end_date.month, end_date.day, tzinfo=dt.UTC)
        return cls(int(start.timestamp()), int(end.timestamp()), reference_date)


@dataclass(frozen=True)
class Extremes:
    """Extremes of ``a(s) - b(s)`` over the window (seconds; +-inf where one never ends)."""

    max_diff: float
    max_start: int
    min_diff: float
    min_start: int


class _Clock:
    """Open seconds on one calendar from an origin, and their inverse, over a fixed range."""

    def __init__(self, calendar: Calendar, low: int, high: int) -> None:
        intervals = timeline_for(calendar).open_intervals(low, high)
        self.low, self.high = low, high
        self.starts = np.array([a for a, _ in intervals], dtype=_INT64)
        self.ends = np.array([b for _, b in intervals], dtype=_INT64)
        self.before = np.zeros(len(intervals) + 1, dtype=_INT64)
        np.cumsum(self.ends - self.starts, out=self.before[1:])

    def covers(self, low: int, high: int) -> bool:
        return self.low <= low and high <= self.high

    def edges(self, low: int, high: int) -> np.ndarray:
        both = np.concatenate((self.starts, self.ends))
        return both[(both >= low) & (both <= high)]

    def counted(self, t: np.ndarray) -> np.ndarray:
        count = np.searchsorted(self.starts, t, side="right")
        previous = np.maximum(count - 1, 0)
        tail = np.where(count > 0, np.maximum(self.ends[previous] - t, 0), 0) if len(self.starts) else 0
        return self.before[count] - tail

    def retreat(self, values: np.ndarray, target_s: int) -> np.ndarray:
        """For each v, the earliest s whose ``target_s`` open seconds end at v; dropped if before ``low``."""
        goal = self.counted(values) - target_s
        goal = goal[(goal > 0) & (goal <= self.before[-1])]
        index = np.searchsorted(self.before, goal, side="left") - 1
        return self.starts[index] + (goal - self.before[index])


class Deadlines:
    """Exact comparisons of step chains over a window of start instants (cached per question)."""

    def __init__(self, window: Window) -> None:
        self.window = window
        self._clocks: dict[Calendar, _Clock] = {}
        self._extremes: dict[tuple, Extremes] = {}
        self._breakpoints: dict[tuple, np.ndarray] = {}
        self._ends_at: dict[tuple, int] = {}

    # --- forward ----------------------------------------------------------------------

    def ends(self, steps: Sequence[Step], starts: np.ndarray) -> np.ndarray:
        """End of the chain for each start (``NO_DEADLINE`` where a step never finishes)."""
        current = np.asarray(starts, dtype=_INT64)
        for calendar, target_s in steps:
            finite = current != NO_DEADLINE
            result = np.full(current.shape, NO_DEADLINE, dtype=_INT64)
            if finite.any():
                result[finite] = timeline_for(calendar).advance_many(current[finite], np.int64(target_s))
            current = result
        return current

    def end_at(self, steps: Sequence[Step], start_s: int) -> int:
        """``ends(steps, [start_s])[0]``, cached: many SLAs ask it of the same chain and start."""
        key = (tuple(steps), start_s)
        found = self._ends_at.get(key)
        if found is None:
            found = int(self.ends(steps, np.array([start_s], dtype=_INT64))[0])
            self._ends_at[key] = found
        return found

    # --- breakpoints ------------------------------------------------------------------

    def _clock(self, calendar: Calendar, low: int, high: int) -> _Clock:
        clock = self._clocks.get(calendar)
        if clock is None or not clock.covers(low, high):
            wanted_low = min(low, self.window.start_s) - _MARGIN_S
            wanted_high = max(high, self.window.end_s + 366 * DAY_S) + _MARGIN_S
            if clock is not None:
                wanted_low, wanted_high = min(wanted_low, clock.low), max(wanted_high, clock.high)
            clock = _Clock(calendar, wanted_low, wanted_high)
            self._clocks[calendar] = clock
        return clock

    def breakpoints(self, steps: Sequence[Step]) -> np.ndarray:
        """Starts in the window where the chain's end changes slope or jumps (sorted, unique)."""
        key = tuple((c, t) for c, t in steps)
        cached = self._breakpoints.get(key)
        if cached is not None:
            return cached
        first, last = self.window.start_s, self.window.end_s - 1
        ranges: list[tuple[int, int]] = []  # input range of each step
        low, high = first, last
        for calendar, target_s in steps:
            ranges.append((low, high))
            if low == NO_DEADLINE:
                break
            ends = self.ends([(calendar, target_s)], np.array([low, high], dtype=_INT64))
            low, high = int(ends[0]), int(ends[1])
        found = [np.array([first, last], dtype=_INT64)]
        cap = self.window.end_s + 2 * 366 * DAY_S  # beyond: starts whose chain never ends
        for index, (low, high) in enumerate(ranges):
            if low == NO_DEADLINE:
                break
            high = min(high, max(cap, low))
            calendar, target_s = steps[index]
            out_high = int(self.ends([(calendar, target_s)], np.array([high], dtype=_INT64))[0])
            reach = min(max(high, out_high), max(cap, high)) if out_high != NO_DEADLINE else high
            clock = self._clock(calendar, low, reach)
            edges = clock.edges(low, reach)
            points = np.concatenate((edges, clock.retreat(edges, target_s)))
            points = points[(points >= low) & (points <= high)]
            for back in range(index - 1, -1, -1):  # pull back through the earlier steps
                back_calendar, back_target = steps[back]
                back_low, back_high = ranges[back]
                back_clock = self._clock(back_calendar, back_low, max(back_high, int(points.max(initial=back_high))))
                points = back_clock.retreat(points, back_target)
                points = points[(points >= back_low) & (points <= back_high)]
            found.append(points)
        result = _sorted_unique(np.concatenate(found))
        self._breakpoints[key] = result
        return result

    def _probe_starts(self, *chains: Sequence[Step]) -> np.ndarray:
        points = np.concatenate([self.breakpoints(chain) for chain in chains])
        probes = np.concatenate((points - 1, points, points + 1))
        probes = probes[(probes >= self.window.start_s) & (probes < self.window.end_s)]
        return _sorted_unique(probes)

    # --- comparisons ------------------------------------------------------------------

    def extremes(self, a: Sequence[Step], b: Sequence[Step]) -> Extremes:
        """Exact max and min over window starts of ``end_a(s) - end_b(s)``."""
        key = (tuple(a), tuple(b))
        cached = self._extremes.get(key)
        if cached is not None:
            return cached
        starts = self._probe_starts(a, b)
        diff = _difference(self.ends(a, starts), self.ends(b, starts))
        high, low = int(np.argmax(diff)), int(np.argmin(diff))
        result = Extremes(float(diff[high]), int(starts[high]), float(diff[low]), int(starts[low]))
        self._extremes[key] = result
        return result

    def wall_duration_bounds(self, step: Step) -> tuple[float, float]:
        """Min and max over window starts of ``d(s) - s`` (wall-clock seconds to the deadline)."""
        found = self.extremes([step], [])
        return found.min_diff, found.max_diff


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` of whole seconds, without it: numpy 2 imports ``numpy.ma`` (10-20 ms) on its first call."""
    ordered = np.sort(values)
    if ordered.size < 2:
        return ordered
    keep = np.empty(ordered.size, dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _difference(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a - b`` as floats: +inf where only a never ends, -inf where only b does, 0 where both."""
    never_a, never_b = a == NO_DEADLINE, b == NO_DEADLINE
    finite = ~never_a & ~never_b
    diff = np.zeros(a.shape, dtype=np.float64)
    diff[finite] = (a[finite] - b[finite]).astype(np.float64)
    diff[never_a & ~never_b] = np.inf
    diff[never_b & ~never_a] = -np.inf
    return diff
