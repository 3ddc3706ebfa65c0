"""Comparing what two SLAs promise, metric by metric, over a year of start instants.

A metric's promise is its deadline: the target counted on the SLA's calendar from the
start. SLA A is *tighter* than B on a metric when, for some start instant in the window,
A's deadline is strictly earlier than B's, or when B has no such metric at all (a
deadline versus none). A gives a *later deadline than B for every start* on a metric both
define when A's deadline is strictly later at every start instant in the window.

Both are exact. On one calendar they reduce to comparing targets (more open time always
ends strictly later); across calendars, the smallest and largest wall-clock time to the
deadline decide most pairs, and ``Deadlines.extremes`` decides the rest. Answers are kept
per pair of distinct (calendar, target) promises, so a set of thousands of SLAs with a
few dozen distinct promises costs a few dozen comparisons.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..model import METRICS, Calendar, Sla
from .context import Context
from .wording import target

Promise = tuple[Calendar, int]  # (calendar, target_s): a deadline step
NONE = -1  # in ``PromiseTable.ids``: the SLA has no such metric
UNDECIDED = -2  # the metric's calendar is chosen from the ticket: compared with nothing (yet)


@dataclass(frozen=True)
class Tighter:
    kind: str
    start_s: int  # a start instant where the later SLA's deadline is earlier
    by_s: float | None  # how much earlier there (None: the other SLA has no such metric)


class PromiseTable:
    """Every SLA's promises, and exact relations between them (vectorised over SLAs)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        slas = ctx.model.slas
        self.promises: list[Promise] = []
        index: dict[Promise, int] = {}
        # ids[m][i]: index into self.promises of SLA i's metric m, or NONE, or UNDECIDED
        self.ids: dict[str, np.ndarray] = {}
        for kind in METRICS:
            column = []
            for sla in slas:
                metric = sla.metric(kind)
                if metric is None:
                    column.append(NONE)
                    continue
                step = ctx.metric_step(sla, metric)
                if step is None:
                    column.append(UNDECIDED)
                    continue
                promise = step
                if promise not in index:
                    index[promise] = len(self.promises)
                    self.promises.append(promise)
                column.append(index[promise])
            self.ids[kind] = np.array(column, dtype=np.int64)
        bounds = [self._wall_bounds(p) for p in self.promises]
        self.low = np.array([b[0] for b in bounds], dtype=np.float64)
        self.high = np.array([b[1] for b in bounds], dtype=np.float64)
        # A promise on a calendar that never opens has no deadline at all; calendar-never-open
        # reports it, and it is compared with nothing here.
        self.broken = np.isinf(self.low)
        calendar_ids = {calendar: i for i, calendar in enumerate(dict.fromkeys(p[0] for p in self.promises))}
        self.calendar_of = np.array([calendar_ids[p[0]] for p in self.promises], dtype=np.int64)
        self.target_of = np.array([p[1] for p in self.promises], dtype=np.int64)
        self._earlier_somewhere: dict[tuple[int, int], bool] = {}
        self._later_everywhere: dict[tuple[int, int], bool] = {}

    def _wall_bounds(self, promise: Promise) -> tuple[float, float]:
        return self.ctx.deadlines.wall_duration_bounds(promise)

    def _extremes(self, a: int, b: int):
        return self.ctx.deadlines.extremes([self.promises[a]], [self.promises[b]])

    # --- one promise against many ------------------------------------------------------

    def _earlier_mask(self, mine: int, theirs: np.ndarray) -> np.ndarray:
        """For each promise in ``theirs`` (NONE: no such metric, UNDECIDED: never), whether ``mine``
        ends strictly earlier for some start."""
        if self.broken[mine]:
            return np.zeros(len(theirs), dtype=bool)
        result = theirs == NONE
        present = theirs >= 0
        others = theirs[present]
        same = self.calendar_of[others] == self.calendar_of[mine]
        decided = np.where(same, self.target_of[mine] < self.target_of[others], False)
        never = ~same & (self.low[mine] >= self.high[others])
        surely = ~same & (self.high[mine] < self.low[others])
        decided |= surely
        decided &= ~self.broken[others]
        open_question = ~same & ~never & ~surely & ~self.broken[others]
        for position in np.flatnonzero(open_question):
            other = int(others[position])
            key = (mine, other)
            if key not in self._earlier_somewhere:
                self._earlier_somewhere[key] = self._extremes(mine, other).min_diff < 0
            decided[position] = self._earlier_somewhere[key]
        result[present] = decided
        return result

    def _later_mask(self, mine: int, theirs: np.ndarray) -> np.ndarray:
        """For each promise in ``theirs`` (NONE and UNDECIDED never count), whether ``mine`` ends
        strictly later for every start."""
        result = np.zeros(len(theirs), dtype=bool)
        if self.broken[mine]:
            return result
        present = theirs >= 0
        others = theirs[present]
        same = self.calendar_of[others] == self.calendar_of[mine]
        decided = np.where(same, self.target_of[mine] > self.target_of[others], False) & ~self.broken[others]
        possible = ~same & (self.low[mine] > self.low[others]) & (self.high[mine] > self.high[others])
        possible &= ~self.broken[others]
        surely = possible & (self.low[mine] > self.high[others])
        decided |= surely
        for position in np.flatnonzero(possible & ~surely):
            other = int(others[position])
            key = (mine, other)
            if key not in self._later_everywhere:
                self._later_everywhere[key] = self._extremes(mine, other).min_diff > 0
            decided[position] = self._later_everywhere[key]
        result[present] = decided
        return result

    # --- SLAs -------------------------------------------------------------------------

    def tighter_than(self, sla_index: int, candidates: np.ndarray) -> np.ndarray:
        """Which of the candidate SLAs (indices) ``sla_index`` promises more than, on some metric."""
        result = np.zeros(len(candidates), dtype=bool)
        for kind in METRICS:
            mine = int(self.ids[kind][sla_index])
            if mine >= 0 and len(candidates):
                result |= self._earlier_mask(mine, self.ids[kind][candidates])
        return result

    def later_than(self, sla_index: int, candidates: np.ndarray) -> np.ndarray:
        """Which candidate SLAs get an earlier deadline than ``sla_index`` for every start, on some metric."""
        result = np.zeros(len(candidates), dtype=bool)
        for kind in METRICS:
            mine = int(self.ids[kind][sla_index])
            if mine >= 0 and len(candidates):
                result |= self._later_mask(mine, self.ids[kind][candidates])
        return result


