"""Charts of a simulation (matplotlib, Agg backend): attainment against head-count, queues over time.

Series that share values (several goals met at 100%) stay visible: each is drawn with its
own marker, a little apart along the head-count axis. The queue chart's axis shows dates
(in ``zone``, UTC by default).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from typing import Any

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


MARKERS = ("o", "s", "^", "D", "v", "P", "X", "<", ">", "*")
DODGE = 0.1
"""How far apart (in head-counts) neighbouring series are drawn, so equal values stay visible."""


def plot_simulation(
    path: str | os.PathLike[str],
    result: SimulationResult,
    sweeps: Mapping[str, Sequence[tuple[int, SimulationResult]]],
    zone: dt.tzinfo | None = None,
) -> None:
    """Write a PNG or SVG: per team, each goal's attainment against that team's head-count
    (the others held at theirs), with the goals dashed; below, queue length over time."""
    suffix = os.path.splitext(os.fspath(path))[1].lower()
    if suffix not in PLOT_FORMATS:
        raise ValueError(f"the plot file must end in .png or .svg, not {suffix or 'nothing'!r}")
    import matplotlib.pyplot as plt

    figure = simulation_figure(result, sweeps, zone)
    figure.savefig(os.fspath(path), dpi=110)
    plt.close(figure)


def simulation_figure(
    result: SimulationResult,
    sweeps: Mapping[str, Sequence[tuple[int, SimulationResult]]],
    zone: dt.tzinfo | None = None,
) -> Any:
    """The matplotlib figure ``plot_simulation`` writes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    zone = zone or dt.UTC
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
        lines = served[team]
        for n, key in enumerate(lines):
            sla, metric = key.split(".")
            values = [100 * (r.metric(sla, metric).attainment or 0.0) for _, r in runs]
            offset = (n - (len(lines) - 1) / 2) * DODGE
            axis.plot(
                [c + offset for c in counts], values, marker=MARKERS[n % len(MARKERS)], markersize=5,
                color=colour_of[key], label=key, alpha=0.9,
            )
            axis.axhline(100 * goals[key], color=colour_of[key], linestyle="--", linewidth=0.9, alpha=0.7)
        configured = result.team(team).agents
        axis.axvline(configured, color="grey", linestyle=":", linewidth=1)
        axis.set_title(f"{team} (configured {configured})")
        axis.set_xlabel(f"{team} head-count")
        axis.set_ylabel("attainment (%)")
        axis.set_xticks(counts)
        axis.set_ylim(-2, 104)
        axis.grid(alpha=0.3)
        axis.legend(fontsize=7, loc="lower right")
    queue_axis = figure.add_subplot(grid[1, :])
    start = dt.datetime.fromtimestamp(result.start_utc, dt.UTC).astimezone(zone)
    for i, t in enumerate(result.teams):
        days, waiting = queue_lengths(result, t.team)
        when = mdates.date2num([start + dt.timedelta(days=float(d)) for d in days])
        queue_axis.step(when, waiting, where="post", color=colours[i % len(colours)], label=f"{t.team} ({t.agents} agents)")
    queue_axis.xaxis_date(zone)
    locator = mdates.AutoDateLocator(tz=zone)
    queue_axis.xaxis.set_major_locator(locator)
    queue_axis.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, tz=zone))
    queue_axis.set_title("Queue length over time")
    queue_axis.set_xlabel(f"date ({getattr(zone, 'key', None) or zone})")
    queue_axis.set_ylabel("pieces waiting")
    queue_axis.grid(alpha=0.3)
    queue_axis.legend(fontsize=8, loc="upper right")
    figure.suptitle(f"{os.path.basename(result.scenario)}: attainment (goals dashed) and queues, seed {result.seed}")
    return figure


def _metrics_through(result: SimulationResult, team: str) -> list[str]:
    return list(result.served.get(team, ()))
