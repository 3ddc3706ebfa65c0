"""Hypothesis strategies: random calendars, policies and tickets for the evaluator tests.

Calendars use the zones the brief names (with their 2026 DST switches), overnight ranges,
lunch breaks, holidays, closed and open dates; tickets use every event type, mixed
offsets, fractional seconds, shuffled files, pauses, reopens, priority and plan changes.
Every instant is on a whole minute so that the minute reference is exact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from slalang.model import (
    ALWAYS_CALENDAR,
    EVENTS,
    Action,
    All,
    Any_,
    Calendar,
    CalendarArm,
    CalendarByField,
    ConditionTrigger,
    DateHours,
    EscalationStep,
    EventTrigger,
    FieldCmp,
    FieldIn,
    HolidaySource,
    Measure,
    Metric,
    Not,
    OwnPause,
    PolicySet,
    PriorityCmp,
    Sla,
    WeeklyRange,
    ZonedCalendar,
)

ZONES = {
    # zone: (holiday country, subdivision, 2026 DST switches in UTC or a plain date)
    "Europe/Amsterdam": ("NL", None, ("2026-03-29T01:00:00", "2026-10-25T01:00:00")),
    "America/New_York": ("US", "NY", ("2026-03-08T07:00:00", "2026-11-01T06:00:00")),
    "Australia/Sydney": ("AU", "NSW", ("2026-04-04T16:00:00", "2026-10-03T16:00:00")),
    "Asia/Kathmandu": ("NP", None, ("2026-05-01T00:00:00", "2026-12-24T00:00:00")),
    "Asia/Kolkata": ("IN", None, ("2026-01-26T00:00:00", "2026-08-15T00:00:00")),
}
OFFSETS = [dt.timedelta(0), dt.timedelta(hours=1), dt.timedelta(hours=-5), dt.timedelta(hours=5, minutes=45),
           dt.timedelta(hours=10, minutes=30), dt.timedelta(hours=-9, minutes=-30)]
PRIORITIES = ("urgent", "high", "normal", "low")
STATUSES = ("new", "open", "waiting", "on_hold", "solved", "closed")
PLANS = ("pro", "free", "trial")
MINUTE = 60


@st.composite
def weekly_hours(draw) -> tuple[WeeklyRange, ...]:
    ranges = []
    for _ in range(draw(st.integers(1, 3))):
        days = draw(st.sets(st.integers(0, 6), min_size=1, max_size=7))
        start = draw(st.integers(0, 95)) * 15
        length = draw(st.integers(2, 40)) * 15
        if draw(st.booleans()) and start + length <= 1440:  # a lunch break splits the range
            cut = start + length // 2
            ranges += [WeeklyRange(d, start, cut - 30) for d in days if cut - 30 > start]
            ranges += [WeeklyRange(d, cut, start + length) for d in days]
        else:  # may run past midnight (end > 1440)
            ranges += [WeeklyRange(d, start, min(start + length, 2880)) for d in days]
    ranges.append(WeeklyRange(draw(st.integers(0, 6)), 540, 1020))  # at least 8 open hours a week
    return tuple(ranges)


@st.composite
def calendars(draw, zone: str, around: dt.date) -> Calendar:
    country, subdivision, _ = ZONES[zone]
    holidays = (HolidaySource(country, subdivision),) if draw(st.booleans()) else ()
    closed, opened = [], []
    for _ in range(draw(st.integers(0, 2))):
        date = around + dt.timedelta(days=draw(st.integers(-1, 6)))
        if draw(st.booleans()):
            closed.append(DateHours(date, ()))
        else:
            start = draw(st.integers(0, 46)) * 30
            closed.append(DateHours(date, ((start, min(1440, start + draw(st.integers(1, 12)) * 30)),)))
    for _ in range(draw(st.integers(0, 1))):
        date = around + dt.timedelta(days=draw(st.integers(-1, 6)))
        start = draw(st.integers(0, 40)) * 30
        opened.append(DateHours(date, ((start, min(1440, start + draw(st.integers(1, 16)) * 30)),)))
    return Calendar(
        name="cal", title=None, timezone=zone, hours=draw(weekly_hours()), holidays=holidays,
        closed=tuple(sorted(closed, key=lambda d: d.date)), open=tuple(opened),
    )


@st.composite
def steps(draw) -> tuple[EscalationStep, ...]:
    out = []
    for _ in range(draw(st.integers(0, 3))):
        percent = draw(st.sampled_from([25.0, 50.0, 75.0, 100.0, 33.3, 120.0, 99.9]))
        offset = draw(st.sampled_from([0, 0, 300, -300, -1800, 3600]))
        action = draw(st.sampled_from([Action("notify", "assignee"), Action("reassign", "escalations"),
                                       Action("set_priority", "urgent"), Action("notify", "team.lead")]))
        out.append(EscalationStep(percent, offset, (action,)))
    return tuple(out)


@st.composite
def metrics(draw) -> tuple[Metric, ...]:
    kinds = draw(st.sets(st.sampled_from(["first_response", "next_response", "resolution"]), min_size=1))
    out = []
    for kind in ("first_response", "next_response", "resolution"):
        if kind in kinds:
            out.append(Metric(kind, draw(st.integers(1, 48)) * 5 * MINUTE, escalation=draw(steps())))
    return tuple(out)


PAUSES = [
    None,
    FieldIn(("ticket", "status"), ("waiting", "on_hold")),
    Any_((FieldCmp(("ticket", "status"), "==", "waiting"), FieldCmp(("customer", "plan"), "==", "trial"))),
    All((FieldIn(("ticket", "status"), ("waiting",)), Not(PriorityCmp("==", "urgent")))),
]
WHENS = [
    PriorityCmp("==", "urgent"),
    Any_((FieldCmp(("customer", "plan"), "==", "pro"), PriorityCmp(">=", "high"))),
    FieldIn(("customer", "plan"), ("free", "trial")),
    PriorityCmp("<=", "normal"),
    None,
]


@st.composite
def policies(draw, zone: str, around: dt.date) -> PolicySet:
    calendar_list = [draw(calendars(zone, around)) for _ in range(draw(st.integers(1, 2)))]
    named = {f"cal{i}": Calendar(f"cal{i}", None, c.timezone, c.hours, c.holidays, c.closed, c.open)
             for i, c in enumerate(calendar_list)}
    named["always"] = ALWAYS_CALENDAR
    slas = []
    for index in range(draw(st.integers(1, 3))):
        when = draw(st.sampled_from(WHENS))
        slas.append(Sla(
            name=f"sla{index}", title=None, when=when, calendar=ZonedCalendar(draw(st.sampled_from(sorted(named)))),
            metrics=draw(metrics()), pause=draw(st.sampled_from(PAUSES)),
        ))
    return PolicySet(
        name=None, version=None, resolved_statuses=("solved", "closed"), priorities=PRIORITIES,
        calendars=named, segments={}, teams={}, olas={}, chains={}, slas=tuple(slas),
    )


def stamp(draw, epoch_s: int) -> str:
    offset = draw(st.sampled_from(OFFSETS))
    local = dt.datetime.fromtimestamp(epoch_s, dt.timezone(offset))
    text = local.strftime("%Y-%m-%dT%H:%M:%S")
    if draw(st.integers(0, 4)) == 0:
        text += f".{draw(st.integers(0, 999))}"
    return text + ("Z" if offset == dt.timedelta(0) and draw(st.booleans()) else local.strftime("%z")[:3] + ":" + local.strftime("%z")[3:])


@st.composite
def ticket_for(draw, created: int, number: int = 1, min_events: int = 0, max_events: int = 9) -> dict:
    t = created
    events = []
    for _ in range(draw(st.integers(min_events, max_events))):
        t += draw(st.sampled_from([0, 1, 5, 30, 90, 240, 600, 1440])) * MINUTE
        kind = draw(st.sampled_from(["agent_reply", "customer_reply", "status", "status", "field"]))
        event = {"at": stamp(draw, t), "type": kind}
        if kind == "status":
            event["status"] = draw(st.sampled_from(STATUSES))
        elif kind == "field":
            event["field"], event["value"] = draw(st.sampled_from(
                [("priority", p) for p in PRIORITIES] + [("customer.plan", p) for p in PLANS] + [("status", "solved")]
            ))
        events.append(event)
    if len(events) > 1 and draw(st.booleans()):
        events = draw(st.permutations(events))
    return {
        "id": f"R-{number}",
        "created_at": stamp(draw, created),
        "ticket": {"priority": draw(st.sampled_from(PRIORITIES)), "status": draw(st.sampled_from(STATUSES[:4] + ("solved",)))},
        "customer": {"plan": draw(st.sampled_from(PLANS))},
        "events": events,
    }


@st.composite
def cases(draw, max_tickets: int = 1, min_events: int = 0, max_events: int = 9):
    """``(policy, [tickets], now)``: tickets created within a few days of a DST switch, each
    with ``min_events`` to ``max_events`` events."""
    zone = draw(st.sampled_from(sorted(ZONES)))
    switch = dt.datetime.fromisoformat(draw(st.sampled_from(ZONES[zone][2]))).replace(tzinfo=dt.UTC)
    policy = draw(policies(zone, switch.astimezone(ZoneInfo(zone)).date()))
    base = int(switch.timestamp())
    tickets = []
    for number in range(1, draw(st.integers(1, max_tickets)) + 1):
        created = base + draw(st.integers(-3 * 1440, 2 * 1440)) * MINUTE
        tickets.append(draw(ticket_for(created, number, min_events, max_events)))
    first = min(int(dt.datetime.fromisoformat(t["created_at"].replace("Z", "+00:00")).timestamp()) for t in tickets)
    now = first - first % MINUTE + draw(st.integers(-60, 5 * 1440)) * MINUTE
    return policy, tickets, now


# --- the second wave: measures, a metric's own rules, calendars chosen from the ticket --------

CUSTOMER_ZONES = (
    "Australia/Lord_Howe", "Asia/Kathmandu", "America/St_Johns", "Pacific/Chatham", "Europe/Amsterdam",
    "US/Eastern", "Mars/Olympus", "", "localtime", "europe/amsterdam", 5, None,
)
REGIONS = ("emea", "amer", "apac", 1, "1", None)
GROUPS = ("tier1", "engineering", "billing")
TRIGGER_CONDITIONS = [
    FieldCmp(("ticket", "group"), "==", "engineering"),
    Not(FieldCmp(("ticket", "group"), "==", "engineering")),
    FieldIn(("ticket", "status"), ("waiting", "on_hold")),
    PriorityCmp("==", "urgent"),
    FieldCmp(("customer", "plan"), "==", "trial"),
]


def zoned(draw, names: list[str]) -> ZonedCalendar:
    name = draw(st.sampled_from(names))
    how = draw(st.integers(0, 3))
    if how == 1:
        return ZonedCalendar(name, zone_path=("customer", "timezone"))
    if how == 2:
        return ZonedCalendar(name, zone=draw(st.sampled_from(["Pacific/Chatham", "Australia/Lord_Howe", "America/St_Johns"])))
    return ZonedCalendar(name)


def choice(draw, names: list[str]):
    if draw(st.integers(0, 2)) == 0:
        arms = (CalendarArm("emea", zoned(draw, names)), CalendarArm(1, zoned(draw, names)))
        return CalendarByField(("customer", "region"), arms, zoned(draw, names))
    return zoned(draw, names)


def triggers(draw, events: list[str], at_least: int = 0) -> tuple:
    out = []
    for _ in range(draw(st.integers(at_least, 2))):
        if draw(st.integers(0, 2)):
            out.append(EventTrigger(draw(st.sampled_from(events))))
        else:
            out.append(ConditionTrigger(draw(st.sampled_from(TRIGGER_CONDITIONS))))
    return tuple(out)


def own_pause(draw):
    which = draw(st.integers(0, 3))
    if which == 0:
        return OwnPause(None)  # pause never
    if which == 1:
        return OwnPause(draw(st.sampled_from(PAUSES[1:] + TRIGGER_CONDITIONS[:2])))
    return None


@st.composite
def measures(draw, names: list[str]) -> tuple[Measure, ...]:
    out = []
    for index in range(draw(st.integers(0, 2))):
        cycles = draw(st.booleans())
        starts = triggers(draw, list(EVENTS)) or (EventTrigger("created"),)
        stops = triggers(draw, ["agent_reply", "customer_reply", "resolved", "reopened"]) or (EventTrigger("resolved"),)
        resumes = () if cycles else triggers(draw, ["reopened", "customer_reply", "agent_reply"], at_least=1)
        out.append(Measure(
            name=f"m{index}", title=None, target_s=draw(st.integers(1, 48)) * 5 * MINUTE, starts=starts, stops=stops,
            resumes=resumes, pause=own_pause(draw), cycles=cycles,
            calendar=choice(draw, names) if draw(st.booleans()) else None, escalation=draw(steps()),
        ))
    return tuple(out)


@st.composite
def rich_policies(draw, zone: str, around: dt.date) -> PolicySet:
    """Policies with measures, metrics with their own calendar and pause rule, and calendars
    chosen by field or read in the customer's zone."""
    base = draw(policies(zone, around))
    names = sorted(base.calendars)
    slas = []
    for sla in base.slas:
        metrics_ = tuple(
            replace(m, calendar=choice(draw, names) if draw(st.integers(0, 3)) == 0 else None, pause=own_pause(draw))
            for m in sla.metrics
        )
        slas.append(replace(sla, calendar=choice(draw, names), metrics=metrics_, measures=draw(measures(names))))
    return replace(base, slas=tuple(slas))


