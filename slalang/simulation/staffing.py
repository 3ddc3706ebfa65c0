"""``staff(policy, scenario)``: the smallest head-count per team that meets every goal.

Each head-count is judged on several replications (``replications``, 5 by default): runs
with different seeds, the same for every head-count (common random numbers: all counts are
compared on the same tickets). The first replication uses the scenario's seed (so it is the
run ``simulate`` gives), the others seeds derived from it, so the answer is reproducible. A
goal counts as met at a head-count when the lower bound of the confidence interval
(``confidence``, 95% by default, Student's t over the replications) of its attainment
reaches the goal.

0. The ceiling: with unlimited agents no piece waits for one, so what is left is handling
   time and the calendars. A goal whose mean attainment there is below the goal cannot be
   met by staffing: it is reported as unreachable, with that ceiling. A goal met there on
   average but whose interval still reaches below it (too few tickets to tell at this
   confidence) is judged by its mean, and the plan says so.
1. Start each team at its Erlang C estimate: the smallest head-count whose M/M/c figure
   reaches the strictest goal the team serves, with its load spread over its open hours
   and each piece's target (the OLA's for a via step, the metric's otherwise).
2. Up: while a goal is missed, raise every team on the routes of the missed metrics (by
   a step that grows), up to a cap; a goal still missed at the cap is unreachable too.
3. Down: team by team, lower the head-count while every goal is still met with the other
   teams at their current counts; repeat until nothing changes.

With a credit budget (``max_credit_pct``, ``slalang staff --max-credit 5%``), a head-count must
also keep the mean service credit of every ``credit`` declaration at or below the budget (over
the scenario's ``accounts`` and the replications, see ``credits``); a declaration over budget
raises the teams on the routes of the metrics it counts, and one still over budget at the
caps is reported.

Besides the goals, a team's work must fit its open hours (mean ``workload`` at most 100%):
an overloaded team can meet goals within a finite run only by pushing work past its end.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..model import PolicySet
from ..units import format_goal, format_percent
from . import clocks, erlang
from .confidence import Interval, interval
from .engine import run as run_engine
from .plan import StreamPlan, headcounts, plan_notes, plan_streams
from .results import SimulationResult, summarise
from .simulator import as_scenario, model_of, resolve_seed
from .workload import Scenario

MetricKey = tuple[str, str]  # (sla, metric)
DEFAULT_REPLICATIONS = 5
DEFAULT_CONFIDENCE = 0.95
_REPLICATION_KEY = 9  # spawn key of derived seeds, apart from the engine's own (0, 1, 2)


def replication_seeds(seed: int, replications: int) -> tuple[int, ...]:
    """The seed of each replication: ``seed`` itself, then seeds derived from it."""
    derived = [
        int(np.random.SeedSequence(seed, spawn_key=(_REPLICATION_KEY, r)).generate_state(1, np.uint64)[0] >> 1)
        for r in range(1, replications)
    ]
    return (seed, *derived)


@dataclass(frozen=True)
class Replicated:
    """The runs of one head-count assignment, one per replication seed."""

    runs: tuple[SimulationResult, ...]
    confidence: float

    def attainment(self, key: MetricKey) -> Interval | None:
        """The mean attainment of a metric and its interval (within 0..1); None when no run
        had a ticket."""
        values = [r.metric(*key).attainment for r in self.runs]
        known = [v for v in values if v is not None]
        if not known:
            return None
        found = interval(known, self.confidence)
        return Interval(found.mean, max(0.0, found.low), min(1.0, found.high))

    def met(self, key: MetricKey, by_mean: bool = False) -> bool:
        """Whether the lower bound (or, ``by_mean``, the mean) of the attainment reaches the goal."""
        found = self.attainment(key)
        if found is None:
            return True
        return (found.mean if by_mean else found.low) >= self.runs[0].metric(*key).goal - 1e-12

    def workload(self, team: str) -> float:
        return math.fsum(r.team(team).workload for r in self.runs) / len(self.runs)

    def mean_credit_pct(self, credit: str) -> float | None:
        """A credit declaration's mean credit over the replications (None without account-periods)."""
        values = [c.mean_credit_pct for r in self.runs for c in r.credits if c.credit == credit]
        known = [v for v in values if v is not None]
        return math.fsum(known) / len(known) if known else None

    def over_budget(self, max_credit_pct: float, skip: Collection[str] = ()) -> list[str]:
        """The credit declarations whose mean credit is above the budget."""
        names = [c.credit for c in self.runs[0].credits]
        return [
            name for name in names
            if name not in skip and (mean := self.mean_credit_pct(name)) is not None and mean > max_credit_pct + 1e-9
        ]

    @property
    def keys(self) -> list[MetricKey]:
        return [(m.sla, m.metric) for m in self.runs[0].metrics]


