"""A live server for the module's tests (acme.sla, small limits so the limits are quick to hit)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from slalang.server import Limits

from .live import ROOT, LiveServer

ACME = ROOT / "policies" / "acme.sla"
LIMITS = Limits(
    max_body_bytes=256 * 1024,
    max_tickets=500,
    body_timeout_s=1.0,
    header_timeout_s=1.5,
    keep_alive_s=5.0,
    max_concurrency=32,
    max_sim_tickets=20_000,
    max_sim_duration_s=60 * 86400,
    sim_timeout_s=20.0,
)
NOW = "2026-11-22T00:00:00Z"

TICKET = {
    "id": "T-1001",
    "created_at": "2026-11-20T16:55:00+01:00",
    "ticket": {"priority": "urgent", "status": "new", "type": "incident"},
    "customer": {"plan": "enterprise", "tags": ["vip"], "arr": 250000},
    "events": [
        {"at": "2026-11-20T17:02:00+01:00", "type": "agent_reply"},
        {"at": "2026-11-20T17:30:00+01:00", "type": "status", "status": "pending_customer"},
        {"at": "2026-11-21T09:00:00+01:00", "type": "customer_reply"},
        {"at": "2026-11-21T09:00:00+01:00", "type": "status", "status": "open"},
        {"at": "2026-11-21T11:00:00+01:00", "type": "status", "status": "solved"},
    ],
}


@pytest.fixture(scope="session")
def live() -> Iterator[LiveServer]:
    with LiveServer(ACME, LIMITS) as server:
        yield server


@pytest.fixture()
def client(live: LiveServer):
    with live.client() as c:
        yield c


def assert_error(response, status: int, code: str, where: str | None = ...) -> dict:
    """The response is the JSON error shape with this status and code (and ``where``, if given)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert {"code", "message", "where"} <= set(error) <= {"code", "message", "where", "details"}
    assert error["code"] == code, error
    assert isinstance(error["message"], str) and error["message"]
    if where is not ...:
        assert error["where"] == where, error
    return error
