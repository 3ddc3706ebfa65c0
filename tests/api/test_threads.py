"""One compiled policy, many threads: the answers are the ones a single thread gets."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import slalang

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-11-22T00:00:00Z"
THREADS = 6


def tickets(count: int) -> list[dict]:
    """Tickets that reach every SLA of acme.sla, with replies, pauses, reopenings and bad ones."""
    plans = ["enterprise", "pro", "free", "enterprise"]
    priorities = ["urgent", "high", "normal", "low"]
    out = []
    for n in range(count):
        day = 16 + n % 5
        events = [
            {"at": f"2026-11-{day}T10:{n % 60:02d}:00+01:00", "type": "agent_reply"},
            {"at": f"2026-11-{day}T11:00:00+01:00", "type": "status", "status": "pending_customer"},
            {"at": f"2026-11-{day}T15:00:00+01:00", "type": "customer_reply"},
            {"at": f"2026-11-{day}T15:00:00+01:00", "type": "status", "status": "open"},
        ]
        if n % 3 == 0:
            events.append({"at": f"2026-11-{day + 1}T09:30:00+01:00", "type": "status", "status": "solved"})
        if n % 7 == 0:
            events.append({"at": f"2026-11-{day + 1}T09:00:00+01:00", "type": "field", "field": "priority", "value": "urgent"})
        ticket = {
            "id": f"T-{n}",
            "created_at": f"2026-11-{day}T09:{n % 60:02d}:00+01:00",
            "ticket": {"priority": priorities[n % 4], "status": "new"},
            "customer": {"plan": plans[n % 4], "tags": ["vip"] if n % 5 == 0 else []},
            "events": events,
        }
        if n % 11 == 0:
            ticket["created_at"] = "2026-11-16 09:00"  # bad input: a failure in its place
        out.append(ticket)
    return out


@pytest.fixture(scope="module")
def policy() -> slalang.Policy:
    return slalang.load(ROOT / "policies" / "acme.sla")


def test_concurrent_evaluation_gives_the_single_threaded_answers(policy: slalang.Policy) -> None:
    batch = tickets(150)
    expected = [r.to_json() for r in policy.evaluate_many(batch, now=NOW)]
    one_by_one = [policy.evaluate(t, now=NOW).to_json() for t in batch]  # a failure's line is 1 here
    assert [r for r in one_by_one if "error" not in r] == [r for r in expected if "error" not in r]
    assert {r["sla"] for r in expected if "sla" in r} == {"enterprise_urgent", "paying_high", "paying_standard", "free_tier"}
    assert any("error" in r for r in expected)
    start = threading.Barrier(THREADS)

    def work(index: int) -> list[dict]:
        start.wait()  # every thread starts at once, on a cold policy for none of them in particular
        if index % 2:
            return [policy.evaluate(t, now=NOW).to_json() for t in batch]
        return [r.to_json() for r in policy.evaluate_many(batch, now=NOW)]

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        answers = list(pool.map(work, range(THREADS)))
    for index, answer in enumerate(answers):
        assert answer == (one_by_one if index % 2 else expected)


def test_check_and_simulate_alongside_evaluation(policy: slalang.Policy) -> None:
    findings = [d.to_json() for d in policy.check()]
    simulated = policy.simulate(ROOT / "policies" / "scenario.yaml", seed=11).to_json()
    batch = tickets(40)
    evaluated = [r.to_json() for r in policy.evaluate_many(batch, now=NOW)]
    start = threading.Barrier(3)

    def run(job: str):
        start.wait()
        if job == "check":
            return [d.to_json() for d in policy.check()]
        if job == "simulate":
            return policy.simulate(ROOT / "policies" / "scenario.yaml", seed=11).to_json()
        return [r.to_json() for r in policy.evaluate_many(batch, now=NOW)]

    with ThreadPoolExecutor(max_workers=3) as pool:
        got = dict(zip(("check", "simulate", "evaluate"), pool.map(run, ("check", "simulate", "evaluate")), strict=True))
    assert got == {"check": findings, "simulate": simulated, "evaluate": evaluated}


def test_policy_is_frozen(policy: slalang.Policy) -> None:
    import dataclasses

    with pytest.raises(dataclasses.FrozenInstanceError):
        policy.model = None  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        policy.model.slas[0].name = "other"  # type: ignore[misc]
