"""Terminal tables (rich) for attainment reports and policy diffs."""

from __future__ import annotations

import datetime as dt
import io

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from ...attainment.breaches import WEEKDAYS
from ...attainment.diff import PolicyDiff
from ...attainment.figures import AttainmentReport, GroupRow, GroupStats, MeasureRollup, MetricReport
from ...units import format_duration, format_goal, format_percent, format_points, rezone
from ..layout import Column, FittedTable
from . import phrases
from .markdown import DEFAULT_MAX_ROWS
from .marks import TABLE_MARK, TABLE_SYMBOL

NUMBER_COLUMNS = ("Met", "Breached", "Open")
TIME_COLUMNS = ("p50 counted", "p90 counted", "p50 wall", "p90 wall")


def render_report_table(
    report: AttainmentReport,
    color: bool = False,
    width: int = 140,
    zone: dt.tzinfo | None = None,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> str:
    """The report as terminal tables; ``color`` adds ANSI colours (for a terminal); instants
    in ``zone`` (UTC by default); the first ``max_rows`` breaches listed."""
    console = _console(color, width)
    title = phrases.policy_title(report.policy_name, report.policy_version)
    console.print(f"[bold]SLA attainment: {escape(title)}[/bold]")
    console.print(phrases.report_summary(report, strong=lambda t: f"[bold red]{escape(t)}[/bold red]", zone=zone))
    console.print(f"[dim]{phrases.COUNTING_RULE}[/dim]")
    with_cycles = any(m.metric == "next_response" or m.stats.no_cycle for m in report.metrics)
    table = _stats_table("Attainment by SLA", ["SLA", "Metric", "Target", "Goal"], with_cycles)
    for m in report.metrics:
        table.add_row(
            m.sla, m.metric, format_duration(m.target_s), format_goal(m.goal_pct), *_cells(m.stats, m, with_cycles)
        )
    console.print(table, crop=False)
    if report.measure_rollups:
        table = _stats_table("Measures across SLAs", ["Measure", "SLAs", "Goal"], with_cycles)
        for rollup in report.measure_rollups:
            table.add_row(rollup.measure, ", ".join(rollup.slas), phrases.rollup_goal(rollup.goal_pct),
                          *_cells(rollup.stats, rollup, with_cycles))
        console.print(table, crop=False)
    for breakdown, title, noun in phrases.breakdowns(report):
        order = {group: n for n, group in enumerate(report.groups(breakdown))}
        pairs: list[tuple[MetricReport, GroupRow]] = [(m, r) for m in report.metrics for r in m.rows(breakdown)]
        if not pairs:
            continue
        table = _stats_table(title, ["SLA", "Metric", noun, "Goal"], with_cycles)
        for m, r in sorted(pairs, key=lambda pair: (report.metrics.index(pair[0]), order[pair[1].group])):
            table.add_row(m.sla, m.metric, r.group, format_goal(m.goal_pct), *_cells(r.stats, r, with_cycles))
        console.print(table, crop=False)
    if report.breaches:
        console.print(_heatmap_table(report), crop=False)
        console.print(_breaches_table(report, zone, max_rows), crop=False)
        more = len(report.breaches) - max_rows
        if more > 0:
            console.print(f"… and {more} more {'breach' if more == 1 else 'breaches'}")
    if report.failed:
        console.print(f"[bold red]{phrases.plural(report.failed, 'ticket')} failed:[/bold red]")
        for e in report.errors:
            where = f" (line {e.line})" if e.line else ""
            console.print(f"  {e.id or '?'}{where}: {e.error}", markup=False)
        if report.failed > len(report.errors):
            console.print(f"  … and {report.failed - len(report.errors)} more")
    return _text(console)


def _heatmap_table(report: AttainmentReport) -> FittedTable:
    """Weekdays down, hours across; an hour without a breach on any day is left out."""
    table = FittedTable(
        f"Breaches by weekday and hour ({report.zone}). {phrases.HEATMAP_RULE}",
        (Column("Day", "name"), *(Column(f"{h:02d}", justify="right") for h in range(24)), Column("All", justify="right")),
    )
    for day, counts in zip(WEEKDAYS, report.breach_heatmap, strict=True):
        table.add_row(day, *(str(n) if n else "" for n in counts), str(sum(counts)))
    return table


def _breaches_table(report: AttainmentReport, zone: dt.tzinfo | None, max_rows: int) -> FittedTable:
    table = FittedTable(
        "Breaches",
        (
            Column("Ticket", "name"),
            Column("SLA", "name"),
            Column("Metric", "name"),
            Column("Deadline"),
            Column("Late by", justify="right"),
        ),
        keys=3,
    )
    for b in report.breaches[:max_rows]:
        table.add_row(b.id or "?", b.sla, phrases.breach_metric(b), rezone(b.deadline, zone) or "", phrases.late_by(b))
    return table


def render_diff_table(
    diff: PolicyDiff,
    color: bool = False,
    width: int = 140,
    max_rows: int = DEFAULT_MAX_ROWS,
    zone: dt.tzinfo | None = None,
) -> str:
    """The diff as terminal tables: changed tickets (capped) and attainment before/after."""
    console = _console(color, width)
    console.print(f"[bold]SLA policy diff: {escape(diff.old_label)} → {escape(diff.new_label)}[/bold]")
    console.print(phrases.diff_summary(diff, strong=lambda t: f"[bold]{escape(t)}[/bold]", zone=zone))
    if diff.changes:
        changes = sorted(diff.changes, key=lambda c: c.rank)
        shown = changes[:max_rows]
        more = len(changes) - len(shown)
        table = FittedTable(
            "Changed tickets",
            (Column("Ticket", "name"), Column("SLA", "text"), Column("What changes", "text")),
        )
        for c in shown:
            parts = phrases.change_parts(c, strong=lambda t: f"[bold red]{t}[/bold red]", escape=escape, zone=zone)
            table.add_row(c.id, phrases.sla_change(c), Text.from_markup("; ".join(parts)))
        console.print(table, crop=False)
        if more:
            console.print(f"… and {more} more changed ticket{'s' if more != 1 else ''}")
    table = FittedTable(
        "Attainment",
        (
            Column("SLA", "name"),
            Column("Metric", "name"),
            *(Column(name, justify="right") for name in ("Goal", "Before", "After", "Δ")),
        ),
        keys=2,
    )
    for d in diff.attainment:
        before, after = (Text.from_markup(phrases.attainment_side(m, TABLE_SYMBOL)) for m in (d.before, d.after))
        table.add_row(d.sla, d.metric, phrases.goal_change(d), before, after, format_points(d.delta_pp))
    console.print(table, crop=False)
    if diff.measure_rollups:
        table = FittedTable(
            "Measures across SLAs",
            (
                Column("Measure", "name"),
                Column("SLAs", "text"),
                *(Column(name, justify="right") for name in ("Goal", "Before", "After", "Δ")),
            ),
            keys=1,
        )
        for r in diff.measure_rollups:
            before, after = (Text.from_markup(phrases.attainment_side(m, TABLE_SYMBOL)) for m in (r.before, r.after))
            table.add_row(r.measure, phrases.rollup_slas(r), phrases.goal_change(r), before, after,
                          format_points(r.delta_pp))
        console.print(table, crop=False)
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
    return console.file.getvalue()  # type: ignore[attr-defined]  # rich types file as IO[str]; it is our StringIO


def _stats_table(title: str, lead: list[str], with_cycles: bool) -> FittedTable:
    columns = [
        Column(name, justify="right") if name in ("Target", "Goal") else Column(name, "text" if name == "SLAs" else "name")
        for name in lead
    ]
    columns += [Column("Attainment", justify="right"), Column("Goal met?")]
    columns += [
        Column(name, justify="right")
        for name in (*NUMBER_COLUMNS, *(("No cycle",) if with_cycles else ()), *TIME_COLUMNS)
    ]
    return FittedTable(title, columns, keys=sum(1 for c in columns if c.kind == "name"))


def _cells(stats: GroupStats, marked: MetricReport | GroupRow | MeasureRollup, with_cycles: bool) -> list[str | Text]:
    cells: list[str | Text] = [
        format_percent(stats.attainment_pct),
        Text("") if marked.mark is None else Text.from_markup(TABLE_MARK[marked.mark]),
        str(stats.met),
        str(stats.breached),
        str(stats.open),
    ]
    if with_cycles:
        cells.append(str(stats.no_cycle))
    times = (stats.p50_s, stats.p90_s, stats.wall_p50_s, stats.wall_p90_s)
    return cells + [format_duration(s, approximate=True) for s in times]
