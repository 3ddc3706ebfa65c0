"""`slalang simulate` and `slalang staff` from the command line."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from slalang.cli.main import cli

HERE = os.path.dirname(__file__)
POLICY = os.path.join(HERE, "data", "support.sla")
SCENARIO = os.path.join(HERE, "data", "support.yaml")

MMC_POLICY = """
team desk { calendar always agents 14 }
sla only { first_response within 10m goal 95% }
"""
MMC_SCENARIO = """
start: 2026-01-05T00:00:00Z
duration: 3d
seed: 2
arrivals: [{rate: 100/30m}]
work: {first_response: {team: desk, time: {dist: exponential, mean: 3m}}}
"""


@pytest.fixture
def mmc_files(tmp_path):
    policy = tmp_path / "desk.sla"
    policy.write_text(MMC_POLICY)
    scenario = tmp_path / "desk.yaml"
    scenario.write_text(MMC_SCENARIO)
    return str(policy), str(scenario)


def test_json_output_has_exactly_the_documented_shape():
    result = CliRunner().invoke(cli, ["simulate", POLICY, SCENARIO, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"slas", "teams"}
    assert list(data["slas"]) == ["enterprise_urgent", "paying_high", "paying_standard", "free_tier"]
    for metrics in data["slas"].values():
        for figures in metrics.values():
            assert set(figures) == {"tickets", "met", "attainment", "goal", "p50_s", "p90_s", "p99_s", "breaches"}
            assert figures["breaches"] == figures["tickets"] - figures["met"]
    assert list(data["teams"]) == ["tier1", "engineering", "sysadmins"]
    for figures in data["teams"].values():
        assert set(figures) == {"agents", "utilisation", "pieces", "p_wait", "mean_wait_s", "p90_wait_s"}
    assert data["teams"]["tier1"]["agents"] == 6  # staffing overrides agents
    assert data["teams"]["sysadmins"]["agents"] == 2  # the policy's agents


def test_seed_option_and_staffing_override():
    runner = CliRunner()
    a = json.loads(runner.invoke(cli, ["simulate", POLICY, SCENARIO, "--format", "json", "--seed", "1"]).stdout)
    b = json.loads(runner.invoke(cli, ["simulate", POLICY, SCENARIO, "--format", "json", "--seed", "1"]).stdout)
    c = json.loads(runner.invoke(cli, ["simulate", POLICY, SCENARIO, "--format", "json"]).stdout)
    assert a == b and a != c
    d = json.loads(
        runner.invoke(cli, ["simulate", POLICY, SCENARIO, "--format", "json", "--staffing", "tier1=9"]).stdout
    )
    assert d["teams"]["tier1"]["agents"] == 9


def test_table_shows_erlang_c_beside_the_simulation(mmc_files):
    result = CliRunner().invoke(cli, ["simulate", *mmc_files])
    assert result.exit_code == 0, result.output
    assert "Erlang C: waited 17.4%, mean 7.8s" in result.output
    assert "only" in result.output and "first_response" in result.output


def test_plot_writes_a_png(tmp_path):
    target = tmp_path / "out.png"
    result = CliRunner().invoke(cli, ["simulate", POLICY, SCENARIO, "--plot", str(target)])
    assert result.exit_code == 0, result.output
    with open(target, "rb") as handle:
        assert handle.read(8) == b"\x89PNG\r\n\x1a\n"
    assert target.stat().st_size > 20_000


def test_plot_refuses_other_formats(tmp_path):
    result = CliRunner().invoke(cli, ["simulate", POLICY, SCENARIO, "--plot", str(tmp_path / "out.jpg")])
    assert result.exit_code == 2
    assert "must end in .png or .svg" in result.output


def test_bad_scenario_exits_2_with_a_located_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    with open(SCENARIO, encoding="utf-8") as handle:
        bad.write_text(handle.read().replace("rate: 3/day", "rate: lots"))
    result = CliRunner().invoke(cli, ["simulate", POLICY, str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:8:11: error[scenario-invalid] arrivals[0].rate: expected a rate such as 3/day" in result.output
    assert "rate: lots" in result.output and "^^^^" in result.output


def test_staff_json(mmc_files):
    result = CliRunner().invoke(cli, ["staff", *mmc_files, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    desk = data["teams"]["desk"]
    assert desk["configured"] == 14
    assert desk["attainment_interval"]["only.first_response"][0] >= 0.95
    assert desk["attainment_one_fewer_interval"]["only.first_response"][0] < 0.95
    assert desk["attainment_interval"]["only.first_response"][0] <= desk["attainment"]["only.first_response"]
    assert data["unreachable"] == [] and data["replications"] == 5 and len(data["seeds"]) == 5


UNREACHABLE_POLICY = """
team desk { calendar always agents 3 }
sla only { first_response within 2m goal 90% }
"""
UNREACHABLE_SCENARIO = """
start: 2026-01-05T00:00:00Z
duration: 2d
seed: 5
arrivals: [{rate: 60/h}]
work: {first_response: {team: desk, time: {dist: exponential, mean: 2m}}}
"""


def test_staff_exits_1_when_a_goal_is_unreachable_and_reports_the_ceiling(tmp_path):
    policy, scenario = tmp_path / "desk.sla", tmp_path / "desk.yaml"
    policy.write_text(UNREACHABLE_POLICY)
    scenario.write_text(UNREACHABLE_SCENARIO)
    result = CliRunner().invoke(cli, ["staff", str(policy), str(scenario), "--replications", "3"], env={"COLUMNS": "100"})
    assert result.exit_code == 1, result.output
    text = " ".join(result.output.split())
    assert "unreachable: only.first_response goal 90% cannot be met by staffing" in text
    assert "even with unlimited agents" in text and "handling time and opening hours alone exceed it for" in text
    data = json.loads(
        CliRunner().invoke(cli, ["staff", str(policy), str(scenario), "--replications", "3", "--format", "json"]).stdout
    )
    (gone,) = data["unreachable"]
    assert gone["metric"] == "only.first_response" and 0.55 < gone["ceiling"] < 0.7


def test_staff_table_names_the_count_and_the_attainment_at_it_and_one_fewer(mmc_files):
    result = CliRunner().invoke(cli, ["staff", *mmc_files, "--replications", "2"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert "2 replications" in result.output and "at one fewer" in result.output
    assert "only.first_response" in result.output
