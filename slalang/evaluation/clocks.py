"""A policy set's clocks, prepared once: what each SLA times, on which calendar, to which target.

A *clock* is one thing an SLA times on a ticket: today a built-in metric
(``first_response``, ``next_response``, ``resolution``); a measure is the same kind of
thing. A clock runs once or in cycles; each run has a start, a stop (or none yet) and the
intervals that did not count, and it counts on its own calendar. Every evaluation path
(one ticket at a time, the batch, the compiled scanner and ``explain``) takes an SLA's
clocks from ``plan_sla`` and a clock's calendar from ``calendar_of``, so each of those
meanings is written here once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ..model import METRICS, Calendar, Metric, PolicySet, Sla
from .escalations import StepPlan, plan_steps
from .unsupported import NotEvaluatedYet, unsupported_constructs

Interval = tuple[int, int]

CYCLING_METRICS = frozenset({"next_response"})
"""Built-in metrics that run in cycles (a new run each time their start recurs)."""


class Timeline(Protocol):
    """What evaluation asks of a calendar (``slalang.timeline.Timeline``): counted time."""

    def open_seconds(self, a: int, b: int, excluded: Sequence[Interval] = ()) -> int: ...

    def advance(self, start: int, target_s: int, excluded: Sequence[Interval] = ()) -> int | None: ...

    def open_intervals(self, a: int, b: int) -> list[Interval]: ...


TimelineFactory = Callable[[Calendar], Any]


def calendar_of(policy: PolicySet, sla: Sla, metric: Metric | None = None) -> Calendar:
    """The calendar a clock of ``sla`` counts on (``metric`` None: the SLA's own).

    The one place evaluation reads ``Sla.calendar`` (and a metric's own calendar): a
    calendar chosen from the ticket is to be decided here and nowhere else. Until evaluation
    supports them, an SLA that uses any construct ``unsupported.py`` lists is refused here,
    with ``NotEvaluatedYet``.
    """
    found = unsupported_constructs(sla)
    if found:
        raise NotEvaluatedYet(f"SLA `{sla.name}` uses {'; '.join(found)}, which slalang does not evaluate yet", sla.span)
    calendar = policy.fixed_calendar(sla.calendar)
    assert calendar is not None  # a fixed choice (checked above)
    return calendar


@dataclass(frozen=True, slots=True)
class ClockPlan:
    """One clock of one SLA, ready to measure runs with."""

    name: str  # the metric's kind; the key of its result under "metrics"
    order: int  # its position among its SLA's clocks: escalations at one instant sort by it
    cycles: bool  # runs in cycles (its result is {"status", "cycles"})
    target_s: int
    steps: tuple[StepPlan, ...]  # its escalation chain, each with its fire point
    calendar: Calendar
    timeline: Any  # the calendar's ``Timeline``
    amounts: tuple[int, ...]  # the counted amounts whose instants each run needs: target, then steps


@dataclass(frozen=True, slots=True)
class SlaPlan:
    """An SLA prepared for evaluation: its clocks, in the order of its result's metrics."""

    sla: Sla
    clocks: tuple[ClockPlan, ...]
    names: tuple[str, ...]  # the clocks' names, in order
    cycling: tuple[ClockPlan, ...]  # the clocks that run in cycles

    def clock(self, name: str) -> ClockPlan | None:
        for clock in self.clocks:
            if clock.name == name:
                return clock
        return None


def plan_sla(policy: PolicySet, sla: Sla, timeline_for: TimelineFactory) -> SlaPlan:
    calendar_of(policy, sla)  # refuses what evaluation does not support yet, even in an SLA without a metric
    clocks: list[ClockPlan] = []
    for kind in METRICS:  # results list them in this order
        metric = sla.metric(kind)
        if metric is None:
            continue
        calendar = calendar_of(policy, sla, metric)
        steps = plan_steps(metric.escalation, metric.target_s)
        amounts = (metric.target_s,) + tuple(step.fire_after_s for step in steps)
        clocks.append(
            ClockPlan(
                metric.kind,
                len(clocks),
                metric.kind in CYCLING_METRICS,
                metric.target_s,
                steps,
                calendar,
                timeline_for(calendar),
                amounts,
            )
        )
    return SlaPlan(sla, tuple(clocks), tuple(c.name for c in clocks), tuple(c for c in clocks if c.cycles))


def plan_policy(policy: PolicySet, timeline_for: TimelineFactory) -> dict[str, SlaPlan]:
    """Every SLA of ``policy`` planned, by name."""
    return {sla.name: plan_sla(policy, sla, timeline_for) for sla in policy.slas}
