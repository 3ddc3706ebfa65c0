"""The compiled rule objects every later stage consumes.

Everything here is frozen and validated: names are resolved, durations are seconds,
times of day are minutes. Spans are kept for reports but do not take part in equality,
so a reformatted policy compiles to an equal model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from .source import NO_SPAN, Span

METRICS: tuple[str, ...] = ("first_response", "next_response", "resolution")
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_RESOLVED: tuple[str, ...] = ("solved", "closed")
ALWAYS = "always"
MINUTES_PER_DAY = 1440
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY

Scalar = str | int | float | bool


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

    items: tuple[Condition, ...]
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True)
class Any_:
    """Disjunction of its items (``or``)."""

    items: tuple[Condition, ...]
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True)
class Not:
    item: Condition
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


Condition = Const | All | Any_ | Not | SegmentRef | PriorityCmp | FieldCmp | FieldIn | FieldContains


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
        """Open at every instant: the weekly hours cover the whole week, however the ``hours``
        lines split it (``mon-sun 00:00-12:00, 12:00-24:00`` is open around the clock), and no
        holiday or ``closed`` date shuts it (``open`` dates only add to it)."""
        return not self.holidays and not self.closed and self.weekly_open_minutes() == ((0, MINUTES_PER_WEEK),)

    def weekly_open_minutes(self) -> tuple[tuple[int, int], ...]:
        """The minutes of the local week the ``hours`` lines open, as sorted, disjoint ranges
        (0 is Monday 00:00; touching ranges joined; a range past Sunday midnight wraps to Monday)."""
        pieces: list[tuple[int, int]] = []
        for r in self.hours:
            start, end = r.weekday * MINUTES_PER_DAY + r.start_min, r.weekday * MINUTES_PER_DAY + r.end_min
            if end <= MINUTES_PER_WEEK:
                pieces.append((start, end))
            else:
                pieces += [(start, MINUTES_PER_WEEK), (0, end - MINUTES_PER_WEEK)]
        merged: list[tuple[int, int]] = []
        for start, end in sorted(pieces):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            elif start < end:
                merged.append((start, end))
        return tuple(merged)


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


# --- calendar choices ---------------------------------------------------------------------


@dataclass(frozen=True)
class ZonedCalendar:
    """A declared calendar, read in its own ``timezone``, in a fixed ``zone``, or in the
    zone a ticket field names (``zone_path``; a missing or invalid value falls back to the
    calendar's own zone). At most one of ``zone`` and ``zone_path`` is set."""

    name: str
    zone_path: tuple[str, ...] | None = None  # ("customer", "timezone") for ``office in customer.timezone``
    zone: str | None = None  # "Asia/Tokyo" for ``office in "Asia/Tokyo"``
    span: Span = field(default=NO_SPAN, compare=False)

    @property
    def is_fixed(self) -> bool:
        """The same calendar and zone for every ticket (no field decides the zone)."""
        return self.zone_path is None

    @property
    def text(self) -> str:
        """As written in a policy: ``office``, ``office in customer.timezone``, ``office in "Asia/Tokyo"``."""
        if self.zone_path is not None:
            return f"{self.name} in {'.'.join(self.zone_path)}"
        if self.zone is not None:
            return f'{self.name} in "{self.zone}"'
        return self.name


@dataclass(frozen=True)
class CalendarArm:
    """``"emea" office`` in a ``calendar by``: the calendar when the field equals ``value``."""

    value: Scalar
    calendar: ZonedCalendar
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True)
class CalendarByField:
    """``calendar by PATH { ... else ... }``: the arm whose value equals the field (as ``==``
    in conditions), else ``otherwise``. Arm values are pairwise unequal."""

    path: tuple[str, ...]
    arms: tuple[CalendarArm, ...]
    otherwise: ZonedCalendar
    span: Span = field(default=NO_SPAN, compare=False)

    @property
    def is_fixed(self) -> bool:
        return False

    @property
    def text(self) -> str:
        return f"by {'.'.join(self.path)}"


