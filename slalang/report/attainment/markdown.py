"""Markdown: attainment reports and policy diffs fit for a pull-request comment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ...attainment.breaches import WEEKDAYS
from ...attainment.diff import AttainmentDelta, PolicyDiff, RollupDelta
from ...attainment.figures import AttainmentReport, GoalMark, GroupStats
from ...units import format_duration, format_goal, format_percent, format_points, rezone
from . import phrases
from .marks import MARKDOWN_MARK, MARKDOWN_SYMBOL

DEFAULT_MAX_ROWS = 20
NUMBER_COLUMNS = ["Attainment", "Goal met?", "Met", "Breached", "Open"]
TIME_COLUMNS = ["p50 counted", "p90 counted", "p50 wall", "p90 wall"]


def render_report_markdown(
    report: AttainmentReport, zone: dt.tzinfo | None = None, max_rows: int = DEFAULT_MAX_ROWS
) -> str:
    title = phrases.policy_title(report.policy_name, report.policy_version)
    summary = phrases.report_summary(report, _strong, zone)
    lines = [f"# SLA attainment: {title}", "", summary, "", phrases.COUNTING_RULE, ""]
    with_cycles = any(m.metric == "next_response" or m.stats.no_cycle for m in report.metrics)
    lines += ["## Attainment by SLA", ""]
    lead = ["SLA", "Metric", "Target", "Goal"]
    rows = [
        [
            _code(m.sla),
            m.metric,
            format_duration(m.target_s),
            format_goal(m.goal_pct),
            *_stat_cells(m.stats, m.mark, with_cycles),
        ]
        for m in report.metrics
    ]
    lines += _table(lead, "llrr", rows, with_cycles)
    if report.measure_rollups:
        lines += ["", "## Measures across SLAs", "", phrases.ROLLUP_RULE, ""]
        rows = [
            [_code(r.measure), ", ".join(_code(sla) for sla in r.slas), phrases.rollup_goal(r.goal_pct),
             *_stat_cells(r.stats, r.mark, with_cycles)]
            for r in report.measure_rollups
        ]
        lines += _table(["Measure", "SLAs", "Goal"], "llr", rows, with_cycles)
    for breakdown, title, noun in phrases.breakdowns(report):
        order = {group: n for n, group in enumerate(report.groups(breakdown))}
        pairs = sorted(
            ((m, r) for m in report.metrics for r in m.rows(breakdown)),
            key=lambda pair: (report.metrics.index(pair[0]), order[pair[1].group]),
        )
        if not pairs:
            continue
        lines += ["", f"## {title}", ""]
        rows = [
            [_code(m.sla), m.metric, _escape(r.group), format_goal(m.goal_pct), *_stat_cells(r.stats, r.mark, with_cycles)]
            for m, r in pairs
        ]
        lines += _table(["SLA", "Metric", noun, "Goal"], "lllr", rows, with_cycles)
    if report.breaches:
        hours = [h for h in range(24) if any(row[h] for row in report.breach_heatmap)]
        lines += ["", f"## Breaches by weekday and hour ({report.zone})", "", phrases.HEATMAP_RULE, ""]
        heat = [
            [day, *(str(row[h]) if row[h] else "" for h in hours), str(sum(row))]
            for day, row in zip(WEEKDAYS, report.breach_heatmap, strict=True)
        ]
        lines += _plain_table(["Day", *(f"{h:02d}" for h in hours), "All"], "l" + "r" * (len(hours) + 1), heat)
        lines += ["", "## Breaches", ""]
        rows = [
            [_code(_escape(b.id or "?")), _code(b.sla), phrases.breach_metric(b), rezone(b.deadline, zone) or "",
             phrases.late_by(b)]
            for b in report.breaches[:max_rows]
        ]
        lines += _plain_table(["Ticket", "SLA", "Metric", "Deadline", "Late by"], "lllrr", rows)
        if len(report.breaches) > max_rows:
            lines.append(f"\n… and {len(report.breaches) - max_rows} more.")
    if report.failed:
        lines += ["", "## Failed tickets", ""]
        for e in report.errors:
            where = f" (line {e.line})" if e.line else ""
            lines.append(f"- {_code(_escape(e.id or '?'))}{where}: {_escape(e.error)}")
        if report.failed > len(report.errors):
            lines.append(f"- … and {report.failed - len(report.errors)} more")
    return "\n".join(lines) + "\n"


def render_diff_markdown(diff: PolicyDiff, max_rows: int = DEFAULT_MAX_ROWS, zone: dt.tzinfo | None = None) -> str:
    versions = ""
    if diff.old_version != diff.new_version:
        versions = f" (version {diff.old_version or '—'} → {diff.new_version or '—'})"
    lines = [
        f"### SLA policy diff: {_code(diff.old_label)} → {_code(diff.new_label)}{versions}",
        "",
        phrases.diff_summary(diff, _strong, zone),
        "",
    ]
    if diff.changes:
        changes = sorted(diff.changes, key=lambda c: c.rank)
        rows = [
            [_code(_escape(c.id)), phrases.sla_change(c, _code), "; ".join(phrases.change_parts(c, _strong, _escape, zone))]
            for c in changes[:max_rows]
        ]
        if len(changes) > max_rows:
            rows.append([f"… and {len(changes) - max_rows} more", "", ""])
        lines += _plain_table(["Ticket", "SLA", "What changes"], "lll", rows)
        lines.append("")
    lines += ["#### Attainment", ""]
    changed = [d for d in diff.attainment if d.changed]
    if changed:
        lines += _plain_table(
            ["SLA", "Metric", "Goal", "Before", "After", "Δ"], "llrrrr", [_delta_cells(d) for d in changed]
        )
        unchanged = len(diff.attainment) - len(changed)
        if unchanged:
            lines += ["", f"{phrases.plural(unchanged, 'other SLA metric')} unchanged."]
    else:
        lines.append(f"Unchanged for all {phrases.plural(len(diff.attainment), 'SLA metric')}.")
    if diff.measure_rollups:
        lines += ["", "#### Measures across SLAs", ""]
        changed_rollups = [d for d in diff.measure_rollups if d.changed]
        if changed_rollups:
            lines += _plain_table(
                ["Measure", "SLAs", "Goal", "Before", "After", "Δ"], "llrrrr",
                [_rollup_delta_cells(d) for d in changed_rollups],
            )
            unchanged = len(diff.measure_rollups) - len(changed_rollups)
            if unchanged:
                lines += ["", f"{phrases.plural(unchanged, 'other measure')} across SLAs unchanged."]
        else:
            lines.append(f"Unchanged for all {phrases.plural(len(diff.measure_rollups), 'measure')} across SLAs.")
    return "\n".join(lines) + "\n"


def _stat_cells(stats: GroupStats, mark: GoalMark | None, with_cycles: bool) -> list[str]:
    cells = [
        format_percent(stats.attainment_pct),
        "—" if mark is None else MARKDOWN_MARK[mark],
        str(stats.met),
        str(stats.breached),
        str(stats.open),
    ]
    if with_cycles:
        cells.append(str(stats.no_cycle))
    times = (stats.p50_s, stats.p90_s, stats.wall_p50_s, stats.wall_p90_s)
    return cells + [format_duration(s, approximate=True) for s in times]


def _delta_cells(d: AttainmentDelta) -> list[str]:
    before = phrases.attainment_side(d.before, MARKDOWN_SYMBOL)
    after = phrases.attainment_side(d.after, MARKDOWN_SYMBOL)
    return [_code(d.sla), d.metric, phrases.goal_change(d), before, after, format_points(d.delta_pp)]


def _rollup_delta_cells(d: RollupDelta) -> list[str]:
    before = phrases.attainment_side(d.before, MARKDOWN_SYMBOL)
    after = phrases.attainment_side(d.after, MARKDOWN_SYMBOL)
    slas = phrases.rollup_slas(d, _code)
    return [_code(d.measure), slas, phrases.goal_change(d), before, after, format_points(d.delta_pp)]


def _table(lead: list[str], lead_align: str, rows: Iterable[list[str]], with_cycles: bool) -> list[str]:
    header = lead + NUMBER_COLUMNS + (["No cycle"] if with_cycles else []) + TIME_COLUMNS
    align = lead_align + "rlrrr" + ("r" if with_cycles else "") + "rrrr"
    return _plain_table(header, align, rows)


def _plain_table(header: list[str], align: str, rows: Iterable[list[str]]) -> list[str]:
    rule = ["---:" if a == "r" else "---" for a in align]
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def _strong(text: str) -> str:
    return f"**{text}**"


def _code(text: str) -> str:
    return f"`{text}`"


def _escape(text: str) -> str:
    """User text (ticket ids, error reasons) made safe inside a table cell or code span."""
    return text.replace("|", "\\|").replace("`", "'").replace("\n", " ")
