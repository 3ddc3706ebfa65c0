"""The abstract syntax tree: frozen dataclasses, every node with a source span.

Names are not resolved and values are not validated here (``25:00`` is a valid
``TimeOfDay`` node); the compiler checks them. Nodes keep the text they were written
with where the formatter needs it (``status`` versus ``ticket.status``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .source import Span


@dataclass(frozen=True)
class Name:
    text: str
    span: Span = field(compare=False)


@dataclass(frozen=True)
class Str:
    value: str
    span: Span = field(compare=False)


@dataclass(frozen=True)
class Duration:
    parts: tuple[tuple[int, str], ...]  # ((1, "h"), (30, "m"))
    span: Span = field(compare=False)

    @property
    def text(self) -> str:
        return "".join(f"{n}{u}" for n, u in self.parts)


@dataclass(frozen=True)
class Percent:
    value: float
    text: str  # as written, without the % sign
    span: Span = field(compare=False)


@dataclass(frozen=True)
class Date:
    year: int
    month: int
    day: int
    span: Span = field(compare=False)

    @property
    def text(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class TimeOfDay:
    hour: int
    minute: int
    span: Span = field(compare=False)

    @property
    def text(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"


@dataclass(frozen=True)
class TimeRange:
    start: TimeOfDay
    end: TimeOfDay
    span: Span = field(compare=False)


# --- conditions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Literal:
    value: str | int | float | bool
    text: str  # as written (a string literal includes its quotes)
    span: Span = field(compare=False)


@dataclass(frozen=True)
class Path:
    parts: tuple[str, ...]  # always rooted: ("ticket", "status")
    text: str  # as written: "status" or "ticket.status"
    span: Span = field(compare=False)


@dataclass(frozen=True)
class OrCond:
    items: tuple[Condition, ...]
    span: Span = field(compare=False)


@dataclass(frozen=True)
class AndCond:
    items: tuple[Condition, ...]
    span: Span = field(compare=False)


@dataclass(frozen=True)
class NotCond:
    item: Condition
    span: Span = field(compare=False)


@dataclass(frozen=True)
class BoolCond:
    value: bool
    span: Span = field(compare=False)


@dataclass(frozen=True)
class SegmentCond:
    name: Name
    span: Span = field(compare=False)


@dataclass(frozen=True)
class PriorityCond:
    op: str  # "==" for the bare form ``priority urgent``
    name: Name
    bare: bool  # written as ``priority urgent`` rather than ``priority == urgent``
    span: Span = field(compare=False)


@dataclass(frozen=True)
class CompareCond:
    path: Path
    op: str
    value: Literal
    span: Span = field(compare=False)


@dataclass(frozen=True)
class InCond:
    path: Path
    values: tuple[Literal, ...]
    negated: bool
    span: Span = field(compare=False)


@dataclass(frozen=True)
class ContainsCond:
    path: Path
    value: Literal
    span: Span = field(compare=False)


Condition = OrCond | AndCond | NotCond | BoolCond | SegmentCond | PriorityCond | CompareCond | InCond | ContainsCond


# --- declarations -------------------------------------------------------------------------


@dataclass(frozen=True)
class PolicyHeader:
    name: Str
    version: Str | None
    span: Span = field(compare=False)


@dataclass(frozen=True)
class ResolvedDecl:
    values: tuple[Literal, ...]
    span: Span = field(compare=False)


@dataclass(frozen=True)
class Import:
    path: Str
    span: Span = field(compare=False)


@dataclass(frozen=True)
class PrioritiesDecl:
    names: tuple[Name, ...]  # most important first
    span: Span = field(compare=False)


@dataclass(frozen=True)
class SegmentDecl:
    name: Name
    when: Condition
    span: Span = field(compare=False)


@dataclass(frozen=True)
class DayRange:
    first: Name  # "mon"
    last: Name | None  # "fri" in mon-fri
    span: Span = field(compare=False)


@dataclass(frozen=True)
class TimezoneItem:
    zone: Str
    span: Span = field(compare=False)


@dataclass(frozen=True)
class HoursItem:
    days: tuple[DayRange, ...]
    ranges: tuple[TimeRange, ...]
    span: Span = field(compare=False)


@dataclass(frozen=True)
class HolidaysItem:
    code: Str  # "NL" or "US-CA"
    span: Span = field(compare=False)


@dataclass(frozen=True)
class DateItem:
    """``closed DATE [ranges]`` or ``open DATE ranges``."""

    kind: str  # "closed" | "open"
    date: Date
    ranges: tuple[TimeRange, ...]  # empty: the whole day
    span: Span = field(compare=False)


CalendarItem = TimezoneItem | HoursItem | HolidaysItem | DateItem


@dataclass(frozen=True)
class CalendarDecl:
    name: Name
    title: Str | None
    items: tuple[CalendarItem, ...]
    span: Span = field(compare=False)


@dataclass(frozen=True)
class TeamItem:
    kind: str  # "calendar" | "agents" | "lead"
    value: Name | int | Str
    span: Span = field(compare=False)


@dataclass(frozen=True)
class TeamDecl:
    name: Name
    items: tuple[TeamItem, ...]
    span: Span = field(compare=False)


@dataclass(frozen=True)
class OlaDecl:
    name: Name
    team: Name
    within: Duration
    on: Name | None
    span: Span = field(compare=False)


@dataclass(frozen=True)
class Action:
    kind: str  # "notify" | "reassign" | "set_priority"
    target: str  # "assignee", "team.lead", an address, a group, a priority name
    quoted: bool  # target was a string literal
    span: Span = field(compare=False)


@dataclass(frozen=True)
class Step:
    percent: Percent
    offset_sign: str | None  # "+" | "-"
    offset: Duration | None
    actions: tuple[Action, ...]
    span: Span = field(compare=False)


@dataclass(frozen=True)
class ChainDecl:
    name: Name
    steps: tuple[Step, ...]
    span: Span = field(compare=False)


@dataclass(frozen=True)
class WhenItem:
    condition: Condition
    span: Span = field(compare=False)


# --- calendar choices ---------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarRef:
    """``office``, ``office in customer.timezone`` or ``office in "Asia/Tokyo"``."""

    name: Name
    zone: Path | Str | Name | None  # after ``in``; a bare Name is an error the compiler explains
    span: Span = field(compare=False)


@dataclass(frozen=True)
class CalendarArm:
    """One line of ``calendar by``: ``"emea" office``, or ``else office`` (value None)."""

    value: Literal | None
    calendar: CalendarRef
    span: Span = field(compare=False)


@dataclass(frozen=True)
class CalendarBy:
    """``calendar by PATH { arms }`` (the compiler checks there is one ``else``, last)."""

    path: Path
    arms: tuple[CalendarArm, ...]
    span: Span = field(compare=False)


CalendarChoice = CalendarRef | CalendarBy


@dataclass(frozen=True)
class ClockCalendarItem:
    """``calendar CHOICE`` in an SLA, a metric or measure block, or an availability."""

    choice: CalendarChoice
    span: Span = field(compare=False)


# --- clocks: metrics, measures and their blocks -------------------------------------------


@dataclass(frozen=True)
class PauseItem:
    """``pause when CONDITION``, or ``pause never`` (condition None)."""

    condition: Condition | None
    span: Span = field(compare=False)


@dataclass(frozen=True)
class TriggerItem:
    """``start on created``, ``stop when CONDITION``, ``resume on reopened`` (a measure block)."""

    kind: str  # "start" | "stop" | "resume"
    event: Name | None  # ``on EVENT`` (the compiler checks the event name)
    condition: Condition | None  # ``when CONDITION``
    span: Span = field(compare=False)


@dataclass(frozen=True)
class CyclesItem:
    span: Span = field(compare=False)


ClockItem = ClockCalendarItem | PauseItem | TriggerItem | CyclesItem


@dataclass(frozen=True)
class MetricItem:
    metric: Name  # first_response | next_response | resolution (checked by the compiler)
    within: Duration
    goal: Percent | None
    via: tuple[Name, ...]
    span: Span = field(compare=False)
    block: tuple[ClockItem, ...] | None = None  # ``{ ... }`` after the line; None when not written


@dataclass(frozen=True)
class MeasureItem:
    """``measure NAME ["title"] within DURATION [goal P%] [via A -> B] [{ items }]``."""

    name: Name
    title: Str | None
    within: Duration
    goal: Percent | None
    via: tuple[Name, ...]
    block: tuple[ClockItem, ...] | None  # None when no block is written
    span: Span = field(compare=False)


@dataclass(frozen=True)
class EscalateItem:
    metric: Name  # a built-in metric or a measure of the SLA
    steps: tuple[Step, ...] | None  # inline steps
    chain: Name | None  # ``with CHAIN``
    span: Span = field(compare=False)


SlaItem = WhenItem | ClockCalendarItem | MetricItem | MeasureItem | PauseItem | EscalateItem


@dataclass(frozen=True)
class SlaDecl:
    name: Name
    title: Str | None
    items: tuple[SlaItem, ...]
    span: Span = field(compare=False)


# --- service credits and availability -----------------------------------------------------


@dataclass(frozen=True)
class NameListItem:
    """``slas a, b`` or ``metrics first_response, agent_work`` in a credit."""

    kind: str  # "slas" | "metrics"
    names: tuple[Name, ...]
    span: Span = field(compare=False)


@dataclass(frozen=True)
class PerItem:
    """``per customer.id``: one account per value (a bare Name is an error the compiler explains)."""

    path: Path | Name
    span: Span = field(compare=False)


@dataclass(frozen=True)
class PeriodItem:
    """``period month in "Europe/Amsterdam"`` (the unit is checked by the compiler)."""

    unit: Name
    zone: Path | Str | Name | None  # only a string is valid; the compiler explains the rest
    span: Span = field(compare=False)


@dataclass(frozen=True)
class BelowItem:
    """``below 95% credit 5%``."""

    threshold: Percent
    credit: Percent
    span: Span = field(compare=False)


@dataclass(frozen=True)
class PercentItem:
    """``cap 25%`` (credit) or ``objective 99.9%`` (availability)."""

    kind: str  # "cap" | "objective"
    value: Percent
    span: Span = field(compare=False)


@dataclass(frozen=True)
class MinimumItem:
    """``minimum 5 runs``."""

    runs: Literal  # a number as written; the compiler checks it is a whole number >= 1
    span: Span = field(compare=False)


CreditItem = NameListItem | PerItem | PeriodItem | BelowItem | PercentItem | MinimumItem
AvailabilityItem = ClockCalendarItem | PercentItem | PeriodItem | BelowItem


@dataclass(frozen=True)
class CreditDecl:
    name: Name
    title: Str | None
    items: tuple[CreditItem, ...]
    span: Span = field(compare=False)


@dataclass(frozen=True)
class AvailabilityDecl:
    name: Name
    title: Str | None
    items: tuple[AvailabilityItem, ...]
    span: Span = field(compare=False)


Declaration = (
    PolicyHeader
    | ResolvedDecl
    | Import
    | PrioritiesDecl
    | SegmentDecl
    | CalendarDecl
    | TeamDecl
    | OlaDecl
    | ChainDecl
    | SlaDecl
    | CreditDecl
    | AvailabilityDecl
)


@dataclass(frozen=True)
class Comment:
    text: str  # including the leading '#'
    span: Span = field(compare=False)


@dataclass(frozen=True)
class File:
    path: str
    declarations: tuple[Declaration, ...]
    comments: tuple[Comment, ...]
    span: Span = field(compare=False)
