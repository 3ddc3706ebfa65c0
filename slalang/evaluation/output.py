"""Result encodings for ``slalang eval``: JSON Lines, CSV and a table for people.

All three carry the same facts. JSON Lines is evaluation.md's output, one object per
ticket. CSV has one row per fact, the ``row`` column saying which:

- ``metric``: first_response or resolution with all their fields; for next_response
  only its rolled-up status, its cycles following as
- ``cycle`` rows (``cycle`` = 1, 2, ...);
- ``escalation``: a step that fired (``at``, ``actions`` joined with `` and ``);
- ``ticket``: a ticket no SLA governs (``sla`` empty);
- ``error``: a ticket that failed (``error``, ``line``).
"""

from __future__ import annotations

import csv
import io
from typing import Any, Iterable, Sequence

import orjson

FORMATS: tuple[str, ...] = ("jsonl", "csv", "table")
CSV_COLUMNS: tuple[str, ...] = (
    "id", "sla", "row", "metric", "cycle", "status", "start", "deadline", "stop",
    "target_s", "counted_s", "paused_s", "at", "actions", "error", "line",
)


def encode_jsonl(results: Sequence[dict[str, Any]]) -> bytes:
    if not results:
        return b""
    dumps = orjson.dumps
    return b"\n".join([dumps(r) for r in results]) + b"\n"


def csv_header() -> bytes:
    return _csv_bytes([list(CSV_COLUMNS)])


def csv_rows(result: dict[str, Any]) -> list[list[Any]]:
    """The CSV rows of one JSON result (see the module docstring)."""
    ticket_id = result.get("id")
    if "error" in result:
        return [_row(ticket_id, None, "error", error=result["error"], line=result["line"])]
    sla = result["sla"]
    metrics = result["metrics"]
    if sla is None:
        return [_row(ticket_id, None, "ticket")]
    rows = []
    for name, metric in metrics.items():
        if "cycles" in metric:
            rows.append(_row(ticket_id, sla, "metric", metric=name, status=metric["status"]))
            for number, cycle in enumerate(metric["cycles"], start=1):
                rows.append(_row(ticket_id, sla, "cycle", metric=name, cycle=number, **_run_fields(cycle)))
        else:
            rows.append(_row(ticket_id, sla, "metric", metric=name, **_run_fields(metric)))
    for escalation in result["escalations"]:
        rows.append(
            _row(ticket_id, sla, "escalation", metric=escalation["metric"], at=escalation["at"],
                 actions=" and ".join(escalation["actions"]))
        )
    return rows


def _run_fields(run: dict[str, Any]) -> dict[str, Any]:
    return {k: run[k] for k in ("status", "start", "deadline", "stop", "target_s", "counted_s", "paused_s")}


def _row(ticket_id: Any, sla: str | None, row: str, **fields: Any) -> list[Any]:
    values = {"id": ticket_id, "sla": sla, "row": row, **fields}
    return ["" if values.get(c) is None else values[c] for c in CSV_COLUMNS]


def encode_csv(results: Iterable[dict[str, Any]]) -> bytes:
    rows: list[list[Any]] = []
    for result in results:
        rows.extend(csv_rows(result))
    return _csv_bytes(rows)


def _csv_bytes(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def encode(results: Sequence[dict[str, Any]], fmt: str) -> bytes:
    if fmt == "jsonl":
        return encode_jsonl(results)
    if fmt == "csv":
        return encode_csv(results)
    raise ValueError(f"no streaming encoding for format {fmt!r}")


# --- the table --------------------------------------------------------------------------------


def duration_text(seconds: int | None) -> str:
    """Exact durations in the language's units: ``1h35m``, ``2d4h``, ``0s``."""
    if seconds is None:
        return ""
    if seconds == 0:
        return "0s"
    parts = []
    rest = seconds
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if rest >= size:
            parts.append(f"{rest // size}{unit}")
            rest %= size
    return "".join(parts)


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
                    run["stop"] or "", duration_text(run["target_s"]), duration_text(run["counted_s"]),
                    duration_text(run["paused_s"]),
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
