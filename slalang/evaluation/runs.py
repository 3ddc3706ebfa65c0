"""From a replayed history to a ticket's result: each clock's runs, their numbers, statuses.

Evaluation happens in three steps so that the batch path can vectorise the middle one:

1. ``runs_of(plan, history, now)``: the runs of each clock of the governing SLA (one for
   first_response and resolution, one per next_response cycle), each with the intervals
   that did not count (pause rule or resolved status);
2. ``measure(run)``: counted and open seconds, the deadline, each step's instant (the batch
   answers the same questions for many runs at once: ``batch.solve_runs``);
3. ``assemble(...)``: statuses, cycle roll-ups, the escalations that fired and what is due
   next (``remaining_s``, ``planned``, ``next_at``), built as typed results or as JSON objects
   (``result.TypedResults``, ``result.JsonResults``).

Counted time is real elapsed seconds while the clock's calendar is open and the clock is
not blocked. The deadline is the earliest instant at which counted time reaches the
target, from the run's history up to its stop (or ``now``) and, past that, with no
further pause.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple, Protocol

from .clocks import ClockPlan, Interval, SlaPlan
from .escalations import StepPlan, fires, planned_at
from .history import History, clip


class RunSpan(NamedTuple):
    """One run of a clock on one ticket."""

    clock: ClockPlan
    start_s: int
    stop_s: int | None  # None while running
    end_s: int  # its stop, or ``now`` (never before its start): where its history ends
    blocked: tuple[Interval, ...]  # when the clock did not count (paused, resolved), over the whole history
    idle: tuple[Interval, ...]  # the run was not running then (a resolved period): no step fires
    paused_now: bool  # the clock's pause rule holds at ``now``

    @property
    def excluded(self) -> tuple[Interval, ...]:
        """The intervals inside ``[start, end)`` that did not count."""
        return clip(self.blocked, self.start_s, self.end_s)

    @property
    def target_s(self) -> int:
        return self.clock.target_s

    @property
    def steps(self) -> tuple[StepPlan, ...]:
        return self.clock.steps


class Measured(NamedTuple):
    """A run's numbers on its calendar."""

    counted_s: int
    open_s: int  # open calendar seconds in [start, end); open - counted = paused_s
    deadline_s: int | None  # None: the calendar never reaches the target
    step_instants: tuple[int | None, ...]  # each escalation step's instant, the same way


_new = tuple.__new__  # a NamedTuple without its Python-level __new__ (the hot path)


def runs_of(plan: SlaPlan, history: History, now_s: int) -> list[RunSpan]:
    """The runs to measure, clock by clock in ``plan.clocks`` order (cycles in order)."""
    runs: list[RunSpan] = []
    own = history.clocks
    for clock in plan.clocks:
        traced = own.get(clock.name) if own else None
        if traced is None:
            bounds, blocked, idle, paused_now = history.runs[clock.name], history.blocked, history.resolved, history.paused_now
        else:
            bounds, blocked, idle, paused_now = traced[:4]
        for start, stop in bounds:
            end = stop if stop is not None else (now_s if now_s > start else start)
            runs.append(_new(RunSpan, (clock, start, stop, end, blocked, idle, paused_now)))
    return runs


def measure(run: RunSpan) -> Measured:
    """The numbers of one run, asked of its clock's timeline one question at a time."""
    timeline = run.clock.timeline
    start, end, excluded = run.start_s, run.end_s, run.excluded
    open_s = timeline.open_seconds(start, end) if end > start else 0
    counted = open_s if not excluded else timeline.open_seconds(start, end, excluded)
    deadline = timeline.advance(start, run.clock.target_s, excluded)
    instants = tuple(timeline.advance(start, step.fire_after_s, excluded) for step in run.clock.steps)
    return _new(Measured, (counted, open_s, deadline, instants))


def run_status(stop_s: int | None, deadline_s: int | None, now_s: int, paused_now: bool) -> str:
    """met / breached / running / paused (evaluation.md; ``now`` equal to the deadline is
    not past it)."""
    if stop_s is not None:
        return "met" if deadline_s is None or stop_s <= deadline_s else "breached"
    if deadline_s is not None and now_s > deadline_s:
        return "breached"
    return "paused" if paused_now else "running"


def remaining(stop_s: int | None, target_s: int, counted_s: int) -> int | None:
    """Counted seconds still left before the deadline at ``now`` (0 once breached), for a run
    that has not stopped (running, paused, or breached and still open); None for a stopped one."""
    if stop_s is not None:
        return None
    return target_s - counted_s if counted_s < target_s else 0


def next_change(now_s: int, deadlines: Sequence[int | None], planned: Sequence[int]) -> int | None:
    """``next_at``: the earliest instant after ``now`` among the deadlines of the runs not
    stopped and the planned steps' instants; None when there is none."""
    best: int | None = None
    for instant in (*deadlines, *planned):
        if instant is not None and instant > now_s and (best is None or instant < best):
            best = instant
    return best


