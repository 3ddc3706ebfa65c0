"""One test per calendar rule of language.md and per DST decision (see slalang/timeline/wallclock.py)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from slalang.model import (
    ALWAYS_CALENDAR,
    Calendar,
    DateHours,
    HolidaySource,
    WeeklyRange,
)
from slalang.timeline import timeline_for

HOUR = 3600
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def utc(*parts: int) -> int:
    return int(dt.datetime(*parts, tzinfo=dt.UTC).timestamp())


def local(zone: str, *parts: int, fold: int = 0) -> int:
    return int(dt.datetime(*parts, tzinfo=ZoneInfo(zone), fold=fold).timestamp())


def calendar(
    zone: str = "Europe/Amsterdam", hours=(), holidays=(), closed=(), opened=()
) -> Calendar:
    return Calendar(
        name="c",
        title=None,
        timezone=zone,
        hours=tuple(hours),
        holidays=tuple(holidays),
        closed=tuple(closed),
        open=tuple(opened),
    )


def weekdays(start_min: int, end_min: int, days=range(5)) -> list[WeeklyRange]:
    return [WeeklyRange(day, start_min, end_min) for day in days]


NL = HolidaySource("NL", None)
AMS = "Europe/Amsterdam"
OFFICE = calendar(hours=weekdays(9 * 60, 17 * 60), holidays=[NL])


# --- precedence: open range > holiday / closed day > closed range > weekly hours -----------


def test_weekly_hours_decide_on_a_plain_date():
    timeline = timeline_for(OFFICE)
    assert timeline.open_intervals(local(AMS, 2026, 6, 1), local(AMS, 2026, 6, 2)) == [
        (local(AMS, 2026, 6, 1, 9), local(AMS, 2026, 6, 1, 17))
    ]
    assert not timeline.is_open(local(AMS, 2026, 6, 6, 12))  # a Saturday


def test_a_holiday_closes_the_weekly_hours():
    # 2026-04-27, a Monday, is King's Day in NL.
    timeline = timeline_for(OFFICE)
    assert timeline.open_seconds(local(AMS, 2026, 4, 27), local(AMS, 2026, 4, 28)) == 0
    assert timeline.open_seconds(local(AMS, 2026, 4, 28), local(AMS, 2026, 4, 29)) == 8 * HOUR


def test_an_open_range_beats_a_holiday_and_a_closed_day():
    cal = calendar(
        hours=weekdays(540, 1020),
        holidays=[NL],
        closed=[DateHours(dt.date(2026, 6, 2), ())],
        opened=[
            DateHours(dt.date(2026, 4, 27), ((600, 720),)),
            DateHours(dt.date(2026, 6, 2), ((480, 540),)),
        ],
    )
    timeline = timeline_for(cal)
    assert timeline.open_intervals(local(AMS, 2026, 4, 27), local(AMS, 2026, 4, 28)) == [
        (local(AMS, 2026, 4, 27, 10), local(AMS, 2026, 4, 27, 12))
    ]
    assert timeline.open_intervals(local(AMS, 2026, 6, 2), local(AMS, 2026, 6, 3)) == [
        (local(AMS, 2026, 6, 2, 8), local(AMS, 2026, 6, 2, 9))
    ]


def test_an_open_range_beats_a_closed_range_and_adds_to_the_hours():
    cal = calendar(
        hours=weekdays(540, 1020),
        closed=[DateHours(dt.date(2026, 6, 3), ((600, 900),))],
        opened=[DateHours(dt.date(2026, 6, 3), ((840, 1140),))],
    )
    # 09-17 minus 10-15 plus 14-19 = 09-10 and 14-19
    assert timeline_for(cal).open_intervals(local(AMS, 2026, 6, 3), local(AMS, 2026, 6, 4)) == [
        (local(AMS, 2026, 6, 3, 9), local(AMS, 2026, 6, 3, 10)),
        (local(AMS, 2026, 6, 3, 14), local(AMS, 2026, 6, 3, 19)),
    ]


def test_a_closed_range_carves_the_hours_and_24_00_ends_the_day():
    cal = calendar(
        hours=weekdays(540, 1020), closed=[DateHours(dt.date(2026, 12, 24), ((780, 1440),))]
    )
    timeline = timeline_for(cal)
    assert timeline.open_seconds(local(AMS, 2026, 12, 24), local(AMS, 2026, 12, 25)) == 4 * HOUR
    assert not timeline.is_open(local(AMS, 2026, 12, 24, 13))
    assert timeline.is_open(local(AMS, 2026, 12, 24, 12, 59))


def test_an_open_line_without_ranges_opens_the_whole_day():
    cal = calendar(opened=[DateHours(dt.date(2026, 6, 6), ())])
    timeline = timeline_for(cal)
    assert timeline.open_intervals(local(AMS, 2026, 6, 1), local(AMS, 2026, 6, 10)) == [
        (local(AMS, 2026, 6, 6), local(AMS, 2026, 6, 7))
    ]


def test_24_00_end_and_next_day_midnight_start_are_one_stretch():
    cal = calendar(hours=[WeeklyRange(FRI, 20 * 60, 1440), WeeklyRange(SAT, 0, 120)])
    timeline = timeline_for(cal)
    start, end = local(AMS, 2026, 6, 5, 20), local(AMS, 2026, 6, 6, 2)
    assert timeline.open_intervals(start - HOUR, end + HOUR) == [(start, end)]
    assert timeline.edges(start - HOUR, end + HOUR) == [start, end]
    assert timeline.is_open(local(AMS, 2026, 6, 6))


# --- overnight ranges -----------------------------------------------------------------------


def test_an_overnight_range_spills_into_the_next_date():
    cal = calendar(hours=[WeeklyRange(MON, 22 * 60, 30 * 60)])
    timeline = timeline_for(cal)
    assert timeline.open_intervals(local(AMS, 2026, 6, 1), local(AMS, 2026, 6, 3)) == [
        (local(AMS, 2026, 6, 1, 22), local(AMS, 2026, 6, 2, 6))
    ]


def test_the_spilled_part_belongs_to_the_next_date_for_holidays_and_closed():
    # Sunday 2026-04-26 22:00-06:00 spills onto Monday 2026-04-27, King's Day.
    cal = calendar(hours=[WeeklyRange(SUN, 22 * 60, 30 * 60)], holidays=[NL])
    timeline = timeline_for(cal)
    assert timeline.open_intervals(local(AMS, 2026, 4, 26), local(AMS, 2026, 4, 28)) == [
        (local(AMS, 2026, 4, 26, 22), local(AMS, 2026, 4, 27))
    ]
    # A holiday's own overnight range still opens the next (ordinary) date's small hours.
    # 2026-12-26 (Saturday, a holiday) 22:00 -> Sunday 2026-12-27 06:00.
    cal = calendar(hours=[WeeklyRange(SAT, 22 * 60, 30 * 60)], holidays=[NL])
    assert timeline_for(cal).open_intervals(local(AMS, 2026, 12, 26), local(AMS, 2026, 12, 28)) == [
        (local(AMS, 2026, 12, 27), local(AMS, 2026, 12, 27, 6))
    ]
    # A whole-day closed date closes the spill that lands on it, and an open range reopens part of it.
    cal = calendar(
        hours=[WeeklyRange(MON, 22 * 60, 30 * 60)],
        closed=[DateHours(dt.date(2026, 6, 2), ())],
        opened=[DateHours(dt.date(2026, 6, 2), ((240, 300),))],
    )
    assert timeline_for(cal).open_intervals(local(AMS, 2026, 6, 1), local(AMS, 2026, 6, 3)) == [
        (local(AMS, 2026, 6, 1, 22), local(AMS, 2026, 6, 2)),
        (local(AMS, 2026, 6, 2, 4), local(AMS, 2026, 6, 2, 5)),
    ]


def test_public_holidays_of_a_subdivision():
    # 2026-02-12, Lincoln's Birthday, is a holiday in New York state but not federally.
    ny = "America/New_York"
    state = timeline_for(calendar(ny, weekdays(540, 1020), [HolidaySource("US", "NY")]))
    federal = timeline_for(calendar(ny, weekdays(540, 1020), [HolidaySource("US", None)]))
    day = (local(ny, 2026, 2, 12), local(ny, 2026, 2, 13))
    assert state.open_seconds(*day) == 0
    assert federal.open_seconds(*day) == 8 * HOUR


# --- DST: a local time is the first instant the clock shows it or later --------------------


def test_a_dst_day_counts_its_real_length():
    around_the_clock = calendar(hours=weekdays(0, 1440, range(7)))
    timeline = timeline_for(around_the_clock)
    assert timeline.open_seconds(local(AMS, 2026, 3, 29), local(AMS, 2026, 3, 30)) == 23 * HOUR
    assert timeline.open_seconds(local(AMS, 2026, 10, 25), local(AMS, 2026, 10, 26)) == 25 * HOUR
    assert timeline.edges(utc(2026, 1, 1), utc(2027, 1, 1)) == []


def test_an_opening_in_the_spring_forward_gap_opens_when_the_gap_ends():
    # Amsterdam 2026-03-29: 02:00 CET jumps to 03:00 CEST at 01:00 UTC.
    timeline = timeline_for(calendar(hours=[WeeklyRange(SUN, 150, 240)]))
    assert timeline.open_intervals(utc(2026, 3, 28), utc(2026, 3, 30)) == [
        (utc(2026, 3, 29, 1), utc(2026, 3, 29, 2))
    ]
    assert timeline.advance(utc(2026, 3, 28, 12), 1) == utc(2026, 3, 29, 1) + 1


def test_a_range_inside_the_gap_is_empty_and_one_across_it_is_shorter():
    inside = timeline_for(calendar(hours=[WeeklyRange(SUN, 130, 170)]))
    assert inside.open_intervals(utc(2026, 3, 28), utc(2026, 3, 30)) == []
    across = timeline_for(calendar(hours=[WeeklyRange(SUN, 60, 240)]))
    assert across.open_seconds(utc(2026, 3, 28), utc(2026, 3, 30)) == 2 * HOUR
    # An overnight range that ends inside the gap ends when the gap ends.
    overnight = timeline_for(calendar(hours=[WeeklyRange(SAT, 1380, 1440 + 150)]))
    assert overnight.open_intervals(utc(2026, 3, 28), utc(2026, 3, 30)) == [
        (utc(2026, 3, 28, 22), utc(2026, 3, 29, 1))
    ]


def test_an_ambiguous_time_means_its_first_occurrence():
    # Amsterdam 2026-10-25: 03:00 CEST falls back to 02:00 CET at 01:00 UTC; 02:xx happens twice.
    timeline = timeline_for(calendar(hours=[WeeklyRange(SUN, 120, 150)]))
    assert timeline.open_intervals(utc(2026, 10, 24), utc(2026, 10, 26)) == [
        (utc(2026, 10, 25, 0), utc(2026, 10, 25, 0, 30))
    ]
    second_occurrence = local(AMS, 2026, 10, 25, 2, 15, fold=1)
    assert second_occurrence == utc(2026, 10, 25, 1, 15)
    assert not timeline.is_open(second_occurrence)


def test_a_range_across_the_fall_back_covers_every_real_instant_between_its_ends():
    across = timeline_for(calendar(hours=[WeeklyRange(SUN, 60, 240)]))
    assert across.open_seconds(utc(2026, 10, 24), utc(2026, 10, 26)) == 4 * HOUR
    # Ending at an ambiguous time ends at its first occurrence; starting at one starts there
    # and runs through the repeated hour.
    ends_inside = timeline_for(calendar(hours=[WeeklyRange(SUN, 0, 150)]))
    assert ends_inside.open_intervals(utc(2026, 10, 24), utc(2026, 10, 26)) == [
        (utc(2026, 10, 24, 22), utc(2026, 10, 25, 0, 30))
    ]
    starts_inside = timeline_for(calendar(hours=[WeeklyRange(SUN, 150, 200)]))
    assert starts_inside.open_intervals(utc(2026, 10, 24), utc(2026, 10, 26)) == [
        (utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 2, 20))
    ]


def test_southern_hemisphere_dst():
    # Sydney: 2026-04-05 03:00 AEDT -> 02:00 AEST (UTC+11 -> +10); 2026-10-04 02:00 -> 03:00.
    syd = "Australia/Sydney"
    timeline = timeline_for(calendar(syd, weekdays(0, 1440, range(7))))
    assert timeline.open_seconds(local(syd, 2026, 4, 5), local(syd, 2026, 4, 6)) == 25 * HOUR
    assert timeline.open_seconds(local(syd, 2026, 10, 4), local(syd, 2026, 10, 5)) == 23 * HOUR
    office = timeline_for(calendar(syd, weekdays(540, 1020)))
    # Monday 09:00-17:00 is 23:00-07:00 UTC in July (AEST) and 22:00-06:00 UTC in January (AEDT).
    assert office.open_intervals(utc(2026, 7, 5, 12), utc(2026, 7, 6, 12)) == [
        (utc(2026, 7, 5, 23), utc(2026, 7, 6, 7))
    ]
    assert office.open_intervals(utc(2026, 1, 4, 12), utc(2026, 1, 5, 12)) == [
        (utc(2026, 1, 4, 22), utc(2026, 1, 5, 6))
    ]


def test_odd_offsets():
    # Kathmandu is UTC+05:45, Kolkata UTC+05:30, all year.
    for zone, offset_min in (("Asia/Kathmandu", 345), ("Asia/Kolkata", 330)):
        timeline = timeline_for(calendar(zone, weekdays(540, 1020)))
        opening = utc(2026, 7, 6, 9) - offset_min * 60
        assert timeline.open_intervals(utc(2026, 7, 5, 12), utc(2026, 7, 6, 12)) == [
            (opening, opening + 8 * HOUR)
        ]


# --- deadlines ------------------------------------------------------------------------------


def test_a_deadline_on_a_closing_instant_is_that_instant():
    timeline = timeline_for(OFFICE)
    monday_9 = local(AMS, 2026, 6, 1, 9)
    assert timeline.advance(monday_9, 8 * HOUR) == local(AMS, 2026, 6, 1, 17)
    assert timeline.advance(monday_9, 8 * HOUR + 1) == local(AMS, 2026, 6, 2, 9) + 1


def test_a_start_outside_hours_waits_for_the_next_opening():
    timeline = timeline_for(OFFICE)
    friday_evening = local(AMS, 2026, 6, 5, 18, 30)
    assert timeline.advance(friday_evening, 0) == friday_evening
    assert timeline.next_open(friday_evening) == local(AMS, 2026, 6, 8, 9)
    assert timeline.advance(friday_evening, 30 * 60) == local(AMS, 2026, 6, 8, 9, 30)
    assert timeline.next_open(local(AMS, 2026, 6, 8, 10)) == local(AMS, 2026, 6, 8, 10)


def test_pauses_stop_the_clock():
    timeline = timeline_for(OFFICE)
    start = local(AMS, 2026, 6, 1, 9)
    pause = (local(AMS, 2026, 6, 1, 10), local(AMS, 2026, 6, 1, 16))
    assert timeline.open_seconds(start, local(AMS, 2026, 6, 1, 17), [pause]) == 2 * HOUR
    assert timeline.advance(start, 2 * HOUR, [pause]) == local(AMS, 2026, 6, 1, 17)
    assert timeline.advance(start, 3 * HOUR, [pause]) == local(AMS, 2026, 6, 2, 10)
    # A pause that began before the start and a deadline inside the first stretch.
    assert timeline.advance(start, HOUR, [(start - HOUR, start + 60)]) == start + HOUR + 60
    assert timeline.advance(start, HOUR, [pause]) == start + HOUR


def test_the_always_calendar_counts_wall_seconds():
    timeline = timeline_for(ALWAYS_CALENDAR)
    start = utc(2026, 3, 29, 0, 30)
    assert timeline.advance(start, 86400) == start + 86400
    assert timeline.open_seconds(utc(2020, 1, 1), utc(2030, 1, 1)) == utc(2030, 1, 1) - utc(
        2020, 1, 1
    )
    assert timeline.advance(utc(2026, 12, 31, 23), 7 * 86400) == utc(2027, 1, 7, 23)


def test_a_calendar_without_open_time_gives_no_deadline_quickly():
    never = timeline_for(calendar(hours=[]))
    assert never.advance(utc(2026, 1, 1), 60) is None
    assert never.next_open(utc(2026, 1, 1)) is None
    once = timeline_for(calendar(opened=[DateHours(dt.date(2026, 7, 1), ((600, 660),))]))
    assert once.advance(utc(2026, 1, 1), HOUR) == local(AMS, 2026, 7, 1, 11)
    assert once.advance(utc(2026, 1, 1), HOUR + 1) is None
    assert once.advance(utc(2026, 7, 2), 1) is None


def test_a_long_target_extends_the_timeline_as_far_as_needed():
    timeline = timeline_for(OFFICE)
    start = local(AMS, 2026, 6, 1, 9)
    target = 3000 * HOUR  # about 1.5 years of office hours
    deadline = timeline.advance(start, target)
    assert deadline is not None and deadline > local(AMS, 2027, 9, 1)
    assert timeline.open_seconds(start, deadline) == target
    assert timeline.is_open(deadline - 1)


# --- bad input ------------------------------------------------------------------------------


def test_bad_input_is_a_clear_value_error():
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Olympus'"):
        timeline_for(calendar("Mars/Olympus"))
    with pytest.raises(ValueError, match="no public holidays are known for 'XX'"):
        timeline_for(calendar(holidays=[HolidaySource("XX", None)])).is_open(utc(2026, 1, 1))
    with pytest.raises(ValueError, match="must not be negative"):
        timeline_for(OFFICE).advance(utc(2026, 1, 1), -1)
    with pytest.raises(ValueError, match="sorted and disjoint"):
        timeline_for(OFFICE).open_seconds(
            0, utc(2026, 1, 1), [(utc(2025, 1, 2), utc(2025, 1, 3)), (0, 10)]
        )
