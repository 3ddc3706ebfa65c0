"""No input reaches the last-resort 500: random and hostile bodies on every route get 200
or a 4xx in the JSON error shape. And when something does break, the 500 is JSON and logged."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import ACME, LIMITS, NOW, TICKET
from .live import ROOT, LiveServer

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=False, allow_infinity=False),
                         st.text(max_size=20))
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.text(max_size=8), inner, max_size=4), max_leaves=12)

instants = st.one_of(
    st.sampled_from(["2026-11-20T16:55:00+01:00", "2026-11-21T09:00:00Z", "2026-03-29T01:30:00+01:00",
                     "2026-10-25T02:30:00+02:00", "1900-01-01T00:00:00Z", "2999-12-31T23:59:59Z",
                     "2026-02-29T00:00:00Z", "2026-11-20 16:55:00", "2026-11-20T24:00:00Z"]),
    st.datetimes().map(lambda d: d.isoformat() + "Z"),
    json_scalars,
)
events = st.fixed_dictionaries(
    {"at": instants, "type": st.sampled_from(["agent_reply", "customer_reply", "status", "field", "note", None])},
    optional={"status": st.one_of(st.sampled_from(["solved", "closed", "open", "pending_customer", "on_hold"]), json_values),
              "field": st.one_of(st.sampled_from(["priority", "customer.plan", "ticket.type", "status", "customer.", ".x", ""]),
                                 json_values),
              "value": st.one_of(st.sampled_from(["urgent", "high", "low", "enterprise", "solved"]), json_values)},
)
tickets = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.text(max_size=10), st.integers(), st.floats(allow_nan=False, allow_infinity=False), json_values),
        "created_at": instants,
        "ticket": st.one_of(st.fixed_dictionaries({}, optional={
            "priority": st.one_of(st.sampled_from(["urgent", "high", "normal", "low", "critical"]), json_values),
            "status": st.one_of(st.sampled_from(["new", "solved", "pending_customer"]), json_values),
            "type": json_values}), json_values),
        "customer": st.one_of(st.fixed_dictionaries({}, optional={
            "plan": st.one_of(st.sampled_from(["enterprise", "pro", "free"]), json_values),
            "tags": st.one_of(st.lists(st.sampled_from(["vip", "x"])), json_values),
            "arr": st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False), json_values)}), json_values),
        "events": st.one_of(st.lists(events, max_size=6), json_values),
    },
) | json_values


def assert_answered(response) -> None:
    assert response.status_code < 500, response.text
    body = response.json()
    if response.status_code >= 400:
        assert set(body) == {"error"} and {"code", "message", "where"} <= set(body["error"])


@SETTINGS
@given(batch=st.lists(tickets, max_size=6), now=st.one_of(st.none(), instants))
def test_random_tickets(live, batch, now) -> None:
    with live.client() as client:
        response = client.post("/v1/evaluate", json={"tickets": batch, "now": now})
    assert_answered(response)
    if response.status_code == 200:
        results = response.json()["results"]
        assert len(results) == len(batch)
        for line, result in enumerate(results, start=1):
            assert set(result) in ({"id", "sla", "metrics", "escalations"}, {"id", "error", "line"})
            if "error" in result:
                assert result["line"] == line


@settings(SETTINGS, max_examples=40)
@given(body=json_values)
def test_random_json_bodies_on_every_post_route(live, body) -> None:
    with live.client() as client:
        for route in ("/v1/evaluate", "/v1/check", "/v1/simulate"):
            assert_answered(client.post(route, json=body))


@settings(SETTINGS, max_examples=40)
@given(body=st.binary(max_size=200), content_type=st.sampled_from(
    ["application/json", "text/plain", "application/yaml", "text/plain; charset=utf-16", "", "multipart/form-data"]))
def test_random_bytes_on_every_post_route(live, body, content_type) -> None:
    headers = {"content-type": content_type} if content_type else {}
    with live.client() as client:
        for route in ("/v1/evaluate", "/v1/check", "/v1/simulate"):
            assert_answered(client.post(route, content=body, headers=headers))


ACME_TEXT = (ROOT / "policies" / "calendars.sla").read_text() + "\n" + "\n".join(
    line for line in (ROOT / "policies" / "acme.sla").read_text().splitlines() if not line.startswith("import"))


@settings(SETTINGS, max_examples=30)
@given(cut=st.tuples(st.integers(0, len(ACME_TEXT)), st.integers(0, 40)), insert=st.text(max_size=12))
def test_damaged_policy_text(live, cut, insert) -> None:
    start, length = cut
    text = ACME_TEXT[:start] + insert + ACME_TEXT[start + length:]
    with live.client() as client:
        response = client.post("/v1/check", json={"text": text, "name": "acme.sla"})
    assert response.status_code == 200, response.text
    for finding in response.json()["findings"]:
        assert finding["file"] == "acme.sla"


SCENARIO = {
    "start": "2026-01-05T00:00:00+01:00",
    "duration": "2d",
    "seed": 1,
    "arrivals": [{"ticket": {"priority": "urgent"}, "customer": {"plan": "enterprise"}, "rate": "20/day"},
                 {"ticket": {"priority": "normal"}, "customer": {"plan": "free"}, "rate": "30/day", "profile": "office"}],
    "work": {"first_response": {"team": "tier1", "time": {"dist": "exponential", "mean": "8m"}},
             "resolution": {"team": "tier1", "time": {"dist": "lognormal", "mean": "30m", "sd": "10m"},
                            "steps": {"triage": {"dist": "fixed", "value": "5m"}}}},
    "staffing": {"tier1": 3},
}
PLACES = [("start",), ("duration",), ("seed",), ("arrivals", 0, "rate"), ("arrivals", 1, "profile"),
          ("arrivals", 0, "ticket", "priority"), ("work", "first_response", "team"), ("work", "first_response", "time", "mean"),
          ("work", "resolution", "steps", "triage", "value"), ("staffing", "tier1"), ("arrivals", 1), ("work",)]
replacements = st.one_of(json_values, st.sampled_from(
    ["0s", "1s", "99999w", "1000000/s", "0/day", "0.0001/day", "1h/8h", "2026-01-05T00:00:00Z", "2999-12-31T00:00:00Z",
     "1900-01-01T00:00:00Z", "-1", 0, -1, 10**9, "always", "night_ops", "tier2", "sysadmins"]))


@settings(SETTINGS, max_examples=40)
@given(place=st.sampled_from(PLACES), value=replacements)
def test_damaged_scenarios(live, place, value) -> None:
    scenario = json.loads(json.dumps(SCENARIO))
    target = scenario
    for key in place[:-1]:
        target = target[key]
    target[place[-1]] = value
    with live.client() as client:
        response = client.post("/v1/simulate", json=scenario)
    assert_answered(response)


def test_nothing_above_reached_the_last_resort(live) -> None:
    """Runs after the random tests of this module (pytest keeps file order)."""
    assert live.count_500s() == 0
    assert live.unhandled_errors() == []


@pytest.fixture()
def fresh() -> LiveServer:
    with LiveServer(ACME, LIMITS) as server:
        yield server


def test_the_last_resort_answers_json_and_logs(fresh, monkeypatch) -> None:
    from slalang.server.routes import info

    def broken(ctx):
        raise RuntimeError("a bug")

    monkeypatch.setattr(info, "policy_document", broken)
    with fresh.client() as client:
        response = client.get("/v1/policy")
        assert response.status_code == 500
        assert response.json() == {"error": {"code": "internal", "message": "an unexpected error occurred; it has been logged",
                                             "where": None}}
        assert client.get("/healthz").status_code == 200  # the server goes on
    [record] = fresh.unhandled_errors()
    assert record.exc_info is not None and "a bug" in str(record.exc_info[1])
    assert fresh.count_500s() == 1


def test_a_failing_batch_falls_back_to_one_ticket_at_a_time(fresh, monkeypatch) -> None:
    from slalang.evaluation.batch import BatchEvaluator
    from slalang.evaluation.evaluator import Evaluator

    with fresh.client() as client:
        expected = client.post("/v1/evaluate", json={"tickets": [TICKET, {"id": 2}], "now": NOW}).json()["results"]

    def batch_bug(self, items, now_s):
        raise ValueError("a batch bug")

    original = Evaluator.evaluate

    def ticket_bug(self, raw, now_s, line=None):
        if isinstance(raw, dict) and raw.get("id") == "boom":
            raise KeyError("a ticket bug")
        return original(self, raw, now_s, line)

    monkeypatch.setattr(BatchEvaluator, "evaluate", batch_bug)
    monkeypatch.setattr(Evaluator, "evaluate", ticket_bug)
    with fresh.client() as client:
        response = client.post("/v1/evaluate", json={"tickets": [TICKET, {"id": 2}, {"id": "boom"}], "now": NOW})
    assert response.status_code == 200
    results = response.json()["results"]
    assert results[:2] == expected
    assert results[2]["id"] == "boom" and results[2]["line"] == 3 and "internal error" in results[2]["error"]
    messages = [r.getMessage() for r in fresh.unhandled_errors()]
    assert messages == ["batch evaluation failed; evaluating the tickets one by one", "ticket evaluation failed"]
