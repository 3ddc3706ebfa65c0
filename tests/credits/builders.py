"""Small policies and tickets for the credits tests, written so results can be computed by hand."""

from __future__ import annotations

from typing import Any

import slalang

POLICY = """
priorities high > low
sla gold {
    when customer.plan == "gold"
    first_response within 1h goal 95%
    next_response  within 1h
    resolution     within 8h goal 90%
}
sla silver {
    when customer.plan == "silver"
    resolution within 8h
}
sla other { resolution within 1h }

credit terms "Contract terms" {
    slas gold, silver
    per customer.id
    period month in "Europe/Amsterdam"
    below 95% credit 5%
    below 90% credit 10%
    below 80% credit 25%
    cap 20%
    minimum 3 runs
}
"""

NOW = "2026-12-15T00:00:00Z"


def policy(text: str = POLICY) -> slalang.Policy:
    return slalang.loads(text, "credits.sla")


def ticket(
    ticket_id: str,
    created: str,
    plan: str = "silver",
    account: Any = "acme",
    events: list[dict[str, Any]] | None = None,
    **customer: Any,
) -> dict[str, Any]:
    attrs = {"plan": plan, **customer}
    if account is not None:
        attrs["id"] = account
    return {"id": ticket_id, "created_at": created, "ticket": {"status": "new"}, "customer": attrs,
            "events": events or []}


def solved(at: str) -> dict[str, Any]:
    return {"at": at, "type": "status", "status": "solved"}


def reply(at: str, who: str = "agent") -> dict[str, Any]:
    return {"at": at, "type": f"{who}_reply"}


def silver_tickets(prefix: str, met: int, breached: int, account: Any = "acme", day: str = "2026-11-10") -> list[dict]:
    """Silver tickets (one resolution run each): ``met`` solved in 1h, ``breached`` in 9h."""
    out = []
    for n in range(met + breached):
        hours = 1 if n < met else 9
        out.append(ticket(f"{prefix}-{n}", f"{day}T08:00:00Z", "silver", account,
                          [solved(f"{day}T{8 + hours:02d}:00:00Z")]))
    return out
