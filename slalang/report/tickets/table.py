"""``slalang eval --format table``: evaluation results (their JSON objects) for people.

Four tables, each shown when it has rows: the metrics (one row per metric and measure,
and per cycle of a clock in cycles; ``Left`` is the counted time left on a run not
stopped), the escalations that fired, what is due next (each ticket's ``next_at`` and its
planned steps), and the tickets that failed. They fit the width given (``report.layout``);
instants are shown in ``zone`` (UTC by default).

The metrics table has a *Calendar* column (``office in Asia/Kathmandu``, or ``always``)
only when the calendar can differ from what the policy says for the SLA: when some row's
SLA chooses its calendar from the ticket (``calendar_chosen_by``) or some metric or
measure has its own calendar. Each clock's row names the calendar it counted on (its own,
else the SLA's); cycle rows leave it to their clock's row.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Collection, Sequence
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
    Column("Left", justify="right"),
)
CALENDAR_COLUMN = Column("Calendar", "text")


def calendar_text(calendar: str, zone: str) -> str:
    """A calendar and the zone it was read in, as a policy writes it (``office in Asia/Tokyo``);
    ``always`` alone, since it is open at every instant whatever the zone."""
    return calendar if calendar == "always" else f"{calendar} in {zone}"


def _shows_calendars(results: Sequence[dict[str, Any]], calendar_chosen_by: Collection[str]) -> bool:
    """Whether any governed result's SLA chooses its calendar from the ticket, or any of its
    clocks has a calendar of its own."""
    for result in results:
        if result.get("sla") is None or "error" in result:
            continue
        if result["sla"] in calendar_chosen_by or any("calendar" in m for m in result["metrics"].values()):
            return True
    return False


def render_table(
    results: Sequence[dict[str, Any]],
    color: bool = False,
    width: int = 140,
    zone: dt.tzinfo | None = None,
    calendar_chosen_by: Collection[str] = (),
) -> str:
    """Four tables (metrics, escalations, due next, errors), each shown when it has rows.
    ``calendar_chosen_by``: the SLAs whose calendar a field of the ticket chooses."""

    def status(text: str) -> Text:
        return Text(text, style=_STATUS_STYLE.get(text, "") if color else "")

    def instant(text: str | None) -> str:
        return "" if text is None else format_instant(parse_rfc3339(text), zone)

    with_calendar = _shows_calendars(results, calendar_chosen_by)
    metrics = FittedTable("Metrics", METRIC_COLUMNS + ((CALENDAR_COLUMN,) if with_calendar else ()), keys=3)

    def metric_row(*cells: str | Text, calendar: str = "") -> None:
        metrics.add_row(*cells, *((calendar,) if with_calendar else ()))

    escalations = FittedTable(
        "Escalations", (Column("Ticket", "name"), Column("Metric", "name"), Column("At"), Column("Actions", "text"))
    )
    due = FittedTable(
        "Due next",
        (Column("Ticket", "name"), Column("Next change"), Column("Planned at"), Column("Metric", "name"),
         Column("Actions", "text")),
    )
    errors = FittedTable("Errors", (Column("Ticket", "name"), Column("Line", justify="right"), Column("Error", "text")))
    for result in results:
        ticket_id = "" if result.get("id") is None else str(result["id"])
        if "error" in result:
            errors.add_row(ticket_id, str(result["line"]), result["error"])
            continue
        if result["sla"] is None:
            metric_row(ticket_id, "(none)", "", status("none"), "", "", "", "", "", "", "")
            continue
        for name, metric in result["metrics"].items():
            calendar = calendar_text(metric.get("calendar", result["calendar"]), metric.get("zone", result["zone"]))
            runs = [(name, metric)]
            if "cycles" in metric:
                metric_row(ticket_id, result["sla"], name, status(metric["status"]), *[""] * 7, calendar=calendar)
                runs = [(f"  cycle {n}", c) for n, c in enumerate(metric["cycles"], start=1)]
                calendar = ""
            for label, run in runs:
                if "start" not in run:  # a measure that never started: {"status": "none"}
                    metric_row(ticket_id, result["sla"], label, status(run["status"]), *[""] * 7, calendar=calendar)
                    continue
                metric_row(
                    ticket_id, result["sla"], label, status(run["status"]), instant(run["start"]),
                    instant(run["deadline"]), instant(run["stop"]), format_duration(run["target_s"]),
                    format_duration(run["counted_s"]), format_duration(run["paused_s"]),
                    format_duration(run["remaining_s"]) if "remaining_s" in run else "", calendar=calendar,
                )
        for escalation in result["escalations"]:
            escalations.add_row(
                ticket_id, escalation["metric"], instant(escalation["at"]), " and ".join(escalation["actions"])
            )
        next_at = instant(result.get("next_at"))
        for n, step in enumerate(result.get("planned", ())):
            due.add_row(ticket_id if n == 0 else "", next_at if n == 0 else "", instant(step["at"]), step["metric"],
                        " and ".join(step["actions"]))
        if next_at and not result.get("planned"):
            due.add_row(ticket_id, next_at, "", "", "")
    console = Console(
        file=io.StringIO(), width=width, color_system="standard" if color else None, force_terminal=color,
        highlight=False, emoji=False,
    )
    if not print_tables(console, (metrics, escalations, due, errors)):
        console.print("No tickets.")
    return console.file.getvalue()  # type: ignore[attr-defined]  # rich types file as IO[str]; it is our StringIO
