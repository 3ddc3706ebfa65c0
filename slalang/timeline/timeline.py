"""Counted-time arithmetic on one calendar: is it open, how much open time, the deadline.

All instants are int UTC epoch seconds. A ``Timeline`` turns its calendar into UTC open
intervals one local year at a time, on demand, for whatever years a question touches
(``local_hours`` says which local minutes of a date are open, ``wallclock`` where those
minutes fall in UTC). The intervals of the years built so far live in one immutable
``OpenIntervals`` snapshot; extending it builds a new snapshot under a lock and swaps the
reference, so readers never lock and never see a half-built state.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np

from ..model import Calendar
from .intervals import FOUND, HORIZON_S, NEVER, UNKNOWN, OpenIntervals
from .local_hours import LocalHours
from .wallclock import local_minute_to_utc, local_minutes_to_utc

FIRST_YEAR = 1800
LAST_YEAR = 9000
"""Local years a timeline can build; an instant outside them is a ValueError, and a
deadline that would fall after them is None."""

NO_DEADLINE = np.iinfo(np.int64).max
"""What ``advance_many`` gives where ``advance`` gives None (no deadline within the horizon)."""

_INT64 = np.int64
_EMPTY = np.zeros(0, dtype=_INT64)


def _utc_year(instant: int) -> int:
    try:
        return dt.datetime.fromtimestamp(instant, dt.UTC).year
    except (OverflowError, ValueError, OSError):
        raise ValueError(f"instant {instant} is outside the supported years") from None


def _merge(starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Union of half-open intervals sorted by start; touching intervals are joined."""
    keep = ends > starts
    starts, ends = starts[keep], ends[keep]
    if len(starts) == 0:
        return _EMPTY, _EMPTY
    order = np.argsort(starts, kind="stable")
    starts, ends = starts[order], ends[order]
    reach = np.maximum.accumulate(ends)
    new_group = np.empty(len(starts), dtype=bool)
    new_group[0] = True
    new_group[1:] = starts[1:] > reach[:-1]
    group_first = np.flatnonzero(new_group)
    group_last = np.append(group_first[1:] - 1, len(starts) - 1)
    return starts[group_first], reach[group_last]


def _check_pauses(excluded: Sequence[tuple[int, int]]) -> None:
    previous_end = None
    for start, end in excluded:
        if end < start or (previous_end is not None and start < previous_end):
            raise ValueError(
                f"excluded intervals must be sorted and disjoint (start <= end); got {list(excluded)!r}"
            )
        previous_end = end


