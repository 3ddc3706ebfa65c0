"""The breaches a report lists: every breached metric (every breached cycle of next_response),
with its ticket id, and how they fall on the weekdays and hours of their deadlines.

A breach is placed on the heatmap at the **deadline it missed**, in the report's zone: the
moment the promise was broken, so "most breaches are on Monday mornings" reads as "Monday
mornings are when we fail to deliver".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

WEEKDAYS: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
BREACH_FIELDS: tuple[str, ...] = (
    "id", "sla", "metric", "cycle", "start", "deadline", "stop", "late_s", "counted_s", "target_s",
)
"""The columns of a breach row, in order (``slalang report --breaches FILE`` writes them as CSV)."""


@dataclass(frozen=True)
class Breach:
    """One breached metric of one ticket (for next_response: one breached cycle)."""

    id: str | None
    sla: str
    metric: str
    cycle: int | None  # 1-based, next_response only
    start: str  # RFC 3339 UTC
    deadline: str
    stop: str | None  # None while still open
    late_s: int  # wall-clock seconds past the deadline: to the stop, or to the report's now
    counted_s: int
    target_s: int

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in BREACH_FIELDS}


def breach_from(
    ticket_id: Any, sla: str, metric: str, cycle: int | None, run: Mapping[str, Any], deadline_s: int, late_s: int
) -> Breach:
    return Breach(
        id=None if ticket_id is None else str(ticket_id),
        sla=sla,
        metric=metric,
        cycle=cycle,
        start=str(run.get("start")),
        deadline=str(run.get("deadline")),
        stop=run.get("stop"),
        late_s=max(0, late_s),
        counted_s=int(run.get("counted_s") or 0),
        target_s=int(run.get("target_s") or 0),
    )


class Heatmap:
    """Breaches counted by weekday (Monday first) and hour of their deadline, in ``zone``."""

    def __init__(self, zone: dt.tzinfo) -> None:
        self.zone = zone
        self.counts = [[0] * 24 for _ in WEEKDAYS]

    def add(self, deadline_s: int) -> None:
        local = dt.datetime.fromtimestamp(deadline_s, dt.UTC).astimezone(self.zone)
        self.counts[local.weekday()][local.hour] += 1

    def freeze(self) -> tuple[tuple[int, ...], ...]:
        return tuple(tuple(row) for row in self.counts)
