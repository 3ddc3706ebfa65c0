"""``slalang simulate POLICY SCENARIO``: simulate load and report attainment per SLA metric."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from typing import Any, NoReturn

import click

from ..api import Policy, load
from ..diagnostics import PolicyError
from ..report.findings.text import render_text, use_colour
from ..simulation import Scenario, ScenarioError, load_scenario
from ..simulation import simulate as run_simulation

LONG_RUN_TICKETS = 200_000


def render_diagnostics(diagnostics, sources) -> str:
    return render_text(diagnostics, sources, use_colour(sys.stderr)).rstrip("\n")


def fail(command: str, message: str) -> NoReturn:
    click.echo(f"slalang {command}: {message}", err=True)
    sys.exit(2)


def load_inputs(command: str, policy_path: str, scenario_path: str, staffing: tuple[str, ...] = ()) -> tuple[Policy, Scenario]:
    """The compiled policy and validated scenario, or exit 2 after printing located errors."""
    try:
        policy = load(policy_path)
    except PolicyError as exc:
        click.echo(render_diagnostics(exc.diagnostics, exc.sources), err=True)
        fail(command, f"{policy_path}: the policy has errors (see above); nothing simulated")
    except OSError as exc:
        fail(command, f"cannot read {policy_path}: {exc.strerror or exc}")
    try:
        scenario = load_scenario(scenario_path, policy.model)
    except ScenarioError as exc:
        click.echo(render_diagnostics(exc.diagnostics, exc.sources), err=True)
        fail(command, f"{scenario_path}: the scenario has errors (see above); nothing simulated")
    overrides = {}
    for item in staffing:
        team, _, count = item.partition("=")
        if team not in policy.model.teams or not count.isdigit() or int(count) < 1:
            fail(command, f"--staffing {item!r}: expected TEAM=N with a team of the policy and N >= 1")
        overrides[team] = int(count)
    return policy, scenario.with_staffing(overrides) if overrides else scenario


def expected_tickets(scenario: Scenario) -> float:
    return sum(stream.rate_per_s for stream in scenario.arrivals) * scenario.duration_s


@contextlib.contextmanager
def progress_bar(label: str, enabled: bool) -> Iterator[Any]:
    """A rich progress bar on a terminal (standard error); a no-op elsewhere.

    Yields ``advance(fraction)`` for one run, or None when disabled.
    """
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"), TimeElapsedColumn(),
        console=Console(stderr=True), transient=True,
    ) as progress:
        task = progress.add_task(label, total=1.0)

        def advance(fraction: float) -> None:
            progress.update(task, completed=fraction)

        yield advance


@click.command(name="simulate")
@click.argument("policy", metavar="POLICY")
@click.argument("scenario", metavar="SCENARIO.yaml")
@click.option("--seed", type=int, default=None, help="Random seed (default: the scenario's `seed`, else 0).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--plot", "plot_path", metavar="FILE", default=None,
              help="Also write a chart (.png or .svg): attainment against head-count, queue length over time.")
@click.option("--staffing", multiple=True, metavar="TEAM=N", help="Override a team's head-count (repeatable).")
def simulate(policy: str, scenario: str, seed: int | None, fmt: str, plot_path: str | None, staffing: tuple[str, ...]) -> None:
    """Simulate tickets arriving and being worked by the policy's teams.

    Reports, per SLA metric, attainment against its goal and the time to stop, and per
    team utilisation and queue waits. The same scenario and seed give the same numbers.
    """
    if plot_path is not None and not plot_path.lower().endswith((".png", ".svg")):
        fail("simulate", f"--plot {plot_path}: the file must end in .png or .svg")
    loaded, parsed = load_inputs("simulate", policy, scenario, staffing)
    with progress_bar("simulating", expected_tickets(parsed) >= LONG_RUN_TICKETS) as advance:
        result = run_simulation(loaded, parsed, seed=seed, progress=advance)
    if plot_path is not None:
        from ..report.simulation.plot import plot_simulation
        from ..simulation.staffing import sweep

        runs = sum(2 * 2 + 1 for _ in result.served)
        with progress_bar("head-count sweep", True) as advance:
            done = [0]

            def counted(_: Any) -> None:
                done[0] += 1
                if advance is not None:
                    advance(done[0] / runs)

            sweeps = sweep(loaded, parsed, seed=result.seed, base=result, on_run=counted)
        try:
            plot_simulation(plot_path, result, sweeps)
        except OSError as exc:
            fail("simulate", f"cannot write {plot_path}: {exc.strerror or exc}")
    if fmt == "json":
        click.echo(json.dumps(result.to_json(), indent=2))
    else:
        from rich.console import Console

        from ..report.simulation import render_result

        render_result(result, Console(width=None if sys.stdout.isatty() else 160))
    for note in result.notes if fmt == "json" else ():
        click.echo(f"note: {note}", err=True)
