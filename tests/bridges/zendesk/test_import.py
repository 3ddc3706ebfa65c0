"""slalang import zendesk: policies and schedules -> a formatted policy set that checks,
titles and order kept, source ids in structured comments, refusals located."""

from __future__ import annotations

import json

import pytest

from slalang import load, loads
from slalang.analysis import analyse
from slalang.bridges.zendesk.importer import import_zendesk
from slalang.diagnostics import Severity
from slalang.fmt import format_text

from ..helpers import assert_golden, documents, fixture, pages, run


def _policy(policies, schedules=None, holidays=None):
    return import_zendesk(pages(policies), pages(schedules) if schedules is not None else (),
                          pages(holidays) if holidays is not None else ())


def _errors(policy):
    return [d for d in analyse(policy) if d.severity == Severity.ERROR]


def _basic() -> str:
    first_schedule = json.loads(open(fixture("zendesk", "schedules.json"), encoding="utf-8").read())["schedules"][:1]
    result = import_zendesk(documents("zendesk", "sla_policies_basic.json"), pages({"schedules": first_schedule}))
    assert result.faithful, [str(p) for p in result.problems]
    return result.single_file("basic.sla")


def test_reply_time_policies_import_as_formatted_slas():
    text = _basic()
    assert format_text(text, "basic.sla").formatted == text
    assert_golden("zendesk_basic.sla", text)


def test_reply_time_policies_pass_check():
    assert not _errors(loads(_basic(), "basic.sla"))


def test_the_documented_shapes_import_faithfully_and_pass_check(tmp_path):
    result = import_zendesk(documents("zendesk", "sla_policies.json"), documents("zendesk", "schedules.json"),
                            documents("zendesk", "holidays.json"))
    assert result.faithful, [str(p) for p in result.problems]
    assert_golden("zendesk_full.sla", result.single_file("zendesk.sla"))
    out = tmp_path / "zendesk"
    code = run("import", "zendesk", "--policies", fixture("zendesk", "sla_policies.json"),
               "--schedules", fixture("zendesk", "schedules.json"), "--holidays", fixture("zendesk", "holidays.json"),
               "-o", str(out))
    assert code.exit_code == 0, code.output
    assert sorted(p.name for p in out.iterdir()) == ["calendars.sla", "slas.sla"]
    policy = load(str(out))
    assert not _errors(policy)
    assert run("check", str(out)).exit_code == 0
    slas = policy.model.slas
    # order kept: the policies by position, each priority most important first, then the untargeted rest
    assert [s.name for s in slas] == [
        "enterprise_incidents_urgent", "enterprise_incidents_high", "enterprise_incidents_untargeted",
        "vip_urgent", "vip_high", "vip_normal", "vip_low",
        "everyone_else_urgent", "everyone_else_high", "everyone_else_normal", "everyone_else_low",
    ]
    assert {s.title for s in slas[:3]} == {"Enterprise incidents"}


def test_titles_order_and_ids_are_kept():
    policies = {"sla_policies": [
        {"id": 2, "title": "Second", "position": 2, "filter": {"all": [], "any": []},
         "policy_metrics": [{"priority": p, "metric": "first_reply_time", "target": 60, "business_hours": False}
                            for p in ("urgent", "high", "normal", "low")]},
        {"id": 1, "title": "First", "description": "Comes first", "position": 1,
         "filter": {"all": [{"field": "type", "operator": "is", "value": "incident"}], "any": []},
         "policy_metrics": [{"priority": p, "metric": "first_reply_time", "target": 30, "business_hours": False}
                            for p in ("urgent", "high", "normal", "low")]},
    ]}
    text = _policy(policies).single_file()
    model = loads(text).model
    assert [s.name for s in model.slas] == ["first_urgent", "first_high", "first_normal", "first_low",
                                            "second_urgent", "second_high", "second_normal", "second_low"]
    assert model.slas[0].title == "First"
    assert '# zendesk: {"id": 1, "description": "Comes first", "position": 1}' in text
    assert text.count('# zendesk: {"id": 1}') == 3


def test_a_clashing_name_gets_a_number():
    policies = {"sla_policies": [
        {"id": i, "title": "Same", "position": i, "filter": {"all": [], "any": []},
         "policy_metrics": [{"priority": p, "metric": "first_reply_time", "target": 10, "business_hours": False}
                            for p in ("urgent", "high", "normal", "low")]} for i in (1, 2)]}
    model = loads(_policy(policies).single_file()).model
    assert [s.name for s in model.slas][4:] == ["same_urgent_2", "same_high_2", "same_normal_2", "same_low_2"]


