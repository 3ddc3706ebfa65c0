"""``slalang due POLICY TICKETS``: the tickets with a clock running, closest to breaching first."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import click

from ..evaluation.due import DUE_FORMATS, due_file, encode_rows
from ..evaluation.instants import resolve_now
from ..evaluation.ticket_files import DEFAULT_MAX_ITEM_BYTES
from ..report.tickets.due import render_due
from ..units import parse_language_duration
from .common import emit, fail, load_policy, parse_now, policy_set_option, rows_format, ticket_source
from .terminal import table_style, tz_option
from .warehouse import check_parquet_input, is_parquet_input

FORMATS = ("table", *DUE_FORMATS)


def _tickets(path: str, max_ticket_bytes: int) -> tuple[Any, Iterator[Any] | None]:
    """The ticket source, and a Parquet input's chunks (None for JSON); exit 2 when unreadable."""
    if not is_parquet_input(path):
        return ticket_source("due", path), None
    check_parquet_input("due", path)
    from ..arrow.files import ticket_chunks

    return path, ticket_chunks(path, max_item_bytes=max_ticket_bytes)


def parse_within(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    """A click callback: ``--within`` as seconds, written as in the language (``4h``, ``1h30m``, ``2d``)."""
    if value is None:
        return None
    try:
        return parse_language_duration(value.strip())
    except ValueError:
        raise click.BadParameter(f"expected a duration such as 4h, 30m or 1d12h, got {value!r}") from None


@click.command(name="due")
@click.argument("policy", metavar="POLICY")
@click.argument("tickets", metavar="TICKETS")
@click.option("--now", callback=parse_now, metavar="T", help="As of T (RFC 3339 with offset); default: the current time.")
@click.option("--within", callback=parse_within, metavar="DURATION",
              help="Only the tickets whose deadline is at most DURATION of wall-clock time away (breached ones included).")
@click.option("--limit", type=click.IntRange(min=1), default=None, metavar="N", help="At most N rows, the first in queue order.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="table for people; json (a list of rows), jsonl (a row a line) or csv. "
                   "Default: table on a terminal, jsonl elsewhere.")
@click.option("-o", "--output", metavar="FILE", default=None, help="Write to FILE instead of standard output.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes for large inputs (default: the available cores).")
@click.option("--max-ticket-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_ITEM_BYTES, show_default=True,
              metavar="BYTES", help="Report a ticket larger than this as an error instead of reading it.")
@tz_option("the table")
@policy_set_option
def due(policy: str, tickets: str, now: int | None, within: int | None, limit: int | None, fmt: str | None,
        output: str | None, jobs: int | None, max_ticket_bytes: int, zone: Any, policy_set: str | None) -> None:
    """The queue: one row per ticket in TICKETS that has a clock not stopped, ordered by the
    wall-clock instant of its earliest deadline (breached first, longest overdue first; ties
    keep input order), with the counted time left and the next planned escalation.

    TICKETS: JSON Lines, a JSON list, - for standard input, or Parquet (a .parquet file, a
    directory of them or a glob, read as one table; docs/warehouse.md).

    Exit status: 0 every ticket evaluated, 1 some tickets failed (each is named on standard
    error; the others are listed), 2 nothing could run.
    """
    compiled = load_policy("due", policy, "; nothing listed", policy_set)
    source, chunks = _tickets(tickets, max_ticket_bytes)
    now_s = resolve_now(now)
    try:
        summary = due_file(compiled, source, now=now_s, within_s=within, limit=limit, jobs=jobs,
                           max_item_bytes=max_ticket_bytes, chunks=chunks)
    except OSError as exc:
        fail("due", f"{exc.strerror or exc}" + (f": {exc.filename}" if getattr(exc, "filename", None) else ""))
    except ValueError as exc:  # a calendar the timeline cannot build (e.g. an unknown zone)
        fail("due", str(exc))
    fmt = rows_format(fmt, output)
    if fmt == "table":
        color, width = table_style(output)
        emit("due", render_due(summary.rows, now_s, color=color, width=width, zone=zone), output)
    else:
        emit("due", encode_rows(summary.rows, fmt).decode("utf-8"), output)
    for failure in summary.failures:
        unit = "row" if chunks is not None else "line"
        where = f" ({unit} {failure['line']})" if failure.get("line") is not None else ""
        click.echo(f"slalang due: ticket {failure['id']}{where}: {failure['error']}", err=True)
    if summary.failures:
        count = summary.tickets
        click.echo(f"slalang due: {len(summary.failures)} of {count} ticket{'s' if count != 1 else ''} failed", err=True)
        sys.exit(1)
