"""``simulate(policy, scenario, seed)``: plan, run the event loop, summarise."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

from ..model import PolicySet
from . import engine
from .engine import ProgressFn
from .plan import headcounts, plan_notes, plan_streams
from .results import SimulationResult, summarise
from .scenario import load_scenario, scenario_from_data
from .workload import Scenario

DEFAULT_SEED = 0
MAX_SEED = 2**63 - 1
"""Seeds are whole numbers from 0 to this (what a signed 64-bit integer holds)."""


def model_of(policy: Any) -> PolicySet:
    """A ``PolicySet`` from a ``Policy`` (``.model``) or a ``PolicySet``."""
    model = getattr(policy, "model", policy)
    if not isinstance(model, PolicySet):
        raise TypeError(f"expected a Policy or PolicySet, got {type(policy).__name__}")
    return model


def as_scenario(scenario: Scenario | str | os.PathLike[str] | Mapping[str, Any], model: PolicySet) -> Scenario:
    """A validated ``Scenario`` from a Scenario, a path to a YAML file, or a parsed mapping."""
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, (str, os.PathLike)):
        return load_scenario(scenario, model)
    if isinstance(scenario, Mapping):
        return scenario_from_data(dict(scenario), model)
    raise TypeError(f"expected a Scenario, a path or a mapping, got {type(scenario).__name__}")


def parse_staffing(policy: Any, items: Iterable[str]) -> dict[str, int]:
    """Head-count overrides written ``TEAM=N`` (as ``slalang simulate --staffing`` takes
    them); raises ValueError naming the item that is not a team of the policy with N >= 1."""
    model = model_of(policy)
    counts: dict[str, int] = {}
    for item in items:
        team, _, count = item.partition("=")
        if team not in model.teams or not count.isdigit() or int(count) < 1:
            raise ValueError(f"{item!r}: expected TEAM=N with a team of the policy and N >= 1")
        counts[team] = int(count)
    return counts


def resolve_seed(scenario: Scenario, seed: int | None) -> int:
    """The explicit seed, else the scenario's, else 0: a run is always reproducible."""
    if seed is not None:
        return int(seed)
    return int(scenario.seed) if scenario.seed is not None else DEFAULT_SEED


def simulate(
    policy: Any,
    scenario: Scenario | str | os.PathLike[str] | Mapping[str, Any],
    seed: int | None = None,
    *,
    staffing: Mapping[str, int] | None = None,
    progress: ProgressFn | None = None,
    method: str = "auto",
) -> SimulationResult:
    """Simulate ``scenario`` against ``policy``; the same scenario and seed give the same result.

    ``staffing`` overrides head-counts on top of the scenario's own ``staffing``.
    ``progress`` is called with the share of simulated time done, now and then.
    ``method="events"`` forces the general event loop where an exact in-order shortcut
    would otherwise be used (see ``fcfs``); the results are the same.
    """
    model = model_of(policy)
    scenario = as_scenario(scenario, model)
    if staffing:
        scenario = scenario.with_staffing(staffing)
    seed = resolve_seed(scenario, seed)
    plans = plan_streams(model, scenario)
    counts = headcounts(model, scenario, plans)
    raw = engine.run(model, scenario, plans, counts, seed, progress=progress, method=method)
    return summarise(model, scenario, plans, raw, seed, tuple(plan_notes(model, scenario)))
