"""Scenario validation: every problem names its path in the file, its line, and a hint."""

from __future__ import annotations

import pytest

import slalang
from slalang.simulation import ScenarioError, parse_scenario, parse_staffing, scenario_from_data
from slalang.simulation.distributions import Empirical, Exponential, Fixed, LogNormal
from slalang.simulation.quantities import (
    QuantityError,
    parse_duration_s,
    parse_rate_per_s,
)

POLICY = slalang.loads(
    """
priorities urgent > normal
calendar office { timezone "Europe/Amsterdam"  hours mon-fri 09:00-17:30 }
team tier1 { calendar office agents 4 }
team eng   { calendar office }
ola fix by eng within 4h
sla urgent { when priority urgent  first_response within 15m  resolution within 1d via fix }
sla rest   { first_response within 4h  resolution within 3d }
"""
).model

GOOD = """\
start: 2026-01-05T00:00:00+01:00
duration: 28d
seed: 7
arrivals:
  - ticket: {priority: urgent}
    rate: 3/day
  - ticket: {priority: normal}
    rate: 40/8h30m
    profile: office
work:
  first_response: {team: tier1, time: {dist: exponential, mean: 6m}}
  resolution:
    team: tier1
    time: {dist: lognormal, mean: 2h, sd: 1h}
    steps: {fix: {dist: fixed, value: 3h}}
staffing: {eng: 2}
"""


def problems(text: str) -> list[tuple[int, str, str | None]]:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "scenario.yaml", POLICY)
    return [(d.span.line, d.message, d.help) for d in caught.value.diagnostics]


def test_good_scenario_reads_every_quantity():
    scenario = parse_scenario(GOOD, "scenario.yaml", POLICY)
    assert scenario.start_utc == 1767567600
    assert scenario.duration_s == 28 * 86400
    assert scenario.arrivals[0].rate_per_s == pytest.approx(3 / 86400)
    assert scenario.arrivals[1].rate_per_s == pytest.approx(40 / 30600)
    assert scenario.arrivals[1].profile == "office"
    assert scenario.work["first_response"].time == Exponential(360.0)
    assert scenario.work["resolution"].time == LogNormal(7200.0, 3600.0)
    assert scenario.work["resolution"].steps == {"fix": Fixed(10800.0)}
    assert scenario.staffing == {"eng": 2}
    assert scenario.expected_tickets == pytest.approx((3 / 86400 + 40 / 30600) * 28 * 86400)


def test_staffing_overrides_name_teams_of_the_policy_with_at_least_one_agent():
    assert parse_staffing(POLICY, ["eng=3", "tier1=1", "eng=5"]) == {"eng": 5, "tier1": 1}
    assert parse_staffing(POLICY, []) == {}
    for bad in ("eng", "eng=0", "eng=two", "ops=2", "=2"):
        with pytest.raises(ValueError, match="expected TEAM=N with a team of the policy and N >= 1"):
            parse_staffing(POLICY, [bad])


def test_bad_rate_names_its_path_line_and_expectation():
    text = GOOD.replace("rate: 40/8h30m", "rate: fast")
    [(line, message, hint)] = problems(text)
    assert line == 8
    assert message == 'arrivals[1].rate: expected a rate such as 3/day, 0.5/h or 10/min, got "fast"'
    assert "/min" in hint


def test_unknown_rate_unit():
    [(line, message, _)] = problems(GOOD.replace("rate: 3/day", "rate: 3/fortnight"))
    assert line == 6 and message.startswith("arrivals[0].rate: expected a rate")


def test_several_problems_are_all_reported_in_line_order():
    text = GOOD.replace("duration: 28d", "duration: 4 weeks").replace("mean: 6m", "mean: six")
    found = problems(text)
    assert [(line, message.split(":")[0]) for line, message, _ in found] == [
        (2, "duration"),
        (11, "work.first_response.time.mean"),
    ]


def test_unknown_key_suggests_the_close_one():
    [(line, message, hint)] = problems(GOOD.replace("    rate: 3/day", "    rat: 3/day\n    rate: 3/day"))
    assert (line, message, hint) == (6, "arrivals[0].rat: unknown key `rat`", "did you mean `rate`?")


def test_missing_required_key():
    [(line, message, _hint)] = problems(GOOD.replace("duration: 28d\n", ""))
    assert line == 1 and message == "(top level): missing `duration`"


