"""A ticket's life replayed: which SLA governs, when the clocks are blocked, when metrics stop.

Events are applied in time order (equal times in file order); events after ``now`` are
ignored. The governing SLA is decided at ``created_at`` and after every ``field`` event;
the last decision governs the whole history (evaluation.md: a new SLA is applied as if it
had governed from the start). Attributes are piecewise constant: the state on ``[t, t')``
is the one after every event at ``t``. Metric stops, on the other hand, react to each
event: a ticket solved and reopened at the same instant did enter a resolved status.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from ..model import Measure, PolicySet, Sla
from .rules import Rules
from .tickets import AGENT_REPLY, CUSTOMER_REPLY, FIELD, STATUS_PATH, Event, Ticket
from .triggers import CREATED, RESOLVED, MeasureTrace, Moment, points_of

Interval = tuple[int, int]
_new = tuple.__new__  # a NamedTuple without its Python-level __new__ (the hot path)
_NO_CLOCKS: Mapping[str, Any] = {}


class SlaDecision(NamedTuple):
    """The governing SLA as decided at ``at_s``; ``event`` is the field event that caused
    the decision (None for the decision at ``created_at``)."""

    at_s: int
    event: Event | None
    sla: str | None


RunBounds = tuple[int, int | None]
"""A run's start and its stop (None while it runs)."""


class History(NamedTuple):
    """Everything evaluation needs from a ticket's events, as known at ``now_s``.

    Intervals are sorted, disjoint, half-open and end at ``end_s`` (``max(now, created)``):
    past ``now`` nothing is known, and the clock is extrapolated with no further pause.
    """

    sla: Sla | None
    decisions: tuple[SlaDecision, ...]
    created_s: int
    end_s: int
    paused: tuple[Interval, ...]  # the governing SLA's pause rule held
    resolved: tuple[Interval, ...]  # ticket.status was a resolved status
    blocked: tuple[Interval, ...]  # paused or resolved: the clock did not count
    runs: Mapping[str, tuple[RunBounds, ...]]  # each built-in metric's runs, by name
    paused_now: bool  # the pause rule holds on the state at ``now``
    clocks: Mapping[str, ClockHistory] = {}  # measures and clocks with their own pause rule, by name


class ClockHistory(NamedTuple):
    """A clock whose runs or blocked time are its own (a measure, or a metric with its own
    pause rule): its runs, when it did not count, when it was not running (no step fires),
    whether its pause rule holds at ``now``, and (measures) why it started, stopped, resumed."""

    runs: tuple[RunBounds, ...]
    blocked: tuple[Interval, ...]
    idle: tuple[Interval, ...]
    paused_now: bool
    moments: tuple[Moment, ...] = ()


def start_attributes(ticket: Ticket) -> dict[str, dict[str, Any]]:
    """A private copy of the attributes at ``created_at`` (the input is never changed)."""
    return {"ticket": dict(ticket.ticket), "customer": dict(ticket.customer)}


def assign(attrs: dict[str, dict[str, Any]], path: tuple[str, ...], value: Any) -> None:
    """Sets ``attrs[path]``, copying nested objects on the way (they may be the input's)."""
    target = attrs[path[0]]
    if len(path) == 2:
        target[path[1]] = value
        return
    for part in path[1:-1]:
        inner = target.get(part)
        inner = dict(inner) if isinstance(inner, dict) else {}
        target[part] = inner
        target = inner
    target[path[-1]] = value


def decision_points(ticket: Ticket, events: Sequence[Event]) -> Iterator[tuple[Event | None, Mapping[str, Any]]]:
    """Where the governing SLA is decided: ``(None, attributes at created_at)``, then
    ``(field event, attributes after it)`` for every field event, in order.

    The attributes are one working copy that later points change: read them before asking
    for the next point.
    """
    if not ticket.has_field_events:
        yield None, {"ticket": ticket.ticket, "customer": ticket.customer}
        return
    attrs = start_attributes(ticket)
    yield None, attrs
    for event in events:
        if event.path is None:
            continue
        assign(attrs, event.path, event.value)
        if event.kind == FIELD:
            yield event, attrs


def decide_slas(rules: Rules, ticket: Ticket, events: Sequence[Event]) -> tuple[SlaDecision, ...]:
    """The governing SLA at each decision point, in order."""
    decisions = []
    governing = rules.governing
    for event, attrs in decision_points(ticket, events):
        sla = governing(attrs)
        at = ticket.created_s if event is None else event.at_s
        decisions.append(_new(SlaDecision, (at, event, sla.name if sla else None)))
    return tuple(decisions)


def replay(rules: Rules | PolicySet, ticket: Ticket, now_s: int) -> History:
    """Replays ``ticket`` as known at ``now_s`` under the SLA that governs it then."""
    if isinstance(rules, PolicySet):
        rules = Rules(rules)
    events = ticket.events_until(now_s)
    decisions = decide_slas(rules, ticket, events)
    name = decisions[-1].sla
    sla = rules.slas[name] if name is not None else None
    history = replay_under(rules, sla, decisions, ticket, events, now_s)
    if sla is not None and rules.traced[sla.name]:
        history = history._replace(clocks=trace_clocks(rules, sla, ticket, events, history))
    return history


