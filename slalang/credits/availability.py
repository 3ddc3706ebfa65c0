"""Availability from outages: uptime per declaration and period against the objective.

For each ``availability`` declaration and each of its periods from the one holding ``since``
to the one holding ``now`` (credits.md):

- ``open_s``: open time of its calendar in the period, up to ``now`` for the current one
  (``timeline`` counts it: calendars are never re-implemented here);
- ``down_s``: open time covered by the union of the service's outages, each clipped to
  ``now`` (an outage still going on lasts until ``now``; one starting after ``now`` is
  ignored), so overlapping outages count once;
- ``uptime = 1 - down_s / open_s`` exactly; ``met`` and the credit compare it exactly
  with the objective and the ``below`` lines; none of them without open time.

``since`` defaults to the earliest start of any outage read (of any service, declared or
not), else ``now``. Outages are sorted with bounded memory (``spill``) and their union is
taken in one ordered sweep, so memory grows with the periods reported, not with outages.

Where credits.md is silent: every period is reported whole (the first one from its start,
not from ``since``); an outage ignored for starting after ``now`` does not move the default
``since`` either; ``since`` after ``now`` is an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..evaluation import resolve_now
from ..model import Availability, PolicySet
from ..timeline import Timeline, timeline_for
from ..units import exact_share, round_share
from .outages import Outage, OutageFailure
from .periods import Periods
from .spill import DEFAULT_CHUNK, DEFAULT_FAN_IN, SortedIntervals
from .tiers import earned

DOWN_KEPT = 500
"""Down intervals (pieces of the union) kept per declaration for a timeline; the rest are counted."""


@dataclass(frozen=True)
class AvailabilityRow:
    service: str
    period: str
    start_s: int  # the period's bounds, for charts (not in the JSON row)
    end_s: int
    open_s: int
    down_s: int
    uptime: Fraction | None  # None without open time
    objective: Fraction
    credit_pct: float

    @property
    def met(self) -> bool | None:
        return None if self.uptime is None else self.uptime >= self.objective

    def to_json(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "period": self.period,
            "open_s": self.open_s,
            "down_s": self.down_s,
            "uptime": None if self.uptime is None else round_share(self.uptime, 6),
            "objective": float(self.objective),
            "met": self.met,
            "credit_pct": self.credit_pct,
        }


@dataclass(frozen=True)
class AvailabilityReport:
    rows: tuple[AvailabilityRow, ...]
    now_s: int
    since_s: int
    outages: int  # lines read, bad ones included
    failed: int
    unknown_services: tuple[str, ...]  # named by outages, declared by no availability (first-seen order)
    down: Mapping[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)  # per service, the first DOWN_KEPT
    down_left_out: Mapping[str, int] = field(default_factory=dict)  # per service, down intervals not kept

    def to_json(self) -> list[dict[str, Any]]:
        return [row.to_json() for row in self.rows]


class _Declaration:
    """One availability declaration while outages are swept."""

    def __init__(self, availability: Availability, timeline: Timeline, first: dt.date, last: dt.date) -> None:
        self.availability = availability
        self.timeline = timeline
        self.periods = Periods(availability.period)
        self.first = first
        self.last = last
        self.down_s: dict[dt.date, int] = {}
        self.down: list[tuple[int, int]] = []
        self.down_left_out = 0

    @property
    def range_start_s(self) -> int:
        return self.periods.start_s(self.first)

    def add_down(self, start_s: int, end_s: int) -> None:
        """Count the open time of ``[start_s, end_s)`` (a piece of the union) in its periods."""
        start_s = max(start_s, self.range_start_s)
        if start_s >= end_s:
            return
        if len(self.down) < DOWN_KEPT:
            self.down.append((start_s, end_s))
        else:
            self.down_left_out += 1
        first = self.periods.containing(start_s)
        while True:
            low, high = self.periods.bounds(first)
            piece = self.timeline.open_seconds(max(start_s, low), min(end_s, high))
            if piece:
                self.down_s[first] = self.down_s.get(first, 0) + piece
            if high >= end_s:
                return
            first = self.periods.following(first)

    def rows(self, now_s: int) -> list[AvailabilityRow]:
        declared = self.availability
        objective = exact_share(declared.objective_pct)
        out = []
        for first in self.periods.between(self.first, self.last):
            low, high = self.periods.bounds(first)
            open_s = self.timeline.open_seconds(low, min(high, now_s))
            down_s = self.down_s.get(first, 0)
            uptime = Fraction(open_s - down_s, open_s) if open_s > 0 else None
            out.append(
                AvailabilityRow(
                    service=declared.name,
                    period=self.periods.label(first),
                    start_s=low,
                    end_s=high,
                    open_s=open_s,
                    down_s=down_s,
                    uptime=uptime,
                    objective=objective,
                    credit_pct=earned(declared.tiers, uptime).credit_pct,
                )
            )
        return out


def compute_availability(
    policy: Any,
    outages: Iterable[Outage | OutageFailure],
    now: Any = None,
    since: Any = None,
    *,
    on_failure: Callable[[OutageFailure], None] | None = None,
    chunk: int = DEFAULT_CHUNK,
    fan_in: int = DEFAULT_FAN_IN,
) -> AvailabilityReport:
    """Availability rows of every ``availability`` declaration of ``policy`` (a ``Policy``
    or compiled ``PolicySet``) from ``outages`` (as ``read_outages`` yields them).
    ``now`` and ``since``: RFC 3339 text, epoch seconds, an aware datetime (``now`` None:
    the current second). ``chunk`` and ``fan_in`` bound the memory of sorting the outages
    (``spill``). Raises ``ValueError`` when ``since`` is after ``now``."""
    model: PolicySet = getattr(policy, "model", policy)
    now_s = resolve_now(now)
    since_s = None if since is None else resolve_now(since)
    if since_s is not None and since_s > now_s:
        raise ValueError("since is after now: no period to report")
    names = {name: index for index, name in enumerate(model.availabilities)}
    pending = SortedIntervals(chunk, fan_in)
    unknown: dict[str, None] = {}
    read = failed = 0
    earliest: int | None = None
    for item in outages:
        read += 1
        if isinstance(item, OutageFailure):
            failed += 1
            if on_failure is not None:
                on_failure(item)
            continue
        if item.start_s > now_s:
            continue
        earliest = item.start_s if earliest is None else min(earliest, item.start_s)
        index = names.get(item.service)
        if index is None:
            unknown.setdefault(item.service)
            continue
        end_s = now_s if item.end_s is None else min(item.end_s, now_s)
        if end_s > item.start_s:
            pending.add(item.start_s, end_s, index)
    start_s = since_s if since_s is not None else (earliest if earliest is not None else now_s)
    declarations = []
    for availability in model.availabilities.values():
        periods = Periods(availability.period)
        timeline = timeline_for(model.calendars[availability.calendar])
        declarations.append(_Declaration(availability, timeline, periods.containing(start_s), periods.containing(now_s)))
    _sweep(pending, declarations)
    rows = tuple(row for d in declarations for row in d.rows(now_s))
    return AvailabilityReport(
        rows, now_s, start_s, read, failed, tuple(unknown),
        down={d.availability.name: tuple(d.down) for d in declarations},
        down_left_out={d.availability.name: d.down_left_out for d in declarations},
    )


def _sweep(pending: SortedIntervals, declarations: list[_Declaration]) -> None:
    """The union of each service's outages, in order of start, counted into its periods."""
    current: dict[int, list[int]] = {}
    for start_s, end_s, index in pending.sorted():
        span = current.get(index)
        if span is not None and start_s <= span[1]:
            span[1] = max(span[1], end_s)
            continue
        if span is not None:
            declarations[index].add_down(span[0], span[1])
        current[index] = [start_s, end_s]
    for index, span in current.items():
        declarations[index].add_down(span[0], span[1])