def test_filters_map_to_paths_and_is_not_holds_without_the_field():
    policies = {"sla_policies": [{"id": 1, "title": "F", "position": 1, "filter": {
        "all": [{"field": "brand_id", "operator": "is", "value": "7"},
                {"field": "ticket_form_id", "operator": "is_not", "value": 9},
                {"field": "custom_fields_360000101", "operator": "is", "value": "gold"},
                {"field": "current_tags", "operator": "not_includes", "value": "spam  test"}],
        "any": [{"field": "via_id", "operator": "is", "value": 4}, {"field": "organization_id", "operator": "is", "value": 12}]},
        "policy_metrics": [{"priority": p, "metric": "first_reply_time", "target": 10, "business_hours": False}
                           for p in ("urgent", "high", "normal", "low")]}]}
    text = _policy(policies).single_file()
    assert ('when ticket.brand_id == 7 and not ticket.ticket_form_id == 9 and ticket.custom_fields_360000101 == "gold"'
            ' and not (ticket.tags contains "spam" or ticket.tags contains "test")'
            ' and (ticket.via_id == 4 or customer.organization_id == 12) and priority urgent') in text
    policy = loads(text)
    base = {"created_at": "2026-01-01T00:00:00Z", "customer": {"organization_id": 12}, "events": []}
    match = {"id": 1, **base, "ticket": {"priority": "urgent", "brand_id": 7, "custom_fields_360000101": "gold"}}
    assert policy.evaluate(match).sla == "f_urgent"  # no form and no tags: is_not and not_includes hold
    spam = {"id": 2, **base, "ticket": {**match["ticket"], "tags": ["spam"]}}
    assert policy.evaluate(spam).sla is None
    no_priority = {"id": 3, **base, "ticket": {"brand_id": 7, "custom_fields_360000101": "gold"}}
    assert policy.evaluate(no_priority).sla is None  # Zendesk applies policies only to tickets with a priority


@pytest.mark.parametrize(
    ("policy", "pointer", "reason"),
    [
        ({"filter": {"all": [{"field": "satisfaction_score", "operator": "is", "value": "good"}], "any": []}},
         "/sla_policies/0/filter/all/0/field", "filter field 'satisfaction_score' has no slalang path"),
        ({"filter": {"all": [{"field": "type", "operator": "less_than", "value": "task"}], "any": []}},
         "/sla_policies/0/filter/all/0/operator", "operator 'less_than' on type"),
        ({"policy_metrics": [{"priority": "urgent", "metric": "group_ownership_time", "target": 10, "business_hours": False}]},
         "/sla_policies/0/policy_metrics/0/metric", "metric 'group_ownership_time' is not a Zendesk SLA metric"),
        ({"policy_metrics": [{"priority": "urgent", "metric": "first_reply_time", "target": 0, "business_hours": False}]},
         "/sla_policies/0/policy_metrics/0", "positive whole number of minutes"),
        ({"policy_metrics": [{"priority": "urgent", "metric": "first_reply_time", "target": 10, "target_in_seconds": 30,
                              "business_hours": False}]},
         "/sla_policies/0/policy_metrics/0", "the two must agree"),
        ({"policy_metrics": [{"priority": "urgent", "metric": "first_reply_time", "target": 10, "business_hours": True}]},
         "/sla_policies/0/policy_metrics/0/business_hours", "no schedules were given"),
        ({"metric_settings": {"first_reply_time": {"activate_on_agent_created_ticket_for_self": True}}},
         "/sla_policies/0/metric_settings", "field `metric_settings` is not one slalang knows"),
    ],
)
def test_what_cannot_be_carried_is_reported_with_a_pointer(policy, pointer, reason):
    base = {"id": 5, "title": "T", "position": 1, "filter": {"all": [], "any": []},
            "policy_metrics": [{"priority": "urgent", "metric": "first_reply_time", "target": 10, "business_hours": False}]}
    result = _policy({"sla_policies": [{**base, **policy}]})
    assert [p.pointer for p in result.problems] == [pointer]
    assert reason in result.problems[0].reason
    text = result.single_file()
    assert f"# slalang: lossy: {pointer}: " in text


