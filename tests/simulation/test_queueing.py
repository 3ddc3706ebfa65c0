"""The event loop against queueing theory: M/M/c reproduces Erlang C, M/M/c+M Erlang A.

Long runs on the `always` calendar with exponential handling; tolerances: 1 percentage
point for shares, 5% for the mean wait (ASA). Seeds are fixed, so these are exact
regression checks as well.
"""

from __future__ import annotations

import numpy as np
import pytest

from slalang.simulation import erlang
from slalang.simulation.quantities import parse_duration_s, parse_rate_per_s

from .conftest import mmc_policy, mmc_scenario

CASES = [
    # (agents, rate, mean handling, duration, threshold_s, method): the reference case
    # first; the others through the general event loop (the default takes the exact
    # in-order shortcut for this shape, see test_engine).
    pytest.param(14, "100/30m", "3m", "250d", 20, "auto", id="A=10,c=14"),
    pytest.param(1, "1/2m", "1m", "150d", 30, "events", id="M/M/1,A=0.5"),
    pytest.param(6, "2/min", "2m", "150d", 30, "events", id="A=4,c=6"),
]


@pytest.mark.parametrize(("agents", "rate", "mean", "duration", "threshold_s", "method"), CASES)
def test_simulation_reproduces_erlang_c(run, agents, rate, mean, duration, threshold_s, method):
    load = parse_rate_per_s(rate) * parse_duration_s(mean)
    handle_s = parse_duration_s(mean)
    result = run(mmc_policy(agents), mmc_scenario(rate, mean, duration), method=method)
    team = result.team("desk")
    waits = result.raw.teams[0].all_waits_s

    assert team.p_wait == pytest.approx(erlang.erlang_c(agents, load), abs=0.01)
    assert float(np.mean(waits <= threshold_s)) == pytest.approx(
        erlang.service_level(agents, load, handle_s, threshold_s), abs=0.01
    )
    assert team.mean_wait_s == pytest.approx(erlang.mean_wait_s(agents, load, handle_s), rel=0.05)
    assert team.utilisation == pytest.approx(load / agents, abs=0.01)
    # The prediction is shown beside the simulated figures, for the team and the metric.
    assert team.erlang is not None and team.erlang.model == "erlang_c"
    assert team.erlang.p_wait == pytest.approx(erlang.erlang_c(agents, load))
    metric = result.metric("only", "first_response")
    assert metric.erlang_c_attainment == pytest.approx(erlang.response_within(agents, load, handle_s, 3600))
    assert metric.attainment == pytest.approx(metric.erlang_c_attainment, abs=0.01)


def test_reference_case_response_within_target(run):
    # The metric side: time to stop (wait + handling) within a 5-minute target.
    result = run(mmc_policy(14, target="5m"), mmc_scenario("100/30m", "3m", "60d"))
    metric = result.metric("only", "first_response")
    assert metric.erlang_c_attainment == pytest.approx(erlang.response_within(14, 10.0, 180, 300))
    assert metric.attainment == pytest.approx(metric.erlang_c_attainment, abs=0.01)


def test_simulation_reproduces_erlang_a(run):
    # 110% offered load, patience 5 minutes: only abandonment keeps the queue finite.
    agents, rate_per_s, handle_s, patience_s = 10, 11 / 180, 180.0, 300.0
    scenario = mmc_scenario("11/3m", "3m", "60d", patience={"dist": "exponential", "mean": "5m"})
    result = run(mmc_policy(agents), scenario)
    team = result.team("desk")
    expected = erlang.erlang_a(agents, rate_per_s, handle_s, patience_s)
    assert team.erlang is not None and team.erlang.model == "erlang_a"
    assert team.p_wait == pytest.approx(expected.p_wait, abs=0.01)
    assert team.abandoned / team.pieces == pytest.approx(expected.p_abandon, abs=0.01)
    assert team.mean_wait_s == pytest.approx(expected.mean_wait_s, rel=0.05)
    metric = result.metric("only", "first_response")
    assert metric.abandoned == team.abandoned
    assert metric.breaches >= metric.abandoned  # an abandoned ticket never met its target


def test_no_prediction_where_assumptions_fail(run):
    scenario = mmc_scenario("100/30m", "3m", "2d")
    scenario["work"]["first_response"]["time"] = {"dist": "lognormal", "mean": "3m", "sd": "1m"}
    result = run(mmc_policy(14), scenario)
    assert result.team("desk").erlang is None
    assert result.metric("only", "first_response").erlang_c_attainment is None
