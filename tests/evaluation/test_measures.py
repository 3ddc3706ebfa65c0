"""Measures, a metric's own rules and calendars chosen from the ticket, on small hand-checked
tickets: each decision docs/evaluation.md lists under "Decisions where the specification is
silent" for these constructs, and the orders and keys evaluation.md fixes."""

from __future__ import annotations

import orjson
import pytest

import slalang
from slalang.evaluation import evaluate_ticket
from slalang.evaluation.batch import BatchEvaluator
from slalang.evaluation.instants import resolve_now

CALENDARS = """
calendar office { timezone "Europe/Amsterdam" hours mon-fri 09:00-17:00 }
calendar office_us { timezone "America/New_York" hours mon-fri 09:00-17:00 }
"""


def result(policy_text: str, ticket: dict, now: str) -> dict:
    """The result of both paths (they must agree byte for byte)."""
    policy = slalang.loads(CALENDARS + policy_text, "p.sla")
    simple = evaluate_ticket(policy, ticket, now=now).to_json()
    batch = BatchEvaluator(policy).evaluate([(1, ticket)], resolve_now(now))[0]
    assert orjson.dumps(batch) == orjson.dumps(simple)
    return simple


def ticket(events: list[dict], **customer: object) -> dict:
    return {"id": "T", "created_at": "2026-11-23T09:00:00Z", "ticket": {"status": "new"}, "customer": customer,
            "events": events}


def at(time: str, kind: str, **fields: object) -> dict:
    return {"at": f"2026-11-23T{time}:00Z", "type": kind, **fields}


def test_keys_come_in_the_documented_order() -> None:
    got = result('sla s { calendar office  measure m within 1h { calendar always } }', ticket([]), "2026-11-23T10:00:00Z")
    assert list(got) == ["id", "sla", "calendar", "zone", "metrics", "escalations", "planned", "next_at"]
    assert (got["calendar"], got["zone"]) == ("office", "Europe/Amsterdam")
    assert list(got["metrics"]["m"])[:3] == ["status", "calendar", "zone"]
    assert (got["metrics"]["m"]["calendar"], got["metrics"]["m"]["zone"]) == ("always", "UTC")


def test_an_ungoverned_result_has_no_calendar_or_zone() -> None:
    got = result('sla s { when customer.plan == "x"  measure m within 1h }', ticket([]), "2026-11-23T10:00:00Z")
    assert got == {"id": "T", "sla": None, "metrics": {}, "escalations": []}


def test_always_is_read_in_utc_whatever_zone_is_asked() -> None:
    got = result('sla s { calendar always in customer.tz  first_response within 1h }', ticket([], tz="Asia/Tokyo"),
                 "2026-11-23T10:00:00Z")
    assert (got["calendar"], got["zone"]) == ("always", "UTC")


def test_the_calendar_is_chosen_on_the_attributes_of_the_last_sla_decision() -> None:
    # region changes at 10:00 (a field event: a decision point): the whole history is read on office_us
    policy = 'sla s { calendar by customer.region { "emea" office else office_us }  resolution within 2h }'
    got = result(policy, ticket([at("10:00", "field", field="customer.region", value="amer")], region="emea"),
                 "2026-11-23T16:00:00Z")
    assert (got["calendar"], got["zone"]) == ("office_us", "America/New_York")
    # New York opens at 14:00Z: two hours counted by 16:00Z
    assert got["metrics"]["resolution"]["counted_s"] == 7200


def test_a_stop_and_a_resume_at_one_point_leave_the_run_going() -> None:
    policy = "sla s { measure m within 8h { stop on agent_reply resume on agent_reply } }"
    got = result(policy, ticket([at("10:00", "agent_reply")]), "2026-11-23T12:00:00Z")["metrics"]["m"]
    assert (got["status"], got["stop"], got["counted_s"], got["paused_s"]) == ("running", None, 10800, 0)


def test_time_between_a_stop_and_a_resume_is_paused_where_open_and_no_step_fires_then() -> None:
    policy = """sla s { calendar office
        measure m within 2h { stop on agent_reply resume on customer_reply }
        escalate m { at 50% notify assignee } }"""
    got = result(policy, ticket([at("09:30", "agent_reply"), at("11:00", "customer_reply")]), "2026-11-23T12:00:00Z")
    run = got["metrics"]["m"]
    # counted 09:00-09:30 and 11:00-12:00; stopped 09:30-11:00 (paused_s); the 50% point (1h counted) is 11:30
    assert (run["counted_s"], run["paused_s"], run["stop"]) == (5400, 5400, None)
    assert got["escalations"] == [{"metric": "m", "at": "2026-11-23T11:30:00Z", "actions": ["notify assignee"]}]


