"""Comparing what two SLAs promise, clock by clock, over a year of start instants.

A clock's promise is its deadline: the target counted on its calendar from the start. The
clocks of two SLAs are compared by name: the built-in metrics, and measures of the same
name that run alike (the same start, stop and resume triggers and ``cycles``; measures that
share a name but not their triggers measure different things and are not compared). SLA A
is *tighter* than B on a clock when, for some start instant in the window, A's deadline is
strictly earlier than B's, or when B has no clock of that name at all (a deadline versus
none). A gives a *later deadline than B for every start* on a clock both define when A's
deadline is strictly later at every start instant in the window.

A clock whose calendar the ticket chooses has one promise per calendar it can choose
(``choices``): each relation is then stated for a pair of options, and holds for the
tickets that choose both (the rules look for such a ticket).

Both are exact. On one calendar they reduce to comparing targets (more open time always
ends strictly later); across calendars, the smallest and largest wall-clock time to the
deadline decide most pairs, and ``Deadlines.extremes`` decides the rest. Answers are kept
per pair of distinct (calendar, target) promises, so a set of thousands of SLAs with a
few dozen distinct promises costs a few dozen comparisons.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..model import METRICS, Calendar, Clock, Condition, ConditionTrigger, Measure, PolicySet, Sla, Trigger
from .choices import CalendarOption, clock_label
from .conditions.domain import typed_key
from .context import Context
from .deadlines import Extremes
from .wording import target

Promise = tuple[Calendar, int]  # (calendar, target_s): a deadline step
NONE = -1  # in ``PromiseTable.ids``: the SLA has no such clock
CHOSEN = -2  # the ticket chooses among the clock's calendars: see ``PromiseTable.chosen``


@dataclass(frozen=True)
class Tighter:
    kind: str  # the clock's name
    start_s: int  # a start instant where the later SLA's deadline is earlier
    by_s: float | None  # how much earlier there (None: the other SLA has no such clock)
    mine: CalendarOption
    theirs: CalendarOption | None  # None: the other SLA has no such clock

    @property
    def conditions(self) -> list[Condition]:
        """What a ticket must satisfy to choose both calendars (empty: every ticket)."""
        return [o.condition for o in (self.mine, self.theirs) if o is not None and o.condition is not None]


@dataclass(frozen=True)
class Later:
    kind: str  # the clock's name
    by_s: float  # ``mine``'s deadline is later than ``theirs`` by at least this, for every start
    mine: CalendarOption
    theirs: CalendarOption


def clock_names(model: PolicySet) -> tuple[str, ...]:
    """The built-in metrics, then every measure name in order of first declaration."""
    names = dict.fromkeys(METRICS)
    for sla in model.slas:
        for measure in sla.measures:
            names.setdefault(measure.name)
    return tuple(names)


def clock_of(sla: Sla, name: str) -> Clock | None:
    return sla.metric(name) if name in METRICS else sla.measure(name)


def runs_alike(a: Clock, b: Clock) -> bool:
    """Whether two clocks of one name measure the same thing (always, for built-in metrics)."""
    return _signature(a) == _signature(b)


def _signature(clock: Clock) -> Any:
    if not isinstance(clock, Measure):
        return None

    def key(triggers: tuple[Trigger, ...]) -> tuple:
        return tuple(typed_key(t.condition) if isinstance(t, ConditionTrigger) else t.event for t in triggers)

    return (key(clock.starts), key(clock.stops), key(clock.resumes), clock.cycles)


class PromiseTable:
    """Every SLA's promises, and exact relations between them (vectorised over SLAs)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        slas = ctx.model.slas
        self.promises: list[Promise] = []
        index: dict[Promise, int] = {}

        def promise_id(promise: Promise) -> int:
            if promise not in index:
                index[promise] = len(self.promises)
                self.promises.append(promise)
            return index[promise]

        self.names = clock_names(ctx.model)
        # ids[name][i]: index into self.promises of SLA i's clock, or NONE, or CHOSEN
        self.ids: dict[str, np.ndarray] = {}
        # kinds[name][i]: which way SLA i's measure runs (clocks compare only within a kind)
        self.kinds: dict[str, np.ndarray] = {}
        # chosen[(name, i)]: the promise of each calendar SLA i's clock can choose
        self.chosen: dict[tuple[str, int], tuple[int, ...]] = {}
        for name in self.names:
            column, kinds = [], []
            signatures: dict[Any, int] = {}
            for i, sla in enumerate(slas):
                clock = clock_of(sla, name)
                if clock is None:
                    column.append(NONE)
                    kinds.append(-1)
                    continue
                kinds.append(signatures.setdefault(_signature(clock), len(signatures)))
                options = ctx.clock_options(sla, clock)
                if len(options) == 1 and options[0].condition is None:
                    column.append(promise_id((options[0].calendar, clock.target_s)))
                else:
                    column.append(CHOSEN)
                    self.chosen[(name, i)] = tuple(promise_id((o.calendar, clock.target_s)) for o in options)
            self.ids[name] = np.array(column, dtype=np.int64)
            self.kinds[name] = np.array(kinds, dtype=np.int64)
        # Columns where every SLA's clock is one promise and runs alike: compared as arrays only.
        self.plain = {name for name in self.names if len(set(self.kinds[name]) - {-1}) <= 1 and CHOSEN not in self.ids[name]}
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
        self._pairs: dict[tuple[tuple[int, ...], tuple[int, ...], bool], bool] = {}

    def _wall_bounds(self, promise: Promise) -> tuple[float, float]:
        return self.ctx.deadlines.wall_duration_bounds(promise)

    def _extremes(self, a: int, b: int) -> Extremes:
        return self.ctx.deadlines.extremes([self.promises[a]], [self.promises[b]])

    # --- one promise against another ---------------------------------------------------

    def earlier(self, mine: int, other: int) -> bool:
        """Whether promise ``mine`` ends strictly earlier than ``other`` for some start."""
        return bool(self._earlier_mask(mine, np.array([other], dtype=np.int64))[0])

    def later(self, mine: int, other: int) -> bool:
        """Whether promise ``mine`` ends strictly later than ``other`` for every start."""
        return bool(self._later_mask(mine, np.array([other], dtype=np.int64))[0])

    # --- one promise against many ------------------------------------------------------

    def _earlier_mask(self, mine: int, theirs: np.ndarray) -> np.ndarray:
        """For each promise in ``theirs`` (NONE: no such clock, CHOSEN: not decided here), whether
        ``mine`` ends strictly earlier for some start."""
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
        """For each promise in ``theirs`` (NONE and CHOSEN never count), whether ``mine`` ends
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

    def _options(self, name: str, sla_index: int) -> tuple[int, ...]:
        found = int(self.ids[name][sla_index])
        return self.chosen[(name, sla_index)] if found == CHOSEN else (found,)

    def _relation(self, sla_index: int, candidates: np.ndarray, earlier: bool) -> np.ndarray:
        result = np.zeros(len(candidates), dtype=bool)
        if not len(candidates):
            return result
        for name in self.names:
            column = self.ids[name]
            mine = int(column[sla_index])
            if mine == NONE:
                continue
            theirs = column[candidates]
            if name in self.plain:
                result |= self._earlier_mask(mine, theirs) if earlier else self._later_mask(mine, theirs)
                continue
            alike = self.kinds[name][candidates] == self.kinds[name][sla_index]
            if mine >= 0:
                mask = self._earlier_mask(mine, theirs) if earlier else self._later_mask(mine, theirs)
                mask &= (theirs == NONE) | alike
                undecided = np.flatnonzero((theirs == CHOSEN) & alike)
            else:  # the ticket chooses this SLA's calendar: compare every pair of options
                some_deadline = not all(self.broken[o] for o in self._options(name, sla_index))
                mask = (theirs == NONE) & (earlier and some_deadline)
                undecided = np.flatnonzero((theirs != NONE) & alike)
            mine_options = self._options(name, sla_index)
            for position in undecided:
                mask[position] = self._some_pair(mine_options, self._options(name, int(candidates[position])), earlier)
            result |= mask
        return result

    def _some_pair(self, mine: tuple[int, ...], theirs: tuple[int, ...], earlier: bool) -> bool:
        """Whether some option of ``mine`` is earlier (``earlier``) or later than some of ``theirs``."""
        key = (mine, theirs, earlier)
        found = self._pairs.get(key)
        if found is None:
            relation = self.earlier if earlier else self.later
            found = any(relation(a, b) for a in mine for b in theirs)
            self._pairs[key] = found
        return found

    def tighter_than(self, sla_index: int, candidates: np.ndarray) -> np.ndarray:
        """Which of the candidate SLAs (indices) ``sla_index`` may promise more than, on some
        clock (exact for fixed calendars; for chosen ones, some pair of options)."""
        return self._relation(sla_index, candidates, earlier=True)

    def later_than(self, sla_index: int, candidates: np.ndarray) -> np.ndarray:
        """Which candidate SLAs may give an earlier deadline than ``sla_index`` for every start,
        on some clock (exact for fixed calendars; for chosen ones, some pair of options)."""
        return self._relation(sla_index, candidates, earlier=False)


def promise_table(ctx: Context) -> PromiseTable:
    return ctx.shared("promises", lambda: PromiseTable(ctx))


def _pairs(a: Sla, b: Sla) -> Iterator[tuple[str, Clock, Clock | None]]:
    """Each clock of ``a`` with ``b``'s clock of that name (None when ``b`` has none); clocks
    of one name that run differently are left out."""
    for clock in a.clocks:
        theirs = clock_of(b, clock.name)
        if theirs is None or runs_alike(clock, theirs):
            yield clock.name, clock, theirs


def tighter(ctx: Context, later: Sla, earlier: Sla) -> list[Tighter]:
    """Clocks on which ``later`` promises more than ``earlier``, per pair of calendars they can
    count on, with a start that shows it."""
    found = []
    for name, mine, theirs in _pairs(later, earlier):
        for a in ctx.clock_options(later, mine):
            if theirs is None:
                found.append(Tighter(name, ctx.window.start_s, None, a, None))
                continue
            for b in ctx.clock_options(earlier, theirs):
                ext = ctx.deadlines.extremes([(a.calendar, mine.target_s)], [(b.calendar, theirs.target_s)])
                if ext.min_diff < 0:
                    found.append(Tighter(name, ext.min_start, -ext.min_diff, a, b))
    return found


def always_later(ctx: Context, a: Sla, b: Sla) -> list[Later]:
    """Clocks both define where ``a``'s deadline is later than ``b``'s for every start (by at
    least ``by_s``), per pair of calendars they can count on."""
    found = []
    for name, mine, theirs in _pairs(a, b):
        if theirs is None:
            continue
        for option_a in ctx.clock_options(a, mine):
            for option_b in ctx.clock_options(b, theirs):
                ext = ctx.deadlines.extremes(
                    [(option_a.calendar, mine.target_s)], [(option_b.calendar, theirs.target_s)]
                )
                if ext.min_diff > 0:
                    found.append(Later(name, ext.min_diff, option_a, option_b))
    return found


def promise_text(sla: Sla, name: str, option: CalendarOption | None) -> str:
    """``8h on `office```, with the arm it is counted on when the ticket chooses; ``no deadline``."""
    clock = clock_of(sla, name)
    if clock is None or option is None:
        return "no deadline"
    return f"{target(clock.target_s)} {option.on()}"


def clock_text(name: str, sla: Sla) -> str:
    """How a finding names a clock: ``resolution``, ``measure `agent_work```."""
    clock = clock_of(sla, name)
    return clock_label(clock) if clock is not None else name
