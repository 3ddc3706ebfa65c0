"""``slalang simulate`` and ``slalang staff`` tables for people, against golden files (the
simulations are the same on every machine: tests/simulation/test_engine.py)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from golden import assert_golden
from rich.console import Console

import slalang
from slalang.report.simulation import render_result, render_staffing
from slalang.simulation import parse_scenario, simulate, staff

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"
SIMULATION_DATA = HERE.parents[1] / "simulation" / "data"

TWO_TEAMS = """
team front { calendar always agents 9 }
team back  { calendar always agents 9 }
ola triage by front within 30m
ola fix    by back  within 2h
sla chained { when ticket.type == "bug"  resolution within 4h goal 90% via triage -> fix }
sla quick   { first_response within 2m goal 90% }
"""
TWO_TEAMS_SCENARIO = {
    "start": "2026-01-05T00:00:00+00:00",
    "duration": "4d",
    "seed": 2,
    "arrivals": [{"ticket": {"type": "bug"}, "rate": "6/h"}, {"ticket": {"type": "question"}, "rate": "6/h"}],
    "work": {
        "first_response": {"team": "front", "time": {"dist": "fixed", "value": "5m"}},
        "resolution": {"time": {"dist": "exponential", "mean": "20m"}, "steps": {"fix": {"dist": "exponential", "mean": "1h"}}},
    },
}


def _text(render, value) -> str:
    console = Console(file=io.StringIO(), width=160, color_system=None)
    render(value, console)
    return console.file.getvalue()


@pytest.fixture(scope="module")
def support_result():
    policy = slalang.load(str(SIMULATION_DATA / "support.sla"))
    text = (SIMULATION_DATA / "support.yaml").read_text(encoding="utf-8")
    return simulate(policy, parse_scenario(text, "support.yaml", policy.model))


def test_a_simulation_table_golden(support_result):
    assert_golden(GOLDEN / "simulate_support.txt", _text(render_result, support_result))


def test_a_staffing_table_golden_with_an_unreachable_goal():
    plan = staff(slalang.loads(TWO_TEAMS), TWO_TEAMS_SCENARIO, replications=2)
    assert [u.metric for u in plan.unreachable] == ["quick.first_response"]
    assert_golden(GOLDEN / "staff_two_teams.txt", _text(render_staffing, plan))
