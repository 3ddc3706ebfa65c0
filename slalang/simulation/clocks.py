"""Counted time on an SLA's clock for simulated instants (float seconds after the start).

On a calendar that is always open the arithmetic is exact in float seconds. On any other
calendar the timeline works in whole seconds: a start is rounded up to the next second
(its deadline is then ``timeline.advance``), and so is a stop, so a stop at or before the
deadline never counts more than the target (evaluation.md's rule: met = stopped at or
before the deadline).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ..model import Calendar
from ..timeline import NO_DEADLINE, timeline_for


def deadlines(calendar: Calendar, start_utc: int, arrivals_s: np.ndarray, target_s: int) -> np.ndarray:
    """Deadline (seconds after the scenario start) of a target started at each arrival."""
    arrivals_s = np.asarray(arrivals_s, dtype=np.float64)
    if calendar.is_always:
        return arrivals_s + float(target_s)
    starts = start_utc + np.ceil(arrivals_s).astype(np.int64)
    found = timeline_for(calendar).advance_many(starts, np.full(len(starts), target_s, dtype=np.int64))
    out = (found - start_utc).astype(np.float64)
    out[found == NO_DEADLINE] = np.inf
    return out


def counted(calendar: Calendar, start_utc: int, arrivals_s: np.ndarray, stops_s: np.ndarray) -> np.ndarray:
    """Counted seconds from each arrival to its stop; inf where the work never stopped."""
    arrivals_s = np.asarray(arrivals_s, dtype=np.float64)
    stops_s = np.asarray(stops_s, dtype=np.float64)
    stopped = np.isfinite(stops_s)
    out = np.full(len(arrivals_s), np.inf)
    if calendar.is_always:
        out[stopped] = stops_s[stopped] - arrivals_s[stopped]
        return out
    a = start_utc + np.ceil(arrivals_s[stopped]).astype(np.int64)
    b = start_utc + np.ceil(stops_s[stopped]).astype(np.int64)
    out[stopped] = timeline_for(calendar).open_seconds_many(a, b).astype(np.float64)
    return out


def open_seconds(calendar: Calendar, start_utc: int, until_s: float) -> float:
    """Open seconds of ``calendar`` between the scenario start and ``until_s`` after it."""
    if calendar.is_always:
        return float(until_s)
    return float(timeline_for(calendar).open_seconds(start_utc, start_utc + int(np.ceil(until_s))))


def open_intervals(calendar: Calendar, start_utc: int, length_s: int) -> list[tuple[int, int]]:
    """Open intervals within ``[0, length_s)`` after the scenario start, relative to it."""
    if calendar.is_always:
        return [(0, length_s)]
    found = timeline_for(calendar).open_intervals(start_utc, start_utc + length_s)
    return [(a - start_utc, b - start_utc) for a, b in found]


SHIFT_CHUNK_S = 28 * 86400
SHIFT_GIVE_UP_S = 400 * 86400


def shifts(calendar: Calendar, start_utc: int) -> Iterator[tuple[int, int]]:
    """Yield the calendar's open intervals from the scenario start on, relative, forever.

    Intervals that touch across a chunk boundary are joined; the generator ends when the
    calendar stays closed for more than 400 days.
    """
    timeline = timeline_for(calendar)
    cursor = start_utc
    pending: tuple[int, int] | None = None
    closed_s = 0
    while closed_s <= SHIFT_GIVE_UP_S:
        found = timeline.open_intervals(cursor, cursor + SHIFT_CHUNK_S)
        cursor += SHIFT_CHUNK_S
        closed_s = closed_s + SHIFT_CHUNK_S if not found else 0
        for a, b in found:
            a, b = a - start_utc, b - start_utc
            if pending is not None and a == pending[1]:
                pending = (pending[0], b)
                continue
            if pending is not None:
                yield pending
            pending = (a, b)
    if pending is not None:
        yield pending
