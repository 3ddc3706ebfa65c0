"""Typed results of evaluating a ticket, and their JSON form (evaluation.md's output).

The JSON objects are written once, by the ``*_json`` functions below: ``to_json()`` of the
typed results calls them, and so does the batch path (through ``JsonResults``), which
goes from a ticket to its JSON without the typed objects. Keys are in the documented
order; instants are UTC text with a ``Z`` suffix, to the second (``format_utc``, or a
memoised formatter that writes the same text).

``assemble`` (``runs.py``) builds a result through a *builder*: ``TypedResults`` makes the
typed objects, ``JsonResults`` the JSON objects, from the same decisions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar, Literal

from ..model import METRICS
from .instants import format_utc

FormatInstant = Callable[[int], str]
BUILT_IN = frozenset(METRICS)


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
    remaining_s: int | None = None  # counted seconds left before the deadline; None once stopped
    calendar: str | None = None  # set on a metric or measure with its own calendar item
    zone: str | None = None

    def to_json(self) -> dict[str, Any]:
        built = _run_json(
            self.status, self.start_s, self.deadline_s, self.stop_s, self.target_s, self.counted_s, self.paused_s,
            self.remaining_s,
        )
        return built if self.calendar is None else on_calendar_json(built, self.calendar, self.zone or "")


@dataclass(frozen=True, slots=True)
class Cycles:
    """next_response: breached if any cycle is, else running/paused if one is, else met;
    ``none`` without any cycle."""

    status: str
    cycles: tuple[Run, ...]
    calendar: str | None = None
    zone: str | None = None

    def to_json(self) -> dict[str, Any]:
        built = cycles_json(self.status, [c.to_json() for c in self.cycles])
        return built if self.calendar is None else on_calendar_json(built, self.calendar, self.zone or "")


@dataclass(frozen=True, slots=True)
class NotStarted:
    """A single-run measure whose start trigger never fired: ``{"status": "none"}``."""

    calendar: str | None = None
    zone: str | None = None
    status = "none"

    def to_json(self) -> dict[str, Any]:
        built = not_started_json()
        return built if self.calendar is None else on_calendar_json(built, self.calendar, self.zone or "")


@dataclass(frozen=True, slots=True)
class Escalation:
    """A step that fired (or, in ``TicketResult.planned``, that would fire at ``at_s`` if no
    further event happened): ``actions`` in canonical form (``notify assignee``)."""

    metric: str
    at_s: int
    actions: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return _escalation_json(self.metric, self.at_s, self.actions)


MetricResult = Run | Cycles | NotStarted


@dataclass(frozen=True, slots=True)
class TicketResult:
    """A ticket evaluated under the SLA that governs it (``sla`` None: no SLA matched)."""

    id: Any
    sla: str | None
    first_response: Run | None = None
    next_response: Cycles | None = None
    resolution: Run | None = None
    escalations: tuple[Escalation, ...] = ()
    calendar: str | None = None  # the SLA's calendar as chosen for this ticket (None: no SLA)
    zone: str | None = None  # the IANA zone it was read in
    measures: tuple[tuple[str, MetricResult], ...] = ()  # by name, in declaration order
    planned: tuple[Escalation, ...] = ()  # the steps not fired yet of clocks not stopped (evaluation.md, "What is due next")
    next_at_s: int | None = None  # the earliest instant after ``now`` at which the result changes without an event

    ok: ClassVar[Literal[True]] = True  # `if outcome.ok:` tells a type checker it is a TicketResult

    @property
    def metrics(self) -> dict[str, MetricResult]:
        """The SLA's metrics in order (first_response, next_response, resolution), then its
        measures in declaration order."""
        out: dict[str, MetricResult] = {}
        if self.first_response is not None:
            out["first_response"] = self.first_response
        if self.next_response is not None:
            out["next_response"] = self.next_response
        if self.resolution is not None:
            out["resolution"] = self.resolution
        out.update(self.measures)
        return out

    def to_json(self) -> dict[str, Any]:
        return ticket_json(
            self.id,
            self.sla,
            {name: m.to_json() for name, m in self.metrics.items()},
            [e.to_json() for e in self.escalations],
            self.calendar,
            self.zone,
            [e.to_json() for e in self.planned],
            None if self.next_at_s is None else format_utc(self.next_at_s),
        )


@dataclass(frozen=True, slots=True)
class TicketFailure:
    """A ticket that could not be evaluated: bad input, with its line (1-based) and reason."""

    id: Any
    error: str
    line: int | None

    ok: ClassVar[Literal[False]] = False

    def to_json(self) -> dict[str, Any]:
        return failure_json(self.id, self.error, self.line)


Outcome = TicketResult | TicketFailure


# --- the JSON objects, each written once ---------------------------------------------------


RunJson = Callable[[str, int, "int | None", "int | None", int, int, int, "int | None"], dict[str, Any]]
EscalationJson = Callable[[str, int, Sequence[str]], dict[str, Any]]


def run_encoder(fmt: FormatInstant) -> RunJson:
    """The JSON of one run (a single-run metric, or one cycle), instants written by ``fmt``:
    ``encode(status, start_s, deadline_s, stop_s, target_s, counted_s, paused_s, remaining_s)``;
    ``remaining_s`` None (a stopped run) writes no ``remaining_s`` key."""

    def run_json(
        status: str,
        start_s: int,
        deadline_s: int | None,
        stop_s: int | None,
        target_s: int,
        counted_s: int,
        paused_s: int,
        remaining_s: int | None = None,
    ) -> dict[str, Any]:
        out = {
            "status": status,
            "start": fmt(start_s),
            "deadline": None if deadline_s is None else fmt(deadline_s),
            "stop": None if stop_s is None else fmt(stop_s),
            "target_s": target_s,
            "counted_s": counted_s,
            "paused_s": paused_s,
        }
        if remaining_s is not None:
            out["remaining_s"] = remaining_s
        return out

    return run_json


def escalation_encoder(fmt: FormatInstant) -> EscalationJson:
    """The JSON of a step that fired, instants written by ``fmt``: ``encode(metric, at_s, actions)``."""

    def escalation_json(metric: str, at_s: int, actions: Sequence[str]) -> dict[str, Any]:
        return {"metric": metric, "at": fmt(at_s), "actions": list(actions)}

    return escalation_json


_run_json = run_encoder(format_utc)
_escalation_json = escalation_encoder(format_utc)


def cycles_json(status: str, cycles: list[dict[str, Any]]) -> dict[str, Any]:
    return {"status": status, "cycles": cycles}


def not_started_json() -> dict[str, Any]:
    return {"status": "none"}


def on_calendar_json(built: dict[str, Any], calendar: str, zone: str) -> dict[str, Any]:
    """A metric's JSON with its own ``calendar`` and ``zone`` after ``status``."""
    return {"status": built["status"], "calendar": calendar, "zone": zone, **built}