def test_a_stopped_single_run_is_met_or_breached_not_paused() -> None:
    policy = 'sla s { measure m within 1h { stop on agent_reply resume on reopened pause when status == "hold" } }'
    got = result(policy, ticket([at("09:30", "status", status="hold"), at("09:40", "agent_reply")]), "2026-11-23T12:00:00Z")
    assert got["metrics"]["m"]["status"] == "met"


def test_a_running_measure_whose_pause_rule_holds_now_is_paused() -> None:
    policy = 'sla s { measure m within 8h { pause when status == "hold" } }'
    got = result(policy, ticket([at("09:30", "status", status="hold")]), "2026-11-23T12:00:00Z")["metrics"]["m"]
    assert (got["status"], got["counted_s"], got["paused_s"]) == ("paused", 1800, 9000)


def test_a_measure_that_never_started_is_none_and_fires_nothing() -> None:
    policy = "sla s { measure m within 1h { start on customer_reply }  escalate m { at 0% notify assignee } }"
    got = result(policy, ticket([]), "2026-11-23T12:00:00Z")
    assert got["metrics"]["m"] == {"status": "none"}
    assert got["escalations"] == []


def test_a_when_trigger_fires_per_event_even_at_one_instant() -> None:
    policy = """sla s { measure m within 4h { cycles start when ticket.group == "eng" stop when not ticket.group == "eng" } }"""
    events = [at("10:00", "field", field="group", value="eng"), at("11:00", "field", field="group", value="l1"),
              at("11:00", "field", field="group", value="eng")]
    cycles = result(policy, ticket(events), "2026-11-23T12:00:00Z")["metrics"]["m"]["cycles"]
    assert [(c["start"][11:16], c["stop"] and c["stop"][11:16]) for c in cycles] == [("10:00", "11:00"), ("11:00", None)]


def test_a_measure_resolved_at_creation_starts_and_stops_there() -> None:
    policy = "sla s { measure m within 1h }"
    raw = {"id": "T", "created_at": "2026-11-23T09:00:00Z", "ticket": {"status": "solved"}, "customer": {}}
    got = result(policy, raw, "2026-11-23T12:00:00Z")["metrics"]["m"]
    assert (got["status"], got["start"], got["stop"], got["counted_s"]) == (
        "met", "2026-11-23T09:00:00Z", "2026-11-23T09:00:00Z", 0)


def test_escalations_at_one_instant_list_built_in_metrics_then_measures_in_declaration_order() -> None:
    policy = """sla s { first_response within 1h
        measure b within 1h  measure a within 1h
        escalate a { at 100% notify "a@x.example" }  escalate b { at 100% notify "b@x.example" }
        escalate first_response { at 100% notify "f@x.example" } }"""
    got = result(policy, ticket([]), "2026-11-23T12:00:00Z")
    assert [e["metric"] for e in got["escalations"]] == ["first_response", "b", "a"]
    assert list(got["metrics"]) == ["first_response", "b", "a"]


def test_pause_never_on_resolution_still_does_not_count_resolved_time() -> None:
    policy = 'sla s { pause when status == "hold"  resolution within 8h { pause never } }'
    events = [at("10:00", "status", status="hold"), at("10:30", "status", status="solved"), at("11:00", "status", status="open")]
    got = result(policy, ticket(events), "2026-11-23T12:00:00Z")["metrics"]["resolution"]
    assert (got["counted_s"], got["paused_s"]) == (9000, 1800)


@pytest.mark.parametrize("zone, expected", [("Pacific/Chatham", "Pacific/Chatham"), ("Mars/Olympus", "Europe/Amsterdam"),
                                            (5, "Europe/Amsterdam")])
def test_a_zone_field_that_names_no_zone_keeps_the_calendars_own(zone: object, expected: str) -> None:
    got = result("sla s { calendar office in customer.tz  first_response within 1h }", ticket([], tz=zone),
                 "2026-11-23T10:00:00Z")
    assert got["zone"] == expected
