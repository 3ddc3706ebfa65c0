"""The deadline comparisons are exact: breakpoints + one second either side find the same
extremes as evaluating every second of the window."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from slalang.analysis.deadlines import Deadlines, Window, _sorted_unique
from slalang.model import ALWAYS_CALENDAR, Calendar, DateHours, WeeklyRange

START = dt.date(2026, 3, 27)  # a Friday, two days before the EU switch to summer time
ZONES = ("UTC", "Europe/Amsterdam", "America/New_York")


@st.composite
def calendars(draw):
    ranges = []
    for day in draw(st.lists(st.integers(0, 6), min_size=1, max_size=4, unique=True)):
        start = draw(st.integers(0, 22 * 60))
        end = draw(st.integers(start + 30, min(start + 14 * 60, 1440 + 6 * 60)))
        ranges.append(WeeklyRange(day, start, end))
    closed = ()
    if draw(st.booleans()):
        closed = (DateHours(START + dt.timedelta(days=draw(st.integers(0, 3))), ((600, 900),)),)
    return Calendar(name="c", title=None, timezone=draw(st.sampled_from(ZONES)), hours=tuple(ranges), closed=closed)


steps = st.tuples(st.one_of(calendars(), st.just(ALWAYS_CALENDAR)), st.integers(60, 20 * 3600))


def brute(deadlines, a, b, window):
    starts = np.arange(window.start_s, window.end_s, dtype=np.int64)
    diff = deadlines.ends(a, starts).astype(np.float64) - deadlines.ends(b, starts).astype(np.float64)
    return diff.max(), diff.min()


@settings(max_examples=25, deadline=None)
@given(st.lists(steps, min_size=1, max_size=2), steps)
def test_extremes_match_every_second(chain, sla_step):
    start = int(dt.datetime(2026, 3, 27, tzinfo=dt.UTC).timestamp())
    window = Window(start, start + 3 * 86400, START)  # across the DST switch of 29 March
    deadlines = Deadlines(window)
    found = deadlines.extremes(chain, [sla_step])
    high, low = brute(deadlines, chain, [sla_step], window)
    assert found.max_diff == high
    assert found.min_diff == low
    # the reported starts really reach those values
    at = np.array([found.max_start, found.min_start], dtype=np.int64)
    values = deadlines.ends(chain, at) - deadlines.ends([sla_step], at)
    assert values[0] == high and values[1] == low


def test_year_window_from_reference_date():
    window = Window.year_from(dt.date(2026, 1, 1))
    assert window.end_s - window.start_s == 365 * 86400
    leap = Window.year_from(dt.date(2028, 2, 29))
    assert dt.datetime.fromtimestamp(leap.end_s, dt.UTC).date() == dt.date(2029, 3, 1)


def test_a_calendar_that_never_opens_gives_no_deadline():
    closed = Calendar(name="shut", title=None, timezone="UTC", hours=())
    window = Window.year_from(dt.date(2026, 1, 1))
    found = Deadlines(window).extremes([(closed, 3600)], [(ALWAYS_CALENDAR, 3600)])
    assert found.min_diff == float("inf")


@settings(max_examples=60)
@given(st.lists(st.integers(-(2**40), 2**40), max_size=40))
def test_sorted_unique_is_numpys_unique(values):
    # The breakpoints are de-duplicated without np.unique (which imports numpy.ma): same answer.
    array = np.array(values, dtype=np.int64)
    found = _sorted_unique(array)
    assert found.dtype == np.int64 and found.tolist() == np.unique(array).tolist()
