"""The examples compile to the expected model; lowering rules for calendars, metrics, conditions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from slalang.compiler import compile_paths
from slalang.model import (
    ALWAYS_CALENDAR,
    DEFAULT_RESOLVED,
    Action,
    All,
    Any_,
    Const,
    DateHours,
    EscalationStep,
    FieldCmp,
    FieldContains,
    FieldIn,
    HolidaySource,
    Not,
    PolicySet,
    PriorityCmp,
    SegmentRef,
    WeeklyRange,
    ZonedCalendar,
)
from slalang.source import NO_SPAN

from .helpers import compile_source, errors

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def acme() -> PolicySet:
    result = compile_paths([str(REPO / "policies" / "acme.sla")])
    assert errors(result) == []
    assert result.model is not None
    return result.model


def compiled(text: str) -> PolicySet:
    result = compile_source(text)
    assert errors(result) == [], [d.message for d in errors(result)]
    assert result.model is not None
    return result.model


def test_acme_header_priorities_and_files(acme: PolicySet) -> None:
    assert (acme.name, acme.version) == ("acme-support", "2026.11")
    assert acme.resolved_statuses == ("solved", "closed")
    assert acme.priorities == ("urgent", "high", "normal", "low")
    assert [Path(f).name for f in acme.files] == ["acme.sla", "calendars.sla"]
    assert [s.name for s in acme.slas] == ["enterprise_urgent", "paying_high", "paying_standard", "free_tier"]


def test_acme_office_calendar(acme: PolicySet) -> None:
    office = acme.calendars["office"]
    assert (office.title, office.timezone) == ("Amsterdam office hours", "Europe/Amsterdam")
    assert office.hours == tuple(WeeklyRange(d, 540, 1050) for d in range(5)) + (WeeklyRange(5, 600, 840),)
    assert office.holidays == (HolidaySource("NL", None),)
    assert office.closed == (DateHours(dt.date(2026, 12, 24), ((780, 1440),)), DateHours(dt.date(2026, 12, 31), ()))
    assert office.open == (DateHours(dt.date(2026, 12, 27), ((600, 840),)),)
    assert Path(office.span.file).name == "calendars.sla" and office.span.line == 3


def test_acme_other_calendars(acme: PolicySet) -> None:
    assert acme.calendars["always"] == ALWAYS_CALENDAR
    assert acme.calendars["office_us"].holidays == (HolidaySource("US", "NY"),)
    assert acme.calendars["night_ops"].hours == tuple(WeeklyRange(d, 1320, 1800) for d in (0, 2, 4))
    assert acme.calendars["night_ops"].title is None


def test_acme_segments_refer_to_segments(acme: PolicySet) -> None:
    assert acme.segments["enterprise"].when == FieldCmp(("customer", "plan"), "==", "enterprise")
    assert acme.segments["vip"].when == Any_(
        (FieldContains(("customer", "tags"), "vip"), FieldCmp(("customer", "arr"), ">=", 100000))
    )
    assert acme.segments["paying"].when == Any_(
        (FieldIn(("customer", "plan"), ("pro", "enterprise")), SegmentRef("vip"))
    )


def test_acme_teams_and_olas(acme: PolicySet) -> None:
    tier1 = acme.teams["tier1"]
    assert (tier1.calendar, tier1.agents, tier1.lead) == ("office", 6, "lead-tier1@acme.example")
    assert acme.teams["engineering"].lead is None
    assert {n: (o.team, o.target_s, o.calendar) for n, o in acme.olas.items()} == {
        "triage": ("tier1", 1800, "office"),
        "fix": ("engineering", 14400, "office"),
        "deploy": ("sysadmins", 14400, "always"),
    }


def test_acme_enterprise_urgent(acme: PolicySet) -> None:
    sla = acme.sla("enterprise_urgent")
    assert sla.title == "Enterprise outages"
    assert sla.calendar == ZonedCalendar("always")
    assert sla.when == All((Any_((SegmentRef("enterprise"), SegmentRef("vip"))), PriorityCmp("==", "urgent")))
    assert sla.pause == FieldIn(("ticket", "status"), ("pending_customer", "on_hold"))
    first, following, resolution = sla.metrics
    assert (first.kind, first.target_s, first.goal, first.via) == ("first_response", 900, 99.0, ())
    assert first.escalation_chain == "standard_chain"
    assert first.escalation == acme.chains["standard_chain"].steps == (
        EscalationStep(75.0, 0, (Action("notify", "assignee"),)),
        EscalationStep(100.0, 0, (Action("notify", "team.lead"),)),
        EscalationStep(100.0, 14400, (Action("notify", "head-of-support@acme.example"),)),
    )
    assert (following.kind, following.target_s, following.goal, following.escalation) == ("next_response", 3600, 100.0, ())
    assert (resolution.kind, resolution.target_s, resolution.goal) == ("resolution", 86400, 95.0)
    assert resolution.via == ("triage", "fix", "deploy")
    assert resolution.escalation_chain is None
    assert resolution.escalation == (
        EscalationStep(50.0, 0, (Action("notify", "assignee"),)),
        EscalationStep(100.0, -1800, (Action("notify", "team.lead"),)),
        EscalationStep(100.0, 0, (Action("notify", "duty@acme.example"), Action("reassign", "escalations"))),
    )
    assert [s.fire_after_s(resolution.target_s) for s in resolution.escalation] == [43200, 84600, 86400]


def test_acme_other_slas(acme: PolicySet) -> None:
    high = acme.sla("paying_high")
    assert high.when == All((SegmentRef("paying"), PriorityCmp(">=", "high")))
    assert high.metric("resolution").escalation_chain == "standard_chain"
    assert high.metric("next_response").target_s == 4 * 3600
    free = acme.sla("free_tier")
    assert free.when is None
    assert free.calendar == ZonedCalendar("office_us")
    assert free.pause == FieldCmp(("ticket", "status"), "==", "pending_customer")
    assert [m.kind for m in free.metrics] == ["first_response", "resolution"]
    assert free.metric("resolution").target_s == 80 * 3600


def test_spans_are_kept_on_model_objects(acme: PolicySet) -> None:
    sla = acme.sla("enterprise_urgent")
    objects = [sla, *sla.metrics, *sla.metrics[2].escalation, sla.when, sla.pause, acme.teams["tier1"], acme.olas["fix"]]
    objects += [acme.segments["vip"], acme.segments["vip"].when, acme.chains["standard_chain"]]
    assert all(o.span != NO_SPAN and Path(o.span.file).name == "acme.sla" for o in objects)
    assert (sla.span.line, sla.metrics[2].span.line) == (27, 32)


def test_defaults() -> None:
    model = compiled("sla s { resolution within 1h }")
    assert (model.name, model.version, model.priorities) == (None, None, ())
    assert model.resolved_statuses == DEFAULT_RESOLVED
    assert list(model.calendars) == ["always"]
    sla = model.slas[0]
    assert (sla.when, sla.calendar, sla.pause, sla.title) == (None, ZonedCalendar("always"), None, None)
    assert (sla.metrics[0].goal, sla.metrics[0].via, sla.metrics[0].escalation) == (100.0, (), ())


def test_metrics_are_in_canonical_order_and_durations_in_seconds() -> None:
    model = compiled("sla s { resolution within 1w2d3h4m5s next_response within 90s first_response within 1d }")
    assert [(m.kind, m.target_s) for m in model.slas[0].metrics] == [
        ("first_response", 86400),
        ("next_response", 90),
        ("resolution", 604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5),
    ]


def test_weekly_hours() -> None:
    model = compiled(
        'calendar c { timezone "Asia/Kolkata"\n'
        "  hours fri-mon 08:00-24:00\n"
        "  hours sun 22:00-06:00, 20:00-00:00\n"
        "  hours tue,thu 00:00-24:00 }\n"
    )
    hours = model.calendars["c"].hours
    assert hours == (
        WeeklyRange(0, 480, 1440),
        WeeklyRange(1, 0, 1440),
        WeeklyRange(3, 0, 1440),
        WeeklyRange(4, 480, 1440),
        WeeklyRange(5, 480, 1440),
        WeeklyRange(6, 480, 1440),
        WeeklyRange(6, 1200, 1440),
        WeeklyRange(6, 1320, 1800),
    )


def test_equal_models_whatever_the_layout() -> None:
    a = compiled(
        'calendar c { timezone "UTC" hours mon-wed 09:00-17:00 holidays "NL" closed 2026-12-31 closed 2026-12-24 }\n'
        "sla s { when customer.a == 1 and (customer.b == 2 and customer.c == 3) resolution within 90m }\n"
    )
    b = compiled(
        "# the same policy, written differently\n"
        "calendar c {\n  closed 2026-12-24\n  hours wed 09:00-17:00\n  hours mon,tue 09:00-17:00\n"
        '  timezone "UTC"\n  holidays "NL"\n  holidays "NL"\n  closed 2026-12-31\n}\n'
        "sla s {\n  resolution within 1h30m\n  when (customer.a == 1 and customer.b == 2) and customer.c == 3\n}\n"
    )
    assert a == b
    assert a.slas[0].when == All(
        (FieldCmp(("customer", "a"), "==", 1), FieldCmp(("customer", "b"), "==", 2), FieldCmp(("customer", "c"), "==", 3))
    )


def test_conditions_lower_by_their_meaning() -> None:
    model = compiled(
        "priorities p1 > p2\n"
        "segment s1 when not not true or false or (customer.x != 1.5 or ticket.type not in [\"a\"])\n"
        "segment s2 when priority p1 or priority < p1 and status == \"open\"\n"
    )
    assert model.segments["s1"].when == Any_(
        (
            Not(Not(Const(True))),
            Const(False),
            FieldCmp(("customer", "x"), "!=", 1.5),
            FieldIn(("ticket", "type"), ("a",), negated=True),
        )
    )
    assert model.segments["s2"].when == Any_(
        (PriorityCmp("==", "p1"), All((PriorityCmp("<", "p1"), FieldCmp(("ticket", "status"), "==", "open"))))
    )


def test_ola_on_overrides_the_team_calendar_and_set_priority_action() -> None:
    model = compiled(
        "priorities hi > lo\n"
        'calendar c { timezone "UTC" hours mon 09:00-10:00 }\n'
        "team t { calendar c }\n"
        "ola a by t within 1h\nola b by t within 1h on always\n"
        "escalation bump { at 80% - 10m set priority hi and notify \"x@example.com\" }\n"
    )
    assert (model.olas["a"].calendar, model.olas["b"].calendar) == ("c", "always")
    assert model.teams["t"].agents is None
    step = model.chains["bump"].steps[0]
    assert (step.percent, step.offset_s) == (80.0, -600)
    assert step.actions == (Action("set_priority", "hi"), Action("notify", "x@example.com"))
    assert [a.canonical for a in step.actions] == ["set priority hi", "notify x@example.com"]
