"""A policy set's clocks, prepared once: what each SLA times, on which calendar, to which target.

A *clock* is one thing an SLA times on a ticket: a built-in metric (``first_response``,
``next_response``, ``resolution``) or a measure the policy defines. A clock runs once or in
cycles; each run has a start, a stop (or none yet) and the intervals that did not count, and
it counts on its own calendar. Every evaluation path (one ticket at a time, the batch, the
compiled scanner and ``explain``) takes an SLA's clocks from ``plan_sla`` and a ticket's
calendars from ``SlaPlan.decided``, so each of those meanings is written here once.

A calendar chosen from the ticket (``calendar by``, ``NAME in PATH``) is decided on the
ticket's attributes (evaluation.md: at the same instants as the governing SLA, the last
choice applied to the whole history): ``SlaPlan.decided(attrs)`` gives the SLA's plan with
every clock on the calendar it counts on for that ticket. Such plans are built once per
combination of chosen calendars and zones and kept (bounded), and their timelines come from
the shared timeline cache: a file whose customers live in many zones builds each zone's
timeline once, not once per ticket.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from ..conditions import chosen_calendar
from ..model import METRICS, Calendar, CalendarChoice, Clock, Measure, PolicySet, Sla
from .escalations import StepPlan, plan_steps

Interval = tuple[int, int]

CYCLING_METRICS = frozenset({"next_response"})
"""Built-in metrics that run in cycles (a new run each time their start recurs)."""

MAX_DECIDED_PLANS = 4096
"""How many decided variants of one SLA's plan are kept (one per combination of calendars)."""


class Timeline(Protocol):
    """What evaluation asks of a calendar (``slalang.timeline.Timeline``): counted time."""

    def open_seconds(self, a: int, b: int, excluded: Sequence[Interval] = ()) -> int: ...

    def advance(self, start: int, target_s: int, excluded: Sequence[Interval] = ()) -> int | None: ...

    def open_intervals(self, a: int, b: int) -> list[Interval]: ...


TimelineFactory = Callable[[Calendar], Any]


def calendar_of(policy: PolicySet, sla: Sla, clock: Clock | None = None, attrs: Mapping[str, Any] | None = None) -> Calendar:
    """The calendar a clock of ``sla`` counts on (``clock`` None: the SLA's own), for a ticket
    with these attributes (``attrs`` may be None when the choice is fixed)."""
    choice = sla.calendar if clock is None else sla.calendar_of(clock)
    fixed = policy.fixed_calendar(choice)
    if fixed is not None:
        return fixed
    return chosen_calendar(policy, choice, attrs if attrs is not None else {"ticket": {}, "customer": {}})


@dataclass(frozen=True, slots=True)
class ClockPlan:
    """One clock of one SLA, ready to measure runs with."""

    name: str  # the metric's kind or the measure's name; the key of its result under "metrics"
    order: int  # its position among its SLA's clocks: escalations at one instant sort by it
    cycles: bool  # runs in cycles (its result is {"status", "cycles"})
    target_s: int
    steps: tuple[StepPlan, ...]  # its escalation chain, each with its fire point
    calendar: Calendar | None  # None until decided for a ticket (a calendar chosen from it)
    timeline: Any  # the calendar's ``Timeline`` (None until decided)
    amounts: tuple[int, ...]  # the counted amounts whose instants each run needs: target, then steps
    choice: CalendarChoice | None = None  # its own calendar item (None: it counts on the SLA's)
    own_pause: bool = False  # follows its own pause rule (or ``pause never``), not the SLA's
    measure: Measure | None = None  # a measure's definition (None: a built-in metric)

    @property
    def own_calendar(self) -> bool:
        """It declares its own calendar: its result names the calendar and zone."""
        return self.choice is not None


