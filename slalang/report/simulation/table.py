"""``slalang simulate`` and ``slalang staff`` for people: a simulation's results and a
staffing plan as terminal tables (rich)."""

from __future__ import annotations

import datetime as dt

from rich.console import Console
from rich.text import Text

from ...simulation.results import SimulationResult
from ...simulation.staffing import StaffingPlan, Unreachable
from ...units import format_duration, format_goal, format_instant, format_percent
from ..layout import Column, FittedTable


def _statistic(seconds: float | None) -> str:
    """A simulated time: ``8.4s``, ``2h 5m``; ``never`` when no piece gave a sample."""
    return "never" if seconds is None else format_duration(seconds, approximate=True)


def _share(value: float | None, digits: int = 1) -> str:
    """A share in [0, 1] as a percentage: ``73.6%``; — for none."""
    return format_percent(None if value is None else 100 * value, digits)


def render_result(result: SimulationResult, console: Console, zone: dt.tzinfo | None = None) -> None:
    start = format_instant(result.start_utc, zone)
    console.print(
        f"[bold]{result.scenario}[/bold]: {result.tickets} tickets over {format_duration(result.duration_s)} "
        f"from {start}, seed {result.seed}; last piece done after {format_duration(result.end_s, approximate=True)}"
    )
    metrics = FittedTable(
        "SLA metrics (time to stop on the SLA's clock)",
        (
            Column("SLA", "name"),
            Column("metric", "name"),
            *(
                Column(name, justify="right")
                for name in ("tickets", "attainment", "goal", "p50", "p90", "p99", "breaches", "Erlang C")
            ),
        ),
        keys=2,
    )
    for m in result.metrics:
        style = "green" if m.goal_met else "red"
        metrics.add_row(
            m.sla,
            m.metric,
            str(m.tickets),
            Text(_share(m.attainment), style=style),
            _share(m.goal, 1 if m.goal * 1000 % 10 else 0),
            _statistic(m.p50_s),
            _statistic(m.p90_s),
            _statistic(m.p99_s),
            str(m.breaches) + (f" ({m.abandoned} abandoned)" if m.abandoned else ""),
            _share(m.erlang_c_attainment) if m.erlang_c_attainment is not None else "",
        )
    console.print(metrics, crop=False)
    teams = FittedTable(
        "Teams (waits in wall time)",
        (
            Column("team", "name"),
            *(
                Column(name, justify="right")
                for name in ("agents", "utilisation", "pieces", "waited", "mean wait", "p90 wait")
            ),
            Column("Erlang", "text"),
        ),
    )
    for t in result.teams:
        prediction = ""
        if t.erlang is not None:
            e = t.erlang
            prediction = f"{e.model.replace('_', ' ').title()}: waited {_share(e.p_wait)}, mean {_statistic(e.mean_wait_s)}"
            if e.p_abandon is not None:
                prediction += f", abandoned {_share(e.p_abandon)}"
        teams.add_row(
            t.team,
            str(t.agents),
            _share(t.utilisation),
            str(t.pieces) + (f" ({t.abandoned} abandoned)" if t.abandoned else ""),
            _share(t.p_wait),
            _statistic(t.mean_wait_s),
            _statistic(t.p90_wait_s),
            prediction,
        )
    console.print(teams, crop=False)
    if result.credits:
        render_credits(result, console)
    for note in result.notes:
        console.print(f"[yellow]note:[/yellow] {note}")


def render_credits(result: SimulationResult, console: Console) -> None:
    """The mean service credit per credit declaration over simulated account-periods."""
    table = FittedTable(
        "Service credits (mean over simulated account-periods)",
        (Column("credit", "name"),
         *(Column(name, justify="right") for name in ("account-periods", "earning a credit", "mean credit"))),
    )
    for c in result.credits:
        mean = format_percent(c.mean_credit_pct, 2)
        table.add_row(c.credit, str(c.account_periods), str(c.credited), Text(mean, style="red" if c.mean_credit_pct else ""))
    console.print(table, crop=False)


