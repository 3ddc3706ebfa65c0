"""slalang export zendesk: the API bodies for a policy set, and what Zendesk cannot hold,
reported where it is written."""

from __future__ import annotations

import json

import pytest

from slalang import loads
from slalang.bridges.zendesk.export import export_zendesk, holidays, intervals, requests

from ..helpers import run

HEADER = 'priorities urgent > high > normal > low\n'
CALENDAR = '''# zendesk: {"id": 9, "time_zone": "Edinburgh", "holidays": [{"id": 3, "name": "Boxing Day", "start_date": "2026-12-26", "end_date": "2026-12-26"}]}
calendar office "Office" {
    timezone "Europe/London"
    hours mon-fri 09:00-17:00
    hours fri 22:00-06:00
    hours sat 23:00-02:00
    closed 2026-12-24
    closed 2026-12-25
    closed 2026-12-26
    closed 2027-01-01
}
'''


def _export(text: str):
    return export_zendesk(loads(text, "p.sla"))


def _all_priorities(name: str, when: str, body: str) -> str:
    return "".join(f'sla {name}_{p} "{name.upper()}" {{ when {when}priority {p} {body} }}\n' for p in ("urgent", "high", "normal", "low"))


def test_consecutive_slas_of_one_title_and_filter_are_one_policy():
    text = HEADER + CALENDAR + "\n".join([
        '# zendesk: {"id": 77, "description": "Gold customers", "position": 4}',
        'sla gold_urgent "Gold" { when ticket.type == "incident" and not ticket.group_id == 5 and priority urgent',
        '    first_response within 15m next_response within 1h }',
        'sla gold_rest "Gold" { when ticket.type == "incident" and not ticket.group_id == 5 and priority <= high',
        '    calendar office first_response within 2h }',
        'sla anyone "Anyone" { when priority >= low calendar office first_response within 8h }',
    ])
    result = _export(text)
    assert result.problems == ()
    gold, anyone = result.body["sla_policies"]
    assert gold == {
        "id": 77, "title": "Gold", "description": "Gold customers", "position": 4,
        "filter": {"all": [{"field": "type", "operator": "is", "value": "incident"},
                           {"field": "group_id", "operator": "is_not", "value": 5}], "any": []},
        "policy_metrics": [
            {"priority": "urgent", "metric": "first_reply_time", "target": 15, "business_hours": False, "target_in_seconds": 900},
            {"priority": "urgent", "metric": "next_reply_time", "target": 60, "business_hours": False, "target_in_seconds": 3600},
            *({"priority": p, "metric": "first_reply_time", "target": 120, "business_hours": True, "target_in_seconds": 7200}
              for p in ("high", "normal", "low")),
        ],
    }
    assert anyone["title"] == "Anyone" and anyone["position"] == 5 and "id" not in anyone
    assert [m["priority"] for m in anyone["policy_metrics"]] == ["urgent", "high", "normal", "low"]


def test_schedules_come_back_with_intervals_holidays_and_the_rails_name_kept():
    text = HEADER + CALENDAR + _all_priorities("a", "", "calendar office first_response within 1h")
    (schedule,) = _export(text).body["schedules"]
    assert schedule["id"] == 9 and schedule["name"] == "Office" and schedule["time_zone"] == "Edinburgh"
    monday_to_thursday = [{"start_time": d * 1440 + 540, "end_time": d * 1440 + 1020} for d in range(1, 5)]
    assert schedule["intervals"] == [  # an interval cannot span calendar days: ranges past midnight are cut there
        {"start_time": 0, "end_time": 120},  # the end of Saturday's 23:00-02:00, on Sunday
        *monday_to_thursday,
        {"start_time": 5 * 1440 + 540, "end_time": 5 * 1440 + 1020},
        {"start_time": 5 * 1440 + 1320, "end_time": 6 * 1440},  # Friday 22:00-24:00 ...
        {"start_time": 6 * 1440, "end_time": 6 * 1440 + 360},  # ... and Saturday 00:00-06:00
        {"start_time": 6 * 1440 + 1380, "end_time": 10080},
    ]
    # consecutive closed dates are one holiday; a name is kept only for the exact dates it had
    assert schedule["holidays"] == [
        {"name": "Closed", "start_date": "2026-12-24", "end_date": "2026-12-26"},
        {"name": "Closed", "start_date": "2027-01-01", "end_date": "2027-01-01"},
    ]