def test_schedules_become_calendars_cut_at_midnight_with_holidays():
    policies = {"sla_policies": []}
    schedules = json.loads(open(fixture("zendesk", "schedules.json"), encoding="utf-8").read())
    holidays = json.loads(open(fixture("zendesk", "holidays.json"), encoding="utf-8").read())
    result = _policy(policies, schedules, holidays)
    assert result.faithful
    text = "\n".join(result.calendars)
    model = loads(text).model
    amsterdam = model.calendars["amsterdam_office"]
    assert amsterdam.timezone == "Europe/Amsterdam" and amsterdam.title == "Amsterdam office"
    assert {(r.weekday, r.start_min, r.end_min) for r in amsterdam.hours} == {(d, 540, 1050) for d in range(5)}
    assert [d.date.isoformat() for d in amsterdam.closed] == ["2026-04-27", "2026-12-25", "2026-12-26"]
    new_york = model.calendars["new_york_support"]
    assert new_york.timezone == "America/New_York"
    assert (4, 1320, 1440) in {(r.weekday, r.start_min, r.end_min) for r in new_york.hours}  # Friday 22:00 ...
    assert (5, 0, 120) in {(r.weekday, r.start_min, r.end_min) for r in new_york.hours}  # ... to Saturday 02:00
    assert [d.date.isoformat() for d in new_york.closed] == ["2026-07-03", "2026-11-26", "2026-11-27"]
    assert '"time_zone": "Eastern Time (US & Canada)"' in text


@pytest.mark.parametrize(
    ("schedule", "pointer"),
    [
        ({"time_zone": "Atlantis"}, "/schedules/0/time_zone"),
        ({"intervals": [{"start_time": 600, "end_time": 500}]}, "/schedules/0/intervals/0"),
        ({"intervals": [{"start_time": 0, "end_time": 10081}]}, "/schedules/0/intervals/0"),
        ({"holidays": [{"name": "x", "start_date": "2026-02-30", "end_date": "2026-03-01"}]}, "/schedules/0/holidays/0"),
        ({"holidays": [{"name": "x", "start_date": "2026-03-02", "end_date": "2026-03-01"}]}, "/schedules/0/holidays/0"),
    ],
)
def test_schedule_problems_are_located(schedule, pointer):
    base = {"id": 1, "name": "Office", "time_zone": "UTC", "intervals": [{"start_time": 1980, "end_time": 2460}]}
    result = _policy({"sla_policies": []}, {"schedules": [{**base, **schedule}]})
    assert [p.pointer for p in result.problems] == [pointer]


def test_a_holidays_page_must_say_its_schedule_when_there_are_several():
    schedules = {"schedules": [{"id": 1, "name": "A", "time_zone": "UTC", "intervals": []},
                               {"id": 2, "name": "B", "time_zone": "UTC", "intervals": []}]}
    from slalang.bridges.problems import BridgeError

    with pytest.raises(BridgeError, match="does not say which schedule"):
        _policy({"sla_policies": []}, schedules, {"holidays": [{"name": "x", "start_date": "2026-01-01", "end_date": "2026-01-01"}]})


def test_the_command_writes_nothing_when_a_construct_cannot_be_carried(tmp_path):
    source = tmp_path / "policies.json"
    source.write_text(json.dumps({"sla_policies": [{"id": 1, "title": "T", "position": 1, "filter": {"all": [
        {"field": "satisfaction_score", "operator": "is", "value": "good"}], "any": []}, "policy_metrics": []}]}))
    out = tmp_path / "out.sla"
    refused = run("import", "zendesk", "--policies", str(source), "-o", str(out))
    assert refused.exit_code == 1
    assert not out.exists()
    assert f"{source}#/sla_policies/0/filter/all/0/field: filter field 'satisfaction_score'" in refused.output
    assert "nothing was written" in refused.output
    lossy = run("import", "zendesk", "--policies", str(source), "--allow-lossy", "-o", str(out))
    assert lossy.exit_code == 0
    assert "# slalang: lossy: /sla_policies/0/filter/all/0/field:" in out.read_text()


def test_usage_and_unreadable_input_exit_2(tmp_path):
    assert run("import", "zendesk").exit_code == 2
    missing = run("import", "zendesk", "--policies", str(tmp_path / "nope.json"))
    assert missing.exit_code == 2 and "no such file" in missing.output
    bad = tmp_path / "bad.json"
    bad.write_text('{"sla_policies": [1, 2,]}')
    broken = run("import", "zendesk", "--policies", str(bad))
    assert broken.exit_code == 2 and f"{bad}:1:24: is not valid JSON" in broken.output
