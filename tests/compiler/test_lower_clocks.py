"""Lowering the second wave: the spec's Globex example compiles to what it says; measures get
their defaults; `pause never`, rules per metric and calendar choices keep their meaning."""

from __future__ import annotations

from pathlib import Path

import pytest

from slalang.compiler import compile_paths
from slalang.model import (
    Action,
    CalendarArm,
    CalendarByField,
    ConditionTrigger,
    EscalationStep,
    EventTrigger,
    FieldCmp,
    FieldIn,
    Measure,
    Not,
    OwnPause,
    ZonedCalendar,
)

from .helpers import PRELUDE, compile_source

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "global"
PENDING = FieldIn(("ticket", "status"), ("pending_customer", "on_hold"))


@pytest.fixture(scope="module")
def globex():
    result = compile_paths([str(FIXTURE / "global.sla")])
    assert result.diagnostics == [], [d.message for d in result.diagnostics]
    return result.model


def test_globex_header_order_and_declarations(globex) -> None:
    assert (globex.name, globex.version) == ("globex-support", "2026.12")
    assert [Path(f).name for f in globex.files] == ["global.sla", "calendars.sla"]
    assert [s.name for s in globex.slas] == ["enterprise_urgent", "enterprise_standard", "paying", "everyone_else"]
    assert list(globex.credits) == ["enterprise_terms"] and list(globex.availabilities) == ["public_api"]


def test_globex_enterprise_urgent(globex) -> None:
    sla = globex.sla("enterprise_urgent")
    assert sla.calendar == ZonedCalendar("always")
    assert sla.pause == PENDING
    assert sla.metric("next_response").pause == OwnPause(None)  # `{ pause never }`
    assert sla.pause_of(sla.metric("next_response")) is None
    assert sla.pause_of(sla.metric("first_response")) == PENDING
    group_is_engineering = FieldCmp(("ticket", "group"), "==", "engineering")
    assert sla.measures == (
        Measure(
            name="with_engineering",
            title="Time with engineering",
            target_s=4 * 3600,
            goal=90.0,
            starts=(ConditionTrigger(group_is_engineering),),
            stops=(ConditionTrigger(Not(group_is_engineering)), EventTrigger("resolved")),
            cycles=True,
            escalation=(EscalationStep(100.0, 0, (Action("notify", "eng-lead@globex.example"),)),),
        ),
    )
    assert [c.name for c in sla.clocks] == ["first_response", "next_response", "resolution", "with_engineering"]


def test_globex_enterprise_standard_chooses_its_calendar_by_region(globex) -> None:
    sla = globex.sla("enterprise_standard")
    assert sla.calendar == CalendarByField(
        ("customer", "region"),
        (CalendarArm("emea", ZonedCalendar("office")), CalendarArm("amer", ZonedCalendar("office_us"))),
        ZonedCalendar("office", zone_path=("customer", "timezone")),
    )
    resolution = sla.metric("resolution")
    assert sla.calendar_of(resolution) == ZonedCalendar("always")
    assert sla.calendar_of(sla.metric("first_response")) == sla.calendar
    assert sla.pause is None and sla.pause_of(resolution) == FieldCmp(("ticket", "status"), "==", "on_hold")
    (agent,) = sla.measures
    assert (agent.starts, agent.stops, agent.resumes) == (
        (EventTrigger("created"),), (EventTrigger("resolved"),), (EventTrigger("reopened"),)
    )
    assert (agent.cycles, agent.pause, agent.calendar) == (False, OwnPause(PENDING), None)
    assert sla.calendar_names() == ("office", "office_us", "always")


def test_globex_paying_reads_office_in_the_customers_zone(globex) -> None:
    sla = globex.sla("paying")
    assert sla.calendar == ZonedCalendar("office", zone_path=("customer", "timezone"))
    assert not sla.calendar.is_fixed and globex.fixed_calendar(sla.calendar) is None
    (update,) = sla.measures
    assert (update.cycles, update.calendar, update.pause) == (True, ZonedCalendar("always"), None)
    assert update.starts == (EventTrigger("agent_reply"),)
    assert update.stops == (EventTrigger("agent_reply"), EventTrigger("resolved"))
    assert sla.calendar_names() == ("office", "always")


def model_of(body: str):
    result = compile_source(PRELUDE + body + "\n")
    assert result.diagnostics == [], [d.message for d in result.diagnostics]
    return result.model


def test_a_measure_without_items_has_the_defaults() -> None:
    plain = model_of("sla s { measure m within 1h }")
    assert plain == model_of("sla s { measure m within 1h {} }")
    assert plain == model_of("sla s { measure m within 1h { start on created stop on resolved } }")
    assert plain.sla("s").measure("m") == Measure("m", None, 3600)


def test_pause_never_at_sla_level_is_no_pause_rule() -> None:
    assert model_of("sla s { pause never resolution within 1h }") == model_of("sla s { resolution within 1h }")


def test_a_metric_pause_never_is_not_the_same_as_no_rule_of_its_own() -> None:
    own = model_of('sla s { pause when status == "x" resolution within 1h { pause never } }').sla("s")
    inherited = model_of('sla s { pause when status == "x" resolution within 1h }').sla("s")
    assert own != inherited
    assert own.pause_of(own.metric("resolution")) is None
    assert inherited.pause_of(inherited.metric("resolution")) == FieldCmp(("ticket", "status"), "==", "x")


def test_goal_and_via_in_either_order_compile_alike() -> None:
    ola = "team t2 { calendar office }\nola o by t2 within 1h\n"
    assert model_of(ola + "sla s { measure m within 2h via o goal 90% }") == model_of(
        ola + "sla s { measure m within 2h goal 90% via o }"
    )


def test_a_fixed_zone_is_the_calendar_read_in_that_zone() -> None:
    model = model_of('sla s { calendar office in "Asia/Tokyo" resolution within 1h }\n'
                     'sla t { calendar office in "Europe/Amsterdam" resolution within 1h }')
    tokyo = model.fixed_calendar(model.sla("s").calendar)
    assert tokyo.timezone == "Asia/Tokyo" and tokyo.hours == model.calendars["office"].hours
    assert model.fixed_calendar(model.sla("t").calendar) is model.calendars["office"]  # its own zone
    assert model.sla("s").calendar.text == 'office in "Asia/Tokyo"'


def test_calendar_choice_spans_point_at_the_policy() -> None:
    model = model_of('sla s { calendar by customer.region { "emea" office else always } resolution within 1h }')
    choice = model.sla("s").calendar
    assert (choice.span.line, choice.arms[0].span.line, choice.otherwise.span.line) == (7, 7, 7)


def test_names_that_became_keywords_still_compile_where_they_did() -> None:
    model = model_of(
        'calendar by { timezone "UTC" hours mon-fri 09:00-17:00 }\n'
        "segment start when customer.plan == \"pro\"\n"
        "team metrics { calendar by agents 2 }\n"
        "ola period by metrics within 1h on by\n"
        "escalation cap { at 100% notify assignee }\n"
        "sla measure { when segment start calendar by resolution within 4h via period escalate resolution with cap }"
    )
    sla = model.sla("measure")
    assert sla.calendar == ZonedCalendar("by") and model.fixed_calendar(sla.calendar) is model.calendars["by"]
    assert (model.teams["metrics"].calendar, model.olas["period"].calendar) == ("by", "by")
