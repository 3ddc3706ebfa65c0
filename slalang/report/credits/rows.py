"""``slalang credits`` and ``slalang availability`` output: rows in five formats.

``json`` is a list of credits.md's row objects, ``jsonl`` one object a line, ``csv`` one row
each with the objects' keys as header (``null`` an empty cell, booleans ``true``/``false``);
``table`` and ``markdown`` are for people (``columns``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

import orjson

from .columns import KEY_COLUMNS, Column, Row, columns_for

ROW_FORMATS: tuple[str, ...] = ("json", "jsonl", "csv", "table", "markdown")
CREDIT_KEYS: tuple[str, ...] = (
    "credit", "account", "period", "runs", "met", "breached", "attainment", "credit_pct", "tier", "reason",
)
AVAILABILITY_KEYS: tuple[str, ...] = (
    "service", "period", "open_s", "down_s", "uptime", "objective", "met", "credit_pct",
)
TITLES = {"credits": "Service credits", "availability": "Availability"}


def render_rows(rows: Sequence[Row], kind: str, fmt: str, *, color: bool = False, width: int = 140) -> str:
    """``rows`` (``credits`` or ``availability`` rows as JSON objects) in one of ROW_FORMATS."""
    if fmt == "json":
        return json.dumps(list(rows), indent=2, ensure_ascii=False) + "\n"
    if fmt == "jsonl":
        return "".join(orjson.dumps(row).decode("utf-8") + "\n" for row in rows)
    if fmt == "csv":
        return rows_csv(rows, CREDIT_KEYS if kind == "credits" else AVAILABILITY_KEYS)
    if fmt == "table":
        return rows_table(rows, kind, color=color, width=width)
    if fmt == "markdown":
        lines = [f"# {TITLES[kind]}", ""] + rows_markdown(rows, kind)
        return "\n".join(lines) + "\n"
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(ROW_FORMATS)}")


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def rows_csv(rows: Sequence[Row], keys: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(keys)
    writer.writerows([[_csv_cell(row[k]) for k in keys] for row in rows])
    return buffer.getvalue()


def rows_table(rows: Sequence[Row], kind: str, *, color: bool = False, width: int = 140, title: str | None = None) -> str:
    """A terminal table that fits ``width`` (``report.layout``); earned credits stand out in colour."""
    from rich.console import Console
    from rich.text import Text

    from ..layout import Column as LayoutColumn
    from ..layout import FittedTable

    columns = columns_for(kind)
    console = Console(file=io.StringIO(), width=width, color_system="standard" if color else None,
                      force_terminal=color, highlight=False)
    if not rows:
        console.print(f"{title or TITLES[kind]}: no rows (nothing declared, or nothing to count)")
        return console.file.getvalue()  # type: ignore[attr-defined]  # rich types file as IO[str]; it is our StringIO
    table = FittedTable(
        title or TITLES[kind],
        [LayoutColumn(c.header, c.kind, "right" if c.align == "r" else "left") for c in columns],  # type: ignore[arg-type]  # a credits column kind is one of the layout kinds
        keys=KEY_COLUMNS[kind],
        header_style="bold" if color else "",
    )
    for row in rows:
        style = "bold red" if color and row.get("credit_pct") else ""
        table.add_row(*(Text(column.cell(row), style=style) for column in columns))
    console.print(table, crop=False)
    return console.file.getvalue()  # type: ignore[attr-defined]  # rich types file as IO[str]; it is our StringIO


def rows_markdown(rows: Sequence[Row], kind: str) -> list[str]:
    """A Markdown table (GitHub), or a sentence when there is no row."""
    if not rows:
        return ["No rows: nothing to count."]
    columns = columns_for(kind)
    return markdown_table(columns, rows)


def markdown_table(columns: Sequence[Column], rows: Sequence[Row]) -> list[str]:
    out = [
        "| " + " | ".join(c.header for c in columns) + " |",
        "| " + " | ".join("---:" if c.align == "r" else "---" for c in columns) + " |",
    ]
    out += ["| " + " | ".join(_markdown_cell(c.cell(row)) for c in columns) + " |" for row in rows]
    return out


def _markdown_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
