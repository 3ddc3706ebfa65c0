"""POST /v1/due: the rows `slalang due` lists, over HTTP, valid against the OpenAPI document."""

from __future__ import annotations

import io
import json

import slalang
from slalang.evaluation.due import due_file

from .conftest import ACME, NOW, assert_error
from .schema_check import validate_against
from .test_evaluate import many_tickets


def due_output(tickets: list, **options) -> list[dict]:
    source = io.BytesIO("\n".join(json.dumps(t) for t in tickets).encode() + b"\n")
    return [row.to_json() for row in due_file(slalang.load(ACME), source, now=NOW, jobs=1, **options).rows]


def test_rows_are_the_rows_of_slalang_due(client) -> None:
    tickets = many_tickets()
    response = client.post("/v1/due", json={"tickets": tickets, "now": NOW})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["rows"] == due_output(tickets)
    assert body["rows"], "the sample has tickets with clocks running"
    assert [f["line"] for f in body["failures"]] == [5, 10, 13, 21]
    validate_against(client.get("/openapi.json").json(), "DueResponse", body)


def test_within_and_limit(client) -> None:
    tickets = many_tickets()
    response = client.post("/v1/due", json={"tickets": tickets, "now": NOW, "within": "2h", "limit": 2})
    assert response.status_code == 200, response.text
    assert response.json()["rows"] == due_output(tickets, within_s=7200, limit=2)


def test_a_clean_batch_answers_rows_alone(client) -> None:
    tickets = [t for t in many_tickets() if isinstance(t, dict) and "ticket" in t and "events" in t][:3]
    body = client.post("/v1/due", json={"tickets": tickets, "now": NOW}).json()
    assert set(body) == {"rows"}


def test_a_bad_window_or_limit_is_named(client) -> None:
    assert_error(client.post("/v1/due", json={"tickets": [], "within": "soon"}), 422, "invalid_body", "within")
    assert_error(client.post("/v1/due", json={"tickets": [], "within": 4}), 422, "invalid_body", "within")
    assert_error(client.post("/v1/due", json={"tickets": [], "limit": 0}), 422, "invalid_body", "limit")
    assert_error(client.post("/v1/due", json={"tickets": [], "limit": None}), 422, "invalid_body", "limit")
    error = assert_error(client.post("/v1/due", json={"tickets": [], "withn": "4h"}), 422, "invalid_body", "withn")
    assert "within" in error["message"]


def test_evaluate_results_validate_with_the_new_fields(client) -> None:
    body = client.post("/v1/evaluate", json={"tickets": many_tickets(), "now": NOW}).json()
    assert any(r.get("planned") for r in body["results"]) and any(r.get("next_at") for r in body["results"])
    validate_against(client.get("/openapi.json").json(), "EvaluateResponse", body)
