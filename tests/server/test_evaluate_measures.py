"""/v1/evaluate on the worked example with measures and calendars chosen from the ticket: the
same objects as ``slalang eval``, valid against the OpenAPI result schema."""

from __future__ import annotations

import orjson

import slalang
from slalang.evaluation import evaluate_tickets

from .live import ROOT, LiveServer
from .schema_check import validate_against

GLOBAL = ROOT / "policies" / "global" / "global.sla"
NOW = "2026-11-23T12:00:00Z"


def test_measures_and_the_chosen_calendar_come_back_as_eval_writes_them() -> None:
    tickets = [orjson.loads(line) for line in (GLOBAL.parent / "tickets.jsonl").read_bytes().splitlines() if line.strip()]
    expected = [r.to_json() for r in evaluate_tickets(slalang.load(GLOBAL), tickets, now=NOW)]
    with LiveServer(GLOBAL) as server, server.client() as client:
        response = client.post("/v1/evaluate", json={"tickets": tickets, "now": NOW})
        document = client.get("/openapi.json").json()
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["results"] == expected
    assert body["results"][2]["zone"] == "Asia/Kathmandu" and "agent_work" in body["results"][2]["metrics"]
    validate_against(document, "EvaluateResponse", body)
