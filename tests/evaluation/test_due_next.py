"""What is due next (evaluation.md, the section of that name): ``remaining_s`` on every run
not stopped, ``planned`` (each step not fired yet of a clock not stopped, at the instant it
would fire if no further event happened) and ``next_at``. Each case is checked on every
path (``evaluate_both``) and against the minute-stepping reference."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import slalang
from slalang.evaluation import evaluate_ticket

from .helpers import at, evaluate_both, ticket
from .reference import MinuteReference, epoch
from .strategies import cases

BUSINESS_POLICY = """
priorities urgent > high > normal > low
resolved when status in ["solved", "closed"]

calendar biz "Amsterdam office" {
    timezone "Europe/Amsterdam"
    hours mon-fri 09:00-17:00
}

sla biz_sla {
    when priority high
    calendar biz
    first_response within 4h
    next_response  within 2h
    resolution     within 16h
    pause when status == "waiting"
    escalate first_response {
        at 50% notify assignee
        at 100% notify team.lead
    }
    escalate next_response { at 50% notify assignee }
    escalate resolution {
        at 0% notify assignee
        at 50% notify "duty@acme.example"
        at 100% + 1h reassign "escalations"
    }
}

sla urgent_sla {
    when priority urgent
    resolution within 2h
    escalate resolution {
        at 50% notify assignee
        at 100% - 10m notify team.lead
    }
}
"""

FRIDAY = "2026-03-27"  # Europe/Amsterdam moves to summer time on Sunday 2026-03-29


@pytest.fixture(scope="module")
def policy() -> slalang.Policy:
    return slalang.loads(BUSINESS_POLICY, "due.sla")


def friday(clock: str) -> str:
    return f"{FRIDAY}T{clock}:00Z"


def checked(policy, raw, now: str) -> dict:
    """The result on every path, equal to the reference's."""
    result = evaluate_both(policy, raw, now)
    assert result == MinuteReference(policy.model).evaluate(raw, epoch(at(now)))
    return result


def step(metric: str, at: str, *actions: str) -> dict:
    return {"metric": metric, "at": at, "actions": list(actions)}


def test_a_running_clock_plans_its_steps_across_a_weekend_and_a_dst_switch(policy):
    # Created Friday 15:00 in Amsterdam (14:00Z, winter time); now 16:00 local.
    raw = ticket(created=friday("14:00"), priority="high")
    result = checked(policy, raw, friday("15:00"))
    first = result["metrics"]["first_response"]
    assert first["remaining_s"] == 3 * 3600
    # 2h on Friday, then Monday from 09:00 summer time (07:00Z): the deadline is Monday 11:00 local.
    assert first["deadline"] == "2026-03-30T09:00:00Z"
    assert result["escalations"] == [step("resolution", "2026-03-27T14:00:00Z", "notify assignee")]
    assert result["planned"] == [
        step("first_response", "2026-03-27T16:00:00Z", "notify assignee"),  # Friday 17:00 local: the closing instant
        step("first_response", "2026-03-30T09:00:00Z", "notify team.lead"),
        step("resolution", "2026-03-30T13:00:00Z", "notify duty@acme.example"),  # 2h Friday + 6h Monday
        step("resolution", "2026-03-31T14:00:00Z", "reassign escalations"),  # 17h: Tuesday 16:00 local
    ]
    assert result["next_at"] == "2026-03-27T16:00:00Z"


def test_a_paused_clock_keeps_its_remaining_time_and_plans_from_now_without_further_pause(policy):
    raw = ticket((friday("14:30"), "status", "waiting"), created=friday("14:00"), priority="high")
    result = checked(policy, raw, friday("15:30"))
    first = result["metrics"]["first_response"]
    assert first["status"] == "paused" and first["counted_s"] == 1800 and first["remaining_s"] == 3 * 3600 + 1800
    # From now: 30m on Friday, then 3h on Monday from 09:00 local.
    assert first["deadline"] == "2026-03-30T10:00:00Z"
    assert result["planned"][0] == step("first_response", "2026-03-30T08:00:00Z", "notify assignee")
    assert result["next_at"] == "2026-03-30T08:00:00Z"


