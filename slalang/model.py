"""The compiled rule objects every later stage consumes.

Everything here is frozen and validated: names are resolved, durations are seconds,
times of day are minutes. Spans are kept for reports but do not take part in equality,
so a reformatted policy compiles to an equal model.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Mapping, Union

from .source import NO_SPAN, Span

METRICS: tuple[str, ...] = ("first_response", "next_response", "resolution")
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_RESOLVED: tuple[str, ...] = ("solved", "closed")
ALWAYS = "always"

Scalar = Union[str, int, float, bool]


# --- conditions ---------------------------------------------------------------------------
# Semantics (language.md): a missing field makes any comparison on it false; comparing
# values of different types (string with number, bool with number) is false.


@dataclass(frozen=True)
class Const:
    value: bool
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True)
class All:
    """Conjunction of its items (``and``)."""

    items: tuple["Condition", ...]
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True)
class Any_:
    """Disjunction of its items (``or``)."""

    items: tuple["Condition", ...]
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True)
class Not:
    item: "Condition"
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True)
class SegmentRef:
    """Holds when the named segment's condition holds (see ``PolicySet.segments``)."""

    name: str
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True)
class PriorityCmp:
    """``ticket.priority OP name`` by the declared order (``>`` = more important)."""

    op: str  # == != < <= > >=
    priority: str
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True)
class FieldCmp:
    path: tuple[str, ...]  # ("ticket", "status"), ("customer", "arr")
    op: str  # == != < <= > >=
    value: Scalar
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True)
class FieldIn:
    path: tuple[str, ...]
    values: tuple[Scalar, ...]
    negated: bool = False  # ``not in``: the field is present and equals none of the values
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True)
class FieldContains:
    """The field is a list that holds the value."""

    path: tuple[str, ...]
    value: Scalar
    span: Span = field(default=NO_SPAN, compare=False)


Condition = Union[Const, All, Any_, Not, SegmentRef, PriorityCmp, FieldCmp, FieldIn, FieldContains]


# --- calendars ----------------------------------------------------------------------------


@dataclass(frozen=True)
class WeeklyRange:
    """Open from ``start_min`` to ``end_min`` minutes after local midnight of ``weekday``.

    ``weekday`` is 0 for Monday. ``end_min`` may exceed 1440 for a range that runs past
    midnight (``22:00-06:00`` is 1320..1800); the part after midnight belongs to the next
    local date for holidays, ``closed`` and ``open``.
    """

    weekday: int
    start_min: int
    end_min: int


@dataclass(frozen=True)
class DateHours:
    """A ``closed`` or ``open`` line: local date and ranges within it (empty = whole day)."""

    date: dt.date
    ranges: tuple[tuple[int, int], ...]  # (start_min, end_min), 0 <= start < end <= 1440
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True)
class HolidaySource:
    country: str  # "NL"
    subdivision: str | None  # "CA" for "US-CA"
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True)
class Calendar:
    name: str
    title: str | None
    timezone: str  # IANA zone
    hours: tuple[WeeklyRange, ...]
    holidays: tuple[HolidaySource, ...] = ()
    closed: tuple[DateHours, ...] = ()
    open: tuple[DateHours, ...] = ()
    span: Span = field(default=NO_SPAN, compare=False)

    @property
    def is_always(self) -> bool:
        """Open around the clock with no exceptions."""
        days = {r.weekday for r in self.hours if r.start_min == 0 and r.end_min >= 1440}
        return days == set(range(7)) and not self.holidays and not self.closed


ALWAYS_CALENDAR = Calendar(
    name=ALWAYS,
    title="Always open",
    timezone="UTC",
    hours=tuple(WeeklyRange(d, 0, 1440) for d in range(7)),
)


# --- organisation -------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    name: str
    when: Condition
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True)
class Team:
    name: str
    calendar: str
    agents: int | None
    lead: str | None
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True)
class Ola:
    name: str
    team: str
    target_s: int
    calendar: str  # the team's calendar unless ``on`` named another
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True)
class Action:
    kind: str  # "notify" | "reassign" | "set_priority"
    target: str

    @property
    def canonical(self) -> str:
        """``notify assignee``, ``notify duty@acme.example``, ``reassign escalations``, ``set priority urgent``."""
        verb = "set priority" if self.kind == "set_priority" else self.kind
        return f"{verb} {self.target}"


@dataclass(frozen=True)
class EscalationStep:
    percent: float  # 75.0 for 75%
    offset_s: int  # signed counted seconds added after the percentage
    actions: tuple[Action, ...]
    span: Span = field(default=NO_SPAN, compare=False)

    def fire_after_s(self, target_s: int) -> float:
        """Counted seconds from the metric's start at which this step fires."""
        return self.percent / 100.0 * target_s + self.offset_s


@dataclass(frozen=True)
class EscalationChain:
    name: str
    steps: tuple[EscalationStep, ...]
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True)
class Metric:
    kind: str  # one of METRICS
    target_s: int
    goal: float = 100.0  # percent of tickets that must meet the target
    via: tuple[str, ...] = ()  # OLA names in order
    escalation: tuple[EscalationStep, ...] = ()
    escalation_chain: str | None = None  # the named chain the steps came from, if any
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True)
class Sla:
    name: str
    title: str | None
    when: Condition | None  # None: applies to every ticket
    calendar: str  # ``always`` when not given
    metrics: tuple[Metric, ...]  # in METRICS order
    pause: Condition | None = None
    span: Span = field(default=NO_SPAN, compare=False)

    def metric(self, kind: str) -> Metric | None:
        for m in self.metrics:
            if m.kind == kind:
                return m
        return None


@dataclass(frozen=True)
class PolicySet:
    """A compiled policy set. SLAs are in policy-set order (the first match governs)."""

    name: str | None
    version: str | None
    resolved_statuses: tuple[str, ...]
    priorities: tuple[str, ...]  # most important first
    calendars: Mapping[str, Calendar]  # includes the built-in ``always``
    segments: Mapping[str, Segment]
    teams: Mapping[str, Team]
    olas: Mapping[str, Ola]
    chains: Mapping[str, EscalationChain]
    slas: tuple[Sla, ...]
    files: tuple[str, ...] = field(default=(), compare=False)  # in policy-set order

    def priority_rank(self, name: str) -> int:
        """0 for the most important priority; larger is less important."""
        return self.priorities.index(name)

    def sla(self, name: str) -> Sla:
        for s in self.slas:
            if s.name == name:
                return s
        raise KeyError(name)
