"""Discrete-event simulation of tickets against a policy, Erlang formulas, staffing search.

``simulate(policy, scenario, seed=None) -> SimulationResult`` and
``staff(policy, scenario, ...) -> StaffingPlan``; see docs/simulation.md.
"""

from __future__ import annotations

from .predictions import ErlangFigures
from .results import MetricResult, SimulationResult, TeamResult
from .scenario import ScenarioError, load_scenario, parse_scenario, scenario_from_data
from .simulator import MAX_SEED, parse_staffing, simulate
from .staffing import StaffingPlan, TeamStaffing, staff
from .workload import Scenario

__all__ = [
    "ErlangFigures",
    "MAX_SEED",
    "MetricResult",
    "Scenario",
    "ScenarioError",
    "SimulationResult",
    "StaffingPlan",
    "TeamResult",
    "TeamStaffing",
    "load_scenario",
    "parse_scenario",
    "parse_staffing",
    "scenario_from_data",
    "simulate",
    "staff",
]
