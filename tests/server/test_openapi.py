"""The OpenAPI document accepts what the server accepts: instants as the evaluator reads them,
the served policy's names, the shipped ticket schema as the one definition of a ticket."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import slalang
from slalang.evaluation import InstantError, parse_rfc3339
from slalang.server.openapi import PolicyNames, build_openapi
from slalang.server.openapi.parts import instant_pattern, schema_file
from slalang.server.settings import Limits

from .conftest import ACME, NOW, TICKET
from .schema_check import validate_against

ROOT = Path(__file__).resolve().parents[2]
INSTANT = re.compile(instant_pattern())
TICKET_SCHEMA = schema_file("ticket.schema.json")


def accepted(text: str) -> bool:
    try:
        parse_rfc3339(text)
    except InstantError:
        return False
    return True


def near_instants() -> st.SearchStrategy[str]:
    """Strings shaped like RFC 3339, with every field drawn around and past its range."""
    two = st.integers(0, 99).map(lambda n: f"{n:02d}")
    year = st.sampled_from([0, 1, 1899, 1900, 1904, 2000, 2024, 2100, 2400, 2800, 2999, 3000, 9999]).map(lambda n: f"{n:04d}")
    offset = st.one_of(st.sampled_from(["Z", "z", ""]), st.tuples(st.sampled_from("+-"), two, two).map(lambda t: f"{t[0]}{t[1]}:{t[2]}"))
    fraction = st.sampled_from(["", ".5", ".123456789", "."])
    return st.tuples(year, two, two, st.sampled_from("Tt x"), two, two, two, fraction, offset).map(
        lambda p: f"{p[0]}-{p[1]}-{p[2]}{p[3]}{p[4]}:{p[5]}:{p[6]}{p[7]}{p[8]}")


@settings(max_examples=400)
@given(near_instants())
def test_the_instant_pattern_accepts_exactly_what_the_evaluator_accepts(text: str) -> None:
    assert bool(INSTANT.search(text)) == accepted(text), text


@settings(max_examples=200)
@given(st.from_regex(INSTANT, fullmatch=True))
def test_every_instant_the_pattern_generates_is_accepted(text: str) -> None:
    assert accepted(text), text


def test_the_ticket_schema_is_the_one_definition() -> None:
    assert TICKET_SCHEMA["$defs"]["instant"]["pattern"] == instant_pattern()
    document = build_openapi(Limits())
    assert document["components"]["schemas"]["Ticket_instant"]["pattern"] == instant_pattern()
    now = document["components"]["schemas"]["EvaluateRequest"]["properties"]["now"]
    assert {"$ref": "#/components/schemas/Ticket_instant"} in now["anyOf"]
    validator = jsonschema.Draft202012Validator(TICKET_SCHEMA)
    validator.check_schema(TICKET_SCHEMA)
    for line in (ROOT / "policies" / "tickets.jsonl").read_text().splitlines():
        validator.validate(json.loads(line))
    for bad in ({"id": "", "created_at": NOW}, {"id": 1, "created_at": "2026-11-20 16:55"},
                {"id": True, "created_at": NOW}, {"id": 1, "created_at": NOW, "events": [{"at": NOW, "type": "status"}]},
                {"id": 1, "created_at": NOW, "events": [{"at": NOW, "type": "field", "field": "status", "value": 3}]}):
        assert not validator.is_valid(bad), bad


def test_the_served_document_names_the_served_policy() -> None:
    model = slalang.load(ACME).model
    schemas = build_openapi(Limits(), PolicyNames.of(model))["components"]["schemas"]
    assert schemas["Scenario"]["properties"]["staffing"]["propertyNames"]["enum"] == list(model.teams)
    assert schemas["Scenario_work"]["properties"]["team"]["enum"] == list(model.teams)
    assert schemas["Scenario_arrival"]["properties"]["profile"]["enum"] == list(model.calendars)
    work_keys = schemas["Scenario"]["properties"]["work"]["propertyNames"]["enum"]
    assert "first_response" in work_keys and "enterprise_urgent.resolution" in work_keys
    assert not any(key.endswith("next_response") for key in work_keys)  # cannot be simulated
    assert schemas["Ticket"]["properties"]["ticket"]["properties"]["priority"]["enum"] == [*model.priorities, None]
    unnamed = build_openapi(Limits())["components"]["schemas"]
    assert unnamed["Scenario"]["properties"]["staffing"]["propertyNames"] == {"type": "string"}


def test_a_policy_without_teams_allows_no_staffing_key() -> None:
    model = slalang.loads("sla any { first_response within 1h }\n").model
    schemas = build_openapi(Limits(), PolicyNames.of(model))["components"]["schemas"]
    staffing = {"$ref": "#/components/schemas/Scenario", "components": {"schemas": schemas}}
    scenario = {"start": NOW, "duration": "1d", "arrivals": [{"rate": "1/h"}],
                "work": {"first_response": {"time": {"dist": "fixed", "value": "1m"}}}}
    assert jsonschema.Draft202012Validator(staffing).is_valid(scenario)
    assert not jsonschema.Draft202012Validator(staffing).is_valid({**scenario, "staffing": {"tier1": 2}})


def test_the_live_document_follows_the_policy_and_documents_the_single_ticket_422(client) -> None:
    document = client.get("/openapi.json").json()
    staffing = document["components"]["schemas"]["Scenario"]["properties"]["staffing"]
    assert staffing["propertyNames"]["enum"] == ["tier1", "engineering", "sysadmins"]
    response = client.post("/v1/evaluate", json={"ticket": {**TICKET, "created_at": "yesterday"}, "now": NOW})
    assert response.status_code == 422
    schema = document["paths"]["/v1/evaluate"]["post"]["responses"]["422"]["content"]["application/json"]["schema"]
    wrapped = {**schema, "components": document["components"]}
    jsonschema.Draft202012Validator(wrapped).validate(response.json())
    validate_against(document, "EvaluateResponse", response.json())


@pytest.mark.parametrize("now", ["1900-01-01T00:00:00+14:00", "2999-12-31T23:59:59-12:00"])
def test_now_at_the_edges_of_the_years_is_read_as_written(client, now) -> None:
    """The written year is what counts, for `now` as for a ticket's timestamps."""
    response = client.post("/v1/evaluate", json={"tickets": [], "now": now})
    assert response.status_code == 200, response.text
