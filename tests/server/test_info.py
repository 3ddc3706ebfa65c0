"""GET /v1/policy, /healthz, /openapi.json and /metrics; the access log."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import slalang
from slalang.model_json import model_to_json
from slalang.server.routes import ROUTES

from .conftest import ACME, NOW, TICKET
from .schema_check import validate_against


@pytest.fixture(scope="module")
def document(live) -> dict:
    with live.client() as client:
        return client.get("/openapi.json").json()


def test_policy_shows_the_compiled_model_and_its_version(client, document) -> None:
    body = client.get("/v1/policy").json()
    policy = slalang.load(ACME)
    assert body["model"] == model_to_json(policy.model)
    assert body["version_hash"] == policy.version_hash
    assert body["files"] == ["policies/acme.sla", "policies/calendars.sla"]
    assert body["last_reload_error"] is None and body["watching"] is False
    loaded = dt.datetime.fromisoformat(body["loaded_at"].replace("Z", "+00:00"))
    assert abs((dt.datetime.now(dt.UTC) - loaded).total_seconds()) < 3600
    validate_against(document, "PolicyInfo", body)


def test_healthz(client, document) -> None:
    body = client.get("/healthz").json()
    assert body == {"status": "ok", "version_hash": slalang.load(ACME).version_hash, "reload_failing": False}
    validate_against(document, "Health", body)


def test_openapi_is_a_valid_3_1_document_covering_every_route(document) -> None:
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(document)
    assert document["openapi"] == "3.1.0"
    served = {(route.path, method.lower()) for route in ROUTES for method in route.methods if method != "HEAD"}
    documented = {(path, method) for path, item in document["paths"].items() for method in item}
    assert documented == served
    for path, item in document["paths"].items():
        for method, operation in item.items():
            assert "200" in operation["responses"], (path, method)
            if method == "post":
                assert {"400", "413", "415", "422"} <= set(operation["responses"]), path
    assert document["components"]["schemas"]["EvaluateRequest"]["properties"]["tickets"]["maxItems"] == 500


def test_responses_match_the_documented_schemas(client, document) -> None:
    evaluated = client.post("/v1/evaluate", json={"tickets": [TICKET, {"id": 1}], "now": NOW}).json()
    validate_against(document, "EvaluateResponse", evaluated)
    checked = client.post("/v1/check", json={"text": "sla a { first_response within 1h }\nsla b { first_response within 2h }\n"}).json()
    assert checked["findings"]
    validate_against(document, "CheckResponse", checked)
    error = client.post("/v1/evaluate", json={"tickets": 1}).json()
    validate_against(document, "Error", error)
    simulated = client.post("/v1/simulate", content=(ACME.parent / "scenario.yaml").read_bytes(),
                            headers={"content-type": "application/yaml"}).json()
    validate_against(document, "SimulationResult", simulated)
    invalid = client.post("/v1/simulate", json={"start": "x"}).json()
    validate_against(document, "Error", invalid)


def metric_value(text: str, name: str, **labels: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            found = dict(re.findall(r'(\w+)="([^"]*)"', line.split("}")[0])) if "{" in line else {}
            if all(found.get(k) == v for k, v in labels.items()):
                return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_requests_latency_and_evaluations(live, client) -> None:
    before = client.get("/metrics").text
    client.post("/v1/evaluate", json={"tickets": [TICKET, TICKET, {"id": "x"}], "now": NOW})
    client.post("/v1/evaluate", content=b"{", headers={"content-type": "application/json"})
    client.get("/nowhere")
    response = client.get("/metrics")
    assert response.headers["content-type"].startswith("text/plain; version=")
    after = response.text

    def delta(name: str, **labels: str) -> float:
        return metric_value(after, name, **labels) - metric_value(before, name, **labels)

    assert delta("slalang_http_requests_total", method="POST", route="/v1/evaluate", status="200") == 1
    assert delta("slalang_http_requests_total", method="POST", route="/v1/evaluate", status="400") == 1
    assert delta("slalang_http_requests_total", method="GET", route="(unmatched)", status="404") == 1
    assert delta("slalang_http_request_duration_seconds_count", method="POST", route="/v1/evaluate") == 2
    assert delta("slalang_evaluations_total", outcome="ok") == 2
    assert delta("slalang_evaluations_total", outcome="error") == 1
    assert metric_value(after, "slalang_policy_info", version_hash=slalang.load(ACME).version_hash) == 1
    assert metric_value(after, "slalang_policy_loaded_timestamp_seconds") > 1.7e9
    assert "slalang_policy_reloads_total" in after
    assert 'slalang_http_request_duration_seconds_bucket{le="0.005",method="POST",route="/v1/evaluate"}' in after


def test_requests_in_progress_counts_the_scrape_itself(live, client) -> None:
    assert metric_value(client.get("/metrics").text, "slalang_http_requests_in_progress") == 1
    assert live.app.in_progress == 0


def test_request_counts_stay_right_past_the_kept_label_children() -> None:
    from slalang.server.metrics import _MAX_CACHED_CHILDREN, ServerMetrics

    metrics = ServerMetrics()
    methods = [f"M{k}" for k in range(_MAX_CACHED_CHILDREN + 5)]
    for method in methods + methods[:3]:
        metrics.observe_request(method, "/v1/evaluate", 200, 0.002)
    text = metrics.render().decode()
    assert metric_value(text, "slalang_http_requests_total", method="M0", route="/v1/evaluate", status="200") == 2
    assert metric_value(text, "slalang_http_requests_total", method=methods[-1], route="/v1/evaluate", status="200") == 1
    assert metric_value(text, "slalang_http_request_duration_seconds_count", method="M1", route="/v1/evaluate") == 2
    assert metric_value(text, "slalang_http_request_duration_seconds_bucket", method="M1", route="/v1/evaluate",
                        le="0.0025") == 2


def test_each_app_has_its_own_registry(live) -> None:
    from prometheus_client import REGISTRY

    from slalang.server import create_app

    other = create_app(ACME)
    mine = live.context.metrics.registry
    assert other.starlette.state.slalang.metrics.registry is not mine
    assert "slalang_http_requests" not in {m.name for m in REGISTRY.collect()}


def test_one_json_access_line_per_request(live, client) -> None:
    marker = "/healthz"
    count = len(live.access_records())
    response = client.get(marker)
    client.post("/v1/evaluate", json={"ticket": TICKET, "now": NOW})
    records = live.access_records()[count:]
    assert len(records) == 2
    first, second = records
    assert first["method"] == "GET" and first["path"] == marker and first["status"] == 200
    assert first["bytes"] == len(response.content)
    assert isinstance(first["duration_ms"], float) and first["duration_ms"] >= 0
    assert first["client"].startswith("127.0.0.1:")
    assert (second["method"], second["path"], second["status"]) == ("POST", "/v1/evaluate", 200)


def test_access_line_is_json(live) -> None:
    import json
    import logging

    from slalang.server.access_log import JsonFormatter

    record = next(r for r in reversed(live.logs.records) if r.name.endswith(".access"))
    line = json.loads(JsonFormatter().format(record))
    assert {"ts", "level", "logger", "event", "method", "path", "status", "duration_ms", "bytes"} <= set(line)
    assert line["logger"] == f"{live.logger.name}.access" and line["level"] == logging.getLevelName(record.levelno).lower()
