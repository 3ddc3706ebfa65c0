"""How one ticket's result was reached, as a typed trace (``slalang explain``).

``explain_ticket(policy, ticket, now)`` replays the ticket like the evaluator does and
records, for people: which SLAs were tried at each decision and why each did or did not
match (condition by condition, with the values seen), how the governing SLA changed, the
pauses and resolved periods, the open intervals that counted for each metric run, how its
deadline was reached, and each escalation step's instant and whether it fired; which
calendar and zone each clock counts on and why (the field read, the arm taken); for a
measure, which trigger started, stopped or resumed it at which point, and its pause rule; and what is
planned next: each step not fired yet of a clock not stopped, at the instant the clock,
running on from ``now``, reaches its point (or why a step whose point has passed never fires).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import replace as dataclass_replace
from typing import Any

from ..conditions import MISSING, compare, lookup
from ..model import ALWAYS, CalendarByField, CalendarChoice, Measure, PolicySet, ZonedCalendar
from ..units import format_duration
from ..zones import is_zone
from .condition_trace import ConditionTrace, explain_condition, render_condition
from .escalations import StepPlan, fires, planned_at, running_at
from .evaluator import Evaluator, policy_model
from .history import History, assign, clip, decision_attributes, decision_points, start_attributes
from .instants import format_utc, resolve_now
from .result import Cycles, Outcome, Run, TicketResult
from .runs import Measured, RunSpan, measure, runs_of
from .tickets import (
    AGENT_REPLY,
    CUSTOMER_REPLY,
    STATUS_PATH,
    Event,
    Ticket,
    TicketError,
    show_json,
)
from .triggers import Moment


@dataclass(frozen=True, slots=True)
class SlaTrial:
    sla: str
    matched: bool
    condition: ConditionTrace

    def to_json(self) -> dict[str, Any]:
        return {"sla": self.sla, "matched": self.matched, "condition": self.condition.to_json()}


@dataclass(frozen=True, slots=True)
class Decision:
    """The governing SLA decided at ``at_s`` (at created_at, or after a field event)."""

    at_s: int
    trigger: str
    trials: tuple[SlaTrial, ...]  # in policy-set order, up to the first match
    sla: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "at": format_utc(self.at_s),
            "trigger": self.trigger,
            "trials": [t.to_json() for t in self.trials],
            "sla": self.sla,
        }


@dataclass(frozen=True, slots=True)
class Period:
    """A stretch of the ticket's life; ``why`` says what held (a status, a pause rule)."""

    start_s: int
    end_s: int
    why: str
    condition: ConditionTrace | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "start": format_utc(self.start_s),
            "end": format_utc(self.end_s),
            "why": self.why,
            "condition": self.condition.to_json() if self.condition else None,
        }


@dataclass(frozen=True, slots=True)
class Stretch:
    """Open calendar time inside a run: counted, or not counted because the clock was blocked."""

    start_s: int
    end_s: int
    counted: bool

    @property
    def seconds(self) -> int:
        return self.end_s - self.start_s

    def to_json(self) -> dict[str, Any]:
        return {"start": format_utc(self.start_s), "end": format_utc(self.end_s), "seconds": self.seconds, "counted": self.counted}


@dataclass(frozen=True, slots=True)
class StepTrace:
    index: int
    fire_after_s: int
    exact: str  # "75% x 900s + 0s = 675s"
    instant_s: int | None
    fired: bool
    why: str
    actions: tuple[str, ...]
    planned: bool = False  # not fired yet, and its clock running on from now reaches it

    def to_json(self) -> dict[str, Any]:
        return {
            "step": self.index + 1,
            "fire_after_s": self.fire_after_s,
            "exact": self.exact,
            "at": format_utc(self.instant_s) if self.instant_s is not None else None,
            "fired": self.fired,
            "planned": self.planned,
            "why": self.why,
            "actions": list(self.actions),
        }


