"""slalang reconcile zendesk: one row per disagreement with Zendesk's ticket metric events."""

from __future__ import annotations

import csv
import io
import json

import pytest

from slalang import load, loads
from slalang.bridges.pages import parse_documents, records
from slalang.bridges.zendesk.reconcile import reconcile_zendesk
from slalang.bridges.zendesk.tickets import zendesk_tickets

from ..helpers import documents, fixture, pages, run

NOW = "2026-11-25T00:00:00Z"
EXPECTED = [
    # Zendesk kept the urgent first-reply target after the priority fell to high; slalang re-decides on the whole history
    {"ticket_id": 1001, "metric": "first_response", "field": "target_s", "zendesk": 900, "slalang": 3600},
    # Zendesk applied the VIP policy, which this policy set does not have
    {"ticket_id": 1002, "metric": "first_response", "field": "policy", "zendesk": 27, "slalang": 26},
    {"ticket_id": 1002, "metric": "first_response", "field": "target_s", "zendesk": 14400, "slalang": 28800},
    # Zendesk applied no policy to ticket 1003 (no events); slalang gives it a first-reply target
    {"ticket_id": 1003, "metric": "first_response", "field": "policy", "zendesk": None, "slalang": 26},
]


@pytest.fixture(scope="module")
def tickets_file(tmp_path_factory):
    converted = zendesk_tickets(documents("zendesk", "tickets.json"), documents("zendesk", "audits.json"), documents("zendesk", "users.json"))
    path = tmp_path_factory.mktemp("reconcile") / "tickets.jsonl"
    path.write_text("".join(json.dumps(t) + "\n" for t in converted.tickets))
    return str(path)


def _tickets(path):
    return records(parse_documents(open(path, encoding="utf-8").read(), path), None)


def test_each_disagreement_is_a_row_by_ticket_metric_and_field(tickets_file):
    result = reconcile_zendesk(load(fixture("zendesk", "reconcile.sla")), _tickets(tickets_file),
                               documents("zendesk", "ticket_metric_events.json"), NOW)
    assert result.rows == EXPECTED
    assert result.tickets == 3 and result.problems == []
    assert result.notes == ["1 ticket(s) have metric events but are not in the tickets file (e.g. 9999); not compared"]


def test_next_reply_cycles_agree_when_zendesk_re_applied_the_target(tickets_file):
    result = reconcile_zendesk(load(fixture("zendesk", "reconcile.sla")), _tickets(tickets_file),
                               documents("zendesk", "ticket_metric_events.json"), NOW)
    assert not [row for row in result.rows if row["metric"].startswith("next_response")]


def test_policies_without_ids_are_compared_by_title(tickets_file, tmp_path):
    plain = tmp_path / "plain.sla"
    plain.write_text("\n".join(line for line in open(fixture("zendesk", "reconcile.sla")).read().splitlines() if "# zendesk" not in line))
    result = reconcile_zendesk(load(str(plain)), _tickets(tickets_file), documents("zendesk", "ticket_metric_events.json"), NOW)
    assert [(r["ticket_id"], r["field"], r["zendesk"], r["slalang"]) for r in result.rows if r["field"] == "policy"] == [
        (1002, "policy", "VIP", "Everyone else"), (1003, "policy", None, "Everyone else")]


def test_breach_and_fulfil_instants_are_compared():
    policy = load(fixture("zendesk", "reconcile.sla"))
    ticket = {"id": 5, "created_at": "2026-11-20T10:00:00Z", "ticket": {"priority": "low"}, "customer": {}, "events": [
        {"at": "2026-11-20T19:00:00Z", "type": "agent_reply"}]}
    events = {"ticket_metric_events": [
        {"id": 1, "ticket_id": 5, "metric": "reply_time", "instance_id": 1, "type": "apply_sla", "time": "2026-11-20T10:00:00Z",
         "sla": {"target": 480, "business_hours": True, "policy": {"id": 26, "title": "Everyone else"}}},
        {"id": 2, "ticket_id": 5, "metric": "reply_time", "instance_id": 1, "type": "breach", "time": "2026-11-21T10:00:00Z", "deleted": False},
        {"id": 3, "ticket_id": 5, "metric": "reply_time", "instance_id": 1, "type": "fulfill", "time": "2026-11-20T19:00:00Z"},
        {"id": 4, "ticket_id": 5, "metric": "reply_time", "instance_id": 1, "type": "activate", "time": "2026-11-20T19:30:00Z"},
    ]}
    result = reconcile_zendesk(policy, records(pages([ticket]), None), pages(events), NOW)
    # Zendesk counted business hours (its breach is the next day) and re-activated the metric
    assert result.rows == [
        {"ticket_id": 5, "metric": "first_response", "field": "breach_at", "zendesk": "2026-11-21T10:00:00Z", "slalang": "2026-11-20T18:00:00Z"},
        {"ticket_id": 5, "metric": "first_response", "field": "fulfilled_at", "zendesk": None, "slalang": "2026-11-20T19:00:00Z"},
    ]


