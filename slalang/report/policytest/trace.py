"""A failing case's ``explain`` trace, compact, as ``slalang test`` shows it under the failure."""

from __future__ import annotations

from typing import Any

from ...evaluation.explain import Explanation
from ...units import format_duration


def render_case_trace(trace: Explanation | str) -> str:
    """The trace, or why there is none (a str: the ticket is bad input)."""
    if isinstance(trace, str):
        return f"the ticket is bad input: {trace}"
    return render_trace(trace.to_json())


def render_trace(trace: dict[str, Any]) -> str:
    """A compact reading of ``slalang explain``'s trace (its JSON form)."""
    lines: list[str] = []
    for decision in trace.get("decisions", []):
        lines.append(f"{decision['at']} ({decision['trigger']}): governed by {decision['sla'] or 'no SLA'}")
        for trial in decision.get("trials", []):
            verdict = "matches" if trial["matched"] else "does not match"
            lines.append(f"  {trial['sla']} {verdict}: {trial['condition']['text']}")
            for leaf in _leaves(trial["condition"]):
                lines.append(f"    {leaf['text']} is {str(leaf['result']).lower()} (saw {leaf['seen']})")
    if trace.get("sla"):
        lines.append(f"calendar {trace.get('calendar')} ({trace.get('timezone')}); pause rule: {trace.get('pause_rule') or 'none'}")
    for period in trace.get("pauses", []):
        lines.append(f"paused {period['start']} .. {period['end']}: {period['why']}")
    for period in trace.get("resolved", []):
        lines.append(f"resolved {period['start']} .. {period['end']}")
    for run in trace.get("runs", []):
        name = run["metric"] + (f" cycle {run['cycle']}" if run.get("cycle") is not None else "")
        lines.append(
            f"{name}: {run['status']} ({run['status_why']}); start {run['start']} ({run['start_why']}), "
            f"stop {run['stop'] or '-'} ({run['stop_why']})"
        )
        counted, paused, target = (format_duration(run[k]) for k in ("counted_s", "paused_s", "target_s"))
        lines.append(
            f"  counted {counted}, paused {paused} of target {target}; deadline {run['deadline']}: {run['deadline_how']}"
        )
        for step in run.get("steps", []):
            lines.append("  " + _step(step))
    return "\n".join(lines)


def _leaves(condition: dict[str, Any]) -> list[dict[str, Any]]:
    """The innermost tests of a condition, where the values seen are."""
    children = condition.get("children") or []
    if not children:
        return [condition] if condition.get("seen") is not None else []
    out: list[dict[str, Any]] = []
    for child in children:
        out += _leaves(child)
    return out


def _step(step: dict[str, Any]) -> str:
    verdict = "fired" if step.get("fired") else "planned" if step.get("planned") else "did not fire"
    actions = ", ".join(step.get("actions") or [])
    return f"step {step['step']} ({step['exact']}) at {step['at'] or '-'}: {verdict} ({step['why']}): {actions}"
