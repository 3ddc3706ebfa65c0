"""The spec's Globex example (policies/global): its availability computes as credits.md says
from its outages, and its credits from tickets computed by hand."""

from __future__ import annotations

from pathlib import Path

import slalang
from slalang.credits import compute_availability, compute_credits, read_outages

GLOBAL = Path(__file__).resolve().parents[2] / "policies" / "global"


def test_the_example_outages_give_the_availability_credits_md_describes() -> None:
    report = compute_availability(slalang.load(GLOBAL), read_outages(str(GLOBAL / "outages.jsonl")),
                                  "2026-12-15T00:00:00Z")
    # INC-1 and INC-2 overlap (10:00-11:00: 1h once); INC-3 crosses midnight into December
    assert report.to_json() == [
        {"service": "public_api", "period": "2026-11", "open_s": 2592000, "down_s": 4200, "uptime": 0.99838,
         "objective": 0.999, "met": False, "credit_pct": 10.0},
        {"service": "public_api", "period": "2026-12", "open_s": 1209600, "down_s": 1200, "uptime": 0.999008,
         "objective": 0.999, "met": True, "credit_pct": 0.0},
    ]


def enterprise(ticket_id: str, created: str, account: str, priority: str, events: list, region: str = "emea") -> dict:
    return {"id": ticket_id, "created_at": created, "ticket": {"priority": priority, "status": "new"},
            "customer": {"plan": "enterprise", "id": account, "region": region, "timezone": "Europe/Amsterdam"},
            "events": events}


def reply(at: str) -> dict:
    return {"at": at, "type": "agent_reply"}


def solved(at: str) -> dict:
    return {"at": at, "type": "status", "status": "solved"}


TICKETS = [
    # enterprise_urgent (always): first response within 15m, resolution within 12h
    enterprise("U1", "2026-11-02T10:00:00Z", "acme", "urgent", [reply("2026-11-02T10:05:00Z"), solved("2026-11-02T14:00:00Z")]),
    enterprise("U2", "2026-11-03T10:00:00Z", "acme", "urgent", [reply("2026-11-03T10:30:00Z"), solved("2026-11-03T20:00:00Z")]),
    enterprise("U3", "2026-11-04T10:00:00Z", "acme", "urgent", [reply("2026-11-04T10:10:00Z"), solved("2026-11-05T02:00:00Z")]),
    # enterprise_standard, `amer`: first response within 1h of New York office hours (Monday 09:00
    # New York is 14:00Z), resolution within 16h on `always`
    enterprise("S1", "2026-11-02T14:00:00Z", "initech", "normal",
               [reply("2026-11-02T14:30:00Z"), solved("2026-11-02T20:00:00Z")], region="amer"),
]


def test_the_example_credits_computed_by_hand() -> None:
    rows = compute_credits(slalang.load(GLOBAL), TICKETS, "2026-12-15T00:00:00Z").to_json()
    assert rows == [
        # 4 of 6 runs met: 66.67% is below 80%: 25%, which the cap allows
        {"credit": "enterprise_terms", "account": "acme", "period": "2026-11", "runs": 6, "met": 4, "breached": 2,
         "attainment": 0.6667, "credit_pct": 25.0, "tier": "below 80%", "reason": None},
        {"credit": "enterprise_terms", "account": "initech", "period": "2026-11", "runs": 2, "met": 2, "breached": 0,
         "attainment": 1.0, "credit_pct": 0.0, "tier": None, "reason": "2 decided runs, fewer than the minimum of 5"},
    ]