def test_start_without_offset():
    [(line, message, hint)] = problems(GOOD.replace("2026-01-05T00:00:00+01:00", "2026-01-05T00:00:00"))
    assert line == 1 and message.startswith("start: expected an RFC 3339 instant with an offset")
    assert "offset" in hint


def test_unknown_team_and_priority_and_calendar():
    text = (
        GOOD.replace("{team: tier1, time", "{team: tierl, time")
        .replace("priority: urgent}", "priority: urgnet}")
        .replace("profile: office", "profile: ofice")
        .replace("staffing: {eng: 2}", "staffing: {engineers: 2}")
    )
    found = problems(text)
    assert found == [
        (5, 'arrivals[0].ticket.priority: priority "urgnet" is not declared by the policy', "did you mean `urgent`?"),
        (9, "arrivals[1].profile: unknown calendar `ofice`", "did you mean `office`?"),
        (11, "work.first_response.team: unknown team `tierl`", "did you mean `tier1`?"),
        (16, "staffing.engineers: unknown team `engineers`", "known teams: `tier1`, `eng`"),
    ]


def test_distribution_needs_its_parameters():
    [(line, message, _hint)] = problems(GOOD.replace("{dist: lognormal, mean: 2h, sd: 1h}", "{dist: lognormal, mean: 2h}"))
    assert line == 14 and message == "work.resolution.time: missing `sd`"
    [(line, message, _)] = problems(GOOD.replace("dist: exponential", "dist: poisson"))
    assert line == 11 and message.startswith("work.first_response.time.dist: expected one of exponential, lognormal")


def test_work_without_team_for_an_sla_without_via():
    text = GOOD.replace("    team: tier1\n    time: {dist: lognormal", "    time: {dist: lognormal")
    [(line, message, hint)] = problems(text)
    assert line == 12
    assert message.startswith("work.resolution: no team does this work")
    assert "rest (arrivals[1])" in message and "add `team: NAME`" in hint


def test_team_without_agents_needs_staffing():
    [(_line, message, _hint)] = problems(GOOD.replace("staffing: {eng: 2}\n", ""))
    assert message == "staffing: team `eng` receives work but has no `agents` in the policy"


def test_next_response_and_unknown_sla_work():
    text = GOOD.replace("work:\n", "work:\n  next_response: {team: tier1, time: {dist: fixed, value: 1m}}\n")
    [(line, message, _)] = problems(text)
    assert line == 11 and "next_response cannot be simulated" in message
    text = GOOD.replace("work:\n", "work:\n  urgnt.first_response: {team: tier1, time: {dist: fixed, value: 1m}}\n")
    [(line, message, hint)] = problems(text)
    assert (line, message, hint) == (11, "work.urgnt.first_response: unknown SLA `urgnt`", "did you mean `urgent`?")


def test_yaml_errors_and_duplicates_are_located():
    [(line, message, _)] = problems(GOOD.replace("seed: 7\n", "seed: 7\nseed: 8\n"))
    assert line == 4 and message == "seed: `seed` is given twice (first written on line 3)"
    [(line, message, _)] = problems(GOOD.replace("  - ticket: {priority: urgent}", "  - ticket: {priority: urgent"))
    assert message.startswith("not valid YAML") and line >= 5


def test_scripted_arrivals_must_fall_inside_the_scenario():
    text = GOOD.replace("rate: 3/day", "at: [2026-01-05T09:00:00+01:00, 2027-01-01T00:00:00Z]")
    [(line, message, _)] = problems(text)
    assert line == 6 and message.startswith("arrivals[0].at[1]: 2027-01-01T00:00:00Z is outside the scenario")


def test_quantities():
    assert parse_duration_s("1h30m") == 5400
    assert parse_duration_s("2w") == 14 * 86400
    assert parse_rate_per_s("0.5/h") == pytest.approx(0.5 / 3600)
    assert parse_rate_per_s("10/min") == pytest.approx(10 / 60)
    assert parse_rate_per_s("3/days") == pytest.approx(3 / 86400)
    for bad in ("0s", "1m1h", "", "1.5h"):
        with pytest.raises(QuantityError):
            parse_duration_s(bad)


