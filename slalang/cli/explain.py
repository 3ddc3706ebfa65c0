"""``slalang explain POLICY TICKET``: how one ticket's SLA, deadlines and escalations came about."""

from __future__ import annotations

from typing import Any

import click
import orjson

from ..evaluation import InputError, TicketError, read_tickets
from ..evaluation.explain import explain_ticket
from ..report.tickets import render_explanation
from .common import fail, load_policy, parse_now, policy_set_option, ticket_source
from .terminal import tz_option
from .warehouse import is_parquet_input, ticket_items


def _pick(path: str, ticket_id: str | None) -> tuple[int, Any]:
    """The ticket to explain and its line (its row in a Parquet input); exit 2 when it cannot
    be found or is ambiguous."""
    items = ticket_items("explain", path) if is_parquet_input(path) else read_tickets(ticket_source("explain", path))
    seen: list[str] = []
    first: tuple[int, Any] | None = None
    for line, raw in items:
        found_id = raw.id if isinstance(raw, InputError) else raw.get("id") if isinstance(raw, dict) else None
        if isinstance(found_id, bool) or not isinstance(found_id, (str, int, float)):
            found_id = None  # not an id a ticket may have (a list nested a thousand deep has no text to compare)
        if ticket_id is not None:
            if found_id is not None and str(found_id) == ticket_id:
                return line, raw
        elif first is None:
            first = (line, raw)
        seen.append(str(found_id))
    if ticket_id is not None:
        fail("explain", f"no ticket with id {ticket_id!r} in {path} ({len(seen)} ticket(s) read)")
    if first is None:
        fail("explain", f"{path} holds no ticket")
    if len(seen) > 1:
        shown = ", ".join(seen[:5]) + (", ..." if len(seen) > 5 else "")
        fail("explain", f"{path} holds {len(seen)} tickets ({shown}); choose one with --ticket-id")
    return first


@click.command(name="explain")
@click.argument("policy", metavar="POLICY")
@click.argument("ticket", metavar="TICKET")
@click.option("--ticket-id", metavar="ID", default=None, help="The ticket to explain when TICKET holds several.")
@click.option("--now", callback=parse_now, metavar="T", help="Explain as of T (RFC 3339 with offset); default: the current time.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@tz_option("the text")
@policy_set_option
def explain(policy: str, ticket: str, ticket_id: str | None, now: int | None, fmt: str, zone: Any,
            policy_set: str | None) -> None:
    """Explain one ticket of TICKET (a file of tickets, - for standard input, or Parquet: a
    .parquet file, a directory of them or a glob; docs/warehouse.md) under POLICY:
    the SLAs tried and why each matched or not, SLA changes, pauses, the open time that
    counted, how each deadline and escalation instant was reached.

    Exit status: 0 explained, 1 the ticket is bad input (the reason is printed),
    2 nothing could run (policy errors, unreadable input, no such ticket).
    """
    compiled = load_policy("explain", policy, "", policy_set)
    line, raw = _pick(ticket, ticket_id)
    unit = "row" if is_parquet_input(ticket) else "line"
    if isinstance(raw, InputError):
        fail("explain", f"{unit} {raw.line}: {raw.reason}", code=1)
    try:
        explanation = explain_ticket(compiled, raw, now=now)
    except TicketError as exc:
        shown = f"ticket {exc.ticket_id} " if exc.ticket_id is not None else ""
        fail("explain", f"{shown}({unit} {line}): {exc.reason}", code=1)
    except ValueError as exc:
        fail("explain", str(exc))
    if fmt == "json":
        click.echo(orjson.dumps(explanation.to_json(), option=orjson.OPT_INDENT_2).decode())
    else:
        click.echo(render_explanation(explanation, zone), nl=False)
