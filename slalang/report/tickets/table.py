"""``slalang eval --format table``: evaluation results (their JSON objects) for people.

Three tables, each shown when it has rows: the metrics (one row per metric, and per
next_response cycle), the escalations that fired, and the tickets that failed.
"""

from __future__ import annotations

import io
from typing import Any, Sequence

from ...units import format_duration

_STATUS_STYLE = {"met": "green", "breached": "bold red", "running": "yellow", "paused": "cyan", "none": "dim"}


def render_table(results: Sequence[dict[str, Any]], color: bool = False, width: int = 140) -> str:
    """Three tables (metrics, escalations, errors), each shown when it has rows."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    def status(text: str) -> Text:
        return Text(text, style=_STATUS_STYLE.get(text, "")) if color else Text(text)

    metrics = Table(title="Metrics", header_style="bold" if color else "")
    for column in ("Ticket", "SLA", "Metric", "Status", "Start", "Deadline", "Stop", "Target", "Counted", "Paused"):
        metrics.add_column(column, overflow="fold", no_wrap=column in ("Start", "Deadline", "Stop"))
    escalations = Table(title="Escalations", header_style="bold" if color else "")
    for column in ("Ticket", "Metric", "At", "Actions"):
        escalations.add_column(column, overflow="fold")
    errors = Table(title="Errors", header_style="bold" if color else "")
    for column in ("Ticket", "Line", "Error"):
        errors.add_column(column, overflow="fold")
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
                metrics.add_row(
                    ticket_id, result["sla"], label, status(run["status"]), run["start"], run["deadline"] or "",
                    run["stop"] or "", format_duration(run["target_s"]), format_duration(run["counted_s"]),
                    format_duration(run["paused_s"]),
                )
        for escalation in result["escalations"]:
            escalations.add_row(ticket_id, escalation["metric"], escalation["at"], " and ".join(escalation["actions"]))
    console = Console(file=io.StringIO(), width=width, color_system="standard" if color else None, force_terminal=color)
    shown = False
    for table in (metrics, escalations, errors):
        if table.row_count:
            console.print(table)
            shown = True
    if not shown:
        console.print("No tickets.")
    return console.file.getvalue()  # type: ignore[attr-defined]
