"""Which work each arriving ticket brings: its SLA, and per simulated metric the teams in turn.

An arrival stream's tickets all carry the same attributes, so the governing SLA (decided
with ``governing_sla`` as in evaluation.md) and the routes are worked out once per stream.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..conditions import chosen_calendar, governing_sla
from ..located_yaml import Path
from ..model import Calendar, Metric, PolicySet, Sla
from ..suggestions import name_hint
from .distributions import Distribution
from .workload import CODE_INVALID, CODE_UNKNOWN, ArrivalStream, Scenario, WorkSpec

SIMULATED_METRICS = ("first_response", "resolution")


@dataclass(frozen=True)
class Step:
    """One piece of work: done by ``team`` (for the OLA ``ola`` of a via chain, if any)."""

    team: str
    ola: str | None
    time: Distribution


@dataclass(frozen=True)
class Route:
    """How one metric of one SLA is delivered: its steps in order, and the calendar its
    deadline counts on (the metric's or the SLA's, chosen for the stream's attributes)."""

    sla: Sla
    metric: Metric
    work_key: str
    steps: tuple[Step, ...]
    calendar: Calendar
    patience: Distribution | None = None


@dataclass(frozen=True)
class StreamPlan:
    stream: ArrivalStream
    sla: Sla | None
    routes: tuple[Route, ...]


def work_for(scenario: Scenario, sla: Sla, kind: str) -> WorkSpec | None:
    """``work["sla.metric"]`` if given, else ``work["metric"]``."""
    return scenario.work.get(f"{sla.name}.{kind}") or scenario.work.get(kind)


def route_for(
    model: PolicySet, spec: WorkSpec, sla: Sla, metric: Metric, attrs: Mapping[str, Any]
) -> Route | None:
    """The route of ``metric`` under ``sla`` for tickets with ``attrs``; None when it has
    neither a via chain nor a team."""
    if metric.via:
        steps = tuple(
            Step(model.olas[name].team, name, spec.steps.get(name, spec.time)) for name in metric.via
        )
    elif spec.team is not None:
        steps = (Step(spec.team, None, spec.time),)
    else:
        return None
    calendar = chosen_calendar(model, sla.calendar_of(metric), attrs)
    return Route(sla, metric, spec.key, steps, calendar, spec.patience)


def plan_streams(model: PolicySet, scenario: Scenario) -> tuple[StreamPlan, ...]:
    """Every stream's SLA and routes (the scenario is assumed valid: see ``plan_problems``)."""
    plans = []
    for stream in scenario.arrivals:
        sla = governing_sla(model, stream.attrs)
        routes: list[Route] = []
        if sla is not None:
            for metric in sla.metrics:
                spec = work_for(scenario, sla, metric.kind)
                if spec is None or metric.kind not in SIMULATED_METRICS:
                    continue
                route = route_for(model, spec, sla, metric, stream.attrs)
                if route is not None:
                    routes.append(route)
        plans.append(StreamPlan(stream, sla, tuple(routes)))
    return tuple(plans)


def headcounts(model: PolicySet, scenario: Scenario, plans: tuple[StreamPlan, ...]) -> dict[str, int]:
    """Head-count of every team that receives work, in policy order (staffing over agents)."""
    working = {step.team for plan in plans for route in plan.routes for step in route.steps}
    counts = {}
    for name, team in model.teams.items():
        if name in working:
            count = scenario.staffing.get(name, team.agents)
            if count is None:
                raise ValueError(f"team {name} has no head-count")
            counts[name] = int(count)
    return counts


def plan_problems(model: PolicySet, scenario: Scenario) -> list[tuple[Path, str, str | None, str]]:
    """What stops the scenario from being simulated against this policy: (path, message, hint, code)."""
    problems: list[tuple[Path, str, str | None, str]] = []
    sla_names = [s.name for s in model.slas]
    for key in scenario.work:
        path: Path = ("work", key)
        sla_name, _, kind = key.rpartition(".")
        if kind == "next_response":
            problems.append((path, "next_response cannot be simulated: a scenario has no customer replies",
                             "remove it; simulation measures first_response and resolution", CODE_INVALID))
            continue
        if sla_name:
            if sla_name not in sla_names:
                problems.append((path, f"unknown SLA `{sla_name}`", name_hint(sla_name, sla_names, "SLAs"), CODE_UNKNOWN))
            elif model.sla(sla_name).metric(kind) is None:
                problems.append((path, f"SLA `{sla_name}` has no {kind} metric",
                                 f"work for {sla_name} may name: " + ", ".join(m.kind for m in model.sla(sla_name).metrics),
                                 CODE_INVALID))
    if problems:
        return problems
    missing_team: dict[str, list[str]] = {}
    for stream, sla in plan_streams_unchecked(model, scenario):
        if sla is None:
            continue
        for metric in sla.metrics:
            spec = work_for(scenario, sla, metric.kind)
            if spec is None or metric.kind not in SIMULATED_METRICS:
                continue
            if route_for(model, spec, sla, metric, stream.attrs) is None:
                missing_team.setdefault(spec.key, []).append(f"{sla.name} (arrivals[{stream.index}])")
    for key, users in missing_team.items():
        kind = key.rpartition(".")[2]
        problems.append(((
            "work", key),
            f"no team does this work: it has no `team`, and SLA {', '.join(dict.fromkeys(users))} has no `via` chain for {kind}",
            f"add `team: NAME` to work.{key}, or a `via` chain to the SLA's {kind}",
            CODE_INVALID,
        ))
    if problems:
        return problems
    plans = plan_streams(model, scenario)
    for name, team in model.teams.items():
        used = any(step.team == name for p in plans for r in p.routes for step in r.steps)
        if used and scenario.staffing.get(name) is None and team.agents is None:
            problems.append((("staffing",), f"team `{name}` receives work but has no `agents` in the policy",
                             f"give it a head-count here, e.g. staffing: {{{name}: 3}}", CODE_INVALID))
    return problems


def plan_streams_unchecked(model: PolicySet, scenario: Scenario) -> list[tuple[ArrivalStream, Sla | None]]:
    return [(stream, governing_sla(model, stream.attrs)) for stream in scenario.arrivals]


def plan_notes(model: PolicySet, scenario: Scenario) -> list[str]:
    """Things worth knowing that do not stop a simulation (streams no SLA governs, idle work)."""
    notes = []
    plans = plan_streams(model, scenario)
    for plan in plans:
        if plan.sla is None:
            notes.append(f"arrivals[{plan.stream.index}]: no SLA governs these tickets; they are not measured")
        elif not plan.routes:
            notes.append(f"arrivals[{plan.stream.index}]: SLA {plan.sla.name} has no metric with work in this scenario")
    used = {route.work_key for plan in plans for route in plan.routes}
    for key in scenario.work:
        if key not in used:
            notes.append(f"work.{key}: no arriving ticket's SLA uses this work")
    governing = dict.fromkeys(plan.sla.name for plan in plans if plan.sla is not None)
    for name in governing:
        measures = model.sla(name).measures
        if measures:
            listed = ", ".join(m.name for m in measures)
            notes.append(f"SLA {name}: its measures ({listed}) are not simulated; only first_response and resolution are")
    return notes + credit_notes(model, scenario)


def credit_notes(model: PolicySet, scenario: Scenario) -> list[str]:
    """Whether the scenario's ``accounts`` can tell what the policy's credits cost."""
    if scenario.accounts is None:
        return []
    per = ".".join(scenario.accounts.per)
    if not model.credits:
        return [f"accounts: the policy declares no `credit`, so accounts ({per}) cost nothing"]
    return [
        f"credit {credit.name}: reads its account from {'.'.join(credit.per)}, not {per}; every ticket of a stream "
        "is one account"
        for credit in model.credits.values()
        if credit.per != scenario.accounts.per
    ]

