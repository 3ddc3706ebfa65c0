"""``slalang init [DIR]``: scaffold a policy, its tests, sample tickets and a CI recipe."""

from __future__ import annotations

import os
import sys

import click

from ..scaffold import ScaffoldConflict, scaffold


@click.command(name="init")
@click.argument("directory", default=".", metavar="[DIR]")
def init(directory: str) -> None:
    """Start a policy repository in DIR (default: the current directory).

    Writes policies/support.sla (a calendar, priorities, a segment, an escalation chain and
    three SLAs), policies/support_test.yaml (policy tests that pass), tickets/sample.jsonl
    and .github/workflows/slalang.yml (CI: fmt --check, check, test). Existing files are
    never overwritten: if any is there, nothing is written and the exit status is 1.
    """
    try:
        written = scaffold(directory)
    except ScaffoldConflict as conflict:
        click.echo("slalang init: not overwriting existing files; nothing was written:", err=True)
        for path in conflict.existing:
            click.echo(f"  {path}", err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"slalang init: cannot write in {directory}: {exc.strerror or exc}", err=True)
        sys.exit(2)
    for path in written:
        click.echo(f"created {path}")
    policies = os.path.join(directory, "policies")
    tickets = os.path.join(directory, "tickets", "sample.jsonl")
    click.echo(
        "\nnext:\n"
        f"  slalang check {policies}\n"
        f"  slalang test {policies}\n"
        f"  slalang eval {policies} {tickets} --now 2026-11-23T12:00:00Z\n"
    )
