"""Sentences and cells shared by the text formats (Markdown, terminal table).

Each function writes plain text; ``strong`` and ``code`` let a format add its own emphasis
(Markdown ``**bold**`` and backticks, rich markup) around the words that matter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from ...attainment.breaches import Breach
from ...attainment.diff import AttainmentDelta, MetricChange, PolicyDiff, RollupDelta, TicketChange
from ...attainment.figures import AttainmentReport, GoalMark, MeasureRollup, MetricReport
from ...units import format_duration, format_goal, format_percent, rezone

Wrap = Callable[[str], str]


def _same(text: str) -> str:
    return text


COUNTING_RULE = (
    "Attainment is met / (met + breached). Running and paused tickets are not decided yet: they are "
    "counted under Open and left out of attainment. Times to stop (p50/p90, nearest rank) are counted time "
    "on the SLA's calendar, and wall-clock time from start to stop beside it."
)
HEATMAP_RULE = "Each breach is placed at the deadline it missed."


def breakdowns(report: AttainmentReport) -> list[tuple[str, str, str]]:
    """(breakdown, title, column header) of every breakdown the report may have, in order."""
    return [
        ("segment", "By segment (at creation)", "Segment"),
        ("priority", "By priority (at creation)", "Priority"),
        ("month", f"By month of creation ({report.zone})", "Month"),
        *((path, f"By {path} (at creation)", path) for path in report.fields),
    ]


def breach_metric(b: Breach) -> str:
    """``resolution``, or ``next_response #2`` for a cycle."""
    return b.metric if b.cycle is None else f"{b.metric} #{b.cycle}"


def late_by(b: Breach) -> str:
    """How long past the deadline, wall clock: ``2h 5m``, ``2h 5m (still open)``."""
    return format_duration(b.late_s) + ("" if b.stop is not None else " (still open)")


def plural(count: int, noun: str) -> str:
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {noun}{'es' if noun.endswith(('ch', 'sh', 's')) else 's'}"


def policy_title(name: str | None, version: str | None) -> str:
    return " ".join(p for p in (name, version) if p) or "policy"


def report_summary(report: AttainmentReport, strong: Wrap = _same, zone: dt.tzinfo | None = None) -> str:
    parts = [f"{plural(report.tickets, 'ticket')}: {report.evaluated} evaluated"]
    if report.failed:
        parts.append(f"{report.failed} failed")
    if report.no_sla:
        parts.append(f"{report.no_sla} governed by no SLA")
    judged = sum(1 for m in report.metrics if m.stats.decided)
    missed = len(report.goals_missed)
    no_data = len(report.metrics) - judged
    if missed:
        goals = strong(f"{missed} of {judged} goals missed")
    elif judged:
        goals = f"All {plural(judged, 'goal')} met"
    else:
        goals = "No goal can be judged yet"
    if no_data:
        goals += f" ({no_data} without decided tickets)"
    when = f"Evaluated at {rezone(report.now, zone)}. " if report.now else ""
    breached = f" {plural(len(report.breaches), 'breach')} listed." if report.breaches else ""
    return when + ", ".join(parts) + ". " + goals + "." + breached


def diff_summary(diff: PolicyDiff, strong: Wrap = _same, zone: dt.tzinfo | None = None) -> str:
    when = f" · evaluated at {rezone(diff.now, zone)}" if diff.now else ""
    if not diff.changes:
        return f"{strong('No ticket changes')} across {plural(diff.tickets, 'ticket')}{when}."
    details = [
        (diff.count("sla_changed"), "change SLA"),
        (diff.count("deadline_changed"), "change a deadline"),
        (diff.count("newly_breached"), "newly breached"),
        (diff.count("no_longer_breached"), "no longer breached"),
        (diff.count("error_changed"), "fail differently"),
    ]
    detail = ", ".join(f"{n} {what}" for n, what in details if n)
    missed = len(diff.goals_newly_missed)
    goals = " · " + strong(f"{plural(missed, 'goal')} newly missed") if missed else ""
    head = strong(f"{len(diff.changes)} of {diff.tickets} tickets change")
    return f"{head}: {detail}{goals}{when}."


