"""Erlang C / Erlang A figures for the parts of a scenario that match their assumptions.

A team is an M/M/c queue when it works on an always-open calendar, every piece it gets is
the only step of its route (no via chain feeding it), the streams feeding it have no
arrival profile, and every piece's handling time is exponential with one mean. With no
patience that is Erlang C; with exponential patience of one mean, Erlang A.

A metric's attainment is predicted (Erlang C) when, besides, its SLA counts on an
always-open calendar and every piece the team gets carries the same target on such a
clock, so that earliest-deadline-first serves in arrival order, as the formula assumes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..model import PolicySet
from . import erlang
from .distributions import Exponential
from .plan import Route, StreamPlan
from .workload import Scenario


@dataclass(frozen=True)
class ErlangFigures:
    """The queueing-formula prediction for a team that matches its assumptions."""

    model: str  # "erlang_c" (M/M/c) or "erlang_a" (M/M/c+M, with abandonment)
    load_erlangs: float
    p_wait: float
    mean_wait_s: float
    p_abandon: float | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "model": self.model,
            "load_erlangs": round(self.load_erlangs, 4),
            "p_wait": round(self.p_wait, 6),
            "mean_wait_s": round(self.mean_wait_s, 2),
        }
        if self.p_abandon is not None:
            out["p_abandon"] = round(self.p_abandon, 6)
        return out


def markovian_teams(
    model: PolicySet, plans: tuple[StreamPlan, ...]
) -> dict[str, tuple[float, float, float | None, list[Route]]]:
    """Team -> (arrival rate per second, mean handling s, mean patience s or None, routes)."""
    feeding: dict[str, list[tuple[StreamPlan, Route, int]]] = {}
    for plan in plans:
        for route in plan.routes:
            for k, step in enumerate(route.steps):
                feeding.setdefault(step.team, []).append((plan, route, k))
    out = {}
    for team, uses in feeding.items():
        if not model.calendars[model.teams[team].calendar].is_always:
            continue
        if any(len(route.steps) != 1 or plan.stream.profile is not None or plan.stream.at_s is not None for plan, route, _ in uses):
            continue
        times = {route.steps[0].time for _, route, _ in uses}
        if len(times) != 1 or not isinstance(next(iter(times)), Exponential):
            continue
        patience = {route.patience for _, route, _ in uses}
        if len(patience) != 1:
            continue
        mean_patience = next(iter(patience))
        if mean_patience is not None and not isinstance(mean_patience, Exponential):
            continue
        rate = sum(plan.stream.rate_per_s for plan, _, _ in uses)
        if rate <= 0:
            continue
        out[team] = (
            rate,
            next(iter(times)).mean_s,
            None if mean_patience is None else mean_patience.mean_s,
            [route for _, route, _ in uses],
        )
    return out


def team_predictions(
    model: PolicySet, scenario: Scenario, plans: tuple[StreamPlan, ...], counts: Mapping[str, int]
) -> dict[str, ErlangFigures]:
    figures = {}
    for team, (rate, mean_s, patience_s, _) in markovian_teams(model, plans).items():
        agents = counts[team]
        load = rate * mean_s
        if patience_s is None:
            if load >= agents:
                continue  # no steady state to predict
            figures[team] = ErlangFigures(
                "erlang_c", load, erlang.erlang_c(agents, load), erlang.mean_wait_s(agents, load, mean_s)
            )
        else:
            a = erlang.erlang_a(agents, rate, mean_s, patience_s)
            figures[team] = ErlangFigures("erlang_a", load, a.p_wait, a.mean_wait_s, a.p_abandon)
    return figures


def metric_predictions(
    model: PolicySet, scenario: Scenario, plans: tuple[StreamPlan, ...], counts: Mapping[str, int]
) -> dict[tuple[str, str], float]:
    out = {}
    for team, (rate, mean_s, patience_s, routes) in markovian_teams(model, plans).items():
        if patience_s is not None:
            continue
        clocks_always = all(r.calendar.is_always for r in routes)
        targets = {r.metric.target_s for r in routes}
        if not clocks_always or len(targets) != 1:
            continue
        agents = counts[team]
        load = rate * mean_s
        if load >= agents:
            continue
        for route in routes:
            out[(route.sla.name, route.metric.kind)] = erlang.response_within(agents, load, mean_s, route.metric.target_s)
    return out