@dataclass(frozen=True)
class TeamStaffing:
    team: str
    configured: int  # the policy's agents, or the scenario's staffing
    erlang_c: int  # where the search started
    agents: int  # the smallest count meeting every reachable goal
    attainment: Mapping[str, float | None]  # "sla.metric" -> mean share met over the replications, at ``agents``
    attainment_one_fewer: Mapping[str, float | None] | None  # at ``agents - 1`` (None at 1)
    why_not_fewer: str | None = None  # what breaks at ``agents - 1``
    interval: Mapping[str, tuple[float, float] | None] = field(default_factory=dict)  # (low, high) at ``agents``
    interval_one_fewer: Mapping[str, tuple[float, float] | None] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "configured": self.configured,
            "erlang_c": self.erlang_c,
            "agents": self.agents,
            "attainment": _rounded(self.attainment),
            "attainment_interval": _rounded_pairs(self.interval),
            "attainment_one_fewer": None if self.attainment_one_fewer is None else _rounded(self.attainment_one_fewer),
            "attainment_one_fewer_interval": (
                None if self.interval_one_fewer is None else _rounded_pairs(self.interval_one_fewer)
            ),
            "why_not_fewer": self.why_not_fewer,
        }


@dataclass(frozen=True)
class Unreachable:
    """A goal that no head-count meets."""

    metric: str  # "sla.metric"
    goal: float
    best_attainment: float | None  # the best mean attainment of any head-count the search ran
    ceiling: float | None = None  # mean attainment with unlimited agents (no wait for an agent)
    ceiling_interval: tuple[float, float] | None = None

    def to_json(self) -> dict[str, Any]:
        best = None if self.best_attainment is None else round(self.best_attainment, 6)
        return {
            "metric": self.metric,
            "goal": round(self.goal, 6),
            "best_attainment": best,
            "ceiling": None if self.ceiling is None else round(self.ceiling, 6),
            "ceiling_interval": None if self.ceiling_interval is None else [round(v, 6) for v in self.ceiling_interval],
        }


@dataclass(frozen=True)
class CreditBudget:
    """``--max-credit``: the budget, each declaration's mean credit at the plan's counts, and
    the declarations no head-count within the search kept within it."""

    max_credit_pct: float
    mean_credit_pct: Mapping[str, float | None]
    over_budget: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "max_credit_pct": self.max_credit_pct,
            "mean_credit_pct": {k: None if v is None else round(v, 4) for k, v in self.mean_credit_pct.items()},
            "over_budget": list(self.over_budget),
        }


