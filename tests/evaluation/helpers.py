"""Test helpers: a small policy, a terse ticket builder, and evaluation by both paths."""

from __future__ import annotations

import os
from typing import Any

import orjson

from slalang.evaluation import evaluate_ticket, fast
from slalang.evaluation.batch import BatchEvaluator
from slalang.evaluation.instants import resolve_now

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DAY = "2026-03-02"  # a Monday


def at(clock: str, day: str = DAY) -> str:
    """``at("09:05")`` -> ``2026-03-02T09:05:00Z``; a full timestamp is returned as is."""
    if "T" in clock:
        return clock
    return f"{day}T{clock}:00Z" if len(clock) == 5 else f"{day}T{clock}Z"


def ticket(*events: tuple, created: str = "09:00", id: Any = "T-1", customer: dict | None = None, **fields: Any) -> dict:
    """A ticket; events are ``(time, type)`` or ``(time, "status", value)`` or
    ``(time, "field", name, value)``."""
    out = []
    for event in events:
        when, kind, *rest = event
        item: dict[str, Any] = {"at": at(when), "type": kind}
        if kind == "status":
            item["status"] = rest[0]
        elif kind == "field":
            item["field"], item["value"] = rest
        out.append(item)
    fields.setdefault("status", "new")
    return {"id": id, "created_at": at(created), "ticket": fields, "customer": customer or {}, "events": out}


def evaluate_both(policy: Any, raw: dict, now: str) -> dict:
    """The result JSON, after checking that the batch path gives exactly the same bytes (and
    the compiled path, where it is built: ``test_native`` fails when it could be and is not)."""
    simple = evaluate_ticket(policy, raw, now=at(now)).to_json()
    batch = BatchEvaluator(policy)
    now_s = resolve_now(at(now))
    assert orjson.dumps(batch.evaluate([(1, raw)], now_s)[0]) == orjson.dumps(simple)
    compiled = fast.load(honour_switch=False)
    if compiled is not None:
        batch.scanner = fast.scanner_for(batch.single.policy, batch.single.rules, batch.plans, compiled)
        assert batch.evaluate_to_lines([(1, raw)], now_s)[0] == orjson.dumps(simple) + b"\n"
    return simple


RULES_POLICY = """
priorities urgent > high > normal > low
resolved when status in ["solved", "closed"]

calendar biz "Amsterdam office" {
    timezone "Europe/Amsterdam"
    hours mon-fri 09:00-17:00
}

sla urgent_sla {
    when priority urgent
    first_response within 10m
    next_response  within 30m
    resolution     within 2h
    pause when status == "waiting"
    escalate first_response {
        at 50% notify assignee
        at 100% notify team.lead
    }
    escalate next_response { at 50% notify assignee }
    escalate resolution {
        at 50% notify "duty@acme.example"
        at 100% - 10m reassign "escalations" and set priority urgent
    }
}

sla business_sla {
    when priority high
    calendar biz
    first_response within 1h
    resolution     within 8h
    pause when status == "waiting" or customer.plan == "trial"
}

sla normal_sla {
    when priority normal
    first_response within 1h
    resolution     within 8h
}
"""
