"""``slalang credits POLICY TICKETS``: service credits per declaration, account and period."""

from __future__ import annotations

import sys

import click

from ..credits import compute_credits
from ..evaluation import TicketFailure
from ..report.credits import ROW_FORMATS, render_rows
from .common import emit, fail, load_policy, parse_now, policy_set_option, rows_format
from .terminal import table_style
from .warehouse import parquet_output, ticket_items, write_parquet_rows

COMMAND = "credits"


def failure_line(source: str, failure: TicketFailure) -> str:
    """``tickets.jsonl:3: ticket T-9: missing "created_at"`` (as ``eval`` reports the ticket)."""
    where = f"{source}:{failure.line}" if failure.line is not None else source
    ticket = f"ticket {failure.id}: " if failure.id is not None else ""
    return f"{where}: {ticket}{failure.error}"


@click.command(name=COMMAND)
@click.argument("policy", metavar="POLICY")
@click.argument("tickets", metavar="TICKETS")
@click.option("--now", callback=parse_now, metavar="T", help="Evaluate as of T (RFC 3339 with offset); default: now.")
@click.option("--format", "fmt", type=click.Choice(ROW_FORMATS), default=None,
              help="json (a list), jsonl, csv, table or markdown; default: table on a terminal, else jsonl.")
@click.option("-o", "--output", metavar="FILE", default=None, help="Write the rows to FILE instead of standard output; FILE.parquet: a Parquet table.")
@policy_set_option
def credits_command(policy: str, tickets: str, now: int | None, fmt: str | None, output: str | None,
                    policy_set: str | None) -> None:
    """Service credits earned under every `credit` declaration of POLICY.

    Evaluates TICKETS (JSON Lines, a JSON list, or - for standard input) as `slalang eval`
    does, then per declaration, account (the `per` field) and period (holding the ticket's
    created_at): runs met and breached, attainment = met / decided, and the credit of the
    `below` line that applies (limited by `cap`; none below `minimum` runs). One row each,
    ordered by declaration, period and account.

    `-o FILE.parquet` writes the rows as a Parquet table (docs/warehouse.md); --format does
    not apply to it.

    Exit status: 0 rows written; 1 rows written but some tickets were bad (each reported on
    standard error with its line, and left out); 2 nothing could run.
    """
    parquet_out = parquet_output(COMMAND, output)
    compiled = load_policy(COMMAND, policy, "; no credit computed", policy_set)
    if not compiled.model.credits:
        click.echo(f"slalang {COMMAND}: {policy} declares no `credit`: there is nothing to compute", err=True)
    tickets_read = ticket_items(COMMAND, tickets)
    label = "<stdin>" if tickets == "-" else tickets

    def report_failure(failure: TicketFailure) -> None:
        click.echo(f"slalang {COMMAND}: {failure_line(label, failure)}", err=True)

    try:
        report = compute_credits(compiled, tickets_read, now, on_failure=report_failure)
    except OSError as exc:
        fail(COMMAND, f"cannot read tickets from {tickets}: {exc.strerror or exc}")
    except ValueError as exc:  # the policy cannot be evaluated, or now is out of range
        fail(COMMAND, str(exc))
    if parquet_out:
        assert output is not None
        write_parquet_rows(COMMAND, output, report.to_json())
    else:
        fmt = rows_format(fmt, output)
        color, width = table_style(output) if fmt == "table" else (False, 140)
        emit(COMMAND, render_rows(report.to_json(), "credits", fmt, color=color, width=width), output)
    if report.failed:
        plural = "s" if report.tickets != 1 else ""
        click.echo(f"slalang {COMMAND}: {report.failed} of {report.tickets} ticket{plural} failed (left out)", err=True)
        sys.exit(1)