def sla_change(change: TicketChange, code: Wrap = _same) -> str:
    """``gold``, ``basic → urgent_fast``, ``basic → failed``; ``(none)`` for no SLA."""

    def side(sla: str | None, error: str | None) -> str:
        return "failed" if error is not None else code(sla or "(none)")

    old, new = side(change.old_sla, change.old_error), side(change.new_sla, change.new_error)
    return new if old == new else f"{old} → {new}"


def change_parts(
    change: TicketChange, strong: Wrap = _same, escape: Wrap = _same, zone: dt.tzinfo | None = None
) -> list[str]:
    """What changes for one ticket, one phrase per failure change and per metric."""
    parts = []
    if change.error_changed:
        if change.new_error is None:
            parts.append(f"no longer fails ({escape(change.old_error or '')})")
        else:
            parts.append(f"fails: {escape(change.new_error)}")
    parts += [metric_change(m, strong, zone) for m in change.metrics]
    return parts or ["—"]


def metric_change(m: MetricChange, strong: Wrap = _same, zone: dt.tzinfo | None = None) -> str:
    bits = []
    if m.status_changed:
        new = m.new_status or "dropped"
        bits.append(f"{m.old_status or 'absent'} → {strong(new) if m.newly_breached else new}")
    if m.deadline_changed and m.old_deadlines and m.new_deadlines:
        bits.append(deadline_change(m.metric, m.old_deadlines, m.new_deadlines, zone))
    return f"{m.metric}: " + ", ".join(bits)


def deadline_change(
    metric: str, old: Sequence[str | None], new: Sequence[str | None], zone: dt.tzinfo | None = None
) -> str:
    """``deadline A → B``; for next_response the first differing cycle and how many more differ."""
    if metric != "next_response":
        return f"deadline {rezone(old[0], zone) or '—'} → {rezone(new[0], zone) or '—'}"

    def at(seq: Sequence[str | None], i: int) -> str | None:
        return rezone(seq[i], zone) if i < len(seq) else None

    differing = [i for i in range(max(len(old), len(new))) if at(old, i) != at(new, i)]
    i = differing[0]
    first = f"cycle {i + 1} deadline {at(old, i) or '—'} → {at(new, i) or '—'}"
    return first + (f" (+{len(differing) - 1} more cycles)" if len(differing) > 1 else "")


def attainment_side(m: MetricReport | MeasureRollup | None, mark_text: dict[GoalMark, str]) -> str:
    """``77.8% ❌ 7/9``: attainment, its mark and met of decided; ``—`` when absent; no mark
    for a roll-up whose SLAs set different goals (``40.0% 2/5``)."""
    if m is None:
        return "—"
    s = m.stats
    mark = "" if m.mark is None else f" {mark_text[m.mark]}"
    return f"{format_percent(s.attainment_pct)}{mark} {s.met}/{s.decided}"


def rollup_goal(goal_pct: float | None) -> str:
    """A roll-up's goal: the SLAs' common goal, ``—`` when they set different ones."""
    return "—" if goal_pct is None else format_goal(goal_pct)


def goal_change(delta: AttainmentDelta | RollupDelta) -> str:
    """``95%``, or ``95% → 99%`` when the goal differs between the versions."""
    goals = [rollup_goal(m.goal_pct) for m in (delta.before, delta.after) if m is not None]
    return " → ".join(dict.fromkeys(goals))


def rollup_slas(delta: RollupDelta, code: Wrap = _same) -> str:
    """The SLAs a roll-up is over: ``urgent, normal``, or ``urgent → urgent, normal`` when they differ."""
    sides = [", ".join(code(sla) for sla in r.slas) for r in (delta.before, delta.after) if r is not None]
    return " → ".join(dict.fromkeys(sides))


ROLLUP_RULE = (
    "A measure name several SLAs declare, over the tickets of all of them: counts summed, percentiles over "
    "every sample. Judged against the goal only when every SLA sets the same one (— otherwise); not counted "
    "in the goals missed."
)