@dataclass(frozen=True)
class StaffingPlan:
    seed: int
    teams: tuple[TeamStaffing, ...]
    unreachable: tuple[Unreachable, ...]
    simulations: int  # how many runs the search took (every replication counts)
    result: SimulationResult = field(compare=False, repr=False)  # the first replication at the plan's counts
    replications: int = 1
    confidence: float = DEFAULT_CONFIDENCE
    seeds: tuple[int, ...] = ()
    judged_by_mean: tuple[str, ...] = ()  # "sla.metric" whose interval reaches below the goal even at the ceiling

    @property
    def counts(self) -> dict[str, int]:
        return {t.team: t.agents for t in self.teams}

    credit_budget: CreditBudget | None = None

    @property
    def reachable(self) -> bool:
        """Whether every goal is met at the plan's counts (no goal is unreachable, no credit
        over its budget)."""
        return not self.unreachable and (self.credit_budget is None or not self.credit_budget.over_budget)

    def to_json(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "replications": self.replications,
            "confidence": self.confidence,
            "seeds": list(self.seeds),
            "teams": {t.team: t.to_json() for t in self.teams},
            "unreachable": [u.to_json() for u in self.unreachable],
            "judged_by_mean": list(self.judged_by_mean),
            "simulations": self.simulations,
            **({"credit_budget": self.credit_budget.to_json()} if self.credit_budget is not None else {}),
        }


def erlang_estimates(model: PolicySet, scenario: Scenario, plans: tuple[StreamPlan, ...]) -> dict[str, int]:
    """Per working team, the Erlang C head-count for its load during open hours."""
    demand: dict[str, list[tuple[float, float, float, float]]] = {}  # team -> (rate, mean, target, goal)
    for plan in plans:
        stream = plan.stream
        rate = stream.rate_per_s
        if stream.profile is not None and scenario.duration_s > 0:
            profile = model.calendars[stream.profile]
            rate *= clocks.open_seconds(profile, scenario.start_utc, scenario.duration_s) / scenario.duration_s
        for route in plan.routes:
            for step in route.steps:
                target = model.olas[step.ola].target_s if step.ola else route.metric.target_s
                demand.setdefault(step.team, []).append((rate, step.time.mean_s, target, route.metric.goal / 100.0))
    estimates = {}
    for team, items in demand.items():
        rate = sum(r for r, _, _, _ in items)
        if rate <= 0:
            estimates[team] = 1
            continue
        mean_s = sum(r * m for r, m, _, _ in items) / rate
        calendar = model.calendars[model.teams[team].calendar]
        open_share = clocks.open_seconds(calendar, scenario.start_utc, scenario.duration_s) / max(1, scenario.duration_s)
        load = rate * mean_s / max(open_share, 1e-9)
        # Each kind of piece may wait what its target leaves after an average handling;
        # the strictest (goal capped at 99%: a simulated 100% is a tail, not an average).
        estimates[team] = max(
            erlang.agents_for(load, mean_s, max(0.0, target - mean_s), min(goal, 0.99), measure="wait")
            for _, _, target, goal in items
        )
    return estimates


def unlimited_agents(scenario: Scenario, plans: tuple[StreamPlan, ...]) -> int:
    """A head-count no team can keep busy: more than the pieces the scenario can bring."""
    pieces = sum(p.stream.rate_per_s * scenario.duration_s * max(1, len(p.routes)) for p in plans)
    pieces += sum(len(p.stream.at_s) * max(1, len(p.routes)) for p in plans if p.stream.at_s is not None)
    return int(2 * pieces + 10 * math.sqrt(pieces) + 10)