def test_empirical_values_are_resampled():
    text = GOOD.replace("{dist: exponential, mean: 6m}", "{dist: empirical, values: [1m, 2m, 4m]}")
    scenario = parse_scenario(text, "scenario.yaml", POLICY)
    dist = scenario.work["first_response"].time
    assert dist == Empirical((60.0, 120.0, 240.0), "values")
    import numpy as np

    draws = dist.sample(np.random.default_rng(1), 3000)
    assert set(draws.tolist()) == {60.0, 120.0, 240.0}


def test_empirical_from_a_tickets_file(tmp_path):
    import json

    tickets = [
        {"id": "T-1", "created_at": "2026-01-05T10:00:00+00:00", "ticket": {"priority": "normal"},
         "events": [{"at": "2026-01-05T10:07:00+00:00", "type": "agent_reply"}]},
        {"id": "T-2", "created_at": "2026-01-05T11:00:00+00:00", "ticket": {"priority": "normal"},
         "events": [{"at": "2026-01-05T11:20:00+00:00", "type": "agent_reply"}]},
        {"id": "T-3", "created_at": "2026-01-05T12:00:00+00:00", "ticket": {"priority": "normal"}, "events": []},
    ]
    (tmp_path / "tickets.jsonl").write_text("\n".join(json.dumps(t) for t in tickets) + "\n")
    policy = slalang.loads(
        "priorities urgent > normal\nteam desk { calendar always agents 2 }\n"
        "sla any { first_response within 1h }\n"
    ).model
    text = """\
start: 2026-01-05T00:00:00Z
duration: 1d
arrivals: [{rate: 10/h}]
work:
  first_response:
    team: desk
    time: {dist: empirical, from: tickets.jsonl, metric: first_response}
"""
    scenario = parse_scenario(text, str(tmp_path / "s.yaml"), policy, base_dir=str(tmp_path))
    dist = scenario.work["first_response"].time
    assert sorted(dist.values_s) == [420.0, 1200.0]  # T-3 never stopped
    missing = text.replace("from: tickets.jsonl", "from: nowhere.jsonl")
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(missing, "s.yaml", policy, base_dir=str(tmp_path))
    [d] = caught.value.diagnostics
    assert d.span.line == 7 and d.message.startswith("work.first_response.time.from: cannot read tickets")


def test_control_character_is_a_located_yaml_error_not_a_traceback():
    text = GOOD.replace("seed: ", "seed: \x1d", 1) if "seed: " in GOOD else GOOD + "note: \x1d\n"
    [(line, message, hint)] = problems(text)
    assert line >= 1
    assert message.startswith("not valid YAML: special characters are not allowed (U+001D)")
    assert "control character" in hint


@pytest.mark.parametrize("start", ["0001-01-05T00:00:00+01:00", "9999-12-25T00:00:00Z", "1899-12-31T23:00:00Z"])
def test_a_start_outside_the_supported_years_is_located(start):
    [(line, message, hint)] = problems(GOOD.replace("2026-01-05T00:00:00+01:00", start))
    assert line == 1
    assert message == f'start: expected an instant in the years 1900-2999 (UTC), got "{start}"'


def test_a_scenario_that_would_end_after_the_supported_years_is_located():
    text = GOOD.replace("2026-01-05T00:00:00+01:00", "2999-12-20T00:00:00Z")
    [(line, message, _)] = problems(text)
    assert line == 2 and message.startswith("duration: the scenario would end after the supported years")
    [(line, message, _)] = problems(GOOD.replace("duration: 28d", "duration: 500000d"))
    assert line == 2 and "after the supported years" in message


@pytest.mark.parametrize("tag", ["!!set {tier1, eng}", "!!binary aGk=", "!!timestamp 2026-01-05T00:00:00Z"])
def test_a_type_tag_is_a_located_error_not_a_type_error(tag):
    [(line, message, hint)] = problems(GOOD.replace("staffing: {eng: 2}", f"staffing: {tag}"))
    assert line == 16 and message.startswith("staffing: the tag !!") and "is not allowed" in message
    assert hint.startswith("remove !!")