@dataclass(frozen=True, slots=True)
class SlaPlan:
    """An SLA prepared for evaluation: its clocks, in the order of its result's metrics."""

    sla: Sla
    clocks: tuple[ClockPlan, ...]
    names: tuple[str, ...]  # the clocks' names, in order
    cycling: tuple[ClockPlan, ...]  # the clocks that run in cycles
    calendar: Calendar | None = None  # the SLA's own calendar (None until decided for a ticket)
    chosen: bool = False  # some calendar is chosen from the ticket: use ``decided``
    traced: bool = False  # has measures or clocks with their own pause rule (``history.trace_clocks``)
    decorated: bool = False  # has measures (a run may never start) or clocks with their own calendar
    policy: PolicySet | None = field(default=None, compare=False)
    timeline_for: TimelineFactory | None = field(default=None, compare=False)
    variants: OrderedDict = field(default_factory=OrderedDict, compare=False)

    def clock(self, name: str) -> ClockPlan | None:
        for clock in self.clocks:
            if clock.name == name:
                return clock
        return None

    def decided(self, attrs: Mapping[str, Any]) -> SlaPlan:
        """This plan with every calendar decided on a ticket's attributes (itself when none is
        chosen from the ticket)."""
        if not self.chosen:
            return self
        assert self.policy is not None and self.timeline_for is not None
        policy = self.policy
        sla_calendar = chosen_calendar(policy, self.sla.calendar, attrs)
        picked = [
            sla_calendar if clock.choice is None else chosen_calendar(policy, clock.choice, attrs) for clock in self.clocks
        ]
        key = (sla_calendar.name, sla_calendar.timezone) + tuple((c.name, c.timezone) for c in picked)
        variants = self.variants
        plan = variants.get(key)
        if plan is not None:
            variants.move_to_end(key)
            return plan
        timeline_for = self.timeline_for
        clocks = tuple(
            clock if clock.calendar == calendar else replace(clock, calendar=calendar, timeline=timeline_for(calendar))
            for clock, calendar in zip(self.clocks, picked, strict=True)
        )
        plan = SlaPlan(
            self.sla, clocks, self.names, tuple(c for c in clocks if c.cycles), sla_calendar, False, self.traced,
            self.decorated, policy, timeline_for,
        )
        variants[key] = plan
        if len(variants) > MAX_DECIDED_PLANS:
            variants.popitem(last=False)
        return plan


def plan_clock(policy: PolicySet, sla: Sla, clock: Clock, order: int, timeline_for: TimelineFactory) -> ClockPlan:
    steps = plan_steps(clock.escalation, clock.target_s)
    amounts = (clock.target_s,) + tuple(step.fire_after_s for step in steps)
    calendar = policy.fixed_calendar(sla.calendar_of(clock))
    return ClockPlan(
        clock.name,
        order,
        clock.cycles if isinstance(clock, Measure) else clock.kind in CYCLING_METRICS,
        clock.target_s,
        steps,
        calendar,
        None if calendar is None else timeline_for(calendar),
        amounts,
        clock.calendar,
        clock.pause is not None,
        clock if isinstance(clock, Measure) else None,
    )


def plan_sla(policy: PolicySet, sla: Sla, timeline_for: TimelineFactory) -> SlaPlan:
    ordered = [m for kind in METRICS if (m := sla.metric(kind)) is not None] + list(sla.measures)
    clocks = tuple(plan_clock(policy, sla, clock, order, timeline_for) for order, clock in enumerate(ordered))
    calendar = policy.fixed_calendar(sla.calendar)
    chosen = calendar is None or any(clock.calendar is None for clock in clocks)
    traced = bool(sla.measures) or any(clock.own_pause for clock in clocks)
    return SlaPlan(
        sla,
        clocks,
        tuple(c.name for c in clocks),
        tuple(c for c in clocks if c.cycles),
        calendar,
        chosen,
        traced,
        bool(sla.measures) or any(c.own_calendar for c in clocks),
        policy,
        timeline_for,
    )


def plan_policy(policy: PolicySet, timeline_for: TimelineFactory) -> dict[str, SlaPlan]:
    """Every SLA of ``policy`` planned, by name."""
    return {sla.name: plan_sla(policy, sla, timeline_for) for sla in policy.slas}
