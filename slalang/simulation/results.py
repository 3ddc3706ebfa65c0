"""Typed results of a simulation, summarised from the event loop's raw record."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..model import METRICS, PolicySet
from . import clocks
from .credits import SimulatedCredit, simulated_credits
from .plan import StreamPlan
from .predictions import ErlangFigures, metric_predictions, team_predictions
from .raw import RawRun
from .workload import Scenario

PERCENTILES = (50, 90, 99)


@dataclass(frozen=True)
class MetricResult:
    sla: str
    metric: str
    tickets: int
    met: int
    attainment: float | None  # share met, None without tickets
    goal: float  # share that must meet the target (0.95 for 95%)
    target_s: int
    p50_s: float | None  # counted seconds to stop; None where a share never stopped
    p90_s: float | None
    p99_s: float | None
    breaches: int  # tickets - met (late, abandoned or never finished)
    abandoned: int = 0
    erlang_c_attainment: float | None = None  # M/M/c prediction, where it applies

    @property
    def goal_met(self) -> bool:
        return self.attainment is None or self.attainment >= self.goal - 1e-12

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "tickets": self.tickets,
            "met": self.met,
            "attainment": None if self.attainment is None else round(self.attainment, 6),
            "goal": round(self.goal, 6),
            "p50_s": _round(self.p50_s, 1),
            "p90_s": _round(self.p90_s, 1),
            "p99_s": _round(self.p99_s, 1),
            "breaches": self.breaches,
        }
        if self.abandoned:
            out["abandoned"] = self.abandoned
        if self.erlang_c_attainment is not None:
            out["erlang_c"] = {"attainment": round(self.erlang_c_attainment, 6)}
        return out


@dataclass(frozen=True)
class TeamResult:
    team: str
    agents: int
    utilisation: float  # handling time / (agents x open time of the team's calendar)
    pieces: int
    p_wait: float | None  # share of pieces that waited at all
    mean_wait_s: float | None  # wall seconds in queue
    p90_wait_s: float | None
    mean_queue: float  # time-average number of pieces waiting
    workload: float = 0.0  # handling time / (agents x open time within the scenario's duration)
    abandoned: int = 0
    erlang: ErlangFigures | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "agents": self.agents,
            "utilisation": round(self.utilisation, 6),
            "pieces": self.pieces,
            "p_wait": _round(self.p_wait, 6),
            "mean_wait_s": _round(self.mean_wait_s, 2),
            "p90_wait_s": _round(self.p90_wait_s, 1),
        }
        if self.abandoned:
            out["abandoned"] = self.abandoned
        if self.erlang is not None:
            out[self.erlang.model] = self.erlang.to_json()
        return out


@dataclass(frozen=True)
class SimulationResult:
    scenario: str
    seed: int
    start_utc: int
    duration_s: int
    end_s: float  # when the last piece finished, seconds after the start
    tickets: int  # arrivals
    metrics: tuple[MetricResult, ...]
    teams: tuple[TeamResult, ...]
    notes: tuple[str, ...] = ()
    served: Mapping[str, tuple[str, ...]] = field(default_factory=dict, compare=False)  # team -> "sla.metric"s
    raw: RawRun | None = field(default=None, compare=False, repr=False)
    credits: tuple[SimulatedCredit, ...] = ()  # with the scenario's ``accounts``: per credit declaration

    def credit(self, name: str) -> SimulatedCredit:
        for c in self.credits:
            if c.credit == name:
                return c
        raise KeyError(name)

    @property
    def goals_met(self) -> bool:
        return all(m.goal_met for m in self.metrics)

    def metric(self, sla: str, metric: str) -> MetricResult:
        for m in self.metrics:
            if m.sla == sla and m.metric == metric:
                return m
        raise KeyError(f"{sla}.{metric}")

    def team(self, name: str) -> TeamResult:
        for t in self.teams:
            if t.team == name:
                return t
        raise KeyError(name)

    def to_json(self) -> dict[str, Any]:
        slas: dict[str, dict[str, Any]] = {}
        for m in self.metrics:
            slas.setdefault(m.sla, {})[m.metric] = m.to_json()
        out: dict[str, Any] = {"slas": slas, "teams": {t.team: t.to_json() for t in self.teams}}
        if self.credits:
            out["credits"] = {c.credit: c.to_json() for c in self.credits}
        return out


def summarise(
    model: PolicySet,
    scenario: Scenario,
    plans: tuple[StreamPlan, ...],
    raw: RawRun,
    seed: int,
    notes: tuple[str, ...] = (),
) -> SimulationResult:
    team_figures = team_predictions(model, scenario, plans, {t.name: t.agents for t in raw.teams})
    metric_figures = metric_predictions(model, scenario, plans, {t.name: t.agents for t in raw.teams})
    grouped: dict[tuple[str, str], list] = {}
    for run in raw.routes:
        route = plans[run.stream].routes[run.plan_route]
        grouped.setdefault((route.sla.name, route.metric.kind), []).append((route, run))
    metrics = []
    for sla in model.slas:
        for kind in METRICS:
            runs = grouped.get((sla.name, kind))
            if not runs:
                continue
            route = runs[0][0]
            counted = np.concatenate(
                [clocks.counted(r.calendar, scenario.start_utc, run.arrivals_s, run.stops_s) for r, run in runs]
            )
            met = int(sum(int(np.count_nonzero(run.stops_s <= run.deadlines_s)) for _, run in runs))
            tickets = int(counted.size)
            p50, p90, p99 = _percentiles(counted)
            metrics.append(
                MetricResult(
                    sla=sla.name,
                    metric=kind,
                    tickets=tickets,
                    met=met,
                    attainment=met / tickets if tickets else None,
                    goal=route.metric.goal / 100.0,
                    target_s=route.metric.target_s,
                    p50_s=p50,
                    p90_s=p90,
                    p99_s=p99,
                    breaches=tickets - met,
                    abandoned=int(sum(int(np.count_nonzero(run.abandoned)) for _, run in runs)),
                    erlang_c_attainment=metric_figures.get((sla.name, kind)),
                )
            )
    teams = []
    for team_run in raw.teams:
        calendar = model.calendars[model.teams[team_run.name].calendar]
        available = team_run.agents * clocks.open_seconds(calendar, scenario.start_utc, raw.end_s)
        paid = team_run.agents * clocks.open_seconds(calendar, scenario.start_utc, scenario.duration_s)
        waits = team_run.all_waits_s
        pieces = int(waits.size)
        teams.append(
            TeamResult(
                team=team_run.name,
                agents=team_run.agents,
                utilisation=team_run.busy_s / available if available > 0 else 0.0,
                pieces=pieces,
                p_wait=float(np.count_nonzero(waits > 0)) / pieces if pieces else None,
                mean_wait_s=math.fsum(waits.tolist()) / pieces if pieces else None,
                p90_wait_s=float(np.percentile(waits, 90)) if pieces else None,
                mean_queue=team_run.queue_area / raw.end_s if raw.end_s > 0 else 0.0,
                workload=team_run.busy_s / paid if paid > 0 else math.inf,
                abandoned=team_run.abandoned,
                erlang=team_figures.get(team_run.name),
            )
        )
    served: dict[str, list[str]] = {}
    for plan in plans:
        for route in plan.routes:
            for step in route.steps:
                key = f"{route.sla.name}.{route.metric.kind}"
                if key not in served.setdefault(step.team, []):
                    served[step.team].append(key)
    order = [f"{m.sla}.{m.metric}" for m in metrics]
    return SimulationResult(
        served={team: tuple(sorted(keys, key=order.index)) for team, keys in served.items()},
        scenario=scenario.name,
        seed=seed,
        start_utc=scenario.start_utc,
        duration_s=scenario.duration_s,
        end_s=raw.end_s,
        tickets=raw.arrivals,
        metrics=tuple(metrics),
        teams=tuple(teams),
        notes=notes,
        raw=raw,
        credits=simulated_credits(model, scenario, plans, raw, seed),
    )


def _percentiles(values: np.ndarray) -> tuple[float | None, ...]:
    if values.size == 0:
        return (None,) * len(PERCENTILES)
    with np.errstate(invalid="ignore"):
        found = np.percentile(values, PERCENTILES)
    return tuple(float(v) if math.isfinite(v) else None for v in found)


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)
