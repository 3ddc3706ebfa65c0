"""The model's own meanings: a calendar open around the clock is decided from its open time,
not from how its ``hours`` lines are written (issue 13)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slalang.compiler import compile_text
from slalang.model import MINUTES_PER_WEEK, Calendar, DateHours, HolidaySource, WeeklyRange
from slalang.timeline import timeline_for

DAY = 1440


def calendar(hours: str, *extra: str, zone: str = "Europe/Amsterdam") -> Calendar:
    lines = "\n".join(f"    {line}" for line in (f"hours {hours}",) + extra)
    result = compile_text(f'calendar c {{\n    timezone "{zone}"\n{lines}\n}}\n', "c.sla")
    assert result.ok, [d.message for d in result.diagnostics]
    return result.model.calendars["c"]


@pytest.mark.parametrize(
    "hours",
    [
        "mon-sun 00:00-24:00",
        "mon-sun 00:00-12:00, 12:00-24:00",
        "mon-sun 12:00-06:00, 06:00-12:00",  # overnight ranges that meet
        "mon-sun 00:00-13:00, 11:00-24:00",  # overlapping
        "mon-sun 00:00-06:00, 06:00-24:00",
    ],
)
def test_open_around_the_clock_however_the_week_is_split(hours: str) -> None:
    assert calendar(hours).is_always


def test_days_on_separate_lines_and_sunday_night_into_monday_are_open_around_the_clock() -> None:
    assert calendar("mon-fri 00:00-24:00", "hours sat,sun 00:00-24:00").is_always
    assert calendar("mon 06:00-24:00", "hours tue-sun 00:00-24:00", "hours sun 12:00-06:00").is_always


@pytest.mark.parametrize(
    ("hours", "extra"),
    [
        ("mon-sat 00:00-24:00", ()),  # no Sunday
        ("mon-sun 00:00-12:00, 12:01-24:00", ()),  # a minute's gap every day
        ("mon-sun 00:00-24:00", ('holidays "NL"',)),
        ("mon-sun 00:00-24:00", ("closed 2026-12-25",)),
        ("mon-sun 00:00-12:00, 12:00-24:00", ("closed 2026-12-24 13:00-24:00",)),
    ],
)
def test_not_open_around_the_clock(hours: str, extra: tuple[str, ...]) -> None:
    assert not calendar(hours, *extra).is_always


def test_an_extra_opening_does_not_stop_a_calendar_being_open_around_the_clock() -> None:
    assert calendar("mon-sun 00:00-24:00", "open 2026-12-27 10:00-14:00").is_always


def test_weekly_open_minutes_are_merged_and_wrap_into_monday() -> None:
    c = calendar("mon-fri 09:00-12:00, 12:00-17:30", "hours sun 22:00-02:00")
    assert c.weekly_open_minutes() == (
        (0, 120),
        (540, 1050),
        (DAY + 540, DAY + 1050),
        (2 * DAY + 540, 2 * DAY + 1050),
        (3 * DAY + 540, 3 * DAY + 1050),
        (4 * DAY + 540, 4 * DAY + 1050),
        (6 * DAY + 1320, MINUTES_PER_WEEK),
    )


# --- against the timeline: "open around the clock" is what the open intervals say ----------

ZONES = ("Europe/Amsterdam", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu")
SWITCHES = (dt.date(2026, 3, 29), dt.date(2026, 10, 25), dt.date(2026, 3, 8), dt.date(2026, 4, 5))


@st.composite
def split_weeks(draw) -> tuple[WeeklyRange, ...]:
    """Weekly ranges that cover the whole week, cut at random minutes (some ranges overnight),
    or, half the time, with one random piece left out."""
    cuts = sorted(set(draw(st.lists(st.integers(1, MINUTES_PER_WEEK - 1), min_size=1, max_size=12))))
    bounds = [0, *cuts, MINUTES_PER_WEEK]
    pieces = list(zip(bounds, bounds[1:], strict=False))
    if draw(st.booleans()):
        pieces.pop(draw(st.integers(0, len(pieces) - 1)))
    ranges = []
    for start, end in pieces:
        by_day = []  # the piece cut at each midnight: (day, start_min, end_min)
        while start < end:
            day, start_min = divmod(start, DAY)
            stop = min(end, (day + 1) * DAY)
            by_day.append((day, start_min, stop - day * DAY))
            start = stop
        joined: list[tuple[int, int, int]] = []
        for day, start_min, end_min in by_day:
            if joined and joined[-1][2] == DAY and end_min < joined[-1][1] and draw(st.booleans()):
                joined[-1] = (joined[-1][0], joined[-1][1], DAY + end_min)  # written as overnight
            else:
                joined.append((day, start_min, end_min))
        ranges += [WeeklyRange(day, start_min, end_min) for day, start_min, end_min in joined]
    return tuple(ranges)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(split_weeks(), st.sampled_from(ZONES), st.sampled_from(SWITCHES))
def test_is_always_agrees_with_the_open_intervals_across_dst_switches(hours, zone, switch) -> None:
    c = Calendar("c", None, zone, hours)
    start = int(dt.datetime.combine(switch - dt.timedelta(days=9), dt.time(), dt.UTC).timestamp())
    end = start + 18 * 86400
    open_everywhere = timeline_for(c).open_seconds(start, end) == end - start
    assert c.is_always == open_everywhere


def test_holidays_and_closed_dates_count_as_exceptions_even_in_an_open_week() -> None:
    week = tuple(WeeklyRange(d, 0, DAY) for d in range(7))
    assert Calendar("c", None, "UTC", week).is_always
    assert not Calendar("c", None, "UTC", week, holidays=(HolidaySource("NL", None),)).is_always
    assert not Calendar("c", None, "UTC", week, closed=(DateHours(dt.date(2026, 1, 1), ()),)).is_always