def test_a_cycle_has_its_remaining_time_and_plans_its_own_steps(policy):
    raw = ticket((friday("14:10"), "agent_reply"), (friday("14:20"), "customer_reply"),
                 created=friday("14:00"), priority="high")
    result = checked(policy, raw, friday("15:00"))
    assert "remaining_s" not in result["metrics"]["first_response"]  # stopped by the reply
    cycles = result["metrics"]["next_response"]
    assert "remaining_s" not in cycles  # the roll-up has no deadline of its own
    (cycle,) = cycles["cycles"]
    assert cycle["remaining_s"] == 3600 + 1200
    assert cycle["deadline"] == "2026-03-30T07:20:00Z"  # 1h more on Friday, then 20m on Monday
    assert [s["metric"] for s in result["planned"]] == ["next_response", "resolution", "resolution"]
    assert result["planned"][0] == step("next_response", "2026-03-27T15:20:00Z", "notify assignee")
    assert result["next_at"] == "2026-03-27T15:20:00Z"


def test_a_stopped_clock_plans_nothing_and_has_no_remaining_time(policy):
    raw = ticket((friday("14:10"), "agent_reply"), (friday("14:30"), "status", "solved"),
                 created=friday("14:00"), priority="high")
    result = checked(policy, raw, friday("15:00"))
    assert all("remaining_s" not in m for m in result["metrics"].values() if "cycles" not in m)
    assert result["planned"] == [] and result["next_at"] is None


def test_a_breached_open_clock_has_nothing_left_and_plans_the_steps_past_its_deadline(policy):
    raw = ticket(created="2026-03-02T08:00:00Z", priority="urgent")
    result = checked(policy, raw, "2026-03-02T10:30:00Z")
    resolution = result["metrics"]["resolution"]
    assert resolution["status"] == "breached" and resolution["remaining_s"] == 0
    assert result["planned"] == [] and result["next_at"] is None  # the deadline is behind: nothing changes by itself


def test_a_step_missed_while_resolved_is_not_planned_after_a_reopen(policy):
    # Counted time reaches the 50% point (1h) at 10:00, the instant the ticket is solved:
    # the step did not fire (the clock was not running then). Reopened at 10:30, the clock
    # runs on past that point: the step never fires, so it is not planned; the next one is.
    raw = ticket(("10:00", "status", "solved"), ("10:30", "status", "open"), created="09:00", priority="urgent")
    result = checked(policy, raw, "10:45")
    resolution = result["metrics"]["resolution"]
    assert resolution["stop"] is None and resolution["counted_s"] == 4500 and resolution["remaining_s"] == 2700
    assert result["escalations"] == []
    assert result["planned"] == [step("resolution", "2026-03-02T11:20:00Z", "notify team.lead")]
    assert result["next_at"] == "2026-03-02T11:20:00Z"


def test_while_resolved_at_now_resolution_is_stopped(policy):
    raw = ticket(("09:30", "status", "solved"), created="09:00", priority="urgent")
    result = checked(policy, raw, "09:45")
    assert "remaining_s" not in result["metrics"]["resolution"]
    assert result["planned"] == [] and result["next_at"] is None


def test_a_ticket_created_after_now_plans_every_step(policy):
    raw = ticket(created="12:00", priority="urgent")
    result = checked(policy, raw, "10:00")
    assert result["metrics"]["resolution"]["remaining_s"] == 7200
    assert [s["at"] for s in result["planned"]] == ["2026-03-02T13:00:00Z", "2026-03-02T13:50:00Z"]
    assert result["next_at"] == "2026-03-02T13:00:00Z"


def test_next_at_is_the_deadline_when_it_comes_before_any_step(policy):
    raw = ticket(created="09:00", priority="urgent")
    result = checked(policy, raw, "10:55")  # both steps fired; the deadline is at 11:00
    assert result["planned"] == [] and result["next_at"] == "2026-03-02T11:00:00Z"


