"""``slalang report POLICY TICKETS``: attainment per SLA metric against its goal."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from ..api import Policy
from ..attainment import ResultShapeError, report_tickets
from ..attainment.aggregation import check_field
from ..credits import AvailabilityReport, CreditRun, OutageFailure, compute_availability, read_outages
from ..evaluation import resolve_now
from ..report.attainment import REPORT_FORMATS, render_breaches_csv
from ..report.credits import ContractSections, render_report_with
from .common import emit, fail, load_policy, parse_now, policy_set_option
from .terminal import table_style, tz_option
from .warehouse import is_parquet_output, parquet_output, require_arrow, ticket_items, write_parquet_rows


@click.command(name="report")
@click.argument("policy", metavar="POLICY")
@click.argument("tickets", metavar="TICKETS")
@click.option("--now", callback=parse_now, metavar="T", help="Evaluate as of T (RFC 3339 with offset); default: now.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(REPORT_FORMATS),
    default="table",
    show_default=True,
    help="table (terminal), json, markdown, or a self-contained html page with charts.",
)
@click.option(
    "-o", "--output", metavar="FILE", default=None,
    help="Write the report to FILE instead of standard output; FILE.parquet: a table, a row per SLA metric."
)
@click.option("--outages", "outages_path", metavar="FILE", default=None,
              help="Outages (JSON Lines) for the availability section, when the policy declares `availability`.")
@click.option("--by", "fields", multiple=True, metavar="FIELD",
              help="Also break attainment down by this ticket field as created, e.g. customer.id (repeatable).")
@click.option("--breaches", "breaches_path", metavar="FILE",
              help="Also write every breach (ticket id, SLA, metric, deadline, stop, how late) to FILE as CSV; "
                   "FILE.parquet: as a Parquet table.")
@tz_option("the table, Markdown and HTML, and to read months, weekdays and hours")
@policy_set_option
def report(policy: str, tickets: str, now: int | None, fmt: str, output: str | None, outages_path: str | None,
           fields: tuple[str, ...], breaches_path: str | None, zone: Any, policy_set: str | None) -> None:
    """Attainment of every SLA metric against its goal, with breakdowns.

    Evaluates TICKETS (JSON Lines, a JSON list, or - for standard input) under POLICY (a
    file or a directory) and reports, per SLA and metric: attainment = met / (met +
    breached) against the metric's goal, breaches, tickets still running or paused
    (counted apart, not in attainment), p50/p90 time to stop in counted and in wall-clock
    time, and the same by segment, priority, month of creation and any --by field (e.g.
    per customer); then the breaches by weekday and hour of the missed deadline, and the
    breached tickets with their ids. When the policy declares `credit`s, the service
    credits per account and period follow; when it declares `availability`, the uptime per
    period from --outages.

    `-o FILE.parquet` writes the attainment rows (one per SLA metric) as a Parquet table
    instead (docs/warehouse.md); --format does not apply to it. `--breaches FILE.parquet`
    writes the breaches as a Parquet table rather than CSV.

    Exit status: 0 report written; 1 report written but some tickets failed (listed in
    it); 2 nothing could be reported (policy errors, unreadable tickets, unwritable output).
    """
    for path in fields:
        try:
            check_field(path)
        except ValueError as exc:
            fail("report", f"--by {exc}")
    parquet_out = parquet_output("report", output)
    if is_parquet_output(breaches_path):
        require_arrow("report")
    compiled = load_policy("report", policy, "; nothing evaluated", policy_set)
    tickets_read = ticket_items("report", tickets)
    now_s = resolve_now(now)
    try:
        credit_run = CreditRun(compiled, now_s) if compiled.model.credits else None
        on_outcome = credit_run.add_outcome if credit_run is not None else None
        result = report_tickets(
            compiled, tickets_read, now=now_s, on_outcome=on_outcome, zone=zone, fields=fields
        )
    except OSError as exc:
        fail("report", f"cannot read tickets from {tickets}: {exc.strerror or exc}")
    except ResultShapeError as exc:
        fail("report", str(exc))
    availability, bad_outages = _availability(compiled, outages_path, now_s)
    sections = None
    if compiled.model.credits or compiled.model.availabilities:
        sections = ContractSections(
            compiled.model,
            credits=tuple(credit_run.ledger.rows()) if credit_run is not None else None,
            availability=availability,
            availability_missing=bool(compiled.model.availabilities) and availability is None,
        )
    color, width = table_style(output) if fmt == "table" else (False, 140)
    if is_parquet_output(breaches_path):
        assert breaches_path is not None
        write_parquet_rows("report", breaches_path, [b.to_json() for b in result.breaches], table="breaches")
    elif breaches_path is not None:
        emit("report", render_breaches_csv(result), breaches_path)
    if parquet_out:
        assert output is not None
        write_parquet_rows("report", output, result.to_json()["metrics"])
    else:
        emit("report", render_report_with(result, sections, fmt, color=color, width=width, zone=zone), output)
    if result.failed:
        click.echo(
            f"slalang report: {result.failed} of {result.tickets} tickets failed (listed in the report)", err=True
        )
    if bad_outages:
        click.echo(f"slalang report: {bad_outages} outage line{'s were' if bad_outages != 1 else ' was'} bad "
                   "(left out; see above)", err=True)
    if result.failed or bad_outages:
        sys.exit(1)


def _availability(compiled: Policy, path: str | None, now_s: int) -> tuple[AvailabilityReport | None, int]:
    """The availability rows from ``--outages`` (bad lines reported on stderr), and how many were bad."""
    if path is None:
        return None, 0
    if not compiled.model.availabilities:
        click.echo("slalang report: the policy declares no `availability`; --outages is not used", err=True)
        return None, 0
    source: Any = sys.stdin.buffer if path == "-" else path
    if path != "-" and (not os.path.isfile(path) or not os.access(path, os.R_OK)):
        fail("report", f"cannot read outages from {path}: no such file, or not readable")

    def bad_line(failure: OutageFailure) -> None:
        where = f"{path}:{failure.line}" if failure.line is not None else path
        click.echo(f"slalang report: {where}: {failure.error}", err=True)

    try:
        found = compute_availability(compiled, read_outages(source), now_s, on_failure=bad_line)
    except OSError as exc:
        fail("report", f"cannot read outages from {path}: {exc.strerror or exc}")
    if found.unknown_services:
        names = ", ".join(f"`{n}`" for n in found.unknown_services)
        click.echo(f"slalang report: outages of services no availability declares were ignored: {names}", err=True)
    return found, found.failed
