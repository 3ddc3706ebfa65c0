"""POST /v1/simulate: the simulation JSON for a posted scenario, within the server's limits."""

from __future__ import annotations

import dataclasses

import orjson
import pytest

import slalang
from slalang.located_yaml import read_yaml

from .conftest import ACME, LIMITS, assert_error
from .live import ROOT, LiveServer

SCENARIO_PATH = ROOT / "policies" / "scenario.yaml"
SCENARIO_YAML = SCENARIO_PATH.read_text(encoding="utf-8")
SCENARIO = read_yaml(SCENARIO_YAML)[0]
YAML = {"content-type": "application/yaml"}
WEEK = {
    "start": "2026-01-05T00:00:00+01:00",
    "duration": "7d",
    "arrivals": [{"ticket": {"priority": "normal"}, "customer": {"plan": "pro"}, "rate": "20/day"}],
    "work": {"first_response": {"team": "tier1", "time": {"dist": "exponential", "mean": "8m"}},
             "resolution": {"team": "tier1", "time": {"dist": "exponential", "mean": "30m"}}},
}


@pytest.fixture(scope="module")
def policy() -> slalang.Policy:
    return slalang.load(ACME)


def test_yaml_and_json_bodies_give_the_library_result(client, policy) -> None:
    expected = policy.simulate(SCENARIO_PATH).to_json()
    as_yaml = client.post("/v1/simulate", content=SCENARIO_YAML.encode(), headers=YAML)
    assert as_yaml.status_code == 200, as_yaml.text
    assert as_yaml.json() == orjson.loads(orjson.dumps(expected))
    as_json = client.post("/v1/simulate", json=SCENARIO)
    assert as_json.json() == as_yaml.json()


def test_seed_in_the_query_and_no_content_type(client, policy) -> None:
    expected = orjson.loads(orjson.dumps(policy.simulate(WEEK, seed=5).to_json()))
    body = orjson.dumps(WEEK)  # JSON is YAML: read as YAML without a Content-Type
    response = client.post("/v1/simulate", params={"seed": "5"}, content=body)
    assert response.status_code == 200, response.text
    assert response.json() == expected
    other = client.post("/v1/simulate", params={"seed": "6"}, json=WEEK).json()
    assert other != expected


def test_an_invalid_scenario_lists_every_problem_located(client) -> None:
    text = SCENARIO_YAML.replace("rate: 3/day ", "rate: 3 per day").replace("{team: tier1, time", "{team: tier9, time", 1)
    response = client.post("/v1/simulate", content=text.encode(), headers=YAML)
    error = assert_error(response, 422, "invalid_scenario")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "3 per day" in row)
    assert error["where"] == f"arrivals[0].rate (line {line}, column 11)"
    assert error["message"].startswith("arrivals[0].rate: expected a rate such as 3/day")
    assert [d["line"] for d in error["details"]] == [line]  # the schema stage stops before names are checked
    assert error["details"][0]["rule"] == "scenario-invalid"


def test_unknown_names_as_json(client) -> None:
    scenario = {**WEEK, "work": {**WEEK["work"], "first_response": {"team": "tier9", "time": {"dist": "fixed", "value": "5m"}}}}
    error = assert_error(client.post("/v1/simulate", json=scenario), 422, "invalid_scenario", "work.first_response.team")
    assert "unknown team `tier9`" in error["message"]
    assert error["details"][0]["hint"]
    assert error["details"][0]["line"] is None  # a JSON body has no lines to point at


