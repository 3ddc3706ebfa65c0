"""The library API: typed results, ``Policy.evaluate``, and one compiled policy shared by threads."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import orjson
import pytest

from slalang.evaluation import (
    BatchEvaluator,
    Cycles,
    Escalation,
    Run,
    TicketFailure,
    TicketResult,
    evaluate_ticket,
    evaluate_tickets,
)
from slalang.evaluation.instants import InstantError, resolve_now

from .helpers import ROOT, at, ticket

NOW = "2026-11-23T12:00:00Z"


def sample() -> list[dict]:
    with open(os.path.join(ROOT, "policies", "tickets.jsonl"), "rb") as f:
        return [orjson.loads(line) for line in f if line.strip()]


def test_results_are_typed(rules_policy):
    raw = ticket(("09:02", "agent_reply"), ("09:05", "customer_reply"), priority="urgent")
    result = evaluate_ticket(rules_policy, raw, now=at("12:00"))
    assert isinstance(result, TicketResult) and result.ok and result.sla == "urgent_sla"
    assert isinstance(result.first_response, Run) and result.first_response.stop_s == 1772442120
    assert isinstance(result.next_response, Cycles) and result.next_response.status == "breached"
    assert list(result.metrics) == ["first_response", "next_response", "resolution"]
    assert all(isinstance(e, Escalation) for e in result.escalations)
    with pytest.raises(AttributeError):
        result.sla = "other"  # frozen
    failure = evaluate_ticket(rules_policy, {"id": 1}, now=at("12:00"))
    assert isinstance(failure, TicketFailure) and not failure.ok
    assert failure.to_json() == {"id": 1, "error": 'missing "created_at"', "line": 1}


def test_policy_methods_call_the_evaluator(acme):
    tickets = sample()[:5]
    assert acme.evaluate(tickets[0], now=NOW).to_json() == evaluate_ticket(acme, tickets[0], now=NOW).to_json()
    assert [r.to_json() for r in acme.evaluate_many(tickets, now=NOW)] == [
        r.to_json() for r in evaluate_tickets(acme, tickets, now=NOW)
    ]


def test_a_bad_now_is_reported_when_called(acme):
    with pytest.raises(InstantError):
        evaluate_tickets(acme, sample(), now="yesterday")


def test_one_compiled_policy_is_shared_safely_by_threads(acme):
    tickets = sample()
    expected = [r.to_json() for r in evaluate_tickets(acme, tickets, now=NOW)]
    now_s = resolve_now(NOW)

    def simple(_: int) -> list[dict]:
        return [r.to_json() for r in evaluate_tickets(acme, tickets, now=NOW)]

    def batch(_: int) -> list[dict]:
        return BatchEvaluator(acme).evaluate(list(enumerate(tickets, start=1)), now_s)

    with ThreadPoolExecutor(max_workers=8) as pool:
        for got in pool.map(simple, range(8)):
            assert got == expected
        for got in pool.map(batch, range(8)):
            assert got == expected
