"""A ticket's life replayed: which SLA governs, when the clocks are blocked, when metrics stop.

Events are applied in time order (equal times in file order); events after ``now`` are
ignored. The governing SLA is decided at ``created_at`` and after every ``field`` event;
the last decision governs the whole history (evaluation.md: a new SLA is applied as if it
had governed from the start). Attributes are piecewise constant: the state on ``[t, t')``
is the one after every event at ``t``. Metric stops, on the other hand, react to each
event: a ticket solved and reopened at the same instant did enter a resolved status.
"""

from __future__ import annotations

from typing import Any, Iterable, NamedTuple, Sequence

from ..model import PolicySet, Sla
from .rules import Rules
from .tickets import AGENT_REPLY, CUSTOMER_REPLY, FIELD, STATUS_PATH, Event, Ticket

Interval = tuple[int, int]
_new_history = tuple.__new__  # History(...) without NamedTuple's Python-level __new__


class SlaDecision(NamedTuple):
    """The governing SLA as decided at ``at_s``; ``event`` is the field event that caused
    the decision (None for the decision at ``created_at``)."""

    at_s: int
    event: Event | None
    sla: str | None


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
    first_response_stop: int | None
    resolution_stop: int | None  # the last entry into a resolved status, when still resolved
    cycles: tuple[tuple[int, int | None], ...]  # next_response (start, stop or None)
    paused_now: bool  # the pause rule holds on the state at ``now``


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


def decide_slas(rules: Rules, ticket: Ticket, events: Sequence[Event]) -> tuple[SlaDecision, ...]:
    """The governing SLA at ``created_at`` and after every field event, in order."""
    first = rules.governing({"ticket": ticket.ticket, "customer": ticket.customer})
    decisions = [SlaDecision(ticket.created_s, None, first.name if first else None)]
    if not ticket.has_field_events:
        return tuple(decisions)
    attrs = start_attributes(ticket)
    for event in events:
        if event.path is None:
            continue
        assign(attrs, event.path, event.value)
        if event.kind == FIELD:
            sla = rules.governing(attrs)
            decisions.append(SlaDecision(event.at_s, event, sla.name if sla else None))
    return tuple(decisions)


def replay(rules: Rules | PolicySet, ticket: Ticket, now_s: int) -> History:
    """Replays ``ticket`` as known at ``now_s`` under the SLA that governs it then."""
    if isinstance(rules, PolicySet):
        rules = Rules(rules)
    events = ticket.events_until(now_s)
    decisions = decide_slas(rules, ticket, events)
    name = decisions[-1].sla
    sla = rules.slas[name] if name is not None else None
    return _replay_under(rules, sla, decisions, ticket, events, now_s)


def _replay_under(
    rules: Rules,
    sla: Sla | None,
    decisions: tuple[SlaDecision, ...],
    ticket: Ticket,
    events: Sequence[Event],
    now_s: int,
) -> History:
    created = ticket.created_s
    end = now_s if now_s > created else created
    resolved_set = rules.resolved
    pause = rules.pauses[sla.name] if sla is not None else None
    attrs = {"ticket": ticket.ticket, "customer": ticket.customer}  # copied before any change
    copied = False
    ticket_attrs = ticket.ticket
    status = ticket_attrs.get("status")
    resolved = isinstance(status, str) and status in resolved_set
    paused = pause is not None and bool(pause(attrs))
    paused_since = created if paused else None
    resolved_since = created if resolved else None
    paused_list: list[Interval] = []
    resolved_list: list[Interval] = []
    first_stop = created if resolved else None
    entered_resolved = created if resolved else None
    armed = False  # an agent reply since the last cycle started: the next customer reply starts one
    pending = False  # a customer reply arrived while resolved: the cycle starts at the reopen
    cycle_start: int | None = None
    cycles: list[tuple[int, int | None]] = []
    count = len(events)
    i = 0
    while i < count:
        at = events[i].at_s
        changed = False
        while i < count:
            event = events[i]
            if event.at_s != at:
                break
            i += 1
            kind = event.kind
            if kind == AGENT_REPLY:
                if first_stop is None:
                    first_stop = at
                if cycle_start is not None:
                    cycles.append((cycle_start, at))
                    cycle_start = None
                pending = False
                armed = True
            elif kind == CUSTOMER_REPLY:
                if armed and cycle_start is None and not pending:
                    armed = False
                    if resolved:
                        pending = True
                    else:
                        cycle_start = at
            else:
                path = event.path
                changed = True
                if not copied:
                    attrs = start_attributes(ticket)
                    ticket_attrs = attrs["ticket"]
                    copied = True
                if path is STATUS_PATH or path == STATUS_PATH:
                    ticket_attrs["status"] = event.value
                    now_resolved = event.value in resolved_set
                    if now_resolved and not resolved:
                        if first_stop is None:
                            first_stop = at
                        if cycle_start is not None:
                            cycles.append((cycle_start, at))
                            cycle_start = None
                        entered_resolved = at
                    elif resolved and not now_resolved and pending:
                        pending = False
                        cycle_start = at
                    resolved = now_resolved
                else:
                    assign(attrs, path, event.value)
        if changed:
            if resolved:
                if resolved_since is None:
                    resolved_since = at
            elif resolved_since is not None:
                if at > resolved_since:
                    resolved_list.append((resolved_since, at))
                resolved_since = None
            if pause is not None:
                paused = bool(pause(attrs))
                if paused:
                    if paused_since is None:
                        paused_since = at
                elif paused_since is not None:
                    if at > paused_since:
                        paused_list.append((paused_since, at))
                    paused_since = None
    if cycle_start is not None:
        cycles.append((cycle_start, None))
    if paused_since is not None and end > paused_since:
        paused_list.append((paused_since, end))
    if resolved_since is not None and end > resolved_since:
        resolved_list.append((resolved_since, end))
    if not paused_list:
        blocked = tuple(resolved_list)
    elif not resolved_list:
        blocked = tuple(paused_list)
    else:
        blocked = union(paused_list, resolved_list)
    return _new_history(
        History,
        (
            sla,
            decisions,
            created,
            end,
            tuple(paused_list),
            tuple(resolved_list),
            blocked,
            first_stop,
            entered_resolved if resolved else None,
            tuple(cycles),
            paused,
        ),
    )


def union(a: Iterable[Interval], b: Iterable[Interval]) -> tuple[Interval, ...]:
    """Sorted disjoint union of two sorted interval lists (touching intervals merge)."""
    merged: list[list[int]] = []
    for start, stop in sorted([*a, *b]):
        if merged and start <= merged[-1][1]:
            if stop > merged[-1][1]:
                merged[-1][1] = stop
        else:
            merged.append([start, stop])
    return tuple((s, e) for s, e in merged)


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
