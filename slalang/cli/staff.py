"""``slalang staff POLICY SCENARIO``: the smallest head-count per team that meets every goal."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from ..simulation import staff as search_staffing
from ..simulation.staffing import check_credit_budget
from .common import fail, progress_bar
from .simulation_inputs import load_scenario_inputs


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
@click.option("--max-credit", "max_credit", metavar="P%", default=None, callback=parse_percent,
              help="Also keep the mean service credit of every `credit` declaration at or below P% "
                   "(over the scenario's `accounts`).")
def staff(policy: str, scenario: str, seed: int | None, fmt: str, max_credit: float | None) -> None:
    """Search, per team, the smallest head-count at which every goal is met in simulation.

    Starts from the Erlang C estimate, and reports the attainment at the count found and
    at one fewer. Goals no head-count meets are listed as unreachable. With --max-credit,
    the mean credit per simulated account and period must also stay within the budget.
    """
    loaded, parsed = load_scenario_inputs("staff", policy, scenario)
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

        plan = search_staffing(loaded, parsed, seed=seed, on_run=tick, max_credit_pct=max_credit)
    if fmt == "json":
        click.echo(json.dumps(plan.to_json(), indent=2))
    else:
        from rich.console import Console

        from ..report.simulation import render_staffing

        render_staffing(plan, Console(width=None if sys.stdout.isatty() else 160))
