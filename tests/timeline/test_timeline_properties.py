"""Property tests: the interval engine agrees with the stepping reference.

Random calendars in five zones (two northern DST zones, a southern one, two with odd
offsets and no DST), with overnight ranges, several ranges a day, public holidays,
``closed`` and ``open`` dates, over windows around 2026's DST switches.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from itertools import pairwise
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slalang.model import Calendar, DateHours, HolidaySource, WeeklyRange
from slalang.timeline import NO_DEADLINE, timeline_for

from .timeline_reference import Reference, SteppedWindow

ZONES = {
    # zone: (holiday country, subdivision, 2026 dates with a DST switch)
    "Europe/Amsterdam": ("NL", None, (dt.date(2026, 3, 29), dt.date(2026, 10, 25))),
    "America/New_York": ("US", "NY", (dt.date(2026, 3, 8), dt.date(2026, 11, 1))),
    "Australia/Sydney": ("AU", "NSW", (dt.date(2026, 4, 5), dt.date(2026, 10, 4))),
    "Asia/Kathmandu": ("NP", None, (dt.date(2026, 5, 29), dt.date(2026, 12, 25))),
    "Asia/Kolkata": ("IN", None, (dt.date(2026, 8, 15), dt.date(2026, 1, 26))),
}
# Searches that run past 2035 meet the end of the holidays package's Indian lunar calendar.
pytestmark = pytest.mark.filterwarnings("ignore:Requested Holidays are available only")

DST_ZONES = ["America/New_York", "Australia/Sydney", "Europe/Amsterdam"]
# Minutes that land on or around the DST switches (01:00-03:00) and common office hours.
TIMES_OF_DAY = [0, 60, 90, 120, 150, 180, 210, 540, 720, 780, 1020, 1320, 1410]

SLOW_EXAMPLES = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


NIGHT_MINUTES = st.integers(0, 16).map(lambda k: 15 * k)  # 00:00..04:00, every 15 minutes


def times_of_day(night: bool):
    """Minutes after midnight; ``night`` keeps them around the DST switches."""
    if night:
        return NIGHT_MINUTES
    return st.one_of(st.sampled_from(TIMES_OF_DAY), st.integers(0, 1439))


@st.composite
def minute_ranges(draw, night: bool) -> tuple[tuple[int, int], ...]:
    """Ranges of a ``closed``/``open`` line; empty means the whole day."""
    if draw(st.booleans()):
        return ()
    ranges = []
    for _ in range(draw(st.integers(1, 2))):
        start = draw(times_of_day(night))
        end = draw(st.one_of(st.just(1440), st.integers(start + 1, 1440), times_of_day(night)))
        ranges.append((start, end) if end > start else (start, 1440))
    return tuple(ranges)


@st.composite
def scenarios(draw, max_days: int = 6, night: bool = False):
    """(calendar, window_start_utc, window_minutes).

    ``night`` puts the window across a DST switch and the calendar's edges in the small
    hours of the switch date and the day before (overnight ranges ending in the gap).
    """
    zone = draw(st.sampled_from(DST_ZONES if night else sorted(ZONES)))
    country, subdivision, switch_dates = ZONES[zone]
    if night:
        anchor = draw(st.sampled_from(switch_dates))
    else:
        anchor = draw(
            st.one_of(
                st.sampled_from(switch_dates), st.dates(dt.date(2026, 1, 2), dt.date(2026, 12, 28))
            )
        )
    around_anchor = st.sampled_from([anchor.weekday(), (anchor.weekday() - 1) % 7])
    weekdays = around_anchor if night else st.one_of(around_anchor, st.integers(0, 6))
    hours = []
    for _ in range(draw(st.integers(0, 8))):
        weekday = draw(weekdays)
        if night and draw(st.booleans()):  # overnight range ending in the small hours
            start, end = draw(st.integers(1200, 1439)), 1440 + draw(NIGHT_MINUTES)
        else:
            start = draw(times_of_day(night))
            length = draw(
                st.one_of(st.sampled_from([30, 60, 240, 480, 600, 1440]), st.integers(1, 1440))
            )
            end = start + length
        if end > start:
            hours.append(WeeklyRange(weekday, start, end))
    offsets = st.one_of(st.sampled_from([-1, 0]), st.integers(-3, max_days))
    special_dates = st.builds(lambda d: anchor + dt.timedelta(days=d), offsets)
    closed = [
        DateHours(draw(special_dates), draw(minute_ranges(night)))
        for _ in range(draw(st.integers(0, 3)))
    ]
    opened = [
        DateHours(draw(special_dates), draw(minute_ranges(night)))
        for _ in range(draw(st.integers(0, 2)))
    ]
    holidays = (HolidaySource(country, subdivision),) if draw(st.booleans()) else ()
    calendar = Calendar(
        name="c",
        title=None,
        timezone=zone,
        hours=tuple(hours),
        holidays=holidays,
        closed=tuple(closed),
        open=tuple(opened),
    )
    anchor_utc = int(dt.datetime(anchor.year, anchor.month, anchor.day, tzinfo=dt.UTC).timestamp())
    if night:  # from a day before the switch to a day after it, in every zone
        first = anchor_utc + 60 * draw(st.integers(-36 * 60, -24 * 60))
        minutes = draw(st.integers(48 * 60, 72 * 60))
    else:
        first = anchor_utc + 60 * draw(st.integers(-3 * 1440, 1440))
        minutes = draw(st.integers(60, max_days * 1440))
    return calendar, first, minutes


@st.composite
def pause_sets(draw, first: int, end: int, step_s: int):
    """Sorted, disjoint pauses on the step grid inside [first, end)."""
    points = sorted(set(draw(st.lists(st.integers(0, (end - first) // step_s), max_size=6))))
    if len(points) % 2:
        points = points[:-1]
    return [
        (first + points[i] * step_s, first + points[i + 1] * step_s)
        for i in range(0, len(points), 2)
    ]


@settings(SLOW_EXAMPLES, max_examples=100)
@given(scenario=st.one_of(scenarios(), scenarios(night=True)), data=st.data())
def test_counted_time_matches_the_minute_reference(scenario, data):
    calendar, first, minutes = scenario
    window = SteppedWindow(Reference(calendar), first, minutes, 60)
    timeline = timeline_for(calendar)
    grid = st.integers(0, minutes).map(lambda k: first + 60 * k)

    assert timeline.edges(first + 1, window.end - 1) == window.edges()
    for k in data.draw(st.lists(st.integers(0, minutes - 1), min_size=1, max_size=5)):
        assert timeline.is_open(first + 60 * k) == window.flags[k]
        assert timeline.is_open(first + 60 * k + 59) == window.flags[k]

    for _ in range(4):
        a, b = sorted((data.draw(grid), data.draw(grid)))
        pauses = data.draw(pause_sets(first, window.end, 60))
        assert timeline.open_seconds(a, b, pauses) == window.open_seconds(a, b, pauses)
        intervals = timeline.open_intervals(a, b)
        assert sum(high - low for low, high in intervals) == window.open_seconds(a, b)
        assert all(a <= low < high <= b for low, high in intervals)
        assert all(x[1] < y[0] for x, y in pairwise(intervals))


@settings(SLOW_EXAMPLES, max_examples=100)
@given(scenario=st.one_of(scenarios(), scenarios(night=True)), data=st.data())
def test_deadlines_match_the_minute_reference(scenario, data):
    calendar, first, minutes = scenario
    window = SteppedWindow(Reference(calendar), first, minutes, 60)
    timeline = timeline_for(calendar)
    starts, targets, expected_many = [], [], []
    for _ in range(5):
        start = first + 60 * data.draw(st.integers(0, minutes - 1))
        pauses = data.draw(st.one_of(st.just([]), pause_sets(first, window.end, 60)))
        available = window.open_seconds(start, window.end, pauses)
        target = data.draw(st.integers(0, available + 3600))
        deadline = timeline.advance(start, target, pauses)
        expected = window.advance(start, target, pauses)
        if expected is not None:
            assert deadline == expected
        else:  # not reached inside the window: later, or never
            assert deadline is None or deadline > window.end
        if deadline is not None:
            assert deadline >= start
            assert timeline.open_seconds(start, deadline, pauses) == target
            if target > 0:  # earliest: one second less is not enough
                assert timeline.open_seconds(start, deadline - 1, pauses) < target
        if not pauses:
            starts.append(start)
            targets.append(target)
            expected_many.append(NO_DEADLINE if deadline is None else deadline)
    if starts:
        many = timeline.advance_many(np.array(starts), np.array(targets))
        assert many.dtype == np.int64
        assert many.tolist() == expected_many
        ends = np.array([s if d == NO_DEADLINE else d for s, d in zip(starts, expected_many, strict=True)])
        assert timeline.open_seconds_many(np.array(starts), ends).tolist() == [
            timeline.open_seconds(s, e) for s, e in zip(starts, ends.tolist(), strict=True)
        ]


@cache
def offset_change_utc(zone: str, date: dt.date) -> int | None:
    """The instant near local ``date`` where the zone's UTC offset changes, if any."""
    tz = ZoneInfo(zone)
    midnight = int(dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC).timestamp())
    previous = None
    for t in range(midnight - 86400, midnight + 86400, 60):
        offset = dt.datetime.fromtimestamp(t, tz).utcoffset()
        if previous is not None and offset != previous:
            return t
        previous = offset
    return None


