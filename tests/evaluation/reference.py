"""A slow, literal evaluator that steps through a ticket's life one minute at a time.

For every minute it decides, from scratch: is the governing SLA's calendar open (the
timeline tests' own stepping reference, which shares no code with ``slalang.timeline``),
does the pause rule hold on the attributes of that minute, is the status resolved. Metric
runs, counted time, deadlines, statuses and escalations then follow evaluation.md's words
by counting minutes. It needs every instant on a whole minute (targets and escalation
points need not be: counting is linear inside a counted minute).

Nothing here uses ``slalang.evaluation`` except ``conditions.holds``, the language's
definition of a condition.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import sys
from fractions import Fraction
from typing import Any

from slalang.conditions import holds
from slalang.model import PolicySet, Sla

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(__file__)), "timeline"))
from timeline_reference import Reference  # noqa: E402

MINUTE = 60


def epoch(text: str) -> int:
    value = dt.datetime.fromisoformat(text.replace("z", "Z").replace("Z", "+00:00"))
    return math.floor(value.timestamp())


def z(t: int) -> str:
    return dt.datetime.fromtimestamp(t, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Openness:
    """Minute flags of one calendar, computed on demand over a growing window."""

    def __init__(self, calendar: Any, first: int) -> None:
        self.reference = Reference(calendar)
        self.first = first
        self.flags: list[bool] = []

    def open(self, minute_start: int) -> bool:
        index = (minute_start - self.first) // MINUTE
        assert index >= 0
        while index >= len(self.flags):
            more = max(1440, len(self.flags))
            self.flags.extend(self.reference.flags(self.first + len(self.flags) * MINUTE, more, MINUTE))
        return self.flags[index]


def _set(attrs: dict, path: tuple[str, ...], value: Any) -> None:
    target = attrs
    for part in path[:-1]:
        target = target.setdefault(part, {})
    target[path[-1]] = value


def _path(name: str) -> tuple[str, ...]:
    parts = tuple(name.split("."))
    return parts if parts[0] in ("ticket", "customer") else ("ticket",) + parts


class MinuteReference:
    def __init__(self, policy: PolicySet) -> None:
        self.policy = policy

    def governing(self, attrs: dict) -> Sla | None:
        return next((s for s in self.policy.slas if holds(s.when, attrs, self.policy)), None)

    def evaluate(self, raw: dict, now: int) -> dict:
        policy = self.policy
        created = epoch(raw["created_at"])
        events = sorted(
            ((epoch(e["at"]), i, e) for i, e in enumerate(raw.get("events", []))), key=lambda x: (x[0], x[1])
        )
        events = [(t, e) for t, _, e in events if t <= now]
        start_attrs = {"ticket": dict(raw.get("ticket", {})), "customer": dict(raw.get("customer", {}))}

        # Decisions: at created_at, then after each field event; the last one governs.
        attrs = {"ticket": dict(start_attrs["ticket"]), "customer": dict(start_attrs["customer"])}
        sla = self.governing(attrs)
        for _, e in events:
            if e["type"] == "status":
                attrs["ticket"]["status"] = e["status"]
            elif e["type"] == "field":
                _set(attrs, _path(e["field"]), e["value"])
                sla = self.governing(attrs)
        if sla is None:
            return {"id": raw["id"], "sla": None, "metrics": {}, "escalations": []}

        resolved_set = set(policy.resolved_statuses)

        # States: the attributes after all events at each instant.
        states: list[tuple[int, dict]] = []
        attrs = {"ticket": dict(start_attrs["ticket"]), "customer": dict(start_attrs["customer"])}
        states.append((created, _copy(attrs)))
        for t, e in events:
            if e["type"] == "status":
                attrs["ticket"]["status"] = e["status"]
            elif e["type"] == "field":
                _set(attrs, _path(e["field"]), e["value"])
            if states[-1][0] == t:
                states[-1] = (t, _copy(attrs))
            else:
                states.append((t, _copy(attrs)))

        def state(minute: int) -> dict:
            found = states[0][1]
            for t, s in states:
                if t <= minute:
                    found = s
            return found

        def is_resolved(a: dict) -> bool:
            return a["ticket"].get("status") in resolved_set

        def is_paused(a: dict) -> bool:
            return sla.pause is not None and holds(sla.pause, a, policy)

        # Runs, by walking the events one by one.
        status_now = start_attrs["ticket"].get("status")
        resolved = status_now in resolved_set
        first_stop = created if resolved else None
        last_resolve = created if resolved else None
        cycles: list[list[int | None]] = []
        open_cycle = False
        waiting_reply = False  # an agent reply happened that no customer reply has answered yet
        pending = False
        for t, e in events:
            kind = e["type"]
            if kind == "agent_reply":
                if first_stop is None:
                    first_stop = t
                if open_cycle:
                    cycles[-1][1] = t
                    open_cycle = False
                pending = False
                waiting_reply = True
            elif kind == "customer_reply":
                if waiting_reply and not open_cycle and not pending:
                    waiting_reply = False
                    if resolved:
                        pending = True
                    else:
                        cycles.append([t, None])
                        open_cycle = True
            if kind == "status" or (kind == "field" and _path(e["field"]) == ("ticket", "status")):
                new = e["status"] if kind == "status" else e["value"]
                becomes = new in resolved_set
                if becomes and not resolved:
                    if first_stop is None:
                        first_stop = t
                    if open_cycle:
                        cycles[-1][1] = t
                        open_cycle = False
                    last_resolve = t
                if resolved and not becomes and pending:
                    pending = False
                    cycles.append([t, None])
                    open_cycle = True
                resolved = becomes
        final_attrs = state(now if now >= created else created)
        paused_now = is_paused(final_attrs)

        calendar = policy.fixed_calendar(sla.calendar)  # the generated policies choose no calendar per ticket
        openness = Openness(calendar, created - created % MINUTE)
        minute_memo: dict[int, tuple[bool, bool, bool]] = {}

        def minute_flags(m: int) -> tuple[bool, bool, bool]:
            if m not in minute_memo:
                s = state(m)
                minute_memo[m] = (openness.open(m), is_paused(s), is_resolved(s))
            return minute_memo[m]

        def measure(start: int, stop: int | None) -> dict:
            end = stop if stop is not None else max(now, start)
            counted = paused = 0
            for m in range(start, end, MINUTE):
                is_open, p, r = minute_flags(m)
                if is_open:
                    if p or r:
                        paused += MINUTE
                    else:
                        counted += MINUTE
            return {"end": end, "counted": counted, "paused": paused}

        def reach(start: int, end: int, amount: int) -> int:
            if amount == 0:
                return start
            total = 0
            m = start
            while True:
                is_open, p, r = minute_flags(m) if m < end else (openness.open(m), False, False)
                if is_open and not (m < end and (p or r)):
                    if total + MINUTE >= amount:
                        return m + (amount - total)
                    total += MINUTE
                m += MINUTE

        def running_at(instant: int, start: int, stop: int | None) -> bool:
            if instant < start or (stop is not None and instant >= stop):
                return False
            return not is_resolved(state(instant))

        metrics: dict[str, Any] = {}
        fired: list[tuple[tuple, dict]] = []
        order = {"first_response": 0, "next_response": 1, "resolution": 2}

        def run(kind: str, start: int, stop: int | None) -> dict:
            metric = sla.metric(kind)
            got = measure(start, stop)
            deadline = reach(start, got["end"], metric.target_s)
            if stop is not None:
                status = "met" if stop <= deadline else "breached"
            elif now > deadline:
                status = "breached"
            else:
                status = "paused" if paused_now else "running"
            for index, step in enumerate(metric.escalation):
                exact = Fraction(str(step.percent)) * metric.target_s / 100 + step.offset_s
                amount = max(0, math.ceil(exact))
                instant = reach(start, got["end"], amount)
                if instant <= now and running_at(instant, start, stop):
                    actions = [a.canonical for a in step.actions]
                    fired.append(((instant, order[kind], index), {"metric": kind, "at": z(instant), "actions": actions}))
            return {
                "status": status, "start": z(start), "deadline": z(deadline), "stop": None if stop is None else z(stop),
                "target_s": metric.target_s, "counted_s": got["counted"], "paused_s": got["paused"],
            }

        if sla.metric("first_response"):
            metrics["first_response"] = run("first_response", created, first_stop)
        if sla.metric("next_response"):
            done = [run("next_response", a, b) for a, b in cycles]
            statuses = [c["status"] for c in done]
            if not done:
                overall = "none"
            elif "breached" in statuses:
                overall = "breached"
            elif "running" in statuses:
                overall = "running"
            elif "paused" in statuses:
                overall = "paused"
            else:
                overall = "met"
            metrics["next_response"] = {"status": overall, "cycles": done}
        if sla.metric("resolution"):
            metrics["resolution"] = run("resolution", created, last_resolve if resolved else None)
        fired.sort(key=lambda item: item[0])
        return {"id": raw["id"], "sla": sla.name, "metrics": metrics, "escalations": [e for _, e in fired]}


def _copy(attrs: dict) -> dict:
    import copy

    return copy.deepcopy(attrs)