def promise_table(ctx: Context) -> PromiseTable:
    return ctx.shared("promises", lambda: PromiseTable(ctx))


def tighter(ctx: Context, later: Sla, earlier: Sla) -> list[Tighter]:
    """Metrics on which ``later`` promises more than ``earlier``, with a start that shows it."""
    found = []
    for kind in METRICS:
        mine = later.metric(kind)
        if mine is None:
            continue
        step = ctx.metric_step(later, mine)
        if step is None:
            continue  # the ticket chooses the calendar: not compared (yet)
        theirs = earlier.metric(kind)
        if theirs is None:
            found.append(Tighter(kind, ctx.window.start_s, None))
            continue
        other = ctx.metric_step(earlier, theirs)
        if other is None:
            continue
        ext = ctx.deadlines.extremes([step], [other])
        if ext.min_diff < 0:
            found.append(Tighter(kind, ext.min_start, -ext.min_diff))
    return found


def always_later(ctx: Context, a: Sla, b: Sla) -> list[tuple[str, float]]:
    """Metrics both define where ``a``'s deadline is later than ``b``'s for every start (by at least)."""
    found = []
    for kind in METRICS:
        ma, mb = a.metric(kind), b.metric(kind)
        step_a = ctx.metric_step(a, ma) if ma is not None else None
        step_b = ctx.metric_step(b, mb) if mb is not None else None
        if step_a is None or step_b is None:
            continue
        ext = ctx.deadlines.extremes([step_a], [step_b])
        if ext.min_diff > 0:
            found.append((kind, ext.min_diff))
    return found


def promise_text(ctx: Context, sla: Sla, kind: str) -> str:
    metric = sla.metric(kind)
    if metric is None:
        return "no deadline"
    return f"{target(metric.target_s)} on `{sla.calendar_of(metric).text}`"
