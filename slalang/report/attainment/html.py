"""A self-contained HTML page for an attainment report: inline CSS and inline SVG charts.

The page loads nothing: no script, stylesheet, font or image from anywhere, so it can be
attached to a ticket, mailed, or opened offline.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from ...attainment.figures import AttainmentReport, GoalMark, GroupRow, GroupStats, MetricReport
from ...units import format_duration, format_goal, format_percent, rezone
from . import phrases
from .marks import HTML_MARK
from .svg import attainment_chart, breakdown_heatmap, histogram_chart, weekday_hour_heatmap

CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0;
       background: #f8f9fa; color: #212529; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 32px 48px; }
h1 { font-size: 26px; margin: 8px 0 4px; }
h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 1px solid #dee2e6; padding-bottom: 4px; }
p.note { color: #495057; font-size: 13px; margin: 4px 0 12px; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 16px 0; }
.card { background: #fff; border: 1px solid #dee2e6; border-radius: 8px; padding: 10px 16px; min-width: 120px; }
.card .n { font-size: 24px; font-weight: 700; }
.card .l { font-size: 12px; color: #6c757d; text-transform: uppercase; letter-spacing: .04em; }
.card.bad .n { color: #c62828; }
.card.good .n { color: #2e7d32; }
.panel { background: #fff; border: 1px solid #dee2e6; border-radius: 8px; padding: 12px; overflow-x: auto; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 12px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; background: #fff; }
th, td { padding: 5px 8px; border-bottom: 1px solid #e9ecef; text-align: left; white-space: nowrap; }
th { background: #f1f3f5; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; border-radius: 10px; padding: 1px 8px; font-size: 12px; font-weight: 600; }
.badge.met { background: #e8f5e9; color: #1b5e20; }
.badge.missed { background: #ffebee; color: #b71c1c; }
.badge.nodata { background: #eceff1; color: #546e7a; }
ul.errors { font-size: 13px; }
"""


MAX_BREACHES_LISTED = 5000
"""The page lists this many breaches at most (``--breaches FILE`` writes every one as CSV)."""


def render_report_html(report: AttainmentReport, zone: dt.tzinfo | None = None) -> str:
    title = phrases.policy_title(report.policy_name, report.policy_version)
    missed = len(report.goals_missed)
    judged = sum(1 for m in report.metrics if m.stats.decided)
    cards = [
        ("tickets", report.tickets, ""),
        ("evaluated", report.evaluated, ""),
        ("failed", report.failed, "bad" if report.failed else ""),
        ("no SLA", report.no_sla, ""),
        ("goals missed", f"{missed} / {judged}", "bad" if missed else "good"),
    ]
    body = [
        f"<h1>SLA attainment: {escape(title)}</h1>",
        f'<p class="note">{escape(phrases.report_summary(report, zone=zone))}</p>',
        '<div class="cards">'
        + "".join(
            f'<div class="card {cls}"><div class="n">{escape(str(n))}</div><div class="l">{label}</div></div>'
            for label, n, cls in cards
        )
        + "</div>",
        "<h2>Attainment against goal</h2>",
        f'<p class="note">{escape(phrases.COUNTING_RULE)} The black tick is the goal.</p>',
        f'<div class="panel">{attainment_chart(report.metrics)}</div>',
        _metrics_table(report),
        *_rollups_section(report),
        "<h2>Time to stop</h2>",
        '<p class="note">Counted time from start to stop of every stopped metric (each cycle for next_response), '
        "in bins relative to the target; red bins are past the target (breaches). The tables give the wall-clock "
        "time beside it.</p>",
        '<div class="grid">'
        + "".join(f'<div class="panel">{histogram_chart(m)}</div>' for m in report.metrics)
        + "</div>",
    ]
    for breakdown, title, noun in phrases.breakdowns(report):
        groups = report.groups(breakdown)
        if not groups:
            continue
        where = {
            "segment": "Each ticket counts in every segment it was in when created",
            "priority": "Each ticket counts in the priority it had when created",
            "month": f"Each ticket counts in the month it was created in ({report.zone})",
        }.get(breakdown, f"Each ticket counts under the value of {breakdown} it had when created")
        body += [
            f"<h2>{escape(title)}</h2>",
            f'<p class="note">{escape(where)}; a cell is green when that group meets the metric\'s goal, red when '
            "it misses it, grey without decided tickets.</p>",
            f'<div class="panel">{breakdown_heatmap(report.metrics, breakdown, groups)}</div>',
            _breakdown_table(report, breakdown, noun, groups),
        ]
    if report.breaches:
        body += [
            f"<h2>Breaches by weekday and hour ({escape(report.zone)})</h2>",
            f'<p class="note">{escape(phrases.HEATMAP_RULE)} Darker cells hold more breaches.</p>',
            f'<div class="panel">{weekday_hour_heatmap(report.breach_heatmap, report.zone)}</div>',
            f"<h2>Breaches ({len(report.breaches)})</h2>",
            _breaches_table(report, zone),
        ]
    if report.failed:
        items = "".join(
            f"<li><code>{escape(e.id or '?')}</code>{f' (line {e.line})' if e.line else ''}: {escape(e.error)}</li>"
            for e in report.errors
        )
        more = f"<li>… and {report.failed - len(report.errors)} more</li>" if report.failed > len(report.errors) else ""
        body += ["<h2>Failed tickets</h2>", f'<ul class="errors">{items}{more}</ul>']
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>SLA attainment: {escape(title)}</title><style>{CSS}</style></head>"
        f"<body><main>{''.join(body)}</main></body></html>\n"
    )


