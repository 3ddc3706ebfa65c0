"""``slalang simulate POLICY SCENARIO``: simulate load and report attainment per SLA metric."""

from __future__ import annotations

import json
from typing import Any

import click

from ..simulation import simulate as run_simulation
from .common import fail, policy_set_option, progress_bar
from .simulation_inputs import load_scenario_inputs
from .terminal import stdout_console, tz_option

LONG_RUN_TICKETS = 200_000


@click.command(name="simulate")
@click.argument("policy", metavar="POLICY")
@click.argument("scenario", metavar="SCENARIO.yaml")
@click.option("--seed", type=int, default=None, help="Random seed (default: the scenario's `seed`, else 0).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--plot", "plot_path", metavar="FILE", default=None,
              help="Also write a chart (.png or .svg): attainment against head-count, queue length over time.")
@click.option("--staffing", multiple=True, metavar="TEAM=N", help="Override a team's head-count (repeatable).")
@tz_option("the table and the chart")
@policy_set_option
def simulate(policy: str, scenario: str, seed: int | None, fmt: str, plot_path: str | None, staffing: tuple[str, ...],
             zone: Any, policy_set: str | None) -> None:
    """Simulate tickets arriving and being worked by the policy's teams.

    Reports, per SLA metric, attainment against its goal and the time to stop, and per
    team utilisation and queue waits. The same scenario and seed give the same numbers.

    Exit status: 0 simulated (whatever the attainment); 2 nothing could run (policy or
    scenario errors, a chart that cannot be written).
    """
    if plot_path is not None and not plot_path.lower().endswith((".png", ".svg")):
        fail("simulate", f"--plot {plot_path}: the file must end in .png or .svg")
    loaded, parsed = load_scenario_inputs("simulate", policy, scenario, staffing, policy_set)
    with progress_bar("simulating", parsed.expected_tickets >= LONG_RUN_TICKETS) as advance:
        result = run_simulation(loaded, parsed, seed=seed, progress=advance)
    if plot_path is not None:
        from ..report.simulation.plot import plot_simulation
        from ..simulation.staffing import sweep, sweep_runs

        runs = sweep_runs(result)
        with progress_bar("head-count sweep", True) as advance:
            done = [0]

            def counted(_: Any) -> None:
                done[0] += 1
                if advance is not None:
                    advance(done[0] / runs)

            sweeps = sweep(loaded, parsed, seed=result.seed, base=result, on_run=counted)
        try:
            plot_simulation(plot_path, result, sweeps, zone)
        except OSError as exc:
            fail("simulate", f"cannot write {plot_path}: {exc.strerror or exc}")
    if fmt == "json":
        click.echo(json.dumps(result.to_json(), indent=2))
    else:
        from ..report.simulation import render_result

        render_result(result, stdout_console(), zone)
    for note in result.notes if fmt == "json" else ():
        click.echo(f"note: {note}", err=True)