@dataclass(frozen=True, slots=True)
class RunTrace:
    metric: str
    cycle: int | None  # 1-based for next_response
    start_s: int
    start_why: str
    stop_s: int | None
    stop_why: str
    end_s: int
    stretches: tuple[Stretch, ...]  # open time in [start, end), in order
    counted_s: int
    paused_s: int
    target_s: int
    deadline_s: int | None
    deadline_how: str
    after_end: tuple[tuple[int, int], ...]  # open intervals counted past the end, up to the deadline
    status: str
    status_why: str
    steps: tuple[StepTrace, ...]
    calendar: str = ""  # the calendar and zone the clock counts on
    zone: str = ""
    calendar_why: str = ""  # its own calendar item and how it was chosen ("": the SLA's)
    pause_rule: str = ""  # the pause rule it follows, in words
    moments: tuple[Moment, ...] = ()  # a measure: each start, stop and resume of this run, with its trigger

    def to_json(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "cycle": self.cycle,
            "start": format_utc(self.start_s),
            "start_why": self.start_why,
            "stop": format_utc(self.stop_s) if self.stop_s is not None else None,
            "stop_why": self.stop_why,
            "end": format_utc(self.end_s),
            "stretches": [s.to_json() for s in self.stretches],
            "counted_s": self.counted_s,
            "paused_s": self.paused_s,
            "target_s": self.target_s,
            "deadline": format_utc(self.deadline_s) if self.deadline_s is not None else None,
            "deadline_how": self.deadline_how,
            "after_end": [{"start": format_utc(a), "end": format_utc(b)} for a, b in self.after_end],
            "status": self.status,
            "status_why": self.status_why,
            "steps": [s.to_json() for s in self.steps],
            "calendar": self.calendar,
            "zone": self.zone,
            "calendar_why": self.calendar_why,
            "pause_rule": self.pause_rule,
            "moments": [
                {"at": format_utc(m.at_s), "action": m.action, "trigger": m.trigger, "point": m.point} for m in self.moments
            ],
        }


@dataclass(frozen=True, slots=True)
class Explanation:
    ticket_id: Any
    now_s: int
    created_s: int
    ignored_events: int  # events after now
    decisions: tuple[Decision, ...]
    sla: str | None
    calendar: str | None
    timezone: str | None
    pause_rule: str | None
    pauses: tuple[Period, ...]
    resolved: tuple[Period, ...]
    runs: tuple[RunTrace, ...]
    result: Outcome
    calendar_why: str | None = None  # how the SLA's calendar was chosen

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.ticket_id,
            "now": format_utc(self.now_s),
            "created_at": format_utc(self.created_s),
            "ignored_events": self.ignored_events,
            "decisions": [d.to_json() for d in self.decisions],
            "sla": self.sla,
            "calendar": self.calendar,
            "timezone": self.timezone,
            "calendar_why": self.calendar_why,
            "pause_rule": self.pause_rule,
            "pauses": [p.to_json() for p in self.pauses],
            "resolved": [p.to_json() for p in self.resolved],
            "runs": [r.to_json() for r in self.runs],
            "result": self.result.to_json(),
        }


def explain_ticket(policy: Any, ticket: dict[str, Any], now: Any = None, clock_for: Any = None) -> Explanation:
    """The trace of one ticket's evaluation; raises TicketError for bad input."""
    model = policy_model(policy)
    now_s = resolve_now(now)
    evaluator = Evaluator(model, clock_for)
    valid = evaluator.validate(ticket)
    history = evaluator.history(valid, now_s)
    result = evaluator.evaluate_valid(valid, now_s)
    events = valid.events_until(now_s)
    decisions = _decisions(model, valid, events)
    sla = history.sla
    if sla is None:
        return Explanation(valid.id, now_s, valid.created_s, len(valid.events) - len(events), decisions,
                           None, None, None, None, (), (), (), result)
    plan = evaluator.plan_for(valid, history, now_s)
    calendar = plan.calendar
    assert calendar is not None
    decided_on = decision_attributes(valid, events, history.decisions[-1])
    states = _states(valid, events)
    pauses = tuple(
        Period(a, b, "the pause rule held", explain_condition(sla.pause, _state_at(states, a), model))
        for a, b in history.paused
    )
    resolved = tuple(
        Period(a, b, f"status {_state_at(states, a)['ticket'].get('status')!r} is resolved") for a, b in history.resolved
    )
    assert isinstance(result, TicketResult)
    runs = tuple(
        _with_clock(_run_trace(history, run, measure(run), events, now_s, cycle, result), model, sla, decided_on, history, run)
        for cycle, run in _numbered(runs_of(plan, history, now_s))
    )
    return Explanation(
        valid.id, now_s, valid.created_s, len(valid.events) - len(events), decisions, sla.name,
        calendar.name, calendar.timezone, render_condition(sla.pause) if sla.pause is not None else None,
        pauses, resolved, runs, result,
        None if _plain(sla.calendar) else calendar_reason(model, sla.calendar, decided_on),
    )


