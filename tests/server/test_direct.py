"""``DirectRoutes`` answers exactly as Starlette does: every route's requests, good and bad,
get the same status, headers and body whether the route's handler is reached directly or
through Starlette's middleware and router; and what is not a route's exact method and path
is Starlette's."""

from __future__ import annotations

import asyncio

import httpx
import orjson
import pytest

from slalang.server import create_app
from slalang.server.routes import ROUTES

from .conftest import ACME, LIMITS, NOW, TICKET

JSON = {"content-type": "application/json"}
POLICY_TEXT = b'{"text": "sla a { first_response within 1h }\\nsla b { first_response within 2h }\\n"}'

REQUESTS = [
    ("POST", "/v1/evaluate", orjson.dumps({"ticket": TICKET, "now": NOW}), JSON),
    ("POST", "/v1/evaluate", orjson.dumps({"tickets": [TICKET, {"id": "x"}, 3], "now": NOW}), JSON),
    ("POST", "/v1/evaluate", orjson.dumps({"ticket": {"id": "bad"}, "now": NOW}), JSON),
    ("POST", "/v1/evaluate", orjson.dumps({"tickets": [TICKET] * (LIMITS.max_tickets + 1)}), JSON),
    ("POST", "/v1/evaluate", b'{"tickets": [', JSON),
    ("POST", "/v1/evaluate", b"", JSON),
    ("POST", "/v1/evaluate", b"{}", {"content-type": "text/plain"}),
    ("POST", "/v1/evaluate", b"{}", {"content-length": str(LIMITS.max_body_bytes + 1), **JSON}),
    ("POST", "/v1/evaluate", orjson.dumps({"ticket": TICKET, "now": "yesterday"}), JSON),
    ("POST", "/v1/evaluate", orjson.dumps({"tickets": [TICKET], "nwo": NOW}), JSON),
    ("POST", "/v1/due", orjson.dumps({"tickets": [TICKET], "now": NOW}), JSON),
    ("POST", "/v1/check", POLICY_TEXT, JSON),
    ("POST", "/v1/credits", b"[]", JSON),
    ("POST", "/v1/simulate", b"{", JSON),
    ("GET", "/healthz", b"", {}),
    ("GET", "/v1/policy", b"", {}),
    ("GET", "/openapi.json", b"", {}),
    ("GET", "/", b"", {"accept": "text/html"}),
    ("GET", "/", b"", {"accept": "application/json"}),
    ("HEAD", "/healthz", b"", {}),
    ("GET", "/v1/evaluate", b"", {}),
    ("POST", "/v1/evaluate/", orjson.dumps({"ticket": TICKET, "now": NOW}), JSON),
    ("GET", "/nowhere", b"", {}),
]


async def _answers(app, requests) -> list[tuple[int, list[tuple[str, str]], bytes]]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8181") as client:
        answers = []
        for method, path, body, headers in requests:
            response = await client.request(method, path, content=body, headers=headers)
            answers.append((response.status_code, sorted(response.headers.multi_items()), response.content))
        return answers


@pytest.fixture(scope="module")
def app():
    return create_app(ACME, LIMITS)


def test_the_routes_served_directly_are_the_routes(app) -> None:
    direct = app.app
    assert direct.starlette is app.starlette
    assert set(direct.endpoints) == {(method, route.path) for route in ROUTES for method in route.methods if method != "HEAD"}


@pytest.mark.parametrize("request_", REQUESTS, ids=[f"{m} {p} {b[:24]!r}" for m, p, b, _ in REQUESTS])
def test_a_request_is_answered_as_starlette_answers_it(app, request_) -> None:
    direct, starlette = asyncio.run(_answers(app.app, [request_])), asyncio.run(_answers(app.starlette, [request_]))
    assert direct == starlette


def test_an_unexpected_error_is_answered_by_the_last_resort_and_goes_on(app, monkeypatch) -> None:
    async def broken(request):
        raise RuntimeError("a bug")

    logged = []
    monkeypatch.setitem(app.app.endpoints, ("GET", "/healthz"), broken)
    monkeypatch.setattr(app.starlette.state.slalang.log, "error", lambda *a, **k: logged.append(k["exc_info"]))
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/healthz", "headers": [], "query_string": b"", "root_path": "",
             "scheme": "http", "server": ("127.0.0.1", 8181), "client": ("127.0.0.1", 5)}
    with pytest.raises(RuntimeError, match="a bug"):  # on to ObservedApp, as Starlette's error middleware does
        asyncio.run(app.app(scope, receive, send))
    assert sent[0]["status"] == 500
    assert orjson.loads(sent[1]["body"])["error"]["code"] == "internal"
    assert [str(exc) for exc in logged] == ["a bug"]