def decision_attributes(ticket: Ticket, events: Sequence[Event], decision: SlaDecision) -> Mapping[str, Any]:
    """The attributes a decision was made on (a calendar chosen from the ticket is decided on
    those of the last decision, like the governing SLA)."""
    if decision.event is not None:
        for event, attrs in decision_points(ticket, events):
            if event is decision.event:
                return attrs
    return {"ticket": ticket.ticket, "customer": ticket.customer}


def held_intervals(holds_at_start: bool, changes: Sequence[tuple[int, bool]], created_s: int, end_s: int) -> tuple[Interval, ...]:
    """When a condition held, as sorted half-open intervals up to ``end_s``, from its value at
    ``created_s`` and its value after the events of each later instant (``changes``, in
    order). An interval that would be empty is dropped."""
    intervals: list[Interval] = []
    since = created_s if holds_at_start else None
    for at, holds in changes:
        if holds:
            if since is None:
                since = at
        elif since is not None:
            if at > since:
                intervals.append((since, at))
            since = None
    if since is not None and end_s > since:
        intervals.append((since, end_s))
    return tuple(intervals)


class MetricStops:
    """The built-in metrics' starts and stops, driven by each event (evaluation.md, "Metrics").

    first_response stops at the first agent reply or the first entry into a resolved
    status; a next_response cycle starts at a customer reply after an agent reply (at the
    reopen, when the reply came while resolved) and stops at the next agent reply or entry
    into a resolved status; resolution stops at the last entry into a resolved status.
    """

    __slots__ = ("created_s", "first_stop", "entered_resolved", "armed", "pending", "cycle_start", "cycles")

    def __init__(self, created_s: int, resolved: bool) -> None:
        self.created_s = created_s
        self.first_stop: int | None = created_s if resolved else None
        self.entered_resolved: int | None = created_s if resolved else None
        self.armed = False  # an agent reply since the last cycle started: the next customer reply starts one
        self.pending = False  # a customer reply arrived while resolved: the cycle starts at the reopen
        self.cycle_start: int | None = None
        self.cycles: list[RunBounds] = []

    def agent_reply(self, at: int) -> None:
        if self.first_stop is None:
            self.first_stop = at
        if self.cycle_start is not None:
            self.cycles.append((self.cycle_start, at))
            self.cycle_start = None
        self.pending = False
        self.armed = True

    def customer_reply(self, at: int, resolved: bool) -> None:
        if self.armed and self.cycle_start is None and not self.pending:
            self.armed = False
            if resolved:
                self.pending = True
            else:
                self.cycle_start = at

    def resolve(self, at: int) -> None:
        """The ticket entered a resolved status."""
        if self.first_stop is None:
            self.first_stop = at
        if self.cycle_start is not None:
            self.cycles.append((self.cycle_start, at))
            self.cycle_start = None
        self.entered_resolved = at

    def reopen(self, at: int) -> None:
        """The ticket left a resolved status."""
        if self.pending:
            self.pending = False
            self.cycle_start = at

    def runs(self, resolved_now: bool) -> dict[str, tuple[RunBounds, ...]]:
        """Each metric's runs once every event is applied (``resolved_now``: the ticket is
        resolved at the end, so resolution is stopped)."""
        created = self.created_s
        cycles = tuple(self.cycles)
        if self.cycle_start is not None:
            cycles += ((self.cycle_start, None),)
        return {
            "first_response": ((created, self.first_stop),),
            "next_response": cycles,
            "resolution": ((created, self.entered_resolved if resolved_now else None),),
        }


def replay_under(
    rules: Rules,
    sla: Sla | None,
    decisions: tuple[SlaDecision, ...],
    ticket: Ticket,
    events: Sequence[Event],
    now_s: int,
) -> History:
    """Replays ``events`` (those known at ``now_s``) under ``sla``: instant by instant, each
    event moves the metrics' stops as it comes; after the events of an instant, the
    attributes decide whether the ticket is resolved and whether the pause rule holds."""
    created = ticket.created_s
    resolved_set = rules.resolved
    pause = rules.pauses[sla.name] if sla is not None else None
    attrs: Any = {"ticket": ticket.ticket, "customer": ticket.customer}  # copied before any change
    copied = False
    status = ticket.ticket.get("status")
    resolved = isinstance(status, str) and status in resolved_set
    paused = pause is not None and bool(pause(attrs))
    resolved_at_start, paused_at_start = resolved, paused
    resolved_changes: list[tuple[int, bool]] = []  # after each instant whose events set an attribute
    paused_changes: list[tuple[int, bool]] = []
    stops = MetricStops(created, resolved)
    count = len(events)
    i = 0
    while i < count:
        at = events[i].at_s
        changed = False
        while i < count and events[i].at_s == at:  # every event of this instant, in order
            event = events[i]
            i += 1
            kind = event.kind
            if kind == AGENT_REPLY:
                stops.agent_reply(at)
            elif kind == CUSTOMER_REPLY:
                stops.customer_reply(at, resolved)
            else:
                changed = True
                if not copied:
                    attrs = start_attributes(ticket)
                    copied = True
                path, value = event.path, event.value
                assert path is not None  # a status or field event
                if path is not STATUS_PATH and path != STATUS_PATH:
                    assign(attrs, path, value)
                    continue
                attrs["ticket"]["status"] = value
                now_resolved = value in resolved_set
                if now_resolved != resolved:
                    if now_resolved:
                        stops.resolve(at)
                    else:
                        stops.reopen(at)
                    resolved = now_resolved
        if changed:
            resolved_changes.append((at, resolved))
            if pause is not None:
                paused = bool(pause(attrs))
                paused_changes.append((at, paused))
    end = now_s if now_s > created else created
    paused_list = held_intervals(paused_at_start, paused_changes, created, end)
    resolved_list = held_intervals(resolved_at_start, resolved_changes, created, end)
    if not paused_list:
        blocked = resolved_list
    elif not resolved_list:
        blocked = paused_list
    else:
        blocked = union(paused_list, resolved_list)
    return _new(
        History,
        (sla, decisions, created, end, paused_list, resolved_list, blocked, stops.runs(resolved), paused, _NO_CLOCKS),
    )


