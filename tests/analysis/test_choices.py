"""The calendars the analysis considers for a calendar chosen from the ticket are exactly the
ones evaluation chooses: for any ticket, at most one option's condition holds, and then its
calendar (and zone) is the one ``chosen_calendar`` picks; when none holds, the ticket names
another zone (the analysis reads ``NAME in PATH`` in the calendar's own zone, and leaves
such tickets out)."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from slalang.analysis.choices import calendar_options
from slalang.analysis.conditions.domain import literal_key
from slalang.conditions import chosen_calendar, holds
from slalang.model import (
    ALWAYS_CALENDAR,
    Calendar,
    CalendarArm,
    CalendarByField,
    PolicySet,
    WeeklyRange,
    ZonedCalendar,
)

OFFICE = Calendar("office", None, "Europe/Amsterdam", tuple(WeeklyRange(d, 540, 1020) for d in range(5)))
POLICY = PolicySet(
    name=None,
    version=None,
    resolved_statuses=("solved", "closed"),
    priorities=(),
    calendars={"always": ALWAYS_CALENDAR, "office": OFFICE},
    segments={},
    teams={},
    olas={},
    chains={},
    slas=(),
)
REGION = ("customer", "region")
ZONE = ("customer", "timezone")
LITERALS = ("emea", "amer", "", 1, 2.0, True, False)
VALUES = (*LITERALS, "apac", 1.0, 0, None, ["emea"], {"a": 1})
ZONE_VALUES = ("Europe/Amsterdam", "UTC", "Asia/Tokyo", "US/Eastern", "Not/AZone", "", 3, None, ["UTC"])

zoned = st.one_of(
    st.sampled_from(["office", "always"]).map(ZonedCalendar),
    st.just(ZonedCalendar("office", zone_path=ZONE)),
    st.just(ZonedCalendar("always", zone_path=ZONE)),
    st.just(ZonedCalendar("office", zone="Asia/Tokyo")),
)


@st.composite
def calendar_choices(draw):
    if draw(st.booleans()):
        return draw(zoned)
    values = draw(st.lists(st.sampled_from(LITERALS), min_size=1, max_size=4, unique_by=literal_key))
    arms = tuple(CalendarArm(value, draw(zoned)) for value in values)
    return CalendarByField(REGION, arms, draw(zoned))


def ticket(rng: random.Random) -> dict:
    customer = {}
    for path, values in ((REGION, VALUES), (ZONE, ZONE_VALUES)):
        value = rng.choice(values)
        if value is not None:
            customer[path[1]] = value
    return {"ticket": {}, "customer": customer}


@settings(max_examples=150, deadline=None)
@given(calendar_choices(), st.randoms(use_true_random=False))
def test_options_choose_what_evaluation_chooses(choice, rng) -> None:
    options = calendar_options(POLICY, choice)
    for _ in range(30):
        attrs = ticket(rng)
        chosen = chosen_calendar(POLICY, choice, attrs)
        holding = [o for o in options if o.condition is None or holds(o.condition, attrs, POLICY)]
        assert len(holding) <= 1, (choice, attrs)
        if holding:
            assert holding[0].calendar == chosen, (choice, attrs)
        else:  # only a ticket whose field names another zone (valid or not) falls outside
            named = attrs["customer"].get("timezone")
            assert isinstance(named, str) and named != POLICY.calendars[chosen.name].timezone, (choice, attrs)


def test_options_name_the_arm_and_the_own_zone() -> None:
    choice = CalendarByField(
        REGION,
        (CalendarArm("emea", ZonedCalendar("office")), CalendarArm(2, ZonedCalendar("always"))),
        ZonedCalendar("office", zone_path=ZONE),
    )
    notes = [(o.written, o.note) for o in calendar_options(POLICY, choice)]
    assert notes == [
        ("office", 'arm `"emea"` of `calendar by customer.region`'),
        ("always", "arm `2` of `calendar by customer.region`"),
        (
            "office in customer.timezone",
            "arm `else` of `calendar by customer.region`; analysed in `office`'s own zone "
            "Europe/Amsterdam, not the zone `customer.timezone` names",
        ),
    ]
    (fixed,) = calendar_options(POLICY, ZonedCalendar("office", zone="Asia/Tokyo"))
    assert (fixed.calendar.timezone, fixed.condition, fixed.note) == ("Asia/Tokyo", None, "")
