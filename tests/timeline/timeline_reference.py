"""A slow, obviously correct reference for calendars: it steps through time.

For each sampled instant it reads the zone's wall clock (``datetime.fromtimestamp``) and
applies language.md's rules to that reading, directly:

    inside an ``open`` range of its date -> open; else a holiday or whole-day ``closed`` date
    -> closed; else inside a ``closed`` range -> closed; else the weekly hours decide (the
    previous weekday's overnight ranges included).

DST is handled by the documented rule "a local time means the first instant at which the
clock shows that time or later". Equivalently an instant t is at or after local time w iff
the clock has shown w or later at some instant <= t, so the reference applies the rules to
the *highest reading shown so far* instead of the current reading. After a fall-back, the
repeated hour therefore keeps the last reading before the switch (ranges that ended inside
it stay ended: ambiguous times mean their first occurrence), and the readings skipped by a
spring-forward are never shown (a time in the gap is passed when the gap ends).

Nothing here shares code with ``slalang.timeline``.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo

import holidays as holidays_lib

from slalang.model import Calendar

LOOKBACK_S = 4 * 3600  # longer than any DST shift: seeds the highest reading so far


@cache
def _holidays(country: str, subdivision: str | None, year: int) -> frozenset[dt.date]:
    return frozenset(holidays_lib.country_holidays(country, subdiv=subdivision, years=year))


def _inside(ranges, second_of_day: int) -> bool:
    return any(start * 60 <= second_of_day < end * 60 for start, end in ranges)


class Reference:
    def __init__(self, calendar: Calendar) -> None:
        self.calendar = calendar
        self.zone = ZoneInfo(calendar.timezone)

    def open_at_reading(self, reading: dt.datetime) -> bool:
        """The rules of language.md for a local date and time of day."""
        cal = self.calendar
        date = reading.date()
        second = reading.hour * 3600 + reading.minute * 60 + reading.second
        for line in cal.open:
            if line.date == date and _inside(line.ranges or ((0, 1440),), second):
                return True
        if any(date in _holidays(h.country, h.subdivision, date.year) for h in cal.holidays):
            return False
        if any(line.date == date and not line.ranges for line in cal.closed):
            return False
        for line in cal.closed:
            if line.date == date and _inside(line.ranges, second):
                return False
        weekday = date.weekday()
        for weekly in cal.hours:
            if weekly.weekday == weekday and weekly.start_min * 60 <= second < weekly.end_min * 60:
                return True
            if (
                weekly.weekday == (weekday - 1) % 7
                and weekly.start_min * 60 <= second + 86400 < weekly.end_min * 60
            ):
                return True
        return False

    def flags(self, first: int, count: int, step_s: int) -> list[bool]:
        """Openness at first, first + step_s, ... (count samples).

        Exact for every second of each step when all openings and closings fall on
        multiples of ``step_s`` (true for minutes in these zones).
        """
        highest = None
        for t in range(first - LOOKBACK_S, first, step_s):
            reading = dt.datetime.fromtimestamp(t, self.zone).replace(tzinfo=None)
            highest = reading if highest is None else max(highest, reading)
        result = []
        for i in range(count):
            reading = dt.datetime.fromtimestamp(first + i * step_s, self.zone).replace(tzinfo=None)
            highest = reading if highest is None else max(highest, reading)
            result.append(self.open_at_reading(highest))
        return result


class SteppedWindow:
    """Reference answers inside ``[first, first + len(flags) * step_s)``."""

    def __init__(self, reference: Reference, first: int, count: int, step_s: int) -> None:
        self.first = first
        self.step_s = step_s
        self.flags = reference.flags(first, count, step_s)
        self.end = first + count * step_s

    def _counted(self, i: int, pauses) -> bool:
        t = self.first + i * self.step_s
        return self.flags[i] and not any(start <= t < end for start, end in pauses)

    def open_seconds(self, a: int, b: int, pauses=()) -> int:
        """a and b on the step grid, inside the window."""
        i, j = (a - self.first) // self.step_s, (b - self.first) // self.step_s
        return self.step_s * sum(1 for k in range(i, j) if self._counted(k, pauses))

    def advance(self, start: int, target_s: int, pauses=()) -> int | None:
        """Deadline by stepping; None when it is not reached inside the window."""
        if target_s == 0:
            return start
        counted = 0
        for k in range((start - self.first) // self.step_s, len(self.flags)):
            if self._counted(k, pauses):
                if counted + self.step_s >= target_s:
                    return self.first + k * self.step_s + (target_s - counted)
                counted += self.step_s
        return None

    def edges(self) -> list[int]:
        """Instants strictly inside the window where openness changes."""
        return [
            self.first + k * self.step_s
            for k in range(1, len(self.flags))
            if self.flags[k] != self.flags[k - 1]
        ]
