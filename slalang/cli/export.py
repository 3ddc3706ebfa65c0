"""``slalang export zendesk|freshdesk``: a policy set as the bodies a helpdesk's API takes."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import click

from ..bridges.exports import ExportResult
from ..output_file import OutputFile
from .bridging import plural, print_problems
from .common import fail, load_policy, policy_set_option


@click.group(name="export")
def export_group() -> None:
    """Export a policy set to a helpdesk: the JSON bodies its API takes to create (or, with
    the ids an import kept, update) the same policies and business hours.

    What the helpdesk cannot represent (OLA chains, escalations it lacks, measures it has
    no metric for...) is listed where it is written, and nothing is written (exit 1)
    unless --allow-lossy is given.

    Exit status: 0 written, 1 refused (nothing written), 2 usage or a policy with errors.
    """


def _options(function: Callable[..., Any]) -> Callable[..., Any]:
    function = click.option("--requests", "as_requests", is_flag=True,
                            help="Write the API calls (JSON Lines of method, path, body) instead of the resources.")(function)
    function = click.option("--allow-lossy", is_flag=True, help="Write the export even where it differs from the policy.")(function)
    function = click.option("-o", "--output", metavar="FILE", help="Write here (default: standard output).")(function)
    function = policy_set_option(function)
    function = click.argument("policy")(function)
    return function


@export_group.command(name="zendesk")
@_options
def zendesk(policy: str, output: str | None, allow_lossy: bool, as_requests: bool, policy_set: str | None) -> None:
    """A policy set -> Zendesk SLA policies and schedules."""
    from ..bridges.zendesk.export import export_zendesk, requests

    _run("export zendesk", policy, export_zendesk, requests, output, allow_lossy, as_requests, policy_set)


@export_group.command(name="freshdesk")
@_options
def freshdesk(policy: str, output: str | None, allow_lossy: bool, as_requests: bool, policy_set: str | None) -> None:
    """A policy set -> Freshdesk SLA policies and business hours."""
    from ..bridges.freshdesk.export import export_freshdesk, requests

    _run("export freshdesk", policy, export_freshdesk, requests, output, allow_lossy, as_requests, policy_set)


def _run(
    command: str,
    path: str,
    exporter: Callable[[Any], ExportResult],
    to_requests: Callable[[dict[str, Any]], list[dict[str, Any]]],
    output: str | None,
    allow_lossy: bool,
    as_requests: bool,
    policy_set: str | None = None,
) -> None:
    policy = load_policy(command, path, policy_set=policy_set)
    result = exporter(policy)
    for note in result.notes:
        click.echo(f"slalang {command}: note: {note}", err=True)
    if result.problems:
        print_problems(result.problems, f"slalang {command}: {plural(len(result.problems), 'construct')} cannot be represented:")
        if not allow_lossy:
            fail(command, "nothing was written; --allow-lossy writes the export without them", 1)
    if as_requests:
        text = "".join(json.dumps(call, ensure_ascii=False) + "\n" for call in to_requests(result.body))
    else:
        text = json.dumps(result.body, ensure_ascii=False, indent=2) + "\n"
    data = text.encode("utf-8")
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
    sys.exit(0)