def ticket_json(
    ticket_id: Any,
    sla: str | None,
    metrics: dict[str, Any],
    escalations: list[dict[str, Any]],
    calendar: str | None = None,
    zone: str | None = None,
    planned: list[dict[str, Any]] | None = None,
    next_at: str | None = None,
) -> dict[str, Any]:
    """A ticket's result; ``sla`` None (no SLA governs) comes with no metrics, no ``calendar``
    or ``zone``, and without the keys of "What is due next" (``planned``, ``next_at``), which
    every governed result has."""
    if sla is None:
        return {"id": ticket_id, "sla": None, "metrics": metrics, "escalations": escalations}
    return {
        "id": ticket_id, "sla": sla, "calendar": calendar, "zone": zone, "metrics": metrics, "escalations": escalations,
        "planned": [] if planned is None else planned, "next_at": next_at,
    }


def failure_json(ticket_id: Any, error: str, line: int | None) -> dict[str, Any]:
    return {"id": ticket_id, "error": error, "line": line}


# --- builders: what ``assemble`` makes of its decisions --------------------------------------


class TypedResults:
    """Builds typed results (``TicketResult``)."""

    run = Run
    escalation = Escalation

    @staticmethod
    def cycles(status: str, runs: list[Run]) -> Cycles:
        return Cycles(status, tuple(runs))

    @staticmethod
    def not_started() -> NotStarted:
        return NotStarted()

    @staticmethod
    def on_calendar(built: Any, calendar: str, zone: str) -> Any:
        return replace(built, calendar=calendar, zone=zone)

    @staticmethod
    def result(
        ticket_id: Any,
        sla: str,
        metrics: Mapping[str, Any],
        escalations: list[Escalation],
        calendar: str | None,
        zone: str | None,
        planned: list[Escalation],
        next_at_s: int | None,
    ) -> TicketResult:
        return TicketResult(
            ticket_id,
            sla,
            metrics.get("first_response"),
            metrics.get("next_response"),
            metrics.get("resolution"),
            tuple(escalations),
            calendar,
            zone,
            tuple((name, m) for name, m in metrics.items() if name not in BUILT_IN),
            tuple(planned),
            next_at_s,
        )


class JsonResults:
    """Builds the JSON objects directly, instants written by ``fmt``."""

    __slots__ = ("run", "escalation", "fmt")

    def __init__(self, fmt: FormatInstant = format_utc) -> None:
        self.run = run_encoder(fmt)
        self.escalation = escalation_encoder(fmt)
        self.fmt = fmt

    cycles = staticmethod(cycles_json)

    @staticmethod
    def not_started() -> dict[str, Any]:
        return not_started_json()

    on_calendar = staticmethod(on_calendar_json)

    def result(
        self,
        ticket_id: Any,
        sla: str,
        metrics: dict[str, Any],
        escalations: list[dict[str, Any]],
        calendar: str | None,
        zone: str | None,
        planned: list[dict[str, Any]],
        next_at_s: int | None,
    ) -> dict[str, Any]:
        return ticket_json(
            ticket_id, sla, metrics, escalations, calendar, zone, planned,
            None if next_at_s is None else self.fmt(next_at_s),
        )
