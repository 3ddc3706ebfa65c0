"""``slalang diff OLD NEW TICKETS``: what changes for real tickets between two policy versions."""

from __future__ import annotations

from typing import Any

import click

from ..attainment import ResultShapeError, diff_policies
from ..report.attainment import DEFAULT_MAX_ROWS, DIFF_FORMATS, render_diff
from .common import emit, fail, load_policy, parse_now, policy_set_option
from .terminal import table_style, tz_option
from .warehouse import parquet_output, ticket_items, write_parquet_rows


@click.command(name="diff")
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.argument("tickets", metavar="TICKETS")
@click.option(
    "--now", callback=parse_now, metavar="T", help="Evaluate both as of T (RFC 3339 with offset); default: now."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(DIFF_FORMATS),
    default="markdown",
    show_default=True,
    help="markdown (fit for a pull-request comment), table (terminal) or json (every change).",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_ROWS,
    show_default=True,
    help="Changed tickets listed before 'and N more' (markdown, table).",
)
@click.option("-o", "--output", metavar="FILE", default=None,
              help="Write to FILE instead of standard output; FILE.parquet: a table, a row per changed ticket.")
@tz_option("the table and Markdown")
@policy_set_option
def diff(old: str, new: str, tickets: str, now: int | None, fmt: str, max_rows: int, output: str | None,
         zone: Any, policy_set: str | None) -> None:
    """Replay TICKETS under two policy versions and show what changes.

    OLD and NEW are policy files or directories. Every ticket is evaluated under both at
    the same instant; the output lists the tickets whose governing SLA, a metric's deadline
    or a metric's status changes (breaches first), and attainment per SLA metric before and
    after.

    `-o FILE.parquet` writes the changed tickets (one row each) as a Parquet table instead
    (docs/warehouse.md); --format does not apply to it.

    Exit status: 0 the diff was produced (whatever it says); 2 it could not be (policy
    errors, printed as located diagnostics, unreadable tickets, unwritable output).
    """
    parquet_out = parquet_output("diff", output)
    old_policy = load_policy("diff", old, "; nothing compared", policy_set)
    new_policy = load_policy("diff", new, "; nothing compared", policy_set)
    tickets_read = ticket_items("diff", tickets)
    try:
        result = diff_policies(old_policy, new_policy, tickets_read, now=now, old_label=old, new_label=new)
    except OSError as exc:
        fail("diff", f"cannot read tickets from {tickets}: {exc.strerror or exc}")
    except ResultShapeError as exc:
        fail("diff", str(exc))
    if parquet_out:
        assert output is not None
        write_parquet_rows("diff", output, result.to_json()["changes"])
        return
    color, width = table_style(output) if fmt == "table" else (False, 140)
    emit("diff", render_diff(result, fmt, color=color, width=width, max_rows=max_rows, zone=zone), output)
