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
import functools
from zoneinfo import ZoneInfo

import numpy as np

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



_SAMPLE_S = 2 * 86400
"""Spacing of the zone's offset samples that ``local_minutes_to_utc`` reads. Transitions of a
zone in the tz database lie days apart (3.98 days at the closest, Africa/Freetown 1939; most
a season apart), so no two fall between neighbouring samples: a change and its undoing
cannot hide between them."""

_STABLE_MARGIN_S = 3 * 86400
"""Half-width of the window that must show one offset around a date: wider than any two
offsets of a zone differ (26 hours at most), so inside it a local time occurs exactly once."""

_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def local_minutes_to_utc(zone: ZoneInfo, ordinals: np.ndarray, minutes: np.ndarray) -> np.ndarray:
    """``local_minute_to_utc`` of many (date ordinal, minute) pairs at once, exactly.

    Where the zone shows one offset for three days either side of a date, a local time of
    that date is its naive epoch second minus that offset; the few dates near a transition
    go through ``local_minute_to_utc`` one by one.
    """
    naive_day_s = (ordinals.astype(np.int64) - _EPOCH_ORDINAL) * 86400
    naive_s = naive_day_s + minutes.astype(np.int64) * 60
    if len(naive_s) == 0:
        return naive_s
    first_year = _utc_year(int(naive_day_s.min()) - _STABLE_MARGIN_S - _SAMPLE_S)
    last_year = _utc_year(int(naive_day_s.max()) + _STABLE_MARGIN_S + _SAMPLE_S)
    base_s = _first_sample(first_year)
    offsets = np.concatenate([_year_offsets(zone, year) for year in range(first_year, last_year + 1)])
    changes = np.concatenate(([0], np.cumsum(offsets[1:] != offsets[:-1])))
    low = (naive_day_s - _STABLE_MARGIN_S - base_s) // _SAMPLE_S  # the sample at or before
    high = -((base_s - naive_day_s - _STABLE_MARGIN_S) // _SAMPLE_S)  # the sample at or after
    stable = changes[low] == changes[high]
    result = naive_s - offsets[low]
    for index in np.flatnonzero(~stable):
        date = dt.date.fromordinal(int(ordinals[index]))
        result[index] = local_minute_to_utc(zone, date, int(minutes[index]))
    return result


def _utc_year(instant_utc: int) -> int:
    return (dt.datetime(1970, 1, 1) + dt.timedelta(seconds=instant_utc)).year


def _utc_year_start(year: int) -> int:
    return (dt.date(year, 1, 1).toordinal() - _EPOCH_ORDINAL) * 86400


def _first_sample(year: int) -> int:
    """The first sample instant in UTC year ``year``: samples lie on multiples of ``_SAMPLE_S``."""
    return -(-_utc_year_start(year) // _SAMPLE_S) * _SAMPLE_S


@functools.lru_cache(maxsize=512)
def _year_offsets(zone: ZoneInfo, year: int) -> np.ndarray:
    """The zone's UTC offset (seconds) at every sample instant in one UTC year."""
    instants = range(_first_sample(year), _first_sample(year + 1), _SAMPLE_S)
    return np.array([_offset_s(zone, instant) for instant in instants], dtype=np.int64)


def _offset_s(zone: ZoneInfo, instant_utc: int) -> int:
    offset = dt.datetime.fromtimestamp(instant_utc, zone).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0