def test_intervals_merge_within_a_day_never_across_midnight_and_known_holidays_keep_their_names():
    assert intervals([(0, 540, 1440), (1, 0, 60), (0, 600, 700), (0, 300, 540)]) == [
        {"start_time": 1740, "end_time": 2880}, {"start_time": 2880, "end_time": 2940}]
    assert intervals([(5, 1380, 1500)]) == [{"start_time": 0, "end_time": 60}, {"start_time": 10020, "end_time": 10080}]  # Saturday into Sunday
    assert holidays(["2026-12-25", "2026-12-26"], [{"id": 1, "name": "Christmas", "start_date": "2026-12-25", "end_date": "2026-12-26"}]) == [
        {"id": 1, "name": "Christmas", "start_date": "2026-12-25", "end_date": "2026-12-26"}]


@pytest.mark.parametrize(
    ("sla", "reason"),
    [
        ("resolution within 4h", "Zendesk has no metric `resolution`"),
        ("first_response within 1h goal 90%", "Zendesk has no goals"),
        ("first_response within 90s", "Zendesk targets are whole minutes"),
        ('first_response within 1h pause when status == "pending"', "Zendesk's first_reply_time never pauses"),
        ("first_response within 1h escalate first_response { at 100% notify assignee }", "no escalations"),
        ("first_response within 1h via triage", "no OLA chains"),
    ],
)
def test_what_zendesk_cannot_hold_is_reported_where_it_is_written(sla, reason):
    text = (HEADER + "team t { calendar always }\nola triage by t within 30m\n"
            + "".join(f"sla s_{p} \"S\" {{ when priority {p} {sla} }}\n" for p in ("urgent", "high", "normal", "low")))
    result = _export(text)
    assert result.problems, reason
    assert reason in result.problems[0].reason
    assert result.problems[0].source == "p.sla" and result.problems[0].line == 4


@pytest.mark.parametrize(
    ("when", "reason"),
    [
        ("ticket.type != \"task\" and ", "write `not PATH == VALUE`"),
        ("ticket.type in [\"a\", \"b\"] and ", "has no Zendesk filter form"),
        ("ticket.plan == \"x\" and ", "has no Zendesk filter field"),
        ("(ticket.type == \"a\" or ticket.type == \"b\") and (ticket.group_id == 1 or ticket.group_id == 2) and ", "one `any` list"),
    ],
)
def test_conditions_without_a_filter_form_are_reported(when, reason):
    result = _export(HEADER + _all_priorities("s", when, "first_response within 1h"))
    assert any(reason in p.reason for p in result.problems), [p.reason for p in result.problems]


def test_an_sla_without_a_priority_or_with_priorities_left_over_is_reported():
    no_priority = _export(HEADER + 'sla s "S" { first_response within 1h }')
    assert "only to tickets with a priority" in no_priority.problems[0].reason
    assert no_priority.problems[0].hint == "add `priority <= urgent` to its `when`"
    left_over = _export(HEADER + 'sla s "S" { when priority urgent first_response within 1h }\nsla t "T" { when priority <= high first_response within 2h }')
    assert "those with priority high, normal, low get no target there" in left_over.problems[0].reason
    assert left_over.problems[0].hint == "add an SLA with no metrics after `s` for priority high or priority normal or priority low"


def test_an_sla_without_metrics_gives_the_rest_of_a_policy_no_target():
    caught = _export(HEADER + 'sla s "S" { when priority urgent first_response within 1h }\n'
                     'sla s_rest "S" { when priority high or priority normal or priority low }\n')
    assert caught.problems == ()
    assert [m["priority"] for m in caught.body["sla_policies"][0]["policy_metrics"]] == ["urgent"]


def test_calendar_choices_zendesk_cannot_make_are_reported():
    text = HEADER + CALENDAR + 'calendar other { timezone "Europe/Paris" hours mon 09:00-10:00 holidays "FR" open 2026-12-27 10:00-12:00 closed 2026-12-28 10:00-11:00 }\n'
    text += _all_priorities("s", "", "calendar office first_response within 1h")
    reasons = [p.reason for p in _export(text).problems]
    assert any("with several calendars, slalang must choose by it too" in r for r in reasons)
    assert any("no public holidays by country" in r for r in reasons)
    assert any("no extra openings" in r for r in reasons)
    assert any("close whole days" in r for r in reasons)