def render_staffing(plan: StaffingPlan, console: Console) -> None:
    runs = f"{plan.replications} replication{'s' if plan.replications != 1 else ''}"
    counts = FittedTable(
        f"Smallest head-count meeting every goal (seed {plan.seed}, {runs}, {plan.simulations} simulations)",
        (
            Column("team", "name"),
            *(Column(name, justify="right") for name in ("configured", "Erlang C", "agents")),
            Column("why not one fewer", "text"),
        ),
    )
    for t in plan.teams:
        counts.add_row(t.team, str(t.configured), str(t.erlang_c), Text(str(t.agents), style="bold"), t.why_not_fewer or "")
    console.print(counts, crop=False)
    goals = {f"{m.sla}.{m.metric}": m.goal for m in plan.result.metrics}
    interval = f"mean of {runs}" + (f" and its {plan.confidence:.0%} interval" if plan.replications > 1 else "")
    shares = FittedTable(
        f"Attainment at the head-count found and at one fewer ({interval})",
        (
            Column("team", "name"),
            Column("SLA metric", "name"),
            Column("goal", justify="right"),
            Column("at agents", justify="right"),
            Column("at one fewer", justify="right"),
        ),
        keys=2,
    )
    for t in plan.teams:
        for key, mean in t.attainment.items():
            fewer: str | Text = "—"
            if t.attainment_one_fewer is not None:
                low = (t.interval_one_fewer or {}).get(key)
                missed = low is not None and low[0] < goals.get(key, 0) - 1e-12
                fewer = Text(_with_interval(t.attainment_one_fewer.get(key), low), style="red" if missed else "")
            shares.add_row(
                t.team, key, _share(goals.get(key), 1 if goals.get(key, 0) * 1000 % 10 else 0),
                _with_interval(mean, t.interval.get(key)), fewer,
            )
    console.print(shares, crop=False)
    for u in plan.unreachable:
        console.print(f"[red]unreachable:[/red] {unreachable_sentence(u)}", highlight=False)
    for key in plan.judged_by_mean:
        console.print(
            f"[yellow]note:[/yellow] {key} is judged by its mean: even with unlimited agents its interval reaches "
            "below the goal (too few of its tickets to tell at this confidence); more --replications or a longer "
            "scenario narrow it",
            highlight=False,
        )
    budget = plan.credit_budget
    if budget is not None:
        means = ", ".join(f"{name} {format_percent(mean, 2)}" for name, mean in budget.mean_credit_pct.items())
        console.print(f"credit budget {format_goal(budget.max_credit_pct)}: mean credit at these head-counts: {means}")
        for name in budget.over_budget:
            console.print(f"[red]over budget:[/red] credit {name} stays above {format_goal(budget.max_credit_pct)} "
                          "at every head-count searched: the calendars or handling times, not staffing, decide it")


def _with_interval(mean: float | None, bounds: tuple[float, float] | None) -> str:
    """``98.3% (97.1–99.5)``; the mean alone when the interval is a point or unknown."""
    if mean is None:
        return "—"
    if bounds is None or bounds[1] - bounds[0] < 5e-4:
        return _share(mean)
    return f"{_share(mean)} ({100 * bounds[0]:.1f}–{100 * bounds[1]:.1f})"


def unreachable_sentence(u: Unreachable) -> str:
    """Why a goal cannot be met by staffing, with the attainment ceiling."""
    goal = _share(u.goal, 1 if u.goal * 1000 % 10 else 0)
    if u.ceiling is None:
        return f"{u.metric} goal {goal} is not met at any head-count searched (best {_share(u.best_attainment)})"
    return (
        f"{u.metric} goal {goal} cannot be met by staffing: even with unlimited agents (no wait for one) only "
        f"{_share(u.ceiling)} of its tickets meet the target; handling time and opening hours alone exceed it for "
        f"{_share(1 - u.ceiling)}. Change the target, the goal, the calendars or the handling"
    )