CalendarChoice = ZonedCalendar | CalendarByField


def choice_calendars(choice: CalendarChoice) -> tuple[ZonedCalendar, ...]:
    """Every calendar a choice can pick, in the order written (``else`` last)."""
    if isinstance(choice, CalendarByField):
        return tuple(arm.calendar for arm in choice.arms) + (choice.otherwise,)
    return (choice,)


# --- clocks: the built-in metrics and measures --------------------------------------------


@dataclass(frozen=True)
class OwnPause:
    """A metric's or measure's own pause rule, replacing the SLA's: ``pause when CONDITION``,
    or ``pause never`` (``condition`` None). The condition keeps its span."""

    condition: Condition | None


EVENTS: tuple[str, ...] = ("created", "agent_reply", "customer_reply", "resolved", "reopened")


@dataclass(frozen=True)
class EventTrigger:
    """``on EVENT``: one of ``EVENTS`` (evaluation.md says when each fires)."""

    event: str
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True)
class ConditionTrigger:
    """``when CONDITION``: fires where the condition becomes true."""

    condition: Condition
    span: Span = field(default=NO_SPAN, compare=False)


Trigger = EventTrigger | ConditionTrigger


@dataclass(frozen=True)
class Metric:
    kind: str  # one of METRICS
    target_s: int
    goal: float = 100.0  # percent of tickets that must meet the target
    via: tuple[str, ...] = ()  # OLA names in order
    escalation: tuple[EscalationStep, ...] = ()
    escalation_chain: str | None = None  # the named chain the steps came from, if any
    span: Span = field(default=NO_SPAN, compare=False)
    calendar: CalendarChoice | None = None  # its own calendar; None: the SLA's
    pause: OwnPause | None = None  # its own pause rule; None: the SLA's

    @property
    def name(self) -> str:
        """The key of its results (``metrics`` in evaluation output): the metric kind."""
        return self.kind


@dataclass(frozen=True)
class Measure:
    """A clock the policy defines (language.md, "Measures"): it runs from a start trigger to
    a stop trigger. The compiler fills in the defaults: ``starts`` is ``on created`` and
    ``stops`` is ``on resolved`` when the policy gives none."""

    name: str
    title: str | None
    target_s: int
    goal: float = 100.0
    via: tuple[str, ...] = ()
    starts: tuple[Trigger, ...] = (EventTrigger("created"),)
    stops: tuple[Trigger, ...] = (EventTrigger("resolved"),)
    resumes: tuple[Trigger, ...] = ()  # never with ``cycles``
    pause: OwnPause | None = None  # None: the SLA's pause rule
    calendar: CalendarChoice | None = None  # None: the SLA's calendar
    cycles: bool = False  # every start opens a new cycle with its own deadline
    escalation: tuple[EscalationStep, ...] = ()
    escalation_chain: str | None = None
    span: Span = field(default=NO_SPAN, compare=False)


Clock = Metric | Measure


@dataclass(frozen=True)
class Sla:
    name: str
    title: str | None
    when: Condition | None  # None: applies to every ticket
    calendar: CalendarChoice  # ``always`` when not given
    metrics: tuple[Metric, ...]  # in METRICS order
    pause: Condition | None = None  # None: no pause rule (none written, or ``pause never``)
    span: Span = field(default=NO_SPAN, compare=False)
    measures: tuple[Measure, ...] = ()  # in declaration order

    def metric(self, kind: str) -> Metric | None:
        for m in self.metrics:
            if m.kind == kind:
                return m
        return None

    def measure(self, name: str) -> Measure | None:
        for m in self.measures:
            if m.name == name:
                return m
        return None

    @property
    def clocks(self) -> tuple[Clock, ...]:
        """The built-in metrics (in METRICS order), then the measures (in declaration order)."""
        return (*self.metrics, *self.measures)

    @property
    def calendar_from_ticket(self) -> bool:
        """Whether a field of the ticket chooses this SLA's calendar or its zone
        (``calendar by FIELD { ... }``, ``office in customer.timezone``)."""
        return not self.calendar.is_fixed

    def calendar_of(self, clock: Clock) -> CalendarChoice:
        """The calendar choice a metric or measure of this SLA counts on."""
        return clock.calendar if clock.calendar is not None else self.calendar

    def pause_of(self, clock: Clock) -> Condition | None:
        """The pause rule a metric or measure of this SLA follows (None: it never pauses)."""
        return clock.pause.condition if clock.pause is not None else self.pause

    def calendar_names(self) -> tuple[str, ...]:
        """Every calendar this SLA's clocks can count on, each once, in the order written."""
        names: dict[str, None] = {}
        for choice in (self.calendar, *(c.calendar for c in self.clocks if c.calendar is not None)):
            for calendar in choice_calendars(choice):
                names.setdefault(calendar.name)
        return tuple(names)


