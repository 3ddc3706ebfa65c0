"""Timelines are shared per calendar, safe across threads, and the vectorised calls agree."""

from __future__ import annotations

import datetime as dt
import threading

import numpy as np

from slalang.model import Calendar, DateHours, HolidaySource, WeeklyRange
from slalang.timeline import NO_DEADLINE, Timeline, timeline_for


def _office(name: str = "office") -> Calendar:
    return Calendar(
        name=name,
        title=None,
        timezone="Europe/Amsterdam",
        hours=tuple(WeeklyRange(day, 540, 1020) for day in range(5)),
        holidays=(HolidaySource("NL", None),),
    )


def test_equal_calendars_share_one_timeline():
    assert timeline_for(_office()) is timeline_for(_office())
    assert timeline_for(_office()) is not timeline_for(_office("other"))
    assert isinstance(timeline_for(_office()), Timeline)


def test_concurrent_questions_over_many_years_agree_with_one_thread():
    calendar = Calendar(
        name="shared",
        title=None,
        timezone="America/New_York",
        hours=(WeeklyRange(0, 1320, 1800), WeeklyRange(3, 480, 720)),
        holidays=(HolidaySource("US", "NY"),),
    )
    rng = np.random.default_rng(7)
    starts = rng.integers(1_600_000_000, 2_100_000_000, size=400)  # 2020..2036
    targets = rng.integers(0, 200 * 3600, size=400)
    expected = Timeline(calendar).advance_many(starts, targets)  # private, single thread

    shared = []
    failures: list[str] = []

    def worker(part: int) -> None:
        timeline = timeline_for(calendar)
        shared.append(timeline)
        for i in range(part, 400, 8):
            got = timeline.advance(int(starts[i]), int(targets[i]))
            if got != expected[i]:
                failures.append(f"{starts[i]} + {targets[i]}: {got} != {expected[i]}")

    threads = [threading.Thread(target=worker, args=(part,)) for part in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len({id(t) for t in shared}) == 1


def test_advance_many_marks_missing_deadlines_and_keeps_zero_targets():
    once = Calendar(
        name="once",
        title=None,
        timezone="UTC",
        hours=(),
        open=(DateHours(dt.date(2026, 7, 1), ((600, 660),)),),
    )
    timeline = timeline_for(once)
    july_1_10h = int(dt.datetime(2026, 7, 1, 10, tzinfo=dt.UTC).timestamp())
    starts = np.array([july_1_10h - 86400, july_1_10h, july_1_10h + 1800, july_1_10h + 7200])
    got = timeline.advance_many(starts, np.array([3600, 3601, 1800, 0]))
    assert got.tolist() == [july_1_10h + 3600, NO_DEADLINE, july_1_10h + 3600, starts[3]]
    assert timeline.advance(int(starts[1]), 3601) is None


def test_vectorised_calls_equal_the_scalar_ones_over_years():
    timeline = timeline_for(_office())
    rng = np.random.default_rng(11)
    starts = rng.integers(1_767_225_600, 1_830_297_600, size=3000)  # 2026..2027
    targets = rng.integers(0, 80 * 3600, size=3000)
    deadlines = timeline.advance_many(starts, targets)
    assert deadlines.dtype == np.int64
    assert (deadlines >= starts).all()
    assert (timeline.open_seconds_many(starts, deadlines) == targets).all()
    for i in range(0, 3000, 50):
        assert deadlines[i] == timeline.advance(int(starts[i]), int(targets[i]))
        ends = int(starts[i]) + int(targets[i]) * 3
        assert timeline.open_seconds_many(starts[i : i + 1], np.array([ends]))[
            0
        ] == timeline.open_seconds(int(starts[i]), ends)


def test_a_closed_stretch_beyond_ten_years_ends_the_search_in_both_forms():
    def utc(*parts: int) -> int:
        return int(dt.datetime(*parts, tzinfo=dt.UTC).timestamp())

    def two_openings(second_year: int) -> Calendar:
        return Calendar(
            name=f"gap{second_year}",
            title=None,
            timezone="UTC",
            hours=(),
            open=(
                DateHours(dt.date(2026, 7, 1), ((600, 660),)),
                DateHours(dt.date(second_year, 7, 1), ((600, 660),)),
            ),
        )

    start = utc(2026, 6, 30)
    near, far = timeline_for(two_openings(2031)), timeline_for(two_openings(2040))
    assert near.advance(start, 7200) == utc(2031, 7, 1, 11)
    assert far.advance(start, 7200) is None
    assert far.advance(start, 3600) == utc(2026, 7, 1, 11)
    assert far.next_open(utc(2026, 7, 2)) is None
    assert near.next_open(utc(2026, 7, 2)) == utc(2031, 7, 1, 10)
    starts = np.array([start, start, utc(2039, 1, 1)])
    targets = np.array([7200, 3600, 1800])
    assert far.advance_many(starts, targets).tolist() == [
        NO_DEADLINE,
        utc(2026, 7, 1, 11),
        utc(2040, 7, 1, 10, 30),
    ]
    assert near.advance_many(starts[:2], targets[:2]).tolist() == [
        utc(2031, 7, 1, 11),
        utc(2026, 7, 1, 11),
    ]
