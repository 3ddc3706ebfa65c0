"""`staff`: the smallest head-count meeting every goal, starting from Erlang C."""

from __future__ import annotations

import slalang
from slalang.simulation import erlang, simulate, staff
from slalang.simulation.plan import plan_streams
from slalang.simulation.staffing import erlang_estimates, sweep, sweep_runs

from .conftest import START, mmc_policy, mmc_scenario


def test_staffing_finds_the_smallest_count_for_one_team():
    policy = mmc_policy(20, target="5m", goal="90%")
    scenario = mmc_scenario("100/30m", "2m", "5d", seed=4)
    plan = staff(policy, scenario)
    (desk,) = plan.teams
    # The search starts where Erlang C says, and ends where simulation agrees.
    estimate = erlang.agents_for(100 / 1800 * 120, 120, 300 - 120, 0.9, measure="wait")
    assert desk.erlang_c == estimate
    at = simulate(policy, scenario, staffing={"desk": desk.agents}).metric("only", "first_response")
    fewer = simulate(policy, scenario, staffing={"desk": desk.agents - 1}).metric("only", "first_response")
    assert at.attainment >= 0.9 > fewer.attainment
    assert desk.attainment == {"only.first_response": at.attainment}
    assert desk.attainment_one_fewer == {"only.first_response": fewer.attainment}
    assert "only.first_response" in desk.why_not_fewer
    assert plan.unreachable == ()
    assert plan.result.metric("only", "first_response").attainment == at.attainment


TWO_TEAMS = """
team front { calendar always agents 9 }
team back  { calendar always agents 9 }
ola triage by front within 30m
ola fix    by back  within 2h
sla chained { when ticket.type == "bug"  resolution within 4h goal 90% via triage -> fix }
sla quick   { first_response within 2m goal 90% }
"""


def test_unreachable_goal_is_reported_and_the_rest_still_staffed():
    # first_response takes a fixed 5 minutes against a 2 minute target: no head-count helps.
    policy = slalang.loads(TWO_TEAMS)
    scenario = {
        "start": START,
        "duration": "4d",
        "seed": 2,
        "arrivals": [{"ticket": {"type": "bug"}, "rate": "6/h"}, {"ticket": {"type": "question"}, "rate": "6/h"}],
        "work": {
            "first_response": {"team": "front", "time": {"dist": "fixed", "value": "5m"}},
            "resolution": {"time": {"dist": "exponential", "mean": "20m"}, "steps": {"fix": {"dist": "exponential", "mean": "1h"}}},
        },
    }
    plan = staff(policy, scenario)
    assert [u.metric for u in plan.unreachable] == ["quick.first_response"]
    assert plan.unreachable[0].best_attainment == 0.0
    counts = plan.counts
    result = simulate(policy, scenario, staffing=counts)
    assert result.metric("chained", "resolution").goal_met
    for team in ("front", "back"):
        if counts[team] > 1:
            fewer = simulate(policy, scenario, staffing={**counts, team: counts[team] - 1})
            workload = fewer.team(team).workload
            assert not fewer.metric("chained", "resolution").goal_met or workload > 1.0


def test_erlang_estimates_spread_load_over_open_hours():
    policy = slalang.loads(
        'calendar half { timezone "UTC"  hours mon-sun 00:00-12:00 }\n'
        "team desk { calendar half agents 1 }\nsla a { first_response within 1d goal 90% }\n"
    )
    scenario = slalang.simulation.scenario_from_data(mmc_scenario("10/h", "6m", "7d"), policy.model)
    estimates = erlang_estimates(policy.model, scenario, plan_streams(policy.model, scenario))
    # 1 Erlang around the clock is 2 Erlangs while open: at least 3 agents.
    assert estimates["desk"] == erlang.agents_for(2.0, 360, 86400 - 360, 0.9, measure="wait")
    assert estimates["desk"] >= 3


def test_sweep_varies_one_team_at_a_time():
    policy = mmc_policy(3, target="10m")
    scenario = mmc_scenario("50/h", "3m", "2d", seed=3)
    runs = sweep(policy, scenario, around=1)
    assert [count for count, _ in runs["desk"]] == [2, 3, 4]
    values = [r.metric("only", "first_response").attainment for _, r in runs["desk"]]
    assert values == sorted(values)


def test_sweep_runs_counts_the_simulations_a_sweep_makes_beside_its_base():
    policy = mmc_policy(2, target="10m")
    scenario = mmc_scenario("20/h", "3m", "1d", seed=3)
    base = simulate(policy, scenario)
    made = []
    sweep(policy, scenario, around=2, base=base, on_run=made.append)
    assert sweep_runs(base, around=2) == len(made) == 3  # 1, 3 and 4 agents; 2 is the base; none below 1


def test_goals_met_says_whether_every_metric_met_its_goal():
    scenario = mmc_scenario("20/h", "3m", "1d", seed=3)
    assert simulate(mmc_policy(4, target="10m", goal="80%"), scenario).goals_met
    starved = simulate(mmc_policy(1, target="1m", goal="99%"), scenario)
    assert not starved.goals_met
    assert not starved.metric("only", "first_response").goal_met