def _numbered(runs: list[RunSpan]) -> list[tuple[int | None, RunSpan]]:
    out: list[tuple[int | None, RunSpan]] = []
    cycles: dict[str, int] = {}
    for run in runs:
        if run.clock.cycles:
            cycle = cycles[run.clock.name] = cycles.get(run.clock.name, 0) + 1
            out.append((cycle, run))
        else:
            out.append((None, run))
    return out


# --- SLA decisions ------------------------------------------------------------------------


def _trials(model: PolicySet, attrs: Mapping[str, Any]) -> tuple[tuple[SlaTrial, ...], str | None]:
    trials = []
    for sla in model.slas:
        trace = explain_condition(sla.when, attrs, model)
        trials.append(SlaTrial(sla.name, trace.result, trace))
        if trace.result:
            return tuple(trials), sla.name
    return tuple(trials), None


def _decisions(model: PolicySet, ticket: Ticket, events: Sequence[Event]) -> tuple[Decision, ...]:
    """Each SLA decision (``history.decision_points``) with every SLA tried, condition by condition."""
    decisions = []
    for event, attrs in decision_points(ticket, events):
        trials, chosen = _trials(model, attrs)
        if event is None:
            decisions.append(Decision(ticket.created_s, "at created_at", trials, chosen))
        else:
            trigger = f"after event {event.index + 1}: {'.'.join(event.path or ())} set to {show_json(event.value)}"
            decisions.append(Decision(event.at_s, trigger, trials, chosen))
    return tuple(decisions)


# --- states over time ---------------------------------------------------------------------


def _states(ticket: Ticket, events: Sequence[Event]) -> list[tuple[int, dict[str, Any]]]:
    """The attributes after every instant with events. ``assign`` copies the nested objects it
    changes, so a copy of the two top objects is a snapshot (a deep copy would recurse through
    values a ticket may nest a thousand levels deep)."""
    attrs = start_attributes(ticket)
    states = [(ticket.created_s, _snapshot(attrs))]
    for i, event in enumerate(events):
        if event.path is not None:
            assign(attrs, event.path, event.value)
        if i + 1 == len(events) or events[i + 1].at_s != event.at_s:
            states.append((event.at_s, _snapshot(attrs)))
    return states


