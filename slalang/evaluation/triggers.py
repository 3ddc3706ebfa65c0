"""Measures driven by their triggers, and the pause rules of clocks that have their own.

evaluation.md, "Measures": trigger points are ``created_at`` and each event in the order
events are applied (a ticket created in a resolved status has a second point at
``created_at`` where only ``on resolved`` fires). At each point, in this order: (1) a
running measure with a firing stop trigger stops; (2) a stopped single-run measure with a
firing resume trigger resumes; (3) a measure that is not running and whose start trigger
fires starts, if it has ``cycles`` or has never started. ``when CONDITION`` fires where the
condition holds and did not hold at the previous point (false before ``created_at``).

``MeasureTrace`` runs one measure over the points ``history.trace_clocks`` feeds it and
says why each start, stop and resume happened (for ``explain``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from ..conditions import compile_condition
from ..model import ConditionTrigger, EventTrigger, Measure, PolicySet, Trigger
from .condition_trace import render_condition

Predicate = Callable[[Mapping[str, Any]], Any]
Interval = tuple[int, int]

CREATED, AGENT_REPLY, CUSTOMER_REPLY, RESOLVED, REOPENED = "created", "agent_reply", "customer_reply", "resolved", "reopened"


class Moment(NamedTuple):
    """Something a measure did at a point: ``action`` is started, stopped or resumed;
    ``trigger`` the trigger as written (``on agent_reply``, ``when ticket.group == ...``);
    ``point`` what the point was (``created``, ``event 3 (agent_reply)``)."""

    at_s: int
    action: str
    trigger: str
    point: str


def trigger_text(trigger: Trigger) -> str:
    if isinstance(trigger, EventTrigger):
        return f"on {trigger.event}"
    return f"when {render_condition(trigger.condition)}"


class _Triggers:
    """One list of triggers (a measure's starts, stops or resumes), with the previous value
    of each ``when`` condition."""

    __slots__ = ("events", "conditions", "before")

    def __init__(self, triggers: tuple[Trigger, ...], policy: PolicySet) -> None:
        self.events: dict[str, Trigger] = {t.event: t for t in reversed(triggers) if isinstance(t, EventTrigger)}
        self.conditions: list[tuple[ConditionTrigger, Predicate]] = [
            (t, compile_condition(t.condition, policy)) for t in triggers if isinstance(t, ConditionTrigger)
        ]
        self.before = [False] * len(self.conditions)

    def firing(self, fired: tuple[str, ...], attrs: Mapping[str, Any]) -> Trigger | None:
        """The first trigger of the list that fires at this point (every ``when`` condition is
        evaluated, so that its "just before" is right at the next point)."""
        found: Trigger | None = None
        for event in fired:
            trigger = self.events.get(event)
            if trigger is not None:
                found = trigger
                break
        before = self.before
        for i, (trigger, test) in enumerate(self.conditions):
            holds = bool(test(attrs))
            if holds and not before[i] and found is None:
                found = trigger
            before[i] = holds
        return found


class MeasureTrace:
    """One measure's runs over a ticket's points."""

    __slots__ = ("measure", "starts", "stops", "resumes", "running", "started", "runs", "gaps", "moments")

    def __init__(self, measure: Measure, policy: PolicySet) -> None:
        self.measure = measure
        self.starts = _Triggers(measure.starts, policy)
        self.stops = _Triggers(measure.stops, policy)
        self.resumes = _Triggers(measure.resumes, policy)
        self.running = False
        self.started = False
        self.runs: list[list[Any]] = []  # [start, stop or None]
        self.gaps: list[Interval] = []  # a single run stopped, then resumed
        self.moments: list[Moment] = []

    def point(self, at: int, fired: tuple[str, ...], attrs: Mapping[str, Any], where: str) -> None:
        stop = self.stops.firing(fired, attrs)
        resume = self.resumes.firing(fired, attrs)
        start = self.starts.firing(fired, attrs)
        if self.running and stop is not None:
            self.running = False
            self.runs[-1][1] = at
            self.moments.append(Moment(at, "stopped", trigger_text(stop), where))
        if resume is not None and self.started and not self.running and not self.measure.cycles:
            self.running = True
            self.gaps.append((self.runs[-1][1], at))
            self.runs[-1][1] = None
            self.moments.append(Moment(at, "resumed", trigger_text(resume), where))
        if start is not None and not self.running and (self.measure.cycles or not self.started):
            self.running = self.started = True
            self.runs.append([at, None])
            self.moments.append(Moment(at, "started", trigger_text(start), where))

    def bounds(self) -> tuple[tuple[int, int | None], ...]:
        return tuple((start, stop) for start, stop in self.runs)

    def idle(self) -> tuple[Interval, ...]:
        """When a single run was stopped before it resumed (not counted; no step fires)."""
        return tuple((low, high) for low, high in self.gaps if high > low)


def points_of(kind: str, was_resolved: bool, is_resolved: bool) -> tuple[str, ...]:
    """The events that fire at an event's point: its kind's (``agent_reply``,
    ``customer_reply``), and ``resolved`` / ``reopened`` when it changed the resolved state."""
    if kind == AGENT_REPLY or kind == CUSTOMER_REPLY:
        return (kind,)
    if is_resolved and not was_resolved:
        return (RESOLVED,)
    if was_resolved and not is_resolved:
        return (REOPENED,)
    return ()