@st.composite
def rich_ticket_for(draw, created: int, number: int = 1) -> dict:
    raw = draw(ticket_for(created, number))
    customer = raw["customer"]
    for key, values in (("timezone", CUSTOMER_ZONES), ("region", REGIONS)):
        value = draw(st.sampled_from(values))
        if value is not None:
            customer[key] = value
    if draw(st.booleans()):
        raw["ticket"]["group"] = draw(st.sampled_from(GROUPS))
    t = created
    extra = []
    for _ in range(draw(st.integers(0, 4))):
        t += draw(st.sampled_from([0, 0, 30, 240, 1440])) * MINUTE
        field, value = draw(st.sampled_from(
            [("group", g) for g in GROUPS] + [("customer.region", r) for r in REGIONS if r is not None]
            + [("customer.timezone", zz) for zz in CUSTOMER_ZONES[:4]]
        ))
        extra.append({"at": stamp(draw, t), "type": "field", "field": field, "value": value})
    raw["events"] = raw["events"] + extra
    return raw


@st.composite
def rich_cases(draw):
    """``(policy, [ticket], now)`` with the second wave's constructs."""
    zone = draw(st.sampled_from(sorted(ZONES)))
    switch = dt.datetime.fromisoformat(draw(st.sampled_from(ZONES[zone][2]))).replace(tzinfo=dt.UTC)
    policy = draw(rich_policies(zone, switch.astimezone(ZoneInfo(zone)).date()))
    created = int(switch.timestamp()) + draw(st.integers(-3 * 1440, 2 * 1440)) * MINUTE
    raw = draw(rich_ticket_for(created))
    now = created + draw(st.integers(-60, 5 * 1440)) * MINUTE
    return policy, [raw], now