def test_a_mapping_with_a_python_value_is_a_located_error_not_a_type_error():
    """A scenario given to the library as data read with yaml.safe_load has a datetime for
    its start (YAML reads timestamps): a problem naming the value, not a TypeError."""
    import datetime as dt

    data = {"start": dt.datetime(2026, 1, 5, tzinfo=dt.UTC), "duration": "1d", "arrivals": [{"rate": "1/h"}],
            "work": {"first_response": {"team": "tier1", "time": {"dist": "fixed", "value": "5m"}}}}
    with pytest.raises(ScenarioError) as caught:
        scenario_from_data(data, POLICY)
    assert "error: start: expected an RFC 3339 instant with an offset" in str(caught.value)
    assert "got a datetime (2026-01-05 00:00:00+00:00)" in str(caught.value)


EMPIRICAL = """\
start: 2026-01-05T00:00:00Z
duration: 1d
arrivals: [{rate: 10/h}]
work:
  first_response:
    team: desk
    time: {dist: empirical, from: FROM, metric: first_response}
"""


@pytest.fixture()
def scenario_dir(tmp_path):
    """A scenario directory with a tickets file inside, one beside it, and links to both."""
    import json

    ticket = {"id": "T-1", "created_at": "2026-01-05T10:00:00Z", "events": [{"at": "2026-01-05T10:07:00Z", "type": "agent_reply"}]}
    inside = tmp_path / "scenarios"
    (inside / "data").mkdir(parents=True)
    (inside / "data" / "t.jsonl").write_text(json.dumps(ticket) + "\n")
    (tmp_path / "outside.jsonl").write_text(json.dumps(ticket) + "\n")
    (inside / "link_out.jsonl").symlink_to(tmp_path / "outside.jsonl")
    (inside / "link_in.jsonl").symlink_to(inside / "data" / "t.jsonl")
    return inside


EMPIRICAL_POLICY = slalang.loads("team desk { calendar always agents 2 }\nsla any { first_response within 1h }\n").model


@pytest.mark.parametrize("source", ["data/t.jsonl", "./data/../data/t.jsonl", "link_in.jsonl"])
def test_empirical_from_reads_inside_the_scenario_directory(scenario_dir, source):
    text = EMPIRICAL.replace("FROM", source)
    scenario = parse_scenario(text, str(scenario_dir / "s.yaml"), EMPIRICAL_POLICY, base_dir=str(scenario_dir))
    assert scenario.work["first_response"].time.values_s == (420.0,)


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("../outside.jsonl", "leads out of the scenario's directory"),
        ("data/../../outside.jsonl", "leads out of the scenario's directory"),
        ("link_out.jsonl", "follows a symlink out of the scenario's directory"),
        ("ABSOLUTE", "is an absolute path"),
        ("/etc/passwd", "is an absolute path"),
    ],
)
def test_empirical_from_may_not_leave_the_scenario_directory(scenario_dir, source, words):
    source = str(scenario_dir.parent / "outside.jsonl") if source == "ABSOLUTE" else source
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(EMPIRICAL.replace("FROM", source), "s.yaml", EMPIRICAL_POLICY, base_dir=str(scenario_dir))
    [d] = caught.value.diagnostics
    assert d.span.line == 7 and d.message.startswith("work.first_response.time.from: ") and words in d.message
    assert "relative path" in d.help


@pytest.mark.parametrize("rate", ["5000/s", "9" * 400 + "/s"], ids=["busy", "infinite"])
def test_a_scenario_too_large_to_hold_is_located_at_its_busiest_rate(rate):
    [(line, message, hint)] = problems(GOOD.replace("rate: 40/8h30m", f"rate: {rate}"))
    assert line == 8 and message.startswith("arrivals[1].rate: the scenario brings ")
    assert "a simulation takes at most 5,000,000" in message and "SLALANG_MAX_SIM_ARRIVALS" in hint


def test_the_size_bound_counts_scripted_arrivals_and_can_be_raised(monkeypatch):
    monkeypatch.setenv("SLALANG_MAX_SIM_ARRIVALS", "2")
    text = GOOD.replace("rate: 3/day", "at: [2026-01-05T09:00:00+01:00, 2026-01-05T10:00:00+01:00, 2026-01-05T11:00:00+01:00]")
    text = text.replace("rate: 40/8h30m", "rate: 1/day")
    problems_found = problems(text)
    assert any(m.startswith("arrivals[1].rate: the scenario brings 31 tickets") for _, m, _ in problems_found), problems_found
    monkeypatch.setenv("SLALANG_MAX_SIM_ARRIVALS", "100")
    assert parse_scenario(text, "scenario.yaml", POLICY).arrivals[0].at_s is not None