def test_the_command_writes_nothing_on_a_report_and_writes_requests_for_ci(tmp_path):
    bad = tmp_path / "bad.sla"
    bad.write_text(HEADER + _all_priorities("s", "", "resolution within 1h"))
    out = tmp_path / "out.json"
    refused = run("export", "zendesk", str(bad), "-o", str(out))
    assert refused.exit_code == 1 and not out.exists()
    assert f"{bad}:2:" in refused.output and "nothing was written" in refused.output
    good = tmp_path / "good.sla"
    good.write_text(HEADER + '# zendesk: {"id": 5}\n' + _all_priorities("s", "", "first_response within 1h"))
    written = run("export", "zendesk", str(good), "-o", str(out))
    assert written.exit_code == 0, written.output
    (policy,) = json.loads(out.read_text())["sla_policies"]
    assert policy["id"] == 5 and policy["title"] == "S" and len(policy["policy_metrics"]) == 4
    calls = [json.loads(line) for line in run("export", "zendesk", str(good), "--requests").output.splitlines() if line.startswith("{")]
    assert [(c["method"], c["path"]) for c in calls] == [("PUT", "/api/v2/slas/policies/5")]
    assert calls[0]["body"]["sla_policy"]["title"] == "S" and "id" not in calls[0]["body"]["sla_policy"]


def test_requests_create_or_update_schedules_then_policies():
    body = {"schedules": [{"id": 9, "name": "Office", "time_zone": "London", "intervals": [{"start_time": 1980, "end_time": 2460}],
                           "holidays": [{"id": 3, "name": "x", "start_date": "2026-01-01", "end_date": "2026-01-01"},
                                        {"name": "y", "start_date": "2026-01-02", "end_date": "2026-01-02"}]},
                          {"name": "New", "time_zone": "UTC", "intervals": [], "holidays": []}],
            "sla_policies": [{"title": "P", "filter": {"all": [], "any": []}, "policy_metrics": []}]}
    assert [(c["method"], c["path"]) for c in requests(body)] == [
        ("PUT", "/api/v2/business_hours/schedules/9"),
        ("PUT", "/api/v2/business_hours/schedules/9/workweek"),
        ("PUT", "/api/v2/business_hours/schedules/9/holidays/3"),
        ("POST", "/api/v2/business_hours/schedules/9/holidays"),
        ("POST", "/api/v2/business_hours/schedules"),
        ("PUT", "/api/v2/business_hours/schedules/{id}/workweek"),
        ("POST", "/api/v2/slas/policies"),
    ]


@pytest.mark.parametrize(
    ("measure", "reason"),
    [
        ('measure requester_wait_time within 4h { resume on reopened pause when status == "hold" }',
         "Zendesk's requester_wait_time pauses in pending; `requester_wait_time` pauses otherwise"),
        ('measure requester_wait_time within 4h { pause when status == "pending" }', "does not start, stop and resume as Zendesk's"),
        ("measure with_engineering within 4h", "Zendesk has no metric `with_engineering`"),
    ],
)
def test_measures_export_only_as_zendesks_own_metrics(measure, reason):
    result = _export(HEADER + _all_priorities("s", "", measure))
    assert any(reason in p.reason for p in result.problems), [p.reason for p in result.problems]


def test_zendesks_measures_and_per_metric_calendars_export():
    text = HEADER + CALENDAR + _all_priorities(
        "s", "", 'calendar office first_response within 1h { calendar always } '
        'measure agent_work_time within 8h { resume on reopened pause when status in ["pending", "hold"] }')
    result = _export(text)
    assert result.problems == ()
    assert result.body["sla_policies"][0]["policy_metrics"][:2] == [
        {"priority": "urgent", "metric": "first_reply_time", "target": 60, "business_hours": False, "target_in_seconds": 3600},
        {"priority": "urgent", "metric": "agent_work_time", "target": 480, "business_hours": True, "target_in_seconds": 28800},
    ]
