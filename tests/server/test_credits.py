"""POST /v1/credits and POST /v1/availability: the rows of `slalang credits` and `slalang
availability` over HTTP, bad items listed beside them, and every way the body can be wrong."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import slalang
from slalang.credits import compute_availability, compute_credits, read_outages
from slalang.evaluation import read_tickets

from .conftest import LIMITS, assert_error
from .live import ROOT, LiveServer
from .schema_check import validate_against

DATA = ROOT / "tests" / "credits" / "data"
CONTRACT = DATA / "contract.sla"
OUTAGES = ROOT / "policies" / "global" / "outages.jsonl"
NOW = "2026-12-15T00:00:00Z"


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    with LiveServer(CONTRACT, LIMITS) as live:
        yield live


@pytest.fixture()
def http(server: LiveServer):
    with server.client() as c:
        yield c


def tickets() -> list:
    return [json.loads(line) for line in (DATA / "tickets.jsonl").read_text().splitlines()]


def outages() -> list:
    return [json.loads(line) for line in OUTAGES.read_text().splitlines()]


def test_credit_rows_are_what_slalang_credits_computes(http) -> None:
    response = http.post("/v1/credits", json={"tickets": tickets(), "now": NOW})
    assert response.status_code == 200
    body = response.json()
    expected = compute_credits(slalang.load(CONTRACT), read_tickets(str(DATA / "tickets.jsonl")), NOW).to_json()
    assert body["rows"] == expected and len(expected) == 5
    # the bad ticket (line 6 of the file, position 6 in the list) is left out and listed
    assert [(e["id"], e["line"]) for e in body["errors"]] == [("BAD-1", 6)]
    validate_against(http.get("/openapi.json").json(), "CreditsResponse", body)


def test_clean_input_answers_rows_only(http) -> None:
    clean = [t for t in tickets() if t["id"] != "BAD-1"]
    body = http.post("/v1/credits", json={"tickets": clean, "now": NOW}).json()
    assert set(body) == {"rows"}
    body = http.post("/v1/availability", json={"outages": outages(), "now": NOW}).json()
    assert set(body) == {"rows"}


def test_availability_rows_are_what_slalang_availability_computes(http) -> None:
    response = http.post("/v1/availability", json={"outages": outages(), "now": NOW})
    assert response.status_code == 200
    expected = compute_availability(slalang.load(CONTRACT), read_outages(str(OUTAGES)), NOW).to_json()
    assert response.json()["rows"] == expected
    assert [(r["period"], r["down_s"], r["credit_pct"]) for r in expected] == [("2026-11", 4200, 10.0), ("2026-12", 1200, 0.0)]


def test_availability_since_bad_outages_and_undeclared_services(http) -> None:
    items = outages() + [{"service": "public_api", "start": "2026-11-05T10:00:00Z", "end": "2026-11-05T09:00:00Z"},
                         "junk", {"service": "billing", "start": "2026-11-01T00:00:00Z", "end": None}]
    response = http.post("/v1/availability", json={"outages": items, "now": NOW, "since": "2026-10-20T00:00:00Z"})
    body = response.json()
    assert [r["period"] for r in body["rows"]] == ["2026-10", "2026-11", "2026-12"]
    assert [(e["line"], e["error"][:28]) for e in body["errors"]] == [(4, '"end" 2026-11-05T09:00:00Z i'),
                                                                       (5, "an outage must be a JSON obj")]
    assert body["ignored_services"] == ["billing"]
    validate_against(http.get("/openapi.json").json(), "AvailabilityResponse", body)


@pytest.mark.parametrize(
    ("route", "body", "status", "where", "words"),
    [
        ("/v1/credits", [], 422, "body", "expected a JSON object"),
        ("/v1/credits", {"tikets": []}, 422, "tikets", "did you mean `tickets`?"),
        ("/v1/credits", {"now": NOW}, 422, "body", "missing `tickets`"),
        ("/v1/credits", {"tickets": {}}, 422, "tickets", "must be a list"),
        ("/v1/credits", {"tickets": [], "now": "2026-12-15"}, 422, "now", "now"),
        ("/v1/credits", {"tickets": [{}] * (LIMITS.max_tickets + 1)}, 413, "tickets", "at most"),
        ("/v1/availability", {"outages": [], "now": NOW, "since": "2027-01-01T00:00:00Z"}, 422, "since", "after `now`"),
        ("/v1/availability", {"outages": [], "since": 5}, 422, "since", "timestamp string"),
        ("/v1/availability", {"outage": []}, 422, "outage", "did you mean `outages`?"),
    ],
)
def test_a_body_of_the_wrong_shape_is_a_located_4xx(http, route, body, status, where, words) -> None:
    error = assert_error(http.post(route, json=body), status, "too_many_tickets" if status == 413 else "invalid_body", where)
    assert words in error["message"]


def test_not_json_is_refused(http) -> None:
    assert_error(http.post("/v1/credits", content=b"{", headers={"content-type": "application/json"}), 400, "invalid_json")
    assert_error(http.post("/v1/availability", content=b"x", headers={"content-type": "text/csv"}), 415,
                 "unsupported_media_type")


def test_the_openapi_document_lists_both_routes() -> None:
    from slalang.server.openapi import build_openapi

    document = build_openapi(LIMITS)
    assert {"/v1/credits", "/v1/availability"} <= set(document["paths"])
    validate_against(document, "CreditRow", {"credit": "c", "account": None, "period": "2026-W53", "runs": 0, "met": 0,
                                             "breached": 0, "attainment": None, "credit_pct": 0.0, "tier": None,
                                             "reason": "no decided runs"})


def test_schemathesis_finds_nothing_on_the_credit_routes(server: LiveServer, tmp_path: Path) -> None:
    import os
    import re
    import subprocess
    import sys

    pytest.importorskip("schemathesis")
    config = Path(__file__).with_name("schemathesis.toml")
    command = [
        sys.executable, "-m", "schemathesis.cli", "--config-file", str(config), "--no-color",
        "run", f"{server.url}/openapi.json", "--include-path-regex", "^/v1/(credits|availability)$",
        "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,"
                    "response_schema_conformance,negative_data_rejection",
        "--phases", "examples,coverage,fuzzing", "--max-examples", "30", "--seed", "20261215", "--workers", "1",
        "--request-timeout", "30", "--suppress-health-check", "all",
    ]
    env = {**os.environ, "NO_PROXY": "*", "no_proxy": "*", "SCHEMATHESIS_HOOKS": ""}
    run = subprocess.run(command, capture_output=True, text=True, timeout=180, env=env, cwd=tmp_path)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    cases = re.search(r"(\d+) generated, (\d+) passed", run.stdout)
    assert cases and cases.group(1) == cases.group(2) and int(cases.group(1)) > 0, run.stdout[-3000:]
    assert server.count_500s() == 0 and server.unhandled_errors() == []
