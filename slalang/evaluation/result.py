"""Typed results of evaluating a ticket, and their JSON form (evaluation.md's output).

``to_json()`` returns plain dicts whose keys are in the documented order; instants are UTC
text with a ``Z`` suffix, to the second.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence, Union

from .instants import format_optional, format_utc

STATUSES: tuple[str, ...] = ("met", "breached", "running", "paused")
NONE = "none"  # next_response with no cycle


@dataclass(frozen=True, slots=True)
class Run:
    """One timed run of a metric: first_response, resolution, or one next_response cycle."""

    status: str  # met | breached | running | paused
    start_s: int
    deadline_s: int | None  # None only if the calendar never reaches the target
    stop_s: int | None  # None while running
    target_s: int
    counted_s: int
    paused_s: int

    def to_json(self) -> dict[str, Any]:
        return run_json(self.status, self.start_s, self.deadline_s, self.stop_s, self.target_s, self.counted_s, self.paused_s)


def run_json(
    status: str, start_s: int, deadline_s: int | None, stop_s: int | None, target_s: int, counted_s: int, paused_s: int
) -> dict[str, Any]:
    return {
        "status": status,
        "start": format_utc(start_s),
        "deadline": format_optional(deadline_s),
        "stop": format_optional(stop_s),
        "target_s": target_s,
        "counted_s": counted_s,
        "paused_s": paused_s,
    }


@dataclass(frozen=True, slots=True)
class Cycles:
    """next_response: breached if any cycle is, else running/paused if one is, else met;
    ``none`` without any cycle."""

    status: str
    cycles: tuple[Run, ...]

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "cycles": [c.to_json() for c in self.cycles]}


def cycles_status(cycles: tuple[Run, ...]) -> str:
    return roll_up([c.status for c in cycles])


def roll_up(statuses: Sequence[str]) -> str:
    """next_response's status from its cycles' statuses, in order."""
    if not statuses:
        return NONE
    if "breached" in statuses:
        return "breached"
    for status in ("running", "paused"):
        if status in statuses:
            return status
    return "met"


@dataclass(frozen=True, slots=True)
class Escalation:
    """A step that fired: ``actions`` in canonical form (``notify assignee``)."""

    metric: str
    at_s: int
    actions: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"metric": self.metric, "at": format_utc(self.at_s), "actions": list(self.actions)}


MetricResult = Union[Run, Cycles]


@dataclass(frozen=True, slots=True)
class TicketResult:
    """A ticket evaluated under the SLA that governs it (``sla`` None: no SLA matched)."""

    id: Any
    sla: str | None
    first_response: Run | None = None
    next_response: Cycles | None = None
    resolution: Run | None = None
    escalations: tuple[Escalation, ...] = ()

    ok = True

    @property
    def metrics(self) -> dict[str, MetricResult]:
        """The SLA's metrics in order (first_response, next_response, resolution)."""
        out: dict[str, MetricResult] = {}
        if self.first_response is not None:
            out["first_response"] = self.first_response
        if self.next_response is not None:
            out["next_response"] = self.next_response
        if self.resolution is not None:
            out["resolution"] = self.resolution
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "sla": self.sla,
            "metrics": {name: m.to_json() for name, m in self.metrics.items()},
            "escalations": [e.to_json() for e in self.escalations],
        }


@dataclass(frozen=True, slots=True)
class TicketFailure:
    """A ticket that could not be evaluated: bad input, with its line (1-based) and reason."""

    id: Any
    error: str
    line: int | None

    ok = False

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "error": self.error, "line": self.line}


Outcome = Union[TicketResult, TicketFailure]
