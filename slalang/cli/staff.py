"""``slalang staff POLICY SCENARIO``: the smallest head-count per team that meets every goal."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from ..simulation import staff as search_staffing
from .simulate import load_inputs, progress_bar


@click.command(name="staff")
@click.argument("policy", metavar="POLICY")
@click.argument("scenario", metavar="SCENARIO.yaml")
@click.option("--seed", type=int, default=None, help="Random seed (default: the scenario's `seed`, else 0).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def staff(policy: str, scenario: str, seed: int | None, fmt: str) -> None:
    """Search, per team, the smallest head-count at which every goal is met in simulation.

    Starts from the Erlang C estimate, and reports the attainment at the count found and
    at one fewer. Goals no head-count meets are listed as unreachable.
    """
    loaded, parsed = load_inputs("staff", policy, scenario)
    with progress_bar("searching head-counts", True) as advance:
        runs = [0]

        def tick(_: Any) -> None:
            runs[0] += 1
            if advance is not None:
                advance(min(0.95, 1 - 0.9 ** runs[0]))

        plan = search_staffing(loaded, parsed, seed=seed, on_run=tick)
    if fmt == "json":
        click.echo(json.dumps(plan.to_json(), indent=2))
    else:
        from rich.console import Console

        from ..report.simulation import render_staffing

        render_staffing(plan, Console(width=None if sys.stdout.isatty() else 160))
