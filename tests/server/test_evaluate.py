"""POST /v1/evaluate: slalang eval's results over HTTP, and every way the body can be wrong."""

from __future__ import annotations

import io
import json

import orjson
import pytest

import slalang
from slalang.evaluation.runner import evaluate_file

from .conftest import ACME, LIMITS, NOW, TICKET, assert_error


def eval_output(tickets: list, now: str = NOW) -> list[dict]:
    """What `slalang eval` writes for these tickets (its engine, JSON Lines decoded)."""
    out = io.BytesIO()
    source = io.BytesIO("\n".join(json.dumps(t) for t in tickets).encode() + b"\n")
    evaluate_file(slalang.load(ACME), source, out.write, now=now, jobs=1)
    return [orjson.loads(line) for line in out.getvalue().splitlines()]


def many_tickets() -> list:
    plans = ["enterprise", "pro", "free"]
    out = []
    for n in range(30):
        t = json.loads(json.dumps(TICKET))
        t["id"] = f"T-{n}"
        t["ticket"]["priority"] = ["urgent", "high", "normal", "low"][n % 4]
        t["customer"]["plan"] = plans[n % 3]
        t["events"] = t["events"][: n % 6]
        out.append(t)
    out[4] = {"id": "T-bad-1", "created_at": "2026-11-20 16:55"}          # no offset
    out[9] = {"id": "T-bad-2", "created_at": NOW, "ticket": {"priority": "critical"}}
    out[12] = ["not", "a", "ticket"]
    out[20] = {"created_at": NOW}                                            # no id
    return out


def test_results_are_eval_output_in_order(client) -> None:
    tickets = many_tickets()
    response = client.post("/v1/evaluate", json={"tickets": tickets, "now": NOW})
    assert response.status_code == 200
    body = response.json()
    assert body["results"] == eval_output(tickets)
    assert body["now"] == NOW
    assert body["version_hash"] == slalang.load(ACME).version_hash
    failures = [r for r in body["results"] if "error" in r]
    assert [(f["id"], f["line"]) for f in failures] == [("T-bad-1", 5), ("T-bad-2", 10), (None, 13), (None, 21)]
    assert "no UTC offset" in failures[0]["error"] or "not RFC 3339" in failures[0]["error"]
    assert "'critical' is not a declared priority" in failures[1]["error"]


def test_the_body_is_the_bytes_orjson_writes_for_the_python_paths_results(client) -> None:
    # The route answers from the compiled path's JSON Lines where it is built; the body must
    # still be exactly the object the Python batch path's results would encode to.
    from slalang.evaluation import BatchEvaluator, parse_rfc3339

    tickets = many_tickets()
    response = client.post("/v1/evaluate", json={"tickets": tickets, "now": NOW})
    expected = BatchEvaluator(slalang.load(ACME).model).evaluate(list(enumerate(tickets, start=1)), parse_rfc3339(NOW))
    version_hash = slalang.load(ACME).version_hash
    assert response.content == orjson.dumps({"results": expected, "now": NOW, "version_hash": version_hash})
    assert response.headers["content-type"] == "application/json"
    empty = client.post("/v1/evaluate", json={"tickets": [], "now": NOW})
    assert empty.content == orjson.dumps({"results": [], "now": NOW, "version_hash": version_hash})


def test_one_ticket(client) -> None:
    response = client.post("/v1/evaluate", json={"ticket": TICKET, "now": NOW})
    assert response.status_code == 200
    assert response.json()["results"] == eval_output([TICKET])
    assert response.json()["results"][0]["sla"] == "enterprise_urgent"


def test_now_defaults_to_the_time_of_the_request(client) -> None:
    import time

    before = int(time.time())
    body = client.post("/v1/evaluate", json={"ticket": TICKET}).json()
    after = int(time.time())
    now_s = slalang.evaluation.parse_rfc3339(body["now"])
    assert before <= now_s <= after
    assert body["results"] == eval_output([TICKET], body["now"])


def test_now_null_is_the_default_and_an_empty_list_is_fine(client) -> None:
    body = client.post("/v1/evaluate", json={"tickets": [], "now": None}).json()
    assert body["results"] == []


