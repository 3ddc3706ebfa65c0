"""Charts of a simulation (matplotlib, Agg backend): attainment against head-count, queues over time."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

import numpy as np

from ...simulation.results import SimulationResult

PLOT_FORMATS = (".png", ".svg")


def queue_lengths(result: SimulationResult, team: str, points: int = 800) -> tuple[np.ndarray, np.ndarray]:
    """(times in days after the start, number of pieces waiting) for ``team``."""
    if result.raw is None:
        raise ValueError("the result carries no event record")
    run = next(t for t in result.raw.teams if t.name == team)
    entered = np.sort(run.enqueued_s)
    left = np.sort(run.enqueued_s + run.waits_s)
    grid = np.linspace(0.0, result.end_s, points)
    waiting = np.searchsorted(entered, grid, side="right") - np.searchsorted(left, grid, side="right")
    return grid / 86400.0, waiting


def plot_simulation(
    path: str | os.PathLike[str],
    result: SimulationResult,
    sweeps: Mapping[str, Sequence[tuple[int, SimulationResult]]],
) -> None:
    """Write a PNG or SVG: per team, each goal's attainment against that team's head-count
    (the others held at theirs), with the goals dashed; below, queue length over time."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    suffix = os.path.splitext(os.fspath(path))[1].lower()
    if suffix not in PLOT_FORMATS:
        raise ValueError(f"the plot file must end in .png or .svg, not {suffix or 'nothing'!r}")
    teams = list(sweeps)
    columns = max(1, len(teams))
    figure = plt.figure(figsize=(max(9.0, 4.2 * columns), 8.0), layout="constrained")
    grid = figure.add_gridspec(2, columns, height_ratios=(1.15, 1.0))
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    served = {team: _metrics_through(result, team) for team in teams}
    keys = list(dict.fromkeys(k for team in teams for k in served[team]))
    colour_of = {k: colours[i % len(colours)] for i, k in enumerate(keys)}
    goals = {f"{m.sla}.{m.metric}": m.goal for m in result.metrics}
    for column, team in enumerate(teams):
        axis = figure.add_subplot(grid[0, column])
        runs = sorted(sweeps[team])
        counts = [count for count, _ in runs]
        for key in served[team]:
            sla, metric = key.split(".")
            values = [100 * (r.metric(sla, metric).attainment or 0.0) for _, r in runs]
            axis.plot(counts, values, marker="o", color=colour_of[key], label=key)
            axis.axhline(100 * goals[key], color=colour_of[key], linestyle="--", linewidth=0.9, alpha=0.7)
        configured = result.team(team).agents
        axis.axvline(configured, color="grey", linestyle=":", linewidth=1)
        axis.set_title(f"{team} (configured {configured})")
        axis.set_xlabel(f"{team} head-count")
        axis.set_ylabel("attainment (%)")
        axis.set_xticks(counts)
        axis.set_ylim(-2, 102)
        axis.grid(alpha=0.3)
        axis.legend(fontsize=7, loc="lower right")
    queue_axis = figure.add_subplot(grid[1, :])
    for i, t in enumerate(result.teams):
        days, waiting = queue_lengths(result, t.team)
        queue_axis.step(days, waiting, where="post", color=colours[i % len(colours)], label=f"{t.team} ({t.agents} agents)")
    queue_axis.set_title("Queue length over time")
    queue_axis.set_xlabel("days after the start")
    queue_axis.set_ylabel("pieces waiting")
    queue_axis.grid(alpha=0.3)
    queue_axis.legend(fontsize=8, loc="upper right")
    figure.suptitle(f"{os.path.basename(result.scenario)}: attainment (goals dashed) and queues, seed {result.seed}")
    figure.savefig(os.fspath(path), dpi=110)
    plt.close(figure)


def _metrics_through(result: SimulationResult, team: str) -> list[str]:
    return list(result.served.get(team, ()))
