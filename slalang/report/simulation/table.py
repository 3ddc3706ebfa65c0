"""``slalang simulate`` and ``slalang staff`` for people: a simulation's results and a
staffing plan as terminal tables (rich)."""

from __future__ import annotations

import datetime as dt

from rich.console import Console
from rich.text import Text

from ...simulation.results import SimulationResult
from ...simulation.staffing import StaffingPlan
from ...units import format_duration, format_goal, format_percent
from ..layout import Column, FittedTable


def _statistic(seconds: float | None) -> str:
    """A simulated time: ``8.4s``, ``2h 5m``; ``never`` when no piece gave a sample."""
    return "never" if seconds is None else format_duration(seconds, approximate=True)


def _share(value: float | None, digits: int = 1) -> str:
    """A share in [0, 1] as a percentage: ``73.6%``; — for none."""
    return format_percent(None if value is None else 100 * value, digits)


def render_result(result: SimulationResult, console: Console) -> None:
    start = dt.datetime.fromtimestamp(result.start_utc, dt.UTC).strftime("%Y-%m-%d %H:%MZ")
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
    table = FittedTable(
        f"Smallest head-count meeting every goal (seed {plan.seed}, {plan.simulations} simulations)",
        (
            Column("team", "name"),
            *(Column(name, justify="right") for name in ("configured", "Erlang C", "agents")),
            *(Column(name, "text") for name in ("attainment at agents", "at one fewer", "why not fewer")),
        ),
    )
    for t in plan.teams:
        goals = {f"{m.sla}.{m.metric}": m.goal for m in plan.result.metrics}
        at = "\n".join(f"{k} {_share(v)}" for k, v in t.attainment.items())
        fewer: str | Text
        if t.attainment_one_fewer is None:
            fewer = "—"
        else:
            fewer = Text()
            for i, (k, v) in enumerate(t.attainment_one_fewer.items()):
                missed = v is not None and v < goals.get(k, 0) - 1e-12
                fewer.append(("\n" if i else "") + f"{k} {_share(v)}", style="red" if missed else "")
        why = (t.why_not_fewer or "—").replace("; ", "\n")
        table.add_row(t.team, str(t.configured), str(t.erlang_c), Text(str(t.agents), style="bold"), at, fewer, why)
    console.print(table, crop=False)
    for u in plan.unreachable:
        console.print(
            f"[red]unreachable:[/red] {u.metric} goal {_share(u.goal)} is not met at any head-count searched "
            f"(best {_share(u.best_attainment)}): the calendars or handling times, not staffing, decide it"
        )
    budget = plan.credit_budget
    if budget is not None:
        means = ", ".join(f"{name} {format_percent(mean, 2)}" for name, mean in budget.mean_credit_pct.items())
        console.print(f"credit budget {format_goal(budget.max_credit_pct)}: mean credit at these head-counts: {means}")
        for name in budget.over_budget:
            console.print(f"[red]over budget:[/red] credit {name} stays above {format_goal(budget.max_credit_pct)} "
                          "at every head-count searched: the calendars or handling times, not staffing, decide it")