def test_an_ungoverned_result_has_no_keys_of_what_is_due_next(policy):
    result = checked(policy, ticket(created="09:00", priority="low"), "10:00")
    assert result == {"id": "T-1", "sla": None, "metrics": {}, "escalations": []}


def test_the_keys_of_what_is_due_next_come_last(policy):
    result = checked(policy, ticket(created="09:00", priority="urgent"), "09:10")
    assert list(result) == ["id", "sla", "calendar", "zone", "metrics", "escalations", "planned", "next_at"]
    assert list(result["metrics"]["resolution"])[-1] == "remaining_s"


def test_the_typed_result_carries_the_same_facts(policy):
    typed = slalang.evaluation.evaluate_ticket(policy, ticket(created="09:00", priority="urgent"), now="2026-03-02T09:10:00Z")
    assert typed.resolution is not None and typed.resolution.remaining_s == 6600
    assert [(e.metric, e.at_s) for e in typed.planned] == [("resolution", epoch("2026-03-02T10:00:00Z")),
                                                          ("resolution", epoch("2026-03-02T10:50:00Z"))]
    assert typed.next_at_s == epoch("2026-03-02T10:00:00Z")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cases(), st.integers(1, 4 * 86400))
def test_planned_steps_are_the_escalations_a_later_evaluation_finds(case, later_s):
    """With no further event, evaluating later finds exactly the escalations of now plus the
    steps planned up to then (when no clock is paused at now: the plan assumes no further
    pause, and a pause that holds at now would go on without an event)."""
    policy, (raw,), now = case
    raw = {**raw, "events": [e for e in raw.get("events", []) if epoch(e["at"]) <= now]}
    result = evaluate_ticket(policy, raw, now=now).to_json()
    if result.get("sla") is None:
        return
    runs = [run for metric in result["metrics"].values() for run in metric.get("cycles", [metric])]
    assume(all(run["status"] not in ("paused", "breached") for run in runs if run["stop"] is None))
    later = evaluate_ticket(policy, raw, now=now + later_s).to_json()
    until = now + later_s
    expected = result["escalations"] + [step for step in result["planned"] if epoch(step["at"]) <= until]
    assert sorted(map(repr, later["escalations"])) == sorted(map(repr, expected))
    assert later["planned"] == [step for step in result["planned"] if epoch(step["at"]) > until]
    if result["next_at"] is not None and epoch(result["next_at"]) > until:
        for name, metric in later["metrics"].items():  # nothing changed but the time counted
            assert metric["status"] == result["metrics"][name]["status"]


def test_a_deadline_exactly_at_now_is_not_next(policy):
    # resolution 2h from 09:00; at 11:00 the deadline is now: running, nothing left, and the
    # change to breached (one second later) is not a deadline after now.
    result = checked(policy, ticket(created="09:00", priority="urgent"), "11:00")
    resolution = result["metrics"]["resolution"]
    assert resolution["status"] == "running" and resolution["remaining_s"] == 0
    assert result["planned"] == [] and result["next_at"] is None


def test_measures_and_their_cycles_get_what_is_due_next_like_metrics():
    import os

    import orjson

    from .helpers import ROOT

    global_policy = slalang.load(os.path.join(ROOT, "policies", "global", "global.sla"))
    with open(os.path.join(ROOT, "policies", "global", "tickets.jsonl"), "rb") as f:
        tickets = [orjson.loads(line) for line in f if line.strip()]
    measures = {m.name for sla in global_policy.model.slas for m in sla.measures}
    seen = set()
    for raw in tickets:
        result = checked(global_policy, raw, "2026-11-23T12:00:00Z")
        for name, metric in result["metrics"].items():
            for run in metric.get("cycles", [metric]):
                if "start" in run:
                    assert ("remaining_s" in run) == (run["stop"] is None)
                    if name in measures and run["stop"] is None:
                        seen.add(name)
    assert seen  # a measure with a run not stopped was checked