# --- service credits and availability -----------------------------------------------------

PERIOD_UNITS: tuple[str, ...] = ("week", "month", "quarter", "year")


@dataclass(frozen=True)
class Period:
    """``period month in "Europe/Amsterdam"``: periods start at local midnight in ``zone``."""

    unit: str  # one of PERIOD_UNITS
    zone: str  # IANA zone; "UTC" when not written
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True)
class CreditTier:
    """``below 95% credit 5%``."""

    below_pct: float
    credit_pct: float
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True)
class Credit:
    """A ``credit`` declaration (credits.md): credits earned per account and period."""

    name: str
    title: str | None
    slas: tuple[str, ...]
    metrics: tuple[str, ...] | None  # metric and measure names; None: every one of the listed SLAs
    per: tuple[str, ...]  # the field whose value is the account
    period: Period
    tiers: tuple[CreditTier, ...]  # as written (the check rule ``credit-tiers`` judges the order)
    cap_pct: float | None = None
    minimum_runs: int | None = None
    span: Span = field(default=NO_SPAN, compare=False)
    cap_span: Span = field(default=NO_SPAN, compare=False)  # the ``cap`` line, for findings

    def counts(self, sla: Sla) -> tuple[str, ...]:
        """The names of the metrics and measures of ``sla`` this credit counts runs of."""
        if sla.name not in self.slas:
            return ()
        names = tuple(c.name for c in sla.clocks)
        if self.metrics is None:
            return names
        return tuple(n for n in names if n in self.metrics)


@dataclass(frozen=True)
class Availability:
    """An ``availability`` declaration (credits.md): uptime per period against an objective."""

    name: str
    title: str | None
    calendar: str  # only open time of this calendar counts
    objective_pct: float
    period: Period
    tiers: tuple[CreditTier, ...] = ()
    span: Span = field(default=NO_SPAN, compare=False)


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
    credits: Mapping[str, Credit] = field(default_factory=dict)
    availabilities: Mapping[str, Availability] = field(default_factory=dict)

    def priority_rank(self, name: str) -> int:
        """0 for the most important priority; larger is less important."""
        return self.priorities.index(name)

    def sla(self, name: str) -> Sla:
        for s in self.slas:
            if s.name == name:
                return s
        raise KeyError(name)

    def calendar_in(self, name: str, zone: str | None) -> Calendar:
        """The declared calendar ``name`` with its hours and dates read in ``zone`` (None: its own).
        ``always`` is open at every instant and is read in ``UTC`` whatever zone is asked
        (evaluation.md), so it is one calendar."""
        calendar = self.calendars[name]
        if zone is None or zone == calendar.timezone or name == ALWAYS:
            return calendar
        return replace(calendar, timezone=zone)

    def fixed_calendar(self, choice: CalendarChoice) -> Calendar | None:
        """The one calendar a choice means for every ticket (``office``, ``office in "Asia/Tokyo"``);
        None when a field of the ticket decides (``calendar by``, ``office in customer.timezone``)."""
        if not isinstance(choice, ZonedCalendar) or choice.zone_path is not None:
            return None
        return self.calendar_in(choice.name, choice.zone)
