"""``slalang tickets zendesk|jira``: a helpdesk's tickets as slalang tickets (JSON Lines)."""

from __future__ import annotations

import json
import sys
import urllib.parse
from collections.abc import Callable
from typing import Any

import click

from ..bridges.pages import Document
from ..bridges.problems import BridgeError
from ..bridges.ticket_map import TicketMap, load_map
from ..bridges.tickets import TicketsResult
from ..output_file import OutputFile
from .bridging import connection, plural, print_problems, pull, pull_options, read_input
from .common import fail


@click.group(name="tickets")
def tickets_group() -> None:
    """Convert a helpdesk's tickets to slalang tickets (JSON Lines, as `slalang eval` reads).

    A record that cannot be converted is reported with where it is (file, line, JSON
    pointer) and why; the others are still written, and the exit status is 1 (2: usage,
    unreadable input or --url failure).
    """


def _common(function: Callable[..., Any]) -> Callable[..., Any]:
    function = click.option("--map", "map_file", metavar="MAP.yaml", help="Rename statuses, priorities and fields.")(function)
    function = click.option("-o", "--output", metavar="FILE", help="Write the tickets here (default: standard output).")(function)
    return function


@tickets_group.command(name="zendesk")
@click.option("--tickets", "tickets_file", metavar="FILE", help="Pages of GET /api/v2/tickets.")
@click.option("--audits", "audits_file", metavar="FILE", help="Pages of GET /api/v2/tickets/{id}/audits for those tickets.")
@click.option("--users", "users_file", metavar="FILE", help="Pages of GET /api/v2/users: tells end users' replies from agents'.")
@_common
@pull_options
def zendesk(
    tickets_file: str | None, audits_file: str | None, users_file: str | None, map_file: str | None, output: str | None,
    url: str | None, token_env: str | None, ca_bundle: str | None, timeout: float,
) -> None:
    """Zendesk tickets and their audits (and users) -> slalang tickets."""
    from ..bridges.zendesk.tickets import zendesk_tickets

    command = "tickets zendesk"
    mapping = _map(command, map_file)
    user_pages: list[Document] | None
    if url:
        conn = connection(command, url, token_env, ca_bundle, timeout)
        ticket_pages = pull(command, conn, "/api/v2/tickets?page%5Bsize%5D=100")
        audit_pages: list[Document] = []
        for page in ticket_pages:
            for ticket in page.value.get("tickets", []) if isinstance(page.value, dict) else []:
                if isinstance(ticket, dict) and isinstance(ticket.get("id"), int):
                    audit_pages += pull(command, conn, f"/api/v2/tickets/{ticket['id']}/audits")
        user_pages = pull(command, conn, "/api/v2/users?page%5Bsize%5D=100")
    else:
        if not tickets_file or not audits_file:
            fail(command, "give --tickets FILE and --audits FILE (or --url to pull from the account)")
        ticket_pages = read_input(command, tickets_file)
        audit_pages = read_input(command, audits_file)
        user_pages = read_input(command, users_file) if users_file else None
    try:
        result = zendesk_tickets(ticket_pages, audit_pages, user_pages, mapping)
    except BridgeError as exc:
        fail(command, str(exc.problem))
    _finish(command, result, output)


@tickets_group.command(name="jira")
@click.option("--issues", "issues_file", metavar="FILE", help="Pages of GET /rest/api/2/search?expand=changelog (comments in fields).")
@click.option("--jql", default="order by created ASC", show_default=True, help="With --url: which issues to pull.")
@_common
@pull_options
def jira(
    issues_file: str | None, jql: str, map_file: str | None, output: str | None,
    url: str | None, token_env: str | None, ca_bundle: str | None, timeout: float,
) -> None:
    """Jira (Service Management) issues with changelog and comments -> slalang tickets."""
    from ..bridges.jira.tickets import jira_tickets

    command = "tickets jira"
    mapping = _map(command, map_file)
    if url:
        conn = connection(command, url, token_env, ca_bundle, timeout)
        query = urllib.parse.urlencode({"jql": jql, "expand": "changelog", "fields": "*all", "maxResults": "100"})
        issue_pages = pull(command, conn, f"/rest/api/2/search?{query}")
    else:
        if not issues_file:
            fail(command, "give --issues FILE (or --url to pull from the site)")
        issue_pages = read_input(command, issues_file)
    try:
        result = jira_tickets(issue_pages, mapping)
    except BridgeError as exc:
        fail(command, str(exc.problem))
    _finish(command, result, output)


def _map(command: str, path: str | None) -> TicketMap | None:
    if path is None:
        return None
    try:
        return load_map(path)
    except BridgeError as exc:
        fail(command, str(exc.problem))


def _finish(command: str, result: TicketsResult, output: str | None) -> None:
    for note in result.notes:
        click.echo(f"slalang {command}: note: {note}", err=True)
    data = "".join(json.dumps(t, ensure_ascii=False, separators=(",", ":")) + "\n" for t in result.tickets).encode("utf-8")
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        try:
            target = OutputFile(output)
            target.write(data)
            target.commit()
        except OSError as exc:
            fail(command, f"cannot write {output}: {exc.strerror or exc}")
    converted = plural(len(result.tickets), "ticket")
    if result.problems:
        print_problems(result.problems, f"slalang {command}: {plural(len(result.problems), 'record')} could not be converted:")
        click.echo(f"slalang {command}: {converted} written, {plural(len(result.problems), 'record')} left out", err=True)
        sys.exit(1)
    click.echo(f"slalang {command}: {converted} written", err=True)
    sys.exit(0)