@pytest.mark.parametrize(
    ("body", "headers", "status", "code", "where", "words"),
    [
        (b"start: [1,\n", YAML, 400, "invalid_yaml", None, "not valid YAML"),
        (b"a: &x [1]\nb: *x\n", YAML, 400, "invalid_yaml", "body line 1, column 4", "anchors and aliases"),
        (b"- 1\n- 2\n", YAML, 422, "invalid_scenario", None, "expected a mapping"),
        (b"start: !!binary aGk=\n", YAML, 400, "invalid_yaml", "body line 1, column 8", "the tag !!binary"),
        (b"staffing: !!set {tier1}\n", YAML, 400, "invalid_yaml", "body line 1, column 11", "the tag !!set"),
        (b"a: " + b"[" * 900 + b"]" * 900, YAML, 400, "invalid_yaml", "body line 1, column 68", "nests more than 64"),
        (b"start: !!timestamp 2026-01-05T00:00:00Z\n", YAML, 400, "invalid_yaml", None, "the tag !!timestamp"),
        (b"\xff", YAML, 400, "invalid_encoding", "body line 1, column 1", "not UTF-8"),
        (b'{"start": ', {"content-type": "application/json"}, 400, "invalid_json", "body line 1, column 11", "JSON"),
        (b"x", {"content-type": "image/png"}, 415, "unsupported_media_type", "header Content-Type", "application/yaml"),
    ],
)
def test_bad_bodies(client, body, headers, status, code, where, words) -> None:
    error = assert_error(client.post("/v1/simulate", content=body, headers=headers), status, code)
    if where is not None:
        assert error["where"] == where
    assert words in error["message"]


def test_reading_files_is_not_allowed(client) -> None:
    scenario = {**WEEK, "work": {**WEEK["work"], "resolution": {
        "team": "tier1", "time": {"dist": "empirical", "from": "/etc/passwd", "metric": "resolution"}}}}
    error = assert_error(client.post("/v1/simulate", json=scenario), 422, "not_allowed", "work.resolution.time.from")
    assert "values" in error["message"]
    yaml_text = SCENARIO_YAML.replace("{dist: exponential, mean: 15m}", "{dist: empirical, from: t.jsonl, metric: resolution}")
    error = assert_error(client.post("/v1/simulate", content=yaml_text.encode(), headers=YAML), 422, "not_allowed")
    assert error["where"].startswith("work.resolution.steps.triage.from (line ")


def test_size_limits(client) -> None:
    long = {**WEEK, "duration": f"{LIMITS.max_sim_duration_s // 86400 + 1}d"}
    assert_error(client.post("/v1/simulate", json=long), 422, "limit_exceeded", "duration")
    busy = {**WEEK, "arrivals": [{**WEEK["arrivals"][0], "rate": "10/min"}]}  # 100,800 tickets in a week
    error = assert_error(client.post("/v1/simulate", json=busy), 422, "limit_exceeded", "arrivals")
    assert f"at most {LIMITS.max_sim_tickets:,}" in error["message"]


@pytest.mark.parametrize("seed", ["-1", "x", "1.5", "", str(2**63)])
def test_bad_seed(client, seed: str) -> None:
    assert_error(client.post("/v1/simulate", params={"seed": seed}, json=WEEK), 422, "invalid_query", "query seed")


def test_a_run_past_its_time_budget_is_stopped() -> None:
    with LiveServer(ACME, dataclasses.replace(LIMITS, sim_timeout_s=1e-6)) as server, server.client() as client:
        error = assert_error(client.post("/v1/simulate", json=WEEK), 422, "limit_exceeded", None)
        assert "ran longer than" in error["message"]
        assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("start", ["0001-01-05T00:00:00Z", "9999-01-05T00:00:00+01:00"])
def test_a_start_outside_the_supported_years_is_a_422(client, start) -> None:
    error = assert_error(client.post("/v1/simulate", json={**WEEK, "start": start}), 422, "invalid_scenario", "start")
    assert "1900-2999" in error["message"]
    yaml_text = SCENARIO_YAML.replace(SCENARIO_YAML.split("start: ", 1)[1].split("\n", 1)[0], start)
    error = assert_error(client.post("/v1/simulate", content=yaml_text.encode(), headers=YAML), 422, "invalid_scenario")
    assert error["where"].startswith("start (line ")
