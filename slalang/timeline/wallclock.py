"""Local wall-clock times of a calendar's zone, turned into UTC instants.

The one rule, applied everywhere a calendar names a local time (an opening, a closing, the
midnight that starts a date): **a local time means the first instant at which the zone's
clock shows that time or later.** What that gives on the two kinds of DST switch:

- *Nonexistent time* (spring-forward gap, e.g. 02:30 on 2026-03-29 in Europe/Amsterdam):
  the clock jumps from 01:59:59 to 03:00:00, so 02:30 means the first instant after the
  gap (01:00 UTC, shown as 03:00 CEST). A range lying wholly inside the gap is empty.
- *Ambiguous time* (fall-back overlap, e.g. 02:30 on 2026-10-25 in Europe/Amsterdam): the
  first occurrence (``fold=0``, 00:30 UTC, shown as 02:30 CEST).

A range covers whatever real instants lie between its two ends, so ``01:00-04:00`` counts
2 real hours on a spring-forward night and 4 on a fall-back night, and counted time is
always real elapsed seconds. The mapping is non-decreasing in the local time, so a range
never turns inside out.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

_UTC = dt.UTC


def wall_reading(zone: ZoneInfo, instant_utc: int) -> dt.datetime:
    """The naive local date and time the zone's clock shows at ``instant_utc``."""
    return dt.datetime.fromtimestamp(instant_utc, _UTC).astimezone(zone).replace(tzinfo=None)


def wall_to_utc(zone: ZoneInfo, wall: dt.datetime) -> int:
    """The first instant (UTC epoch seconds) at which the clock shows ``wall`` or later.

    ``wall`` is naive and whole-second. An existing time gives its first occurrence; a time
    inside a gap gives the instant the gap ends.
    """
    first = int(wall.replace(tzinfo=zone, fold=0).timestamp())
    if wall_reading(zone, first) == wall:
        return first
    # Inside a gap: the two folds straddle the transition. Binary-search the first
    # instant whose reading is at least ``wall`` (readings are increasing across a gap).
    second = int(wall.replace(tzinfo=zone, fold=1).timestamp())
    low, high = min(first, second), max(first, second)
    if wall_reading(zone, low) >= wall:
        return low
    while high - low > 1:  # invariant: reading(low) < wall <= reading(high)
        middle = (low + high) // 2
        if wall_reading(zone, middle) >= wall:
            high = middle
        else:
            low = middle
    return high


def local_minute_to_utc(zone: ZoneInfo, date: dt.date, minute: int) -> int:
    """``wall_to_utc`` of ``minute`` minutes after local midnight of ``date`` (0..1440)."""
    day = dt.datetime(date.year, date.month, date.day)
    return wall_to_utc(zone, day + dt.timedelta(minutes=minute))
