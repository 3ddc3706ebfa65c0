"""Result encodings for ``slalang eval``: JSON Lines and CSV (a contract, streamed by the
runner). The table for people is ``slalang.report.tickets``.

Both carry the same facts. JSON Lines is evaluation.md's output, one object per
ticket. CSV has one row per fact, the ``row`` column saying which:

- ``metric``: first_response or resolution with all their fields; for next_response
  only its rolled-up status, its cycles following as
- ``cycle`` rows (``cycle`` = 1, 2, ...);
- ``escalation``: a step that fired (``at``, ``actions`` joined with `` and ``);
- ``ticket``: a ticket no SLA governs (``sla`` empty);
- ``error``: a ticket that failed (``error``, ``line``).

Measures are ``metric`` rows too, after the built-in metrics. The columns added with them
come after the original ones: ``calendar`` and ``zone`` (the SLA's calendar as chosen for
the ticket, on every row of a governed ticket), ``metric_calendar`` and ``metric_zone`` (on
the ``metric`` row of a metric or measure with its own calendar item), and ``cycles`` (on the
``metric`` row of a clock that runs in cycles: how many cycle rows follow; empty for a
single run, so ``{"status": "none"}`` and ``{"status": "none", "cycles": []}`` stay apart).

The columns of "What is due next" follow those: ``remaining_s`` on the ``metric`` and
``cycle`` rows of a run not stopped, and ``next_at`` on every row of a governed ticket (as
``sla`` is); a ``planned`` row is a step planned, not fired yet (``at``: when it would fire
if no further event happened), after the escalations.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

import orjson

ENCODINGS: tuple[str, ...] = ("jsonl", "csv")
CSV_COLUMNS: tuple[str, ...] = (
    "id", "sla", "row", "metric", "cycle", "status", "start", "deadline", "stop",
    "target_s", "counted_s", "paused_s", "at", "actions", "error", "line",
    "calendar", "zone", "metric_calendar", "metric_zone", "cycles", "remaining_s", "next_at",
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
    where = {"calendar": result.get("calendar"), "zone": result.get("zone"), "next_at": result.get("next_at")}
    for name, metric in metrics.items():
        own = {"metric_calendar": metric.get("calendar"), "metric_zone": metric.get("zone")}
        if "cycles" in metric:
            cycles = metric["cycles"]
            rows.append(_row(ticket_id, sla, "metric", metric=name, status=metric["status"], cycles=len(cycles), **where, **own))
            for number, cycle in enumerate(cycles, start=1):
                rows.append(_row(ticket_id, sla, "cycle", metric=name, cycle=number, **_run_fields(cycle), **where))
        else:
            rows.append(_row(ticket_id, sla, "metric", metric=name, **_run_fields(metric), **where, **own))
    for kind, steps in (("escalation", result["escalations"]), ("planned", result.get("planned", ()))):
        for step in steps:
            rows.append(
                _row(ticket_id, sla, kind, metric=step["metric"], at=step["at"], actions=" and ".join(step["actions"]),
                     **where)
            )
    return rows


_RUN_FIELDS = ("status", "start", "deadline", "stop", "target_s", "counted_s", "paused_s", "remaining_s")


def _run_fields(run: dict[str, Any]) -> dict[str, Any]:
    return {k: run.get(k) for k in _RUN_FIELDS}


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
