"""Inline SVG charts for the HTML report, written by hand: no assets, scripts or fonts to fetch.

Every chart is a standalone ``<svg>`` element with a ``<title>`` per mark, so a reader can
hover for the exact numbers, and with classes the tests and the page's CSS rely on.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ...attainment.breaches import WEEKDAYS
from ...attainment.figures import GoalMark, MetricReport
from ...units import format_duration, format_goal, format_percent

MARK_FILL = {GoalMark.MET: "#2e7d32", GoalMark.MISSED: "#c62828", GoalMark.NO_DATA: "#9e9e9e"}
UNDER_TARGET_FILL = "#3f7fbf"
OVER_TARGET_FILL = "#d9534f"
EMPTY_FILL = "#f1f3f5"
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"'


def metric_label(m: MetricReport) -> str:
    return f"{m.sla} · {m.metric}"


def attainment_chart(metrics: Sequence[MetricReport]) -> str:
    """Horizontal bars: attainment per SLA metric on a 0–100% track, a black tick at the goal."""
    label_w, track_x, track_w, value_w, row_h, top = 270, 280, 520, 160, 30, 24
    width = track_x + track_w + value_w
    height = top + row_h * len(metrics) + 24
    out = [_open("chart attainment-chart", "attainment-chart", width, height, "Attainment against goal per SLA metric")]
    for tick in (0, 25, 50, 75, 100):
        x = track_x + track_w * tick / 100
        out.append(
            f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 20}" stroke="#dee2e6" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{x:.1f}" y="{height - 6}" font-size="11" fill="#6c757d" text-anchor="middle">{tick}%</text>'
        )
    for i, m in enumerate(metrics):
        y = top + i * row_h
        pct = m.stats.attainment_pct
        tip = escape(
            f"{metric_label(m)}: {format_percent(pct)} attainment ({m.stats.met} met of {m.stats.decided} decided, "
            f"{m.stats.open} open), goal {format_goal(m.goal_pct)}: {m.mark.value}"
        )
        out.append(f'<g class="row" data-sla="{escape(m.sla)}" data-metric="{m.metric}" data-mark="{m.mark.value}">')
        out.append(f"<title>{tip}</title>")
        out.append(
            f'<text x="{label_w}" y="{y + 19}" font-size="13" text-anchor="end" fill="#212529">{escape(metric_label(m))}</text>'
        )
        out.append(f'<rect x="{track_x}" y="{y + 6}" width="{track_w}" height="18" rx="3" fill="{EMPTY_FILL}"/>')
        if pct is not None:
            bar_w = track_w * pct / 100
            out.append(
                f'<rect class="bar" x="{track_x}" y="{y + 6}" width="{bar_w:.1f}" height="18" rx="3" '
                f'fill="{MARK_FILL[m.mark]}"/>'
            )
        goal_x = track_x + track_w * m.goal_pct / 100
        out.append(
            f'<line class="goal" x1="{goal_x:.1f}" y1="{y + 2}" x2="{goal_x:.1f}" y2="{y + 28}" stroke="#111" stroke-width="3"/>'
        )
        value = (
            f"{format_percent(pct)} / goal {format_goal(m.goal_pct)}"
            if pct is not None
            else f"no data / goal {format_goal(m.goal_pct)}"
        )
        out.append(
            f'<text x="{track_x + track_w + 10}" y="{y + 19}" font-size="12" fill="{MARK_FILL[m.mark]}" '
            f'font-weight="600">{escape(value)}</text>'
        )
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def histogram_chart(m: MetricReport) -> str:
    """Time-to-stop distribution of one SLA metric, in bins relative to its target."""
    width, height, left, right, top, bottom = 330, 190, 34, 10, 34, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    bins = m.histogram
    peak = max((b.count for b in bins), default=0)
    bar_w = plot_w / len(bins) if bins else plot_w
    title = metric_label(m)
    p50, p90 = (format_duration(s, approximate=True) for s in (m.stats.p50_s, m.stats.p90_s))
    stats = f"n={m.stats.stops} · p50 {p50} · p90 {p90}"
    out = [_open("chart histogram", None, width, height, f"Time to stop, {title}")]
    out.append(f'<text x="{left}" y="14" font-size="13" font-weight="600" fill="#212529">{escape(title)}</text>')
    out.append(f'<text x="{left}" y="28" font-size="11" fill="#495057">{escape(stats)}</text>')
    out.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#adb5bd"/>')
    out.append(f'<text x="{left - 4}" y="{top + 8}" font-size="10" fill="#6c757d" text-anchor="end">{peak}</text>')
    out.append(f'<text x="{left - 4}" y="{top + plot_h}" font-size="10" fill="#6c757d" text-anchor="end">0</text>')
    for i, b in enumerate(bins):
        x = left + i * bar_w
        h = plot_h * b.count / peak if peak else 0
        upper = format_duration(b.to_s, approximate=True) if b.to_s is not None else "more"
        lower = format_duration(b.from_s, approximate=True)
        tip = escape(f"{lower} – {upper}: {b.count}" + (" (over target)" if b.over_target else ""))
        fill = OVER_TARGET_FILL if b.over_target else UNDER_TARGET_FILL
        out.append(
            f'<rect class="bin" x="{x + 1:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
            f'fill="{fill}" data-count="{b.count}"><title>{tip}</title></rect>'
        )
    target_index = next((i for i, b in enumerate(bins) if b.over_target), len(bins))
    tx = left + target_index * bar_w
    out.append(
        f'<line class="target" x1="{tx:.1f}" y1="{top - 2}" x2="{tx:.1f}" y2="{top + plot_h + 4}" '
        f'stroke="#111" stroke-dasharray="4 3" stroke-width="1.5"/>'
    )
    label_y = top + plot_h + 16
    out.append(f'<text x="{left}" y="{label_y}" font-size="10" fill="#6c757d">0</text>')
    out.append(
        f'<text x="{tx:.1f}" y="{label_y}" font-size="10" fill="#111" text-anchor="middle">'
        f"target {escape(format_duration(m.target_s))}</text>"
    )
    out.append(
        f'<text x="{left + plot_w}" y="{label_y}" font-size="10" fill="#6c757d" text-anchor="end">'
        f"&gt;{escape(format_duration(2 * m.target_s))}</text>"
    )
    out.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 4}" font-size="10" fill="#6c757d" text-anchor="middle">'
        "counted time from start to stop</text>"
    )
    out.append("</svg>")
    return "".join(out)


def breakdown_heatmap(metrics: Sequence[MetricReport], kind: str, groups: Sequence[str]) -> str:
    """A grid: one row per SLA metric, one column per group of the breakdown ``kind``
    (segment, priority, month, a field) in the order given, each cell the group's
    attainment coloured by whether it meets the metric's goal."""
    label_w, cell_w, cell_h, top = 280, 96, 28, 30
    width = label_w + cell_w * max(1, len(groups)) + 10
    height = top + cell_h * len(metrics) + 8
    ident = "".join(c if c.isalnum() else "-" for c in kind)
    out = [_open(f"chart heatmap {ident}-heatmap", f"{ident}-heatmap", width, height, f"Attainment by {kind}")]
    for j, group in enumerate(groups):
        x = label_w + j * cell_w + cell_w / 2
        out.append(
            f'<text x="{x:.1f}" y="{top - 10}" font-size="12" font-weight="600" text-anchor="middle" fill="#212529">'
            f"{escape(group)}</text>"
        )
    for i, m in enumerate(metrics):
        y = top + i * cell_h
        out.append(
            f'<text x="{label_w - 10}" y="{y + 18}" font-size="12" text-anchor="end" fill="#212529">{escape(metric_label(m))}</text>'
        )
        rows = {r.group: r for r in m.rows(kind)}
        for j, group in enumerate(groups):
            x = label_w + j * cell_w
            row = rows.get(group)
            if row is None:
                out.append(
                    f'<rect x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" height="{cell_h - 2}" fill="{EMPTY_FILL}">'
                    f"<title>{escape(metric_label(m))} · {escape(group)}: no tickets</title></rect>"
                )
                continue
            s = row.stats
            tip = escape(
                f"{metric_label(m)} · {group}: {format_percent(s.attainment_pct)} ({s.met} met of {s.decided} decided, "
                f"{s.open} open), goal {format_goal(m.goal_pct)}: {row.mark.value}"
            )
            out.append(
                f'<g class="cell" data-group="{escape(group)}" data-mark="{row.mark.value}"><title>{tip}</title>'
                f'<rect x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" height="{cell_h - 2}" rx="3" fill="{MARK_FILL[row.mark]}"/>'
                f'<text x="{x + cell_w / 2:.1f}" y="{y + 18}" font-size="12" text-anchor="middle" fill="#fff" font-weight="600">'
                f"{escape(format_percent(s.attainment_pct) if s.decided else 'no data')}</text></g>"
            )
    out.append("</svg>")
    return "".join(out)


