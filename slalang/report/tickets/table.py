"""``slalang eval --format table``: evaluation results (their JSON objects) for people.

Three tables, each shown when it has rows: the metrics (one row per metric, and per
next_response cycle), the escalations that fired, and the tickets that failed. They fit
the width given (``report.layout``); instants are shown in ``zone`` (UTC by default).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.text import Text

from ...evaluation.instants import parse_rfc3339
from ...units import format_duration, format_instant
from ..layout import Column, FittedTable, print_tables

_STATUS_STYLE = {"met": "green", "breached": "bold red", "running": "yellow", "paused": "cyan", "none": "dim"}

METRIC_COLUMNS = (
    Column("Ticket", "name"),
    Column("SLA", "name"),
    Column("Metric", "name"),
    Column("Status"),
    Column("Start"),
    Column("Deadline"),
    Column("Stop"),
    Column("Target", justify="right"),
    Column("Counted", justify="right"),
    Column("Paused", justify="right"),
)


def render_table(
    results: Sequence[dict[str, Any]], color: bool = False, width: int = 140, zone: dt.tzinfo | None = None
) -> str:
    """Three tables (metrics, escalations, errors), each shown when it has rows."""

    def status(text: str) -> Text:
        return Text(text, style=_STATUS_STYLE.get(text, "") if color else "")

    def instant(text: str | None) -> str:
        return "" if text is None else format_instant(parse_rfc3339(text), zone)

    metrics = FittedTable("Metrics", METRIC_COLUMNS, keys=3)
    escalations = FittedTable(
        "Escalations", (Column("Ticket", "name"), Column("Metric", "name"), Column("At"), Column("Actions", "text"))
    )
    errors = FittedTable("Errors", (Column("Ticket", "name"), Column("Line", justify="right"), Column("Error", "text")))
    for result in results:
        ticket_id = "" if result.get("id") is None else str(result["id"])
        if "error" in result:
            errors.add_row(ticket_id, str(result["line"]), result["error"])
            continue
        if result["sla"] is None:
            metrics.add_row(ticket_id, "(none)", "", status("none"), "", "", "", "", "", "")
            continue
        for name, metric in result["metrics"].items():
            runs = [(name, metric)]
            if "cycles" in metric:
                metrics.add_row(ticket_id, result["sla"], name, status(metric["status"]), *[""] * 6)
                runs = [(f"  cycle {n}", c) for n, c in enumerate(metric["cycles"], start=1)]
            for label, run in runs:
                if "start" not in run:  # a measure that never started: {"status": "none"}
                    metrics.add_row(ticket_id, result["sla"], label, status(run["status"]), *[""] * 6)
                    continue
                metrics.add_row(
                    ticket_id, result["sla"], label, status(run["status"]), instant(run["start"]),
                    instant(run["deadline"]), instant(run["stop"]), format_duration(run["target_s"]),
                    format_duration(run["counted_s"]), format_duration(run["paused_s"]),
                )
        for escalation in result["escalations"]:
            escalations.add_row(
                ticket_id, escalation["metric"], instant(escalation["at"]), " and ".join(escalation["actions"])
            )
    console = Console(
        file=io.StringIO(), width=width, color_system="standard" if color else None, force_terminal=color,
        highlight=False, emoji=False,
    )
    if not print_tables(console, (metrics, escalations, errors)):
        console.print("No tickets.")
    return console.file.getvalue()  # type: ignore[attr-defined]  # rich types file as IO[str]; it is our StringIO
