"""Which minutes of a local date are open: the calendar rules of language.md, per date.

For a local date D, the open minutes (0..1440 after local midnight of D) are

    open ranges of D  ∪  (weekly hours of D  −  closed ranges of D)

where the weekly hours of D are the ranges of D's weekday plus the part after midnight of
the previous weekday's overnight ranges, and the second term is empty when D is a holiday
or a whole-day ``closed`` date. That is the precedence "open range > holiday / closed day >
closed range > weekly hours", applied to every minute of D, whichever ``hours`` line opened
it. Nothing here knows about time zones; ``wallclock`` places the minutes in UTC.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable

from ..model import Calendar, DateHours, HolidaySource
from . import holiday_store

MINUTES_PER_DAY = 1440
MinuteRanges = tuple[tuple[int, int], ...]  # sorted, disjoint, non-touching, within 0..1440


def merge_minute_ranges(ranges: Iterable[tuple[int, int]]) -> MinuteRanges:
    """Union of half-open ranges: sorted, disjoint, touching ranges joined, empty ones dropped."""
    merged: list[list[int]] = []
    for start, end in sorted(r for r in ranges if r[0] < r[1]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((start, end) for start, end in merged)


def subtract_minute_ranges(ranges: MinuteRanges, holes: MinuteRanges) -> MinuteRanges:
    """``ranges`` minus ``holes`` (both merged)."""
    result: list[tuple[int, int]] = []
    for start, end in ranges:
        cursor = start
        for hole_start, hole_end in holes:
            if hole_end <= cursor or hole_start >= end:
                continue
            if hole_start > cursor:
                result.append((cursor, hole_start))
            cursor = max(cursor, hole_end)
            if cursor >= end:
                break
        if cursor < end:
            result.append((cursor, end))
    return tuple(result)


def weekly_minutes(calendar: Calendar) -> tuple[MinuteRanges, ...]:
    """Open minutes of a plain date for each weekday (0 = Monday), overnight spill included.

    A range of weekday w that runs past 24:00 contributes its tail, shifted by a day, to
    weekday w + 1 (and so on, should a range ever span more than one midnight).
    """
    per_day: list[list[tuple[int, int]]] = [[] for _ in range(7)]
    for weekly in calendar.hours:
        day_offset = 0
        while weekly.end_min > day_offset * MINUTES_PER_DAY:
            low = max(weekly.start_min - day_offset * MINUTES_PER_DAY, 0)
            high = min(weekly.end_min - day_offset * MINUTES_PER_DAY, MINUTES_PER_DAY)
            if low < high:
                per_day[(weekly.weekday + day_offset) % 7].append((low, high))
            day_offset += 1
    return tuple(merge_minute_ranges(day) for day in per_day)


def _date_hours_by_date(lines: tuple[DateHours, ...]) -> dict[dt.date, MinuteRanges]:
    """Ranges per date; a line without ranges means the whole day."""
    collected: dict[dt.date, list[tuple[int, int]]] = defaultdict(list)
    for line in lines:
        collected[line.date].extend(line.ranges or ((0, MINUTES_PER_DAY),))
    return {date: merge_minute_ranges(ranges) for date, ranges in collected.items()}


@functools.lru_cache(maxsize=1024)
def holiday_dates(sources: tuple[HolidaySource, ...], year: int) -> frozenset[dt.date]:
    """Public holidays of ``year`` from every source (the ``holidays`` package, via ``holiday_store``)."""
    dates: set[dt.date] = set()
    for source in sources:
        dates.update(holiday_store.holiday_dates(source.country, source.subdivision, year))
    return frozenset(dates)


class LocalHours:
    """The open minutes of any local date of one calendar (pure; holidays fetched per year)."""

    def __init__(self, calendar: Calendar) -> None:
        self._weekly = weekly_minutes(calendar)
        self._closed = _date_hours_by_date(calendar.closed)
        self._open = _date_hours_by_date(calendar.open)
        self._closed_days = frozenset(
            date for date, ranges in self._closed.items() if ranges == ((0, MINUTES_PER_DAY),)
        )
        self._holiday_sources = calendar.holidays

    def year_plan(self, year: int) -> list[tuple[dt.date, MinuteRanges]]:
        """Every date of ``year`` that has open minutes, with those minutes, in date order."""
        holidays_of_year = holiday_dates(self._holiday_sources, year)
        special = holidays_of_year | self._closed.keys() | self._open.keys()  # all other dates: their weekday's hours
        weekly = self._weekly
        plan: list[tuple[dt.date, MinuteRanges]] = []
        date = dt.date(year, 1, 1)
        one_day = dt.timedelta(days=1)
        while date.year == year:
            ranges = self._date_minutes(date, date in holidays_of_year) if date in special else weekly[date.weekday()]
            if ranges:
                plan.append((date, ranges))
            date += one_day
        return plan

    def _date_minutes(self, date: dt.date, is_holiday: bool) -> MinuteRanges:
        extra_open = self._open.get(date, ())
        if is_holiday or date in self._closed_days:
            regular: MinuteRanges = ()
        else:
            regular = subtract_minute_ranges(
                self._weekly[date.weekday()], self._closed.get(date, ())
            )
        if not extra_open:
            return regular
        return merge_minute_ranges(extra_open + regular)
