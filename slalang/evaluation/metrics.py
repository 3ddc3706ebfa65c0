"""From a replayed history to metric results: runs, counted time, deadlines, statuses.

Evaluation happens in three steps so that the batch path can vectorise the middle one:

1. ``runs_of(plan, history)``: the runs of each metric the governing SLA defines (a
   first_response, a resolution, one per next_response cycle) with the intervals that did
   not count (pause rule or resolved status) clipped to the run;
2. ``measure(clock, run)``: counted and open seconds, the deadline, each step's instant;
3. ``assemble(...)``: statuses, the next_response roll-up and the escalations that fired.

Counted time is real elapsed seconds while the SLA's calendar is open and the clock is not
blocked. The deadline is the earliest instant at which counted time reaches the target,
from the run's history up to its stop (or ``now``) and, past that, with no further pause.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, Sequence

from ..model import Metric, PolicySet, Sla
from .escalations import StepPlan, fired, plan_steps
from .history import History, Interval, clip
from .result import Cycles, Run, TicketResult, cycles_status


class Clock(Protocol):
    """What evaluation needs of a calendar's timeline (``slalang.timeline``)."""

    def open_seconds(self, a: int, b: int, excluded: Sequence[Interval] = ()) -> int: ...

    def advance(self, start: int, target_s: int, excluded: Sequence[Interval] = ()) -> int | None: ...


@dataclass(frozen=True, slots=True)
class MetricPlan:
    metric: Metric
    steps: tuple[StepPlan, ...]


@dataclass(frozen=True, slots=True)
class SlaPlan:
    """An SLA prepared for evaluation: its clock and each metric's fire points."""

    sla: Sla
    clock: Any  # a slalang.timeline timeline for the SLA's calendar
    first_response: MetricPlan | None
    next_response: MetricPlan | None
    resolution: MetricPlan | None


def plan_sla(policy: PolicySet, sla: Sla, clock: Any) -> SlaPlan:
    def plan(kind: str) -> MetricPlan | None:
        metric = sla.metric(kind)
        if metric is None:
            return None
        return MetricPlan(metric, plan_steps(metric.escalation, metric.target_s))

    return SlaPlan(sla, clock, plan("first_response"), plan("next_response"), plan("resolution"))


@dataclass(frozen=True, slots=True)
class RunSpan:
    """One run to measure. ``end_s`` is its stop, or ``now`` (never before its start)."""

    metric: str
    start_s: int
    stop_s: int | None
    end_s: int
    excluded: tuple[Interval, ...]  # blocked time inside [start, end)
    target_s: int
    steps: tuple[StepPlan, ...]


@dataclass(frozen=True, slots=True)
class Measured:
    counted_s: int
    open_s: int  # open calendar seconds in [start, end); open - counted = paused_s
    deadline_s: int | None
    step_instants: tuple[int | None, ...]


def runs_of(plan: SlaPlan, history: History, now_s: int) -> list[RunSpan]:
    """The runs to measure, in metric order (cycles in order)."""
    runs: list[RunSpan] = []
    blocked = history.blocked
    created = history.created_s
    if plan.first_response is not None:
        runs.append(_span("first_response", plan.first_response, created, history.first_response_stop, now_s, blocked))
    if plan.next_response is not None:
        for start, stop in history.cycles:
            runs.append(_span("next_response", plan.next_response, start, stop, now_s, blocked))
    if plan.resolution is not None:
        runs.append(_span("resolution", plan.resolution, created, history.resolution_stop, now_s, blocked))
    return runs


def _span(kind: str, plan: MetricPlan, start: int, stop: int | None, now_s: int, blocked: Sequence[Interval]) -> RunSpan:
    end = stop if stop is not None else max(now_s, start)
    return RunSpan(kind, start, stop, end, clip(blocked, start, end), plan.metric.target_s, plan.steps)


def measure(clock: Clock, run: RunSpan) -> Measured:
    """The numbers of one run, one timeline call at a time."""
    start, end, excluded = run.start_s, run.end_s, run.excluded
    open_s = clock.open_seconds(start, end) if end > start else 0
    if not excluded:
        counted = open_s
    else:
        counted = clock.open_seconds(start, end, excluded)
    deadline = clock.advance(start, run.target_s, excluded)
    instants = tuple(clock.advance(start, step.fire_after_s, excluded) for step in run.steps)
    return Measured(counted, open_s, deadline, instants)


def run_status(stop_s: int | None, deadline_s: int | None, now_s: int, paused_now: bool) -> str:
    """met / breached / running / paused (evaluation.md; ``now`` equal to the deadline is
    not past it)."""
    if stop_s is not None:
        return "met" if deadline_s is None or stop_s <= deadline_s else "breached"
    if deadline_s is not None and now_s > deadline_s:
        return "breached"
    return "paused" if paused_now else "running"


def assemble(
    ticket_id: Any,
    plan: SlaPlan,
    history: History,
    runs: Sequence[RunSpan],
    numbers: Sequence[Measured],
    now_s: int,
) -> TicketResult:
    first: Run | None = None
    resolution: Run | None = None
    cycles: list[Run] = []
    fired_steps = []
    resolved = history.resolved
    paused_now = history.paused_now
    for run, got in zip(runs, numbers, strict=True):
        status = run_status(run.stop_s, got.deadline_s, now_s, paused_now)
        result = Run(status, run.start_s, got.deadline_s, run.stop_s, run.target_s, got.counted_s, got.open_s - got.counted_s)
        if run.metric == "first_response":
            first = result
        elif run.metric == "resolution":
            resolution = result
        else:
            cycles.append(result)
        if run.steps:
            fired_steps.extend(fired(run.metric, run.steps, got.step_instants, run.start_s, run.stop_s, resolved, now_s))
    next_response = None
    if plan.next_response is not None:
        done = tuple(cycles)
        next_response = Cycles(cycles_status(done), done)
    fired_steps.sort(key=_first)
    return TicketResult(
        ticket_id,
        plan.sla.name,
        first,
        next_response,
        resolution,
        tuple(e for _, e in fired_steps),
    )


def _first(item: tuple) -> Any:
    return item[0]
