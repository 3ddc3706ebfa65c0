"""``slalang due --format table``: the queue for people.

A summary line says how many tickets are breached, how many breach within the hour, and
what is next; then one row per ticket in queue order. The first column says at a glance
where a row stands: ``BREACHED`` (its deadline is past), ``< 1h`` (it breaches within the
hour) or nothing; on a terminal those rows are red and yellow. ``When`` is wall-clock time
from ``now`` to the deadline (``overdue 2h 5m``, ``in 35m``), ``Left`` the counted time
still left on the clock (what the calendar and pauses will let run), ``Next step`` the
ticket's first planned escalation.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from rich.console import Console
from rich.text import Text

from ...evaluation.due import DueRow
from ...evaluation.instants import parse_rfc3339
from ...units import format_duration, format_instant
from ..layout import Column, FittedTable, print_tables

HOUR_S = 3600
_STANDING_STYLE = {"BREACHED": "bold red", "< 1h": "yellow"}
COLUMNS = (
    Column(""),
    Column("Ticket", "name"),
    Column("SLA", "name"),
    Column("Metric", "name"),
    Column("Deadline"),
    Column("When"),
    Column("Left", justify="right"),
    Column("Next step", "text"),
)


def standing(row: DueRow, now_s: int) -> str:
    """``BREACHED``, ``< 1h`` or ``""``: where a row stands at ``now``."""
    deadline_s = row.deadline_s
    if deadline_s is None:
        return ""
    if deadline_s < now_s:  # ``now`` past the deadline (at the deadline it is not past it yet)
        return "BREACHED"
    return "< 1h" if deadline_s - now_s <= HOUR_S else ""


def wall_clock(row: DueRow, now_s: int) -> str:
    """``overdue 2h 5m`` / ``in 35m`` / ``now`` (rounded to the unit below the largest)."""
    deadline_s = row.deadline_s
    if deadline_s is None:
        return "never"
    if deadline_s == now_s:
        return "now"
    if deadline_s < now_s:
        return "overdue " + format_duration(now_s - deadline_s, approximate=True)
    return "in " + format_duration(deadline_s - now_s, approximate=True)


def summary_line(rows: Sequence[DueRow], now_s: int) -> str:
    marks = [standing(row, now_s) for row in rows]
    breached = marks.count("BREACHED")
    soon = marks.count("< 1h")
    later = [row for row, mark in zip(rows, marks, strict=True) if mark == ""]
    parts = [f"{breached} breached", f"{soon} breach{'es' if soon == 1 else ''} within the hour"]
    if later and later[0].deadline is not None:
        parts.append(f"next after that: {later[0].id} {wall_clock(later[0], now_s)}")
    return ", ".join(parts)


def render_due(
    rows: Sequence[DueRow], now_s: int, color: bool = False, width: int = 140, zone: dt.tzinfo | None = None
) -> str:
    """The summary line and the table (``No ticket has a clock running.`` without rows);
    instants in ``zone`` (UTC by default)."""

    def instant(text: str | None) -> str:
        return "" if text is None else format_instant(parse_rfc3339(text), zone)

    console = Console(
        file=io.StringIO(), width=width, color_system="standard" if color else None, force_terminal=color,
        highlight=False, emoji=False,
    )
    if not rows:
        console.print("No ticket has a clock running.")
        return console.file.getvalue()  # type: ignore[attr-defined]
    console.print(summary_line(rows, now_s))
    table = FittedTable("", COLUMNS, keys=2)
    for row in rows:
        mark = standing(row, now_s)
        style = _STANDING_STYLE.get(mark, "") if color else ""
        step = row.next_step
        next_text = "" if step is None else f"{instant(step['at'])} {step['metric']}: {' and '.join(step['actions'])}"
        table.add_row(
            Text(mark, style=style), Text("" if row.id is None else str(row.id), style=style), row.sla, row.metric,
            instant(row.deadline), Text(wall_clock(row, now_s), style=style), format_duration(row.remaining_s), next_text,
        )
    print_tables(console, (table,))
    return console.file.getvalue()  # type: ignore[attr-defined]
