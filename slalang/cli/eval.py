"""``slalang eval POLICY TICKETS``: every ticket's metrics, deadlines and escalations."""

from __future__ import annotations

import sys
from typing import IO, Any

import click

from ..evaluation.output import ENCODINGS
from ..evaluation.runner import collect_results, evaluate_file
from ..evaluation.ticket_files import DEFAULT_MAX_ITEM_BYTES
from ..output_file import OutputFile
from ..report.tickets import render_table
from .common import fail, load_policy, parse_now, policy_set_option, ticket_source
from .terminal import table_style, tz_option
from .warehouse import check_parquet_input, is_parquet_input, parquet_output

FORMATS = (*ENCODINGS, "table")


class _Output:
    """Standard output, or FILE (see ``OutputFile``: atomic for a regular file)."""

    def __init__(self, path: str | None) -> None:
        self.path = None if path in (None, "-") else path
        self.file: OutputFile | None = None
        if self.path is None:
            self.stream: IO[bytes] = sys.stdout.buffer
            self.write = self.stream.write
            return
        try:
            self.file = OutputFile(self.path)
        except OSError as exc:
            fail("eval", f"cannot write {self.path}: {exc.strerror or exc}")
        self.stream = self.file.stream
        self.write = self.file.write

    def commit(self) -> None:
        if self.file is None:
            sys.stdout.buffer.flush()
        else:
            self.file.commit()

    def abandon(self) -> None:
        if self.file is not None:
            self.file.abandon()


@click.command(name="eval")
@click.argument("policy", metavar="POLICY")
@click.argument("tickets", metavar="TICKETS")
@click.option("--now", callback=parse_now, metavar="T", help="Evaluate as of T (RFC 3339 with offset); default: the current time.")
@click.option("-o", "--output", metavar="FILE", default=None, help="Write the results to FILE instead of standard output.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True,
              help="jsonl (evaluation.md's output), csv (one row per fact), or a table for people.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes for large inputs (default: the available cores).")
@click.option("--max-ticket-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_ITEM_BYTES, show_default=True,
              metavar="BYTES", help="Report a ticket larger than this as an error instead of reading it.")
@tz_option("the table")
@policy_set_option
def eval_command(policy: str, tickets: str, now: int | None, output: str | None, fmt: str, jobs: int | None,
                 max_ticket_bytes: int, zone: Any, policy_set: str | None) -> None:
    """Evaluate the tickets in TICKETS (JSON Lines, a JSON list, or - for standard input)
    against the policy set POLICY, writing one result per ticket in input order.

    TICKETS may also be Parquet: a .parquet file, a directory of them or a glob, read as
    one table (a `json` column or typed columns). `-o FILE.parquet` writes the result table
    as Parquet (result, plus a column per metric fact; docs/warehouse.md).

    Exit status: 0 every ticket evaluated, 1 some tickets failed (their results say why and
    on which line), 2 nothing could run (policy errors, unreadable input, bad options).
    """
    compiled = load_policy("eval", policy, "; no ticket evaluated", policy_set)
    parquet_in = is_parquet_input(tickets)
    parquet_out = parquet_output("eval", output)
    if parquet_in:
        check_parquet_input("eval", tickets)
        source = tickets
    else:
        source = ticket_source("eval", tickets)
    chunks = None
    if parquet_in and not parquet_out:
        from ..arrow.files import ticket_chunks

        chunks = ticket_chunks(tickets, max_item_bytes=max_ticket_bytes)
    out = _Output(output)
    try:
        if parquet_out:
            from ..arrow.files import evaluate_to_parquet

            assert out.file is not None
            summary = evaluate_to_parquet(compiled, source, out.file.stream, parquet=parquet_in, now=now, jobs=jobs,
                                          max_item_bytes=max_ticket_bytes)
            count, failed = summary.tickets, summary.failed
        elif fmt == "table":
            results = collect_results(compiled, source, now=now, max_item_bytes=max_ticket_bytes, chunks=chunks)
            color, width = table_style(out.path)
            chosen = {sla.name for sla in compiled.model.slas if sla.calendar_from_ticket}
            table = render_table(results, color=color, width=width, zone=zone, calendar_chosen_by=chosen)
            out.write(table.encode("utf-8"))
            count, failed = len(results), sum(1 for r in results if "error" in r)
        else:
            summary = evaluate_file(compiled, source, out.write, now=now, fmt=fmt, jobs=jobs,
                                    max_item_bytes=max_ticket_bytes, chunks=chunks, stream=out.stream)
            count, failed = summary.tickets, summary.failed
        out.commit()
    except OSError as exc:
        out.abandon()
        fail("eval", f"{exc.strerror or exc}" + (f": {exc.filename}" if getattr(exc, "filename", None) else ""))
    except ValueError as exc:  # a calendar the timeline cannot build (e.g. an unknown zone)
        out.abandon()
        fail("eval", str(exc))
    except BaseException:  # interrupted (or a bug): leave no temporary file behind
        out.abandon()
        raise
    if failed:
        click.echo(f"slalang eval: {failed} of {count} ticket{'s' if count != 1 else ''} failed", err=True)
        sys.exit(1)
