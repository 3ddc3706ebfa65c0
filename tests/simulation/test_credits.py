"""What a staffing level costs in service credits: a scenario's `accounts`, the mean credit per
declaration over simulated account-periods, and `staff --max-credit` (credits.md, simulation.md)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import slalang
from slalang.cli.main import cli
from slalang.simulation import ScenarioError, parse_scenario, simulate, staff

POLICY = """
team support { calendar always agents 1 }
sla silver { when customer.plan == "silver" resolution within 2h30m goal 10% }
credit terms {
    slas silver
    per customer.id
    period week
    below 95% credit 5%
    below 90% credit 10%
    below 80% credit 25%
    cap 20%
    minimum 3 runs
}
credit by_region { slas silver per customer.region period month below 99% credit 1% }
"""

# One account; four tickets at once on Monday of week 45 (one agent, 1h each: done after 1h, 2h,
# 3h, 4h; two of four within 2h30m), one ticket in week 46.
SCRIPTED = """\
start: 2026-11-02T00:00:00Z
duration: 14d
seed: 3
accounts: {per: customer.id, count: 1}
arrivals:
  - customer: {plan: silver, region: emea}
    at: [2026-11-02T09:00:00Z, 2026-11-02T09:00:00Z, 2026-11-02T09:00:00Z, 2026-11-02T09:00:00Z, 2026-11-10T09:00:00Z]
work:
  resolution: {team: support, time: {dist: fixed, value: 1h}}
"""


def model(text: str = POLICY):
    return slalang.loads(text).model


def scenario(text: str, policy=None):
    return parse_scenario(text, "scenario.yaml", policy or model())


def test_the_mean_credit_over_account_periods_computed_by_hand() -> None:
    result = simulate(model(), scenario(SCRIPTED))
    assert result.metric("silver", "resolution").met == 3  # 2 of 4, and the lone ticket
    terms = result.credit("terms")
    # week 45: 2 of 4 = 50%, below 80%: 25% capped at 20%; week 46: 1 run < minimum 3: nothing
    assert (terms.account_periods, terms.credited, terms.mean_credit_pct) == (2, 1, 10.0)
    # `per customer.region` is not the scenario's `per`: the stream's own region is the account
    region = result.credit("by_region")
    assert (region.account_periods, region.credited, region.mean_credit_pct) == (1, 1, 1.0)
    assert result.to_json()["credits"] == {
        "terms": {"account_periods": 2, "credited": 1, "mean_credit_pct": 10.0},
        "by_region": {"account_periods": 1, "credited": 1, "mean_credit_pct": 1.0},
    }


POISSON = """\
start: 2026-11-02T00:00:00Z
duration: 28d
seed: 7
accounts: {per: customer.id, count: 20}
arrivals:
  - customer: {plan: silver}
    rate: 40/day
work:
  resolution: {team: support, time: {dist: exponential, mean: 1h}}
"""


def test_accounts_are_drawn_per_seed_and_change_nothing_else() -> None:
    with_accounts = simulate(model(), scenario(POISSON), staffing={"support": 2})
    without = simulate(model(), scenario(POISSON.replace("accounts: {per: customer.id, count: 20}\n", "")),
                       staffing={"support": 2})
    assert without.credits == () and "credits" not in without.to_json()
    assert {k: v for k, v in with_accounts.to_json().items() if k != "credits"} == without.to_json()
    again = simulate(model(), scenario(POISSON), staffing={"support": 2})
    assert again.credits == with_accounts.credits
    terms = with_accounts.credit("terms")
    assert terms.account_periods == 20 * 4 and 0 < terms.credited <= terms.account_periods
    assert 0 < terms.mean_credit_pct <= 20.0


@pytest.mark.parametrize(
    ("accounts", "words"),
    [
        ("{per: customer.id, count: 0}", "accounts.count: expected a number of accounts from 1 to 1000000"),
        ("{per: id, count: 3}", "accounts.per: expected a field path such as customer.id"),
        ("{per: customer.id}", "accounts: missing `count`"),
        ("{per: customer.id, count: 3, seed: 1}", "accounts.seed: unknown key `seed`"),
    ],
)
def test_a_bad_accounts_mapping_is_located(accounts: str, words: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        scenario(POISSON.replace("{per: customer.id, count: 20}", accounts))
    assert words in str(caught.value)


def test_accounts_the_credits_do_not_read_are_noted() -> None:
    notes = simulate(model(), scenario(POISSON), staffing={"support": 3}).notes
    assert "credit by_region: reads its account from customer.region, not customer.id; every ticket of a stream is one account" in notes


def test_staff_keeps_the_mean_credit_within_the_budget() -> None:
    loose = POLICY.replace("goal 10%", "goal 50%").replace("2h30m", "8h")
    plan = staff(model(loose), scenario(POISSON))
    assert plan.counts == {"support": 2} and plan.credit_budget is None
    budget = staff(model(loose), scenario(POISSON), max_credit_pct=5.0)
    assert budget.counts == {"support": 3}
    assert budget.credit_budget is not None and budget.credit_budget.over_budget == ()
    assert budget.credit_budget.mean_credit_pct["terms"] <= 5.0
    assert "credit terms" in (budget.teams[0].why_not_fewer or "") and "> budget 5%" in budget.teams[0].why_not_fewer
    assert budget.to_json()["credit_budget"]["max_credit_pct"] == 5.0


def test_a_budget_no_head_count_keeps_is_reported_over_budget() -> None:
    slow = POISSON.replace("{dist: exponential, mean: 1h}", "{dist: fixed, value: 3h}")
    plan = staff(model(POLICY.replace("goal 10%", "goal 0.1%")), scenario(slow), max_credit_pct=1.0)
    # every run takes 3h against a target of 2h30m: `terms` pays 20% whatever the head-count;
    # `by_region` pays 1%, which is at the budget, so within it
    assert plan.credit_budget is not None and plan.credit_budget.over_budget == ("terms",)
    plan = staff(model(POLICY.replace("goal 10%", "goal 0.1%")), scenario(slow), max_credit_pct=0.5)
    assert plan.credit_budget is not None and plan.credit_budget.over_budget == ("terms", "by_region")


def test_the_commands_show_credits_and_refuse_a_budget_they_cannot_judge(tmp_path) -> None:
    policy, scen = tmp_path / "p.sla", tmp_path / "s.yaml"
    policy.write_text(POLICY.replace("goal 10%", "goal 50%").replace("2h30m", "8h"))
    scen.write_text(POISSON)
    runner = CliRunner()
    result = runner.invoke(cli, ["simulate", str(policy), str(scen), "--format", "json", "--staffing", "support=2"])
    assert json.loads(result.stdout)["credits"]["terms"]["account_periods"] == 80
    table = runner.invoke(cli, ["simulate", str(policy), str(scen)]).stdout
    assert "Service credits (mean over simulated account-periods)" in table
    result = runner.invoke(cli, ["staff", str(policy), str(scen), "--max-credit", "5%"])
    assert result.exit_code == 0 and "credit budget 5%: mean credit at these head-counts: terms" in result.stdout
    scen.write_text(POISSON.replace("accounts: {per: customer.id, count: 20}\n", ""))
    result = runner.invoke(cli, ["staff", str(policy), str(scen), "--max-credit", "5%"])
    assert result.exit_code == 2 and "the scenario has no `accounts`" in result.stderr
    result = runner.invoke(cli, ["staff", str(policy), str(scen), "--max-credit", "120%"])
    assert result.exit_code == 2 and "from 0% to 100%" in result.stderr