class Timeline:
    """The open time of one calendar. Get one with ``timeline_for(calendar)``."""

    def __init__(self, calendar: Calendar) -> None:
        try:
            self._zone = ZoneInfo(calendar.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {calendar.timezone!r}") from None
        self.calendar = calendar
        self._hours = LocalHours(calendar)
        self._lock = threading.Lock()
        # (snapshot, local years it holds, inclusive): replaced as one reference.
        self._state: tuple[OpenIntervals, tuple[int, int] | None] = (
            OpenIntervals.build(_EMPTY, _EMPTY, 0, 0),
            None,
        )

    # --- building ---------------------------------------------------------------------

    def _year_start_utc(self, year: int) -> int:
        return local_minute_to_utc(self._zone, dt.date(year, 1, 1), 0)

    def _build_years(self, first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
        ordinals: list[int] = []
        start_mins: list[int] = []
        end_mins: list[int] = []
        for year in range(first, last + 1):
            for date, ranges in self._hours.year_plan(year):
                ordinal = date.toordinal()
                for start_min, end_min in ranges:
                    ordinals.append(ordinal)
                    start_mins.append(start_min)
                    end_mins.append(end_min)
        days = np.array(ordinals + ordinals, dtype=_INT64)
        instants = local_minutes_to_utc(self._zone, days, np.array(start_mins + end_mins, dtype=_INT64))
        return instants[: len(ordinals)], instants[len(ordinals) :]

    def _cover_years(self, first: int, last: int) -> OpenIntervals:
        """The snapshot once local years ``first..last`` are built (locks if it builds)."""
        snapshot, years = self._state
        if years is not None and years[0] <= first and last <= years[1]:
            return snapshot
        with self._lock:
            snapshot, years = self._state
            if years is None:
                new_first, new_last = first, last
                starts, ends = self._build_years(first, last)
            else:
                new_first, new_last = min(first, years[0]), max(last, years[1])
                if (new_first, new_last) == years:
                    return snapshot
                parts = [self._build_years(new_first, years[0] - 1)] if new_first < years[0] else []
                parts.append((snapshot.starts, snapshot.ends))
                if new_last > years[1]:
                    parts.append(self._build_years(years[1] + 1, new_last))
                starts = np.concatenate([p[0] for p in parts])
                ends = np.concatenate([p[1] for p in parts])
            starts, ends = _merge(starts, ends)
            snapshot = OpenIntervals.build(
                starts, ends, self._year_start_utc(new_first), self._year_start_utc(new_last + 1)
            )
            self._state = (snapshot, (new_first, new_last))
            return snapshot

    def _cover(self, low: int, high: int) -> OpenIntervals:
        """A snapshot complete on ``[low, high]`` (building a year's margin each side)."""
        snapshot = self._state[0]
        if snapshot.covers(low, high):
            return snapshot
        first, last = _utc_year(low) - 1, _utc_year(high) + 1
        if first < FIRST_YEAR or last > LAST_YEAR:
            raise ValueError(
                f"instants {low}..{high} are outside the supported years {FIRST_YEAR + 1}..{LAST_YEAR - 1}"
            )
        return self._cover_years(first, last)

    def _cover_further(self, rounds: int) -> OpenIntervals | None:
        """A snapshot reaching further into the future (2**rounds more years), or None."""
        years = self._state[1]
        if years is None or years[1] >= LAST_YEAR:
            return None
        return self._cover_years(years[0], min(LAST_YEAR, years[1] + 2**rounds))

    # --- scalar questions -------------------------------------------------------------

    def is_open(self, t: int) -> bool:
        """Whether the calendar is open at instant ``t``."""
        return self._cover(t, t).is_open(t)

    def open_seconds(self, a: int, b: int, excluded: Iterable[tuple[int, int]] = ()) -> int:
        """Open seconds in ``[a, b)`` outside every ``excluded`` (sorted, disjoint) interval."""
        if b <= a:
            return 0
        pauses = list(excluded)
        _check_pauses(pauses)
        snapshot = self._cover(a, b)
        total = snapshot.open_before(b) - snapshot.open_before(a)
        for start, end in pauses:
            low, high = max(a, start), min(b, end)
            if low < high:
                total -= snapshot.open_before(high) - snapshot.open_before(low)
        return total

    def advance(
        self, start: int, target_s: int, excluded: Iterable[tuple[int, int]] = ()
    ) -> int | None:
        """The deadline: earliest t >= start with ``open_seconds(start, t, excluded) >= target_s``.

        ``advance(s, 0) == s``. A deadline on a closing instant is that instant. None when
        reaching it would cross a closed stretch of more than ten years (or leave the
        supported years).
        """
        if target_s < 0:
            raise ValueError(f"target_s must not be negative, got {target_s}")
        if target_s == 0:
            return start
        pauses = list(excluded)
        _check_pauses(pauses)
        cursor, remaining = start, target_s
        for pause_start, pause_end in pauses:
            if pause_end <= cursor:
                continue
            if pause_start > cursor:
                before_pause = self.open_seconds(cursor, pause_start)
                if before_pause >= remaining:
                    return self._advance_unpaused(cursor, remaining)
                remaining -= before_pause
            cursor = pause_end
        return self._advance_unpaused(cursor, remaining)

    def _advance_unpaused(self, start: int, target_s: int) -> int | None:
        snapshot: OpenIntervals | None = self._cover(start, start)
        rounds = 0
        while snapshot is not None:
            known, deadline = snapshot.deadline(start, target_s)
            if known:
                return deadline
            snapshot = self._cover_further(rounds)
            rounds += 1
        return None

    def open_intervals(self, a: int, b: int) -> list[tuple[int, int]]:
        """The open intervals clipped to ``[a, b)``, sorted, disjoint and non-touching."""
        if b <= a:
            return []
        return self._cover(a, b).clipped(a, b)

    def next_open(self, t: int) -> int | None:
        """The earliest open instant at or after ``t`` (``t`` itself when open), or None."""
        snapshot: OpenIntervals | None = self._cover(t, t)
        rounds = 0
        while snapshot is not None:
            found = snapshot.next_start_at_or_after(t)
            if found is not None:
                return found if found - t <= HORIZON_S else None
            if snapshot.closed_tail_s(t) > HORIZON_S:
                return None
            snapshot = self._cover_further(rounds)
            rounds += 1
        return None

    def edges(self, a: int, b: int) -> list[int]:
        """Every instant in ``[a, b]`` where the calendar opens or closes, sorted."""
        if b < a:
            return []
        return self._cover(a, b).edges(a, b)

    # --- vectorised questions ---------------------------------------------------------

    def open_seconds_many(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """``open_seconds(a[i], b[i])`` for every i (int64; 0 where b <= a)."""
        a_arr, b_arr = np.broadcast_arrays(np.asarray(a, dtype=_INT64), np.asarray(b, dtype=_INT64))
        if a_arr.size == 0:
            return np.zeros(a_arr.shape, dtype=_INT64)
        snapshot = self._cover(
            int(min(a_arr.min(), b_arr.min())), int(max(a_arr.max(), b_arr.max()))
        )
        counted = snapshot.open_before_many(b_arr) - snapshot.open_before_many(a_arr)
        return np.where(b_arr > a_arr, counted, 0).astype(_INT64)

    def advance_many(self, starts: np.ndarray, targets: np.ndarray | np.int64) -> np.ndarray:
        """``advance(starts[i], targets[i])`` for every i (int64), ``NO_DEADLINE`` for None."""
        start_arr, target_arr = np.broadcast_arrays(
            np.asarray(starts, dtype=_INT64), np.asarray(targets, dtype=_INT64)
        )
        if start_arr.size == 0:
            return np.zeros(start_arr.shape, dtype=_INT64)
        if (target_arr < 0).any():
            raise ValueError("targets must not be negative")
        result = start_arr.copy()  # a zero target's deadline is its start
        if bool((target_arr > 0).all()):
            pending, todo_starts, todo_targets = None, start_arr.ravel(), target_arr.ravel()
        else:
            pending = np.flatnonzero(target_arr > 0)
            todo_starts, todo_targets = start_arr.ravel()[pending], target_arr.ravel()[pending]
        flat = result.reshape(-1)
        snapshot: OpenIntervals | None = self._cover(int(start_arr.min()), int(start_arr.max()))
        rounds = 0
        while len(todo_starts):
            if snapshot is None:  # past the supported years
                flat[pending if pending is not None else slice(None)] = NO_DEADLINE
                break
            deadline, status = snapshot.deadlines_many(todo_starts, todo_targets)
            if status is None:
                flat[pending if pending is not None else slice(None)] = deadline
                break
            if pending is None:
                pending = np.arange(len(todo_starts))
            flat[pending[status == FOUND]] = deadline[status == FOUND]
            flat[pending[status == NEVER]] = NO_DEADLINE
            unknown = status == UNKNOWN
            pending, todo_starts, todo_targets = (
                pending[unknown],
                todo_starts[unknown],
                todo_targets[unknown],
            )
            if len(todo_starts):
                snapshot = self._cover_further(rounds)
                rounds += 1
        return result