def staff(
    policy: Any,
    scenario: Scenario | str | os.PathLike[str] | Mapping[str, Any],
    seed: int | None = None,
    *,
    replications: int = DEFAULT_REPLICATIONS,
    confidence: float = DEFAULT_CONFIDENCE,
    on_run: Callable[[Mapping[str, int]], None] | None = None,
    max_credit_pct: float | None = None,
) -> StaffingPlan:
    """Search the smallest head-count per team at which every goal is met in simulation
    (the lower bound of its attainment's confidence interval over ``replications`` runs),
    and, with ``max_credit_pct``, every credit declaration's mean credit is at most that.

    ``on_run`` is told the head-counts of every simulation the search runs. Raises
    ``ValueError`` for a credit budget the policy or the scenario cannot judge.
    """
    if replications < 1:
        raise ValueError("replications must be at least 1")
    model = model_of(policy)
    scenario = as_scenario(scenario, model)
    if max_credit_pct is not None:
        check_credit_budget(model, scenario, max_credit_pct)
    seed = resolve_seed(scenario, seed)
    seeds = replication_seeds(seed, replications)
    plans = plan_streams(model, scenario)
    configured = headcounts(model, scenario, plans)
    notes = tuple(plan_notes(model, scenario))
    estimates = {team: max(1, estimates) for team, estimates in erlang_estimates(model, scenario, plans).items()}
    teams = list(configured)
    routes_of: dict[MetricKey, set[str]] = {}
    for plan in plans:
        for route in plan.routes:
            routes_of.setdefault((route.sla.name, route.metric.kind), set()).update(s.team for s in route.steps)

    cache: dict[tuple[int, ...], Replicated] = {}
    runs = [0]

    def evaluate(counts: Mapping[str, int]) -> Replicated:
        key = tuple(counts[t] for t in teams)
        if key not in cache:
            staffed = scenario.with_staffing(counts)
            results = []
            for run_seed in seeds:
                if on_run is not None:
                    on_run(dict(counts))
                raw = run_engine(model, staffed, plans, dict(counts), run_seed)
                results.append(summarise(model, staffed, plans, raw, run_seed, notes))
                runs[0] += 1
            cache[key] = Replicated(tuple(results), confidence)
        return cache[key]

    def missed(result: Replicated, skip: set[MetricKey]) -> list[MetricKey]:
        return [key for key in result.keys if key not in skip and not result.met(key, key in by_mean)]

    credit_keys = credited_metrics(model, plans)
    broke: set[str] = set()  # credit declarations no head-count keeps within the budget

    def costly(result: Replicated) -> list[str]:
        return [] if max_credit_pct is None else result.over_budget(max_credit_pct, broke)

    def overloaded(result: Replicated) -> list[str]:
        return [t for t in teams if result.workload(t) > 1.0]

    def acceptable(result: Replicated) -> bool:
        return not missed(result, unreachable) and not costly(result) and not overloaded(result)

    ceiling = evaluate({team: unlimited_agents(scenario, plans) for team in teams}) if teams else None
    unreachable: set[MetricKey] = set()
    by_mean: set[MetricKey] = set()
    if ceiling is not None:
        unreachable = {key for key in ceiling.keys if not ceiling.met(key, by_mean=True)}
        by_mean = {key for key in ceiling.keys if key not in unreachable and not ceiling.met(key)}
    counts = {team: estimates.get(team, configured[team]) for team in teams}
    caps = {team: max(4 * counts[team], counts[team] + 20, 2 * configured[team]) for team in teams}
    growth = {team: 1 for team in teams}
    result = evaluate(counts)
    while True:
        failing = missed(result, unreachable)
        expensive = costly(result)
        if not failing and not expensive and not overloaded(result):
            break
        keys = failing + [key for name in expensive for key in credit_keys.get(name, ())]
        raise_teams = sorted(
            {t for key in keys for t in routes_of.get(key, ())} | set(overloaded(result)), key=teams.index
        )
        raisable = [t for t in raise_teams if counts[t] < caps[t]]
        if not raisable:
            unreachable.update(failing)
            broke.update(expensive)
            if not overloaded(result):
                break
            caps.update({t: 2 * caps[t] for t in overloaded(result)})
            continue
        for team in raisable:
            counts[team] = min(caps[team], counts[team] + growth[team])
            growth[team] *= 2
        result = evaluate(counts)
    changed = True
    while changed:
        changed = False
        for team in teams:
            step = 1  # galloping descent: the step doubles while lower counts still pass
            while counts[team] > 1:
                trial = {**counts, team: max(1, counts[team] - step)}
                if acceptable(evaluate(trial)):
                    counts = trial
                    changed = True
                    step *= 2
                elif step > 1:
                    step = 1
                else:
                    break
    final = evaluate(counts)
    staffing = []
    for team in teams:
        served = [key for key, on_route in routes_of.items() if team in on_route]
        fewer = evaluate({**counts, team: counts[team] - 1}) if counts[team] > 1 else None
        staffing.append(
            TeamStaffing(
                team=team,
                configured=configured[team],
                erlang_c=estimates.get(team, configured[team]),
                agents=counts[team],
                attainment=_means(final, served),
                attainment_one_fewer=None if fewer is None else _means(fewer, served),
                why_not_fewer=None if fewer is None else _why(fewer, team, unreachable, by_mean, max_credit_pct, broke),
                interval=_intervals(final, served),
                interval_one_fewer=None if fewer is None else _intervals(fewer, served),
            )
        )
    order = final.keys
    best = {
        key: max((found.mean for r in cache.values() if (found := r.attainment(key)) is not None), default=None)
        for key in unreachable
    }
    gone: list[Unreachable] = []
    for key in sorted(unreachable, key=order.index):
        top = ceiling.attainment(key) if ceiling is not None else None
        gone.append(
            Unreachable(
                f"{key[0]}.{key[1]}",
                final.runs[0].metric(*key).goal,
                best[key],
                None if top is None else top.mean,
                None if top is None else (top.low, top.high),
            )
        )
    return StaffingPlan(
        seed=seed,
        teams=tuple(staffing),
        unreachable=tuple(gone),
        simulations=runs[0],
        result=final.runs[0],
        replications=replications,
        confidence=confidence,
        seeds=seeds,
        judged_by_mean=tuple(f"{sla}.{metric}" for sla, metric in sorted(by_mean, key=order.index)),
        credit_budget=None if max_credit_pct is None else CreditBudget(
            max_credit_pct, {c.credit: final.mean_credit_pct(c.credit) for c in final.runs[0].credits},
            tuple(name for name in model.credits if name in broke),
        ),
    )