def _badge(mark: GoalMark | None) -> str:
    if mark is None:
        return "—"
    cls, text = HTML_MARK[mark]
    return f'<span class="badge {cls}">{text}</span>'


NUMBER_HEADERS = '<th class="num">Attainment</th><th>Goal met?</th>' + "".join(
    f'<th class="num">{h}</th>'
    for h in ("Met", "Breached", "Open", "No cycle", "p50 counted", "p90 counted", "p50 wall", "p90 wall")
)


def _stat_cells(stats: GroupStats, mark: GoalMark | None) -> str:
    rest = (
        stats.met,
        stats.breached,
        stats.open,
        stats.no_cycle,
        format_duration(stats.p50_s, approximate=True),
        format_duration(stats.p90_s, approximate=True),
        format_duration(stats.wall_p50_s, approximate=True),
        format_duration(stats.wall_p90_s, approximate=True),
    )
    return f'<td class="num">{format_percent(stats.attainment_pct)}</td><td>{_badge(mark)}</td>' + "".join(
        f'<td class="num">{escape(str(v))}</td>' for v in rest
    )


def _metrics_table(report: AttainmentReport) -> str:
    rows = "".join(
        f"<tr><td><code>{escape(m.sla)}</code></td><td>{m.metric}</td>"
        f'<td class="num">{format_duration(m.target_s)}</td><td class="num">{format_goal(m.goal_pct)}</td>'
        f"{_stat_cells(m.stats, m.mark)}</tr>"
        for m in report.metrics
    )
    head = (
        '<tr><th>SLA</th><th>Metric</th><th class="num">Target</th><th class="num">Goal</th>' + NUMBER_HEADERS + "</tr>"
    )
    return f'<div class="panel" style="margin-top:12px"><table class="attainment">{head}{rows}</table></div>'


def _rollups_section(report: AttainmentReport) -> list[str]:
    """The measures several SLAs declare, each rolled up across them; nothing when there is none."""
    if not report.measure_rollups:
        return []
    rows = "".join(
        f"<tr><td><code>{escape(r.measure)}</code></td>"
        f"<td>{', '.join(f'<code>{escape(sla)}</code>' for sla in r.slas)}</td>"
        f'<td class="num">{phrases.rollup_goal(r.goal_pct)}</td>{_stat_cells(r.stats, r.mark)}</tr>'
        for r in report.measure_rollups
    )
    head = '<tr><th>Measure</th><th>SLAs</th><th class="num">Goal</th>' + NUMBER_HEADERS + "</tr>"
    return [
        "<h2>Measures across SLAs</h2>",
        f'<p class="note">{escape(phrases.ROLLUP_RULE)}</p>',
        f'<div class="panel"><table class="rollups">{head}{rows}</table></div>',
    ]


def _breakdown_table(report: AttainmentReport, breakdown: str, noun: str, groups: list[str]) -> str:
    order = {group: n for n, group in enumerate(groups)}
    pairs: list[tuple[MetricReport, GroupRow]] = sorted(
        ((m, r) for m in report.metrics for r in m.rows(breakdown)),
        key=lambda pair: (report.metrics.index(pair[0]), order[pair[1].group]),
    )
    rows = "".join(
        f"<tr><td><code>{escape(m.sla)}</code></td><td>{m.metric}</td><td>{escape(r.group)}</td>"
        f'<td class="num">{format_goal(m.goal_pct)}</td>{_stat_cells(r.stats, r.mark)}</tr>'
        for m, r in pairs
    )
    head = f'<tr><th>SLA</th><th>Metric</th><th>{escape(noun)}</th><th class="num">Goal</th>' + NUMBER_HEADERS + "</tr>"
    return (
        f'<details style="margin-top:12px"><summary>{escape(noun)} table</summary>'
        f'<div class="panel"><table class="breakdown">{head}{rows}</table></div></details>'
    )


def _breaches_table(report: AttainmentReport, zone: dt.tzinfo | None) -> str:
    """Every breach (up to MAX_BREACHES_LISTED): ticket id, SLA, metric, start, deadline,
    stop, how late (wall clock), counted time and target."""
    shown = report.breaches[:MAX_BREACHES_LISTED]
    rows = "".join(
        f"<tr><td><code>{escape(b.id or '?')}</code></td><td><code>{escape(b.sla)}</code></td>"
        f"<td>{escape(phrases.breach_metric(b))}</td><td>{escape(rezone(b.start, zone) or '')}</td>"
        f"<td>{escape(rezone(b.deadline, zone) or '')}</td><td>{escape(rezone(b.stop, zone) or 'open')}</td>"
        f'<td class="num">{escape(phrases.late_by(b))}</td><td class="num">{format_duration(b.counted_s)}</td>'
        f'<td class="num">{format_duration(b.target_s)}</td></tr>'
        for b in shown
    )
    head = (
        "<tr><th>Ticket</th><th>SLA</th><th>Metric</th><th>Start</th><th>Deadline</th><th>Stop</th>"
        '<th class="num">Late by</th><th class="num">Counted</th><th class="num">Target</th></tr>'
    )
    more = len(report.breaches) - len(shown)
    note = f'<p class="note">… and {more} more.</p>' if more > 0 else ""
    return f'<div class="panel"><table class="breaches">{head}{rows}</table>{note}</div>'

