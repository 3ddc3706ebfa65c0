"""A slow, literal evaluator that steps through a ticket's life one minute at a time.

For every minute it decides, from scratch: is the clock's calendar open (the timeline
tests' own stepping reference, which shares no code with ``slalang.timeline``), does the
clock's pause rule hold on the attributes of that minute, is the status resolved, is a
measure stopped between a stop and a resume. Metric and measure runs, counted time,
deadlines, statuses and escalations then follow evaluation.md's words by counting minutes.
Calendars chosen from the ticket are picked here from language.md's words (an arm whose
literal is ``==`` the field, else ``else``; a zone field that ``zoneinfo`` does not accept
keeps the calendar's own zone; ``always`` is read in UTC). It needs every instant on a whole
minute (targets and escalation points need not be: counting is linear inside a counted minute).

Nothing here uses ``slalang.evaluation`` except ``conditions.holds``, the language's
definition of a condition.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import os
import sys
from dataclasses import replace
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from slalang.conditions import holds
from slalang.model import CalendarByField, ConditionTrigger, EventTrigger, FieldCmp, Measure, PolicySet, Sla

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(__file__)), "timeline"))
from timeline_reference import Reference  # noqa: E402

MINUTE = 60
BUILT_IN = ("first_response", "next_response", "resolution")


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


def _get(attrs: dict, path: tuple[str, ...]) -> Any:
    value: Any = attrs
    for part in path:
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _is_zone(value: Any) -> bool:
    if not isinstance(value, str) or not value or value in ("localtime",) or value.startswith("/"):
        return False
    try:
        ZoneInfo(value)
    except Exception:  # noqa: BLE001 - any refusal means "not a zone"
        return False
    return True


def _roll_up(statuses: list[str]) -> str:
    if not statuses:
        return "none"
    for status in ("breached", "running", "paused"):
        if status in statuses:
            return status
    return "met"


class MinuteReference:
    def __init__(self, policy: PolicySet) -> None:
        self.policy = policy

    def governing(self, attrs: dict) -> Sla | None:
        return next((s for s in self.policy.slas if holds(s.when, attrs, self.policy)), None)

    def choose(self, choice: Any, attrs: dict) -> Any:
        """The calendar a choice picks on these attributes (language.md)."""
        if isinstance(choice, CalendarByField):
            zoned = next(
                (arm.calendar for arm in choice.arms if holds(FieldCmp(choice.path, "==", arm.value), attrs, self.policy)),
                choice.otherwise,
            )
        else:
            zoned = choice
        calendar = self.policy.calendars[zoned.name]
        if zoned.name == "always":
            return calendar
        zone = zoned.zone
        if zoned.zone_path is not None:
            named = _get(attrs, zoned.zone_path)
            zone = named if _is_zone(named) else None
        return calendar if zone is None else replace(calendar, timezone=zone)

    def evaluate(self, raw: dict, now: int) -> dict:
        policy = self.policy
        created = epoch(raw["created_at"])
        events = sorted(
            ((epoch(e["at"]), i, e) for i, e in enumerate(raw.get("events", []))), key=lambda x: (x[0], x[1])
        )
        events = [(t, e) for t, _, e in events if t <= now]
        start_attrs = {"ticket": dict(raw.get("ticket", {})), "customer": dict(raw.get("customer", {}))}

        # Decisions: at created_at, then after each field event; the last one governs, and
        # the calendars are chosen on the attributes it was made on.
        attrs = copy.deepcopy(start_attrs)
        sla = self.governing(attrs)
        decided_on = copy.deepcopy(attrs)
        for _, e in events:
            if e["type"] == "status":
                attrs["ticket"]["status"] = e["status"]
            elif e["type"] == "field":
                _set(attrs, _path(e["field"]), e["value"])
                sla = self.governing(attrs)
                decided_on = copy.deepcopy(attrs)
        if sla is None:
            return {"id": raw["id"], "sla": None, "metrics": {}, "escalations": []}

        resolved_set = set(policy.resolved_statuses)

        # States: the attributes after all events at each instant.
        states: list[tuple[int, dict]] = []
        attrs = copy.deepcopy(start_attrs)
        states.append((created, copy.deepcopy(attrs)))
        for t, e in events:
            if e["type"] == "status":
                attrs["ticket"]["status"] = e["status"]
            elif e["type"] == "field":
                _set(attrs, _path(e["field"]), e["value"])
            if states[-1][0] == t:
                states[-1] = (t, copy.deepcopy(attrs))
            else:
                states.append((t, copy.deepcopy(attrs)))

        def state(minute: int) -> dict:
            found = states[0][1]
            for t, s in states:
                if t <= minute:
                    found = s
            return found

        def is_resolved(a: dict) -> bool:
            return a["ticket"].get("status") in resolved_set

        # Points: created_at, the extra point of a ticket created resolved, then every event.
        points: list[tuple[int, set, dict]] = []
        attrs = copy.deepcopy(start_attrs)
        resolved = is_resolved(attrs)
        points.append((created, {"created"}, copy.deepcopy(attrs)))
        if resolved:
            points.append((created, {"resolved"}, copy.deepcopy(attrs)))

        # The built-in metrics' runs, by walking the events one by one.
        first_stop = created if resolved else None
        last_resolve = created if resolved else None
        cycles: list[list[int | None]] = []
        open_cycle = False
        waiting_reply = False  # an agent reply happened that no customer reply has answered yet
        pending = False
        for t, e in events:
            kind = e["type"]
            fired: set = set()
            if kind == "agent_reply":
                fired.add(kind)
                if first_stop is None:
                    first_stop = t
                if open_cycle:
                    cycles[-1][1] = t
                    open_cycle = False
                pending = False
                waiting_reply = True
            elif kind == "customer_reply":
                fired.add(kind)
                if waiting_reply and not open_cycle and not pending:
                    waiting_reply = False
                    if resolved:
                        pending = True
                    else:
                        cycles.append([t, None])
                        open_cycle = True
            if kind == "status":
                attrs["ticket"]["status"] = e["status"]
            elif kind == "field":
                _set(attrs, _path(e["field"]), e["value"])
            if kind == "status" or (kind == "field" and _path(e["field"]) == ("ticket", "status")):
                new = e["status"] if kind == "status" else e["value"]
                becomes = new in resolved_set
                if becomes and not resolved:
                    fired.add("resolved")
                    if first_stop is None:
                        first_stop = t
                    if open_cycle:
                        cycles[-1][1] = t
                        open_cycle = False
                    last_resolve = t
                if resolved and not becomes:
                    fired.add("reopened")
                    if pending:
                        pending = False
                        cycles.append([t, None])
                        open_cycle = True
                resolved = becomes
            points.append((t, fired, copy.deepcopy(attrs)))
        final_attrs = state(now if now >= created else created)

        opennesses: dict[Any, Openness] = {}

        def openness(calendar: Any) -> Openness:
            if calendar not in opennesses:
                opennesses[calendar] = Openness(calendar, created - created % MINUTE)
            return opennesses[calendar]

        sla_calendar = self.choose(sla.calendar, decided_on)
        metrics: dict[str, Any] = {}
        fired_steps: list[tuple[tuple, dict]] = []
        planned_steps: list[tuple[tuple, dict]] = []  # what is due next: steps still to come, and
        open_deadlines: list[int] = []  # the deadlines of the runs not stopped
        order = {clock.name: i for i, clock in enumerate([*sla.metrics, *sla.measures])}

        def clock_json(clock: Any, runs: list[tuple[int, int | None]], gaps: list[tuple[int, int]], single: bool) -> dict:
            is_measure = isinstance(clock, Measure)
            calendar = self.choose(clock.calendar, decided_on) if clock.calendar is not None else sla_calendar
            open_at = openness(calendar).open
            rule = clock.pause.condition if clock.pause is not None else sla.pause

            def paused(a: dict) -> bool:
                return rule is not None and holds(rule, a, policy)

            def in_gap(m: int) -> bool:
                return any(low <= m < high for low, high in gaps)

            def blocked(m: int) -> bool:
                s = state(m)
                if is_measure:
                    return paused(s) or in_gap(m)
                return paused(s) or is_resolved(s)

            def reach(start: int, end: int, amount: int) -> int:
                if amount == 0:
                    return start
                total = 0
                m = start
                while True:
                    if open_at(m) and not (m < end and blocked(m)):
                        if total + MINUTE >= amount:
                            return m + (amount - total)
                        total += MINUTE
                    m += MINUTE

            def running_at(instant: int, start: int, stop: int | None) -> bool:
                if instant < start or (stop is not None and instant >= stop):
                    return False
                if is_measure:
                    return not in_gap(instant)
                return not is_resolved(state(instant))

            def reached_after_now(start: int, counted: int, amount: int) -> int | None:
                """Where the clock, running on from ``now`` with no further pause, reaches
                ``amount`` counted seconds: None when it reached it at or before ``now``."""
                if start <= now and amount <= counted:
                    return None
                total = counted
                m = max(start, now)
                if amount == total:
                    return m
                while True:  # minute by minute from now: counted while the calendar is open
                    if open_at(m - m % MINUTE):
                        room = MINUTE - (m % MINUTE)  # ``now`` may fall inside a minute: only its rest counts
                        if total + room >= amount:
                            return m + (amount - total)
                        total += room
                    m += MINUTE - (m % MINUTE)

            def one(start: int, stop: int | None) -> dict:
                end = stop if stop is not None else max(now, start)
                counted = paused_s = 0
                for m in range(start, end, MINUTE):
                    if open_at(m):
                        if blocked(m):
                            paused_s += MINUTE
                        else:
                            counted += MINUTE
                deadline = reach(start, end, clock.target_s)
                if stop is not None:
                    status = "met" if stop <= deadline else "breached"
                elif now > deadline:
                    status = "breached"
                else:
                    status = "paused" if paused(final_attrs) else "running"
                for index, step in enumerate(clock.escalation):
                    exact = Fraction(str(step.percent)) * clock.target_s / 100 + step.offset_s
                    amount = max(0, math.ceil(exact))
                    instant = reach(start, end, amount)
                    actions = [a.canonical for a in step.actions]
                    if instant <= now and running_at(instant, start, stop):
                        fired_steps.append(
                            ((instant, order[clock.name], index), {"metric": clock.name, "at": z(instant), "actions": actions})
                        )
                    if stop is None:
                        later = reached_after_now(start, counted, amount)
                        if later is not None:
                            planned_steps.append(
                                ((later, order[clock.name], index), {"metric": clock.name, "at": z(later), "actions": actions})
                            )
                out = {
                    "status": status, "start": z(start), "deadline": z(deadline), "stop": None if stop is None else z(stop),
                    "target_s": clock.target_s, "counted_s": counted, "paused_s": paused_s,
                }
                if stop is None:
                    out["remaining_s"] = max(0, clock.target_s - counted)
                    open_deadlines.append(deadline)
                return out

            if single:
                out = one(*runs[0]) if runs else {"status": "none"}
            else:
                done = [one(a, b) for a, b in runs]
                out = {"status": _roll_up([c["status"] for c in done]), "cycles": done}
            if clock.calendar is not None:
                out = {"status": out["status"], "calendar": calendar.name, "zone": calendar.timezone, **out}
            return out

        for metric in sla.metrics:
            if metric.kind == "first_response":
                metrics[metric.kind] = clock_json(metric, [(created, first_stop)], [], True)
            elif metric.kind == "next_response":
                metrics[metric.kind] = clock_json(metric, [(a, b) for a, b in cycles], [], False)
            else:
                metrics[metric.kind] = clock_json(metric, [(created, last_resolve if resolved else None)], [], True)
        for measure in sla.measures:
            runs, gaps = self.measure_runs(measure, points)
            metrics[measure.name] = clock_json(measure, runs, gaps, not measure.cycles)
        fired_steps.sort(key=lambda item: item[0])
        planned_steps.sort(key=lambda item: item[0])
        later = [t for t in open_deadlines if t > now] + [key[0] for key, _ in planned_steps]
        return {
            "id": raw["id"], "sla": sla.name, "calendar": sla_calendar.name, "zone": sla_calendar.timezone,
            "metrics": metrics, "escalations": [e for _, e in fired_steps],
            "planned": [e for _, e in planned_steps], "next_at": z(min(later)) if later else None,
        }

    def measure_runs(self, measure: Measure, points: list) -> tuple[list[tuple[int, int | None]], list[tuple[int, int]]]:
        """evaluation.md, "Measures", step by step over the points."""
        policy = self.policy

        def firing(triggers: tuple, fired: set, attrs: dict, before: dict | None) -> bool:
            for trigger in triggers:
                if isinstance(trigger, EventTrigger) and trigger.event in fired:
                    return True
                if isinstance(trigger, ConditionTrigger) and holds(trigger.condition, attrs, policy):
                    if before is None or not holds(trigger.condition, before, policy):
                        return True
            return False

        runs: list[list[Any]] = []
        gaps: list[tuple[int, int]] = []
        running = started = False
        before = None
        for at, fired, attrs in points:
            stop = firing(measure.stops, fired, attrs, before)
            resume = firing(measure.resumes, fired, attrs, before)
            start = firing(measure.starts, fired, attrs, before)
            if running and stop:
                running = False
                runs[-1][1] = at
            if started and not running and not measure.cycles and resume:
                running = True
                gaps.append((runs[-1][1], at))
                runs[-1][1] = None
            if not running and start and (measure.cycles or not started):
                running = started = True
                runs.append([at, None])
            before = attrs
        return [(a, b) for a, b in runs], gaps