def _snapshot(attrs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {root: dict(values) for root, values in attrs.items()}


def _state_at(states: list[tuple[int, dict[str, Any]]], at_s: int) -> dict[str, Any]:
    found = states[0][1]
    for t, attrs in states:
        if t <= at_s:
            found = attrs
        else:
            break
    return found


# --- runs ---------------------------------------------------------------------------------


def _event_text(event: Event) -> str:
    where = f"event {event.index + 1}"
    if event.kind == AGENT_REPLY:
        return f"agent reply ({where})"
    if event.kind == CUSTOMER_REPLY:
        return f"customer reply ({where})"
    return f"{'.'.join(event.path or ())} set to {show_json(event.value)} ({where})"


def _moment(run: RunSpan, history: History, action: str, at_s: int | None) -> str | None:
    """A measure's reason for an action at an instant (``on agent_reply at event 3 (agent_reply)``)."""
    own = history.clocks.get(run.clock.name)
    if run.clock.measure is None or own is None:
        return None
    for moment in own.moments:
        if moment.action == action and moment.at_s == at_s:
            return f"{moment.trigger}, at {moment.point}"
    return None


def _why_start(run: RunSpan, history: History, events: Sequence[Event]) -> str:
    measured = _moment(run, history, "started", run.start_s)
    if measured is not None:
        return measured
    if run.clock.name != "next_response":
        return "created_at"
    at = [e for e in events if e.at_s == run.start_s]
    reply = next((e for e in at if e.kind == CUSTOMER_REPLY), None)
    reopen = next((e for e in at if e.path == STATUS_PATH), None)
    if any(e.kind == CUSTOMER_REPLY for e in events if e.at_s < run.start_s) and reopen is not None and reply is None:
        return f"reopened by {_event_text(reopen)} after a customer reply while resolved"
    if reply is not None:
        return f"{_event_text(reply)} following an agent reply"
    return "customer reply following an agent reply"


def _why_stop(run: RunSpan, history: History, events: Sequence[Event]) -> str:
    if run.stop_s is None:
        return "not stopped by now"
    if run.clock.measure is not None:
        return _moment(run, history, "stopped", run.stop_s) or "stopped"
    at = [e for e in events if e.at_s == run.stop_s]
    if run.clock.name == "resolution":
        status = next((e for e in reversed(at) if e.path == STATUS_PATH), None)
        reopened = len(history.resolved) > 1
        text = f"entered a resolved status: {_event_text(status)}" if status else "resolved at created_at"
        return text + (" (the last resolve; earlier resolved periods did not count)" if reopened else "")
    reply = next((e for e in at if e.kind == AGENT_REPLY), None)
    if reply is not None:
        return _event_text(reply)
    status = next((e for e in at if e.path == STATUS_PATH), None)
    if status is not None:
        return f"entered a resolved status: {_event_text(status)}"
    return "created in a resolved status"


def _stretches(clock: Any, run: RunSpan) -> tuple[Stretch, ...]:
    out = []
    for a, b in clock.open_intervals(run.start_s, run.end_s):
        cursor = a
        for low, high in clip(run.excluded, a, b):
            if low > cursor:
                out.append(Stretch(cursor, low, True))
            out.append(Stretch(low, high, False))
            cursor = high
        if cursor < b:
            out.append(Stretch(cursor, b, True))
    return tuple(out)


def _result_run(result: TicketResult, metric: str, cycle: int | None) -> Run:
    found = result.metrics[metric]
    if cycle is not None:
        assert isinstance(found, Cycles)
        return found.cycles[cycle - 1]
    assert isinstance(found, Run)
    return found


def _run_trace(
    history: History, run: RunSpan, numbers: Measured, events: Sequence[Event], now_s: int, cycle: int | None,
    result: TicketResult,
) -> RunTrace:
    timeline = run.clock.timeline
    evaluated = _result_run(result, run.clock.name, cycle)
    stretches = _stretches(timeline, run)
    counted = evaluated.counted_s
    paused = evaluated.paused_s
    deadline = evaluated.deadline_s
    if deadline is None:
        how = f"the calendar never reaches {format_duration(run.target_s)} of counted time"
        after: tuple[tuple[int, int], ...] = ()
    elif counted >= run.target_s:
        how = f"counted time reached the target {format_duration(run.target_s)} at {format_utc(deadline)}, before the run ended"
        after = ()
    else:
        remaining = run.target_s - counted
        ended = "stopped" if run.stop_s is not None else "now"
        how = (
            f"{format_duration(counted)} counted by {format_utc(run.end_s)} ({ended}); the remaining {format_duration(remaining)} "
            f"counted on from there with no further pause -> {format_utc(deadline)}"
        )
        after = tuple(timeline.open_intervals(run.end_s, deadline))
    status = evaluated.status
    if run.stop_s is not None:
        why = (
            f"stopped at {format_utc(run.stop_s)}, at or before the deadline"
            if status == "met"
            else f"stopped at {format_utc(run.stop_s)}, after the deadline"
        )
    elif status == "breached":
        why = f"not stopped and now ({format_utc(now_s)}) is past the deadline"
    elif status == "paused":
        why = "not stopped, the deadline not passed, and the pause rule holds now"
    else:
        why = "not stopped and the deadline not passed"
    steps = tuple(
        _step_trace(run, step, instant, now_s, counted)
        for step, instant in zip(run.steps, numbers.step_instants, strict=False)
    )
    return RunTrace(
        run.clock.name, cycle, run.start_s, _why_start(run, history, events), run.stop_s, _why_stop(run, history, events),
        run.end_s, stretches, counted, paused, run.target_s, deadline, how, after, status, why, steps,
    )


def _with_clock(
    trace: RunTrace, model: PolicySet, sla: Any, decided_on: Mapping[str, Any], history: History, run: RunSpan
) -> RunTrace:
    """A run's trace with its calendar, pause rule and (a measure) its moments."""
    clock = run.clock
    definition = clock.measure if clock.measure is not None else sla.metric(clock.name)
    calendar = clock.calendar
    assert calendar is not None
    why = calendar_reason(model, clock.choice, decided_on) if clock.choice is not None else ""
    pause = ""  # said only for a clock with its own rule, and for measures (the SLA's is said once)
    if definition.pause is None:
        if isinstance(definition, Measure):
            pause = f"the SLA's: {render_condition(sla.pause)}" if sla.pause is not None else "none"
    elif definition.pause.condition is None:
        pause = "never (its own `pause never`)"
    else:
        pause = f"its own: {render_condition(definition.pause.condition)}"
    if pause and isinstance(definition, Measure):
        pause += "; time between a stop and a resume is not counted"
    elif pause:
        pause += "; time spent resolved is not counted"
    moments: tuple[Moment, ...] = ()
    own = history.clocks.get(clock.name)
    if clock.measure is not None and own is not None:
        end = run.stop_s if run.stop_s is not None else history.end_s
        moments = tuple(
            m
            for m in own.moments
            if run.start_s <= m.at_s <= end and not (m.action == "started" and m.at_s != run.start_s)
        )
    return dataclass_replace(
        trace, calendar=calendar.name, zone=calendar.timezone, calendar_why=why, pause_rule=pause, moments=moments
    )


def _plain(choice: CalendarChoice) -> bool:
    """A calendar named alone (``calendar office``): nothing was chosen from the ticket."""
    return isinstance(choice, ZonedCalendar) and choice.zone is None and choice.zone_path is None


def calendar_reason(model: PolicySet, choice: CalendarChoice, attrs: Mapping[str, Any]) -> str:
    """How a calendar choice picked its calendar and zone on these attributes, in words."""
    parts = []
    if isinstance(choice, CalendarByField):
        path = ".".join(choice.path)
        value = lookup(attrs, choice.path)
        arm = next((a for a in choice.arms if compare(value, "==", a.value)), None)
        seen = "missing" if value is MISSING else show_json(value)
        if arm is not None:
            parts.append(f"{path} is {seen}: the arm {show_json(arm.value)} -> {arm.calendar.text}")
            zoned: ZonedCalendar = arm.calendar
        else:
            parts.append(f"{path} is {seen}, which no arm equals: else -> {choice.otherwise.text}")
            zoned = choice.otherwise
    else:
        zoned = choice
        parts.append(f"calendar {zoned.text}")
    own = model.calendars[zoned.name].timezone
    if zoned.name == ALWAYS:
        parts.append("always is open at every instant, read in UTC")
    elif zoned.zone_path is not None:
        path = ".".join(zoned.zone_path)
        named = lookup(attrs, zoned.zone_path)
        seen = "missing" if named is MISSING else show_json(named)
        if is_zone(named):
            parts.append(f"{path} is {seen}: read in {named}")
        else:
            parts.append(f"{path} is {seen}, not an IANA zone: read in the calendar's own zone {own}")
    elif zoned.zone is not None:
        parts.append(f"read in {zoned.zone}")
    else:
        parts.append(f"read in its own zone {own}")
    return "; ".join(parts)


def _step_trace(run: RunSpan, step: StepPlan, instant: int | None, now_s: int, counted_s: int) -> StepTrace:
    exact = f"{step.percent:g}% of {format_duration(run.target_s)} {'+' if step.offset_s >= 0 else '-'} {format_duration(abs(step.offset_s))}"
    exact += f" = {format_duration(step.exact_s)} of counted time"
    if step.exact_s < 0:
        exact += " (before the start: fires at the start)"
    elif step.fire_after_s != step.exact_s:
        exact += f", rounded up to {format_duration(step.fire_after_s)}"
    if instant is None:
        return StepTrace(step.index, step.fire_after_s, exact, None, False, "the calendar never reaches it", step.actions)
    fired = fires(instant, run.start_s, run.stop_s, run.idle, now_s)
    planned = not fired and planned_at(run.stop_s, instant, now_s)
    if fired:
        why = "the metric was still running"
    elif planned:
        if run.start_s > now_s:
            why = f"the clock starts at {format_utc(run.start_s)}"
        else:
            why = f"{format_duration(counted_s)} counted by now ({format_utc(now_s)})"
        left = step.fire_after_s - (0 if run.start_s > now_s else counted_s)
        why += (
            f"; the clock, running on from {format_utc(max(run.start_s, now_s))} with no further pause, "
            f"reaches {format_duration(step.fire_after_s)} after {format_duration(left)} more of counted time"
        )
    elif run.stop_s is None:
        why = (
            f"its point was reached at {format_utc(instant)}, when the clock was not running (the ticket was "
            "resolved, or the measure stopped, then); the clock has run on past it since, so it never fires "
            "and is not planned"
        )
    elif not running_at(instant, run.start_s, run.stop_s, run.idle):
        why = "the metric had stopped (or the ticket was resolved) by then"
    else:
        why = "not yet: its instant is after now"
    return StepTrace(step.index, step.fire_after_s, exact, instant, fired, why, step.actions, planned)


__all__ = ["Decision", "Explanation", "Period", "RunTrace", "SlaTrial", "StepTrace", "Stretch", "TicketError", "explain_ticket"]
