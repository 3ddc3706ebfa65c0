"""slalang tickets zendesk: tickets and audits (and users) -> slalang tickets."""

from __future__ import annotations

import json

from slalang import loads
from slalang.bridges.ticket_map import TicketMap
from slalang.bridges.zendesk.tickets import NO_USERS_NOTE, zendesk_tickets

from ..helpers import documents, fixture, pages, run


def _convert(users: bool = True, mapping: TicketMap | None = None):
    return zendesk_tickets(documents("zendesk", "tickets.json"), documents("zendesk", "audits.json"),
                           documents("zendesk", "users.json") if users else None, mapping)


def test_a_ticket_starts_as_created_and_its_audits_become_events():
    result = _convert()
    first = result.tickets[0]
    assert first == {
        "id": 1001,
        "created_at": "2026-11-20T15:55:00Z",
        "ticket": {"status": "new", "priority": "urgent", "type": "incident", "group_id": 360000999, "tags": ["checkout"],
                   "custom_fields_360000101": "gold"},
        "customer": {"organization_id": 360033549136},
        "events": [
            {"at": "2026-11-20T16:02:00Z", "type": "agent_reply"},
            {"at": "2026-11-20T16:02:00Z", "type": "status", "status": "pending"},
            {"at": "2026-11-21T08:00:00Z", "type": "customer_reply"},
            {"at": "2026-11-21T08:00:00Z", "type": "status", "status": "open"},
            {"at": "2026-11-21T09:10:00Z", "type": "field", "field": "priority", "value": "high"},
            {"at": "2026-11-21T09:10:00Z", "type": "field", "field": "tags", "value": ["checkout", "engineering"]},
            {"at": "2026-11-21T11:00:00Z", "type": "agent_reply"},
            {"at": "2026-11-21T11:00:00Z", "type": "status", "status": "solved"},
        ],
    }


def test_the_opening_comment_is_not_a_reply_and_an_end_user_on_cc_does_not_answer_for_agents():
    second = _convert().tickets[1]
    assert second["ticket"]["group_id"] == 360000123456 and second["ticket"]["tags"] == ["vip"]
    assert [e["type"] for e in second["events"]] == ["customer_reply", "agent_reply"]
    assert NO_USERS_NOTE not in _convert().notes


def test_without_users_everyone_but_the_requester_counts_as_an_agent_and_the_command_says_so():
    result = _convert(users=False)
    assert [e["type"] for e in result.tickets[1]["events"]] == ["agent_reply", "agent_reply"]
    assert result.notes == [NO_USERS_NOTE]


def test_private_notes_are_not_replies_and_a_schedule_change_sets_the_schedule():
    third = _convert().tickets[2]
    assert third["events"] == [
        {"at": "2026-11-24T15:00:00Z", "type": "field", "field": "schedule_id", "value": 360000222},
        {"at": "2026-11-24T16:00:00Z", "type": "status", "status": "open"},
    ]


def test_bad_records_are_located_and_the_others_still_convert():
    result = _convert()
    assert [t["id"] for t in result.tickets] == [1001, 1002, 1003]
    assert [(p.source.endswith("tickets.json"), p.pointer) for p in result.problems] == [
        (True, "/tickets/3"), (True, "/tickets/4/created_at")]
    assert "no audits for ticket 1004" in result.problems[0].reason
    assert "'yesterday'" in result.problems[1].reason


def test_a_bad_audit_points_into_the_audits_file():
    tickets = {"tickets": [{"id": 1, "created_at": "2026-01-01T10:00:00Z", "requester_id": 2}]}
    audits = {"audits": [{"id": 1, "ticket_id": 1, "created_at": "2026-01-01T10:00:00Z", "events": []},
                         {"id": 2, "ticket_id": 1, "created_at": "2025-12-31T00:00:00Z", "author_id": 3,
                          "events": [{"type": "Comment", "public": True, "author_id": 3}]}]}
    result = zendesk_tickets(pages(tickets, "t.json"), pages(audits, "a.json"))
    (problem,) = result.problems
    assert problem.source == "a.json" and problem.pointer == "/audits/1/created_at"
    assert "comes before the ticket was created" in problem.reason


def test_the_map_renames_statuses_priorities_and_fields():
    mapping = TicketMap({"pending": "pending_customer"}, {"urgent": "p1"}, {"group_id": ("ticket", "team"), "360000101": ("customer", "tier")})
    first = _convert(mapping=mapping).tickets[0]
    assert first["ticket"]["priority"] == "p1" and first["ticket"]["team"] == 360000999
    assert first["customer"] == {"organization_id": 360033549136, "tier": "gold"}
    assert {"at": "2026-11-20T16:02:00Z", "type": "status", "status": "pending_customer"} in first["events"]


def test_converted_tickets_evaluate_against_an_imported_policy(tmp_path):
    out = tmp_path / "t.jsonl"
    done = run("tickets", "zendesk", "--tickets", fixture("zendesk", "tickets.json"), "--audits", fixture("zendesk", "audits.json"),
               "--users", fixture("zendesk", "users.json"), "-o", str(out))
    assert done.exit_code == 1  # two records could not be converted
    assert "2 records left out" in done.output and "3 tickets written" in done.output
    tickets = [json.loads(line) for line in out.read_text().splitlines()]
    policy = loads('priorities urgent > high > normal > low\nsla a { when priority <= urgent first_response within 15m next_response within 1h }')
    result = policy.evaluate(tickets[0], now="2026-11-22T00:00:00Z").to_json()
    assert result["metrics"]["first_response"]["status"] == "met"
    assert result["metrics"]["next_response"]["cycles"][0]["stop"] == "2026-11-21T11:00:00Z"