def weekday_hour_heatmap(counts: Sequence[Sequence[int]], zone: str) -> str:
    """Seven rows (Monday first) of 24 hours: each cell's shade grows with its breaches."""
    label_w, cell_w, cell_h, top = 48, 30, 26, 26
    width = label_w + 24 * cell_w + 60
    height = top + 7 * cell_h + 8
    peak = max((n for row in counts for n in row), default=0)
    out = [_open("chart heatmap breach-heatmap", "breach-heatmap", width, height,
                 f"Breaches by weekday and hour of the missed deadline ({zone})")]
    for hour in range(24):
        x = label_w + hour * cell_w + cell_w / 2
        out.append(f'<text x="{x:.1f}" y="{top - 8}" font-size="11" text-anchor="middle" fill="#495057">{hour:02d}</text>')
    for day, (name, row) in enumerate(zip(WEEKDAYS, counts, strict=True)):
        y = top + day * cell_h
        out.append(f'<text x="{label_w - 8}" y="{y + 17}" font-size="12" text-anchor="end" fill="#212529">{name}</text>')
        for hour, n in enumerate(row):
            x = label_w + hour * cell_w
            shade = 0.12 + 0.88 * n / peak if n and peak else 0.0
            fill = f'fill="{OVER_TARGET_FILL}" fill-opacity="{shade:.2f}"' if n else f'fill="{EMPTY_FILL}"'
            tip = f"{name} {hour:02d}:00–{hour:02d}:59 ({zone}): {n} breach{'es' if n != 1 else ''}"
            label = (
                f'<text x="{x + cell_w / 2:.1f}" y="{y + 17}" font-size="11" text-anchor="middle" '
                f'fill="{"#fff" if shade > 0.55 else "#212529"}">{n}</text>'
                if n else ""
            )
            out.append(
                f'<g class="cell" data-day="{name}" data-hour="{hour}" data-count="{n}"><title>{escape(tip)}</title>'
                f'<rect x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" height="{cell_h - 2}" rx="2" {fill}/>{label}</g>'
            )
        out.append(
            f'<text x="{label_w + 24 * cell_w + 8}" y="{y + 17}" font-size="12" fill="#495057">{sum(row)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def _open(css_class: str, element_id: str | None, width: int, height: int, label: str) -> str:
    ident = f' id="{element_id}"' if element_id else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}"{ident} width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}" {FONT}>'
    )