@st.composite
def second_scenarios(draw):
    """Short windows, often right on a DST switch, with non-aligned instants."""
    calendar, first, _ = draw(st.one_of(scenarios(max_days=1), scenarios(night=True)))
    # (night scenarios are always in a DST zone)
    switch = offset_change_utc(
        calendar.timezone, draw(st.sampled_from(ZONES[calendar.timezone][2]))
    )
    if switch is not None and draw(st.booleans()):  # a window holding a DST switch
        first = switch - 60 * draw(st.integers(0, 180))
    seconds = draw(st.integers(60, 3 * 3600))
    return calendar, first + draw(st.integers(0, 59)), seconds


@settings(SLOW_EXAMPLES, max_examples=70)
@given(scenario=second_scenarios(), data=st.data())
def test_unaligned_instants_match_the_second_reference(scenario, data):
    calendar, first, seconds = scenario
    window = SteppedWindow(Reference(calendar), first, seconds, 1)
    timeline = timeline_for(calendar)
    assert timeline.edges(first + 1, window.end - 1) == window.edges()
    for _ in range(4):
        a = first + data.draw(st.integers(0, seconds - 1))
        b = data.draw(st.integers(a, window.end))
        pauses = data.draw(pause_sets(first, window.end, 1))
        assert timeline.open_seconds(a, b, pauses) == window.open_seconds(a, b, pauses)
        target = data.draw(st.integers(0, window.open_seconds(a, window.end, pauses)))
        assert timeline.advance(a, target, pauses) == window.advance(a, target, pauses)
        if not pauses:
            assert timeline.advance_many(np.array([a]), np.array([target])).tolist() == [
                timeline.advance(a, target)
            ]
