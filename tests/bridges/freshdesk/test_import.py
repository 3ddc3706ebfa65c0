"""slalang import freshdesk: SLA policies and business hours -> a formatted policy set."""

from __future__ import annotations

import pytest

from slalang import loads
from slalang.bridges.freshdesk.business_hours import clock_minutes, clock_text
from slalang.bridges.freshdesk.importer import HOLIDAYS_NOTE, import_freshdesk

from ..helpers import assert_golden, documents, fixture, pages, run


def test_the_documented_shapes_import_with_escalations_and_reminders():
    result = import_freshdesk(documents("freshdesk", "sla_policies.json"), pages([documents("freshdesk", "business_hours.json")[0].value[0]]))
    assert result.faithful, [str(p) for p in result.problems]
    assert_golden("freshdesk_default.sla", result.single_file("freshdesk.sla"))


def test_the_documented_shapes_import_with_group_calendars():
    result = import_freshdesk(documents("freshdesk", "sla_policies.json"), documents("freshdesk", "business_hours.json"),
                              documents("freshdesk", "groups.json"))
    assert result.faithful, [str(p) for p in result.problems]
    assert result.notes == (HOLIDAYS_NOTE,)
    assert_golden("freshdesk.sla", result.single_file("freshdesk.sla"))


def test_the_import_compiles_and_checks(tmp_path):
    out = tmp_path / "fd.sla"
    done = run("import", "freshdesk", "--policies", fixture("freshdesk", "sla_policies.json"),
               "--business-hours", fixture("freshdesk", "business_hours.json"), "--groups", fixture("freshdesk", "groups.json"),
               "-o", str(out))
    assert done.exit_code == 0, done.output
    assert run("check", str(out)).exit_code == 0


def test_a_policy_without_group_calendars_compiles_and_evaluates_with_pending_paused():
    result = import_freshdesk(documents("freshdesk", "sla_policies.json"), pages([documents("freshdesk", "business_hours.json")[0].value[0]]))
    assert result.faithful
    policy = loads(result.single_file())
    urgent = policy.model.sla("enterprise_sla_policy_urgent")
    assert [(m.kind, m.target_s) for m in urgent.metrics] == [("first_response", 900), ("next_response", 1800), ("resolution", 14400)]
    assert [(s.offset_s, [a.canonical for a in s.actions]) for s in urgent.metric("resolution").escalation] == [
        (-1800, ["notify assignee"]), (3600, ["notify assignee", "notify agent:43007075231"]), (14400, ["notify agent:43025266048"])]
    assert [(s.offset_s, [a.canonical for a in s.actions]) for s in urgent.metric("first_response").escalation] == [(1800, ["notify assignee"])]
    default = policy.model.sla("default_sla_policy_urgent")
    assert default.metric("resolution").escalation == ()  # escalation_enabled false
    ticket = {"id": 1, "created_at": "2026-11-20T12:00:00Z", "customer": {},
              "ticket": {"priority": "urgent", "company_id": 43000596607, "source": 2, "status": "open"},
              "events": [{"at": "2026-11-20T12:05:00Z", "type": "status", "status": "pending"},
                         {"at": "2026-11-20T13:05:00Z", "type": "status", "status": "open"}]}
    result_json = policy.evaluate(ticket, now="2026-11-20T14:00:00Z").to_json()
    assert result_json["sla"] == "enterprise_sla_policy_urgent"
    assert result_json["metrics"]["first_response"]["deadline"] == "2026-11-20T13:15:00Z"  # an hour pending does not count


@pytest.mark.parametrize(("text", "is_end", "minutes"), [
    ("08:00:00 am", False, 480), ("8:00 am", False, 480), ("12:00:00 am", False, 0), ("12:30 pm", False, 750),
    ("05:30:00 pm", True, 1050), ("11:59:59 pm", True, 1440), ("11:59:59 pm", False, None), ("13:00 pm", False, None),
    ("08:00:30 am", False, None), ("noon", False, None),
])
def test_freshdesk_clock_times(text, is_end, minutes):
    assert clock_minutes(text, is_end) == minutes


def test_clock_times_write_back():
    assert [clock_text(m) for m in (0, 480, 750, 1050, 1440)] == ["12:00:00 am", "08:00:00 am", "12:30:00 pm", "05:30:00 pm", "11:59:59 pm"]


@pytest.mark.parametrize(
    ("policy", "pointer", "reason"),
    [
        ({"active": False}, "/0/active", "the policy is inactive"),
        ({"applicable_to": {"tag_ids": [1]}}, "/0/applicable_to/tag_ids", "applicable_to.tag_ids has no slalang path"),
        ({"sla_target": {"priority_4": {"respond_within": -5, "business_hours": False}}}, "/0/sla_target/priority_4/respond_within", "positive"),
        ({"sla_target": {"priority_4": {"respond_within": 60, "business_hours": True}}}, "/0/sla_target/priority_4/business_hours", "no business hours were given"),
        ({"escalation": {"response": {"escalation_time": 60, "agent_ids": [-7]}}}, "/0/escalation/response/agent_ids/0", "agent id -7"),
        ({"reminder": {"response": {"reminder_time": 600, "agent_ids": [-1]}}}, "/0/reminder/response/reminder_time", "not a reminder"),
    ],
)
def test_what_cannot_be_carried_is_reported_with_a_pointer(policy, pointer, reason):
    base = {"id": 1, "name": "P", "position": 1, "active": True,
            "sla_target": {f"priority_{n}": {"respond_within": 60, "business_hours": False, "escalation_enabled": True} for n in (1, 2, 3, 4)},
            "applicable_to": {}}
    result = import_freshdesk(pages([{**base, **policy}]))
    assert pointer in [p.pointer for p in result.problems], [str(p) for p in result.problems]
    assert any(reason in p.reason for p in result.problems)
    text = result.single_file()
    for problem in result.problems:  # every loss is marked where the policy differs
        assert f"# slalang: lossy: {problem.pointer}: " in text


def test_business_hours_problems_are_located():
    hours = [{"id": 1, "name": "X", "time_zone": "Atlantis", "is_default": True,
              "business_hours": {"monday": {"start_time": "9:00 am", "end_time": "8:00 am"}, "funday": {}}}]
    result = import_freshdesk(pages([]), pages(hours))
    assert sorted(p.pointer for p in result.problems) == ["/0/business_hours/funday", "/0/business_hours/monday", "/0/time_zone"]


def test_several_calendars_without_groups_are_reported():
    result = import_freshdesk(pages([{"id": 1, "name": "P", "sla_target": {"priority_4": {"respond_within": 60, "business_hours": True}},
                                      "applicable_to": {}}]), documents("freshdesk", "business_hours.json"))
    assert any("several business-hours calendars but no groups" in p.reason for p in result.problems)