def test_a_bad_ticket_in_the_single_form_is_a_422_with_the_same_body(client) -> None:
    response = client.post("/v1/evaluate", json={"ticket": 42, "now": NOW})
    assert response.status_code == 422
    body = response.json()
    assert body["results"] == [{"id": None, "error": "a ticket must be a JSON object, got a number", "line": 1}]
    assert body["now"] == NOW and body["version_hash"]


def test_a_bad_ticket_in_a_batch_of_one_is_still_a_200(client) -> None:
    response = client.post("/v1/evaluate", json={"tickets": [42], "now": NOW})
    assert response.status_code == 200
    assert response.json()["results"] == [{"id": None, "error": "a ticket must be a JSON object, got a number", "line": 1}]


@pytest.mark.parametrize(
    ("body", "status", "code", "where", "words"),
    [
        (b'{"tickets": [', 400, "invalid_json", "body line 1, column 14", "not valid JSON"),
        (b'{"tickets": []\n, }', 400, "invalid_json", "body line 2, column 3", "not valid JSON"),
        (b"", 400, "invalid_json", "body", "empty"),
        (b"\xff\xfe{}", 400, "invalid_json", None, "not valid JSON"),
        (b"[1, 2]", 422, "invalid_body", "body", "got a list"),
        (b'{"tickts": []}', 422, "invalid_body", "tickts", "did you mean `tickets`"),
        (b'{"tickets": [], "ticket": {}}', 422, "invalid_body", "ticket", "not both"),
        (b'{"now": "2026-11-22T00:00:00Z"}', 422, "invalid_body", "body", "missing `tickets`"),
        (b'{"tickets": {"id": 1}}', 422, "invalid_body", "tickets", "must be a list"),
        (b'{"tickets": [], "now": 1795000000}', 422, "invalid_body", "now", "RFC 3339"),
        (b'{"tickets": [], "now": "2026-11-22 00:00:00"}', 422, "invalid_body", "now", "no UTC offset"),
        (b'{"tickets": [], "now": "2026-13-22T00:00:00Z"}', 422, "invalid_body", "now", "month 13"),
        (b'{"tickets": [], "now": " 2026-11-22T00:00:00Z"}', 422, "invalid_body", "now", "not RFC 3339"),
        (b'{"tickets": [], "now": "0001-01-01T00:00:00Z"}', 422, "invalid_body", "now", "year 1"),
    ],
)
def test_bad_bodies(client, body: bytes, status: int, code: str, where: str | None, words: str) -> None:
    response = client.post("/v1/evaluate", content=body, headers={"content-type": "application/json"})
    error = assert_error(response, status, code)
    if where is not None:
        assert error["where"] == where
    assert words in error["message"], error


def test_too_many_tickets_is_413(client) -> None:
    response = client.post("/v1/evaluate", json={"tickets": [{}] * (LIMITS.max_tickets + 1)})
    error = assert_error(response, 413, "too_many_tickets", "tickets")
    assert f"at most {LIMITS.max_tickets}" in error["message"]


def test_other_content_types_are_415(client) -> None:
    response = client.post("/v1/evaluate", content=b'{"tickets": []}', headers={"content-type": "text/csv"})
    assert_error(response, 415, "unsupported_media_type", "header Content-Type")
    # curl -d sends form encoding: the message says what to send instead
    response = client.post("/v1/evaluate", content=b'{"tickets": []}',
                           headers={"content-type": "application/x-www-form-urlencoded"})
    assert "Content-Type: application/json" in assert_error(response, 415, "unsupported_media_type")["message"]


def test_no_content_type_is_read_as_json(client) -> None:
    response = client.post("/v1/evaluate", content=orjson.dumps({"ticket": TICKET, "now": NOW}))
    assert response.status_code == 200
    assert response.json()["results"] == eval_output([TICKET])


def test_wrong_method_and_unknown_route(client) -> None:
    response = client.get("/v1/evaluate")
    assert_error(response, 405, "method_not_allowed", "path /v1/evaluate")
    assert response.headers["allow"] == "POST"
    assert_error(client.post("/v1/evaluat", json={}), 404, "not_found", "path /v1/evaluat")