NONE = "none"  # a cycling clock with no cycle


def roll_up(statuses: Sequence[str]) -> str:
    """A cycling clock's status from its cycles' statuses: breached if any cycle is, else
    running or paused if one is, else met; ``none`` without any cycle."""
    if not statuses:
        return NONE
    if "breached" in statuses:
        return "breached"
    for status in ("running", "paused"):
        if status in statuses:
            return status
    return "met"


class ResultBuilder(Protocol):
    """What ``assemble`` makes its result with (``result.TypedResults``, ``result.JsonResults``)."""

    def run(
        self,
        status: str,
        start_s: int,
        deadline_s: int | None,
        stop_s: int | None,
        target_s: int,
        counted_s: int,
        paused_s: int,
        remaining_s: int | None,
    ) -> Any: ...

    def cycles(self, status: str, runs: list[Any]) -> Any: ...

    def not_started(self) -> Any: ...

    def on_calendar(self, built: Any, calendar: str, zone: str) -> Any: ...

    def escalation(self, metric: str, at_s: int, actions: tuple[str, ...]) -> Any: ...

    def result(
        self,
        ticket_id: Any,
        sla: str,
        metrics: dict[str, Any],
        escalations: list[Any],
        calendar: str | None,
        zone: str | None,
        planned: list[Any],
        next_at_s: int | None,
    ) -> Any: ...


def assemble(
    ticket_id: Any, plan: SlaPlan, runs: Sequence[RunSpan], numbers: Sequence[Measured], now_s: int, build: ResultBuilder
) -> Any:
    """A governed ticket's result from its runs (``runs_of``) and their numbers: each run's
    status, each cycling clock's roll-up, and the steps that fired, ordered by instant, then
    clock (in ``plan.clocks`` order), then step; the steps planned (``planned_at``), in the
    same order, and ``next_at`` (``next_change``)."""
    metrics: dict[str, Any] = dict.fromkeys(plan.names)  # keeps the clocks' order
    cycles: dict[str, tuple[list[Any], list[str]]] = {}  # a cycling clock's runs built, and their statuses
    fired: list[tuple[tuple[int, int, int], Any]] = []
    planned: list[tuple[tuple[int, int, int], Any]] = []
    open_deadlines: list[int | None] = []  # of the runs not stopped
    build_run = build.run
    for (clock, start_s, stop_s, _, _, idle, paused_now), (counted_s, open_s, deadline_s, step_instants) in zip(
        runs, numbers, strict=True
    ):
        status = run_status(stop_s, deadline_s, now_s, paused_now)
        built = build_run(
            status, start_s, deadline_s, stop_s, clock.target_s, counted_s, open_s - counted_s,
            remaining(stop_s, clock.target_s, counted_s),
        )
        if clock.cycles:
            so_far = cycles.get(clock.name)
            if so_far is None:
                cycles[clock.name] = ([built], [status])
            else:
                so_far[0].append(built)
                so_far[1].append(status)
        else:
            metrics[clock.name] = built
        if step_instants:
            for step, instant in zip(clock.steps, step_instants, strict=False):
                if fires(instant, start_s, stop_s, idle, now_s):
                    assert instant is not None
                    fired.append(((instant, clock.order, step.index), build.escalation(clock.name, instant, step.actions)))
                elif planned_at(stop_s, instant, now_s):
                    assert instant is not None
                    planned.append(((instant, clock.order, step.index), build.escalation(clock.name, instant, step.actions)))
        if stop_s is None:
            open_deadlines.append(deadline_s)
    for clock in plan.cycling:
        done, statuses = cycles.get(clock.name) or ([], [])
        metrics[clock.name] = build.cycles(roll_up(statuses), done)
    if plan.decorated:
        for clock in plan.clocks:
            if metrics[clock.name] is None:  # a single-run measure that never started
                metrics[clock.name] = build.not_started()
            if clock.own_calendar:
                assert clock.calendar is not None
                metrics[clock.name] = build.on_calendar(metrics[clock.name], clock.calendar.name, clock.calendar.timezone)
    if len(fired) > 1:
        fired.sort(key=_first)
    if len(planned) > 1:
        planned.sort(key=_first)
    next_at = next_change(now_s, open_deadlines, [key[0] for key, _ in planned])
    calendar = plan.calendar
    assert calendar is not None  # decided for this ticket
    return build.result(
        ticket_id, plan.sla.name, metrics, [escalation for _, escalation in fired], calendar.name, calendar.timezone,
        [step for _, step in planned], next_at,
    )


def _first(item: tuple[Any, ...]) -> Any:
    return item[0]
