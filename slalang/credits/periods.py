"""Credit and availability periods, exact in the declared zone (credits.md).

A period is a week (Monday to Sunday, numbered as ISO weeks: 2027-01-01 is in ``2026-W53``),
a month, a quarter (starting in January, April, July and October) or a year. It starts at
**local midnight** of its first day in the declared zone, read as calendars read every local
time (``timeline.wallclock``): the first instant at which the zone's clock shows that time or
later. So a period is a half-open UTC interval ``[start_s, end_s)``, DST-correct, and the
periods of one declaration tile time without gap or overlap.

A period is named by its first local day (``Periods.containing`` gives it for an instant)
and written ``2026-W48``, ``2026-11``, ``2026-Q4`` or ``2026``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import lru_cache
from zoneinfo import ZoneInfo

from ..model import Period
from ..timeline.wallclock import wall_reading, wall_to_utc

_MONTHS_IN = {"month": 1, "quarter": 3, "year": 12}


class Periods:
    """The periods of one ``period UNIT in "Zone"`` line."""

    __slots__ = ("unit", "zone", "_starts", "_last")

    def __init__(self, period: Period) -> None:
        self.unit = period.unit
        self.zone = ZoneInfo(period.zone)
        self._starts: dict[dt.date, int] = {}
        self._last: tuple[int, int, dt.date] | None = None  # the period found last: most lookups repeat it

    def first_day(self, day: dt.date) -> dt.date:
        """The first local day of the period that holds local day ``day``."""
        if self.unit == "week":
            return day - dt.timedelta(days=day.weekday())
        months = _MONTHS_IN[self.unit]
        return dt.date(day.year, (day.month - 1) // months * months + 1, 1)

    def following(self, first: dt.date) -> dt.date:
        """The first day of the period after the one starting on ``first``."""
        if self.unit == "week":
            return first + dt.timedelta(days=7)
        month = first.month - 1 + _MONTHS_IN[self.unit]
        return dt.date(first.year + month // 12, month % 12 + 1, 1)

    def previous(self, first: dt.date) -> dt.date:
        return self.first_day(first - dt.timedelta(days=1))

    def start_s(self, first: dt.date) -> int:
        """The instant the period starting on local day ``first`` begins (its local midnight)."""
        found = self._starts.get(first)
        if found is None:
            found = wall_to_utc(self.zone, dt.datetime(first.year, first.month, first.day))
            if len(self._starts) > 4096:
                self._starts.clear()
            self._starts[first] = found
        return found

    def bounds(self, first: dt.date) -> tuple[int, int]:
        """``[start_s, end_s)`` of the period starting on ``first``."""
        return self.start_s(first), self.start_s(self.following(first))

    def containing(self, instant_s: int) -> dt.date:
        """The first day of the period that holds ``instant_s``.

        The local date the clock shows decides, except in the hour a fall-back crosses
        midnight (the clock shows the old date again after the new one began): the
        boundaries decide there, so that every instant lies in exactly one period.
        """
        last = self._last
        if last is not None and last[0] <= instant_s < last[1]:
            return last[2]
        first = self.first_day(wall_reading(self.zone, instant_s).date())
        if instant_s < self.start_s(first):
            first = self.previous(first)
        elif instant_s >= self.start_s(self.following(first)):
            first = self.following(first)
        low, high = self.bounds(first)
        self._last = (low, high, first)
        return first

    def between(self, first: dt.date, last: dt.date) -> Iterator[dt.date]:
        """Every period from the one starting on ``first`` to the one starting on ``last``."""
        day = first
        while day <= last:
            yield day
            day = self.following(day)

    def label(self, first: dt.date) -> str:
        return period_label(self.unit, first)


@lru_cache(maxsize=65536)
def period_label(unit: str, first: dt.date) -> str:
    """``2026-W48``, ``2026-11``, ``2026-Q4`` or ``2026`` for the period starting on ``first``."""
    if unit == "week":
        year, week, _ = first.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if unit == "month":
        return f"{first.year:04d}-{first.month:02d}"
    if unit == "quarter":
        return f"{first.year:04d}-Q{(first.month - 1) // 3 + 1}"
    return f"{first.year:04d}"
