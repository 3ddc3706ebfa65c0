"""Periods exact in the declared zone: local midnight boundaries, DST, month lengths, ISO weeks
with ISO years, quarters and years (credits.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slalang.credits.periods import Periods, period_label
from slalang.evaluation import format_utc, parse_rfc3339
from slalang.model import Period

ODD_ZONES = (
    "UTC", "Europe/Amsterdam", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu",
    "America/St_Johns", "Pacific/Chatham", "America/Asuncion", "America/Sao_Paulo", "Pacific/Apia",
)


def periods(unit: str, zone: str = "UTC") -> Periods:
    return Periods(Period(unit, zone))


def label_at(unit: str, zone: str, instant: str) -> str:
    p = periods(unit, zone)
    return p.label(p.containing(parse_rfc3339(instant)))


def bounds(unit: str, zone: str, instant: str) -> tuple[str, str]:
    p = periods(unit, zone)
    low, high = p.bounds(p.containing(parse_rfc3339(instant)))
    return format_utc(low), format_utc(high)


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (dt.date(2027, 1, 1), "2026-W53"),  # a Friday: ISO week-numbering year 2026
        (dt.date(2026, 12, 28), "2026-W53"),
        (dt.date(2027, 1, 4), "2027-W01"),
        (dt.date(2024, 12, 30), "2025-W01"),  # a Monday of December in ISO year 2025
        (dt.date(2021, 1, 3), "2020-W53"),
        (dt.date(2026, 11, 23), "2026-W48"),
    ],
)
def test_weeks_are_named_by_iso_year_and_week(day: dt.date, label: str) -> None:
    p = periods("week")
    first = p.first_day(day)
    assert first.weekday() == 0 and first <= day < first + dt.timedelta(days=7)
    assert p.label(first) == label


def test_months_quarters_and_years_are_named_as_credits_md_writes_them() -> None:
    assert period_label("month", dt.date(2026, 11, 1)) == "2026-11"
    assert period_label("quarter", dt.date(2026, 10, 1)) == "2026-Q4"
    assert period_label("quarter", dt.date(2026, 1, 1)) == "2026-Q1"
    assert period_label("year", dt.date(2026, 1, 1)) == "2026"
    assert label_at("quarter", "UTC", "2026-06-30T23:59:59Z") == "2026-Q2"
    assert label_at("quarter", "UTC", "2026-07-01T00:00:00Z") == "2026-Q3"


def test_a_month_starts_at_local_midnight_in_its_zone() -> None:
    # 2026-11-01 00:00 in Amsterdam (CET, +01:00) is 2026-10-31T23:00Z
    assert bounds("month", "Europe/Amsterdam", "2026-11-15T12:00:00Z") == ("2026-10-31T23:00:00Z", "2026-11-30T23:00:00Z")
    assert label_at("month", "Europe/Amsterdam", "2026-10-31T23:00:00Z") == "2026-11"
    assert label_at("month", "Europe/Amsterdam", "2026-10-31T22:59:59Z") == "2026-10"
    # the same instant is still October in UTC
    assert label_at("month", "UTC", "2026-10-31T23:30:00Z") == "2026-10"


def test_a_month_with_a_dst_switch_is_an_hour_short_or_long() -> None:
    low, high = periods("month", "Europe/Amsterdam").bounds(dt.date(2026, 3, 1))
    assert high - low == 31 * 86400 - 3600  # spring forward on 2026-03-29
    low, high = periods("month", "Europe/Amsterdam").bounds(dt.date(2026, 10, 1))
    assert high - low == 31 * 86400 + 3600  # fall back on 2026-10-25
    low, high = periods("month", "Australia/Lord_Howe").bounds(dt.date(2026, 4, 1))
    assert high - low == 30 * 86400 + 1800  # Lord Howe falls back half an hour on 2026-04-05


def test_month_lengths_and_leap_years() -> None:
    assert [periods("month").bounds(dt.date(2028, m, 1)) for m in (2,)] == [
        (parse_rfc3339("2028-02-01T00:00:00Z"), parse_rfc3339("2028-03-01T00:00:00Z"))
    ]
    low, high = periods("month").bounds(dt.date(2026, 2, 1))
    assert high - low == 28 * 86400
    low, high = periods("year").bounds(dt.date(2028, 1, 1))
    assert high - low == 366 * 86400


def test_a_week_starts_on_monday_at_local_midnight() -> None:
    # Monday 2026-11-02 00:00 in New York (EST, -05:00): the day after the fall back
    assert bounds("week", "America/New_York", "2026-11-04T12:00:00Z") == ("2026-11-02T05:00:00Z", "2026-11-09T05:00:00Z")
    # the week holding the fall back is 7 days and an hour
    low, high = periods("week", "America/New_York").bounds(dt.date(2026, 10, 26))
    assert high - low == 7 * 86400 + 3600


def test_a_midnight_that_does_not_exist_starts_the_period_when_the_gap_ends() -> None:
    # America/Asuncion sprang forward at 00:00 on 2023-10-01: the clock went from 23:59:59 to 01:00
    assert bounds("month", "America/Asuncion", "2023-10-10T00:00:00Z")[0] == "2023-10-01T04:00:00Z"
    assert label_at("month", "America/Asuncion", "2023-10-01T03:59:59Z") == "2023-09"
    assert label_at("quarter", "America/Asuncion", "2023-10-01T04:00:00Z") == "2023-Q4"


def test_the_period_between_two_instants_in_order() -> None:
    p = periods("quarter", "Asia/Kathmandu")
    first, last = p.containing(parse_rfc3339("2026-02-01T00:00:00Z")), p.containing(parse_rfc3339("2026-11-01T00:00:00Z"))
    assert [p.label(d) for d in p.between(first, last)] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]


@settings(max_examples=150, deadline=None)
@given(
    zone=st.sampled_from(ODD_ZONES),
    unit=st.sampled_from(("week", "month", "quarter", "year")),
    instant=st.integers(min_value=parse_rfc3339("1990-01-01T00:00:00Z"), max_value=parse_rfc3339("2040-01-01T00:00:00Z")),
)
def test_every_instant_lies_in_exactly_one_period_and_periods_tile(zone: str, unit: str, instant: int) -> None:
    p = periods(unit, zone)
    first = p.containing(instant)
    low, high = p.bounds(first)
    assert low <= instant < high
    assert p.first_day(first) == first
    following = p.following(first)
    assert p.bounds(following)[0] == high and p.previous(following) == first
    assert p.containing(high) == following and p.containing(low) == first
    assert p.containing(low - 1) == p.previous(first)