def check_credit_budget(model: PolicySet, scenario: Scenario, max_credit_pct: float) -> None:
    """A budget needs credits to judge and accounts to judge them over."""
    if not 0 <= max_credit_pct <= 100:
        raise ValueError(f"a credit budget is a percentage from 0% to 100%, not {max_credit_pct:g}%")
    if not model.credits:
        raise ValueError("the policy declares no `credit`: there is no credit to keep within a budget")
    if scenario.accounts is None:
        raise ValueError("the scenario has no `accounts` (e.g. accounts: {per: customer.id, count: 40}): "
                         "credits are judged per account")


def credited_metrics(model: PolicySet, plans: tuple[StreamPlan, ...]) -> dict[str, set[MetricKey]]:
    """Per credit declaration, the simulated (SLA, metric) routes whose runs it counts."""
    found: dict[str, set[MetricKey]] = {}
    for credit in model.credits.values():
        for plan in plans:
            if plan.sla is None or plan.sla.name not in credit.slas:
                continue
            counted = credit.counts(plan.sla)
            for route in plan.routes:
                if route.metric.kind in counted:
                    found.setdefault(credit.name, set()).add((plan.sla.name, route.metric.kind))
    return found


def over_budget(result: SimulationResult, max_credit_pct: float, skip: Collection[str] = ()) -> list[str]:
    """The credit declarations whose mean credit in one run is above the budget."""
    return [
        c.credit for c in result.credits
        if c.credit not in skip and c.mean_credit_pct is not None and c.mean_credit_pct > max_credit_pct + 1e-9
    ]


def sweep_counts(count: int, around: int) -> range:
    """The head-counts a sweep tries for a team of ``count``: ``around`` either side, at least 1."""
    return range(max(1, count - around), count + around + 1)


def sweep_runs(base: SimulationResult, around: int = 2) -> int:
    """How many simulations ``sweep(..., around=around, base=base)`` runs (``base`` is reused)."""
    agents = {team.team: team.agents for team in base.teams}
    return sum(len(sweep_counts(agents[team], around)) - 1 for team in base.served)


