"""``slalang staff POLICY SCENARIO``: the smallest head-count per team that meets every goal."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from ..simulation import staff as search_staffing
from ..simulation.staffing import DEFAULT_REPLICATIONS, check_credit_budget
from .common import fail, policy_set_option, progress_bar
from .simulation_inputs import load_scenario_inputs
from .terminal import stdout_console


def parse_percent(ctx: click.Context, param: click.Parameter, value: str | None) -> float | None:
    """``5%`` or ``5`` as 5.0."""
    if value is None:
        return None
    text = value.strip().removesuffix("%").strip()
    try:
        number = float(text)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a percentage such as 5%") from None
    if not 0 <= number <= 100:
        raise click.BadParameter(f"{value!r} is not a percentage from 0% to 100%")
    return number


@click.command(name="staff")
@click.argument("policy", metavar="POLICY")
@click.argument("scenario", metavar="SCENARIO.yaml")
@click.option("--seed", type=int, default=None, help="Random seed (default: the scenario's `seed`, else 0).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--replications", type=click.IntRange(1, 100), default=DEFAULT_REPLICATIONS, show_default=True,
              metavar="N", help="Runs per head-count, with seeds derived from the scenario's (the first is its own).")
@click.option("--max-credit", "max_credit", metavar="P%", default=None, callback=parse_percent,
              help="Also keep the mean service credit of every `credit` declaration at or below P% "
                   "(over the scenario's `accounts`).")
@policy_set_option
def staff(policy: str, scenario: str, seed: int | None, fmt: str, replications: int, max_credit: float | None,
          policy_set: str | None) -> None:
    """Search, per team, the smallest head-count at which every goal is met in simulation.

    Every head-count is run N times (--replications) on the same tickets, and a goal counts
    as met when the lower bound of its attainment's 95% confidence interval reaches it. The
    search starts from the Erlang C estimate; the output names the count found per team and
    the attainment at it and at one fewer. A goal that even unlimited agents cannot meet is
    reported as unreachable, with the attainment ceiling (what handling time and opening
    hours alone allow). With --max-credit, the mean credit per simulated account and period
    must also stay within the budget.

    Exit status: 0 every goal can be met (and every credit kept within the budget); 1 some
    goal is unreachable or some credit over budget (the rest is still staffed and reported);
    2 nothing could run (policy or scenario errors).
    """
    loaded, parsed = load_scenario_inputs("staff", policy, scenario, policy_set=policy_set)
    if max_credit is not None:
        try:
            check_credit_budget(loaded.model, parsed, max_credit)
        except ValueError as exc:
            fail("staff", f"--max-credit: {exc}")
    with progress_bar("searching head-counts", True) as advance:
        runs = [0]

        def tick(_: Any) -> None:
            runs[0] += 1
            if advance is not None:
                advance(min(0.95, 1 - 0.9 ** runs[0]))

        plan = search_staffing(
            loaded, parsed, seed=seed, replications=replications, on_run=tick, max_credit_pct=max_credit
        )
    if fmt == "json":
        click.echo(json.dumps(plan.to_json(), indent=2))
    else:
        from ..report.simulation import render_staffing

        render_staffing(plan, stdout_console())
    if not plan.reachable:
        sys.exit(1)