def union(a: Sequence[Interval], b: Sequence[Interval]) -> tuple[Interval, ...]:
    """Sorted disjoint union of two sorted interval lists (touching intervals merge)."""
    items = sorted([*a, *b])
    if not items:
        return ()
    merged: list[Interval] = []
    start, stop = items[0]
    for low, high in items:
        if low <= stop:
            if high > stop:
                stop = high
        else:
            merged.append((start, stop))
            start, stop = low, high
    merged.append((start, stop))
    return tuple(merged)


def clip(intervals: Sequence[Interval], low: int, high: int) -> tuple[Interval, ...]:
    """The parts of ``intervals`` inside ``[low, high)``."""
    if not intervals:
        return ()
    out = []
    for start, stop in intervals:
        if stop <= low:
            continue
        if start >= high:
            break
        out.append((max(start, low), min(stop, high)))
    return tuple(out)


def trace_clocks(rules: Rules, sla: Sla, ticket: Ticket, events: Sequence[Event], history: History) -> dict[str, ClockHistory]:
    """The measures of ``sla`` and its metrics with their own pause rule, replayed point by
    point (evaluation.md, "Measures"): a measure sees every event as its own point; pause
    rules see the attributes after all events of an instant."""
    policy = rules.policy
    created, end = history.created_s, history.end_s
    resolved_set = rules.resolved
    # Each distinct pause rule once: own rules by clock, measures without one take the SLA's.
    pause_of: dict[str, Any] = {}
    for clock in sla.clocks:
        if clock.pause is not None:
            pause_of[clock.name] = rules.pause_rule(clock.pause.condition)
        elif isinstance(clock, Measure):
            pause_of[clock.name] = rules.pauses[sla.name]
    tests = {id(test): test for test in pause_of.values() if test is not None}
    traces = [MeasureTrace(measure, policy) for measure in sla.measures]
    attrs = start_attributes(ticket)
    status = attrs["ticket"].get("status")
    resolved = isinstance(status, str) and status in resolved_set
    at_start = {key: bool(test(attrs)) for key, test in tests.items()}
    changes: dict[int, list[tuple[int, bool]]] = {key: [] for key in tests}
    for trace in traces:
        trace.point(created, (CREATED,), attrs, "created")
        if resolved:
            trace.point(created, (RESOLVED,), attrs, "created in a resolved status")
    count = len(events)
    i = 0
    while i < count:
        at = events[i].at_s
        while i < count and events[i].at_s == at:
            event = events[i]
            i += 1
            was = resolved
            if event.path is not None:
                assign(attrs, event.path, event.value)
                if event.path == STATUS_PATH:
                    resolved = event.value in resolved_set
            fired = points_of(event.kind, was, resolved)
            where = f"event {event.index + 1} ({event.kind})"
            for trace in traces:
                trace.point(at, fired, attrs, where)
        for key, test in tests.items():
            changes[key].append((at, bool(test(attrs))))
    held = {key: held_intervals(at_start[key], changes[key], created, end) for key in tests}
    out: dict[str, ClockHistory] = {}
    for clock in sla.metrics:
        if clock.pause is None:
            continue
        test = pause_of[clock.name]
        paused = held[id(test)] if test is not None else ()
        blocked = union(paused, history.resolved) if paused else history.resolved
        paused_now = test is not None and bool(test(attrs))
        out[clock.name] = ClockHistory(history.runs[clock.name], blocked, history.resolved, paused_now)
    for trace in traces:
        test = pause_of[trace.measure.name]
        paused = held[id(test)] if test is not None else ()
        idle = trace.idle()
        blocked = union(paused, idle) if paused and idle else (paused or idle)
        paused_now = test is not None and bool(test(attrs))
        out[trace.measure.name] = ClockHistory(trace.bounds(), tuple(blocked), idle, paused_now, tuple(trace.moments))
    return out