def sweep(
    policy: Any,
    scenario: Scenario | str | os.PathLike[str] | Mapping[str, Any],
    seed: int | None = None,
    *,
    around: int = 2,
    base: SimulationResult | None = None,
    on_run: Callable[[Mapping[str, int]], None] | None = None,
) -> dict[str, list[tuple[int, SimulationResult]]]:
    """Per working team, runs at ``around`` head-counts either side of its own (at least 1),
    the other teams at theirs: the data of the attainment-against-head-count chart."""
    model = model_of(policy)
    scenario = as_scenario(scenario, model)
    seed = resolve_seed(scenario, seed)
    plans = plan_streams(model, scenario)
    configured = headcounts(model, scenario, plans)
    notes = tuple(plan_notes(model, scenario))
    out: dict[str, list[tuple[int, SimulationResult]]] = {}
    for team, count in configured.items():
        runs = []
        for trial in sweep_counts(count, around):
            if trial == count and base is not None:
                runs.append((trial, base))
                continue
            counts = {**configured, team: trial}
            if on_run is not None:
                on_run(counts)
            staffed = scenario.with_staffing(counts)
            runs.append((trial, summarise(model, staffed, plans, run_engine(model, staffed, plans, counts, seed), seed, notes)))
        out[team] = runs
    return out


def _why(
    result: Replicated, team: str, unreachable: set[MetricKey], by_mean: set[MetricKey],
    max_credit_pct: float | None = None, broke: Collection[str] = (),
) -> str:
    reasons = []
    load = result.workload(team)
    if load > 1.0:
        reasons.append(f"{team} overloaded: workload {100 * load:.0f}% of its open hours")
    for key in result.keys:
        if key in unreachable or result.met(key, key in by_mean):
            continue
        found = result.attainment(key)
        goal = 100 * result.runs[0].metric(*key).goal
        if found is not None:
            reasons.append(
                f"{key[0]}.{key[1]} {format_percent(100 * found.mean)} (at least {format_percent(100 * found.low)}) "
                f"< goal {format_goal(goal)}"
            )
    if max_credit_pct is not None:
        for name in result.over_budget(max_credit_pct, broke):
            mean = result.mean_credit_pct(name) or 0.0
            reasons.append(f"credit {name} {format_percent(mean, 2)} > budget {format_goal(max_credit_pct)}")
    for t in result.runs[0].teams:
        if t.team != team and result.workload(t.team) > 1.0:
            reasons.append(f"{t.team} overloaded")
    return "; ".join(reasons) or "no goal breaks (the search stopped at the floor)"


def _ordered(result: Replicated, keys: list[MetricKey]) -> list[MetricKey]:
    order = result.keys
    return sorted(keys, key=order.index)


def _means(result: Replicated, keys: list[MetricKey]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for key in _ordered(result, keys):
        found = result.attainment(key)
        out[f"{key[0]}.{key[1]}"] = None if found is None else found.mean
    return out


def _intervals(result: Replicated, keys: list[MetricKey]) -> dict[str, tuple[float, float] | None]:
    out: dict[str, tuple[float, float] | None] = {}
    for key in _ordered(result, keys):
        found = result.attainment(key)
        out[f"{key[0]}.{key[1]}"] = None if found is None else (found.low, found.high)
    return out


def _rounded(values: Mapping[str, float | None]) -> dict[str, float | None]:
    return {k: None if v is None else round(v, 6) for k, v in values.items()}


def _rounded_pairs(values: Mapping[str, tuple[float, float] | None]) -> dict[str, list[float] | None]:
    return {k: None if v is None else [round(v[0], 6), round(v[1], 6)] for k, v in values.items()}


__all__ = [
    "CreditBudget",
    "DEFAULT_CONFIDENCE",
    "DEFAULT_REPLICATIONS",
    "StaffingPlan",
    "TeamStaffing",
    "Unreachable",
    "erlang_estimates",
    "replication_seeds",
    "staff",
    "sweep",
]
