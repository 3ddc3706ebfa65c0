"""Shared helpers: policies compiled from text, scenarios as dicts, and Little's law on every run."""

from __future__ import annotations

import math
from typing import Any

import pytest

import slalang
from slalang.simulation import SimulationResult, simulate

START = "2026-01-05T00:00:00+00:00"  # a Monday, UTC


def mmc_policy(agents: int, target: str = "1h", goal: str = "80%"):
    return slalang.loads(
        f"""
team desk {{ calendar always agents {agents} }}
sla only {{ first_response within {target} goal {goal} }}
"""
    )


def mmc_scenario(rate: str, mean: str, duration: str, seed: int = 1, **extra: Any) -> dict[str, Any]:
    work: dict[str, Any] = {"team": "desk", "time": {"dist": "exponential", "mean": mean}}
    work.update(extra)
    return {
        "start": START,
        "duration": duration,
        "seed": seed,
        "arrivals": [{"rate": rate}],
        "work": {"first_response": work},
    }


def assert_little(result: SimulationResult) -> None:
    """L = λW per team: the time-average queue length (integrated by the event loop) equals
    the arrival rate of pieces times their mean wait (measured per piece)."""
    for team in result.teams:
        if not team.pieces:
            continue
        rate = team.pieces / result.end_s
        assert math.isclose(team.mean_queue, rate * team.mean_wait_s, rel_tol=1e-9, abs_tol=1e-12), team


@pytest.fixture(autouse=True)
def little_on_every_run(monkeypatch):
    """Every simulation any test runs (simulate, staff, sweep) is checked against L = λW."""
    from slalang.simulation import simulator, staffing

    original = simulator.summarise
    checked = []

    def summarise_and_check(*args, **kwargs):
        result = original(*args, **kwargs)
        assert_little(result)
        checked.append(result)
        return result

    monkeypatch.setattr(simulator, "summarise", summarise_and_check)
    monkeypatch.setattr(staffing, "summarise", summarise_and_check)
    return checked


@pytest.fixture
def run(little_on_every_run):
    """``simulate``, with a check that Little's law was verified on its result."""

    def go(policy, scenario, seed=None, **kwargs) -> SimulationResult:
        before = len(little_on_every_run)
        result = simulate(policy, scenario, seed=seed, **kwargs)
        assert len(little_on_every_run) == before + 1
        return result

    return go
