"""``slalang explain``'s text: an ``Explanation`` written for people."""

from __future__ import annotations

import datetime as dt
from functools import partial

from ...evaluation.condition_trace import ConditionTrace
from ...evaluation.explain import Explanation, RunTrace
from ...units import format_duration, format_instant, rezone_text, zone_name


def _mark(result: bool) -> str:
    return "yes" if result else "no "


def _tree(trace: ConditionTrace, indent: str, lines: list[str]) -> None:
    seen = f"   (seen {trace.seen})" if trace.seen is not None else ""
    lines.append(f"{indent}{_mark(trace.result)} {trace.text}{seen}")
    for child in trace.children:
        _tree(child, indent + "    ", lines)


def _leaves(trace: ConditionTrace) -> list[str]:
    if not trace.children:
        return [f"{trace.text} with {trace.seen}"] if trace.seen is not None else []
    found: list[str] = []
    for child in trace.children:
        found.extend(_leaves(child))
    return found


def _span(start_s: int, end_s: int, zone: dt.tzinfo | None) -> str:
    return f"{format_instant(start_s, zone)} .. {format_instant(end_s, zone)}"


def render_explanation(explanation: Explanation, zone: dt.tzinfo | None = None) -> str:
    """The explanation as text; every instant in ``zone`` (UTC by default), those inside the
    evaluator's own sentences too."""
    return rezone_text(_render(explanation, zone), zone)


def _render(explanation: Explanation, zone: dt.tzinfo | None) -> str:
    at = partial(format_instant, zone=zone)
    e = explanation
    lines = [
        f"Ticket {e.ticket_id} as known at {at(e.now_s)} (created {at(e.created_s)}"
        + (f"; {e.ignored_events} event(s) after now ignored)" if e.ignored_events else ")"),
        "",
        "Which SLA governs (the first, in policy-set order, whose `when` holds)",
    ]
    for decision in e.decisions:
        lines.append(f"  {at(decision.at_s)}, {decision.trigger}: {decision.sla or 'no SLA matches'}")
        for trial in decision.trials:
            lines.append(f"    {trial.sla}: {'matches' if trial.matched else 'does not match'}")
            _tree(trial.condition, "      ", lines)
    if len({d.sla for d in e.decisions}) > 1:
        changes = " -> ".join(d.sla or "none" for d in e.decisions)
        lines.append(f"  The governing SLA changed ({changes}); the last one is applied to the whole history.")
    if e.sla is None:
        lines += ["", "No SLA governs this ticket: no metrics, no escalations."]
        return "\n".join(lines) + "\n"
    shown_in = "UTC" if zone is None else zone_name(zone)
    lines += ["", f"Clock: SLA {e.sla} counts on calendar {e.calendar} ({e.timezone}); times shown in {shown_in}"]
    if e.calendar_why:
        lines.append(f"  chosen: {e.calendar_why}")
    lines.append(f"  pause when {e.pause_rule}" if e.pause_rule else "  no pause rule")
    for period in e.pauses:
        why = "; ".join(_leaves(period.condition)) if period.condition else period.why
        lines.append(f"  paused    {_span(period.start_s, period.end_s, zone)}  ({why})")
    for period in e.resolved:
        lines.append(f"  resolved  {_span(period.start_s, period.end_s, zone)}  ({period.why})")
    if not e.pauses and not e.resolved:
        lines.append("  the clock was never paused or resolved")
    for run in e.runs:
        lines.append("")
        lines.extend(_run_lines(run, zone))
    lines += ["", "Escalations that fired"]
    if e.result.ok and e.result.escalations:
        for escalation in e.result.escalations:
            lines.append(f"  {at(escalation.at_s)}  {escalation.metric}: {' and '.join(escalation.actions)}")
    else:
        lines.append("  none")
    lines += ["", "Planned next (if no further event happens)"]
    # in the order of ``planned``: by instant, then clock (runs come in clock order), then step
    planned = [(order, run, step) for order, run in enumerate(e.runs) for step in run.steps if step.planned]
    planned.sort(key=lambda item: (item[2].instant_s, item[0], item[2].index))
    for _, run, step in planned:
        name = run.metric + (f" cycle {run.cycle}" if run.cycle is not None else "")
        lines.append(
            f"  {at(step.instant_s)}  {name} step {step.index + 1}: {' and '.join(step.actions)}"  # type: ignore[arg-type]
        )
        lines.append(f"    {step.why}")
    if not planned:
        lines.append("  no step")
    next_at = getattr(e.result, "next_at_s", None)
    if next_at is None:
        lines.append("  next change: none (no clock is running towards a step or a deadline)")
    else:
        lines.append(f"  next change: {at(next_at)} ({_next_what(e, next_at)})")
    return "\n".join(lines) + "\n"


def _next_what(e: Explanation, next_at: int) -> str:
    """What happens at ``next_at``: the steps planned then, or the deadline reached then."""
    for run in e.runs:
        name = run.metric + (f" cycle {run.cycle}" if run.cycle is not None else "")
        for step in run.steps:
            if step.planned and step.instant_s == next_at:
                return f"{name} step {step.index + 1}"
    for run in e.runs:
        if run.stop_s is None and run.deadline_s == next_at:
            return f"the deadline of {run.metric + (f' cycle {run.cycle}' if run.cycle is not None else '')}"
    return "a deadline"


def _run_lines(run: RunTrace, zone: dt.tzinfo | None) -> list[str]:
    at = partial(format_instant, zone=zone)
    name = run.metric + (f" cycle {run.cycle}" if run.cycle is not None else "")
    lines = [f"{name}: {run.status}"]
    stop = at(run.stop_s) if run.stop_s is not None else "none yet"
    lines.append(f"  start {at(run.start_s)} ({run.start_why}); stop {stop} ({run.stop_why})")
    for moment in run.moments:
        lines.append(f"  {at(moment.at_s)} {moment.action}: {moment.trigger}, at {moment.point}")
    if run.calendar_why:
        lines.append(f"  its own calendar: {run.calendar} ({run.zone}); chosen: {run.calendar_why}")
    if run.pause_rule:
        lines.append(f"  pause rule: {run.pause_rule}")
    if run.stretches:
        for stretch in run.stretches:
            what = "counted" if stretch.counted else "paused "
            lines.append(f"  {what}  {_span(stretch.start_s, stretch.end_s, zone)}  {format_duration(stretch.seconds)}")
    else:
        lines.append(f"  no open time between {at(run.start_s)} and {at(run.end_s)}")
    lines.append(
        f"  counted {format_duration(run.counted_s)}, paused {format_duration(run.paused_s)} (open hours only), "
        f"target {format_duration(run.target_s)}"
    )
    deadline = at(run.deadline_s) if run.deadline_s is not None else "none"
    lines.append(f"  deadline {deadline}: {run.deadline_how}")
    if run.after_end:
        lines.append("    open time counted past the end: " + ", ".join(_span(a, b, zone) for a, b in run.after_end))
    lines.append(f"  {run.status}: {run.status_why}")
    for step in run.steps:
        when = at(step.instant_s) if step.instant_s is not None else "never"
        fired = "fired" if step.fired else "planned" if step.planned else "did not fire"
        lines.append(
            f"  step {step.index + 1}: {step.exact} -> {when}: {fired} ({step.why}); {' and '.join(step.actions)}"
        )
    return lines
