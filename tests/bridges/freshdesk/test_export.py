"""slalang export freshdesk, and the round trips of bridges.md for Freshdesk."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slalang import loads
from slalang.bridges.freshdesk.export import export_freshdesk, requests
from slalang.bridges.freshdesk.importer import import_freshdesk

from ..helpers import documents, pages, property_settings

HEADER = 'resolved when status in ["resolved", "closed"]\npriorities urgent > high > medium > low\n'


def _normalised(policies: list) -> list:
    """Up to ids, timestamps and key order; ``escalation_enabled`` on a policy without
    escalation or reminder steps is read as false and empty sections as absent (both mean
    nothing happens)."""
    out = []
    for policy in sorted(policies, key=lambda p: p["position"]):
        body = {k: v for k, v in policy.items() if k not in ("created_at", "updated_at") and v != {} or k == "applicable_to"}
        steps = bool(policy.get("escalation") or policy.get("reminder"))
        body["sla_target"] = {k: {**t, "escalation_enabled": bool(t.get("escalation_enabled")) and steps}
                              for k, t in policy["sla_target"].items()}
        out.append(body)
    return out


def _round_trip(policies: list, hours: list, groups: list) -> None:
    imported = import_freshdesk(pages(policies), pages(hours), pages(groups))
    assert imported.faithful, [str(p) for p in imported.problems]
    exported = export_freshdesk(loads(imported.single_file("fd.sla"), "fd.sla"))
    assert exported.problems == (), [str(p) for p in exported.problems]
    assert _normalised(exported.body["sla_policies"]) == _normalised(policies)
    assert exported.body["business_hours"] == [{k: v for k, v in h.items() if k not in ("created_at", "updated_at")} for h in hours]


def test_the_fixture_round_trips_with_the_default_calendar():
    policies = documents("freshdesk", "sla_policies.json")[0].value
    default = documents("freshdesk", "business_hours.json")[0].value[:1]
    _round_trip(policies, default, [])


def test_the_fixture_round_trips_with_group_calendars():
    policies = documents("freshdesk", "sla_policies.json")[0].value
    hours = documents("freshdesk", "business_hours.json")[0].value
    groups = documents("freshdesk", "groups.json")[0].value
    _round_trip(policies, hours, groups)
    exported = export_freshdesk(loads(import_freshdesk(pages(policies), pages(hours), pages(groups)).single_file()))
    assert exported.body["groups"] == [{"id": 43000190415, "business_hour_id": 35000009127}]


@st.composite
def freshdesk_policies(draw) -> list:
    out = []
    for index in range(draw(st.integers(1, 3))):
        escalate = draw(st.booleans())
        targets = {}
        business = draw(st.booleans())
        for key in ("priority_4", "priority_3", "priority_2", "priority_1"):
            target = {"respond_within": draw(st.integers(1, 500)) * 60}
            if draw(st.booleans()):
                target["next_respond_within"] = draw(st.integers(1, 500)) * 60
            target["resolve_within"] = draw(st.integers(1, 5000)) * 60
            target["business_hours"] = business
            target["escalation_enabled"] = escalate
            targets[key] = target
        policy = {"id": 100 + index, "name": draw(st.sampled_from(["Gold", "Silver", "Default SLA Policy"])),
                  "description": draw(st.text(max_size=10)), "active": True, "is_default": False, "position": index + 1,
                  "sla_target": targets, "applicable_to": {}}
        for key, values in (("company_ids", st.integers(1, 10**11)), ("group_ids", st.integers(1, 10**11)),
                            ("sources", st.integers(1, 10)), ("ticket_types", st.sampled_from(["Incident", "Question"]))):
            if draw(st.booleans()):
                policy["applicable_to"][key] = draw(st.lists(values, min_size=1, max_size=3, unique=True))
        if escalate:
            policy["escalation"] = {"response": {"escalation_time": draw(st.integers(0, 40)) * 900, "agent_ids": [-1]},
                                    "resolution": {f"level_{n}": {"escalation_time": n * 3600, "agent_ids": [-1, 4300 + n]}
                                                   for n in range(1, draw(st.integers(1, 4)) + 1)}}
            if draw(st.booleans()):
                policy["reminder"] = {"resolution": {"reminder_time": -draw(st.integers(1, 8)) * 900, "agent_ids": [-1]}}
        out.append(policy)
    return out


@property_settings(max_examples=30)
@given(freshdesk_policies())
def test_export_of_import_is_the_input(policies):
    default = documents("freshdesk", "business_hours.json")[0].value[:1]
    _round_trip(policies, default, [])


@pytest.mark.parametrize(
    ("sla", "reason"),
    [
        ('first_response within 1h', "Freshdesk's timers stop while the ticket is pending, and only then"),
        ('pause when status == "pending" first_response within 1h goal 90%', "no goals"),
        ('pause when status == "pending" first_response within 1h escalate first_response { at 50% notify assignee }', "not at 50%"),
        ('pause when status == "pending" first_response within 1h escalate first_response { at 100% reassign "tier2" }', "`reassign tier2` has no place"),
        ('pause when status == "pending" first_response within 1h escalate first_response { at 100% notify assignee at 100% + 1h notify assignee }',
         "holds 1 escalation and one reminder"),
    ],
)
def test_what_freshdesk_cannot_hold_is_reported(sla, reason):
    text = HEADER + "".join(f'sla s_{p} "S" {{ when priority {p} {sla} }}\n' for p in ("urgent", "high", "medium", "low"))
    result = export_freshdesk(loads(text, "p.sla"))
    assert any(reason in p.reason for p in result.problems), [p.reason for p in result.problems]


def test_requests_point_groups_then_write_policies():
    body = {"groups": [{"id": 1, "business_hour_id": 2}], "sla_policies": [{"id": 5, "name": "P"}, {"name": "Q"}]}
    assert [(c["method"], c["path"], c["body"]) for c in requests(body)] == [
        ("PUT", "/api/v2/groups/1", {"business_hour_id": 2}),
        ("PUT", "/api/v2/sla_policies/5", {"name": "P"}),
        ("POST", "/api/v2/sla_policies", {"name": "Q"}),
    ]


def test_reminders_as_top_level_keys_read_and_write_back_the_same_way():
    policies = documents("freshdesk", "sla_policies.json")[0].value
    flat = [{**{k: v for k, v in p.items() if k != "reminder"}, **{f"reminder_{k}": v for k, v in p.get("reminder", {}).items()}}
            for p in policies]
    assert "reminder_resolution" in flat[0]
    _round_trip(flat, documents("freshdesk", "business_hours.json")[0].value[:1], [])
    imported = import_freshdesk(pages(flat), pages(documents("freshdesk", "business_hours.json")[0].value[:1]))
    steps = loads(imported.single_file()).model.sla("enterprise_sla_policy_urgent").metric("resolution").escalation
    assert steps[0].offset_s == -1800
