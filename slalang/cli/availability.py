"""``slalang availability POLICY OUTAGES``: uptime per declared service and period."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..credits import OutageFailure, compute_availability, read_outages
from ..report.credits import ROW_FORMATS, render_rows
from .common import emit, fail, load_policy, parse_now, policy_set_option, rows_format
from .terminal import table_style

COMMAND = "availability"


def failure_line(source: str, failure: OutageFailure) -> str:
    """``outages.jsonl:3: outage INC-9: "end" ... is before "start" ...``."""
    where = f"{source}:{failure.line}" if failure.line is not None else source
    outage = f"outage {failure.id}: " if failure.id is not None else ""
    return f"{where}: {outage}{failure.error}"


def outage_source(path: str) -> Any:
    if path == "-":
        return sys.stdin.buffer
    try:
        with open(path, "rb"):
            pass
    except OSError as exc:
        fail(COMMAND, f"cannot read outages from {path}: {exc.strerror or exc}")
    return path


@click.command(name=COMMAND)
@click.argument("policy", metavar="POLICY")
@click.argument("outages", metavar="OUTAGES")
@click.option("--now", callback=parse_now, metavar="T", help="As of T (RFC 3339 with offset); default: now.")
@click.option("--since", callback=parse_now, metavar="T",
              help="Report from the period holding T; default: the one holding the earliest outage.")
@click.option("--format", "fmt", type=click.Choice(ROW_FORMATS), default=None,
              help="json (a list), jsonl, csv, table or markdown; default: table on a terminal, else jsonl.")
@click.option("-o", "--output", metavar="FILE", default=None, help="Write the rows to FILE instead of standard output.")
@policy_set_option
def availability_command(policy: str, outages: str, now: int | None, since: int | None, fmt: str | None,
                         output: str | None, policy_set: str | None = None) -> None:
    """Uptime of every `availability` declaration of POLICY, per period, from OUTAGES.

    OUTAGES is JSON Lines (or a JSON list, or - for standard input) of
    {"service": NAME, "start": T, "end": T or null, "id": ...}; `service` is the name of an
    availability declaration. Per period from --since to the one holding --now: the open
    time of the declaration's calendar, the open time covered by the union of its outages
    (overlaps count once; an outage still going on lasts until now), the uptime against the
    objective, and the credit of the `below` line that applies.

    Exit status: 0 rows written; 1 rows written but some lines were bad (each reported on
    standard error with its line number; the others still count); 2 nothing could run.
    """
    compiled = load_policy(COMMAND, policy, "; no availability computed", policy_set)
    if not compiled.model.availabilities:
        click.echo(f"slalang {COMMAND}: {policy} declares no `availability`: there is nothing to compute", err=True)
    source = outage_source(outages)
    label = "<stdin>" if outages == "-" else outages

    def report_failure(failure: OutageFailure) -> None:
        click.echo(f"slalang {COMMAND}: {failure_line(label, failure)}", err=True)

    try:
        report = compute_availability(compiled, read_outages(source), now, since, on_failure=report_failure)
    except OSError as exc:
        fail(COMMAND, f"cannot read outages from {outages}: {exc.strerror or exc}")
    except ValueError as exc:  # --since after --now, or an instant out of range
        fail(COMMAND, f"--since {exc}" if "since" in str(exc) else str(exc))
    if report.unknown_services:
        names = ", ".join(f"`{name}`" for name in report.unknown_services)
        declared = ", ".join(f"`{name}`" for name in compiled.model.availabilities) or "none"
        click.echo(f"slalang {COMMAND}: outages of services no availability declares were ignored: {names} "
                   f"(declared: {declared})", err=True)
    fmt = rows_format(fmt, output)
    color, width = table_style(output) if fmt == "table" else (False, 140)
    emit(COMMAND, render_rows(report.to_json(), "availability", fmt, color=color, width=width), output)
    if report.failed:
        plural = "s" if report.outages != 1 else ""
        click.echo(f"slalang {COMMAND}: {report.failed} of {report.outages} line{plural} were bad (left out)", err=True)
        sys.exit(1)
