"""Rendering ``slalang reconcile`` rows: JSON, JSON Lines, CSV, or a table for people.

A row is ``{"ticket_id", "metric", "field", "zendesk", "slalang"}``; every format carries
the same rows in the same order (``null`` is an empty CSV cell and ``-`` in the table).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from rich.console import Console

from .layout import Column, FittedTable

COLUMNS = ("ticket_id", "metric", "field", "zendesk", "slalang")
FORMATS = ("table", "json", "jsonl", "csv")


def render_rows(rows: Sequence[dict[str, Any]], fmt: str, color: bool = False, width: int = 140) -> str:
    if fmt == "json":
        return json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow(["" if row[c] is None else row[c] for c in COLUMNS])
        return out.getvalue()
    if fmt == "table":
        return _table(rows, color, width)
    raise ValueError(f"unknown format {fmt!r}")


def _table(rows: Sequence[dict[str, Any]], color: bool, width: int) -> str:
    console = Console(file=io.StringIO(), width=width, force_terminal=color, color_system="standard" if color else None,
                      highlight=False, emoji=False)
    if not rows:
        console.print("slalang and Zendesk agree on every ticket compared.")
        return console.file.getvalue()  # type: ignore[attr-defined]  # rich types file as IO[str]; it is our StringIO
    table = FittedTable(
        f"{len(rows)} disagreement{'s' if len(rows) != 1 else ''} between Zendesk and slalang",
        (Column("Ticket", "name"), Column("Metric", "name"), Column("Field", "name"), Column("Zendesk"),
         Column("slalang")),
        keys=3,
    )
    for row in rows:
        table.add_row(*("-" if row[c] is None else str(row[c]) for c in COLUMNS))
    console.print(table, crop=False)
    return console.file.getvalue()  # type: ignore[attr-defined]  # rich types file as IO[str]; it is our StringIO
