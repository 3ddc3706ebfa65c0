"""``slalang import zendesk|freshdesk``: a helpdesk's SLA settings as a slalang policy set."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from ..bridges.imports import ImportResult, write_import
from ..bridges.problems import BridgeError
from ..bridges.writer import FormatFailure
from .bridging import connection, plural, print_problems, pull, pull_options, read_input
from .common import fail


@click.group(name="import")
def import_group() -> None:
    """Import SLA policies and business hours from a helpdesk as a slalang policy set.

    Faithful or refused: whatever cannot be carried exactly is listed with a JSON pointer
    into the input, and nothing is written (exit 1) unless --allow-lossy is given; then the
    policy says `# slalang: lossy: REASON` at each place where it differs.

    Exit status: 0 written, 1 refused (nothing written), 2 usage, unreadable input or --url
    failure.
    """


def _output_options(function: Callable[..., Any]) -> Callable[..., Any]:
    function = click.option("--allow-lossy", is_flag=True, help="Write the policy even where it differs, with a lossy comment there.")(function)
    function = click.option("-o", "--output", metavar="OUT",
                            help="A .sla file, or a directory (calendars.sla + slas.sla). Default: standard output.")(function)
    return function


@import_group.command(name="zendesk")
@click.option("--policies", metavar="FILE", help="Pages of GET /api/v2/slas/policies (one page, a list, or JSON Lines).")
@click.option("--schedules", metavar="FILE", help="Pages of GET /api/v2/business_hours/schedules (holidays may be embedded).")
@click.option("--holidays", metavar="FILE", help='Pages of GET /schedules/{id}/holidays, each with "schedule_id".')
@_output_options
@pull_options
def zendesk(
    policies: str | None, schedules: str | None, holidays: str | None, output: str | None, allow_lossy: bool,
    url: str | None, token_env: str | None, ca_bundle: str | None, timeout: float,
) -> None:
    """Zendesk SLA policies (and schedules with holidays) -> a checked, formatted policy set."""
    from ..bridges.zendesk.importer import import_zendesk

    command = "import zendesk"
    if url:
        conn = connection(command, url, token_env, ca_bundle, timeout)
        policy_pages = pull(command, conn, "/api/v2/slas/policies")
        schedule_pages = pull(command, conn, "/api/v2/business_hours/schedules")
        holiday_pages = []
        for page in schedule_pages:
            for schedule in page.value.get("schedules", []) if isinstance(page.value, dict) else []:
                if isinstance(schedule, dict) and "id" in schedule:
                    for doc in pull(command, conn, f"/api/v2/business_hours/schedules/{schedule['id']}/holidays"):
                        if isinstance(doc.value, dict):
                            doc.value.setdefault("schedule_id", schedule["id"])
                        holiday_pages.append(doc)
    else:
        if not policies:
            fail(command, "give --policies FILE (or --url to pull from the account)")
        policy_pages = read_input(command, policies)
        schedule_pages = read_input(command, schedules) if schedules else []
        holiday_pages = read_input(command, holidays) if holidays else []
    try:
        result = import_zendesk(policy_pages, schedule_pages, holiday_pages)
    except BridgeError as exc:
        fail(command, str(exc.problem))
    _finish(command, result, output, allow_lossy)


@import_group.command(name="freshdesk")
@click.option("--policies", metavar="FILE", help="Pages of GET /api/v2/sla_policies.")
@click.option("--business-hours", "business_hours", metavar="FILE", help="Pages of GET /api/v2/business_hours.")
@click.option("--groups", metavar="FILE", help="Pages of GET /api/v2/groups (which business hours each group works).")
@_output_options
@pull_options
def freshdesk(
    policies: str | None, business_hours: str | None, groups: str | None, output: str | None, allow_lossy: bool,
    url: str | None, token_env: str | None, ca_bundle: str | None, timeout: float,
) -> None:
    """Freshdesk SLA policies (and business hours) -> a checked, formatted policy set."""
    from ..bridges.freshdesk.importer import import_freshdesk

    command = "import freshdesk"
    if url:
        conn = connection(command, url, token_env, ca_bundle, timeout)
        policy_pages = pull(command, conn, "/api/v2/sla_policies")
        hour_pages = pull(command, conn, "/api/v2/business_hours")
        group_pages = pull(command, conn, "/api/v2/groups?per_page=100")
    else:
        if not policies:
            fail(command, "give --policies FILE (or --url to pull from the account)")
        policy_pages = read_input(command, policies)
        hour_pages = read_input(command, business_hours) if business_hours else []
        group_pages = read_input(command, groups) if groups else []
    try:
        result = import_freshdesk(policy_pages, hour_pages, group_pages)
    except BridgeError as exc:
        fail(command, str(exc.problem))
    _finish(command, result, output, allow_lossy)


def _finish(command: str, result: ImportResult, output: str | None, allow_lossy: bool) -> None:
    for note in result.notes:
        click.echo(f"slalang {command}: note: {note}", err=True)
    if result.problems:
        print_problems(result.problems, f"slalang {command}: {plural(len(result.problems), 'construct')} cannot be carried faithfully:")
        if not allow_lossy:
            fail(command, "nothing was written; --allow-lossy writes the policy with a `# slalang: lossy` comment at each place", 1)
    try:
        if output is None:
            click.echo(result.single_file("<stdout>"), nl=False)
        else:
            written = write_import(result, output)
            click.echo(f"wrote {', '.join(written)}", err=True)
    except FormatFailure as exc:
        fail(command, f"{exc}; please report this with the input attached", 3)
    except OSError as exc:
        fail(command, f"cannot write {output}: {exc.strerror or exc}")
    sys.exit(0)