def test_a_ticket_that_cannot_be_evaluated_is_reported_not_fatal():
    policy = load(fixture("zendesk", "reconcile.sla"))
    bad = {"id": 6, "created_at": "2026-11-20T10:00:00Z", "ticket": {"priority": "p9"}, "customer": {}, "events": []}
    good = {"id": 7, "created_at": "2026-11-20T10:00:00Z", "ticket": {"priority": "low"}, "customer": {}, "events": []}
    result = reconcile_zendesk(policy, records(pages([bad, good], "t.json"), None), pages({"ticket_metric_events": []}), NOW)
    assert [p.pointer for p in result.problems] == ["/0"]
    assert "'p9' is not a declared priority" in result.problems[0].reason
    assert result.tickets == 1


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "table"])
def test_the_command_writes_every_format_and_exits_1_on_disagreement(tickets_file, fmt):
    done = run("reconcile", "zendesk", fixture("zendesk", "reconcile.sla"), tickets_file,
               "--metric-events", fixture("zendesk", "ticket_metric_events.json"), "--now", NOW, "--format", fmt)
    assert done.exit_code == 1
    out = done.stdout
    if fmt == "json":
        assert json.loads(out) == EXPECTED
    elif fmt == "jsonl":
        assert [json.loads(line) for line in out.splitlines()] == EXPECTED
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert rows[0] == {"ticket_id": "1001", "metric": "first_response", "field": "target_s", "zendesk": "900", "slalang": "3600"}
        assert rows[3]["zendesk"] == ""
    else:
        assert "4 disagreements between Zendesk and slalang" in out and "first_response" in out


def test_no_disagreement_exits_0(tmp_path):
    ticket = {"id": 8, "created_at": "2026-11-20T10:00:00Z", "ticket": {"priority": "low"}, "customer": {}, "events": []}
    tickets = tmp_path / "t.jsonl"
    tickets.write_text(json.dumps(ticket) + "\n")
    events = tmp_path / "e.json"
    events.write_text(json.dumps({"ticket_metric_events": [
        {"id": 1, "ticket_id": 8, "metric": "reply_time", "instance_id": 1, "type": "apply_sla", "time": "2026-11-20T10:00:00Z",
         "sla": {"target": 480, "business_hours": False, "policy": {"id": 26, "title": "Everyone else"}}},
        {"id": 2, "ticket_id": 8, "metric": "reply_time", "instance_id": 1, "type": "breach", "time": "2026-11-20T18:00:00Z"}]}))
    done = run("reconcile", "zendesk", fixture("zendesk", "reconcile.sla"), str(tickets), "--metric-events", str(events),
               "--now", "2026-11-20T12:00:00Z")
    assert done.exit_code == 0, done.output
    assert "agree on every ticket compared" in done.stdout


MEASURED = '''priorities urgent > high > normal > low
# zendesk: {"id": 30}
sla waits "Waits" {
    when priority <= urgent
    measure requester_wait_time within 4h { resume on reopened pause when status == "pending" }
}
'''


def test_measures_are_compared_with_zendesks_metric_of_the_same_name():
    ticket = {"id": 9, "created_at": "2026-11-20T10:00:00Z", "ticket": {"priority": "urgent", "status": "new"}, "customer": {},
              "events": [{"at": "2026-11-20T10:30:00Z", "type": "status", "status": "pending"},
                         {"at": "2026-11-20T11:30:00Z", "type": "status", "status": "open"},
                         {"at": "2026-11-20T12:00:00Z", "type": "status", "status": "solved"}]}

    def event(n, kind, time, **extra):
        return {"id": n, "ticket_id": 9, "metric": "requester_wait_time", "instance_id": 1, "type": kind, "time": time, **extra}

    applied = {"target": 240, "business_hours": False, "policy": {"id": 30, "title": "Waits"}}
    events = {"ticket_metric_events": [
        event(1, "activate", "2026-11-20T10:00:00Z"), event(2, "apply_sla", "2026-11-20T10:00:00Z", sla=applied),
        event(3, "breach", "2026-11-20T14:00:00Z", deleted=True), event(4, "pause", "2026-11-20T10:30:00Z"),
        event(5, "activate", "2026-11-20T11:30:00Z"), event(6, "breach", "2026-11-20T15:00:00Z", deleted=True),
        event(7, "fulfill", "2026-11-20T12:05:00Z")]}
    result = reconcile_zendesk(loads(MEASURED), records(pages([ticket]), None), pages(events), NOW)
    assert result.rows == [{"ticket_id": 9, "metric": "requester_wait_time", "field": "fulfilled_at",
                            "zendesk": "2026-11-20T12:05:00Z", "slalang": "2026-11-20T12:00:00Z"}]
