"""Terminal tables (rich) for attainment reports and policy diffs."""

from __future__ import annotations

import io

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ...attainment.diff import PolicyDiff
from ...attainment.figures import AttainmentReport, GroupRow, GroupStats, MetricReport
from ...units import format_duration, format_goal, format_percent, format_points
from . import phrases
from .markdown import DEFAULT_MAX_ROWS
from .marks import TABLE_MARK, TABLE_SYMBOL

NUMBER_COLUMNS = ("Met", "Breached", "Open")


def render_report_table(report: AttainmentReport, color: bool = False, width: int = 140) -> str:
    """The report as terminal tables; ``color`` adds ANSI colours (for a terminal)."""
    console = _console(color, width)
    title = phrases.policy_title(report.policy_name, report.policy_version)
    console.print(f"[bold]SLA attainment: {escape(title)}[/bold]")
    console.print(phrases.report_summary(report, strong=lambda t: f"[bold red]{escape(t)}[/bold red]"))
    console.print(f"[dim]{phrases.COUNTING_RULE}[/dim]")
    with_cycles = any(m.metric == "next_response" for m in report.metrics)
    table = _stats_table("Attainment by SLA", ["SLA", "Metric", "Target", "Goal"], with_cycles)
    for m in report.metrics:
        table.add_row(
            m.sla, m.metric, format_duration(m.target_s), format_goal(m.goal_pct), *_cells(m.stats, m, with_cycles)
        )
    console.print(table)
    breakdowns = (
        ("By segment (at creation)", "by_segment", "Segment"),
        ("By priority (at creation)", "by_priority", "Priority"),
    )
    for title, attr, noun in breakdowns:
        pairs: list[tuple[MetricReport, GroupRow]] = [(m, r) for m in report.metrics for r in getattr(m, attr)]
        if not pairs:
            continue
        table = _stats_table(title, ["SLA", "Metric", noun, "Goal"], with_cycles)
        for m, r in pairs:
            table.add_row(m.sla, m.metric, escape(r.group), format_goal(m.goal_pct), *_cells(r.stats, r, with_cycles))
        console.print(table)
    if report.failed:
        console.print(f"[bold red]{phrases.plural(report.failed, 'ticket')} failed:[/bold red]")
        for e in report.errors:
            where = f" (line {e.line})" if e.line else ""
            console.print(f"  {e.id or '?'}{where}: {e.error}", markup=False)
        if report.failed > len(report.errors):
            console.print(f"  … and {report.failed - len(report.errors)} more")
    return _text(console)


def render_diff_table(diff: PolicyDiff, color: bool = False, width: int = 140, max_rows: int = DEFAULT_MAX_ROWS) -> str:
    """The diff as terminal tables: changed tickets (capped) and attainment before/after."""
    console = _console(color, width)
    console.print(f"[bold]SLA policy diff: {escape(diff.old_label)} → {escape(diff.new_label)}[/bold]")
    console.print(phrases.diff_summary(diff, strong=lambda t: f"[bold]{escape(t)}[/bold]"))
    if diff.changes:
        table = Table(title="Changed tickets", title_justify="left")
        for name in ("Ticket", "SLA", "What changes"):
            table.add_column(name, overflow="fold")
        changes = sorted(diff.changes, key=lambda c: c.rank)
        for c in changes[:max_rows]:
            parts = phrases.change_parts(c, strong=lambda t: f"[bold red]{t}[/bold red]", escape=escape)
            table.add_row(escape(c.id), phrases.sla_change(c), "; ".join(parts))
        if len(changes) > max_rows:
            table.add_row(f"… and {len(changes) - max_rows} more", "", "")
        console.print(table)
    table = Table(title="Attainment", title_justify="left")
    for name in ("SLA", "Metric"):
        table.add_column(name)
    for name in ("Goal", "Before", "After", "Δ"):
        table.add_column(name, justify="right")
    for d in diff.attainment:
        before, after = (phrases.attainment_side(m, TABLE_SYMBOL) for m in (d.before, d.after))
        table.add_row(d.sla, d.metric, phrases.goal_change(d), before, after, format_points(d.delta_pp))
    console.print(table)
    return _text(console)


def _console(color: bool, width: int) -> Console:
    return Console(
        file=io.StringIO(),
        width=width,
        force_terminal=color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
    )


def _text(console: Console) -> str:
    return console.file.getvalue()  # type: ignore[attr-defined]


def _stats_table(title: str, lead: list[str], with_cycles: bool) -> Table:
    table = Table(title=title, title_justify="left")
    for name in lead:
        table.add_column(name, justify="right" if name in ("Target", "Goal") else "left")
    table.add_column("Attainment", justify="right")
    table.add_column("Goal met?")
    for name in (*NUMBER_COLUMNS, *(("No cycle",) if with_cycles else ()), "p50", "p90"):
        table.add_column(name, justify="right")
    return table


def _cells(stats: GroupStats, marked: MetricReport | GroupRow, with_cycles: bool) -> list[str]:
    cells = [
        format_percent(stats.attainment_pct),
        TABLE_MARK[marked.mark],
        str(stats.met),
        str(stats.breached),
        str(stats.open),
    ]
    if with_cycles:
        cells.append(str(stats.no_cycle))
    return cells + [format_duration(s, approximate=True) for s in (stats.p50_s, stats.p90_s)]
