"""Inline SVG charts of credits and availability for the HTML report (no assets, no script).

- ``attainment_chart``: one bar per account and period with its attainment, against the
  credit tiers (a dashed line at each threshold); a bar's colour says what it earned.
- ``uptime_chart``: one bar per period with its uptime, against the objective.
- ``outage_timeline``: the down time of a service (the union of its outages) on a time axis
  from the first period reported to ``now``, with the period boundaries.

Every mark has a ``<title>`` with its exact numbers, as the attainment report's charts do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from ...credits import AvailabilityRow
from ...evaluation import format_utc
from ...model import Availability, Credit, CreditTier
from ...units import format_duration, format_goal
from ..attainment.svg import FONT
from .columns import account_text, credit_text, share_text

NO_CREDIT_FILL = "#2e7d32"
CREDIT_FILLS = ("#f9a825", "#ef6c00", "#c62828", "#8e0000")  # worse tiers darker
NO_DATA_FILL = "#9e9e9e"
DOWN_FILL = "#c62828"
MAX_BARS = 60
"""Bars drawn per chart; the table below a chart lists every row."""


def _open(css_class: str, width: int, height: int, label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}" {FONT}>'
    )


STEPS = (10.0, 5.0, 2.0, 1.0, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01)


def _axis(values: Sequence[float]) -> tuple[float, float]:
    """(floor, step) of the percentage axis: from a round number a little below the lowest
    bar or line, up to 100%, in at most ten steps (so 99.84% and 99.9% are told apart)."""
    lowest = min([*values, 100.0])
    span = max(100.0 - lowest, 0.01) * 1.25
    step = next((s for s in reversed(STEPS) if span / s <= 10), STEPS[0])
    floor = max(0.0, (100.0 - span) // step * step)
    return floor, step


def _fill(credit_pct: float, tiers: Sequence[CreditTier], share: float | None) -> str:
    if share is None:
        return NO_DATA_FILL
    if not credit_pct:
        return NO_CREDIT_FILL
    ranks = sorted({t.credit_pct for t in tiers})
    rank = next((i for i, c in enumerate(ranks) if c >= credit_pct), len(ranks) - 1)
    return CREDIT_FILLS[min(rank, len(CREDIT_FILLS) - 1)]


def _bars(
    css_class: str,
    label: str,
    items: Sequence[tuple[str, float | None, str, str]],
    lines: Sequence[tuple[float, str]],
    digits: int,
) -> str:
    """Horizontal bars: ``items`` are (label, share, fill, tooltip); ``lines`` (percent, label)
    are drawn across every row (tiers, an objective); values written to ``digits`` decimals."""
    shown = list(items[:MAX_BARS])
    label_w, track_x, track_w, value_w, row_h, top = 230, 240, 520, 110, 24, 34
    width = track_x + track_w + value_w
    height = top + row_h * max(1, len(shown)) + 30
    floor, step = _axis([100 * s for _, s, _, _ in shown if s is not None] + [p for p, _ in lines])

    def x_of(pct: float) -> float:
        return track_x + track_w * (max(pct, floor) - floor) / (100 - floor)

    out = [_open(f"chart {css_class}", width, height, label)]
    ticks = int(round((100 - floor) / step))
    for k in range(ticks + 1):
        tick = floor + k * step
        out.append(f'<line x1="{x_of(tick):.1f}" y1="{top - 4}" x2="{x_of(tick):.1f}" y2="{height - 24}" stroke="#dee2e6"/>')
        out.append(f'<text x="{x_of(tick):.1f}" y="{height - 10}" font-size="11" fill="#6c757d" '
                   f'text-anchor="middle">{round(tick, 2):g}%</text>')
    for i, (name, share, fill, tip) in enumerate(shown):
        y = top + i * row_h
        out.append(f'<g class="row"><title>{escape(tip)}</title>')
        out.append(f'<text x="{label_w}" y="{y + 16}" font-size="12" text-anchor="end" fill="#212529">{escape(name)}</text>')
        out.append(f'<rect x="{track_x}" y="{y + 4}" width="{track_w}" height="16" rx="3" fill="#f1f3f5"/>')
        if share is not None:
            out.append(f'<rect class="bar" x="{track_x}" y="{y + 4}" width="{x_of(100 * share) - track_x:.1f}" '
                       f'height="16" rx="3" fill="{fill}"/>')
        value = share_text(share, digits)
        out.append(f'<text x="{track_x + track_w + 8}" y="{y + 16}" font-size="12" fill="{fill}" '
                   f'font-weight="600">{escape(value)}</text></g>')
    for pct, text in lines:
        x = x_of(pct)
        out.append(f'<g class="threshold"><title>{escape(text)}</title>'
                   f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 24}" stroke="#111" '
                   f'stroke-width="1.5" stroke-dasharray="4 3"/>'
                   f'<text x="{x:.1f}" y="{top - 10}" font-size="10" fill="#111" text-anchor="middle">'
                   f'{escape(format_goal(pct))}</text></g>')
    if len(items) > len(shown):
        out.append(f'<text x="{track_x}" y="{height - 2}" font-size="11" fill="#6c757d">… and '
                   f'{len(items) - len(shown)} more in the table</text>')
    out.append("</svg>")
    return "".join(out)


def attainment_chart(credit: Credit, rows: Sequence[Mapping[str, Any]]) -> str:
    """Attainment per account and period of one credit declaration, against its tiers."""
    items = []
    for row in rows:
        name = f"{account_text(row['account'])} · {row['period']}"
        earned = credit_text(row["credit_pct"]) + (f" ({row['tier']})" if row["tier"] else "")
        tip = (f"{name}: {share_text(row['attainment'], 2)} of {row['runs']} decided runs; credit {earned}"
               + (f"; {row['reason']}" if row["reason"] else ""))
        fill = NO_DATA_FILL if row["reason"] else _fill(row["credit_pct"], credit.tiers, row["attainment"])
        items.append((name, row["attainment"], fill, tip))
    lines = [(t.below_pct, f"below {format_goal(t.below_pct)}: credit {format_goal(t.credit_pct)}") for t in credit.tiers]
    return _bars("credit-chart", f"Attainment per account and period, credit {credit.name}", items, lines, 2)


def uptime_chart(availability: Availability, rows: Sequence[AvailabilityRow]) -> str:
    """Uptime per period of one availability declaration, against its objective and tiers."""
    items = []
    for row in rows:
        share = None if row.uptime is None else float(row.uptime)
        tip = (f"{row.period}: uptime {share_text(share, 4)}, down {format_duration(row.down_s)} of "
               f"{format_duration(row.open_s)} open; credit {credit_text(row.credit_pct)}")
        if share is None:
            fill = NO_DATA_FILL
        elif row.credit_pct:
            fill = _fill(row.credit_pct, availability.tiers, share)
        else:
            fill = NO_CREDIT_FILL if row.met else CREDIT_FILLS[0]  # missed, but no tier applies
        items.append((row.period, share, fill, tip))
    lines = [(availability.objective_pct, f"objective {format_goal(availability.objective_pct)}")]
    lines += [(t.below_pct, f"below {format_goal(t.below_pct)}: credit {format_goal(t.credit_pct)}")
              for t in availability.tiers if t.below_pct != availability.objective_pct]
    return _bars("uptime-chart", f"Uptime per period, {availability.name}", items, lines, 4)


def outage_timeline(service: str, rows: Sequence[AvailabilityRow], down: Sequence[tuple[int, int]], now_s: int) -> str:
    """Down time of ``service`` from the start of its first period to ``now``."""
    width, left, right, height = 900, 20, 20, 78
    if not rows:
        return ""
    low, high = rows[0].start_s, max(now_s, rows[0].start_s + 1)
    track_w = width - left - right

    def x_of(instant: int) -> float:
        return left + track_w * (min(max(instant, low), high) - low) / (high - low)

    out = [_open("chart outage-timeline", width, height, f"Outages of {service} over time")]
    out.append(f'<rect x="{left}" y="16" width="{track_w}" height="26" fill="#e8f5e9"/>')
    for row in rows:
        x = x_of(row.start_s)
        out.append(f'<line x1="{x:.1f}" y1="10" x2="{x:.1f}" y2="48" stroke="#adb5bd"/>'
                   f'<text x="{x + 3:.1f}" y="60" font-size="11" fill="#495057">{escape(row.period)}</text>')
    for a, b in down:
        tip = f"down {format_utc(a)} – {format_utc(b)} ({format_duration(b - a)} wall clock)"
        width_px = max(2.0, x_of(b) - x_of(a))
        out.append(f'<rect class="down" x="{x_of(a):.1f}" y="16" width="{width_px:.1f}" height="26" '
                   f'fill="{DOWN_FILL}"><title>{escape(tip)}</title></rect>')
    out.append(f'<text x="{width - right}" y="74" font-size="11" fill="#6c757d" text-anchor="end">'
               f'now {escape(format_utc(now_s))}</text>')
    out.append("</svg>")
    return "".join(out)
