"""slalang tickets jira: issues with changelog and comments -> slalang tickets."""

from __future__ import annotations

from slalang.bridges.jira.tickets import jira_tickets
from slalang.bridges.ticket_map import load_map

from ..helpers import documents, fixture, pages, run


def test_an_issue_starts_as_its_changelog_says_and_changes_become_events():
    result = jira_tickets(documents("jira", "issues.json"), load_map(fixture("jira", "map.yaml")))
    first = result.tickets[0]
    assert first["id"] == "SD-1"
    assert first["created_at"] == "2017-02-28T09:24:59.366-06:00"
    assert first["ticket"] == {"status": "open", "priority": "urgent", "type": "Incident", "labels": ["checkout"],
                               "assignee": "5b10ac8d82e05b22cc7d4ef5"}
    assert first["customer"] == {"tier": "Silver"}
    assert first["events"] == [
        {"at": "2017-02-28T09:40:00.000-06:00", "type": "agent_reply"},
        {"at": "2017-02-28T09:40:00.000-06:00", "type": "status", "status": "open"},
        {"at": "2017-02-28T10:00:00.000-06:00", "type": "field", "field": "priority", "value": "high"},
        {"at": "2017-02-28T10:00:00.000-06:00", "type": "field", "field": "customer.tier", "value": "Gold"},
        {"at": "2017-02-28T13:00:00.000-06:00", "type": "customer_reply"},
        {"at": "2017-03-01T10:00:00.000-06:00", "type": "status", "status": "solved"},
    ]


def test_without_a_changelog_entry_the_current_value_is_the_initial_one():
    third = jira_tickets(documents("jira", "issues.json"), load_map(fixture("jira", "map.yaml"))).tickets[1]
    assert third == {"id": "SD-3", "created_at": "2017-03-02T09:00:00.000+00:00",
                     "ticket": {"status": "open", "priority": "urgent", "type": "Incident"}, "customer": {}, "events": []}


def test_without_a_map_names_are_kept():
    first = jira_tickets(documents("jira", "issues.json")).tickets[0]
    assert first["ticket"]["status"] == "Waiting for support" and first["ticket"]["priority"] == "Highest"


def test_missing_and_truncated_histories_are_located_and_the_others_convert():
    result = jira_tickets(documents("jira", "issues.json"))
    assert [t["id"] for t in result.tickets] == ["SD-1", "SD-3"]
    assert [p.pointer for p in result.problems] == ["/issues/1/changelog", "/issues/3/changelog"]
    assert "holds 0 of its 140 entries" in result.problems[1].reason


def test_internal_comments_by_property_are_not_replies_and_bad_timestamps_are_located():
    issue = {"key": "X-1", "fields": {"created": "2024-01-01T10:00:00.000+0100", "status": {"name": "Open"},
                                      "reporter": {"accountId": "c"},
                                      "comment": {"comments": [
                                          {"author": {"accountId": "a"}, "created": "2024-01-01T11:00:00.000+0100",
                                           "properties": [{"key": "sd.public.comment", "value": {"internal": True}}]},
                                          {"author": {"accountId": "a"}, "created": "2024-01-01T12:00:00.000+0100"}]}},
             "changelog": {"histories": []}}
    broken = {"key": "X-2", "fields": {"created": "01/01/2024"}, "changelog": {"histories": []}}
    result = jira_tickets(pages({"issues": [issue, broken]}, "i.json"))
    assert result.tickets[0]["events"] == [{"at": "2024-01-01T12:00:00.000+01:00", "type": "agent_reply"}]
    assert [p.pointer for p in result.problems] == ["/issues/1/fields/created"]


def test_the_command_writes_json_lines_and_exits_1_when_records_fail(tmp_path):
    out = tmp_path / "t.jsonl"
    done = run("tickets", "jira", "--issues", fixture("jira", "issues.json"), "--map", fixture("jira", "map.yaml"), "-o", str(out))
    assert done.exit_code == 1
    assert len(out.read_text().splitlines()) == 2
    assert f"{fixture('jira', 'issues.json')}#/issues/1/changelog: the issue has no `changelog`" in done.output
    bad_map = tmp_path / "map.yaml"
    bad_map.write_text("statuses: [x]\n")
    assert run("tickets", "jira", "--issues", fixture("jira", "issues.json"), "--map", str(bad_map)).exit_code == 2
