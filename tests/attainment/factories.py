"""Hand-made policies, tickets and evaluation results for the report tests.

Results follow evaluation.md's output shape exactly, so the aggregation is tested on the
contract, independently of the evaluator.
"""

from __future__ import annotations

from typing import Any

from slalang.model import (
    ALWAYS_CALENDAR,
    All,
    FieldCmp,
    FieldContains,
    Metric,
    PolicySet,
    PriorityCmp,
    Segment,
    SegmentRef,
    Sla,
    ZonedCalendar,
)

PRIORITIES = ("urgent", "high", "normal", "low")


def shop_model(gold_first_response_s: int = 3600, version: str = "1") -> PolicySet:
    """Two SLAs: ``gold`` for enterprise customers (all three metrics), ``basic`` otherwise
    for priorities at least normal; low-priority non-enterprise tickets match no SLA."""
    segments = {
        "enterprise": Segment("enterprise", FieldCmp(("customer", "plan"), "==", "enterprise")),
        "vip": Segment("vip", FieldContains(("customer", "tags"), "vip")),
    }
    gold = Sla(
        name="gold",
        title="Enterprise support",
        when=SegmentRef("enterprise"),
        calendar=ZonedCalendar("always"),
        metrics=(
            Metric("first_response", gold_first_response_s, goal=90.0),
            Metric("next_response", 7200, goal=80.0),
            Metric("resolution", 28800, goal=75.0),
        ),
    )
    basic = Sla(
        name="basic",
        title=None,
        when=All((PriorityCmp(">=", "normal"),)),
        calendar=ZonedCalendar("always"),
        metrics=(Metric("first_response", 14400, goal=80.0), Metric("resolution", 86400, goal=99.9)),
    )
    return PolicySet(
        name="shop",
        version=version,
        resolved_statuses=("solved", "closed"),
        priorities=PRIORITIES,
        calendars={"always": ALWAYS_CALENDAR},
        segments=segments,
        teams={},
        olas={},
        chains={},
        slas=(gold, basic),
    )


def ticket(tid: str, priority: str | None = "normal", plan: str = "pro", tags: tuple[str, ...] = ()) -> dict[str, Any]:
    fields: dict[str, Any] = {"status": "new"}
    if priority is not None:
        fields["priority"] = priority
    return {
        "id": tid,
        "created_at": "2026-11-20T09:00:00+00:00",
        "ticket": fields,
        "customer": {"plan": plan, "tags": list(tags)},
        "events": [],
    }


def run(
    status: str,
    counted_s: int,
    target_s: int = 3600,
    stopped: bool | None = None,
    deadline: str = "2026-11-20T10:00:00Z",
) -> dict[str, Any]:
    """One metric run; stopped defaults to True for met, False for running/paused."""
    if stopped is None:
        stopped = status == "met"
    return {
        "status": status,
        "start": "2026-11-20T09:00:00Z",
        "deadline": deadline,
        "stop": "2026-11-20T09:30:00Z" if stopped else None,
        "target_s": target_s,
        "counted_s": counted_s,
        "paused_s": 0,
    }


def cycles(*runs: dict[str, Any]) -> dict[str, Any]:
    statuses = [r["status"] for r in runs]
    if not runs:
        status = "none"
    elif "breached" in statuses:
        status = "breached"
    elif "running" in statuses:
        status = "running"
    elif "paused" in statuses:
        status = "paused"
    else:
        status = "met"
    return {"status": status, "cycles": list(runs)}


def result(tid: str, sla: str | None, **metrics: dict[str, Any]) -> dict[str, Any]:
    return {"id": tid, "sla": sla, "metrics": metrics if sla else {}, "escalations": []}


def failure(tid: str | None, error: str, line: int) -> dict[str, Any]:
    return {"id": tid, "error": error, "line": line}


def gold_results() -> tuple[list[dict], list[dict]]:
    """Ten enterprise tickets: first_response 7 met, 2 breached (1 stopped late, 1 still open
    past its deadline), 1 running."""
    tickets, results = [], []
    times = [60, 120, 180, 240, 300, 360, 420]
    for i, counted in enumerate(times):
        tid = f"G-{i}"
        tickets.append(
            ticket(tid, priority="high" if i < 4 else "normal", plan="enterprise", tags=("vip",) if i % 2 else ())
        )
        results.append(
            result(
                tid, "gold", first_response=run("met", counted), next_response=cycles(), resolution=run("running", 100)
            )
        )
    tickets.append(ticket("G-7", priority="urgent", plan="enterprise"))
    results.append(
        result(
            "G-7",
            "gold",
            first_response=run("breached", 5000, stopped=True),
            next_response=cycles(),
            resolution=run("met", 9000),
        )
    )
    tickets.append(ticket("G-8", priority="urgent", plan="enterprise"))
    results.append(
        result(
            "G-8", "gold", first_response=run("breached", 3600), next_response=cycles(), resolution=run("paused", 50)
        )
    )
    tickets.append(ticket("G-9", priority=None, plan="enterprise"))
    results.append(
        result("G-9", "gold", first_response=run("running", 30), next_response=cycles(), resolution=run("running", 30))
    )
    return tickets, results
