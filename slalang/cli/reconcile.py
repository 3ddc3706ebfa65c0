"""``slalang reconcile zendesk``: slalang's verdicts against Zendesk's own metric events."""

from __future__ import annotations

import sys

import click

from ..bridges.pages import records
from ..bridges.problems import BridgeError
from ..report.reconcile import FORMATS, render_rows
from .bridging import connection, plural, print_problems, pull, pull_options, read_input
from .common import fail, load_policy, parse_now, policy_set_option
from .terminal import table_style


@click.group(name="reconcile")
def reconcile_group() -> None:
    """Compare slalang's verdicts with a helpdesk's own: the check before switching, and the
    way to find the helpdesk's calendar and pause surprises."""


@reconcile_group.command(name="zendesk")
@click.argument("policy")
@click.argument("tickets")
@click.option("--metric-events", "events_file", metavar="FILE",
              help="Pages of GET /api/v2/incremental/ticket_metric_events.")
@click.option("--now", callback=parse_now, metavar="T", help="Evaluate as of this RFC 3339 instant (default: now).")
@click.option("--start-time", type=int, default=0, show_default=True, help="With --url: the first event time (epoch seconds).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("-o", "--output", metavar="FILE", help="Write the rows here (default: standard output).")
@pull_options
@policy_set_option
def zendesk(
    policy: str, tickets: str, events_file: str | None, now: int | None, start_time: int, fmt: str, output: str | None,
    url: str | None, token_env: str | None, ca_bundle: str | None, timeout: float, policy_set: str | None,
) -> None:
    """Per ticket and metric, where slalang and Zendesk disagree: governing policy, target,
    breach instant, fulfil instant. TICKETS are slalang tickets (`slalang tickets zendesk`).
    Exit status: 0 no disagreement, 1 some (or a ticket could not be compared), 2 usage.
    """
    from ..bridges.zendesk.reconcile import reconcile_zendesk

    command = "reconcile zendesk"
    compiled = load_policy(command, policy, policy_set=policy_set)
    if url:
        conn = connection(command, url, token_env, ca_bundle, timeout)
        event_pages = pull(command, conn, f"/api/v2/incremental/ticket_metric_events?start_time={start_time}")
    else:
        if not events_file:
            fail(command, "give --metric-events FILE (or --url to pull from the account)")
        event_pages = read_input(command, events_file)
    try:
        ticket_records = records(read_input(command, tickets), None)
        result = reconcile_zendesk(compiled, ticket_records, event_pages, now)
    except BridgeError as exc:
        fail(command, str(exc.problem))
    for note in result.notes:
        click.echo(f"slalang {command}: note: {note}", err=True)
    color, width = table_style(output) if fmt == "table" else (False, 140)
    text = render_rows(result.rows, fmt, color=color, width=width)
    if output is None:
        click.echo(text, nl=False, color=True)
    else:
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as exc:
            fail(command, f"cannot write {output}: {exc.strerror or exc}")
    if result.problems:
        print_problems(result.problems, f"slalang {command}: {plural(len(result.problems), 'record')} could not be compared:")
    click.echo(f"slalang {command}: {plural(result.tickets, 'ticket')} compared, {plural(len(result.rows), 'disagreement')}", err=True)
    sys.exit(1 if result.rows or result.problems else 0)
